// SPDX-License-Identifier: GPL-2.0
/*
 * execsnoop: trace every exec on the system.
 * options -> open skeleton -> configure -> load -> attach -> poll -> clean up.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/magic.h>
#include <linux/perf_event.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "execsnoop.skel.h"
#include "cgpath.h"
#include "format.h"
#include "kernel_btf.h"
#include "options.h"
#include "output.h"

#define POLL_MS		50	/* the longest an event waits in the kernel buffer */
#define TREE_MAX	65536	/* processes followed by -p / COMMAND */
#define EXEC_TIME_MAX	65536	/* live traced processes remembered for -e */

static volatile sig_atomic_t exiting;
static volatile sig_atomic_t child_done;

static void on_signal(int sig)
{
	(void)sig;
	exiting++;
}

static void on_sigchld(int sig)
{
	(void)sig;
	child_done = 1;
}

static bool verbose;

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG || !verbose)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

struct run {
	struct options opts;
	struct format_ctx fc;
	struct output out;
	struct cgpath_cache cgroups;
	struct execsnoop_bpf *skel;
	uint64_t received;
	uint64_t lost_user;	/* perf buffer: samples the kernel reported lost */
	uint64_t lost_reported;
	uint64_t malformed;
	time_t last_report;
	pid_t child;		/* COMMAND, or 0 */
	bool syscall_tp;	/* -x through syscalls:sys_exit_execve[at] */
	bool mounted_tracefs;	/* we mounted it: unmount at exit */
	int child_status;
};

static uint64_t lost_total(struct run *r)
{
	return __atomic_load_n(&r->skel->bss->drops, __ATOMIC_RELAXED) + r->lost_user;
}

/* Called from the poll loop at most once a second. */
static void report_lost(struct run *r)
{
	uint64_t lost = lost_total(r);

	if (lost == r->lost_reported)
		return;
	output_flush(&r->out);
	fprintf(stderr, "execsnoop: %llu events lost (kernel buffer full), %llu in total\n",
		(unsigned long long)(lost - r->lost_reported), (unsigned long long)lost);
	r->lost_reported = lost;
}

static int handle_record(void *ctx, void *data, size_t size)
{
	struct run *r = ctx;
	struct decoded d;

	r->received++;
	if (event_decode(&d, data, size)) {
		r->malformed++;
		return 0;
	}
	if (!event_wanted(&r->fc, &d)) {
		r->fc.filtered++;
		return 0;
	}
	if (r->opts.json)
		format_json(&r->fc, &d, &r->out.buf);
	else
		format_text(&r->fc, &d, &r->out.buf);
	r->fc.printed++;
	output_maybe_flush(&r->out);
	return 0;
}

/*
 * Perf buffer records, read raw so that the buffer can have a wakeup
 * watermark (libbpf's simple interface wakes the reader for every event).
 */
static enum bpf_perf_event_ret handle_perf_event(void *ctx, int cpu,
						 struct perf_event_header *h)
{
	struct run *r = ctx;

	(void)cpu;
	if (h->type == PERF_RECORD_SAMPLE && h->size >= sizeof(*h) + sizeof(__u32)) {
		const __u32 *size = (const __u32 *)(h + 1);

		if (*size <= h->size - sizeof(*h) - sizeof(__u32))
			handle_record(r, (void *)(size + 1), *size);
		else
			r->malformed++;
	} else if (h->type == PERF_RECORD_LOST &&
		   h->size >= sizeof(*h) + 2 * sizeof(__u64)) {
		const __u64 *lost = (const __u64 *)(h + 1);

		r->lost_user += lost[1];	/* after the event id */
	}
	return LIBBPF_PERF_EVENT_CONT;
}

static bool has_cap(int cap)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data))
		return false;
	return data[cap / 32].effective & (1u << (cap % 32));
}

