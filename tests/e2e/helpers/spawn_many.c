// SPDX-License-Identifier: GPL-2.0
/*
 * A burst of execs in two phases, for buffer-loss tests:
 *
 *   spawn_many N PROG [PER_CPU]
 *
 * Stops itself (SIGSTOP) so that the caller can start a tracer filtered on
 * its PID; on SIGCONT, execs PROG N times with the argument "bI" (children
 * run in parallel), then stops itself again.  On the next SIGCONT, execs PROG
 * PER_CPU times (default 3) on every online CPU in turn, pinned there, with
 * the argument "fC-K": a per-CPU buffer reports its losses only when it
 * next receives an event.  Exits 0 once every child exited 0.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *prog;
static unsigned long bad;

static pid_t spawn(const char *arg, int cpu)
{
	pid_t pid = fork();

	if (pid == 0) {
		char *const argv[] = { (char *)prog, (char *)arg, NULL };
		char *const envp[] = { NULL };

		if (cpu >= 0) {
			cpu_set_t set;

			CPU_ZERO(&set);
			CPU_SET(cpu, &set);
			if (sched_setaffinity(0, sizeof(set), &set))
				_exit(124);
		}
		execve(prog, argv, envp);
		_exit(126);
	}
	if (pid < 0)
		perror("spawn_many: fork");
	return pid;
}

static void reap(void)
{
	int status;

	if (wait(&status) > 0 && (!WIFEXITED(status) || WEXITSTATUS(status)))
		bad++;
}

int main(int argc, char **argv)
{
	unsigned long n, per_cpu, i, k, running = 0;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	char arg[64];
	int c;

	if (argc < 3) {
		fprintf(stderr, "usage: spawn_many N PROG [PER_CPU]\n");
		return 2;
	}
	n = strtoul(argv[1], NULL, 10);
	prog = argv[2];
	per_cpu = argc > 3 ? strtoul(argv[3], NULL, 10) : 3;

	raise(SIGSTOP);
	for (i = 0; i < n; i++) {
		snprintf(arg, sizeof(arg), "b%lu", i);
		if (running >= 16) {
			reap();
			running--;
		}
		if (spawn(arg, -1) < 0)
			return 1;
		running++;
	}
	while (running--)
		reap();

	raise(SIGSTOP);
	for (c = 0; c < ncpu; c++) {
		for (k = 0; k < per_cpu; k++) {
			snprintf(arg, sizeof(arg), "f%d-%lu", c, k);
			if (spawn(arg, c) < 0)
				return 1;
			reap();
		}
	}
	if (bad)
		fprintf(stderr, "spawn_many: %lu children failed\n", bad);
	return bad ? 1 : 0;
}
