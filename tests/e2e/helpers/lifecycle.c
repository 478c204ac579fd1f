// SPDX-License-Identifier: GPL-2.0
/*
 * Process ends that shells cannot produce, for the -e/--exit tests.
 *
 *   lifecycle wait PATH ARG0 ARGS...  fork, exec PATH in the child, wait for
 *                                     it; print "pid=P status=S" (S: the raw
 *                                     wait(2) status) and exit 0
 *   lifecycle mainexit exit N         the main thread calls pthread_exit();
 *                                     once it is gone, the last thread calls
 *                                     exit(N) (exit_group)
 *   lifecycle mainexit sysexit N      ... the last thread calls the exit
 *                                     syscall (not exit_group) with N
 *   lifecycle mainexit return         ... the last thread returns (glibc then
 *                                     calls exit(0))
 *   lifecycle mtkill SIG              three threads run; the main thread sends
 *                                     SIG (a number) to the process
 *   lifecycle mtabort [N]             a thread calls abort() while N others
 *                                     (default 2) run (core dump if allowed)
 *   lifecycle failexec PATH N         execve(PATH) fails; print "failed=E"
 *                                     (errno), wait for EOF on stdin, exit(N)
 *
 * On a usage error it prints why and exits 120.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pid_t main_tid;
static const char *how;
static int code;
static volatile int started;

static void nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* The main thread has left: its /proc task entry is gone or a zombie. */
static int main_gone(void)
{
	char path[64], buf[256], *p;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", (int)main_tid);
	f = fopen(path, "r");
	if (!f)
		return 1;
	p = fgets(buf, sizeof(buf), f);
	fclose(f);
	if (!p || !(p = strrchr(buf, ')')))
		return 1;
	return p[2] == 'Z' || p[2] == 'X';
}

static void *last_thread(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < 5000 && !main_gone(); i++)
		nap_ms(1);
	if (!main_gone()) {
		fprintf(stderr, "lifecycle: the main thread did not exit\n");
		_exit(121);
	}
	if (!strcmp(how, "exit"))
		exit(code);
	if (!strcmp(how, "sysexit"))
		syscall(SYS_exit, code);
	return NULL;	/* "return": glibc's last thread calls exit(0) */
}

static void *spin(void *arg)
{
	(void)arg;
	__atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
	for (;;)
		__asm__ volatile("" ::: "memory");
	return NULL;
}

static int spinners = 2;

static void *aborter(void *arg)
{
	(void)arg;
	while (__atomic_load_n(&started, __ATOMIC_SEQ_CST) < spinners)
		sched_yield();
	abort();
	return NULL;
}

static void start(void *(*fn)(void *))
{
	pthread_t t;

	if (pthread_create(&t, NULL, fn, NULL)) {
		fprintf(stderr, "lifecycle: pthread_create failed\n");
		exit(120);
	}
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	pid_t pid;
	int st, i;
	char c;

	if (!strcmp(mode, "wait") && argc >= 4) {
		fflush(stdout);
		pid = fork();
		if (pid < 0)
			return 120;
		if (pid == 0) {
			execv(argv[2], argv + 3);
			fprintf(stderr, "lifecycle: exec %s: %s\n", argv[2], strerror(errno));
			_exit(127);
		}
		if (waitpid(pid, &st, 0) != pid)
			return 120;
		printf("pid=%d status=%d\n", (int)pid, st);
		return 0;
	}
	if (!strcmp(mode, "mainexit") && argc >= 3) {
		how = argv[2];
		code = argc > 3 ? atoi(argv[3]) : 0;
		main_tid = getpid();
		start(last_thread);
		pthread_exit(NULL);
	}
	if (!strcmp(mode, "mtkill") && argc == 3) {
		for (i = 0; i < 3; i++)
			start(spin);
		while (__atomic_load_n(&started, __ATOMIC_SEQ_CST) < 3)
			nap_ms(1);
		kill(getpid(), atoi(argv[2]));
		for (;;)
			pause();
	}
	if (!strcmp(mode, "mtabort") && argc <= 3) {
		if (argc == 3)
			spinners = atoi(argv[2]);
		for (i = 0; i < spinners; i++)
			start(spin);
		start(aborter);
		for (;;)
			pause();
	}
	if (!strcmp(mode, "failexec") && argc == 4) {
		char *args[] = { argv[2], NULL };

		execv(argv[2], args);
		printf("failed=%d\n", errno);
		fflush(stdout);
		while (read(0, &c, 1) > 0)
			;
		exit(atoi(argv[3]));
	}
	fprintf(stderr, "usage: lifecycle wait PATH ARG0 ARGS... | mainexit exit|sysexit N | "
		"mainexit return | mtkill SIG | mtabort [N] | failexec PATH N\n");
	return 120;
}