static int check_environment(void)
{
	if (access("/sys/kernel/btf/vmlinux", R_OK)) {
		fprintf(stderr, "execsnoop: this kernel has no BTF (/sys/kernel/btf/vmlinux: %s); "
			"a kernel built with CONFIG_DEBUG_INFO_BTF=y is required\n",
			strerror(errno));
		return -1;
	}
	if (geteuid() != 0 && !has_cap(CAP_SYS_ADMIN) &&
	    !(has_cap(CAP_BPF) && has_cap(CAP_PERFMON))) {
		fprintf(stderr, "execsnoop: permission denied: run as root, or with "
			"CAP_BPF and CAP_PERFMON (sudo execsnoop)\n");
		return -1;
	}
	return 0;
}

static int usage_error(const char *fmt, const char *a, const char *b)
{
	fputs("execsnoop: ", stderr);
	fprintf(stderr, fmt, a, b);
	fputs("\nTry 'execsnoop --help' for more information.\n", stderr);
	return -1;
}

/* Finds the cgroup v2 directory for -c: PATH itself or PATH under the v2 mount. */
static int open_cgroup(const char *path)
{
	const char *mnt = cgroup2_mount();
	char buf[4096];
	struct statfs sfs;
	int fd;

	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 && path[0] != '/' && mnt &&
	    snprintf(buf, sizeof(buf), "%s/%s", mnt, path) < (int)sizeof(buf))
		fd = open(buf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return usage_error("invalid --cgroup '%s': %s", path, strerror(errno));
	if (fstatfs(fd, &sfs) || sfs.f_type != CGROUP2_SUPER_MAGIC) {
		close(fd);
		return usage_error("invalid --cgroup '%s': %s", path,
				   "not a cgroup v2 directory");
	}
	return fd;
}

/* bcc-compatible pinned filter map: a BPF hash map with 8-byte keys. */
static int open_pinned_map(const char *path, const char *opt)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	char what[64];
	int fd;

	snprintf(what, sizeof(what), "invalid %s", opt);
	fd = bpf_obj_get(path);
	if (fd < 0) {
		fprintf(stderr, "execsnoop: %s '%s': cannot open pinned map: %s\n"
			"Try 'execsnoop --help' for more information.\n", what, path,
			strerror(errno));
		return -1;
	}
	if (bpf_obj_get_info_by_fd(fd, &info, &len) || info.type != BPF_MAP_TYPE_HASH ||
	    info.key_size != 8) {
		fprintf(stderr, "execsnoop: %s '%s': not a BPF hash map with 8-byte keys\n"
			"Try 'execsnoop --help' for more information.\n", what, path);
		close(fd);
		return -1;
	}
	return fd;
}

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static bool use_tree(const struct options *o)
{
	return o->pid_set || o->command;
}

#define TRACEFS		"/sys/kernel/tracing"
#define EXIT_EXECVE_ID	"/events/syscalls/sys_exit_execve/id"

/*
 * -x: whether the syscalls:sys_exit_execve[at] tracepoints can be attached.
 * They need tracefs (libbpf reads their ids there): mount it if we may.
 * EXECSNOOP_NO_TRACEFS=1 forces the raw sys_exit fallback (for tests).
 */
