/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The record shared by the BPF programs and user space: the one contract
 * between the two halves of execsnoop.  Every field has a fixed size so that
 * both compilers lay it out identically.
 */
#ifndef EXECSNOOP_EVENT_H
#define EXECSNOOP_EVENT_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define TASK_COMM_LEN		16
#define FILENAME_MAX_LEN	4096	/* PATH_MAX: bprm->filename never exceeds it */
#define ARGS_SIZE_DEFAULT	32768	/* bytes of argv copied per exec by default */
#define ARGS_SIZE_MIN		256
#define ARGS_SIZE_MAX		(1024 * 1024)
#define FAIL_ARGC_MAX		4096	/* argv entries walked for a failed exec */
#define FAIL_ARGC_MAX_NOLOOP	512	/* the same, on kernels without bpf_loop */
#define PATH_BUF_LEN		4096	/* bytes for a path's components */
#define PATH_DEPTH_MAX		128	/* components walked per path */
#define NAME_LEN_MAX		256	/* one component, with its NUL */
#define TTY_NAME_LEN		32

/*
 * Counters the BPF programs keep, one per CPU each (user space sums them):
 * indexes into the per-CPU array `counters`.
 */
enum counter {
	CNT_LOST,		/* events that could not be delivered (buffer full) */
	CNT_FILTERED,		/* execs dropped by an in-kernel filter */
	CNT_TREE_FULL,		/* forks into the traced tree that did not fit */
	CNT_EXIT_UNTRACKED,	/* -e: execs whose exec time could not be kept */
	NR_COUNTERS,
};

enum event_type {
	EVENT_EXEC = 1,		/* successful exec, argv read from the new stack */
	EVENT_EXEC_FAIL = 2,	/* failed execve/execveat, argv read from caller */
	EVENT_EXIT = 3,		/* last thread of a process exited */
};

enum event_flags {
	EVF_ARGS_TRUNC = 1 << 0,	/* argv longer than the copy limit */
	EVF_ARGS_FAULT = 1 << 1,	/* (part of) argv could not be read */
	EVF_FNAME_TRUNC = 1 << 2,	/* failed exec: filename longer than the buffer */
	EVF_FNAME_FAULT = 1 << 3,	/* filename could not be read */
	EVF_EXECVEAT = 1 << 4,		/* failed call was execveat(2) */
	EVF_ARGC_TRUNC = 1 << 5,	/* failed exec: more than FAIL_ARGC_MAX args */
	EVF_CONTEXT = 1 << 6,		/* context fields below are filled in */
	EVF_CWD_TRUNC = 1 << 7,		/* cwd deeper or longer than the buffer */
	EVF_EXE_TRUNC = 1 << 8,		/* exe path deeper or longer than the buffer */
	EVF_START_UNKNOWN = 1 << 9,	/* exit: exec not seen; start_ns is the fork */
	EVF_IN_TREE = 1 << 10,		/* depth is meaningful (-p / COMMAND) */
};

struct event {
	__u64 ts_ns;		/* bpf_ktime_get_ns(): CLOCK_MONOTONIC */
	__u32 type;		/* enum event_type */
	__u32 flags;		/* enum event_flags */
	__u32 pid;		/* thread group id */
	__u32 tid;		/* thread that called exec (old_pid) */
	__u32 ppid;		/* real_parent->tgid */
	__u32 uid;		/* real uid */
	__u32 gid;		/* real gid */
	__s32 retval;		/* 0 or -errno */
	__u32 cpu;
	__u32 argc;		/* arguments the kernel counted (0: unknown) */
	__u32 args_len;		/* bytes of argv in data[], NUL-separated */
	__u32 args_total;	/* bytes of argv the process really has */
	__u32 fname_len;	/* bytes of filename after argv, with its NUL */
	__u32 cwd_len;		/* bytes of cwd components after the filename */
	__u32 exe_len;		/* bytes of exe components after the cwd */
	__u32 exit_status;	/* exit: the wait(2) status */
	__u32 depth;		/* forks below the traced root (EVF_IN_TREE) */
	__u32 euid;		/* context (EVF_CONTEXT) from here on */
	__u32 egid;
	__u32 auid;		/* login uid; (u32)-1 when unset */
	__u32 sid;		/* session id */
	__u32 mntns;		/* mount namespace inode number */
	__u32 pidns;		/* pid namespace inode number */
	__u64 cgroup_id;	/* cgroup v2 id */
	__u64 start_ns;		/* exit: exec (or fork) time, CLOCK_MONOTONIC */
	/*
	 * exit: the process's resources, all its threads, as the kernel keeps
	 * them for getrusage(2), read when the last thread exits.
	 */
	__u64 utime_ns;		/* user CPU time, tick-sampled */
	__u64 stime_ns;		/* system CPU time, tick-sampled */
	__u64 runtime_ns;	/* CPU time, precise (sum_exec_runtime) */
	__u64 maxrss_pages;	/* peak resident set size, in pages */
	__u64 nvcsw;		/* voluntary context switches */
	__u64 nivcsw;		/* involuntary context switches */
	/*
	 * The process key (doc/execsnoop.8, PROCESS KEYS): with the boot id
	 * and pid, the group leader's start_time (CLOCK_MONOTONIC ns of its
	 * fork) and its self_exec_id (one more at each exec); the same two of
	 * the real parent's process.
	 */
	__u64 start_time;
	__u64 exec_id;
	__u64 pstart_time;
	__u64 pexec_id;
	char tty[TTY_NAME_LEN];	/* controlling tty name, "" when none */
	char comm[TASK_COMM_LEN];
	char pcomm[TASK_COMM_LEN];
	/*
	 * argv (args_len bytes), filename (fname_len), then the cwd and the
	 * exe as NUL-terminated components from the leaf up to the root.
	 */
	char data[];
};

/* Bytes after the fixed part of the largest record for args bytes of argv. */
#define EVENT_DATA_MAX(args)	((args) + FILENAME_MAX_LEN + 2 * PATH_BUF_LEN)
/* The largest record for args bytes of argv: its filename, cwd and exe. */
#define EVENT_MAX_SIZE(args)	(sizeof(struct event) + EVENT_DATA_MAX(args))
/*
 * The per-CPU scratch record the BPF programs build an event in: twice the
 * argv bytes, because the verifier cannot see that a string read at offset
 * off is limited to args - off bytes, only that each read is <= args; and
 * one path component's room past each path buffer for the same reason.
 */
#define SCRATCH_SIZE(args)	(EVENT_MAX_SIZE(args) + (args) + 2 * NAME_LEN_MAX)
/*
 * A perf sample carries its size in 16 bits, with its own header (8 bytes)
 * and size field (4 bytes): the largest record it can hold.
 */
#define EVENT_MAX_PERF		(65535 - 16)
/* The transports' own header before each record (ring buffer: 8 bytes). */
#define RECORD_HEADER_MAX	16
/* --args-size with the perf buffer: the largest record still fits a sample. */
#define ARGS_SIZE_MAX_PERF	(65536 - 512 - EVENT_DATA_MAX(0))

#endif /* EXECSNOOP_EVENT_H */
