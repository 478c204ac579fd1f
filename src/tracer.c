// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/magic.h>
#include <linux/perf_event.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "execsnoop.skel.h"
#include "cgpath.h"
#include "err.h"
#include "escape.h"
#include "kfeatures.h"
#include "proc.h"
#include "tracer.h"
#include "transport.h"

#define TREE_MAX	65536	/* processes followed by -p / COMMAND */
#define EXEC_TIME_MAX	65536	/* live traced processes remembered for -e */

/*
 * The -e map's size. The tests make it small to reach its limit with a few
 * processes: EXECSNOOP_EXEC_TIME_MAX=N (1 to 65536).
 */
static __u32 exec_time_max(void)
{
	const char *v = getenv("EXECSNOOP_EXEC_TIME_MAX");
	char *end;
	unsigned long n;

	if (!v || !*v)
		return EXEC_TIME_MAX;
	n = strtoul(v, &end, 10);
	return *end || n < 1 || n > EXEC_TIME_MAX ? EXEC_TIME_MAX : (__u32)n;
}

/* Finds the cgroup v2 directory for -c: PATH itself or PATH under the v2 mount. */
static int open_cgroup(const char *path)
{
	const char *mnt = cgroup2_mount();
	char buf[PATH_MAX];
	struct statfs sfs;
	int fd;

	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 && path[0] != '/' && mnt &&
	    snprintf(buf, sizeof(buf), "%s/%s", mnt, path) < (int)sizeof(buf))
		fd = open(buf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		p_usage(stderr, "invalid --cgroup '%s': %s", shown_arg(path), strerror(errno));
		return -1;
	}
	if (fstatfs(fd, &sfs) || sfs.f_type != CGROUP2_SUPER_MAGIC) {
		close(fd);
		p_usage(stderr, "invalid --cgroup '%s': not a cgroup v2 directory", shown_arg(path));
		return -1;
	}
	return fd;
}

/* Whether fd is a BPF map (not a program or a link): its fdinfo says so. */
static bool is_bpf_map(int fd)
{
	char path[64], buf[256];

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	return read_text(path, buf, sizeof(buf)) > 0 && strstr(buf, "\nmap_type:");
}

/* Why a pinned object cannot be a bcc filter map, or NULL if it can. */
static const char *pinned_map_problem(int fd)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);

	if (!is_bpf_map(fd))
		return "not a BPF map";
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return "cannot read the map's type";
	if (info.type != BPF_MAP_TYPE_HASH)
		return "not a BPF hash map";
	if (info.key_size != 8)
		return "its keys are not 8 bytes (cgroup or namespace ids)";
	return NULL;
}

/*
 * A bcc-compatible pinned filter map: a BPF hash map with 8-byte keys;
 * only the presence of a key counts, so any value size will do.
 */
static int use_pinned_map(struct bpf_map *map, const char *path, const char *opt)
{
	const char *why;
	int fd, err;

	fd = bpf_obj_get(path);
	if (fd < 0) {
		p_usage(stderr, "invalid %s '%s': cannot open pinned map: %s", opt, shown_arg(path),
			strerror(errno));
		return -1;
	}
	why = pinned_map_problem(fd);
	err = why ? 0 : bpf_map__reuse_fd(map, fd);
	close(fd);
	if (why)
		p_usage(stderr, "invalid %s '%s': %s", opt, shown_arg(path), why);
	else if (err)
		p_usage(stderr, "invalid %s '%s': cannot use the map: %s", opt, shown_arg(path),
			strerror(-err));
	return why || err ? -1 : 0;
}

static int open_object(struct tracer *t, const char *btf, bool verbose)
{
	LIBBPF_OPTS(bpf_object_open_opts, open_opts, .btf_custom_path = btf);

	if (verbose)
		fprintf(stderr, "execsnoop: CO-RE types from %s\n", btf ? btf : VMLINUX_BTF_PATH);
	t->skel = execsnoop_bpf__open_opts(&open_opts);
	if (!t->skel) {
		p_err("cannot open BPF object: %s", strerror(errno));
		return -1;
	}
	return 0;
}

bool tracer_wants_syscall_tp(const struct features *feat)
{
	/* those two programs walk argv with bpf_loop, and need the task's registers */
	return feat->have[FEAT_TASK_PT_REGS] && feat->have[FEAT_BPF_LOOP];
}

/* Why feature f cannot be used: the kernel lacks it, or it was turned off. */
static const char *missing_why(const struct features *feat, enum feature f)
{
	return feat->kernel[f] ? "turned off by EXECSNOOP_FEATURES_OFF" : "not in this kernel";
}

