/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Privileges: once the programs are attached, the tool keeps only the
 * capabilities the rest of the run needs, and can never gain any back.
 */
#ifndef EXECSNOOP_PRIVS_H
#define EXECSNOOP_PRIVS_H

#include <stdbool.h>
#include <stdint.h>

/*
 * The capabilities kept (a bit per capability): CAP_BPF (CAP_SYS_ADMIN
 * where the kernel has no CAP_BPF) to read the BPF maps, whose bpf(2)
 * calls need it when unprivileged BPF is off; CAP_DAC_READ_SEARCH when
 * cgroup ids are turned into paths (open_by_handle_at). Only those of
 * held that are wanted are kept.
 */
uint64_t privs_kept(bool cgroup_paths, int cap_last_cap, uint64_t held);

/* Whether the capability cap is in the effective set. */
bool privs_have(int cap);

/* Drops every other capability and sets no_new_privs; -1 if it could not. */
int privs_drop(bool cgroup_paths);

#endif /* EXECSNOOP_PRIVS_H */
