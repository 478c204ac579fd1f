// SPDX-License-Identifier: GPL-2.0
/*
 * The text sink (sink_text.c): bcc's columns and ARGS, EXIT lines, path
 * columns, context columns, --tree indentation, the header, the summary.
 */
#include <stdlib.h>
#include <time.h>
#include "check.h"
#include "sink.h"

static void opts_init(struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->max_args = 20;
}

/*
 * Formats records in order with one sink (for --tree's memory, -T's
 * cache); the clocks of the start are start_ns and its wall-clock offset.
 */
static void fmt_run(const char *name, struct options *o, uint64_t start_ns, int64_t offset_ns,
		    struct event **ev, size_t *sizes, size_t n, const char *want)
{
	struct sink s;
	struct strbuf sb = STRBUF_INIT;
	struct decoded d;
	size_t i;

	sink_init(&s, o, start_ns, offset_ns, NULL);
	for (i = 0; i < n; i++) {
		if (event_decode(&d, ev[i], sizes[i])) {
			CHECK(name, 0);
			goto out;
		}
		sink_event(&s, &d, &sb);
	}
	CHECK_STR(name, sb.buf, sb.len, want);
out:
	sb_release(&sb);
	sink_release(&s);
}

static void fmt_seq(const char *name, struct options *o, struct event **ev, size_t *sizes,
		    size_t n, const char *want)
{
	fmt_run(name, o, 0, 0, ev, sizes, n, want);
}

static void fmt1(const char *name, struct options *o, struct event *e, size_t size,
		 const char *want)
{
	fmt_seq(name, o, &e, &size, 1, want);
}

/* The column titles for these options. */
static void header(const char *name, struct options *o, const char *want)
{
	struct sink s;
	struct strbuf sb = STRBUF_INIT;

	sink_init(&s, o, 0, 0, NULL);
	sink_header(&s, &sb);
	CHECK_STR(name, sb.buf, sb.len, want);
	sb_release(&sb);
	sink_release(&s);
}

/* bcc's columns and ARGS: quoting, --max-args, marks, hostile names. */
static void bcc_columns(void)
{
	static const char a[] = "ls\0-l\0/tmp";
	struct options o;
	struct event *e;
	size_t size;

	opts_init(&o);
	e = synth_args(a, sizeof(a), "/usr/bin/ls", 3, &size);
	fmt1("text/default", &o, e, size,
	     "ls               1234    99        0 /usr/bin/ls -l /tmp\n");
	o.quote = true;
	fmt1("text/quote", &o, e, size,
	     "ls               1234    99        0 \"/usr/bin/ls\" \"-l\" \"/tmp\"\n");
	o.quote = false;
	o.max_args = 2;
	fmt1("text/max-args", &o, e, size,
	     "ls               1234    99        0 /usr/bin/ls -l ...\n");
	o.max_args = 20;
	o.print_uid = o.print_pcomm = o.print_cpu = true;
	e->uid = 0;	/* root on CPU 0 */
	e->cpu = 0;
	fmt1("text/extra-columns", &o, e, size,
	     "0      ls               1234    bash             99      0     0 "
	     "/usr/bin/ls -l /tmp\n");
	e->retval = -2;
	opts_init(&o);
	fmt1("text/failed", &o, e, size,
	     "ls               1234    99       -2 /usr/bin/ls -l /tmp\n");
	e->flags = EVF_ARGS_TRUNC;
	e->args_total = 100000;
	e->argc = 5;
	e->retval = 0;
	fmt1("text/truncated", &o, e, size,
	     "ls               1234    99        0 /usr/bin/ls -l /tmp "
	     "[truncated: 11 of 100000 bytes, 5 args]\n");
	/* --max-args reached too: " ...", and still what was not copied */
	o.max_args = 3;
	fmt1("text/truncated-max-args", &o, e, size,
	     "ls               1234    99        0 /usr/bin/ls -l /tmp ... "
	     "[truncated: 11 of 100000 bytes, 5 args]\n");
	o.max_args = 20;
	/* a failed exec's truncation has no total */
	e->type = EVENT_EXEC_FAIL;
	e->retval = -7;
	fmt1("text/truncated-failed", &o, e, size,
	     "ls               1234    99       -7 /usr/bin/ls -l /tmp "
	     "[truncated: 11 bytes shown]\n");
	/* argc entries were read (4096, or 512 without bpf_loop) */
	e->flags = EVF_ARGC_TRUNC;
	e->argc = 4096;
	fmt1("text/argc-truncated", &o, e, size,
	     "ls               1234    99       -7 /usr/bin/ls -l /tmp "
	     "[truncated: more than 4096 args]\n");
	e->argc = 512;
	fmt1("text/argc-truncated-noloop", &o, e, size,
	     "ls               1234    99       -7 /usr/bin/ls -l /tmp "
	     "[truncated: more than 512 args]\n");
	e->flags = EVF_FNAME_FAULT | EVF_ARGS_FAULT;
	fmt1("text/unreadable", &o, e, size,
	     "ls               1234    99       -7 [filename unreadable] -l /tmp "
	     "[args unreadable]\n");
	/* -t: seconds since the start, rounded to the millisecond */
	e->flags = 0;
	e->type = EVENT_EXEC;
	e->retval = 0;
	o.timestamp = true;
	fmt_run("text/timestamp", &o, 1500000000ull - 400, 0, &e, &size, 1,
		"3.500   ls               1234    99        0 /usr/bin/ls -l /tmp\n");
	/* an event stamped before the start (another CPU): 0 */
	fmt_run("text/timestamp-before-start", &o, 6000000000ull, 0, &e, &size, 1,
		"0.000   ls               1234    99        0 /usr/bin/ls -l /tmp\n");
	free(e);

	opts_init(&o);
	e = synth_args("a\0", 2, "/x", 1, &size);
	memcpy(e->comm, "\x1b]0;pwn\x07", 8);
	fmt1("text/hostile-comm", &o, e, size,
	     "\\x1b]0;pwn\\x07   1234    99        0 /x\n");
	free(e);
}

