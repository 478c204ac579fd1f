// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "output.h"

void output_init(struct output *o, int fd)
{
	o->fd = fd;
	o->closed = false;
	o->error = false;
	sb_grow(&o->buf, OUTPUT_FLUSH_AT + 8192);
}

void output_flush(struct output *o)
{
	size_t off = 0;
	ssize_t n;

	while (off < o->buf.len && !o->closed && !o->error) {
		n = write(o->fd, o->buf.buf + off, o->buf.len - off);
		if (n >= 0) {
			off += (size_t)n;
		} else if (errno == EPIPE) {
			o->closed = true;
		} else if (errno != EINTR && errno != EAGAIN) {
			fprintf(stderr, "execsnoop: write error: %s\n", strerror(errno));
			o->error = true;
		}
	}
	o->buf.len = 0;
}

void output_release(struct output *o)
{
	sb_release(&o->buf);
}
