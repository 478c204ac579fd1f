// SPDX-License-Identifier: GPL-2.0
/*
 * pin_prog PATH: loads the smallest BPF program (a socket filter that
 * returns 0) and pins it at PATH on a mounted bpffs, so that the tests can
 * hand the tool a pinned object that is not a map.
 */
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/bpf.h>

int main(int argc, char **argv)
{
	struct bpf_insn insns[2] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	union bpf_attr attr;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: pin_prog PATH\n");
		return 2;
	}
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insns = (__u64)(unsigned long)insns;
	attr.insn_cnt = 2;
	attr.license = (__u64)(unsigned long)"GPL";
	fd = (int)syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
	if (fd < 0) {
		perror("pin_prog: BPF_PROG_LOAD");
		return 1;
	}
	memset(&attr, 0, sizeof(attr));
	attr.pathname = (__u64)(unsigned long)argv[1];
	attr.bpf_fd = (__u32)fd;
	if (syscall(SYS_bpf, BPF_OBJ_PIN, &attr, sizeof(attr))) {
		perror("pin_prog: BPF_OBJ_PIN");
		return 1;
	}
	return 0;
}
