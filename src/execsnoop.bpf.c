// SPDX-License-Identifier: GPL-2.0
/*
 * execsnoop kernel side.
 *
 * The programs are raw tracepoints, attached by name (no tracefs needed),
 * except the two failed-exec programs on the syscall tracepoints, which
 * user space attaches by the ids it reads from a private tracefs mount.
 * Successful execs are taken from the sched_process_exec tracepoint, in the
 * context of the new program, so argv is read from the copy the kernel just
 * wrote on the new stack: race-free, resident, complete. Failed execs (only
 * with -x) are taken at the exit of execve/execveat (the syscall tracepoints
 * where the kernel has bpf_task_pt_regs and bpf_loop, else raw sys_exit)
 * from the caller's own memory, which is still intact.
 * No per-thread state is kept between two tracepoints, so none goes stale.
 * Process ends (-e) come from sched_process_exit when the group dies; the
 * process tree of -p / COMMAND is followed at sched_process_fork.
 *
 * One program per hook. The transport (ring buffer or perf buffer) is a
 * read-only knob set before load: the verifier prunes the branch not taken,
 * and user space gives the one `events` map the matching type.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "event.h"

char LICENSE[] SEC("license") = "GPL";

#define SIGNAL_GROUP_EXIT	0x00000004	/* include/linux/sched/signal.h */
#define ENOSPC			28
#define USER32_CS		0x23	/* x86: code segment of 32-bit user mode */

/* Read-only configuration, set before load: dead filters are pruned. */
const volatile bool use_ringbuf = true;		/* else the perf buffer */
const volatile __u32 args_max = ARGS_SIZE_DEFAULT;
const volatile bool filter_uid = false;
const volatile __u32 target_uid = 0;
const volatile bool filter_ppid = false;
const volatile __u32 target_ppid = 0;
const volatile bool filter_cgroup = false;
const volatile bool filter_cgroupmap = false;
const volatile bool filter_mntnsmap = false;
const volatile bool filter_mntns = false;
const volatile __u32 target_mntns = 0;
const volatile bool filter_tree = false;	/* only processes in `tree` */
const volatile bool want_context = false;	/* cwd, exe, ids, tty */
const volatile bool want_exit = false;		/* remember exec times for -e */
const volatile bool exit_all = false;		/* also exits never seen exec */
/* Ring buffer: wake user space only once this much is pending; else it polls. */
const volatile __u64 wakeup_bytes = 0;
const volatile __u32 nr_execve = 0;	/* syscall numbers, set by user space */
const volatile __u32 nr_execveat = 0;

/*
 * The events: a ring buffer, or (use_ringbuf false) a perf event array,
 * the type user space sets before load.
 */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4 * 1024 * 1024);	/* resized by user space */
} events SEC(".maps");

/* enum counter, one set per CPU: losses and filters are never silent. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, NR_COUNTERS);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

/* One scratch record per CPU; value size is set by user space from args_max. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);			/* set to the number of CPUs */
	__uint(key_size, sizeof(__u32));
	__uint(value_size, SCRATCH_SIZE(ARGS_SIZE_DEFAULT));
} heap SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} cgroup_filter SEC(".maps");

/* bcc-compatible filter maps: replaced by the user's pinned maps. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u64);
	__type(value, __u32);
} cgroupmap SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u64);
	__type(value, __u32);
} mntnsmap SEC(".maps");

/* -p / COMMAND: the traced processes (tgid -> depth below the root). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);			/* sized by user space */
	__type(key, __u32);
	__type(value, __u32);
} tree SEC(".maps");

/*
 * -e: when each traced process exec'd (tgid -> CLOCK_MONOTONIC ns). A plain
 * hash, not an LRU: every entry is deleted at the process's end, and when it
 * is full the exec is counted (CNT_EXIT_UNTRACKED) instead of an older
 * entry vanishing unseen.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);			/* sized by user space */
	__type(key, __u32);
	__type(value, __u64);
} exec_time SEC(".maps");

