// SPDX-License-Identifier: GPL-2.0
/*
 * Known workloads for the resource figures of exit events:
 *   rusage parent MODE ARG.. fork, exec "rusage MODE ARG.." in the child, wait,
 *                            print the child's pid and the kernel's figures
 *                            for it (getrusage(RUSAGE_CHILDREN)):
 *                            "pid user_ns sys_ns max_rss_kib nvcsw nivcsw"
 *   rusage spin MS           spin until the process used MS ms of CPU
 *   rusage sys MS            read /dev/zero until MS ms of CPU (mostly system)
 *   rusage mem MIB           touch MIB MiB of fresh memory
 *   rusage threads N MS      N threads each spin MS ms of CPU and end, then
 *                            the leader spins MS ms and exits
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long cpu_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static volatile unsigned long sink;

/*
 * Spins until the thread (or process) has used ms of CPU since the call,
 * looking at the clock seldom: it may be a system call (no vDSO clock).
 */
static void spin(clockid_t clk, long ms)
{
	long long until = cpu_ns(clk) + ms * 1000000LL;
	long i;

	while (cpu_ns(clk) < until)
		for (i = 0; i < 1000000; i++)
			sink++;
}

static void *thread_spin(void *arg)
{
	spin(CLOCK_THREAD_CPUTIME_ID, (long)arg);
	return NULL;
}

static long long tv_ns(struct timeval tv)
{
	return tv.tv_sec * 1000000000LL + tv.tv_usec * 1000LL;
}

static int parent(char *self, char **args)
{
	struct rusage ru;
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return 1;
	if (pid == 0) {
		args[-1] = "rusage";
		execv(self, args - 1);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid || status)
		return 1;
	if (getrusage(RUSAGE_CHILDREN, &ru))
		return 1;
	printf("%d %lld %lld %ld %ld %ld\n", pid, tv_ns(ru.ru_utime), tv_ns(ru.ru_stime),
	       ru.ru_maxrss, ru.ru_nvcsw, ru.ru_nivcsw);
	return 0;
}

int main(int argc, char **argv)
{
	long n;

	if (argc >= 4 && !strcmp(argv[1], "parent"))
		return parent(argv[0], argv + 2);
	if (argc < 3)
		return 2;
	n = atol(argv[2]);
	if (!strcmp(argv[1], "spin")) {
		spin(CLOCK_PROCESS_CPUTIME_ID, n);
	} else if (!strcmp(argv[1], "sys")) {
		static char buf[1 << 20];
		long long until = cpu_ns(CLOCK_PROCESS_CPUTIME_ID) + n * 1000000LL;
		int fd = open("/dev/zero", O_RDONLY);

		if (fd < 0)
			return 1;
		while (cpu_ns(CLOCK_PROCESS_CPUTIME_ID) < until)
			if (read(fd, buf, sizeof(buf)) < 0)
				return 1;
		close(fd);
	} else if (!strcmp(argv[1], "mem")) {
		char *p = malloc((size_t)n << 20);

		if (!p)
			return 1;
		memset(p, 1, (size_t)n << 20);
		sink = (unsigned long)p[n];
		free(p);
	} else if (!strcmp(argv[1], "threads") && argc == 4) {
		long ms = atol(argv[3]);
		pthread_t t[64];
		long i;

		if (n < 1 || n > 64)
			return 2;
		for (i = 0; i < n; i++)
			if (pthread_create(&t[i], NULL, thread_spin, (void *)ms))
				return 1;
		for (i = 0; i < n; i++)
			pthread_join(t[i], NULL);
		spin(CLOCK_THREAD_CPUTIME_ID, ms);
	} else {
		return 2;
	}
	return 0;
}
