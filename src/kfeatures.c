// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "err.h"
#include "escape.h"
#include "kfeatures.h"
#include "privs.h"

static const struct {
	const char *name;
	const char *since;
} feature_info[NR_FEATURES] = {
	[FEAT_RINGBUF] = { "ringbuf", "5.8" },
	[FEAT_BPF_LOOP] = { "bpf_loop", "5.17" },
	[FEAT_TASK_PT_REGS] = { "task_pt_regs", "5.15" },
};

const char *feature_name(enum feature f)
{
	return f < NR_FEATURES ? feature_info[f].name : "?";
}

const char *feature_since(enum feature f)
{
	return f < NR_FEATURES ? feature_info[f].since : "?";
}

int features_parse_off(const char *list, bool off[NR_FEATURES], const char **bad,
		       int *bad_len)
{
	const char *p = list, *end;
	size_t len;
	int f;

	while (*p) {
		end = strchr(p, ',');
		len = end ? (size_t)(end - p) : strlen(p);
		if (len == 3 && !strncmp(p, "all", 3)) {
			for (f = 0; f < NR_FEATURES; f++)
				off[f] = true;
		} else {
			for (f = 0; f < NR_FEATURES; f++)
				if (strlen(feature_info[f].name) == len &&
				    !strncmp(p, feature_info[f].name, len))
					break;
			if (f == NR_FEATURES) {
				*bad = p;
				*bad_len = len > SHOWN_ARG_MAX + 1 ? SHOWN_ARG_MAX + 1 : (int)len;
				return -1;
			}
			off[f] = true;
		}
		if (!end)
			break;
		p = end + 1;
	}
	return 0;
}

/*
 * A probe's answer: libbpf loads a tiny program or map; an error other than
 * "not supported" (no privilege, say) leaves the answer unknown.
 */
static bool answer(struct features *f, int ret)
{
	if (ret < 0)
		f->unknown = true;
	return ret > 0;
}

/* A helper a program type may call: libbpf loads a program calling it. */
static bool helper_ok(struct features *f, enum bpf_prog_type type, enum bpf_func_id id)
{
	return answer(f, libbpf_probe_bpf_helper(type, id, NULL));
}

static void probe_all(struct features *f)
{
	f->kernel[FEAT_RINGBUF] =
		answer(f, libbpf_probe_bpf_map_type(BPF_MAP_TYPE_RINGBUF, NULL));
	f->kernel[FEAT_BPF_LOOP] = helper_ok(f, BPF_PROG_TYPE_RAW_TRACEPOINT, BPF_FUNC_loop);
	/* the syscall tracepoints' programs take the task's registers so */
	f->kernel[FEAT_TASK_PT_REGS] =
		helper_ok(f, BPF_PROG_TYPE_TRACEPOINT, BPF_FUNC_task_pt_regs) &&
		helper_ok(f, BPF_PROG_TYPE_TRACEPOINT, BPF_FUNC_get_current_task_btf);
}

int features_probe(struct features *f)
{
	const char *list = getenv("EXECSNOOP_FEATURES_OFF"), *bad = NULL;
	int i, bad_len = 0;

	memset(f, 0, sizeof(*f));
	/* without the privilege to load programs, libbpf's probes say nothing */
	if (!privs_have(CAP_BPF) && !privs_have(CAP_SYS_ADMIN))
		f->unknown = true;
	else
		probe_all(f);
	if (list && features_parse_off(list, f->off, &bad, &bad_len)) {
		char name[SHOWN_ARG_MAX + 2];

		/* one more byte than is shown: shown_arg marks the cut */
		snprintf(name, sizeof(name), "%.*s", bad_len, bad);
		p_err("EXECSNOOP_FEATURES_OFF: unknown feature '%s' (known: ringbuf, "
		      "bpf_loop, task_pt_regs, all)", shown_arg(name));
		return -1;
	}
	for (i = 0; i < NR_FEATURES; i++)
		f->have[i] = f->kernel[i] && !f->off[i];
	return 0;
}
