/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel half, as user space drives it: the BPF skeleton opened,
 * configured from the options (read-only knobs, map sizes, which programs
 * load), loaded, attached; its counters read.
 */
#ifndef EXECSNOOP_TRACER_H
#define EXECSNOOP_TRACER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "event.h"
#include "kfeatures.h"
#include "options.h"
#include "tracefs.h"

/* The running kernel's BTF: the types CO-RE relocates the programs against. */
#define VMLINUX_BTF_PATH	"/sys/kernel/btf/vmlinux"

struct execsnoop_bpf;
struct bpf_map;

struct tracer {
	struct execsnoop_bpf *skel;
	enum transport_kind transport;	/* ring or perf, as chosen */
	int cg_fd;			/* -c's cgroup, or -1 */
	struct exec_exit_ids tp;	/* -x: the syscall tracepoints' ids */
	unsigned int args_size;		/* argv bytes copied (perf: at most 52736) */
	bool loops;			/* bpf_loop programs, else bounded loops */
	bool syscall_tp;		/* -x on the syscall tracepoints, else raw */
	bool verbose;			/* -v: say which programs loaded */
	int ncpu;
	uint64_t *percpu;		/* one counter's values, one per CPU */
};

/*
 * Opens the BPF object and configures it for o on a kernel with feat: the
 * programs of the tier it offers load. tp: the ids of the syscall
 * tracepoints -x uses, or NULL for the raw sys_exit program. Prints why on
 * failure: returns 2 for a usage error (a cgroup or pinned map that cannot
 * be used, a transport the kernel lacks), 1 for any other.
 */
int tracer_open(struct tracer *t, const struct options *o, const struct features *feat,
		const struct exec_exit_ids *tp);
/* Whether -x can use the syscall tracepoints with feat (else raw sys_exit). */
bool tracer_wants_syscall_tp(const struct features *feat);
/* Loads the programs into the kernel: 0, or a negative errno (and unless quiet, why). */
int tracer_load(struct tracer *t, bool quiet);
/* Adds pid at depth to the traced tree (-p / COMMAND). */
int tracer_tree_add(struct tracer *t, pid_t pid, uint32_t depth);
/* Attaches every program that was loaded; prints why on failure. */
int tracer_attach(struct tracer *t);
/* Whether no process of the traced tree is alive any more (-p). */
bool tracer_tree_empty(struct tracer *t);
struct bpf_map *tracer_events(struct tracer *t);
/* One of the per-CPU counters of enum counter, summed over the CPUs. */
uint64_t tracer_counter(struct tracer *t, enum counter which);
void tracer_close(struct tracer *t);

#endif /* EXECSNOOP_TRACER_H */
