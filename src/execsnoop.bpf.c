// SPDX-License-Identifier: GPL-2.0
/*
 * execsnoop kernel side.
 *
 * Successful execs are taken from the sched_process_exec tracepoint (BTF
 * flavour: no tracefs needed), in the context of the new program, so argv is
 * read from the copy the kernel just wrote on the new stack: race-free,
 * resident, complete.  Failed execs (only with -x) are taken at the exit of
 * execve/execveat from the caller's own memory, which is still intact.
 * No state is kept between two tracepoints, so nothing can go stale.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "event.h"

char LICENSE[] SEC("license") = "GPL";

/* Read-only configuration, set before load: dead filters are pruned. */
const volatile __u32 args_max = ARGS_SIZE_DEFAULT;
const volatile bool filter_uid = false;
const volatile __u32 target_uid = 0;
const volatile bool filter_ppid = false;
const volatile __u32 target_ppid = 0;
const volatile bool filter_cgroup = false;
const volatile bool filter_cgroupmap = false;
const volatile bool filter_mntnsmap = false;
const volatile __u32 nr_execve = 59;	/* syscall numbers, set by user space */
const volatile __u32 nr_execveat = 322;

/* Events that could not be delivered (buffer full): never silent. */
__u64 drops = 0;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4 * 1024 * 1024);	/* resized by user space */
} rb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} pb SEC(".maps");

/* One scratch record per CPU; value size is set by user space from args_max. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);			/* set to the number of CPUs */
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(struct event) + 2 * ARGS_SIZE_DEFAULT + FILENAME_MAX_LEN);
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

static __always_inline struct event *scratch(void)
{
	__u32 cpu = bpf_get_smp_processor_id();

	return bpf_map_lookup_elem(&heap, &cpu);
}

static __always_inline bool wanted(struct task_struct *task, __u32 uid)
{
	if (filter_uid && uid != target_uid)
		return false;
	if (filter_ppid && (__u32)BPF_CORE_READ(task, real_parent, tgid) != target_ppid)
		return false;
	if (filter_cgroup && bpf_current_task_under_cgroup(&cgroup_filter, 0) != 1)
		return false;
	if (filter_cgroupmap) {
		__u64 cgid = bpf_get_current_cgroup_id();

		if (!bpf_map_lookup_elem(&cgroupmap, &cgid))
			return false;
	}
	if (filter_mntnsmap) {
		__u64 ns = BPF_CORE_READ(task, nsproxy, mnt_ns, ns.inum);

		if (!bpf_map_lookup_elem(&mntnsmap, &ns))
			return false;
	}
	return true;
}

static __always_inline void fill_common(struct event *e, struct task_struct *task,
					__u64 uid_gid)
{
	struct task_struct *parent = BPF_CORE_READ(task, real_parent);

	e->ts_ns = bpf_ktime_get_ns();
	e->pid = BPF_CORE_READ(task, tgid);
	e->ppid = BPF_CORE_READ(parent, tgid);
	e->uid = (__u32)uid_gid;
	e->gid = uid_gid >> 32;
	e->cpu = bpf_get_smp_processor_id();
	e->flags = 0;
	e->reserved = 0;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	BPF_CORE_READ_STR_INTO(&e->pcomm, parent, comm);
}

static __always_inline void submit(void *ctx, struct event *e, __u64 args_len,
				   __u64 fname_len, bool ring)
{
	__u64 size;
	long err;

	/* Bounds the verifier can see; the lengths never exceed them. */
	if (args_len > args_max || fname_len > FILENAME_MAX_LEN)
		return;
	size = sizeof(*e) + args_len + fname_len;
	if (ring)
		err = bpf_ringbuf_output(&rb, e, size, 0);
	else
		err = bpf_perf_event_output(ctx, &pb, BPF_F_CURRENT_CPU, e, size);
	if (err)
		__sync_fetch_and_add(&drops, 1);
}