/*
 * Kernels whose sched_process_exit has no group_dead: the processes whose
 * exit has been reported, so that a second thread that also saw the group
 * empty (signal->live at zero) does not report it again. Keyed by the tgid
 * and the leader's start time, which pid reuse does not repeat; only needs
 * to outlive the few microseconds in which a group's threads exit.
 */
struct exit_claim {
	__u32 tgid;
	__u32 pad;
	__u64 start;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 1024);
	__type(key, struct exit_claim);
	__type(value, __u32);
} exit_claimed SEC(".maps");

/*
 * A path or argv walk in progress, one per CPU. It lives in a map, not on
 * the stack: what a program loads from a map is an unknown value to the
 * verifier, so the states of a bounded loop's iterations (the tier without
 * bpf_loop) converge instead of multiplying, and every offset is checked
 * right before its use.
 */
struct path_walk {
	struct dentry *dentry;
	struct mount *mnt;
	struct dentry *root_dentry;
	struct vfsmount *root_mnt;
	__u32 base;		/* offset of the first component in data[] */
	__u32 off;		/* bytes written so far */
	__u32 trunc;
	__u32 done;		/* the walk ended before its step limit */
};

struct argv_walk {
	const char *const *argv;
	__u32 off;
	__u32 flags;
	__u32 argc;
	__u32 done;		/* the walk ended before its step limit */
};

struct walk_state {
	struct path_walk path;
	struct argv_walk argv;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct walk_state);
} walk SEC(".maps");

/* Adds one to this CPU's counter; atomic, as a program can be preempted. */
static __always_inline void count(__u32 which)
{
	__u64 *c = bpf_map_lookup_elem(&counters, &which);

	if (c)
		__sync_fetch_and_add(c, 1);
}

static __always_inline struct event *scratch(void)
{
	__u32 cpu = bpf_get_smp_processor_id();

	return bpf_map_lookup_elem(&heap, &cpu);
}

static __always_inline struct walk_state *walk_state(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&walk, &zero);
}

static __always_inline __u32 mntns_of(struct task_struct *task)
{
	return BPF_CORE_READ(task, nsproxy, mnt_ns, ns.inum);
}

static __always_inline bool wanted_in(struct task_struct *task, __u32 uid, __u32 *depth,
				      bool check_tree)
{
	if (filter_tree && check_tree) {
		__u32 tgid = BPF_CORE_READ(task, tgid);
		__u32 *d = bpf_map_lookup_elem(&tree, &tgid);

		if (!d)
			return false;
		*depth = *d;
	}
	if (filter_uid && uid != target_uid)
		return false;
	if (filter_ppid && (__u32)BPF_CORE_READ(task, real_parent, tgid) != target_ppid)
		return false;
	if (filter_mntns && mntns_of(task) != target_mntns)
		return false;
	if (filter_cgroup && bpf_current_task_under_cgroup(&cgroup_filter, 0) != 1)
		return false;
	if (filter_cgroupmap) {
		__u64 cgid = bpf_get_current_cgroup_id();

		if (!bpf_map_lookup_elem(&cgroupmap, &cgid))
			return false;
	}
	if (filter_mntnsmap) {
		__u64 ns = mntns_of(task);

		if (!bpf_map_lookup_elem(&mntnsmap, &ns))
			return false;
	}
	return true;
}

static __always_inline bool wanted(struct task_struct *task, __u32 uid, __u32 *depth)
{
	return wanted_in(task, uid, depth, true);
}

/*
 * The two halves of a process key that change: the group leader's start
 * time (an exec from another thread copies it to the new leader) and its
 * exec count (every thread of a process has the same one).
 */
