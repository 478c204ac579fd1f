/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Decoding: a raw record from the kernel becomes a validated view. Every
 * length is checked here, once; what comes after may trust the view.
 */
#ifndef EXECSNOOP_DECODE_H
#define EXECSNOOP_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <linux/types.h>
#include "event.h"
#include "strbuf.h"

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

/* Returns 0, or -1 if the record is malformed. */
int event_decode(struct decoded *d, const void *data, size_t size);

/* Walks NUL-separated arguments; the last one may lack its NUL (cut). */
struct arg_iter {
	const char *p;
	const char *end;
};

static inline struct arg_iter args_of(const struct decoded *d)
{
	return (struct arg_iter){ d->args, d->args + d->args_len };
}

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

/* Appends the path whose components are stored leaf first; "..." if cut. */
void path_join(struct strbuf *sb, const char *comps, size_t len, bool truncated);

/* A wait(2) status taken apart: an exit code, or a signal (and a core). */
struct exit_info {
	int code;		/* -1 when a signal ended the process */
	int sig;		/* 0 when it exited */
	bool core;
};

static inline struct exit_info exit_info(uint32_t status)
{
	int sig = (int)(status & 0x7f);

	return (struct exit_info){
		.code = sig ? -1 : (int)((status >> 8) & 0xff),
		.sig = sig,
		.core = sig && (status & 0x80),
	};
}

/* An exit record's run time: since the exec, or the fork if not seen. */
static inline uint64_t exit_lifetime_ns(const struct event *e)
{
	return e->ts_ns > e->start_ns ? e->ts_ns - e->start_ns : 0;
}

/*
 * An exit record's resources as getrusage(2) reports them: the tick-sampled
 * user and system times scaled so that they add up to the precise CPU time
 * (the kernel's cputime_adjust()), the peak RSS in KiB.
 */
struct rusage_view {
	uint64_t user_ns;
	uint64_t sys_ns;
	uint64_t max_rss_kib;
};

struct rusage_view exit_rusage(const struct event *e, uint64_t page_size);

/* "SIGKILL"; false (nothing added) for a number with no name */
bool sb_add_signame(struct strbuf *sb, int sig);

#endif /* EXECSNOOP_DECODE_H */