static bool syscall_tracepoints(bool *mounted)
{
	const char *no = getenv("EXECSNOOP_NO_TRACEFS");

	if (no && !strcmp(no, "1"))
		return false;
	/* libbpf looks under debugfs first when that directory exists */
	if (!access("/sys/kernel/debug/tracing", F_OK))
		return !access("/sys/kernel/debug/tracing" EXIT_EXECVE_ID, R_OK);
	if (!access(TRACEFS EXIT_EXECVE_ID, R_OK))
		return true;
	if (mount("tracefs", TRACEFS, "tracefs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL))
		return false;
	*mounted = true;
	return !access(TRACEFS EXIT_EXECVE_ID, R_OK);
}

static int configure(struct run *r, bool *use_ring, int *cg_fd)
{
	struct options *o = &r->opts;
	struct execsnoop_bpf *skel = r->skel;
	bool ctx = o->json || o->show_cwd || o->show_exe || o->show_context;
	bool tree = use_tree(o);
	int ncpu = libbpf_num_possible_cpus();
	int fd;

	if (ncpu <= 0) {
		fprintf(stderr, "execsnoop: cannot count CPUs: %s\n", strerror(-ncpu));
		return -1;
	}
	switch (o->transport) {
	case TRANSPORT_RING:
		*use_ring = true;
		break;
	case TRANSPORT_PERF:
		*use_ring = false;
		break;
	default:
		*use_ring = libbpf_probe_bpf_map_type(BPF_MAP_TYPE_RINGBUF, NULL) > 0;
		if (!*use_ring && o->args_size > ARGS_SIZE_MAX_PERF)
			o->args_size = ARGS_SIZE_MAX_PERF;
		break;
	}
	skel->rodata->args_max = o->args_size;
	skel->rodata->filter_uid = o->uid_set;
	skel->rodata->target_uid = o->uid;
	skel->rodata->filter_ppid = o->ppid_set;
	skel->rodata->target_ppid = (__u32)o->ppid;
	skel->rodata->filter_mntns = o->mntns_set;
	skel->rodata->target_mntns = o->mntns;
	skel->rodata->filter_tree = tree;
	skel->rodata->want_context = ctx;
	skel->rodata->want_exit = o->exits;
	skel->rodata->exit_all = o->exit_all;
#if defined(__x86_64__)
	skel->rodata->nr_execve = 59;
	skel->rodata->nr_execveat = 322;
#elif defined(__aarch64__)
	skel->rodata->nr_execve = 221;
	skel->rodata->nr_execveat = 281;
#else
#error "execsnoop: set the execve/execveat syscall numbers for this architecture"
#endif
	bpf_map__set_max_entries(skel->maps.heap, (__u32)ncpu);
	/*
	 * Twice args_max: the verifier cannot see that a string read at offset
	 * off is limited to args_max - off bytes, only that each is <= args_max.
	 */
	bpf_map__set_value_size(skel->maps.heap, sizeof(struct event) + 2 * o->args_size +
				FILENAME_MAX_LEN + 2 * PATH_BUF_LEN + 2 * NAME_LEN_MAX);
	bpf_map__set_max_entries(skel->maps.tree, tree ? TREE_MAX : 1);
	bpf_map__set_max_entries(skel->maps.exec_time, o->exits ? EXEC_TIME_MAX : 1);
	if (*use_ring) {
		bpf_map__set_max_entries(skel->maps.rb, o->buffer_kib * 1024);
		skel->rodata->wakeup_bytes = o->buffer_kib * 1024 / 16;
	}
	else
		bpf_map__set_autocreate(skel->maps.rb, false);
	bpf_program__set_autoload(skel->progs.exec_rb, *use_ring);
	bpf_program__set_autoload(skel->progs.exec_pb, !*use_ring);
	if (o->fails)
		r->syscall_tp = syscall_tracepoints(&r->mounted_tracefs);
	bpf_program__set_autoload(skel->progs.fail_rb, o->fails && *use_ring && !r->syscall_tp);
	bpf_program__set_autoload(skel->progs.fail_pb, o->fails && !*use_ring && !r->syscall_tp);
	bpf_program__set_autoload(skel->progs.fail_execve_rb, r->syscall_tp && *use_ring);
	bpf_program__set_autoload(skel->progs.fail_execveat_rb, r->syscall_tp && *use_ring);
	bpf_program__set_autoload(skel->progs.fail_execve_pb, r->syscall_tp && !*use_ring);
	bpf_program__set_autoload(skel->progs.fail_execveat_pb, r->syscall_tp && !*use_ring);
	bpf_program__set_autoload(skel->progs.exit_rb, (o->exits || tree) && *use_ring);
	bpf_program__set_autoload(skel->progs.exit_pb, (o->exits || tree) && !*use_ring);
	bpf_program__set_autoload(skel->progs.fork, tree);

	if (o->cgroup) {
		*cg_fd = open_cgroup(o->cgroup);
		if (*cg_fd < 0)
			return -1;
		skel->rodata->filter_cgroup = true;
	}
	if (o->cgroupmap) {
		fd = open_pinned_map(o->cgroupmap, "--cgroupmap");
		if (fd < 0 || bpf_map__reuse_fd(skel->maps.cgroupmap, fd))
			return -1;
		close(fd);
		skel->rodata->filter_cgroupmap = true;
	}
	if (o->mntnsmap) {
		fd = open_pinned_map(o->mntnsmap, "--mntnsmap");
		if (fd < 0 || bpf_map__reuse_fd(skel->maps.mntnsmap, fd))
			return -1;
		close(fd);
		skel->rodata->filter_mntnsmap = true;
	}
	return 0;
}

/* Attaches every program that was loaded; the skeleton detaches them. */
static int attach(struct run *r)
{
	struct execsnoop_bpf *skel = r->skel;
	struct {
		struct bpf_program *prog;
		struct bpf_link **link;
	} t[] = {
		{ skel->progs.fork, &skel->links.fork },
		{ skel->progs.exit_rb, &skel->links.exit_rb },
		{ skel->progs.exit_pb, &skel->links.exit_pb },
		{ skel->progs.exec_rb, &skel->links.exec_rb },
		{ skel->progs.exec_pb, &skel->links.exec_pb },
		{ skel->progs.fail_rb, &skel->links.fail_rb },
		{ skel->progs.fail_pb, &skel->links.fail_pb },
		{ skel->progs.fail_execve_rb, &skel->links.fail_execve_rb },
		{ skel->progs.fail_execveat_rb, &skel->links.fail_execveat_rb },
		{ skel->progs.fail_execve_pb, &skel->links.fail_execve_pb },
		{ skel->progs.fail_execveat_pb, &skel->links.fail_execveat_pb },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (!bpf_program__autoload(t[i].prog))
			continue;
		*t[i].link = bpf_program__attach(t[i].prog);
		if (!*t[i].link) {
			fprintf(stderr, "execsnoop: cannot attach %s: %s\n",
				bpf_program__name(t[i].prog), strerror(errno));
			return -1;
		}
	}
	return 0;
}

static void load_error(int err)
{
	if (err == -EPERM)
		fprintf(stderr, "execsnoop: permission denied loading BPF programs: run as "
			"root, or with CAP_BPF and CAP_PERFMON\n");
	else if (err == -EACCES)
		fprintf(stderr, "execsnoop: the kernel rejected the BPF programs (verifier or "
			"security policy); run with -v for details\n");
	else
		fprintf(stderr, "execsnoop: cannot load BPF programs: %s (run with -v for "
			"details)\n", strerror(-err));
}

static pid_t read_ppid(pid_t pid)
{
	char path[64], buf[512], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* comm may hold anything, even ") ": the state follows the last ')' */
	p = strrchr(buf, ')');
	if (!p || strlen(p) < 4)
		return -1;
	return (pid_t)strtol(p + 4, NULL, 10);
}

/*
 * -p: the root is in the map before the fork hook is attached; processes it
 * (or its descendants) forked earlier are found in /proc. Two passes catch
 * a descendant forked by one that the first pass had not inserted yet.
 */
static void tree_add_existing(struct run *r, pid_t root)
{
	int fd = bpf_map__fd(r->skel->maps.tree);
	struct dirent *de;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		DIR *dir = opendir("/proc");

		if (!dir)
			return;
		while ((de = readdir(dir))) {
			pid_t pid = (pid_t)atoi(de->d_name), p = pid;
			__u32 key, depth = 0, d;
			int hops;

			if (pid <= 0 || pid == root)
				continue;
			/* walk up to the root (or give up) */
			for (hops = 0; hops < 4096 && p > 1 && p != root; hops++) {
				p = read_ppid(p);
				depth++;
			}
			if (p != root)
				continue;
			key = (__u32)pid;
			d = depth;
			bpf_map_update_elem(fd, &key, &d, BPF_NOEXIST);
		}
		closedir(dir);
	}
}

static int tree_add_root(struct run *r, pid_t pid)
{
	__u32 key = (__u32)pid, depth = 0;

	return bpf_map_update_elem(bpf_map__fd(r->skel->maps.tree), &key, &depth, BPF_ANY);
}

/*
 * COMMAND's path, found as a shell finds it (execvp would try an exec in
 * each PATH directory, and -x would show every miss). NULL: not found.
 */
static const char *find_command(const char *name, char *buf, size_t len)
{
	const char *path = getenv("PATH"), *p, *end;
	int n;

	if (strchr(name, '/'))
		return name;
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path; ; p = end + 1) {
		end = strchrnul(p, ':');
		n = snprintf(buf, len, "%.*s%s%s", (int)(end - p), p, end > p ? "/" : "", name);
		if (n > 0 && (size_t)n < len && !access(buf, X_OK))
			return buf;
		if (!*end)
			return NULL;
	}
}

