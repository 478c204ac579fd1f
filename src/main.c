// SPDX-License-Identifier: GPL-2.0
/*
 * execsnoop: trace every exec on the system.
 * options -> open skeleton -> configure -> load -> attach -> poll -> clean up.
 */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/magic.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "execsnoop.skel.h"
#include "format.h"
#include "options.h"
#include "output.h"

static volatile sig_atomic_t exiting;

static void on_signal(int sig)
{
	(void)sig;
	exiting = 1;
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
	struct execsnoop_bpf *skel;
	uint64_t lost_user;	/* perf buffer: samples the kernel reported lost */
	uint64_t lost_reported;
	uint64_t malformed;
	time_t last_report;
};

static uint64_t lost_total(struct run *r)
{
	return __atomic_load_n(&r->skel->bss->drops, __ATOMIC_RELAXED) + r->lost_user;
}

/* Called from the poll loop at most once a second, and at exit. */
static void report_lost(struct run *r, bool final)
{
	uint64_t lost = lost_total(r);

	if (lost == r->lost_reported && !(final && lost))
		return;
	output_flush(&r->out);
	if (final)
		fprintf(stderr, "execsnoop: %llu events lost in total (kernel buffer full)\n",
			(unsigned long long)lost);
	else
		fprintf(stderr, "execsnoop: %llu events lost (kernel buffer full), %llu in total\n",
			(unsigned long long)(lost - r->lost_reported),
			(unsigned long long)lost);
	r->lost_reported = lost;
}

static int handle_record(void *ctx, void *data, size_t size)
{
	struct run *r = ctx;
	struct decoded d;

	if (event_decode(&d, data, size)) {
		r->malformed++;
		return 0;
	}
	if (!event_wanted(&r->fc, &d))
		return 0;
	format_text(&r->fc, &d, &r->out.buf);
	output_maybe_flush(&r->out);
	return 0;
}

static void handle_perf_sample(void *ctx, int cpu, void *data, __u32 size)
{
	(void)cpu;
	handle_record(ctx, data, size);
}

