// SPDX-License-Identifier: GPL-2.0
/*
 * execgen: the benchmark's workload generator.
 *
 * exec mode (default): W worker processes perform exactly N execs of a tiny
 * static program between them, as fast as they can (posix_spawn + waitpid,
 * or with -t fork + exec from a second thread of the child).  Every exec
 * carries a unique marker as argv[1]: M<tag>w<worker>n<seq>.  Prints the
 * exec rate (and the rate of each worker's fastest twentieth, summed); with
 * -p PID it also samples that process's VmRSS while the workload runs.
 *
 * probe mode (-P USEC): exec a marker M<tag>p<k> every USEC microseconds
 * until one of them shows up in FILE (a tracer's output), and report when the
 * first printed marker was started, relative to -T (a launch time); -k PID
 * gives up as soon as PID (the tracer) has exited.
 *
 * syscall mode (-S N): N cheap syscalls (getppid) from W workers, no exec;
 * prints the time per syscall.
 *
 * Output: one line of key=value pairs on stdout.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *prog = "bench/out/tiny";
static const char *tag = "X";
static long n_total = 1000;
static int workers = 1;
static int nargs;		/* extra arguments after the marker */
static long argsize = 100;	/* bytes of each extra argument */
static bool thread_mode;
static pid_t mon_pid;		/* process whose RSS is sampled (-p) */
static long probe_us;		/* probe mode interval */
static const char *probe_file;
static const char *header_pat;
static double t0_arg = -1;	/* launch time, seconds since the epoch */
static double timeout_s = 30;
static bool scan_from_start;
static bool ready_on_header;	/* -R: the header is enough (a filter hides markers) */
static long syscalls;		/* syscall mode */
static pid_t watch_pid;		/* -k: give up when this process is gone */

static char *const empty_env[] = { NULL };

static void die(const char *what)
{
	fprintf(stderr, "execgen: %s: %s\n", what, strerror(errno));
	exit(2);
}

static uint64_t now_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void usage(void)
{
	fputs("usage: execgen [-n N] [-w W] [-a NARGS] [-s BYTES] [-t] [-m TAG] [-x PROG] [-p PID]\n"
	      "       execgen -P USEC -f FILE [-m TAG] [-T EPOCH] [-H PATTERN] [-W SECS] [-0] [-R] [-k PID]\n"
	      "       execgen -S N [-w W]\n", stderr);
	exit(2);
}

/* ---- CPU accounting: how much of the machine others used ----------------- */

/* Busy time of all CPUs (everything but idle and iowait), in ms. */
static double machine_busy_ms(void)
{
	unsigned long long v[10] = { 0 };
	double tck = (double)sysconf(_SC_CLK_TCK);
	FILE *f = fopen("/proc/stat", "re");
	int n;

	if (!f)
		return -1;
	n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2],
		   &v[3], &v[4], &v[5], &v[6], &v[7]);
	fclose(f);
	if (n < 8)
		return -1;
	/* user nice system [idle] [iowait] irq softirq steal */
	return (double)(v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) * 1000.0 / tck;
}

/* utime+stime of a process, in ms (clock ticks). */
static double proc_cpu_ms(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long long ut, st;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	/* after ") ": state ppid pgrp session tty tpgid flags minflt cminflt
	 * majflt cmajflt utime stime */
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
			 &ut, &st) != 2)
		return 0;
	return (double)(ut + st) * 1000.0 / (double)sysconf(_SC_CLK_TCK);
}

/* CPU of this process and its reaped descendants (the workload), in ms. */
static double own_cpu_ms(void)
{
	struct rusage s, c;

	getrusage(RUSAGE_SELF, &s);
	getrusage(RUSAGE_CHILDREN, &c);
	return (double)(s.ru_utime.tv_sec + s.ru_stime.tv_sec + c.ru_utime.tv_sec +
			c.ru_stime.tv_sec) * 1000.0 +
	       (double)(s.ru_utime.tv_usec + s.ru_stime.tv_usec + c.ru_utime.tv_usec +
			c.ru_stime.tv_usec) / 1000.0;
}

struct acct {
	double busy, own, tracer;
};

static void acct_start(struct acct *a)
{
	a->busy = machine_busy_ms();
	a->own = own_cpu_ms();
	a->tracer = mon_pid ? proc_cpu_ms(mon_pid) : 0;
}

/*
 * Prints the share of the machine's CPU time, over wall_ns, that neither the
 * workload (with the BPF programs it runs) nor the tracer used: other load.
 */