int tracer_open(struct tracer *t, const struct options *o, const struct features *feat,
		const struct exec_exit_ids *tp)
{
	bool syscall_tp = tp != NULL && tracer_wants_syscall_tp(feat);
	bool loops = feat->have[FEAT_BPF_LOOP];
	bool tree = o->pid_set || o->command;
	struct execsnoop_bpf *skel;
	unsigned int args = o->args_size;

	memset(t, 0, sizeof(*t));
	t->cg_fd = -1;
	t->ncpu = libbpf_num_possible_cpus();
	if (t->ncpu <= 0) {
		p_err("cannot count CPUs: %s", strerror(-t->ncpu));
		return 1;
	}
	t->percpu = calloc((size_t)t->ncpu, sizeof(*t->percpu));
	if (!t->percpu) {
		p_err("out of memory");
		return 1;
	}
	if (o->transport == TRANSPORT_RING && !feat->have[FEAT_RINGBUF]) {
		p_usage(stderr, "invalid --transport 'ring': the BPF ring buffer (Linux %s) is %s",
			feature_since(FEAT_RINGBUF), missing_why(feat, FEAT_RINGBUF));
		return 2;
	}
	if (open_object(t, o->btf, o->verbose))
		return 1;
	skel = t->skel;
	t->transport = transport_choose(o->transport, feat->have[FEAT_RINGBUF]);
	t->loops = loops;
	t->verbose = o->verbose;
	t->syscall_tp = o->fails && syscall_tp;
	/* auto chose perf: the largest record must fit a perf sample */
	if (t->transport == TRANSPORT_PERF && args > ARGS_SIZE_MAX_PERF)
		args = ARGS_SIZE_MAX_PERF;

	skel->rodata->use_ringbuf = t->transport == TRANSPORT_RING;
	skel->rodata->wakeup_bytes = (__u64)o->buffer_kib * 1024 / 16;
	skel->rodata->args_max = args;
	t->args_size = args;
	skel->rodata->filter_uid = o->uid_set;
	skel->rodata->target_uid = o->uid;
	skel->rodata->filter_ppid = o->ppid_set;
	skel->rodata->target_ppid = (__u32)o->ppid;
	skel->rodata->filter_mntns = o->mntns_set;
	skel->rodata->target_mntns = o->mntns;
	skel->rodata->filter_tree = tree;
	skel->rodata->want_context = options_want_context(o);
	skel->rodata->want_exit = o->exits;
	/* the pictures nest a subshell's children under it: its end is wanted too */
	skel->rodata->exit_all = o->exit_all;
	skel->rodata->nr_execve = SYS_execve;
	skel->rodata->nr_execveat = SYS_execveat;

	if (transport_prepare(skel->maps.events, t->transport, o->buffer_kib)) {
		p_err("cannot set up the event buffer");
		return 1;
	}
	bpf_map__set_max_entries(skel->maps.heap, (__u32)t->ncpu);
	bpf_map__set_value_size(skel->maps.heap, SCRATCH_SIZE(args));
	bpf_map__set_max_entries(skel->maps.tree, tree ? TREE_MAX : 1);
	bpf_map__set_max_entries(skel->maps.exec_time, o->exits ? exec_time_max() : 1);

	/* each hook's program of this kernel's tier: bpf_loop, or bounded loops */
	bpf_program__set_autoload(skel->progs.exec, loops);
	bpf_program__set_autoload(skel->progs.exec_noloop, !loops);
	/* -x: the per-syscall tracepoints where tracefs is, else raw sys_exit */
	bpf_program__set_autoload(skel->progs.fail_raw, o->fails && !syscall_tp && loops);
	bpf_program__set_autoload(skel->progs.fail_raw_noloop, o->fails && !syscall_tp && !loops);
	bpf_program__set_autoload(skel->progs.fail_execve, o->fails && syscall_tp);
	bpf_program__set_autoload(skel->progs.fail_execveat, o->fails && syscall_tp);
	/* attached by id (see attach_tracepoint), not through tracefs by name */
	bpf_program__set_autoattach(skel->progs.fail_execve, false);
	bpf_program__set_autoattach(skel->progs.fail_execveat, false);
	if (tp)
		t->tp = *tp;
	bpf_program__set_autoload(skel->progs.proc_exit, o->exits || tree);
	bpf_program__set_autoload(skel->progs.fork, tree);

	if (o->cgroup) {
		t->cg_fd = open_cgroup(o->cgroup);
		if (t->cg_fd < 0)
			return 2;
		skel->rodata->filter_cgroup = true;
	}
	if (o->cgroupmap) {
		if (use_pinned_map(skel->maps.cgroupmap, o->cgroupmap, "--cgroupmap"))
			return 2;
		skel->rodata->filter_cgroupmap = true;
	}
	if (o->mntnsmap) {
		if (use_pinned_map(skel->maps.mntnsmap, o->mntnsmap, "--mntnsmap"))
			return 2;
		skel->rodata->filter_mntnsmap = true;
	}
	return 0;
}

/* -v: which programs this kernel's tier loaded. */
static void print_programs(struct tracer *t)
{
	struct bpf_program *prog;
	char list[256];
	size_t len = 0;

	list[0] = '\0';
	bpf_object__for_each_program(prog, t->skel->obj) {
		if (bpf_program__autoload(prog) && len < sizeof(list))
			len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
						len ? " " : "", bpf_program__name(prog));
	}
	fprintf(stderr, "execsnoop: programs loaded: %s; transport: %s\n", list,
		t->transport == TRANSPORT_RING ? "ring" : "perf");
}

