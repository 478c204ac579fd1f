// SPDX-License-Identifier: GPL-2.0
/*
 * The end-of-run report (report.c, and its JSON form in sink_json.c): run
 * tables built through runlog_add() from synthetic records, then the sums,
 * the orders and their ties, the critical path, the text layout (exact
 * lines, and 80 columns with long names) and the escaping of names.
 */
#include <stdint.h>
#include <stdlib.h>
#include "check.h"
#include "report.h"
#include "sink.h"

#define S(x) (x), sizeof(x) - 1
#define MS 1000000ull

/* An exit at ts with this status, CPU time and peak RSS (pages of 4 KiB). */
static void exit_at(struct run_table *t, uint32_t pid, uint32_t ppid, uint64_t ts,
		    uint32_t status, uint64_t cpu_ns, uint64_t rss_pages)
{
	size_t size;
	struct event *e = synth_exit(status, 0, &size);

	e->pid = pid;
	e->tid = pid;
	e->ppid = ppid;
	e->ts_ns = ts;
	e->start_ns = 0;
	e->utime_ns = cpu_ns;
	e->runtime_ns = cpu_ns;
	e->maxrss_pages = rss_pages;
	synth_run_feed(t, e, size);
}

static const struct report_input input = {
	.start_ns = 1000 * MS, .duration_s = 0.2, .lost = 0,
	.exits_traced = true, .fails_traced = true,
};

/*
 * A build, times in ms after the start (1 s):
 *   make 100 [0, 200]
 *     sh 101 [10, 120] -> cc 103 [20, 110] (cc1 104 [30, 100] killed by SIGKILL)
 *     sh 102 [15, 190] -> ld 105 [120, 185], exit 1
 *     cc 106 [16, 60] (a sibling that ends early)
 *   cat 200 [5, 40] (another root, ends early)
 *   make tries /no/gcc (ENOENT) twice and /etc/passwd (EACCES) once.
 */
static void build_table(struct run_table *t)
{
	runlog_init(t, 0, 4096);
	synth_run_exec(t, 100, 1, 1000 * MS, S("make\0-j2\0"), "/usr/bin/make");
	synth_run_exec(t, 200, 1, 1005 * MS, S("cat\0f\0"), "/bin/cat");
	synth_run_exec(t, 101, 100, 1010 * MS, S("sh\0-c\0cc a.c\0"), "/bin/sh");
	synth_run_exec(t, 102, 100, 1015 * MS, S("sh\0-c\0cc -o a a.o\0"), "/bin/sh");
	synth_run_exec(t, 106, 100, 1016 * MS, S("cc\0-E\0b.c\0"), "/usr/bin/cc");
	synth_run_fail(t, 100, 1, 1017 * MS, 2, S("x\0"), "/no/gcc");
	synth_run_fail(t, 100, 1, 1018 * MS, 2, S("x\0"), "/no/gcc");
	synth_run_fail(t, 100, 1, 1019 * MS, 13, S("x\0"), "/etc/passwd");
	synth_run_exec(t, 103, 101, 1020 * MS, S("cc\0a.c\0"), "/usr/bin/cc");
	synth_run_exec(t, 104, 103, 1030 * MS, S("cc1\0a.c\0"), "/usr/lib/gcc/cc1");
	exit_at(t, 200, 1, 1040 * MS, 0, 2 * MS, 100);
	exit_at(t, 106, 100, 1060 * MS, 0, 30 * MS, 300);
	exit_at(t, 104, 103, 1100 * MS, 9, 70 * MS, 2000);	/* SIGKILL */
	exit_at(t, 103, 101, 1110 * MS, 1 << 8, 5 * MS, 200);
	exit_at(t, 101, 100, 1120 * MS, 1 << 8, 1 * MS, 50);
	synth_run_exec(t, 105, 102, 1120 * MS, S("ld\0-o\0a\0"), "/usr/bin/ld");
	exit_at(t, 105, 102, 1185 * MS, 1 << 8, 60 * MS, 1000);
	exit_at(t, 102, 100, 1190 * MS, 1 << 8, 1 * MS, 50);
	exit_at(t, 100, 1, 1200 * MS, 2 << 8, 3 * MS, 400);
	runlog_finish(t, 1210 * MS);
}

/* The program group of this name, or NULL. */
static const struct report_group *prog(const struct report *r, const char *name)
{
	uint32_t i;

	for (i = 0; i < r->progs.n; i++)
		if (r->progs.v[i].name_len == strlen(name) &&
		    !memcmp(r->progs.v[i].name, name, strlen(name)))
			return &r->progs.v[i];
	return NULL;
}

