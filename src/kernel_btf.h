/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The build embeds a minimal BTF with just the kernel types execsnoop's CO-RE
 * relocations use, cut from the build machine's vmlinux BTF. It is used only
 * when the running kernel's BTF is byte-for-byte the one it was cut from;
 * otherwise libbpf reads the whole vmlinux BTF (slower, more memory).
 */
#ifndef EXECSNOOP_KERNEL_BTF_H
#define EXECSNOOP_KERNEL_BTF_H

#include <stdint.h>

#define VMLINUX_BTF_PATH "/sys/kernel/btf/vmlinux"

/* FNV-1a 64 of a file's contents, read in blocks; 0 with errno on error. */
uint64_t file_hash(const char *path, uint64_t *size);

/*
 * Returns a path to the embedded minimal BTF (a memfd) if it matches the
 * running kernel, else NULL. The fd stays open until exit.
 */
const char *min_btf_path(void);

#endif
