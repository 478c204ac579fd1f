// SPDX-License-Identifier: GPL-2.0
/* The capabilities kept after attaching, and the tracepoint ids read. */
#include <linux/capability.h>
#include "check.h"
#include "privs.h"
#include "tracefs.h"

#define BIT(c) (1ull << (c))

void test_privs(void)
{
	uint64_t all = ~0ull;

	CHECK("privs/bpf-only", privs_kept(false, 40, all) == BIT(39));
	CHECK("privs/cgroup-paths", privs_kept(true, 40, all) == (BIT(39) | BIT(CAP_DAC_READ_SEARCH)));
	/* a kernel without CAP_BPF (before 5.8): CAP_SYS_ADMIN reads the maps */
	CHECK("privs/old-kernel", privs_kept(false, 37, all) == BIT(CAP_SYS_ADMIN));
	/* never more than was held */
	CHECK("privs/not-held", privs_kept(true, 40, BIT(39)) == BIT(39));
	CHECK("privs/none-held", privs_kept(true, 40, 0) == 0);

	CHECK("tracefs/id", tracefs_parse_id("861\n") == 861);
	CHECK("tracefs/id-no-newline", tracefs_parse_id("7") == 7);
	CHECK("tracefs/id-empty", tracefs_parse_id("") == -1);
	CHECK("tracefs/id-junk", tracefs_parse_id("12x\n") == -1);
	CHECK("tracefs/id-zero", tracefs_parse_id("0\n") == -1);
	CHECK("tracefs/id-negative", tracefs_parse_id("-5\n") == -1);
	CHECK("tracefs/id-huge", tracefs_parse_id("99999999999\n") == -1);
}