/* The names of a top list, space-separated. */
static void names_of(const struct report *r, const uint32_t *order, char *buf, size_t cap)
{
	uint32_t i;
	size_t used = 0;

	buf[0] = '\0';
	for (i = 0; i < r->progs.n && used < cap; i++)
		used += (size_t)snprintf(buf + used, cap - used, "%s%.*s", i ? " " : "",
					 (int)r->progs.v[order[i]].name_len, r->progs.v[order[i]].name);
}

static void report_sums(void)
{
	struct run_table t;
	struct report r;
	const struct report_group *g;
	char names[256];

	build_table(&t);
	report_build(&r, &t, &input);
	CHECK("report/programs", r.progs.n == 6);
	g = prog(&r, "cc");
	CHECK("report/sum-count", g && g->count == 2);
	CHECK("report/sum-wall", g && g->wall_ns == 90 * MS + 44 * MS);
	CHECK("report/sum-cpu", g && g->cpu_ns == 35 * MS);
	CHECK("report/peak-rss", g && g->max_rss_kib == 1200);
	g = prog(&r, "sh");
	CHECK("report/sum-sh", g && g->count == 2 && g->wall_ns == 110 * MS + 175 * MS &&
	      g->cpu_ns == 2 * MS && g->max_rss_kib == 200);
	CHECK("report/total",
	      r.total.count == 8 && r.total.cpu_ns == (2 + 30 + 70 + 5 + 1 + 60 + 1 + 3) * MS &&
	      r.total.max_rss_kib == 8000 &&
	      r.total.wall_ns == (200 + 35 + 110 + 175 + 44 + 90 + 70 + 65) * MS);
	CHECK("report/counts", r.exited == 8 && r.killed == 1 && r.nonzero == 5 && r.running == 0);
	/* ties on count (1 each) are broken by name, in byte order */
	names_of(&r, r.by_count, names, sizeof(names));
	CHECK_STR("report/by-count-ties-by-name", names, strlen(names), "cc sh cat cc1 ld make");
	names_of(&r, r.by_wall, names, sizeof(names));
	CHECK_STR("report/by-wall", names, strlen(names), "sh make cc cc1 ld cat");
	names_of(&r, r.by_cpu, names, sizeof(names));
	CHECK_STR("report/by-cpu", names, strlen(names), "cc1 ld cc make cat sh");
	names_of(&r, r.by_rss, names, sizeof(names));
	CHECK_STR("report/by-rss", names, strlen(names), "cc1 ld make cc cat sh");
	CHECK("report/errnos", r.errnos.n == 2 && r.errnos.v[0].key == 2 &&
	      r.errnos.v[0].count == 2 && r.errnos.v[1].key == 13 && r.errnos.v[1].count == 1);
	CHECK("report/fail-programs", r.fail_progs.n == 2 && r.fail_progs.v[0].count == 2 &&
	      r.fail_progs.v[0].name_len == 3 && !memcmp(r.fail_progs.v[0].name, "gcc", 3) &&
	      r.fail_progs.v[1].key == 13);
	CHECK("report/signals", r.signals.n == 1 && r.signals.v[0].key == 9 &&
	      r.signals.v[0].count == 1 && r.signals.v[0].name_len == 3);
	CHECK("report/errno-name", !strcmp(report_errno_name(2), "ENOENT") &&
	      !report_errno_name(0));
	report_release(&r);
	runlog_release(&t);
}

static bool has_line(const struct strbuf *sb, const char *line);