/*
 * COMMAND: the child waits on a pipe until the tracer is attached, so that
 * its own exec is the first event.
 */
static pid_t spawn_command(char **argv, int *go_fd)
{
	char buf[4096], c;
	const char *file;
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		close(p[1]);
		signal(SIGPIPE, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGCHLD, SIG_DFL);
		if (read(p[0], &c, 1) != 1)
			_exit(127);	/* the tracer failed: run nothing */
		file = find_command(argv[0], buf, sizeof(buf));
		if (!file) {
			fprintf(stderr, "execsnoop: cannot run '%s': command not found\n", argv[0]);
			_exit(127);
		}
		execv(file, argv);
		fprintf(stderr, "execsnoop: cannot run '%s': %s\n", argv[0], strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	close(p[0]);
	*go_fd = p[1];
	return pid;
}

static uint64_t bss_load(__u64 *v)
{
	return __atomic_load_n(v, __ATOMIC_RELAXED);
}

static void finish(struct run *r, uint64_t start_ns)
{
	struct summary s = {
		.received = r->received,
		.printed = r->fc.printed,
		.lost = lost_total(r),
		.filtered_kernel = bss_load(&r->skel->bss->filtered),
		.filtered_user = r->fc.filtered,
		.malformed = r->malformed,
		.tree_full = bss_load(&r->skel->bss->tree_full),
		.duration_s = (double)(clock_ns(CLOCK_MONOTONIC) - start_ns) / 1e9,
	};

	if (r->out.closed)
		return;		/* the reader is gone: leave quietly */
	if (r->opts.json) {
		format_summary_json(&s, &r->out.buf);
		output_flush(&r->out);
	}
	fprintf(stderr, "execsnoop: %llu events, %llu printed, %llu lost, %llu filtered "
		"(%llu in kernel, %llu by -n/-l)%s%s\n",
		(unsigned long long)s.received, (unsigned long long)s.printed,
		(unsigned long long)s.lost,
		(unsigned long long)(s.filtered_kernel + s.filtered_user),
		(unsigned long long)s.filtered_kernel, (unsigned long long)s.filtered_user,
		s.malformed ? ", malformed records dropped" : "",
		s.tree_full ? ", process tree map full: some descendants not followed" : "");
}

/* Pages per CPU for the perf buffer: the total split, a power of two. */
static size_t perf_pages(const struct options *o)
{
	size_t page = (size_t)getpagesize();
	size_t per_cpu = (size_t)o->buffer_kib * 1024 / page /
			 (size_t)libbpf_num_possible_cpus();
	size_t need = 2 * (sizeof(struct event) + o->args_size + FILENAME_MAX_LEN +
			   2 * PATH_BUF_LEN) / page + 1;
	size_t pages = 1;

	/* each CPU's buffer must hold two of the largest records */
	while (pages * 2 <= per_cpu || pages < need)
		pages *= 2;
	return pages;
}

static struct perf_buffer *open_perf_buffer(struct run *r)
{
	size_t pages = perf_pages(&r->opts);
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE,
		.config = PERF_COUNT_SW_BPF_OUTPUT,
		.sample_type = PERF_SAMPLE_RAW,
		.sample_period = 1,
		.watermark = 1,
		/* wake the reader at 1/16 full; the poll loop drains it anyway */
		.wakeup_watermark = (__u32)(pages * (size_t)getpagesize() / 16),
	};

	attr.size = sizeof(attr);
	return perf_buffer__new_raw(bpf_map__fd(r->skel->maps.pb), pages, &attr,
				    handle_perf_event, r, NULL);
}

