// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "err.h"
#include "escape.h"
#include "output.h"

void output_init(struct output *o, int fd)
{
	o->fd = fd;
	o->pending = 0;
	o->written = 0;
	o->unwritten = 0;
	o->closed = false;
	o->error = false;
	o->path = NULL;
	o->old_path = NULL;
	o->size = 0;
	o->rotate_size = 0;
	o->keep = 0;
	o->rotations = 0;
	sb_grow(&o->buf, OUTPUT_FLUSH_AT + 8192);
}

const char *output_open_file(struct output *o, const char *path, uint64_t rotate_size,
			     unsigned int keep)
{
	int flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC;
	struct stat st;
	int fd;

	if (!rotate_size)
		flags |= O_TRUNC;
	fd = open(path, flags, 0644);
	if (fd < 0)
		return strerror(errno);
	if (fstat(fd, &st) || (rotate_size && !S_ISREG(st.st_mode))) {
		close(fd);
		return "not a regular file (--rotate-size renames it)";
	}
	output_init(o, fd);
	o->path = path;
	o->size = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
	o->rotate_size = rotate_size;
	o->keep = keep;
	if (rotate_size) {
		o->old_path = malloc(2 * (strlen(path) + 16));
		if (!o->old_path)
			abort();
	}
	return NULL;
}

/* The mode of the file open now, for the one that takes its place. */
static mode_t file_mode(int fd)
{
	struct stat st;

	return fstat(fd, &st) ? 0644 : st.st_mode & 07777;
}

static void replace_fd(struct output *o, int fd, uint64_t size)
{
	close(o->fd);
	o->fd = fd;
	o->size = size;
}

/*
 * path.keep-1 -> path.keep, ..., path -> path.1, then a new empty path
 * with the same mode. The oldest file is replaced by rename(2).
 */
static int rotate(struct output *o)
{
	size_t n = strlen(o->path) + 16;
	char *from = o->old_path, *to = o->old_path + n;
	mode_t mode = file_mode(o->fd);
	unsigned int k;
	int fd;

	for (k = o->keep; k > 1; k--) {
		snprintf(from, n, "%s.%u", o->path, k - 1);
		snprintf(to, n, "%s.%u", o->path, k);
		if (rename(from, to) && errno != ENOENT)
			return -1;
	}
	snprintf(to, n, "%s.1", o->path);
	if (rename(o->path, to) && errno != ENOENT)
		return -1;
	fd = open(o->path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, mode);
	if (fd < 0)
		return -1;
	if (fchmod(fd, mode)) {
		close(fd);
		return -1;
	}
	replace_fd(o, fd, 0);
	o->rotations++;
	return 0;
}

void output_reopen(struct output *o)
{
	struct stat st;
	int fd;

	if (!o->path)
		return;
	output_flush(o);
	if (output_broken(o))
		return;
	fd = open(o->path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, file_mode(o->fd));
	if (fd < 0 || fstat(fd, &st)) {
		p_err("warning: cannot reopen '%s': %s (writing on to the file open before)",
		      shown_arg(o->path), strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	replace_fd(o, fd, S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0);
}

/*
 * Where the next write from off ends: the whole buffer, or (rotating) the
 * last line that still fits in the file. off itself means "rotate first":
 * the file holds something, ends with a whole line, and the next line does
 * not fit. A line longer than rotate_size gets a file of its own; a line
 * begun (a short write) is finished in the same file.
 */
static size_t chunk_end(const struct output *o, size_t off)
{
	const char *b = o->buf.buf, *nl;
	size_t left = o->buf.len - off, room;

	if (!o->rotate_size || o->size + left <= o->rotate_size)
		return o->buf.len;
	room = o->size < o->rotate_size ? (size_t)(o->rotate_size - o->size) : 0;
	nl = room ? memrchr(b + off, '\n', room) : NULL;
	if (nl)
		return (size_t)(nl - b) + 1;
	if (o->size && (off == 0 || b[off - 1] == '\n'))
		return off;
	nl = memchr(b + off, '\n', left);
	return nl ? (size_t)(nl - b) + 1 : o->buf.len;
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
	size_t off = 0, end;
	ssize_t n;

	while (off < o->buf.len && !output_broken(o)) {
		end = chunk_end(o, off);
		if (end == off) {
			if (rotate(o)) {
				p_err("cannot rotate '%s': %s", shown_arg(o->path),
				      strerror(errno));
				o->error = true;
				write_failed(o, off);
			}
			continue;
		}
		n = write(o->fd, o->buf.buf + off, end - off);
		if (n >= 0) {
			off += (size_t)n;
			o->size += (uint64_t)n;
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
	free(o->old_path);
	o->old_path = NULL;
	if (o->path && o->fd >= 0)
		close(o->fd);
	o->path = NULL;
}
