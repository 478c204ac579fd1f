// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "err.h"
#include "output.h"

void output_init(struct output *o, int fd)
{
	o->fd = fd;
	o->pending = 0;
	o->written = 0;
	o->unwritten = 0;
	o->closed = false;
	o->error = false;
	sb_grow(&o->buf, OUTPUT_FLUSH_AT + 8192);
}

/*
 * A write failed after off bytes of the buffer: count the event lines that
 * made it whole, and take a cut line back out of a regular file (a JSON
 * Lines reader would choke on it).
 */
static void write_failed(struct output *o, size_t off)
{
	const char *nl = off ? memrchr(o->buf.buf, '\n', off) : NULL;
	size_t whole = nl ? (size_t)(nl - o->buf.buf) + 1 : 0, lines = 0, i;
	struct stat st;
	off_t pos;

	for (i = 0; i < whole; i++)
		lines += o->buf.buf[i] == '\n';
	if (lines > o->pending)
		lines = o->pending;
	o->written += lines;
	o->unwritten += o->pending - lines;
	o->pending = 0;
	if (off == whole || fstat(o->fd, &st) || !S_ISREG(st.st_mode))
		return;
	pos = lseek(o->fd, 0, SEEK_CUR);
	if (pos >= (off_t)(off - whole) && !ftruncate(o->fd, pos - (off_t)(off - whole)))
		lseek(o->fd, pos - (off_t)(off - whole), SEEK_SET);
}

void output_flush(struct output *o)
{
	size_t off = 0;
	ssize_t n;

	while (off < o->buf.len && !output_broken(o)) {
		n = write(o->fd, o->buf.buf + off, o->buf.len - off);
		if (n >= 0) {
			off += (size_t)n;
		} else if (errno == EPIPE) {
			o->closed = true;
		} else if (errno == EAGAIN) {
			/* a non-blocking output (the reader's choice): wait, never spin */
			struct pollfd p = { .fd = o->fd, .events = POLLOUT };

			poll(&p, 1, -1);
		} else if (errno != EINTR) {
			p_err("write error: %s", strerror(errno));
			o->error = true;
			write_failed(o, off);
		}
	}
	if (!output_broken(o))
		o->written += o->pending;
	o->pending = 0;
	o->buf.len = 0;
}

void output_release(struct output *o)
{
	sb_release(&o->buf);
}