static __always_inline void key_of(struct task_struct *task, __u64 *start, __u64 *exec_id)
{
	struct task_struct *leader = BPF_CORE_READ(task, group_leader);

	*start = BPF_CORE_READ(leader, start_time);
	/* a u32 before 5.7 ("signal: Extend exec_id to 64bits") */
	if (bpf_core_field_size(leader->self_exec_id) == sizeof(__u32)) {
		__u32 id = 0;

		bpf_core_read(&id, sizeof(id), &leader->self_exec_id);
		*exec_id = id;
	} else {
		*exec_id = BPF_CORE_READ(leader, self_exec_id);
	}
}

static __always_inline void fill_common(struct event *e, struct task_struct *task,
					__u64 uid_gid, __u32 depth)
{
	struct task_struct *parent = BPF_CORE_READ(task, real_parent);

	key_of(task, &e->start_time, &e->exec_id);
	key_of(parent, &e->pstart_time, &e->pexec_id);

	e->ts_ns = bpf_ktime_get_ns();
	e->pid = BPF_CORE_READ(task, tgid);
	e->ppid = BPF_CORE_READ(parent, tgid);
	e->uid = (__u32)uid_gid;
	e->gid = uid_gid >> 32;
	e->cpu = bpf_get_smp_processor_id();
	e->flags = filter_tree ? EVF_IN_TREE : 0;
	e->depth = depth;
	e->args_len = 0;
	e->args_total = 0;
	e->fname_len = 0;
	e->cwd_len = 0;
	e->exe_len = 0;
	e->exit_status = 0;
	e->start_ns = 0;
	__builtin_memset(&e->utime_ns, 0, 6 * sizeof(__u64));
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	BPF_CORE_READ_STR_INTO(&e->pcomm, parent, comm);
}

/* Takes this CPU's scratch record and fills what every event has. */
static __always_inline struct event *start_event(struct task_struct *task, __u64 uid_gid,
						 __u32 depth, __u32 type, __u32 tid)
{
	struct event *e = scratch();

	if (!e)
		return NULL;
	fill_common(e, task, uid_gid, depth);
	e->type = type;
	e->tid = tid;
	e->retval = 0;
	e->argc = 0;
	return e;
}

/* Cheap context fields: ids, namespaces, cgroup, tty. */
static __always_inline void fill_ids(struct event *e, struct task_struct *task)
{
	const struct cred *cred = BPF_CORE_READ(task, cred);
	struct pid *thread_pid = BPF_CORE_READ(task, thread_pid);
	unsigned int level = BPF_CORE_READ(thread_pid, level);
	struct tty_struct *tty = BPF_CORE_READ(task, signal, tty);
	struct pid *sid = BPF_CORE_READ(task, signal, pids[PIDTYPE_SID]);

	e->flags |= EVF_CONTEXT;
	e->euid = BPF_CORE_READ(cred, euid.val);
	e->egid = BPF_CORE_READ(cred, egid.val);
	e->auid = bpf_core_field_exists(task->loginuid) ? BPF_CORE_READ(task, loginuid.val)
							: (__u32)-1;
	/* numbers[0] is the id in the initial pid namespace, as ps shows it */
	e->sid = sid ? BPF_CORE_READ(sid, numbers[0].nr) : 0;
	e->mntns = mntns_of(task);
	e->pidns = BPF_CORE_READ(thread_pid, numbers[level & 31].ns, ns.inum);
	e->cgroup_id = bpf_get_current_cgroup_id();
	e->tty[0] = '\0';
	if (tty)
		BPF_CORE_READ_STR_INTO(&e->tty, tty, name);
}

/*
 * A path is walked from its leaf up, one component per step, crossing mount
 * points, until the task's root (chroot) or the namespace's root mount.
 * Components are stored leaf first; user space reverses them.
 * Returns 1 when the walk is over.
 */
