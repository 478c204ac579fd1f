// SPDX-License-Identifier: GPL-2.0
/* Text sink for the new features: EXIT lines, path columns, context
 * columns, --tree indentation; path_join; records with bad path lengths. */
#include <stdlib.h>
#include "check.h"

static void pj(const char *name, const char *comps, size_t len, bool trunc, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	path_join(&sb, comps, len, trunc);
	CHECK_STR(name, sb.buf, sb.len, want);
	sb_release(&sb);
}

static void path_joins(void)
{
	pj("path/leaf-first", "c\0b\0a", 6, false, "/a/b/c");
	pj("path/one", "tmp", 4, false, "/tmp");
	pj("path/empty-is-root", "", 0, false, "/");
	pj("path/truncated", "c\0b", 4, true, ".../b/c");
	pj("path/raw-bytes", "my dir\0x\ny", 11, false, "/x\ny/my dir");
}

static void opts_init(struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->max_args = 20;
}

/* Formats records in order with one context (for --tree's memory). */
static void fmt_seq(const char *name, struct options *o, struct event **ev, size_t *sizes,
		    size_t n, const char *want)
{
	struct format_ctx fc = { .opts = o, .cached_sec = -1 };
	struct strbuf sb = STRBUF_INIT;
	struct decoded d;
	size_t i;

	for (i = 0; i < n; i++) {
		if (event_decode(&d, ev[i], sizes[i])) {
			CHECK(name, 0);
			goto out;
		}
		format_text(&fc, &d, &sb);
	}
	CHECK_STR(name, sb.buf, sb.len, want);
out:
	sb_release(&sb);
	sb_release(&fc.scratch);
	free(fc.depths);
}

static void fmt1(const char *name, struct options *o, struct event *e, size_t size,
		 const char *want)
{
	fmt_seq(name, o, &e, &size, 1, want);
}

static void exit_lines(void)
{
	struct options o;
	struct event *e;
	size_t size;

	opts_init(&o);
	e = synth_exit(3 << 8, 12345678, &size);
	fmt1("text-exit/code", &o, e, size,
	     "ls               1234    99      EXIT code 3, ran 12.346 ms\n");
	e->exit_status = 0;
	fmt1("text-exit/code-0", &o, e, size,
	     "ls               1234    99      EXIT code 0, ran 12.346 ms\n");
	e->exit_status = 255 << 8;
	fmt1("text-exit/code-255", &o, e, size,
	     "ls               1234    99      EXIT code 255, ran 12.346 ms\n");
	e->exit_status = 9;
	fmt1("text-exit/signal", &o, e, size,
	     "ls               1234    99      EXIT killed by SIGKILL, ran 12.346 ms\n");
	e->exit_status = 0x80 | 11;
	fmt1("text-exit/core", &o, e, size,
	     "ls               1234    99      EXIT killed by SIGSEGV (core dumped), ran 12.346 ms\n");
	e->exit_status = 40;
	fmt1("text-exit/rt-signal", &o, e, size,
	     "ls               1234    99      EXIT killed by signal 40, ran 12.346 ms\n");
	e->exit_status = 4 << 8;
	e->flags = EVF_START_UNKNOWN;
	e->start_ns = e->ts_ns - 1000000;
	fmt1("text-exit/since-fork", &o, e, size,
	     "ls               1234    99      EXIT code 4, ran 1.000 ms since fork (exec not seen)\n");
	/* extra columns: UID, PCOMM; an EXIT has no cwd or exe: "-" */
	e->flags = 0;
	o.print_uid = o.print_pcomm = true;
	o.show_cwd = o.show_exe = true;
	fmt1("text-exit/columns", &o, e, size,
	     "1000   ls               1234    bash             99      -                    "
	     "-                    EXIT code 4, ran 1.000 ms\n");
	/* --tree below a root: indented like its process */
	opts_init(&o);
	o.tree = true;
	e->flags = EVF_IN_TREE;
	e->depth = 2;
	fmt1("text-exit/tree", &o, e, size,
	     "ls               1234    99      EXIT     code 4, ran 1.000 ms\n");
	free(e);
}

static void path_columns(void)
{
	static const char args[] = "ls\0-l";
	static const char cwd[] = "my dir\0tmp";
	static const char exe[] = "ls\0bin\0usr";
	struct options o;
	struct event *e;
	size_t size;

	opts_init(&o);
	e = synth(args, sizeof(args), "/usr/bin/ls", cwd, sizeof(cwd), exe, sizeof(exe), &size);
	synth_context(e);
	o.show_cwd = true;
	fmt1("text-paths/cwd-space-escaped", &o, e, size,
	     "ls               1234    99      /tmp/my\\x20dir         0 /usr/bin/ls -l\n");
	o.show_exe = true;
	fmt1("text-paths/cwd-exe", &o, e, size,
	     "ls               1234    99      /tmp/my\\x20dir       /usr/bin/ls          "
	     "  0 /usr/bin/ls -l\n");
	e->flags |= EVF_CWD_TRUNC;
	fmt1("text-paths/cwd-truncated", &o, e, size,
	     "ls               1234    99      .../tmp/my\\x20dir    /usr/bin/ls          "
	     "  0 /usr/bin/ls -l\n");
	/* a failed exec has a cwd, no exe */
	e->flags &= ~EVF_CWD_TRUNC;
	e->type = EVENT_EXEC_FAIL;
	e->retval = -2;
	fmt1("text-paths/failed", &o, e, size,
	     "ls               1234    99      /tmp/my\\x20dir       -                    "
	     " -2 /usr/bin/ls -l\n");
	/* no context gathered: "-" */
	e->flags = 0;
	e->type = EVENT_EXEC;
	e->retval = 0;
	fmt1("text-paths/no-context", &o, e, size,
	     "ls               1234    99      -                    -                    "
	     "  0 /usr/bin/ls -l\n");
	free(e);
}

