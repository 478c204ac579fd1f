// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>
#include "proc.h"
#include "tracefs.h"

#define TRACEFS		"/sys/kernel/tracing"
#define DEBUGFS_TRACING	"/sys/kernel/debug/tracing"
#define EVENTS		"/events/syscalls/"

int tracefs_parse_id(const char *text)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(text, &end, 10);
	if (errno || end == text || (*end && *end != '\n') || v <= 0 || v > INT32_MAX)
		return -1;
	return (int)v;
}

static int read_id(const char *root, const char *event)
{
	char path[128], buf[32];

	snprintf(path, sizeof(path), "%s" EVENTS "%s/id", root, event);
	if (read_text(path, buf, sizeof(buf)) < 0)
		return -1;
	return tracefs_parse_id(buf);
}

static bool read_ids(const char *root, struct exec_exit_ids *ids)
{
	ids->execve = read_id(root, "sys_exit_execve");
	ids->execveat = read_id(root, "sys_exit_execveat");
	return ids->execve > 0 && ids->execveat > 0;
}

/* In the child: a private mount namespace, tracefs in it, the ids out. */
static void child_read_ids(int fd)
{
	struct exec_exit_ids ids;

	if (unshare(CLONE_NEWNS) ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("tracefs", TRACEFS, "tracefs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) ||
	    !read_ids(TRACEFS, &ids) ||
	    write(fd, &ids, sizeof(ids)) != (ssize_t)sizeof(ids))
		_exit(1);
	_exit(0);
}

bool tracefs_exec_exit_ids(struct exec_exit_ids *ids)
{
	const char *no = getenv("EXECSNOOP_NO_TRACEFS");
	bool ok = false;
	int p[2], status;
	pid_t pid;

	if (no && !strcmp(no, "1"))
		return false;
	/* mounted already, where libbpf and perf look */
	if (read_ids(TRACEFS, ids) || read_ids(DEBUGFS_TRACING, ids))
		return true;
	if (pipe2(p, O_CLOEXEC))
		return false;
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		child_read_ids(p[1]);
	}
	close(p[1]);
	if (pid > 0) {
		ok = read(p[0], ids, sizeof(*ids)) == (ssize_t)sizeof(*ids);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	close(p[0]);
	return ok && ids->execve > 0 && ids->execveat > 0;
}
