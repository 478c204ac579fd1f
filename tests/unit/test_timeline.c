// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
/* The timeline: scale, rows in tree order, folding, labels, axis, escaping. */
#include <stdlib.h>
#include "check.h"
#include "escape.h"
#include "runlog.h"
#include "timeline.h"

#define S(x) (x), sizeof(x) - 1
#define B 1000000ull	/* the run's start: 1 ms */

/*
 * A (100) -- B (101) -- D (103)
 *         `- C (102) -- E (104) short: folded
 *                    |- F (105) short, exit 1: kept
 *                    |- G (106) short -- H (107) short: both folded
 *                    `- I (108) short -- J (109) short, SIGKILL: both kept
 * One run of 1 ms: at 1000 px, 1 us per pixel.
 */
static void tree(struct run_table *t)
{
	runlog_init(t, 0, 4096);
	synth_run_exec(t, 100, 1, B, S("make\0-j2\0"), "/usr/bin/make");
	synth_run_exec(t, 101, 100, B + 100000, S("sh\0-c\0cc -c a.c\0"), "/bin/sh");
	synth_run_exec(t, 102, 100, B + 150000, S("/usr/bin/gcc\0-O2\0-c\0-o\0b.o\0b.c\0"),
		       "/usr/bin/gcc");
	synth_run_exec(t, 103, 101, B + 200000, S("cc\0-c\0a.c\0"), "/usr/bin/cc");
	synth_run_exec(t, 104, 102, B + 400000, S("true\0"), "/bin/true");
	synth_run_exec(t, 105, 102, B + 500000, S("false\0"), "/bin/false");
	synth_run_exec(t, 106, 102, B + 700000, S("sh\0-c\0x\0"), "/bin/sh");
	synth_run_exec(t, 107, 106, B + 700100, S("x\0"), "/bin/x");
	synth_run_exec(t, 108, 102, B + 800000, S("sh\0-c\0y\0"), "/bin/sh");
	synth_run_exec(t, 109, 108, B + 800100, S("y\0"), "/bin/y");
	synth_run_exit(t, 104, 102, B + 400500, 0, B + 400000);
	synth_run_exit(t, 105, 102, B + 500600, 1 << 8, B + 500000);
	synth_run_exit(t, 107, 106, B + 700300, 0, B + 700100);
	synth_run_exit(t, 106, 102, B + 700800, 0, B + 700000);
	synth_run_exit(t, 109, 108, B + 800800, 9, B + 800100);
	synth_run_exit(t, 108, 102, B + 800900, 0, B + 800000);
	synth_run_exit(t, 103, 101, B + 300000, 0, B + 200000);
	synth_run_exit(t, 101, 100, B + 600000, 0, B + 100000);
	synth_run_exit(t, 102, 100, B + 900000, 0, B + 150000);
	synth_run_exit(t, 100, 1, B + 1000000, 0, B);
	runlog_finish(t, B + 1000000);
}

static uint32_t rec_of(const struct run_table *t, uint32_t pid)
{
	return (uint32_t)(runlog_find(t, pid) - t->procs);
}

static void test_layout(void)
{
	static const uint32_t want_rows[] = { 100, 101, 103, 102, 105, 108, 109 };
	static const uint32_t want_depth[] = { 0, 1, 2, 1, 2, 2, 3 };
	struct run_table t;
	struct tl_layout l;
	bool ok = true;
	uint32_t i, c;

	tree(&t);
	tl_layout(&l, &t, 1000);
	CHECK("timeline/scale", l.t0 == B && l.span_ns == 1000000 && l.ns_per_px == 1000.0);
	CHECK("timeline/x", tl_x(&l, B) == 0.0 && tl_x(&l, B + 100000) == 100.0 &&
	      tl_x(&l, B + 1000000) == 1000.0 && tl_x(&l, 5) == 0.0);
	CHECK("timeline/rows", l.nrows == 7);
	for (i = 0; i < 7 && l.nrows == 7; i++)
		ok = ok && t.procs[l.order[i]].pid == want_rows[i] &&
		     l.row[l.order[i]] == i && l.depth[l.order[i]] == want_depth[i];
	CHECK("timeline/tree-order-and-depth", ok);
	c = rec_of(&t, 102);
	CHECK("timeline/fold-short-leaf", l.row[rec_of(&t, 104)] == TL_FOLDED &&
	      l.host[rec_of(&t, 104)] == c);
	CHECK("timeline/fold-short-chain", l.row[rec_of(&t, 106)] == TL_FOLDED &&
	      l.row[rec_of(&t, 107)] == TL_FOLDED && l.host[rec_of(&t, 107)] == c);
	CHECK("timeline/fold-count", l.folded[c] == 3 && l.nfolded == 3 &&
	      l.folded[rec_of(&t, 100)] == 0);
	CHECK("timeline/failed-never-folded", l.row[rec_of(&t, 105)] == 4 &&
	      l.row[rec_of(&t, 109)] == 6);
	CHECK("timeline/parent-of-kept-not-folded", l.row[rec_of(&t, 108)] == 5);
	tl_layout_release(&l);

	/* at 1 px for the run: B and D folded into A; C stays for F, I and J */
	tl_layout(&l, &t, 1);
	CHECK("timeline/coarse-scale", l.nrows == 5 && l.folded[rec_of(&t, 100)] == 2 &&
	      l.folded[c] == 3 && l.row[rec_of(&t, 101)] == TL_FOLDED &&
	      l.host[rec_of(&t, 103)] == rec_of(&t, 100) && l.row[c] == 1);
	tl_layout_release(&l);

	/* a run of one instant: no division by zero; 0 ns is under a pixel */
	runlog_release(&t);
	runlog_init(&t, 0, 4096);
	synth_run_exec(&t, 100, 1, B, S("a\0"), "/a");
	synth_run_exec(&t, 101, 100, B, S("b\0"), "/b");
	runlog_finish(&t, B);
	tl_layout(&l, &t, 1000);
	CHECK("timeline/zero-span", l.span_ns == 0 && l.ns_per_px == 1.0 && l.nrows == 1 &&
	      l.nfolded == 1);
	tl_layout_release(&l);
	runlog_release(&t);
}

