// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "err.h"
#include "escape.h"
#include "proc.h"

#define ANCESTORS_MAX	4096	/* parents walked up from one process */

pid_t stat_ppid(const char *stat)
{
	/* comm may hold anything, even ") ": the state follows the last ')' */
	const char *p = strrchr(stat, ')');
	char *end;
	long v;

	if (!p || strlen(p) < 4)
		return -1;
	v = strtol(p + 4, &end, 10);
	if (end == p + 4 || v < 0 || v > INT32_MAX)
		return -1;
	return (pid_t)v;
}

ssize_t read_text(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return n;
}

pid_t read_ppid(pid_t pid)
{
	char path[64], buf[512];

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (read_text(path, buf, sizeof(buf)) < 0)
		return -1;
	return stat_ppid(buf);
}

void proc_descendants(pid_t root, void (*fn)(void *ctx, pid_t pid, uint32_t depth),
		      void *ctx)
{
	struct dirent *de;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		DIR *dir = opendir("/proc");

		if (!dir)
			return;
		while ((de = readdir(dir))) {
			pid_t pid = (pid_t)atoi(de->d_name), p = pid;
			uint32_t depth = 0;
			int hops;

			if (pid <= 0 || pid == root)
				continue;
			/* walk up to the root (or give up) */
			for (hops = 0; hops < ANCESTORS_MAX && p > 1 && p != root; hops++) {
				p = read_ppid(p);
				depth++;
			}
			if (p == root)
				fn(ctx, pid, depth);
		}
		closedir(dir);
	}
}

const char *find_command(const char *name, const char *path, char *buf, size_t len)
{
	const char *p, *end;
	int n;

	struct stat st;

	if (strchr(name, '/'))
		return name;
	if (!*name)
		return NULL;
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path; ; p = end + 1) {
		end = strchrnul(p, ':');
		n = snprintf(buf, len, "%.*s%s%s", (int)(end - p), p, end > p ? "/" : "", name);
		/* as a shell does: an executable regular file, not a directory */
		if (n > 0 && (size_t)n < len && !access(buf, X_OK) && !stat(buf, &st) &&
		    S_ISREG(st.st_mode))
			return buf;
		if (!*end)
			return NULL;
	}
}

pid_t spawn_command(char **argv, int *go_fd)
{
	char buf[PATH_MAX], c;
	const char *file;
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		close(p[1]);
		signal(SIGPIPE, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGCHLD, SIG_DFL);
		if (read(p[0], &c, 1) != 1)
			_exit(127);	/* the tracer failed: run nothing */
		file = find_command(argv[0], getenv("PATH"), buf, sizeof(buf));
		if (!file) {
			p_err("cannot run '%s': command not found", shown_arg(argv[0]));
			_exit(127);
		}
		execv(file, argv);
		p_err("cannot run '%s': %s", shown_arg(argv[0]), strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	close(p[0]);
	*go_fd = p[1];
	return pid;
}