static __always_inline long path_step_in(struct path_walk *w, struct event *e)
{
	struct dentry *d = w->dentry, *parent, *mnt_root;
	struct mount *m = w->mnt, *mp;
	struct vfsmount *vfsmnt = &m->mnt;
	const unsigned char *name;
	__u64 pos, off;
	long n;

	if (d == w->root_dentry && vfsmnt == w->root_mnt)
		goto done;
	mnt_root = BPF_CORE_READ(vfsmnt, mnt_root);
	parent = BPF_CORE_READ(d, d_parent);
	if (d == mnt_root || d == parent) {
		mp = BPF_CORE_READ(m, mnt_parent);
		if (!mp || mp == m)
			goto done;	/* the root of the mount namespace */
		w->dentry = BPF_CORE_READ(m, mnt_mountpoint);
		w->mnt = mp;
		return 0;
	}
	name = BPF_CORE_READ(d, d_name.name);
	/*
	 * The bounds are checked right before the copy, with no call in
	 * between: older verifiers lose a bound across a spill to the stack.
	 */
	off = w->off;
	pos = w->base;
	barrier_var(pos);
	if (off > PATH_BUF_LEN - NAME_LEN_MAX) {
		w->trunc = 1;
		goto done;
	}
	if (pos > EVENT_DATA_MAX(args_max) - PATH_BUF_LEN)
		goto done;
	n = bpf_probe_read_kernel_str(e->data + pos + off, NAME_LEN_MAX, name);
	if (n <= 1)
		goto done;
	w->off = off + n;
	w->dentry = parent;
	return 0;
done:
	w->done = 1;
	return 1;
}

/* bpf_loop's callback: the state is this CPU's, as is the record. */
static long path_step(__u32 i, void *unused)
{
	struct walk_state *s = walk_state();
	struct event *e = scratch();

	(void)i;
	(void)unused;
	return s && e ? path_step_in(&s->path, e) : 1;
}

/*
 * loops: bpf_loop (5.17) is there; else a bounded loop (5.3), a separate
 * program, so that an older kernel never sees a bpf_loop call.
 */
static __always_inline __u32 walk_path(struct task_struct *task, const struct path *p,
				       struct event *e, __u32 base, bool *trunc,
				       const bool loops)
{
	struct walk_state *s = walk_state();
	struct vfsmount *vfsmnt = BPF_CORE_READ(p, mnt);
	struct path_walk *w;
	__u32 i;

	if (!s)
		return 0;
	w = &s->path;
	w->dentry = BPF_CORE_READ(p, dentry);
	w->mnt = (void *)vfsmnt - bpf_core_field_offset(struct mount, mnt);
	w->root_dentry = BPF_CORE_READ(task, fs, root.dentry);
	w->root_mnt = BPF_CORE_READ(task, fs, root.mnt);
	w->base = base;
	w->off = 0;
	w->trunc = 0;
	w->done = 0;
	if (!w->dentry || !vfsmnt)
		return 0;
	if (loops) {
		bpf_loop(PATH_DEPTH_MAX, path_step, NULL, 0);
	} else {
#pragma clang loop unroll(disable)
		for (i = 0; i < PATH_DEPTH_MAX; i++)
			if (path_step_in(w, e))
				break;
	}
	*trunc = w->trunc || !w->done;
	return w->off;
}

/* cwd, and for a successful exec the file really executed. */
static __always_inline void fill_paths(struct event *e, struct task_struct *task,
				       struct file *file, __u32 base, const bool loops)
{
	struct fs_struct *fs = BPF_CORE_READ(task, fs);
	bool trunc = false;
	__u32 n;

	n = walk_path(task, &fs->pwd, e, base, &trunc, loops);
	e->cwd_len = n;
	if (trunc)
		e->flags |= EVF_CWD_TRUNC;
	if (!file)
		return;
	trunc = false;
	e->exe_len = walk_path(task, &file->f_path, e, base + n, &trunc, loops);
	if (trunc)
		e->flags |= EVF_EXE_TRUNC;
}

