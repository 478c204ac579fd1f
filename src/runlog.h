/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The run table: every process a run saw, from its exec to its exit, linked
 * to its parent, with its resources. Filled from the decoded events (live or
 * replayed), read at the end by the report and the pictures. Only kept when
 * one of those is asked for: the plain trace never pays for it.
 */
#ifndef EXECSNOOP_RUNLOG_H
#define EXECSNOOP_RUNLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "decode.h"
#include "event.h"

#define RUNLOG_NONE		UINT32_MAX	/* no record (an index) */
#define RUNLOG_ARGS_KEEP	4096		/* argv bytes kept per process */
#define RUNLOG_PROCS_MAX	(4u << 20)	/* records kept; more are counted */

/*
 * One process image: from an exec (or, for a process that exec'd before
 * the run, from its fork) to its exit or to the next exec of the same pid.
 * Strings live in the table's arena (see runlog_str()).
 */
struct run_proc {
	uint64_t start_ns;	/* exec time (or fork time), CLOCK_MONOTONIC */
	uint64_t end_ns;	/* exit or re-exec time; 0: still running at the end */
	uint32_t pid;
	uint32_t ppid;
	uint32_t parent;	/* index of the parent's record, or RUNLOG_NONE */
	uint32_t first_child;	/* children in exec order, or RUNLOG_NONE */
	uint32_t last_child;
	uint32_t next_sibling;
	uint32_t prev_image;	/* the image this exec replaced, or RUNLOG_NONE */
	uint32_t uid;
	uint32_t argc;		/* arguments the kernel counted (0: unknown) */
	uint32_t args_off;	/* argv, NUL-separated, raw bytes, in the arena */
	uint32_t args_len;
	uint32_t path_off;	/* the exec'd file (filename), in the arena */
	uint32_t path_len;
	int exit_code;		/* -1 when a signal ended it */
	int sig;		/* the signal that ended it, or 0 */
	bool exec_seen;		/* false: it exec'd before the run (start = fork) */
	bool exited;		/* its exit was seen */
	bool replaced;		/* ended by an exec of the same pid */
	bool core;
	bool args_cut;		/* argv longer than what was kept or copied */
	bool has_rusage;	/* the fields below are filled in */
	char comm[TASK_COMM_LEN + 1];
	uint64_t cpu_user_ns;
	uint64_t cpu_sys_ns;
	uint64_t cpu_ns;	/* precise CPU time, all threads */
	uint64_t max_rss_kib;
	uint64_t nvcsw;
	uint64_t nivcsw;
};

/* A failed exec: who tried (the caller's record, if seen), what, and why. */
struct run_fail {
	uint64_t ts_ns;
	uint32_t pid;
	uint32_t ppid;
	uint32_t caller;	/* index of the caller's record, or RUNLOG_NONE */
	int err;		/* errno, positive */
	uint32_t path_off;	/* the file it tried, in the arena */
	uint32_t path_len;
	uint32_t args_off;
	uint32_t args_len;
	char comm[TASK_COMM_LEN + 1];
};

struct run_table {
	struct run_proc *procs;		/* in the order they were seen */
	uint32_t nprocs;
	uint32_t procs_cap;
	struct run_fail *fails;		/* in time order */
	uint32_t nfails;
	uint32_t fails_cap;
	char *arena;			/* strings of both */
	size_t arena_len;
	size_t arena_cap;
	/* pid -> index of its latest record (open addressing, linear probing) */
	struct run_slot {
		uint32_t pid;		/* 0: empty */
		uint32_t idx;
	} *slots;
	uint32_t slots_cap;		/* a power of two */
	uint32_t slots_used;
	uint32_t roots;			/* records without a parent in the table */
	uint64_t first_ns;		/* the earliest and latest time seen */
	uint64_t last_ns;
	uint64_t not_kept;		/* events past RUNLOG_PROCS_MAX */
	uint64_t exits_unmatched;	/* exits of a pid with no record (made one) */
	int64_t realtime_offset_ns;	/* CLOCK_REALTIME - CLOCK_MONOTONIC */
	uint64_t page_size;		/* the kernel counts RSS in pages */
};

void runlog_init(struct run_table *t, int64_t realtime_offset_ns, uint64_t page_size);
void runlog_release(struct run_table *t);

/* Adds one decoded event (exec, failed exec or exit). */
void runlog_add(struct run_table *t, const struct decoded *d);

/*
 * The end of the run: processes still running are open at this time. A
 * record left without a parent because its parent had not exec'd yet is
 * linked now to its parent's record if one was made since (its first exec,
 * or its exit with --exit-all), among its children in start order:
 * after this a parent's record may come after its child's in procs[].
 */
void runlog_finish(struct run_table *t, uint64_t end_ns);

static inline const char *runlog_str(const struct run_table *t, uint32_t off)
{
	return t->arena + off;
}

/* A process's end for drawing and sums: its end, or the run's end. */
static inline uint64_t runlog_end(const struct run_table *t, const struct run_proc *p)
{
	return p->end_ns ? p->end_ns : t->last_ns;
}

/* The record of pid now (its latest image), or NULL. */
const struct run_proc *runlog_find(const struct run_table *t, uint32_t pid);

#endif /* EXECSNOOP_RUNLOG_H */