static void handle_perf_lost(void *ctx, int cpu, __u64 cnt)
{
	struct run *r = ctx;

	(void)cpu;
	r->lost_user += cnt;
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

/* Finds the cgroup v2 directory for -c: PATH itself or PATH under the v2 mount. */
static int open_cgroup(const char *path)
{
	static const char *const mounts[] = { "/sys/fs/cgroup/unified", "/sys/fs/cgroup" };
	char buf[4096];
	struct statfs sfs;
	unsigned int i;
	int fd;

	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	for (i = 0; fd < 0 && path[0] != '/' && i < 2; i++) {
		if (snprintf(buf, sizeof(buf), "%s/%s", mounts[i], path) >= (int)sizeof(buf))
			break;
		fd = open(buf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	if (fd < 0) {
		fprintf(stderr, "execsnoop: invalid --cgroup '%s': %s\n"
			"Try 'execsnoop --help' for more information.\n", path, strerror(errno));
		return -1;
	}
	if (fstatfs(fd, &sfs) || sfs.f_type != CGROUP2_SUPER_MAGIC) {
		fprintf(stderr, "execsnoop: invalid --cgroup '%s': not a cgroup v2 directory "
			"(cgroup v2 is mounted at /sys/fs/cgroup/unified or /sys/fs/cgroup)\n"
			"Try 'execsnoop --help' for more information.\n", path);
		close(fd);
		return -1;
	}
	return fd;
}

/* bcc-compatible pinned filter map: a BPF hash map with 8-byte keys. */
static int open_pinned_map(const char *path, const char *opt)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	int fd;

	fd = bpf_obj_get(path);
	if (fd < 0) {
		fprintf(stderr, "execsnoop: invalid %s '%s': cannot open pinned map: %s\n"
			"Try 'execsnoop --help' for more information.\n", opt, path,
			strerror(errno));
		return -1;
	}
	if (bpf_obj_get_info_by_fd(fd, &info, &len) || info.type != BPF_MAP_TYPE_HASH ||
	    info.key_size != 8) {
		fprintf(stderr, "execsnoop: invalid %s '%s': not a BPF hash map with 8-byte keys\n"
			"Try 'execsnoop --help' for more information.\n", opt, path);
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

static int configure(struct run *r, bool *use_ring, int *cg_fd)
{
	struct options *o = &r->opts;
	struct execsnoop_bpf *skel = r->skel;
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
#if defined(__x86_64__)
	skel->rodata->nr_execve = 59;
	skel->rodata->nr_execveat = 322;
#elif defined(__aarch64__)
	skel->rodata->nr_execve = 221;
	skel->rodata->nr_execveat = 281;
#endif
	bpf_map__set_max_entries(skel->maps.heap, (__u32)ncpu);
	/*
	 * Twice args_max: the verifier cannot see that a string read at offset
	 * off is limited to args_max - off bytes, only that each is <= args_max.
	 */
	bpf_map__set_value_size(skel->maps.heap,
				sizeof(struct event) + 2 * o->args_size + FILENAME_MAX_LEN);
	if (*use_ring) {
		bpf_map__set_max_entries(skel->maps.rb, o->buffer_kib * 1024);
	} else {
		/* not used: keep it as small as a ring buffer can be */
		bpf_map__set_autocreate(skel->maps.rb, false);
	}
	bpf_program__set_autoload(skel->progs.exec_rb, *use_ring);
	bpf_program__set_autoload(skel->progs.exec_pb, !*use_ring);
	bpf_program__set_autoload(skel->progs.fail_rb, o->fails && *use_ring);
	bpf_program__set_autoload(skel->progs.fail_pb, o->fails && !*use_ring);

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

static int attach(struct run *r, bool use_ring)
{
	struct execsnoop_bpf *skel = r->skel;
	struct bpf_program *progs[2];
	struct bpf_link *link;
	int i, n = 0;

	progs[n++] = use_ring ? skel->progs.exec_rb : skel->progs.exec_pb;
	if (r->opts.fails)
		progs[n++] = use_ring ? skel->progs.fail_rb : skel->progs.fail_pb;
	for (i = 0; i < n; i++) {
		link = bpf_program__attach(progs[i]);
		if (!link) {
			fprintf(stderr, "execsnoop: cannot attach %s: %s\n",
				bpf_program__name(progs[i]), strerror(errno));
			return -1;
		}
		/* the skeleton's destroy detaches these links */
		if (progs[i] == skel->progs.exec_rb)
			skel->links.exec_rb = link;
		else if (progs[i] == skel->progs.exec_pb)
			skel->links.exec_pb = link;
		else if (progs[i] == skel->progs.fail_rb)
			skel->links.fail_rb = link;
		else
			skel->links.fail_pb = link;
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

int main(int argc, char **argv)
{
	static struct run r;
	struct ring_buffer *rb = NULL;
	struct perf_buffer *pb = NULL;
	bool use_ring = true;
	int cg_fd = -1, err, ret = 1;
	struct sigaction sa = {};

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

	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	r.skel = execsnoop_bpf__open();
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
		pb = perf_buffer__new(bpf_map__fd(r.skel->maps.pb),
				      (r.opts.buffer_kib * 1024 / (size_t)getpagesize()) /
				      (size_t)libbpf_num_possible_cpus() ? : 1,
				      handle_perf_sample, handle_perf_lost, &r, NULL);
	if (!rb && !pb) {
		fprintf(stderr, "execsnoop: cannot create event buffer: %s\n", strerror(errno));
		goto cleanup;
	}
	r.fc.opts = &r.opts;
	r.fc.start_ns = clock_ns(CLOCK_MONOTONIC);
	r.fc.realtime_offset_ns = (int64_t)(clock_ns(CLOCK_REALTIME) - r.fc.start_ns);
	r.fc.cached_sec = -1;
	output_init(&r.out, STDOUT_FILENO);
	if (attach(&r, use_ring))
		goto cleanup;
	/* what loading needed (vmlinux BTF, relocations) is freed: give it back */
	malloc_trim(0);

	format_header(&r.fc, &r.out.buf);
	output_flush(&r.out);
	while (!exiting && !r.out.closed) {
		err = rb ? ring_buffer__poll(rb, 100) : perf_buffer__poll(pb, 100);
		if (err < 0 && err != -EINTR) {
			fprintf(stderr, "execsnoop: polling the event buffer: %s\n", strerror(-err));
			goto cleanup;
		}
		output_flush(&r.out);
		if (time(NULL) != r.last_report) {
			r.last_report = time(NULL);
			report_lost(&r, false);
		}
	}
	if (!r.out.closed && rb)
		ring_buffer__consume(rb);
	output_flush(&r.out);
	report_lost(&r, true);
	ret = r.out.error ? 1 : 0;
cleanup:
	ring_buffer__free(rb);
	perf_buffer__free(pb);
	execsnoop_bpf__destroy(r.skel);
	if (cg_fd >= 0)
		close(cg_fd);
	sb_release(&r.fc.scratch);
	output_release(&r.out);
	options_free(&r.opts);
	return ret;
}
