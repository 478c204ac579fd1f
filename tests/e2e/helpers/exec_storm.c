// SPDX-License-Identifier: GPL-2.0
/*
 * An exec storm with a marker in every exec:
 *
 *   exec_storm N PROG TAG [PARALLEL]
 *
 * Runs PROG N times with the one argument "TAG-I" (I from 0 to N-1), at
 * most PARALLEL (default 16) at once, as fast as it can. Exits 0 once every
 * child exited 0.
 */
#define _GNU_SOURCE
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static unsigned long bad;

static void reap(void)
{
	int status;

	if (wait(&status) > 0 && (!WIFEXITED(status) || WEXITSTATUS(status)))
		bad++;
}

int main(int argc, char **argv)
{
	unsigned long n, parallel, i, running = 0;
	char *envp[] = { NULL };
	char arg[256];
	pid_t pid;

	if (argc < 4) {
		fprintf(stderr, "usage: exec_storm N PROG TAG [PARALLEL]\n");
		return 2;
	}
	n = strtoul(argv[1], NULL, 10);
	parallel = argc > 4 ? strtoul(argv[4], NULL, 10) : 16;
	if (!parallel)
		parallel = 1;
	for (i = 0; i < n; i++) {
		char *child_argv[] = { argv[2], arg, NULL };

		snprintf(arg, sizeof(arg), "%s-%lu", argv[3], i);
		if (running >= parallel) {
			reap();
			running--;
		}
		if (posix_spawn(&pid, argv[2], NULL, NULL, child_argv, envp)) {
			perror("exec_storm: posix_spawn");
			return 1;
		}
		running++;
	}
	while (running--)
		reap();
	if (bad)
		fprintf(stderr, "exec_storm: %lu children failed\n", bad);
	return bad ? 1 : 0;
}