int tracer_load(struct tracer *t, bool quiet)
{
	int err = execsnoop_bpf__load(t->skel);
	__u32 key = 0;

	if (err && quiet)
		return err;
	if (err == -EPERM) {
		p_err("permission denied loading BPF programs: run as root, or with "
		      "CAP_BPF and CAP_PERFMON");
		return err;
	}
	if (err == -EACCES) {
		p_err("the kernel rejected the BPF programs (verifier or security policy); "
		      "run with -v for details, or --probe");
		return err;
	}
	if (err) {
		p_err("cannot load BPF programs: %s (run with -v for details)", strerror(-err));
		return err;
	}
	if (t->verbose)
		print_programs(t);
	if (t->cg_fd >= 0 && bpf_map_update_elem(bpf_map__fd(t->skel->maps.cgroup_filter),
						 &key, &t->cg_fd, BPF_ANY)) {
		err = -errno;
		if (!quiet)
			p_err("cannot set cgroup filter: %s", strerror(errno));
		return err;
	}
	return 0;
}

int tracer_tree_add(struct tracer *t, pid_t pid, uint32_t depth)
{
	__u32 key = (__u32)pid;

	return bpf_map_update_elem(bpf_map__fd(t->skel->maps.tree), &key, &depth,
				   depth ? BPF_NOEXIST : BPF_ANY);
}

/*
 * A syscall tracepoint by its id: what libbpf does by name, without tracefs
 * having to be mounted where libbpf looks.
 */
static int attach_tracepoint(struct bpf_program *prog, struct bpf_link **link, int id)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_TRACEPOINT,
		.size = sizeof(attr),
		.config = (__u64)id,
	};
	int pfd;

	if (!bpf_program__autoload(prog))
		return 0;
	pfd = (int)syscall(SYS_perf_event_open, &attr, -1, 0, -1, PERF_FLAG_FD_CLOEXEC);
	if (pfd < 0) {
		p_err("cannot attach %s: %s", bpf_program__name(prog), strerror(errno));
		return -1;
	}
	*link = bpf_program__attach_perf_event(prog, pfd);
	if (!*link) {
		p_err("cannot attach %s: %s", bpf_program__name(prog), strerror(errno));
		close(pfd);
		return -1;
	}
	return 0;
}

/* Attaches prog now, if it was loaded; names it if it cannot. */
static int attach_first(struct bpf_program *prog, struct bpf_link **link)
{
	if (!bpf_program__autoload(prog))
		return 0;
	*link = bpf_program__attach(prog);
	if (!*link) {
		p_err("cannot attach %s: %s", bpf_program__name(prog), strerror(errno));
		return -1;
	}
	return 0;
}

int tracer_attach(struct tracer *t)
{
	struct execsnoop_bpf *skel = t->skel;
	int err;

	/*
	 * The process tree and the ends first: a process that execs while
	 * the others attach then has its exit (and its forks) seen too, and
	 * leaves no entry behind in exec_time. The skeleton attaches the rest
	 * (it skips links already made).
	 */
	if (attach_first(skel->progs.fork, &skel->links.fork) ||
	    attach_first(skel->progs.proc_exit, &skel->links.proc_exit))
		return -1;
	err = execsnoop_bpf__attach(skel);
	if (err) {
		p_err("cannot attach BPF programs: %s (run with -v for details)", strerror(-err));
		return -1;
	}
	if (attach_tracepoint(skel->progs.fail_execve, &skel->links.fail_execve,
			      t->tp.execve) ||
	    attach_tracepoint(skel->progs.fail_execveat, &skel->links.fail_execveat,
			      t->tp.execveat))
		return -1;
	return 0;
}

bool tracer_tree_empty(struct tracer *t)
{
	int fd = bpf_map__fd(t->skel->maps.tree);
	__u32 key, next;
	bool empty = true, first = true;

	/*
	 * A process that ended unseen (it exited between the /proc scan and
	 * its insertion) would keep the tree alive forever: drop it here.
	 */
	while (!bpf_map_get_next_key(fd, first ? NULL : &key, &next)) {
		first = false;
		key = next;
		if (kill((pid_t)key, 0) && errno == ESRCH)
			bpf_map_delete_elem(fd, &key);
		else
			empty = false;
	}
	return empty;
}

struct bpf_map *tracer_events(struct tracer *t)
{
	return t->skel->maps.events;
}

uint64_t tracer_counter(struct tracer *t, enum counter which)
{
	__u32 key = which;
	uint64_t sum = 0;
	int cpu;

	if (bpf_map_lookup_elem(bpf_map__fd(t->skel->maps.counters), &key, t->percpu))
		return 0;
	for (cpu = 0; cpu < t->ncpu; cpu++)
		sum += t->percpu[cpu];
	return sum;
}

void tracer_close(struct tracer *t)
{
	execsnoop_bpf__destroy(t->skel);
	t->skel = NULL;
	free(t->percpu);
	t->percpu = NULL;
	if (t->cg_fd >= 0)
		close(t->cg_fd);
	t->cg_fd = -1;
}