static void report_path(void)
{
	struct run_table t;
	struct report r;

	build_table(&t);
	report_build(&r, &t, &input);
	/* make (ends last) -> sh 102 (ends at 190) -> ld 105 */
	CHECK("report/path-length", r.path_len == 3);
	CHECK("report/path-steps", r.path_len == 3 && t.procs[r.path[0].proc].pid == 100 &&
	      t.procs[r.path[1].proc].pid == 102 && t.procs[r.path[2].proc].pid == 105);
	CHECK("report/path-times", r.path_len == 3 && r.path[1].start_ns == 15 * MS &&
	      r.path[1].duration_ns == 175 * MS && r.path[2].start_ns == 120 * MS &&
	      r.path[2].duration_ns == 65 * MS);
	report_release(&r);

	/* a root still running at the end ends with the run: it is the path now */
	synth_run_exec(&t, 300, 1, 1150 * MS, S("sleep\0" "9\0"), "/bin/sleep");
	runlog_finish(&t, 1250 * MS);
	report_build(&r, &t, &input);
	CHECK("report/path-running-root", r.path_len == 1 && t.procs[r.path[0].proc].pid == 300 &&
	      r.path[0].duration_ns == 100 * MS && r.running == 1);
	report_release(&r);
	runlog_release(&t);

	/* two children end at once: the one that started first (ran longer) */
	runlog_init(&t, 0, 4096);
	synth_run_exec(&t, 10, 1, 1000 * MS, S("a\0"), "/a");
	synth_run_exec(&t, 11, 10, 1020 * MS, S("b\0"), "/b");
	synth_run_exec(&t, 12, 10, 1010 * MS, S("c\0"), "/c");
	exit_at(&t, 11, 10, 1050 * MS, 0, 0, 0);
	exit_at(&t, 12, 10, 1050 * MS, 0, 0, 0);
	exit_at(&t, 10, 1, 1060 * MS, 0, 0, 0);
	runlog_finish(&t, 1060 * MS);
	report_build(&r, &t, &input);
	CHECK("report/path-tie", r.path_len == 2 && t.procs[r.path[1].proc].pid == 12);
	report_release(&r);
	runlog_release(&t);

	/* a process seen only at its exit: from its fork, before the run; named by its comm */
	runlog_init(&t, 0, 4096);
	{
		size_t size;
		struct event *e = synth_exit(0, 0, &size);

		e->pid = 500;
		e->ppid = 1;
		e->ts_ns = 1100 * MS;
		e->start_ns = 100 * MS;
		synth_run_feed(&t, e, size);
	}
	runlog_finish(&t, 1200 * MS);
	report_build(&r, &t, &input);
	{
		struct strbuf sb = STRBUF_INIT;

		report_text(&r, &sb);
		CHECK("report/before-start", r.path_len == 1 && r.path[0].start_ns == -900 * (int64_t)MS &&
		      r.path[0].duration_ns == 1000 * MS && prog(&r, "ls") &&
		      has_line(&sb, "    -0.900        1.000      500  0        ls") &&
		      has_line(&sb, "  1 seen only at their exit (no exec seen: timed from the fork)"));
		sb_release(&sb);
	}
	report_release(&r);
	runlog_release(&t);

	runlog_init(&t, 0, 4096);
	report_build(&r, &t, &input);
	CHECK("report/path-empty", r.path_len == 0 && r.progs.n == 0);
	report_release(&r);
	runlog_release(&t);
}

/* Whether every line of s is at most 80 columns (UTF-8 characters). */
static bool fits_80(const char *s, size_t n)
{
	size_t i, cols = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '\n') {
			cols = 0;
			continue;
		}
		cols += ((unsigned char)s[i] & 0xc0) != 0x80;
		if (cols > REPORT_WIDTH)
			return false;
	}
	return true;
}

static bool has_line(const struct strbuf *sb, const char *line)
{
	size_t n = strlen(line);
	const char *p = sb->buf, *end = sb->buf + sb->len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (len == n && !memcmp(p, line, n))
			return true;
		p += len + 1;
	}
	printf("   (no line \"%s\")\n", line);
	return false;
}

static void report_layout(void)
{
	struct run_table t;
	struct report r;
	struct strbuf sb = STRBUF_INIT;

	build_table(&t);
	report_build(&r, &t, &input);
	report_text(&r, &sb);
	CHECK("report/text-header", has_line(&sb, "execsnoop report: 8 processes in 0.200 s") &&
	      has_line(&sb, "  8 exited: 5 with a non-zero code, 1 killed by a signal"));
	CHECK("report/text-by-count",
	      has_line(&sb, "Programs by count:") &&
	      has_line(&sb, "  COUNT     WALL(s)      CPU(s)  MAX RSS KiB  PROGRAM") &&
	      has_line(&sb, "      2       0.134       0.035         1200  cc") &&
	      has_line(&sb, "      1       0.070       0.070         8000  cc1") &&
	      has_line(&sb, "      8       0.789       0.172         8000  total (6 programs)"));
	CHECK("report/text-fails",
	      has_line(&sb, "Failed execs: 3, by errno:") &&
	      has_line(&sb, "      2  ENOENT   No such file or directory") &&
	      has_line(&sb, "      1  EACCES   Permission denied") &&
	      has_line(&sb, "      2  ENOENT   gcc") && has_line(&sb, "      1  EACCES   passwd"));
	CHECK("report/text-signals", has_line(&sb, "Killed by a signal: 1") &&
	      has_line(&sb, "      1  SIGKILL    cc1"));
	CHECK("report/text-path",
	      has_line(&sb, "  START(s)  DURATION(s)      PID  END      COMMAND") &&
	      has_line(&sb, "     0.000        0.200      100  2        make -j2") &&
	      has_line(&sb, "     0.015        0.175      102  1        sh -c cc -o a a.o") &&
	      has_line(&sb, "     0.120        0.065      105  1        ld -o a"));
	CHECK("report/text-lost", has_line(&sb, "Events lost: 0"));
	CHECK("report/text-fits", fits_80(sb.buf, sb.len));
	report_release(&r);
	runlog_release(&t);
	sb_release(&sb);
}