/*
 * Waits up to timeout ms for a wakeup, then drains the buffer: the BPF side
 * only wakes us when the ring buffer fills up, so a timeout must drain too.
 */
static int poll_once(struct ring_buffer *rb, struct perf_buffer *pb, int timeout)
{
	int err;

	if (!rb) {
		err = perf_buffer__poll(pb, timeout);
		return err < 0 ? err : perf_buffer__consume(pb);
	}
	err = ring_buffer__poll(rb, timeout);
	if (err < 0)
		return err;
	return ring_buffer__consume(rb);
}

int main(int argc, char **argv)
{
	static struct run r;
	struct ring_buffer *rb = NULL;
	struct perf_buffer *pb = NULL;
	bool use_ring = true, forwarded = false;
	int cg_fd = -1, go_fd = -1, out_fd = STDOUT_FILENO, err, ret = 1;
	struct sigaction sa = {};
	uint64_t start_ns;
	time_t now;

	switch (options_parse(&r.opts, argc, argv, stdout, stderr)) {
	case PARSE_OK:
		break;
	case PARSE_EXIT:
		return fflush(stdout) ? 1 : 0;
	default:
		options_free(&r.opts);
		return 2;
	}
	verbose = r.opts.verbose;
	libbpf_set_print(libbpf_print);
	if (check_environment())
		goto cleanup;
	if (r.opts.pid_set && kill(r.opts.pid, 0) && errno == ESRCH) {
		char num[16];

		snprintf(num, sizeof(num), "%d", (int)r.opts.pid);
		usage_error("invalid --pid '%s': %s", num, "no such process");
		ret = 2;
		goto cleanup;
	}
	if (r.opts.output) {
		out_fd = open(r.opts.output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (out_fd < 0) {
			usage_error("invalid --output '%s': %s", r.opts.output, strerror(errno));
			ret = 2;
			goto cleanup;
		}
	}

	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = on_sigchld;
	sigaction(SIGCHLD, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	{
		LIBBPF_OPTS(bpf_object_open_opts, open_opts,
			    .btf_custom_path = min_btf_path());

		if (verbose)
			fprintf(stderr, "execsnoop: CO-RE types from %s\n",
				open_opts.btf_custom_path ? "the embedded minimal BTF"
							  : VMLINUX_BTF_PATH);
		r.skel = execsnoop_bpf__open_opts(&open_opts);
	}
	if (!r.skel) {
		fprintf(stderr, "execsnoop: cannot open BPF object: %s\n", strerror(errno));
		goto cleanup;
	}
	if (configure(&r, &use_ring, &cg_fd)) {
		ret = 2;
		goto cleanup;
	}
	err = execsnoop_bpf__load(r.skel);
	if (err) {
		load_error(err);
		goto cleanup;
	}
	if (cg_fd >= 0) {
		__u32 key = 0;

		if (bpf_map_update_elem(bpf_map__fd(r.skel->maps.cgroup_filter), &key,
					&cg_fd, BPF_ANY)) {
			fprintf(stderr, "execsnoop: cannot set cgroup filter: %s\n",
				strerror(errno));
			goto cleanup;
		}
	}
	if (use_ring)
		rb = ring_buffer__new(bpf_map__fd(r.skel->maps.rb), handle_record, &r, NULL);
	else
		pb = open_perf_buffer(&r);
	if (!rb && !pb) {
		fprintf(stderr, "execsnoop: cannot create event buffer: %s\n", strerror(errno));
		goto cleanup;
	}
	r.fc.opts = &r.opts;
	r.fc.cached_sec = -1;
	if (r.opts.json || r.opts.show_context) {
		cgpath_init(&r.cgroups);
		r.fc.cgroups = &r.cgroups;
	}
	output_init(&r.out, out_fd);

	if (r.opts.command) {
		r.child = spawn_command(r.opts.command, &go_fd);
		if (r.child < 0) {
			fprintf(stderr, "execsnoop: cannot fork: %s\n", strerror(errno));
			goto cleanup;
		}
	}
	if ((r.child && tree_add_root(&r, r.child)) ||
	    (r.opts.pid_set && tree_add_root(&r, r.opts.pid))) {
		fprintf(stderr, "execsnoop: cannot set up the process tree: %s\n", strerror(errno));
		goto cleanup;
	}
	if (attach(&r))
		goto cleanup;
	if (r.opts.pid_set)
		tree_add_existing(&r, r.opts.pid);
	/* what loading needed (vmlinux BTF, relocations) is freed: give it back */
	malloc_trim(0);

	start_ns = clock_ns(CLOCK_MONOTONIC);
	r.fc.start_ns = start_ns;
	r.fc.realtime_offset_ns = (int64_t)(clock_ns(CLOCK_REALTIME) - start_ns);
	if (!r.opts.json)
		format_header(&r.fc, &r.out.buf);
	output_flush(&r.out);
	if (go_fd >= 0) {
		if (write(go_fd, "g", 1) != 1)
			fprintf(stderr, "execsnoop: cannot start COMMAND: %s\n", strerror(errno));
		close(go_fd);
		go_fd = -1;
	}

	while (!r.out.closed && !r.out.error) {
		if (exiting) {
			if (!r.child || exiting > 1)
				break;
			/* first signal: pass it on, keep tracing until COMMAND ends */
			if (!forwarded)
				kill(r.child, SIGTERM);
			forwarded = true;
		}
		err = poll_once(rb, pb, POLL_MS);
		if (err < 0 && err != -EINTR) {
			fprintf(stderr, "execsnoop: polling the event buffer: %s\n", strerror(-err));
			goto cleanup;
		}
		output_flush(&r.out);
		if (child_done && r.child) {
			child_done = 0;
			if (waitpid(r.child, &r.child_status, WNOHANG) == r.child) {
				/* its exit event is in the buffer: drain, then stop */
				poll_once(rb, pb, 0);
				r.child = -r.child;
				break;
			}
		}
		now = time(NULL);
		if (now != r.last_report) {
			r.last_report = now;
			report_lost(&r);
		}
	}
	/* what is still in the kernel buffer was traced: print it */
	if (!r.out.closed && rb)
		ring_buffer__consume(rb);
	else if (!r.out.closed && pb)
		perf_buffer__consume(pb);
	output_flush(&r.out);
	report_lost(&r);
	finish(&r, start_ns);
	ret = r.out.error ? 1 : 0;
	if (r.child < 0)
		ret = WIFEXITED(r.child_status) ? WEXITSTATUS(r.child_status)
						: 128 + WTERMSIG(r.child_status);
cleanup:
	if (go_fd >= 0)
		close(go_fd);	/* the child reads EOF and exits without running */
	ring_buffer__free(rb);
	perf_buffer__free(pb);
	execsnoop_bpf__destroy(r.skel);
	if (r.mounted_tracefs)
		umount2(TRACEFS, MNT_DETACH);	/* leave the system as we found it */
	if (cg_fd >= 0)
		close(cg_fd);
	if (r.fc.cgroups)
		cgpath_free(&r.cgroups);
	free(r.fc.depths);
	free(r.fc.shown);
	sb_release(&r.fc.scratch);
	output_release(&r.out);
	if (out_fd != STDOUT_FILENO && out_fd >= 0)
		close(out_fd);
	options_free(&r.opts);
	return ret;
}