/* a parent recorded after its child (from its exit): the rows stay in tree order */
static void test_layout_relinked(void)
{
	struct run_table t;
	struct tl_layout l;

	runlog_init(&t, 0, 4096);
	synth_run_exec(&t, 100, 1, B, S("sh\0"), "/bin/sh");
	synth_run_exec(&t, 201, 200, B + 2000, S("a\0"), "/a");
	synth_run_exit(&t, 201, 200, B + 5000, 0, B + 2000);
	synth_run_exit(&t, 200, 100, B + 6000, 0, B + 1000);
	synth_run_exit(&t, 100, 1, B + 8000, 0, B);
	runlog_finish(&t, B + 8000);
	tl_layout(&l, &t, 10);
	CHECK("timeline/parent-after-child",
	      l.nrows == 3 && l.order[0] == 0 && l.order[1] == 2 && l.order[2] == 1 &&
	      l.depth[1] == 2 && l.depth[2] == 1);
	tl_layout_release(&l);
	runlog_release(&t);
}

#define TIME_IS(name, ns, want)						\
	do {								\
		sb_reset(&sb);						\
		tl_add_time(&sb, ns);					\
		CHECK_STR(name, sb.buf, sb.len, want);			\
	} while (0)

static void test_axis(void)
{
	struct strbuf sb = STRBUF_INIT;

	CHECK("timeline/tick-100us", tl_tick_step(1000, 100) == 100000);
	CHECK("timeline/tick-200ms", tl_tick_step(1250000, 100) == 200000000);
	CHECK("timeline/tick-500ms", tl_tick_step(3000000, 100) == 500000000);
	CHECK("timeline/tick-1ns", tl_tick_step(0.001, 1) == 1);
	TIME_IS("timeline/time-0", 0, "0");
	TIME_IS("timeline/time-ns", 999, "999 ns");
	TIME_IS("timeline/time-us", 20000, "20 us");
	TIME_IS("timeline/time-ms", 250000000, "250 ms");
	TIME_IS("timeline/time-ms-frac", 1500000, "1.5 ms");
	TIME_IS("timeline/time-s", 1500000000, "1.5 s");
	TIME_IS("timeline/time-s-whole", 60000000000ull, "60 s");
	TIME_IS("timeline/time-min", 600000000000ull, "10 min");
	sb_release(&sb);
}

#define KEY_IS(name, args, want)						\
	do {									\
		const char *a_;							\
		size_t n_;							\
		bool ok_ = tl_key_arg(S(args), &a_, &n_);			\
		if (want)							\
			CHECK_STR(name, ok_ ? a_ : "", ok_ ? n_ : 0, want ? want : ""); \
		else								\
			CHECK(name, !ok_);					\
	} while (0)

static void test_key_arg(void)
{
	const char *none = NULL;

	KEY_IS("timeline/key-script", "sh\0-c\0echo hi\0", "echo hi");
	KEY_IS("timeline/key-source", "gcc\0-I.\0-c\0-o\0x.o\0src/x.c\0-g\0", "src/x.c");
	KEY_IS("timeline/key-last-word", "sed\0-e\0s/a/b/\0file\0", "file");
	KEY_IS("timeline/key-no-dot-file", "cat\0.c\0", ".c");
	KEY_IS("timeline/key-none", "ls\0", none);
	KEY_IS("timeline/key-only-options", "rm\0-f\0", none);
	KEY_IS("timeline/key-cut-argv", "cc\0a.c", "a.c");
}

