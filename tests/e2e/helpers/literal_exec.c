// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel-notes case: a plain single-threaded execv("/bin/echo",
 * {"echo", "X"}) whose strings are read-only literals that this process has
 * never touched, so their pages are not mapped yet when the exec starts.
 * A tracer that reads argv at syscall entry sees nothing there.
 *
 *   literal_exec [ok|fail] [check]
 *
 * ok (default) execs /bin/echo X; fail execs /nonexistent/literal Y Z (exits 1
 * after the failed exec).  With "check", first reports on stderr whether the
 * string pages are present (from /proc/self/pagemap, which does not touch
 * them): "present=0" means the case is really exercised.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/*
 * Each string 128 KiB away from the next: fault-around maps at most the
 * aligned 64 KiB block around a faulting address, so the kernel reading the
 * filename of a failed exec cannot map the argument strings with it.
 */
#define GAP (128 * 1024)
static const struct {
	char pad0[GAP];
	char path[16];
	char pad1[GAP];
	char echo[16];
	char pad2[GAP];
	char x[16];
	char pad3[GAP];
	char bad[32];
	char pad4[GAP];
	char y[16];
	char pad5[GAP];
	char z[16];
	char pad6[GAP];
} lit __attribute__((aligned(4096))) = {
	.pad0 = { 1 }, .path = "/bin/echo", .echo = "echo", .x = "X",
	.bad = "/nonexistent/literal", .y = "Y", .z = "Z", .pad6 = { 1 },
};

static int present(const void *addr)
{
	uint64_t ent = 0;
	long page = sysconf(_SC_PAGESIZE);
	int fd = open("/proc/self/pagemap", O_RDONLY);
	off_t off = (off_t)((uintptr_t)addr / (uintptr_t)page * sizeof(ent));
	int ok = fd >= 0 && pread(fd, &ent, sizeof(ent), off) == (ssize_t)sizeof(ent);

	if (fd >= 0)
		close(fd);
	return ok ? (int)(ent >> 63) : -1;
}

int main(int argc, char **argv)
{
	int fail = argc > 1 && !strcmp(argv[1], "fail");
	char *const ok_argv[] = { (char *)lit.echo, (char *)lit.x, NULL };
	char *const fail_argv[] = { (char *)lit.bad, (char *)lit.y, (char *)lit.z, NULL };

	if ((argc > 2 && !strcmp(argv[2], "check")) || (argc > 1 && !strcmp(argv[1], "check")))
		fprintf(stderr, "present=%d\n",
			present(lit.path) | present(lit.echo) | present(lit.x) |
			present(lit.bad) | present(lit.y) | present(lit.z));
	if (fail)
		execv(lit.bad, fail_argv);
	else
		execv(lit.path, ok_argv);
	return 1;
}
