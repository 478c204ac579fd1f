// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>
#include "privs.h"
#include "proc.h"

#ifndef CAP_BPF
#define CAP_BPF 39
#endif

#define BIT(c) (1ull << (c))

uint64_t privs_kept(bool cgroup_paths, int cap_last_cap, uint64_t held)
{
	uint64_t want = cap_last_cap >= CAP_BPF ? BIT(CAP_BPF) : BIT(CAP_SYS_ADMIN);

	if (cgroup_paths)
		want |= BIT(CAP_DAC_READ_SEARCH);
	return want & held;
}

bool privs_have(int cap)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data))
		return false;
	return data[cap / 32].effective & (1u << (cap % 32));
}

int privs_drop(bool cgroup_paths)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];
	char buf[16];
	int last = -1;
	uint64_t held, keep;

	if (read_text("/proc/sys/kernel/cap_last_cap", buf, sizeof(buf)) > 0)
		last = atoi(buf);
	if (syscall(SYS_capget, &hdr, data))
		return -1;
	held = data[0].permitted | (uint64_t)data[1].permitted << 32;
	keep = privs_kept(cgroup_paths, last, held);
	data[0].effective = data[0].permitted = (__u32)keep;
	data[1].effective = data[1].permitted = (__u32)(keep >> 32);
	data[0].inheritable = data[1].inheritable = 0;
	if (syscall(SYS_capset, &hdr, data))
		return -1;
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}
