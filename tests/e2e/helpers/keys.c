// SPDX-License-Identifier: GPL-2.0
/*
 * A workload for the process-key tests, in one process tree:
 *
 *   keys PROG LIMIT INFO
 *
 *  1. a failed execve of /nonexistent/keys-fail (the key is the caller's);
 *  2. a child whose second thread execs "PROG keys-thread", 100 ms after
 *     the child started (so that the thread's own start time differs from
 *     the process's by more than a clock tick);
 *  3. a child that execs "PROG keys-first", its pid P (at least 300: the
 *     forks before it that exit at once make sure of that);
 *  4. children that exit at once without exec, forked until the pid P
 *     comes round again (at most LIMIT forks: lower pid_max first); that
 *     child execs "/bin/sh -c 'exec PROG keys-again' keys-reused", so the
 *     pid P is exec'd twice more.
 * Prints "helper=PID", "fail=ERRNO", "thread=PID start=TICKS" (the thread
 * child's start time as /proc/PID/stat gives it), "first=P" and
 * "forks=N reused=PID" (0 if P did not come round), one per line, to the
 * file INFO (standard output is the tracer's), and exits 0 when every child
 * did.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RESERVED_PIDS	300

static const char *prog;
static int bad;

static void *thread_main(void *unused)
{
	char *argv[] = { (char *)prog, "keys-thread", NULL };

	(void)unused;
	execv(prog, argv);
	_exit(126);
}

static void thread_child(void)
{
	struct timespec ts = { 0, 100 * 1000 * 1000 };
	pthread_t t;

	nanosleep(&ts, NULL);
	if (pthread_create(&t, NULL, thread_main, NULL))
		_exit(125);
	for (;;)
		pause();	/* ended by the exec in the other thread */
}

static void reap(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			perror("keys: waitpid");
			exit(1);
		}
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		bad = 1;
}

/* Field 22 of /proc/PID/stat: the start time, in clock ticks since boot. */
static unsigned long long start_ticks(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long long v = 0;
	FILE *f;
	int i;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')'))) {
		/* the space before field 3 is the first after ")", before 22 the 20th */
		for (i = 0; i < 20 && p; i++)
			p = strchr(p + 1, ' ');
		if (p)
			v = strtoull(p + 1, NULL, 10);
	}
	fclose(f);
	return v;
}

static pid_t spawn(void (*child)(void))
{
	pid_t pid = fork();

	if (pid < 0) {
		perror("keys: fork");
		exit(1);
	}
	if (pid == 0)
		child();
	return pid;
}

static void first_child(void)
{
	execl(prog, prog, "keys-first", (char *)NULL);
	_exit(126);
}

int main(int argc, char **argv)
{
	char *fail_argv[] = { "keys-fail", NULL };
	unsigned long limit, n;
	char script[4096];
	pid_t pid, first, reused = 0;

	if (argc != 4) {
		fprintf(stderr, "usage: keys PROG LIMIT INFO\n");
		return 2;
	}
	prog = argv[1];
	limit = strtoul(argv[2], NULL, 10);
	if (!freopen(argv[3], "w", stdout)) {
		perror("keys: INFO");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("helper=%d\n", (int)getpid());

	execv("/nonexistent/keys-fail", fail_argv);
	printf("fail=%d\n", errno);

	pid = spawn(thread_child);
	printf("thread=%d start=%llu\n", (int)pid, start_ticks(pid));
	reap(pid);

	/*
	 * Pids below 300 are not handed out again once the counter wraps
	 * (the kernel's RESERVED_PIDS): on a fresh machine, go past them.
	 */
	for (n = 0; n < limit; n++) {
		pid = fork();
		if (pid < 0) {
			perror("keys: fork");
			return 1;
		}
		if (pid == 0)
			_exit(0);
		reap(pid);
		if (pid >= RESERVED_PIDS)
			break;
	}
	first = spawn(first_child);
	printf("first=%d\n", (int)first);
	reap(first);

	snprintf(script, sizeof(script), "exec %s keys-again", prog);
	for (n = 1; n <= limit && !reused; n++) {
		pid = fork();
		if (pid < 0) {
			perror("keys: fork");
			return 1;
		}
		if (pid == 0) {
			if (getpid() != first)
				_exit(0);
			execl("/bin/sh", "sh", "-c", script, "keys-reused", (char *)NULL);
			_exit(126);
		}
		if (pid == first)
			reused = pid;
		reap(pid);
	}
	printf("forks=%lu reused=%d\n", n - 1, (int)reused);
	return bad;
}