static void context_columns(void)
{
	static const char args[] = "ls";
	struct options o;
	struct event *e;
	size_t size;
	struct strbuf sb = STRBUF_INIT;
	struct format_ctx fc = { .opts = &o, .cached_sec = -1 };

	opts_init(&o);
	o.show_context = true;
	format_header(&fc, &sb);
	CHECK_STR("text-context/header", sb.buf, sb.len,
		  "COMM             PID     PPID    SID     TTY     AUID   EUID   MNTNS      "
		  "CGROUP               RET ARGS\n");
	sb_release(&sb);
	e = synth(args, sizeof(args), "/bin/ls", "", 0, "", 0, &size);
	synth_context(e);
	fmt1("text-context/no-tty-no-auid", &o, e, size,
	     "ls               1234    99      7       -       -      0      4026531840 "
	     "12345                  0 /bin/ls\n");
	e->auid = 1000;
	e->euid = 65534;
	memcpy(e->tty, "pts/3", 6);
	fmt1("text-context/tty-auid", &o, e, size,
	     "ls               1234    99      7       pts/3   1000   65534  4026531840 "
	     "12345                  0 /bin/ls\n");
	memcpy(e->tty, "x\x1b", 3);
	fmt1("text-context/tty-escaped", &o, e, size,
	     "ls               1234    99      7       x\\x1b   1000   65534  4026531840 "
	     "12345                  0 /bin/ls\n");
	e->flags = 0;
	fmt1("text-context/none", &o, e, size,
	     "ls               1234    99      -       -       -      -      -          "
	     "-                      0 /bin/ls\n");
	free(e);
}

/* --tree without -p: the depth follows the exec'd ancestry. */
static void tree_ancestry(void)
{
	struct event *ev[7];
	size_t sz[7];
	struct options o;
	int i;

	opts_init(&o);
	o.tree = true;
	/* 10 (parent not seen) execs; its child 11 execs; 11's child 12 execs */
	ev[0] = synth("a", 2, "/a", "", 0, "", 0, &sz[0]);
	ev[0]->pid = 10, ev[0]->ppid = 1;
	ev[1] = synth("b", 2, "/b", "", 0, "", 0, &sz[1]);
	ev[1]->pid = 11, ev[1]->ppid = 10;
	ev[2] = synth("c", 2, "/c", "", 0, "", 0, &sz[2]);
	ev[2]->pid = 12, ev[2]->ppid = 11;
	/* 12 exits: at its depth */
	ev[3] = synth_exit(0, 1000, &sz[3]);
	ev[3]->pid = 12, ev[3]->ppid = 11;
	/* 11 execs again in place: same depth */
	ev[4] = synth("d", 2, "/d", "", 0, "", 0, &sz[4]);
	ev[4]->pid = 11, ev[4]->ppid = 10;
	/* an unrelated process whose parent never exec'd: 0 */
	ev[5] = synth("e", 2, "/e", "", 0, "", 0, &sz[5]);
	ev[5]->pid = 20, ev[5]->ppid = 19;
	/* 10 exits */
	ev[6] = synth_exit(0, 1000, &sz[6]);
	ev[6]->pid = 10, ev[6]->ppid = 1;
	fmt_seq("text-tree/exec-ancestry", &o, ev, sz, 7,
		"ls               10      1         0 /a\n"
		"ls               11      10        0   /b\n"
		"ls               12      11        0     /c\n"
		"ls               12      11      EXIT     code 0, ran 0.001 ms\n"
		"ls               11      10        0   /d\n"
		"ls               20      19        0 /e\n"
		"ls               10      1       EXIT code 0, ran 0.001 ms\n");
	/* below a root (-p / COMMAND) the kernel's depth is used as is */
	for (i = 0; i < 7; i++) {
		ev[i]->flags = EVF_IN_TREE;
		ev[i]->depth = (__u32)(i % 3);
	}
	fmt_seq("text-tree/kernel-depth", &o, ev, sz, 3,
		"ls               10      1         0 /a\n"
		"ls               11      10        0   /b\n"
		"ls               12      11        0     /c\n");
	/* without --tree: no indentation */
	o.tree = false;
	fmt_seq("text-tree/off", &o, ev, sz, 3,
		"ls               10      1         0 /a\n"
		"ls               11      10        0 /b\n"
		"ls               12      11        0 /c\n");
	for (i = 0; i < 7; i++)
		free(ev[i]);
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
	free(e);
}

void test_text(void)
{
	path_joins();
	exit_lines();
	path_columns();
	context_columns();
	tree_ancestry();
	decode_bounds();
}
