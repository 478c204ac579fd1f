/* SPDX-License-Identifier: GPL-2.0 */
/* Decoding a record, user-space filters, and the bcc-style text sink. */
#ifndef EXECSNOOP_FORMAT_H
#define EXECSNOOP_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include "event.h"
#include "options.h"
#include "strbuf.h"

/* State of one run that formatting needs besides the options. */
struct format_ctx {
	const struct options *opts;
	uint64_t start_ns;		/* monotonic ns at start, for -t */
	int64_t realtime_offset_ns;	/* CLOCK_REALTIME - CLOCK_MONOTONIC */
	struct strbuf scratch;		/* reused for -l matching */
	int64_t cached_sec;		/* last second formatted for -T */
	char cached_hms[9];
};

/* A record checked against its size: all lengths are within bounds. */
struct decoded {
	const struct event *e;
	const char *args;	/* args_len bytes, NUL-separated */
	size_t args_len;
	const char *fname;	/* fname_len bytes, without trailing NUL */
	size_t fname_len;
	char comm[TASK_COMM_LEN + 1];
	char pcomm[TASK_COMM_LEN + 1];
};

/* Returns 0, or -1 if the record is malformed. */
int event_decode(struct decoded *d, const void *data, size_t size);

/* User-space filters (-n, -l); in-kernel ones have already run. */
bool event_wanted(struct format_ctx *fc, const struct decoded *d);

void format_header(struct format_ctx *fc, struct strbuf *out);
void format_text(struct format_ctx *fc, const struct decoded *d, struct strbuf *out);

#endif /* EXECSNOOP_FORMAT_H */
