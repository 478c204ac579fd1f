/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Buffered output: lines accumulate, one write per batch. Events are
 * counted as written only once their whole line is; a write error never
 * leaves a partial line in a file.
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
};

void output_init(struct output *o, int fd);
void output_flush(struct output *o);
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