static __always_inline int handle_exec(void *ctx, struct task_struct *task,
				       pid_t old_pid, struct linux_binprm *bprm,
				       bool ring)
{
	__u64 uid_gid = bpf_get_current_uid_gid();
	unsigned long start, end;
	struct event *e;
	__u64 len, total;
	long n;

	if (!wanted(task, (__u32)uid_gid))
		return 0;
	e = scratch();
	if (!e)
		return 0;
	fill_common(e, task, uid_gid);
	e->type = EVENT_EXEC;
	e->tid = old_pid;
	e->retval = 0;
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
	if (len > ARGS_SIZE_MAX)
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
	submit(ctx, e, len, n, ring);
	return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(exec_rb, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	return handle_exec(ctx, p, old_pid, bprm, true);
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(exec_pb, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	return handle_exec(ctx, p, old_pid, bprm, false);
}

/* Failed exec: walk the caller's argv, still mapped since exec failed. */
struct argv_walk {
	const char *const *argv;
	__u32 off;
	__u32 flags;
};

static long read_one_arg(__u32 i, struct argv_walk *w)
{
	const char *arg = NULL;
	struct event *e = scratch();
	__u64 off = w->off;
	long n;

	if (!e)
		return 1;
	if (bpf_probe_read_user(&arg, sizeof(arg), &w->argv[i])) {
		w->flags |= EVF_ARGS_FAULT;
		return 1;
	}
	if (!arg)
		return 1;
	if (off >= args_max || off >= ARGS_SIZE_MAX) {
		w->flags |= EVF_ARGS_TRUNC;
		return 1;
	}
	n = bpf_probe_read_user_str(e->data + off, args_max - off, arg);
	if (n <= 0) {
		w->flags |= EVF_ARGS_FAULT;
		return 1;
	}
	/* A string that filled the rest of the buffer may have been cut. */
	if ((__u32)n == args_max - off)
		w->flags |= EVF_ARGS_TRUNC;
	w->off = off + n;
	e->argc = i + 1;
	return 0;
}

static __always_inline int handle_exec_fail(void *ctx, struct pt_regs *regs,
					    long ret, bool ring)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task_btf();
	__u64 uid_gid = bpf_get_current_uid_gid();
	struct argv_walk w = {};
	const char *fname;
	struct event *e;
	long nr, n;
	__u64 off;

	if (ret >= 0)
		return 0;
	nr = BPF_CORE_READ(regs, orig_ax);
	if (nr != nr_execve && nr != nr_execveat)
		return 0;
	if (!wanted(task, (__u32)uid_gid))
		return 0;
	e = scratch();
	if (!e)
		return 0;
	fill_common(e, task, uid_gid);
	e->type = EVENT_EXEC_FAIL;
	e->tid = (__u32)bpf_get_current_pid_tgid();
	e->retval = ret;
	e->argc = 0;
	if (nr == nr_execve) {
		fname = (const char *)PT_REGS_PARM1_CORE_SYSCALL(regs);
		w.argv = (const char *const *)PT_REGS_PARM2_CORE_SYSCALL(regs);
	} else {
		fname = (const char *)PT_REGS_PARM2_CORE_SYSCALL(regs);
		w.argv = (const char *const *)PT_REGS_PARM3_CORE_SYSCALL(regs);
		e->flags |= EVF_EXECVEAT;
	}
	if (w.argv && bpf_loop(FAIL_ARGC_MAX, read_one_arg, &w, 0) == FAIL_ARGC_MAX)
		w.flags |= EVF_ARGC_TRUNC;
	/* the callback re-looked-up the same per-CPU record */
	e->flags |= w.flags;
	e->args_len = w.off;
	e->args_total = w.off;
	off = w.off;
	barrier_var(off);
	if (off > args_max)
		return 0;
	n = bpf_probe_read_user_str(e->data + off, FILENAME_MAX_LEN, fname);
	if (n < 0) {
		e->flags |= EVF_FNAME_FAULT;
		n = 0;
	}
	e->fname_len = n;
	submit(ctx, e, off, n, ring);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(fail_rb, struct pt_regs *regs, long ret)
{
	return handle_exec_fail(ctx, regs, ret, true);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(fail_pb, struct pt_regs *regs, long ret)
{
	return handle_exec_fail(ctx, regs, ret, false);
}