/* -T: the wall-clock time of day, the same second formatted once. */
static void wall_time(void)
{
	char *old = getenv("TZ"), *saved = old ? strdup(old) : NULL;
	struct event *ev[4];
	size_t sz[4];
	struct options o;
	int i;

	/* UTC, whatever this machine's zone */
	setenv("TZ", "UTC0", 1);
	tzset();
	opts_init(&o);
	o.time = true;
	for (i = 0; i < 4; i++)
		ev[i] = synth_args("x", 2, "/x", 1, &sz[i]);
	ev[1]->ts_ns += 876543210;	/* the same second, to the last ns */
	ev[2]->ts_ns += 876543211;	/* the next one */
	ev[3]->ts_ns += 3600000000000ull;	/* an hour later */
	fmt_run("text/time", &o, 0, SYNTH_REALTIME_OFFSET, ev, sz, 4,
		"22:13:20 ls               1234    99        0 /x\n"
		"22:13:20 ls               1234    99        0 /x\n"
		"22:13:21 ls               1234    99        0 /x\n"
		"23:13:20 ls               1234    99        0 /x\n");
	for (i = 0; i < 4; i++)
		free(ev[i]);
	if (saved)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	free(saved);
	tzset();
}

static void headers(void)
{
	struct options o;

	opts_init(&o);
	header("text/header", &o, "COMM             PID     PPID    RET ARGS\n");
	o.time = o.timestamp = o.print_uid = o.print_pcomm = o.print_cpu = true;
	o.show_cwd = o.show_exe = true;
	header("text/header-all-bcc", &o,
	       "TIME     TIME(s) UID    COMM             PID     PCOMM            PPID    CPU "
	       "CWD                  EXE                  RET ARGS\n");
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
	     "ls               1234    99      EXIT killed by SIGSEGV (core dumped), "
	     "ran 12.346 ms\n");
	e->exit_status = 40;
	fmt1("text-exit/rt-signal", &o, e, size,
	     "ls               1234    99      EXIT killed by signal 40, ran 12.346 ms\n");
	e->exit_status = 4 << 8;
	e->flags = EVF_START_UNKNOWN;
	e->start_ns = e->ts_ns - 1000000;
	fmt1("text-exit/since-fork", &o, e, size,
	     "ls               1234    99      EXIT code 4, ran 1.000 ms "
	     "since fork (exec not seen)\n");
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
	/* --rusage: CPU scaled to the precise time, peak RSS (4 KiB pages), switches */
	opts_init(&o);
	o.rusage = true;
	e->flags = 0;
	e->utime_ns = 3;
	e->stime_ns = 1;
	e->runtime_ns = 1234567890;
	e->maxrss_pages = 16891;
	e->nvcsw = 2;
	e->nivcsw = 31;
	fmt1("text-exit/rusage", &o, e, size,
	     "ls               1234    99      EXIT code 4, ran 1.000 ms, user 925.926 ms, "
	     "sys 308.642 ms, max RSS 67564 KiB, switches 2 vol 31 invol\n");
	e->utime_ns = e->stime_ns = e->runtime_ns = e->maxrss_pages = e->nvcsw = e->nivcsw = 0;
	fmt1("text-exit/rusage-zero", &o, e, size,
	     "ls               1234    99      EXIT code 4, ran 1.000 ms, user 0.000 ms, "
	     "sys 0.000 ms, max RSS 0 KiB, switches 0 vol 0 invol\n");
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

	opts_init(&o);
	o.show_context = true;
	header("text-context/header", &o,
	       "COMM             PID     PPID    SID     TTY     AUID   EUID   MNTNS      "
	       "CGROUP               RET ARGS\n");
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

