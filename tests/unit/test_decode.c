// SPDX-License-Identifier: GPL-2.0
/*
 * Decoding (decode.c): records with bad lengths are refused, the view of a
 * good one points at its parts; path_join, the argument walk, the tty name,
 * exit statuses and signal names.
 */
#include <signal.h>
#include <stdlib.h>
#include "check.h"
#include "decode.h"

static void pj(const char *name, const char *comps, size_t len, bool trunc, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	path_join(&sb, comps, len, trunc);
	CHECK_STR(name, sb.buf, sb.len, want);
	sb_release(&sb);
}

static void path_joins(void)
{
	struct strbuf sb = STRBUF_INIT;

	pj("path/leaf-first", "c\0b\0a", 6, false, "/a/b/c");
	pj("path/one", "tmp", 4, false, "/tmp");
	pj("path/empty-is-root", "", 0, false, "/");
	pj("path/truncated", "c\0b", 4, true, ".../b/c");
	pj("path/raw-bytes", "my dir\0x\ny", 11, false, "/x\ny/my dir");
	/* appends: what the buffer held stays in front */
	sb_adds(&sb, "cwd=");
	path_join(&sb, "", 0, false);
	CHECK_STR("path/appends-root", sb.buf, sb.len, "cwd=/");
	sb_release(&sb);
}

static void decode_bounds(void)
{
	static const char args[] = "ls\0-l";
	static const char cwd[] = "b\0a";
	static const char exe[] = "ls\0bin";
	struct decoded d;
	struct event *e, *small;
	size_t size;

	/* room behind the record, so that a length wrongly accepted is not
	 * also a read out of bounds */
	small = synth(args, sizeof(args), "/bin/ls", cwd, sizeof(cwd), exe, sizeof(exe), &size);
	e = calloc(1, size + FILENAME_MAX_LEN + PATH_BUF_LEN + 8);
	if (!e)
		abort();
	memcpy(e, small, size);
	free(small);
	CHECK("decode/exact-size", event_decode(&d, e, size) == 0 &&
	      d.cwd == e->data + sizeof(args) + 8 && d.cwd_len == sizeof(cwd) &&
	      d.exe == d.cwd + sizeof(cwd) && d.exe_len == sizeof(exe) && d.fname_len == 7);
	CHECK("decode/exe-overrun", event_decode(&d, e, size - 1) == -1);
	e->exe_len = 0;
	CHECK("decode/cwd-overrun", event_decode(&d, e, size - sizeof(exe) - 1) == -1);
	e->exe_len = sizeof(exe);
	e->cwd_len = PATH_BUF_LEN + 1;
	CHECK("decode/cwd-too-long", event_decode(&d, e, size + PATH_BUF_LEN) == -1);
	e->cwd_len = sizeof(cwd);
	e->exe_len = PATH_BUF_LEN + 1;
	CHECK("decode/exe-too-long", event_decode(&d, e, size + PATH_BUF_LEN) == -1);
	e->exe_len = 0xffffffffu;
	CHECK("decode/exe-huge", event_decode(&d, e, size) == -1);
	e->exe_len = sizeof(exe);
	e->cwd_len = 0xffffffffu;
	e->exe_len = 0xffffffffu;
	CHECK("decode/both-huge", event_decode(&d, e, size) == -1);
	e->cwd_len = sizeof(cwd);
	e->exe_len = sizeof(exe);
	e->fname_len = FILENAME_MAX_LEN + 1;
	CHECK("decode/fname-too-long", event_decode(&d, e, size + FILENAME_MAX_LEN) == -1);
	e->fname_len = 8;
	e->args_len = ARGS_SIZE_MAX + 1;
	CHECK("decode/args-too-long", event_decode(&d, e, size + ARGS_SIZE_MAX) == -1);
	e->args_len = sizeof(args);
	CHECK("decode/restored", event_decode(&d, e, size) == 0);
	/* each path part ends in the NUL of its last component */
	e->data[sizeof(args) + 8 + sizeof(cwd) - 1] = 'x';
	CHECK("decode/cwd-no-nul", event_decode(&d, e, size) == -1);
	e->data[sizeof(args) + 8 + sizeof(cwd) - 1] = '\0';
	e->data[sizeof(args) + 8 + sizeof(cwd) + sizeof(exe) - 1] = 'x';
	CHECK("decode/exe-no-nul", event_decode(&d, e, size) == -1);
	free(e);
}