static __always_inline void submit(void *ctx, struct event *e, __u64 len)
{
	long err;

	/* A bound the verifier can see; len never exceeds it. */
	if (len > EVENT_DATA_MAX(args_max))
		return;
	if (use_ringbuf) {
		/*
		 * Batching: no wakeup per event (user space polls every 50 ms)
		 * unless the buffer is filling up.
		 */
		__u64 flags = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) >= wakeup_bytes ?
			      BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;

		err = bpf_ringbuf_output(&events, e, sizeof(*e) + len, flags);
	} else if (sizeof(*e) + len > EVENT_MAX_PERF) {
		err = -1;	/* cannot fit a perf sample: count it, never drop silently */
	} else {
		err = bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, e, sizeof(*e) + len);
		/* a full perf buffer counts the sample itself: user space hears of it */
		if (err == -ENOSPC)
			err = 0;
	}
	if (err)
		count(CNT_LOST);
}

static __always_inline int handle_exec(void *ctx, struct task_struct *task,
				       pid_t old_pid, struct linux_binprm *bprm, const bool loops)
{
	__u64 uid_gid = bpf_get_current_uid_gid();
	unsigned long start, end;
	__u32 depth = 0;
	struct event *e;
	__u64 len, total;
	long n;

	if (!wanted(task, (__u32)uid_gid, &depth)) {
		count(CNT_FILTERED);
		return 0;
	}
	e = start_event(task, uid_gid, depth, EVENT_EXEC, old_pid);
	if (!e)
		return 0;
	e->argc = BPF_CORE_READ(bprm, argc);

	start = BPF_CORE_READ(task, mm, arg_start);
	end = BPF_CORE_READ(task, mm, arg_end);
	total = end > start ? end - start : 0;
	len = total;
	if (len > args_max) {
		len = args_max;
		e->flags |= EVF_ARGS_TRUNC;
	}
	barrier_var(len);
	if (len > args_max)
		return 0;
	if (bpf_probe_read_user(e->data, len, (void *)start)) {
		len = 0;
		e->flags |= EVF_ARGS_FAULT;
	}
	e->args_len = len;
	e->args_total = total;

	n = bpf_probe_read_kernel_str(e->data + len, FILENAME_MAX_LEN,
				      BPF_CORE_READ(bprm, filename));
	if (n < 0) {
		e->flags |= EVF_FNAME_FAULT;
		n = 0;
	}
	e->fname_len = n;
	if (want_context) {
		fill_ids(e, task);
		fill_paths(e, task, BPF_CORE_READ(bprm, file), len + n, loops);
	}
	if (want_exit) {
		__u32 tgid = e->pid;

		if (bpf_map_update_elem(&exec_time, &tgid, &e->ts_ns, BPF_ANY))
			count(CNT_EXIT_UNTRACKED);
	}
	submit(ctx, e, (__u64)len + n + e->cwd_len + e->exe_len);
	return 0;
}

SEC("raw_tp/sched_process_exec")
int BPF_PROG(exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	return handle_exec(ctx, p, old_pid, bprm, true);
}

SEC("raw_tp/sched_process_exec")
int BPF_PROG(exec_noloop, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	return handle_exec(ctx, p, old_pid, bprm, false);
}

/* Failed exec: walk the caller's argv, still mapped since exec failed. */
static __always_inline long read_one_arg_in(__u32 i, struct argv_walk *w, struct event *e)
{
	const char *arg = NULL;
	__u64 off;
	long n;

	if (bpf_probe_read_user(&arg, sizeof(arg), &w->argv[i])) {
		w->flags |= EVF_ARGS_FAULT;
		goto done;
	}
	if (!arg)
		goto done;
	off = w->off;
	if (off >= args_max) {
		w->flags |= EVF_ARGS_TRUNC;
		goto done;
	}
	n = bpf_probe_read_user_str(e->data + off, args_max - off, arg);
	/* "": older kernels (Debian's 6.1) return 0, its NUL written; newer 1 */
	if (n == 0)
		n = 1;
	if (n < 0) {
		w->flags |= EVF_ARGS_FAULT;
		goto done;
	}
	/* A string that filled the rest of the buffer may have been cut. */
	if ((__u64)n == args_max - off)
		w->flags |= EVF_ARGS_TRUNC;
	w->off = off + n;
	w->argc = i + 1;
	return 0;
done:
	w->done = 1;
	return 1;
}