static void acct_print(const struct acct *a, uint64_t wall_ns)
{
	double busy = machine_busy_ms() - a->busy, own = own_cpu_ms() - a->own;
	double tracer = mon_pid ? proc_cpu_ms(mon_pid) - a->tracer : 0;
	double cap = (double)wall_ns / 1e6 * (double)sysconf(_SC_NPROCESSORS_ONLN);
	double other = busy - own - tracer;

	if (other < 0)
		other = 0;
	printf(" machine_busy_pct=%.1f other_cpu_pct=%.1f", cap > 0 ? 100 * busy / cap : 0,
	       cap > 0 ? 100 * other / cap : 0);
}

/* ---- exec mode ---------------------------------------------------------- */

struct counts {
	long ok;
	long fail;
	uint64_t best_ns;	/* fastest chunk of `chunk` execs */
	long chunk;
};

struct thread_exec {
	char **argv;
};

static void *exec_thread(void *p)
{
	struct thread_exec *te = p;

	execve(prog, te->argv, empty_env);
	_exit(127);
}

/* One exec carrying argv; returns true if the program ran and exited 0. */
static bool one_exec(char **argv)
{
	pid_t pid;
	int st;

	if (thread_mode) {
		pid = fork();
		if (pid < 0)
			return false;
		if (pid == 0) {
			struct thread_exec te = { argv };
			pthread_t t;

			if (pthread_create(&t, NULL, exec_thread, &te))
				_exit(126);
			for (;;)
				pause();	/* killed by the other thread's exec */
		}
	} else if (posix_spawn(&pid, prog, NULL, NULL, argv, empty_env)) {
		return false;
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return false;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static void worker(int w, long n, struct counts *c)
{
	char **argv = calloc((size_t)nargs + 3, sizeof(*argv));
	char marker[128];
	uint64_t t, u;
	long k;
	int j;

	if (!argv)
		die("calloc");
	argv[0] = "tiny";
	argv[1] = marker;
	for (j = 0; j < nargs; j++) {
		argv[2 + j] = malloc((size_t)argsize + 1);
		if (!argv[2 + j])
			die("malloc");
		memset(argv[2 + j], 'a' + j % 26, (size_t)argsize);
		argv[2 + j][argsize] = '\0';
	}
	/* timed in 20 chunks: the fastest is the least disturbed by other load */
	c->chunk = n / 20 > 0 ? n / 20 : 1;
	c->best_ns = UINT64_MAX;
	t = now_ns(CLOCK_MONOTONIC);
	for (k = 0; k < n; k++) {
		snprintf(marker, sizeof(marker), "M%sw%dn%ld", tag, w, k);
		if (one_exec(argv))
			c->ok++;
		else
			c->fail++;
		if ((k + 1) % c->chunk == 0) {
			u = now_ns(CLOCK_MONOTONIC);
			if (u - t < c->best_ns)
				c->best_ns = u - t;
			t = u;
		}
	}
}

static volatile bool mon_stop;
static long *rss_samples;
static size_t rss_n, rss_cap;

static long read_status_kb(pid_t pid, const char *key)
{
	char path[64], line[256];
	size_t kl = strlen(key);
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, kl) && line[kl] == ':') {
			v = strtol(line + kl + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

static void *monitor(void *unused)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	long v;

	(void)unused;
	while (!mon_stop) {
		v = read_status_kb(mon_pid, "VmRSS");
		if (v >= 0) {
			if (rss_n == rss_cap) {
				rss_cap = rss_cap ? 2 * rss_cap : 1024;
				rss_samples = realloc(rss_samples, rss_cap * sizeof(long));
				if (!rss_samples)
					die("realloc");
			}
			rss_samples[rss_n++] = v;
		}
		nanosleep(&ts, NULL);
	}
	return NULL;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

static int run_exec(void)
{
	struct acct acct;
	struct counts *c;
	double rate_best = 0;
	long ok = 0, fail = 0;
	uint64_t t_start, t_end;
	pthread_t mon;
	double secs;
	int w, st;
	pid_t pid;

	if (access(prog, X_OK))
		die(prog);
	c = mmap(NULL, sizeof(*c) * (size_t)workers, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (c == MAP_FAILED)
		die("mmap");
	acct_start(&acct);
	t_start = now_ns(CLOCK_MONOTONIC);
	for (w = 0; w < workers; w++) {
		long n = n_total / workers + (w < n_total % workers);

		pid = fork();
		if (pid < 0)
			die("fork");
		if (pid == 0) {
			worker(w, n, &c[w]);
			_exit(0);
		}
	}
	if (mon_pid && pthread_create(&mon, NULL, monitor, NULL))
		die("pthread_create");
	for (w = 0; w < workers; w++)
		if (wait(&st) < 0)
			die("wait");
	t_end = now_ns(CLOCK_MONOTONIC);
	if (mon_pid) {
		mon_stop = true;
		pthread_join(mon, NULL);
	}
	for (w = 0; w < workers; w++) {
		ok += c[w].ok;
		fail += c[w].fail;
		if (c[w].best_ns && c[w].best_ns != UINT64_MAX)
			rate_best += (double)c[w].chunk * 1e9 / (double)c[w].best_ns;
	}
	secs = (double)(t_end - t_start) / 1e9;
	printf("mode=exec execs=%ld ok=%ld fail=%ld workers=%d nargs=%d argsize=%ld thread=%d "
	       "secs=%.3f rate=%.1f", n_total, ok, fail, workers, nargs, nargs ? argsize : 0,
	       thread_mode, secs, secs > 0 ? (double)ok / secs : 0.0);
	printf(" rate_best=%.1f", rate_best);
	if (mon_pid) {
		long med = -1, max = -1;

		if (rss_n) {
			qsort(rss_samples, rss_n, sizeof(long), cmp_long);
			med = rss_samples[rss_n / 2];
			max = rss_samples[rss_n - 1];
		}
		printf(" rss_samples=%zu rss_med_kb=%ld rss_max_kb=%ld", rss_n, med, max);
	}
	acct_print(&acct, t_end - t_start);
	putchar('\n');
	return fail ? 1 : 0;
}

/* ---- probe mode --------------------------------------------------------- */

/* False once pid has exited (a zombie counts as exited). */
static bool alive(pid_t pid)
{
	char path[64], buf[512], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p && p[1] == ' ' && p[2] != 'Z' && p[2] != 'X';
}

static int run_probe(void)
{
	char pfx[96], marker[128], *argv[3] = { "tiny", marker, NULL };
	size_t plen, hlen = header_pat ? strlen(header_pat) : 0, cap = 1 << 20;
	uint64_t start, t0, now, next, header_ns = 0, seen_ns = 0;
	uint64_t *spawned = NULL;
	long k, nspawn = 0, first_k = -1, spawned_cap = 0;
	off_t off = -1;
	char *buf = malloc(cap);
	int fd = -1;

	if (!buf)
		die("malloc");
	plen = (size_t)snprintf(pfx, sizeof(pfx), "M%sp", tag);
	start = now_ns(CLOCK_REALTIME);
	t0 = t0_arg >= 0 ? (uint64_t)(t0_arg * 1e9) : start;
	next = start;
	for (k = 0; ; k++) {
		now = now_ns(CLOCK_REALTIME);
		if ((double)(now - start) / 1e9 > timeout_s)
			break;
		/* one marker exec */
		if (nspawn == spawned_cap) {
			spawned_cap = spawned_cap ? 2 * spawned_cap : 1024;
			spawned = realloc(spawned, (size_t)spawned_cap * sizeof(*spawned));
			if (!spawned)
				die("realloc");
		}
		snprintf(marker, sizeof(marker), "%s%ld", pfx, k);
		spawned[nspawn++] = now_ns(CLOCK_REALTIME);
		one_exec(argv);

		/* look at what the tracer printed since last time */
		if (fd < 0) {
			fd = open(probe_file, O_RDONLY | O_CLOEXEC);
			if (fd >= 0)
				off = scan_from_start ? 0 : lseek(fd, 0, SEEK_END);
		}
		if (fd >= 0) {
			/* re-read an overlap so a marker cut by the last read is seen */
			off_t from = off > 96 ? off - 96 : 0;
			ssize_t n;

			while ((n = pread(fd, buf, cap - 1, from)) > 0) {
				char *p = buf, *end = buf + n;

				buf[n] = '\0';
				now = now_ns(CLOCK_REALTIME);
				if (hlen && !header_ns && memmem(buf, (size_t)n, header_pat, hlen))
					header_ns = now;
				while ((p = memmem(p, (size_t)(end - p), pfx, plen))) {
					char *q;
					long v;

					p += plen;
					v = strtol(p, &q, 10);
					/* a marker at the very end may be cut: wait */
					if (q == p || q == end)
						continue;
					if (first_k < 0 || v < first_k)
						first_k = v;
					if (!seen_ns)
						seen_ns = now;
				}
				from += n;
				/* keep the overlap before the current end */
				off = from;
				if ((size_t)n < cap - 1)
					break;
				from = off > 96 ? off - 96 : 0;
			}
		}
		if (first_k >= 0 || (ready_on_header && header_ns))
			break;
		if (watch_pid && !alive(watch_pid)) {
			printf("mode=probe found=0 dead=1 probes=%ld\n", nspawn);
			return 3;
		}
		next += (uint64_t)probe_us * 1000;
		now = now_ns(CLOCK_REALTIME);
		if (next > now) {
			struct timespec ts = { (time_t)((next - now) / 1000000000ull),
					       (long)((next - now) % 1000000000ull) };
			nanosleep(&ts, NULL);
		}
	}
	if (ready_on_header && header_ns && first_k < 0) {
		printf("mode=probe found=1 probes=%ld header_ms=%.1f\n", nspawn,
		       (double)(header_ns - t0) / 1e6);
		return 0;
	}
	if (first_k < 0 || first_k >= nspawn) {
		printf("mode=probe found=0 probes=%ld header_ms=%.1f\n", nspawn,
		       header_ns ? (double)(header_ns - t0) / 1e6 : -1.0);
		return 1;
	}
	printf("mode=probe found=1 probes=%ld first_k=%ld header_ms=%.1f first_event_ms=%.1f "
	       "seen_ms=%.1f\n", nspawn, first_k,
	       header_ns ? (double)(header_ns - t0) / 1e6 : -1.0,
	       (double)((int64_t)spawned[first_k] - (int64_t)t0) / 1e6,
	       (double)(seen_ns - t0) / 1e6);
	return 0;
}

/* ---- syscall mode ------------------------------------------------------- */

/*
 * Each worker times its loop in 20 chunks; besides the mean, the fastest
 * chunk is reported: on a shared machine it is the estimate least disturbed
 * by other load (a preempted chunk only gets slower).
 */
#define SYS_CHUNKS 20

static int run_syscalls(void)
{
	struct acct acct;
	uint64_t t_start, t_end, *best;
	long per = syscalls / workers, chunk = per / SYS_CHUNKS;
	double secs, best_ns = 0;
	int w, st;
	pid_t pid;

	if (chunk < 1)
		chunk = 1;
	best = mmap(NULL, sizeof(*best) * (size_t)workers, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (best == MAP_FAILED)
		die("mmap");
	acct_start(&acct);
	t_start = now_ns(CLOCK_MONOTONIC);
	for (w = 0; w < workers; w++) {
		pid = fork();
		if (pid < 0)
			die("fork");
		if (pid == 0) {
			uint64_t b = UINT64_MAX, t, u;
			long done = 0, i;

			while (done < per) {
				long m = per - done < chunk ? per - done : chunk;

				t = now_ns(CLOCK_MONOTONIC);
				for (i = 0; i < m; i++)
					syscall(SYS_getppid);
				u = now_ns(CLOCK_MONOTONIC) - t;
				/* per-call time in ns, scaled by 1000 to keep a fraction */
				if (m == chunk && u * 1000 / (uint64_t)m < b)
					b = u * 1000 / (uint64_t)m;
				done += m;
			}
			best[w] = b;
			_exit(0);
		}
	}
	for (w = 0; w < workers; w++)
		if (wait(&st) < 0)
			die("wait");
	t_end = now_ns(CLOCK_MONOTONIC);
	for (w = 0; w < workers; w++)
		if (!best_ns || (double)best[w] / 1000 < best_ns)
			best_ns = (double)best[w] / 1000;
	secs = (double)(t_end - t_start) / 1e9;
	printf("mode=syscall calls=%ld workers=%d secs=%.3f ns_per_call=%.1f ns_best=%.1f",
	       per * workers, workers, secs, (double)(t_end - t_start) / (double)per, best_ns);
	acct_print(&acct, t_end - t_start);
	putchar('\n');
	return 0;
}

int main(int argc, char **argv)
{
	int c;

	while ((c = getopt(argc, argv, "n:w:a:s:tm:x:p:P:f:H:T:W:0RS:k:")) != -1) {
		switch (c) {
		case 'n': n_total = atol(optarg); break;
		case 'w': workers = atoi(optarg); break;
		case 'a': nargs = atoi(optarg); break;
		case 's': argsize = atol(optarg); break;
		case 't': thread_mode = true; break;
		case 'm': tag = optarg; break;
		case 'x': prog = optarg; break;
		case 'p': mon_pid = atoi(optarg); break;
		case 'P': probe_us = atol(optarg); break;
		case 'f': probe_file = optarg; break;
		case 'H': header_pat = optarg; break;
		case 'T': t0_arg = atof(optarg); break;
		case 'W': timeout_s = atof(optarg); break;
		case '0': scan_from_start = true; break;
		case 'R': ready_on_header = true; break;
		case 'S': syscalls = atol(optarg); break;
		case 'k': watch_pid = atoi(optarg); break;
		default: usage();
		}
	}
	if (optind != argc || workers < 1 || n_total < 0 || nargs < 0 || argsize < 1)
		usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (syscalls > 0)
		return run_syscalls();
	if (probe_us > 0) {
		if (!probe_file)
			usage();
		return run_probe();
	}
	return run_exec();
}