static void test_escape_xml(void)
{
	struct strbuf sb = STRBUF_INIT;

	escape_xml(&sb, S("<a&\"'>\x01\n\\\xff\xef\xbf\xbe \xc3\xa9\xe2\x80\xae"), 0);
	CHECK_STR("timeline/escape-xml", sb.buf, sb.len,
		  "&lt;a&amp;&quot;&apos;&gt;\\x01\\n\\\\\\xff\\ufffe \xc3\xa9\\u202e");
	sb_release(&sb);
}

/* The bytes of an SVG: well-formed UTF-8, no control byte but \n. */
static bool clean_text(const char *s, size_t n)
{
	size_t i = 0, len;
	uint32_t cp;

	while (i < n) {
		if ((unsigned char)s[i] < 0x20 && s[i] != '\n')
			return false;
		len = utf8_seq_len((const unsigned char *)s + i, n - i, &cp);
		if (!len || cp == 0xfffe || cp == 0xffff || (cp >= 0x80 && cp <= 0x9f))
			return false;
		i += len;
	}
	return true;
}

static size_t count(const struct strbuf *sb, const char *what)
{
	size_t n = 0, wl = strlen(what);
	const char *p = sb->buf, *end = sb->buf + sb->len;

	while ((p = memmem(p, (size_t)(end - p), what, wl))) {
		n++;
		p += wl;
	}
	return n;
}

static bool has(const struct strbuf *sb, const char *what)
{
	return memmem(sb->buf, sb->len, what, strlen(what)) != NULL;
}

static void test_svg(void)
{
	struct run_table t;
	struct strbuf sb = STRBUF_INIT;

	tree(&t);
	/* a hostile command line, still running at the end */
	synth_run_exec(&t, 110, 100, B + 950000,
		       S("x<script>\0&amp;\"'\0\x01\xff\xef\xbf\xbe\xe2\x80\xae\0"), "/bin/<x>");
	/* a child of C that failed before its exec: on C's row */
	synth_run_fail(&t, 200, 102, B + 450000, 2, S("nope\0"), "/no/<such>");
	/* a failed exec of a process outside the trace: the last row */
	synth_run_fail(&t, 300, 1, B + 460000, 13, S("x\0"), "/x");
	runlog_finish(&t, B + 1000000);
	tl_svg(&sb, &t);
	CHECK("timeline/svg-text-clean", clean_text(sb.buf, sb.len));
	CHECK("timeline/svg-no-injection", !has(&sb, "<script") && !has(&sb, "<x>") &&
	      has(&sb, "/bin/&lt;x&gt; &amp;amp;&quot;&apos; \\x01\\xff\\ufffe\\u202e\npid 110, "));
	/* at 1600 px, 625 ns a pixel: G (800 ns) keeps its row, H is folded into it */
	CHECK("timeline/svg-rows", count(&sb, "<g class=") == 9 &&
	      count(&sb, "</g>") == 9 && has(&sb, "data-rows=\"9\" data-folded=\"2\""));
	CHECK("timeline/svg-label", has(&sb, ">gcc b.c (+1)</text>") &&
	      has(&sb, ">sh x (+1)</text>"));
	CHECK("timeline/svg-title",
	      has(&sb, "<title>/usr/bin/gcc -O2 -c -o b.o b.c\npid 102, parent 100 (ls)\n"
		  "started at 150 us, ran 0.750 ms\nexit code 0\nCPU 8.000 ms (user 6.000 ms, "
		  "sys 2.000 ms), peak RSS 400 KiB, switches 5 vol 2 invol\n"
		  "1 shorter than 1 px folded into this row: 1 ls</title>"));
	CHECK("timeline/svg-colours", has(&sb, "<g class=\"bad\"><title>/bin/false") &&
	      has(&sb, "<g class=\"sig\"><title>/bin/y"));
	CHECK("timeline/svg-still-running", has(&sb, "still running at the end of the trace"));
	/* C is row 3: y 64 + 3 * 14, the marker 1 px lower; x 10 + 450 us / 625 ns */
	CHECK("timeline/svg-fail-on-parent-row",
	      has(&sb, "<path class=\"fx\" d=\"M730 107l4 8h-8z\"><title>1 failed exec at 450 us "
		  "by pid 200 (ls):\n/no/&lt;such&gt;: ENOENT</title>"));
	CHECK("timeline/svg-fail-orphan-row",
	      has(&sb, "d=\"M746 191l4 8h-8z\"><title>1 failed exec at 460 us by pid 300 (ls):\n"
		  "/x: EACCES</title>") && has(&sb, ">failed execs of processes not in the trace<"));
	CHECK("timeline/svg-closed", sb.len > 7 && !memcmp(sb.buf + sb.len - 7, "</svg>\n", 7));
	sb_release(&sb);
	runlog_release(&t);
}

void test_timeline(void)
{
	test_layout();
	test_layout_relinked();
	test_axis();
	test_key_arg();
	test_escape_xml();
	test_svg();
}