static long read_one_arg(__u32 i, void *unused)
{
	struct walk_state *s = walk_state();
	struct event *e = scratch();

	(void)unused;
	return s && e ? read_one_arg_in(i, &s->argv, e) : 1;
}

/* As many argv entries as the tier walks: fewer without bpf_loop. */
static __always_inline void walk_argv(struct argv_walk *w, struct event *e, const bool loops)
{
	__u32 i;

	if (loops) {
		bpf_loop(FAIL_ARGC_MAX, read_one_arg, NULL, 0);
	} else {
#pragma clang loop unroll(disable)
		for (i = 0; i < FAIL_ARGC_MAX_NOLOOP; i++)
			if (read_one_arg_in(i, w, e))
				break;
	}
	/* every entry walked: cut only if one more follows */
	if (!w->done) {
		__u32 max = loops ? FAIL_ARGC_MAX : FAIL_ARGC_MAX_NOLOOP;
		const char *next = NULL;

		if (bpf_probe_read_user(&next, sizeof(next), &w->argv[max]) || next)
			w->flags |= EVF_ARGC_TRUNC;
	}
}

/* nr is the syscall (execve or execveat), regs the caller's saved registers. */
static __always_inline int handle_exec_fail(void *ctx, struct pt_regs *regs, long nr,
					    long ret, const bool loops)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	__u64 uid_gid = bpf_get_current_uid_gid();
	struct walk_state *s = walk_state();
	struct argv_walk *w;
	const char *fname;
	__u32 depth = 0;
	struct event *e;
	long n;
	__u64 off;

	if (!wanted(task, (__u32)uid_gid, &depth)) {
		count(CNT_FILTERED);
		return 0;
	}
	if (!s)
		return 0;
	e = start_event(task, uid_gid, depth, EVENT_EXEC_FAIL, (__u32)bpf_get_current_pid_tgid());
	if (!e)
		return 0;
	e->retval = ret;
	w = &s->argv;
	w->off = 0;
	w->flags = 0;
	w->argc = 0;
	w->done = 0;
	if (nr == nr_execve) {
		fname = (const char *)PT_REGS_PARM1_CORE_SYSCALL(regs);
		w->argv = (const char *const *)PT_REGS_PARM2_CORE_SYSCALL(regs);
	} else {
		fname = (const char *)PT_REGS_PARM2_CORE_SYSCALL(regs);
		w->argv = (const char *const *)PT_REGS_PARM3_CORE_SYSCALL(regs);
		e->flags |= EVF_EXECVEAT;
	}
	if (w->argv)
		walk_argv(w, e, loops);
	/* the callback re-looked-up the same per-CPU record */
	e->flags |= w->flags;
	e->argc = w->argc;
	e->args_len = w->off;
	e->args_total = w->off;
	off = w->off;
	barrier_var(off);
	if (off > args_max)
		return 0;
	n = bpf_probe_read_user_str(e->data + off, FILENAME_MAX_LEN, fname);
	if (n == 0)
		n = 1;	/* "" on an older kernel, as above */
	if (n < 0) {
		e->flags |= EVF_FNAME_FAULT;
		n = 0;
	}
	/* a name that filled the buffer was cut if it goes on past it */
	if (n == FILENAME_MAX_LEN) {
		char next = 0;

		if (!bpf_probe_read_user(&next, 1, fname + FILENAME_MAX_LEN - 1) && next)
			e->flags |= EVF_FNAME_TRUNC;
	}
	e->fname_len = n;
	if (want_context) {
		fill_ids(e, task);
		fill_paths(e, task, NULL, off + n, loops);
	}
	submit(ctx, e, off + n + e->cwd_len);
	return 0;
}