/* More than 10 programs, long names, hostile bytes, losses. */
static void report_long_and_hostile(void)
{
	static const char evil[] = "/x/\x1b[31mred\nline\xff\xe2\x80\xae";
	struct report_input in = input;
	struct run_table t;
	struct report r;
	struct strbuf sb = STRBUF_INIT, js = STRBUF_INIT;
	struct options o;
	struct sink s;
	char path[300];
	uint32_t i;

	runlog_init(&t, 0, 4096);
	synth_run_exec(&t, 10, 1, 1000 * MS, S("root\0"), "/root");
	for (i = 0; i < 14; i++) {
		snprintf(path, sizeof(path), "/bin/prog-%02u-%s", i,
			 "a-very-long-program-name-that-goes-on-and-on-and-on-and-on-and-on");
		synth_run_exec(&t, 20 + i, 10, (1001 + i) * MS, S("p\0arg\0"), path);
		exit_at(&t, 20 + i, 10, (1005 + i) * MS, 0, 0, 0);
	}
	synth_run_exec(&t, 40, 10, 1020 * MS, "e\0\x1b]0;pwn\x07\0", 11, evil);
	synth_run_fail(&t, 10, 1, 1021 * MS, 2, S("x\0"), evil);
	exit_at(&t, 40, 10, 1030 * MS, 11, 1 * MS, 10);	/* SIGSEGV */
	runlog_finish(&t, 1040 * MS);
	in.lost = 7;
	report_build(&r, &t, &in);
	report_text(&r, &sb);
	CHECK("report/long-fits", fits_80(sb.buf, sb.len));
	if (getenv("REPORT_DUMP"))
		fwrite(sb.buf, 1, sb.len, stdout);
	CHECK("report/top-10", has_line(&sb, "Programs by count (top 10 of 16):"));
	CHECK("report/long-cut",
	      has_line(&sb, "      1       0.004       0.000            0  "
		       "prog-00-a-very-long-program-nam..."));
	CHECK("report/escaped-name",
	      has_line(&sb, "      1       0.010       0.001           40  "
		       "\\x1b[31mred\\nline\\xff\\u202e"));
	CHECK("report/escaped-args",
	      has_line(&sb, "     0.020        0.010       40  SIGSEGV  "
		       "\\x1b[31mred\\nline\\xff\\u202e \\x1b]0..."));
	CHECK("report/no-control-bytes", !memchr(sb.buf, 0x1b, sb.len) &&
	      !memchr(sb.buf, 0x07, sb.len) && !memchr(sb.buf, 0xff, sb.len));
	CHECK("report/lost-warning", has_line(&sb, "Events lost: 7") &&
	      has_line(&sb, "Warning: events were lost (kernel buffer full): the figures above"));

	memset(&o, 0, sizeof(o));
	o.json = true;
	sink_init(&s, &o, 0, 0, NULL);
	sink_report(&s, &r, &js);
	CHECK("report/json-one-line", js.len && js.buf[js.len - 1] == '\n' &&
	      memchr(js.buf, '\n', js.len) == js.buf + js.len - 1);
	CHECK("report/json-escaped", strstr(js.buf, "\"program\":\"\\u001b[31mred\\nline\\udcff"
					    "\\u202e\",\"count\":1") != NULL);
	CHECK("report/json-fail", strstr(js.buf, "\"failed_execs\":1,\"failed_by_errno\":"
					 "[{\"count\":1,\"errno\":2,\"errno_name\":\"ENOENT\"}]"));
	CHECK("report/json-signal", strstr(js.buf, "\"signals\":[{\"program\":\"\\u001b[31mred"
					   "\\nline\\udcff\\u202e\",\"count\":1,\"signal\":11,"
					   "\"signal_name\":\"SIGSEGV\"}]"));
	CHECK("report/json-lost", strstr(js.buf, ",\"lost\":7,\"not_kept\":0,\"complete\":false}\n"));
	sink_release(&s);
	sb_release(&js);
	report_release(&r);
	runlog_release(&t);
	sb_release(&sb);
}