static void summary_line(const char *name, const struct summary *sum, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	summary_text(sum, &sb);
	CHECK_STR(name, sb.buf, sb.len, want);
	sb_release(&sb);
}

#define SUMMARY_BASE "execsnoop: 10 events, 6 printed, 1 lost, 5 filtered " \
	"(2 in kernel, 3 in user space)"

static void summaries(void)
{
	struct summary sum = { .received = 10, .printed = 6, .lost = 1, .filtered_kernel = 2,
			       .filtered_user = 3, .duration_s = 2.5 };
	struct strbuf out = STRBUF_INIT, diag = STRBUF_INIT;
	struct options o;
	struct sink s;

	summary_line("text-summary/plain", &sum, SUMMARY_BASE "\n");
	sum.malformed = 2;
	summary_line("text-summary/malformed", &sum,
		     SUMMARY_BASE ", malformed records dropped\n");
	sum.malformed = 0;
	sum.tree_full = 4;
	summary_line("text-summary/tree-full", &sum,
		     SUMMARY_BASE ", process tree map full: some descendants not followed\n");
	sum.tree_full = 0;
	sum.exit_untracked = 17;
	summary_line("text-summary/exit-untracked", &sum,
		     SUMMARY_BASE ", 17 execs not followed to their end (too many live processes)\n");
	sum.malformed = 1;
	sum.tree_full = 1;
	summary_line("text-summary/all", &sum,
		     SUMMARY_BASE ", malformed records dropped, process tree map full: some "
		     "descendants not followed, 17 execs not followed to their end (too many "
		     "live processes)\n");
	summary_line("text-summary/zero", &(struct summary){ 0 },
		     "execsnoop: 0 events, 0 printed, 0 lost, 0 filtered (0 in kernel, 0 in "
		     "user space)\n");
	/* the text sink: the line on the diagnostics, nothing on the output */
	opts_init(&o);
	sink_init(&s, &o, 0, 0, NULL);
	sum = (struct summary){ .received = 10, .printed = 6, .lost = 1, .filtered_kernel = 2,
				.filtered_user = 3 };
	sink_summary(&s, &sum, &out, &diag);
	CHECK("text-summary/sink-output-empty", out.len == 0);
	CHECK_STR("text-summary/sink-diag", diag.buf, diag.len, SUMMARY_BASE "\n");
	sink_release(&s);
	sb_release(&out);
	sb_release(&diag);
}

/* --keys: KEY and PKEY after the other columns; "-" without a boot id. */
static void key_columns(void)
{
	static const char args[] = "ls";
	struct host_ident h = { .boot_id = "0123456789abcdef0123456789abcdef" };
	struct strbuf sb = STRBUF_INIT;
	struct options o;
	struct decoded d;
	struct event *e;
	struct sink s;
	size_t size;

	memset(&o, 0, sizeof(o));
	o.max_args = 20;
	o.show_keys = true;
	header("text/keys-header", &o,
	       "COMM             PID     PPID    KEY                                                        "
	       "PKEY                                                       "
	       "RET ARGS\n");
	e = synth(args, sizeof(args), "/bin/ls", "", 0, "", 0, &size);
	e->start_time = 123456789012ull;
	e->exec_id = 3;
	e->pstart_time = 1000;
	e->pexec_id = 2;
	sink_init(&s, &o, 0, 0, NULL);
	sink_set_host(&s, &h);
	if (!event_decode(&d, e, size))
		sink_event(&s, &d, &sb);
	e->ppid = 0;
	if (!event_decode(&d, e, size))
		sink_event(&s, &d, &sb);
	sink_set_host(&s, NULL);
	if (!event_decode(&d, e, size))
		sink_event(&s, &d, &sb);
	CHECK_STR("text/keys", sb.buf, sb.len,
		  "ls               1234    99      "
		  "0123456789abcdef0123456789abcdef:1234:123456789012:3       "
		  "0123456789abcdef0123456789abcdef:99:1000:2                   0 /bin/ls\n"
		  "ls               1234    0       "
		  "0123456789abcdef0123456789abcdef:1234:123456789012:3       "
		  "-                                                            0 /bin/ls\n"
		  "ls               1234    0       "
		  "-                                                          "
		  "-                                                            0 /bin/ls\n");
	sink_release(&s);
	sb_release(&sb);
	free(e);
}

void test_sink_text(void)
{
	key_columns();
	bcc_columns();
	wall_time();
	headers();
	exit_lines();
	path_columns();
	context_columns();
	tree_ancestry();
	summaries();
}