/*
 * -x: the per-syscall tracepoints (they need tracefs) cost every other
 * system call least; the raw sys_exit tracepoint, which runs a program on
 * every system call, is the fallback where tracefs cannot be mounted.
 */
static __always_inline int raw_exit(void *ctx, struct pt_regs *regs, long ret,
				    const bool loops)
{
	long nr;

	if (ret >= 0)
		return 0;
#if defined(__TARGET_ARCH_arm64)
	nr = BPF_CORE_READ(regs, syscallno);
#else
	/* a 32-bit task's syscall numbers differ: its execs are not these */
	if (BPF_CORE_READ(regs, cs) == USER32_CS)
		return 0;
	nr = BPF_CORE_READ(regs, orig_ax);
#endif
	if (nr != nr_execve && nr != nr_execveat)
		return 0;
	return handle_exec_fail(ctx, regs, nr, ret, loops);
}

/* These two need bpf_task_pt_regs (5.15) and bpf_loop (5.17). */
static __always_inline int tp_exit(struct trace_event_raw_sys_exit *ctx, long nr)
{
	struct pt_regs *regs;

	if (ctx->ret >= 0)
		return 0;
	regs = (struct pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf());
	return handle_exec_fail(ctx, regs, nr, ctx->ret, true);
}

SEC("raw_tp/sys_exit")
int BPF_PROG(fail_raw, struct pt_regs *regs, long ret)
{
	return raw_exit(ctx, regs, ret, true);
}

SEC("raw_tp/sys_exit")
int BPF_PROG(fail_raw_noloop, struct pt_regs *regs, long ret)
{
	return raw_exit(ctx, regs, ret, false);
}

SEC("tp/syscalls/sys_exit_execve")
int fail_execve(struct trace_event_raw_sys_exit *ctx)
{
	return tp_exit(ctx, nr_execve);
}

SEC("tp/syscalls/sys_exit_execveat")
int fail_execveat(struct trace_event_raw_sys_exit *ctx)
{
	return tp_exit(ctx, nr_execveat);
}

/* -p / COMMAND: a process forked by a traced one is traced too. */
SEC("raw_tp/sched_process_fork")
int BPF_PROG(fork, struct task_struct *parent, struct task_struct *child)
{
	__u32 ptgid = BPF_CORE_READ(parent, tgid);
	__u32 ctgid = BPF_CORE_READ(child, tgid);
	__u32 *d, depth;

	(void)ctx;
	if (ptgid == ctgid)
		return 0;	/* a new thread, not a new process */
	d = bpf_map_lookup_elem(&tree, &ptgid);
	if (!d)
		return 0;
	depth = *d + 1;
	if (bpf_map_update_elem(&tree, &ctgid, &depth, BPF_NOEXIST) &&
	    !bpf_map_lookup_elem(&tree, &ctgid))
		count(CNT_TREE_FULL);
	return 0;
}

/*
 * The status wait(2) would return: a group exit (exit_group, fatal signal)
 * stores it in signal->group_exit_code, otherwise the leader's exit_code.
 */
static __always_inline __u32 wait_status(struct task_struct *task)
{
	struct signal_struct *sig = BPF_CORE_READ(task, signal);

	if (BPF_CORE_READ(sig, flags) & SIGNAL_GROUP_EXIT)
		return BPF_CORE_READ(sig, group_exit_code);
	return BPF_CORE_READ(task, group_leader, exit_code);
}

/*
 * Whether this is the last thread of its process. Newer kernels pass
 * group_dead to the tracepoint (then its format struct has the field too);
 * older ones: signal->live has dropped to zero, which two threads exiting
 * at once may both see: the first to claim the process in exit_claimed is
 * taken for the last.
 */