/* The JSON object of the build, whole. */
static void report_json(void)
{
	struct run_table t;
	struct report r;
	struct strbuf js = STRBUF_INIT;
	struct options o;
	struct sink s;

	build_table(&t);
	report_build(&r, &t, &input);
	memset(&o, 0, sizeof(o));
	o.json = true;
	sink_init(&s, &o, 0, 0, NULL);
	sink_report(&s, &r, &js);
	CHECK_STR("report/json", js.buf, js.len,
		  "{\"event\":\"report\",\"processes\":8,\"exited\":8,\"exit_nonzero\":5,"
		  "\"killed\":1,\"running\":0,\"since_fork\":0,\"duration_s\":0.200,"
		  "\"exits_traced\":true,\"programs\":["
		  "{\"program\":\"cc\",\"count\":2,\"wall_ns\":134000000,\"cpu_ns\":35000000,"
		  "\"max_rss_kib\":1200},"
		  "{\"program\":\"sh\",\"count\":2,\"wall_ns\":285000000,\"cpu_ns\":2000000,"
		  "\"max_rss_kib\":200},"
		  "{\"program\":\"cat\",\"count\":1,\"wall_ns\":35000000,\"cpu_ns\":2000000,"
		  "\"max_rss_kib\":400},"
		  "{\"program\":\"cc1\",\"count\":1,\"wall_ns\":70000000,\"cpu_ns\":70000000,"
		  "\"max_rss_kib\":8000},"
		  "{\"program\":\"ld\",\"count\":1,\"wall_ns\":65000000,\"cpu_ns\":60000000,"
		  "\"max_rss_kib\":4000},"
		  "{\"program\":\"make\",\"count\":1,\"wall_ns\":200000000,\"cpu_ns\":3000000,"
		  "\"max_rss_kib\":1600}],"
		  "\"total\":{\"count\":8,\"wall_ns\":789000000,\"cpu_ns\":172000000,"
		  "\"max_rss_kib\":8000},"
		  "\"failed_execs\":3,\"failed_by_errno\":["
		  "{\"count\":2,\"errno\":2,\"errno_name\":\"ENOENT\"},"
		  "{\"count\":1,\"errno\":13,\"errno_name\":\"EACCES\"}],"
		  "\"failed_by_program\":["
		  "{\"program\":\"gcc\",\"count\":2,\"errno\":2,\"errno_name\":\"ENOENT\"},"
		  "{\"program\":\"passwd\",\"count\":1,\"errno\":13,\"errno_name\":\"EACCES\"}],"
		  "\"signals\":[{\"program\":\"cc1\",\"count\":1,\"signal\":9,"
		  "\"signal_name\":\"SIGKILL\"}],"
		  "\"critical_path\":["
		  "{\"pid\":100,\"ppid\":1,\"program\":\"make\",\"filename\":\"/usr/bin/make\","
		  "\"args\":[\"make\",\"-j2\"],\"args_truncated\":false,\"start_offset_ns\":0,"
		  "\"duration_ns\":200000000,\"end\":\"exit\",\"exit_code\":2,\"signal\":null,"
		  "\"signal_name\":null},"
		  "{\"pid\":102,\"ppid\":100,\"program\":\"sh\",\"filename\":\"/bin/sh\","
		  "\"args\":[\"sh\",\"-c\",\"cc -o a a.o\"],\"args_truncated\":false,"
		  "\"start_offset_ns\":15000000,\"duration_ns\":175000000,\"end\":\"exit\","
		  "\"exit_code\":1,\"signal\":null,\"signal_name\":null},"
		  "{\"pid\":105,\"ppid\":102,\"program\":\"ld\",\"filename\":\"/usr/bin/ld\","
		  "\"args\":[\"ld\",\"-o\",\"a\"],\"args_truncated\":false,"
		  "\"start_offset_ns\":120000000,\"duration_ns\":65000000,\"end\":\"exit\","
		  "\"exit_code\":1,\"signal\":null,\"signal_name\":null}],"
		  "\"lost\":0,\"not_kept\":0,\"complete\":true}\n");
	sink_release(&s);
	sb_release(&js);
	report_release(&r);
	runlog_release(&t);
}

void test_report(void)
{
	report_sums();
	report_path();
	report_layout();
	report_long_and_hostile();
	report_json();
}
