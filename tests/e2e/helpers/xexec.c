// SPDX-License-Identifier: GPL-2.0
/*
 * Exec in the ways plain shells cannot, for the end-to-end tests.
 *
 *   xexec emptypath FD PATH ARG0 ARGS...  execveat(FD, "", AT_EMPTY_PATH) on
 *                                         PATH opened as descriptor FD
 *   xexec fexecve FD PATH ARG0 ARGS...    the same through glibc's fexecve(3)
 *   xexec dirfd FD DIR REL ARG0 ARGS...   execveat(FD, REL, 0), FD = DIR
 *   xexec thread PATH ARG0 ARGS...        execve(PATH) from a second thread
 *                                         while the main thread is blocked
 *
 * On success nothing returns; on failure it prints why and exits 127.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;

static int open_as(const char *path, int flags, int fd)
{
	int f = open(path, flags);

	if (f < 0) {
		fprintf(stderr, "xexec: open %s: %s\n", path, strerror(errno));
		exit(127);
	}
	if (f != fd) {
		if (dup2(f, fd) < 0) {
			fprintf(stderr, "xexec: dup2: %s\n", strerror(errno));
			exit(127);
		}
		close(f);
	}
	return fd;
}

static char **thread_argv;

static void *thread_main(void *arg)
{
	(void)arg;
	execv(thread_argv[0], thread_argv + 1);
	fprintf(stderr, "xexec: thread execv %s: %s\n", thread_argv[0], strerror(errno));
	exit(127);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	pthread_t t;
	int fd;

	if (!strcmp(mode, "emptypath") && argc >= 5) {
		fd = open_as(argv[3], O_RDONLY, atoi(argv[2]));
		syscall(SYS_execveat, fd, "", argv + 4, environ, AT_EMPTY_PATH);
	} else if (!strcmp(mode, "fexecve") && argc >= 5) {
		fd = open_as(argv[3], O_RDONLY, atoi(argv[2]));
		fexecve(fd, argv + 4, environ);
	} else if (!strcmp(mode, "dirfd") && argc >= 6) {
		fd = open_as(argv[3], O_RDONLY | O_DIRECTORY, atoi(argv[2]));
		syscall(SYS_execveat, fd, argv[4], argv + 5, environ, 0);
	} else if (!strcmp(mode, "thread") && argc >= 4) {
		thread_argv = argv + 2;
		if (pthread_create(&t, NULL, thread_main, NULL)) {
			fprintf(stderr, "xexec: pthread_create failed\n");
			return 127;
		}
		pthread_join(t, NULL);	/* never returns: the exec kills us */
		return 127;
	} else {
		fprintf(stderr, "usage: xexec emptypath|fexecve FD PATH ARG0 ARGS... | "
			"dirfd FD DIR REL ARG0 ARGS... | thread PATH ARG0 ARGS...\n");
		return 127;
	}
	fprintf(stderr, "xexec: %s: %s\n", mode, strerror(errno));
	return 127;
}