static __always_inline bool group_dead(unsigned long long *ctx, struct task_struct *task)
{
	struct exit_claim k = {};
	__u32 one = 1;

	if (bpf_core_field_exists(struct trace_event_raw_sched_process_exit, group_dead))
		return (bool)ctx[1];
	if (BPF_CORE_READ(task, signal, live.counter) != 0)
		return false;
	/* the first thread to claim the process is its last one */
	k.tgid = BPF_CORE_READ(task, tgid);
	k.start = BPF_CORE_READ(task, group_leader, start_time);
	return !bpf_map_update_elem(&exit_claimed, &k, &one, BPF_NOEXIST);
}

/* One thread's share of the process's resources. */
static __always_inline void add_thread_rusage(struct event *e, struct task_struct *t)
{
	e->utime_ns += BPF_CORE_READ(t, utime);
	e->stime_ns += BPF_CORE_READ(t, stime);
	e->runtime_ns += BPF_CORE_READ(t, se.sum_exec_runtime);
	e->nvcsw += BPF_CORE_READ(t, nvcsw);
	e->nivcsw += BPF_CORE_READ(t, nivcsw);
}

/*
 * The process's resources as getrusage(2) sums them: the threads already
 * released are in signal_struct; the last thread (task) and a leader that
 * ended before it (a zombie until the group is empty) are still in their
 * own task_struct. The peak RSS is in signal->maxrss: do_exit() raises it
 * from the mm before this tracepoint (5.4 .. 6.18 alike), and exec raises
 * it from the old mm.
 */
static __always_inline void fill_rusage(struct event *e, struct task_struct *task)
{
	struct signal_struct *sig = BPF_CORE_READ(task, signal);
	struct task_struct *leader = BPF_CORE_READ(task, group_leader);

	e->utime_ns = BPF_CORE_READ(sig, utime);
	e->stime_ns = BPF_CORE_READ(sig, stime);
	e->runtime_ns = BPF_CORE_READ(sig, sum_sched_runtime);
	e->nvcsw = BPF_CORE_READ(sig, nvcsw);
	e->nivcsw = BPF_CORE_READ(sig, nivcsw);
	e->maxrss_pages = BPF_CORE_READ(sig, maxrss);
	add_thread_rusage(e, task);
	if (leader && leader != task)
		add_thread_rusage(e, leader);
}

static __always_inline int handle_exit(unsigned long long *ctx, struct task_struct *task)
{
	__u32 tgid = BPF_CORE_READ(task, tgid);
	__u64 uid_gid, *exec_ns = NULL, exec_at = 0;
	__u32 depth = 0;
	struct event *e;
	bool traced;

	if (!group_dead(ctx, task))
		return 0;
	if (filter_tree) {
		/* a dead process leaves the tree whatever else happens */
		__u32 *d = bpf_map_lookup_elem(&tree, &tgid);

		if (!d)
			return 0;
		depth = *d;
		bpf_map_delete_elem(&tree, &tgid);
		if (!want_exit)
			return 0;
	}
	exec_ns = bpf_map_lookup_elem(&exec_time, &tgid);
	if (exec_ns) {
		exec_at = *exec_ns;
		/* only the thread whose deletion succeeds reports the exit */
		if (bpf_map_delete_elem(&exec_time, &tgid))
			return 0;
	}
	traced = exec_ns != NULL;
	if (!traced && !exit_all)
		return 0;
	uid_gid = bpf_get_current_uid_gid();
	if (!traced && !wanted_in(task, (__u32)uid_gid, &depth, false))
		return 0;
	e = start_event(task, uid_gid, depth, EVENT_EXIT, (__u32)bpf_get_current_pid_tgid());
	if (!e)
		return 0;
	e->exit_status = wait_status(task);
	fill_rusage(e, task);
	if (traced) {
		e->start_ns = exec_at;
	} else {
		e->start_ns = BPF_CORE_READ(task, group_leader, start_time);
		e->flags |= EVF_START_UNKNOWN;
	}
	if (want_context)
		fill_ids(e, task);
	submit(ctx, e, 0);
	return 0;
}

SEC("raw_tp/sched_process_exit")
int BPF_PROG(proc_exit, struct task_struct *p)
{
	return handle_exit(ctx, p);
}
