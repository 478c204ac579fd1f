/* SPDX-License-Identifier: GPL-2.0 */
/* What user space reads of other processes: /proc, and COMMAND's start. */
#ifndef EXECSNOOP_PROC_H
#define EXECSNOOP_PROC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The start of a small file (one read), NUL-terminated: its length, or -1. */
ssize_t read_text(const char *path, char *buf, size_t len);
/* The parent pid in the text of /proc/PID/stat, or -1 if it has none. */
pid_t stat_ppid(const char *stat);
/* PID's parent, read from /proc, or -1. */
pid_t read_ppid(pid_t pid);

/*
 * Calls fn for every process now below root, with its depth (1 for a child).
 * Two passes catch a descendant forked by one the first pass had not seen.
 */
void proc_descendants(pid_t root, void (*fn)(void *ctx, pid_t pid, uint32_t depth),
		      void *ctx);

/*
 * COMMAND's path, found as a shell finds it in path (":"-separated; NULL
 * for the default): execvp would try an exec in each PATH directory, and
 * -x would show every miss. NULL: not found.
 */
const char *find_command(const char *name, const char *path, char *buf, size_t len);

/*
 * Forks COMMAND, which waits on a pipe until the tracer is attached, so that
 * its own exec is the first event: write a byte to *go_fd to start it, or
 * close it to have it exit without running. -1 with errno on failure.
 */
pid_t spawn_command(char **argv, int *go_fd);

#endif /* EXECSNOOP_PROC_H */
