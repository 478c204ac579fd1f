/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The syscalls:sys_exit_execve[at] tracepoints of -x. Their ids are in
 * tracefs, which may not be mounted: a child process mounts it in a mount
 * namespace of its own, reads the ids and exits, so that nothing is ever
 * mounted where others see it, nor left behind, even after a SIGKILL.
 */
#ifndef EXECSNOOP_TRACEFS_H
#define EXECSNOOP_TRACEFS_H

#include <stdbool.h>

struct exec_exit_ids {
	int execve;
	int execveat;
};

/*
 * Reads the two tracepoint ids; false if they cannot be had (no tracefs,
 * no privilege to mount it, or EXECSNOOP_NO_TRACEFS=1, which tests use).
 */
bool tracefs_exec_exit_ids(struct exec_exit_ids *ids);

/* The id in the text of a tracepoint's "id" file, or -1. */
int tracefs_parse_id(const char *text);

#endif /* EXECSNOOP_TRACEFS_H */