static void decode_view(void)
{
	static const char a[] = "ls\0-l\0/tmp";
	struct decoded d;
	struct event *e;
	size_t size;
	void *padded;

	e = synth_args(a, sizeof(a), "/usr/bin/ls", 3, &size);
	CHECK("decode/short", event_decode(&(struct decoded){ 0 }, e, sizeof(*e) - 1) == -1);
	CHECK("decode/overrun", event_decode(&(struct decoded){ 0 }, e, size - 1) == -1);
	/* a perf sample may carry padding after the record: not part of it */
	padded = calloc(1, size + 7);
	if (!padded)
		abort();
	memcpy(padded, e, size);
	CHECK("decode/padding-after", event_decode(&d, padded, size + 7) == 0 &&
	      d.fname_len == 11 && d.cwd_len == 0 && d.exe_len == 0);
	free(padded);
	CHECK("decode/view", event_decode(&d, e, size) == 0 && d.e == e &&
	      d.args == e->data && d.args_len == sizeof(a) &&
	      d.fname == e->data + sizeof(a) && d.fname_len == 11 &&
	      !memcmp(d.fname, "/usr/bin/ls", 11) && !strcmp(d.comm, "ls") &&
	      !strcmp(d.pcomm, "bash") && d.tty[0] == '\0' && d.cwd_len == 0 && d.exe_len == 0);
	/* comm fills its 16 bytes without a NUL: the view ends it */
	memcpy(e->comm, "0123456789abcdef", TASK_COMM_LEN);
	memcpy(e->pcomm, "fedcba9876543210", TASK_COMM_LEN);
	CHECK("decode/comm-full", event_decode(&d, e, size) == 0 &&
	      !strcmp(d.comm, "0123456789abcdef") && !strcmp(d.pcomm, "fedcba9876543210"));
	/* a filename cut without its NUL stops at its length */
	e->fname_len = 4;
	CHECK("decode/fname-no-nul", event_decode(&d, e, size) == 0 && d.fname_len == 4 &&
	      !memcmp(d.fname, "/usr", 4));
	free(e);
}

static bool tty_is(const char *raw, const char *want)
{
	struct decoded d;
	struct event *e;
	size_t size;
	bool ok;

	e = synth_args("x", 2, "/x", 1, &size);
	memcpy(e->tty, raw, strnlen(raw, TTY_NAME_LEN));
	ok = event_decode(&d, e, size) == 0 && !strcmp(d.tty, want);
	free(e);
	return ok;
}

static void tty_names(void)
{
	CHECK("decode/tty-pts", tty_is("pts3", "pts/3"));
	CHECK("decode/tty-pts-many-digits", tty_is("pts12345", "pts/12345"));
	CHECK("decode/tty-pts-bare", tty_is("pts", "pts"));
	CHECK("decode/tty-pts-not-digits", tty_is("pts3x", "pts3x"));
	CHECK("decode/tty-console", tty_is("tty1", "tty1"));
	CHECK("decode/tty-none", tty_is("", ""));
	/* 32 bytes without a NUL: kept whole, not rewritten */
	CHECK("decode/tty-full", tty_is("pts12345678901234567890123456789",
					"pts12345678901234567890123456789"));
}

/* Walks d's arguments into "a|b|c"; the count in *n. */
static void walk(const char *args, size_t alen, struct strbuf *sb, int *n)
{
	struct decoded d = { .args = args, .args_len = alen };
	struct arg_iter it = args_of(&d);
	const char *s;
	size_t len;

	*n = 0;
	while (next_arg(&it, &s, &len)) {
		if ((*n)++)
			sb_addc(sb, '|');
		sb_add(sb, s, len);
	}
}

