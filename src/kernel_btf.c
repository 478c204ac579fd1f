// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>
#include "kernel_btf.h"

uint64_t file_hash(const char *path, uint64_t *size)
{
	unsigned char buf[65536];
	uint64_t h = 0xcbf29ce484222325ull;
	ssize_t n, i;
	int fd;

	*size = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++) {
			h ^= buf[i];
			h *= 0x100000001b3ull;
		}
		*size += (uint64_t)n;
	}
	close(fd);
	return n < 0 ? 0 : h;
}

#ifdef BTFHASH_MAIN
/* build helper: prints -D flags identifying the build machine's BTF */
int main(int argc, char **argv)
{
	uint64_t size, h = file_hash(argc > 1 ? argv[1] : VMLINUX_BTF_PATH, &size);

	if (!h) {
		perror("btfhash");
		return 1;
	}
	printf("-DVMLINUX_BTF_HASH=0x%016llxull -DVMLINUX_BTF_SIZE=%lluull\n",
	       (unsigned long long)h, (unsigned long long)size);
	return 0;
}
#else
extern const unsigned char min_core_btf[];
extern const unsigned char min_core_btf_end[];

__asm__(".section .rodata\n"
	".balign 8\n"
	".globl min_core_btf\n"
	"min_core_btf:\n"
	".incbin \"" MIN_BTF_FILE "\"\n"
	".globl min_core_btf_end\n"
	"min_core_btf_end:\n"
	".previous\n");

const char *min_btf_path(void)
{
	static char path[64];
	size_t len = (size_t)(min_core_btf_end - min_core_btf), off = 0;
	uint64_t size;
	ssize_t n;
	int fd;

	if (file_hash(VMLINUX_BTF_PATH, &size) != VMLINUX_BTF_HASH ||
	    size != VMLINUX_BTF_SIZE || !len)
		return NULL;
	fd = memfd_create("execsnoop-btf", MFD_CLOEXEC);
	if (fd < 0)
		return NULL;
	while (off < len) {
		n = write(fd, min_core_btf + off, len - off);
		if (n <= 0) {
			close(fd);
			return NULL;
		}
		off += (size_t)n;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return path;
}
#endif
