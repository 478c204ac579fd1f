/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The end-of-run report (--report): what the run table (runlog.h) adds up
 * to. report_build() does the arithmetic; report_text() lays it out in
 * columns for a terminal, and the JSON sink writes the same figures as one
 * object. A program is named by the last component of the file it exec'd
 * (not its COMM: that is cut at 15 bytes), or by its COMM when its exec was
 * not seen.
 */
#ifndef EXECSNOOP_REPORT_H
#define EXECSNOOP_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "runlog.h"
#include "strbuf.h"

#define REPORT_TOP	10	/* rows of each top list in text */
#define REPORT_WIDTH	80	/* the text fits this many columns */

/*
 * One group of records with the same name (and key): a program's images,
 * a program's failed execs with one errno, or its deaths by one signal.
 */
struct report_group {
	const char *name;	/* raw bytes, in the run table: escape to show */
	size_t name_len;
	int key;		/* errno or signal; 0 for programs */
	uint64_t count;
	uint64_t wall_ns;	/* programs: the sum of their run times */
	uint64_t cpu_ns;	/* programs: the sum of their CPU times (exited ones) */
	uint64_t max_rss_kib;	/* programs: the highest peak RSS of one of them */
};

struct report_groups {
	struct report_group *v;
	uint32_t n;
	uint32_t cap;
	uint32_t *slots;	/* name hash -> index + 1 (0: empty) */
	uint32_t slots_cap;
};

/* One step of the critical path: a record and its times. */
struct report_step {
	uint32_t proc;		/* index in the run table */
	int64_t start_ns;	/* since the start of the run (< 0: before it) */
	uint64_t duration_ns;
};

/* What the report needs from the run besides the table. */
struct report_input {
	uint64_t start_ns;	/* the start of the run, CLOCK_MONOTONIC */
	double duration_s;
	uint64_t lost;		/* events the kernel buffer dropped */
	bool exits_traced;	/* exit events were asked of the kernel */
	bool fails_traced;	/* failed execs were asked of the kernel */
};

struct report {
	const struct run_table *t;
	struct report_input in;
	struct report_groups progs;	/* in the order of by_count */
	struct report_groups errnos;	/* failed execs by errno (name unused) */
	struct report_groups fail_progs; /* failed execs by program and errno */
	struct report_groups signals;	/* killed by signal, by program and signal */
	/* indices into progs.v, sorted by each figure (ties: by name) */
	uint32_t *by_count;
	uint32_t *by_wall;
	uint32_t *by_cpu;
	uint32_t *by_rss;
	struct report_group total;	/* all programs: sums, and the highest peak */
	uint64_t exited;		/* records whose exit was seen */
	uint64_t running;		/* records still running at the end */
	uint64_t nonzero;		/* exited with a code other than 0 */
	uint64_t killed;		/* ended by a signal */
	struct report_step *path;	/* the critical path, root first */
	uint32_t path_len;
};

/* Adds up the table (after runlog_finish()); report_release() frees. */
void report_build(struct report *r, const struct run_table *t, const struct report_input *in);
void report_release(struct report *r);

/* The report as aligned text, at most REPORT_WIDTH columns a line. */
void report_text(const struct report *r, struct strbuf *out);

/* The name of a record, as the report groups it (raw bytes). */
const char *report_proc_name(const struct run_table *t, const struct run_proc *p,
			     size_t *len);

/* "ENOENT", or NULL for an errno without a name. */
const char *report_errno_name(int err);

#endif /* EXECSNOOP_REPORT_H */
