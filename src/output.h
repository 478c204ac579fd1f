/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Buffered output: lines accumulate, one write per batch. Events are
 * counted as written only once their whole line is; a write error never
 * leaves a partial line in a file. -o FILE can be rotated by size and
 * reopened (SIGHUP): both happen only between two lines, so no line is
 * ever split across two files.
 */
#ifndef EXECSNOOP_OUTPUT_H
#define EXECSNOOP_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "strbuf.h"

#define OUTPUT_FLUSH_AT	(64 * 1024)

struct output {
	int fd;
	struct strbuf buf;
	size_t pending;		/* event lines in buf */
	uint64_t written;	/* event lines written whole */
	uint64_t unwritten;	/* events lost to a write error */
	bool closed;		/* reader went away (EPIPE): stop quietly */
	bool error;		/* any other write error, already reported */
	/* -o FILE: the fd is ours; rotation and reopening */
	const char *path;	/* or NULL: fd is the caller's */
	char *old_path;		/* room for "path.N" */
	uint64_t size;		/* bytes in the current file */
	uint64_t rotate_size;	/* rotate before the file would exceed this; 0: never */
	unsigned int keep;	/* rotated files kept: path.1 (newest) .. path.keep */
	uint64_t rotations;	/* how many times the file was rotated */
};

void output_init(struct output *o, int fd);

/*
 * -o FILE: opens path (truncated; appended to when rotating, so that a
 * restarted service goes on with its file). rotate_size 0: no rotation.
 * Returns NULL, or why the file cannot be used.
 */
const char *output_open_file(struct output *o, const char *path, uint64_t rotate_size,
			     unsigned int keep);

/*
 * Writes what is buffered, then opens path again (appending), for a
 * logrotate that moved the file away. A file that cannot be opened keeps
 * the old one (said on standard error). No-op without a path.
 */
void output_reopen(struct output *o);

void output_flush(struct output *o);
/* Frees the buffer, and closes the file of output_open_file. */
void output_release(struct output *o);

static inline bool output_broken(const struct output *o)
{
	return o->closed || o->error;
}

static inline void output_maybe_flush(struct output *o)
{
	if (o->buf.len >= OUTPUT_FLUSH_AT)
		output_flush(o);
}

/* One event's line was appended to buf. */
static inline void output_event(struct output *o)
{
	o->pending++;
	output_maybe_flush(o);
}

/* An event that cannot be written any more (the output failed). */
static inline void output_event_lost(struct output *o)
{
	if (o->error)
		o->unwritten++;
}

#endif /* EXECSNOOP_OUTPUT_H */
