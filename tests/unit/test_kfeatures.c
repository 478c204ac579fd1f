// SPDX-License-Identifier: GPL-2.0
/* EXECSNOOP_FEATURES_OFF: the list of features forced off. */
#include <string.h>
#include "check.h"
#include "kfeatures.h"

/* off[] after parsing list; -1 on an error, with *bad the bad name. */
static int parse(const char *list, bool off[NR_FEATURES], const char **bad, int *bad_len)
{
	memset(off, 0, sizeof(bool) * NR_FEATURES);
	*bad = NULL;
	*bad_len = 0;
	return features_parse_off(list, off, bad, bad_len);
}

void test_kfeatures(void)
{
	bool off[NR_FEATURES];
	const char *bad;
	int n;

	CHECK("kfeatures/names", !strcmp(feature_name(FEAT_RINGBUF), "ringbuf") &&
	      !strcmp(feature_name(FEAT_BPF_LOOP), "bpf_loop") &&
	      !strcmp(feature_name(FEAT_TASK_PT_REGS), "task_pt_regs"));
	CHECK("kfeatures/since", !strcmp(feature_since(FEAT_RINGBUF), "5.8") &&
	      !strcmp(feature_since(FEAT_BPF_LOOP), "5.17") &&
	      !strcmp(feature_since(FEAT_TASK_PT_REGS), "5.15"));
	CHECK("kfeatures/empty", parse("", off, &bad, &n) == 0 && !off[0] && !off[1] && !off[2]);
	CHECK("kfeatures/one", parse("bpf_loop", off, &bad, &n) == 0 && !off[FEAT_RINGBUF] &&
	      off[FEAT_BPF_LOOP] && !off[FEAT_TASK_PT_REGS]);
	CHECK("kfeatures/two", parse("ringbuf,task_pt_regs", off, &bad, &n) == 0 &&
	      off[FEAT_RINGBUF] && !off[FEAT_BPF_LOOP] && off[FEAT_TASK_PT_REGS]);
	CHECK("kfeatures/all", parse("all", off, &bad, &n) == 0 && off[0] && off[1] && off[2]);
	/* a trailing or doubled comma names nothing, which is no error */
	CHECK("kfeatures/trailing-comma", parse("ringbuf,", off, &bad, &n) == 0 &&
	      off[FEAT_RINGBUF] && !off[FEAT_BPF_LOOP]);
	/* names are whole words: a prefix or a longer word is unknown */
	CHECK("kfeatures/prefix", parse("ring", off, &bad, &n) == -1 && n == 4 &&
	      !strncmp(bad, "ring", 4));
	CHECK("kfeatures/longer", parse("bpf_loop,ringbufx", off, &bad, &n) == -1 &&
	      n == 8 && !strncmp(bad, "ringbufx", 8));
	CHECK("kfeatures/case", parse("RINGBUF", off, &bad, &n) == -1);
	CHECK("kfeatures/space", parse("ringbuf, bpf_loop", off, &bad, &n) == -1 &&
	      !strncmp(bad, " bpf_loop", 9));
	/* a long bad name is cut for the message (one byte more than shown) */
	CHECK("kfeatures/long-bad", parse("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
					  "xxxxxxxxxxxxxxxxxxxx", off, &bad, &n) == -1 &&
	      n == 65);
}
