/* SPDX-License-Identifier: GPL-2.0 */
/* Decoding a record, user-space filters, and the bcc-style text sink. */
#ifndef EXECSNOOP_FORMAT_H
#define EXECSNOOP_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <linux/types.h>
#include "event.h"
#include "options.h"
#include "strbuf.h"
#include "cgpath.h"

#define DEPTH_SLOTS 65536
#define SHOWN_SLOTS 131072	/* twice the live processes -e remembers */

/* State of one run that formatting needs besides the options. */
struct format_ctx {
	const struct options *opts;
	uint64_t start_ns;		/* monotonic ns at start, for -t */
	int64_t realtime_offset_ns;	/* CLOCK_REALTIME - CLOCK_MONOTONIC */
	struct strbuf scratch;		/* reused for -l matching */
	int64_t cached_sec;		/* last second formatted for -T */
	char cached_hms[9];
	struct cgpath_cache *cgroups;	/* cgroup id -> path, or NULL */
	/* --tree without -p: depth of recently exec'd pids (pid -> depth+1) */
	struct depth_slot {
		uint32_t pid;
		uint32_t depth1;
	} *depths;
	/* -n/-l with -e: pids whose exec was shown (open addressing, 0 = free) */
	uint32_t *shown;
	size_t shown_count;
	uint64_t printed;		/* events written */
	uint64_t filtered;		/* events dropped by -n / -l */
};

/* A record checked against its size: all lengths are within bounds. */
struct decoded {
	const struct event *e;
	const char *args;	/* args_len bytes, NUL-separated */
	size_t args_len;
	const char *fname;	/* fname_len bytes, without trailing NUL */
	size_t fname_len;
	const char *cwd;	/* components, leaf first, NUL-terminated each */
	size_t cwd_len;
	const char *exe;
	size_t exe_len;
	char comm[TASK_COMM_LEN + 1];
	char pcomm[TASK_COMM_LEN + 1];
	char tty[TTY_NAME_LEN + 2];	/* "ptsN" becomes "pts/N" */
};

/* Walks NUL-separated arguments; the last one may lack its NUL (cut). */
struct arg_iter {
	const char *p;
	const char *end;
};

static inline bool next_arg(struct arg_iter *it, const char **s, size_t *n)
{
	const char *nul;

	if (it->p >= it->end)
		return false;
	nul = memchr(it->p, '\0', (size_t)(it->end - it->p));
	*s = it->p;
	*n = nul ? (size_t)(nul - it->p) : (size_t)(it->end - it->p);
	it->p += *n + 1;
	return true;
}

/* Returns 0, or -1 if the record is malformed. */
int event_decode(struct decoded *d, const void *data, size_t size);

/*
 * User-space filters (-n, -l); in-kernel ones have already run. An exit
 * line is shown when the exec of that process was.
 */
bool event_wanted(struct format_ctx *fc, const struct decoded *d);
/* Whether the record matches -n and -l themselves. */
bool event_matches(struct format_ctx *fc, const struct decoded *d);

/* An exit record's run time: since the exec, or the fork if not seen. */
static inline uint64_t exit_lifetime_ns(const struct event *e)
{
	return e->ts_ns > e->start_ns ? e->ts_ns - e->start_ns : 0;
}

/* "SIGKILL"; false (nothing added) for a number with no name */
bool sb_add_signame(struct strbuf *sb, int sig);

void format_header(struct format_ctx *fc, struct strbuf *out);
void format_text(struct format_ctx *fc, const struct decoded *d, struct strbuf *out);
void format_json(struct format_ctx *fc, const struct decoded *d, struct strbuf *out);

/* Appends the path whose components are stored leaf first; "..." if cut. */
void path_join(struct strbuf *sb, const char *comps, size_t len, bool truncated);

/* Depth for --tree: the kernel's below -p/COMMAND, else the exec ancestry. */
unsigned int event_depth(struct format_ctx *fc, const struct decoded *d);

struct summary {
	uint64_t received;
	uint64_t printed;
	uint64_t lost;
	uint64_t filtered_kernel;
	uint64_t filtered_user;
	uint64_t malformed;
	uint64_t tree_full;
	double duration_s;
};

void format_summary_json(const struct summary *s, struct strbuf *out);

#endif /* EXECSNOOP_FORMAT_H */
