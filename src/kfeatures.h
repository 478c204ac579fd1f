/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the running kernel offers beyond the core, found by probing (a tiny
 * program or map is loaded, as libbpf does), never by the version number:
 * distributions backport. Each missing feature has a fallback, so the tool
 * runs on every kernel from 5.5 (5.4.144) with BTF; EXECSNOOP_FEATURES_OFF forces the
 * fallbacks where the feature is there (the tests load every tier so).
 */
#ifndef EXECSNOOP_KFEATURES_H
#define EXECSNOOP_KFEATURES_H

#include <stdbool.h>

enum feature {
	FEAT_RINGBUF,		/* BPF ring buffer (5.8); else the perf buffer */
	FEAT_BPF_LOOP,		/* bpf_loop (5.17); else bounded loops */
	FEAT_TASK_PT_REGS,	/* bpf_task_pt_regs (5.15): -x on syscall tracepoints */
	NR_FEATURES,
};

struct features {
	bool have[NR_FEATURES];		/* usable: in the kernel and not turned off */
	bool kernel[NR_FEATURES];	/* what the kernel has */
	bool off[NR_FEATURES];		/* turned off by EXECSNOOP_FEATURES_OFF */
	bool unknown;			/* the probes could not run (no privilege) */
};

/* "ringbuf", "bpf_loop", "task_pt_regs". */
const char *feature_name(enum feature f);
/* The kernel release that introduced f upstream, e.g. "5.8". */
const char *feature_since(enum feature f);

/*
 * Parses a comma-separated list of feature names ("all": every one) into
 * off[]; on an unknown name returns -1 and points *bad at it.
 */
int features_parse_off(const char *list, bool off[NR_FEATURES], const char **bad,
		       int *bad_len);

/*
 * Probes the kernel and applies EXECSNOOP_FEATURES_OFF; prints a one-line
 * error and returns -1 if that variable names an unknown feature.
 */
int features_probe(struct features *f);

#endif /* EXECSNOOP_KFEATURES_H */
