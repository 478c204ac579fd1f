// SPDX-License-Identifier: GPL-2.0
/*
 * A fixture for the self-test of tests/tiers_check.sh: what execsnoop's
 * programs do not (yet) do, so that the extraction is seen to follow it.
 * Each helper is used once, in one place, to tell the paths apart:
 *   calls:    a map; bpf-to-bpf calls to first() and second() (the second
 *             function of .text: its offset must be followed), a loop in
 *             second(); a global knob
 *   callback: bpf_loop with step() as callback (a function's address)
 * Compiled by the test only (never loaded).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

const volatile __u32 knob = 1;

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} lru SEC(".maps");

static __noinline int first(int x)
{
	return x + (int)bpf_get_prandom_u32();
}

static long step(__u32 i, void *ctx)
{
	(void)i;
	(void)ctx;
	return bpf_ktime_get_boot_ns() & 1;
}

static __noinline int second(int n)
{
	int i, sum = 0;

#pragma clang loop unroll(disable)
	for (i = 0; i < n && i < 64; i++)
		sum += (int)bpf_get_numa_node_id();
	return sum;
}

SEC("raw_tp/sched_process_fork")
int calls(void *ctx)
{
	__u32 k = 0;

	(void)ctx;
	bpf_map_lookup_elem(&lru, &k);
	return first(1) + second((int)knob);
}

SEC("raw_tp/sched_process_exit")
int callback(void *ctx)
{
	(void)ctx;
	bpf_loop(4, step, NULL, 0);
	return 0;
}
