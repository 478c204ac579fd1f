// SPDX-License-Identifier: GPL-2.0
/*
 * Many non-main-thread execs, fast:
 *
 *   thread_exec_loop N PROG [PARALLEL]
 *
 * N times: fork a child whose second thread execs PROG with the single
 * argument "mI-PID" (I the iteration, PID the child's process id, which the
 * traced exec must report) while the main thread sleeps.  Up to PARALLEL
 * (default 8) children run at once.  Exits 0 once every child exited 0;
 * prints a one-line summary on stderr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *prog;
static char arg[64];

static void *thread_main(void *unused)
{
	char *const argv[] = { (char *)prog, arg, NULL };
	char *const envp[] = { NULL };

	(void)unused;
	execve(prog, argv, envp);
	_exit(126);
}

static void child(unsigned long i)
{
	pthread_attr_t attr;
	pthread_t t;

	snprintf(arg, sizeof(arg), "m%lu-%d", i, (int)getpid());
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	if (pthread_create(&t, &attr, thread_main, NULL))
		_exit(125);
	for (;;)
		pause();	/* killed by the exec in the other thread */
}

int main(int argc, char **argv)
{
	unsigned long n, i, running = 0, bad = 0, done = 0;
	unsigned long par;
	int status;
	pid_t pid;

	if (argc < 3) {
		fprintf(stderr, "usage: thread_exec_loop N PROG [PARALLEL]\n");
		return 2;
	}
	n = strtoul(argv[1], NULL, 10);
	prog = argv[2];
	par = argc > 3 ? strtoul(argv[3], NULL, 10) : 8;
	if (!par)
		par = 1;
	for (i = 0; i < n || running; ) {
		if (i < n && running < par) {
			pid = fork();
			if (pid < 0) {
				if (errno == EAGAIN && running)
					goto reap;
				perror("thread_exec_loop: fork");
				return 1;
			}
			if (pid == 0)
				child(i);
			i++;
			running++;
			continue;
		}
reap:
		pid = wait(&status);
		if (pid < 0) {
			perror("thread_exec_loop: wait");
			return 1;
		}
		running--;
		done++;
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			bad++;
	}
	fprintf(stderr, "thread_exec_loop: %lu children, %lu failed\n", done, bad);
	return bad ? 1 : 0;
}