static void arg_walk(void)
{
	struct strbuf sb = STRBUF_INIT;
	int n;

	walk("ls\0-l\0/tmp", 11, &sb, &n);
	CHECK("args/three", n == 3 && sb.len == 10 && !memcmp(sb.buf, "ls|-l|/tmp", 10));
	sb_reset(&sb);
	walk("a\0bc", 4, &sb, &n);
	CHECK("args/last-cut", n == 2 && sb.len == 4 && !memcmp(sb.buf, "a|bc", 4));
	sb_reset(&sb);
	walk("\0\0x", 4, &sb, &n);
	CHECK("args/empty-ones", n == 3 && sb.len == 3 && !memcmp(sb.buf, "||x", 3));
	sb_reset(&sb);
	walk("", 0, &sb, &n);
	CHECK("args/none", n == 0 && sb.len == 0);
	sb_release(&sb);
}

static void exits(void)
{
	struct exit_info x;
	struct event e = { 0 };
	struct strbuf sb = STRBUF_INIT;

	x = exit_info(3 << 8);
	CHECK("exit/code", x.code == 3 && x.sig == 0 && !x.core);
	x = exit_info(255 << 8);
	CHECK("exit/code-255", x.code == 255 && x.sig == 0 && !x.core);
	x = exit_info(SIGKILL);
	CHECK("exit/signal", x.code == -1 && x.sig == SIGKILL && !x.core);
	x = exit_info(0x80 | SIGSEGV);
	CHECK("exit/core", x.code == -1 && x.sig == SIGSEGV && x.core);
	e.ts_ns = 5000;
	e.start_ns = 1000;
	CHECK("exit/lifetime", exit_lifetime_ns(&e) == 4000);
	e.start_ns = 6000;
	CHECK("exit/lifetime-start-after-end", exit_lifetime_ns(&e) == 0);
	CHECK("exit/signame", sb_add_signame(&sb, SIGTERM) && sb.len == 7 &&
	      !memcmp(sb.buf, "SIGTERM", 7));
	sb_reset(&sb);
	CHECK("exit/signame-rt", !sb_add_signame(&sb, 40) && sb.len == 0);
	sb_release(&sb);
}

/* Tick-sampled times scaled to the precise CPU time, as getrusage does. */
static void rusages(void)
{
	struct event e = { .utime_ns = 3, .stime_ns = 1, .runtime_ns = 1000,
			   .maxrss_pages = 3 };
	struct rusage_view r = exit_rusage(&e, 4096);

	CHECK("rusage/scaled", r.user_ns == 750 && r.sys_ns == 250 && r.max_rss_kib == 12);
	r = exit_rusage(&e, 65536);
	CHECK("rusage/64k-pages", r.max_rss_kib == 192);
	e.stime_ns = 0;
	r = exit_rusage(&e, 4096);
	CHECK("rusage/no-sys-ticks", r.user_ns == 1000 && r.sys_ns == 0);
	e.utime_ns = 0;
	r = exit_rusage(&e, 4096);
	CHECK("rusage/no-ticks", r.user_ns == 1000 && r.sys_ns == 0);
	e.stime_ns = 7;
	r = exit_rusage(&e, 4096);
	CHECK("rusage/no-user-ticks", r.user_ns == 0 && r.sys_ns == 1000);
	/* the sum is always the precise time, however the split rounds */
	e.utime_ns = 1;
	e.stime_ns = 2;
	r = exit_rusage(&e, 4096);
	CHECK("rusage/rounded", r.sys_ns == 666 && r.user_ns == 334);
	/* 64-bit figures: the product needs 128 bits */
	e.utime_ns = UINT64_MAX / 2;
	e.stime_ns = UINT64_MAX / 2;
	e.runtime_ns = UINT64_MAX - 1;
	r = exit_rusage(&e, 4096);
	CHECK("rusage/huge", r.sys_ns == UINT64_MAX / 2 && r.user_ns + r.sys_ns == UINT64_MAX - 1);
}

void test_decode(void)
{
	path_joins();
	decode_bounds();
	decode_view();
	tty_names();
	arg_walk();
	exits();
	rusages();
}
