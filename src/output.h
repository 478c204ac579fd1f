/* SPDX-License-Identifier: GPL-2.0 */
/* Buffered output: lines accumulate, one write per batch. */
#ifndef EXECSNOOP_OUTPUT_H
#define EXECSNOOP_OUTPUT_H

#include <stdbool.h>
#include "strbuf.h"

#define OUTPUT_FLUSH_AT	(64 * 1024)

struct output {
	int fd;
	struct strbuf buf;
	bool closed;	/* reader went away (EPIPE): stop quietly */
	bool error;	/* any other write error, already reported */
};

void output_init(struct output *o, int fd);
void output_flush(struct output *o);
void output_release(struct output *o);

static inline void output_maybe_flush(struct output *o)
{
	if (o->buf.len >= OUTPUT_FLUSH_AT)
		output_flush(o);
}

#endif /* EXECSNOOP_OUTPUT_H */
