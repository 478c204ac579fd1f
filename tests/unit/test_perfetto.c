// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
/* The Chrome trace: events, ids, times, args, flows, failed execs, escaping. */
#include <stdlib.h>
#include "check.h"
#include "perfetto.h"
#include "runlog.h"

#define S(x) (x), sizeof(x) - 1
#define B 1000000ull

static bool has(const struct strbuf *sb, const char *what)
{
	return memmem(sb->buf, sb->len, what, strlen(what)) != NULL;
}

void test_perfetto(void)
{
	struct run_table t;
	struct strbuf sb = STRBUF_INIT;

	runlog_init(&t, 0, 4096);
	synth_run_exec(&t, 100, 1, B, S("make\0-j2\0"), "/usr/bin/make");
	synth_run_exec(&t, 101, 100, B + 1500, S("cc\0-c\0a.c\0"), "/usr/bin/cc");
	synth_run_exec(&t, 102, 101, B + 2000, S("x\0\"\xff\0"), "/bin/x");
	synth_run_exit(&t, 102, 101, B + 3000, 9, B + 2000);
	synth_run_exit(&t, 101, 100, B + 4000, 2 << 8, B + 1500);
	synth_run_fail(&t, 103, 100, B + 5000, 2, S("nope\0"), "/no/such");
	runlog_finish(&t, B + 6000);
	perfetto_json(&sb, &t);
	CHECK("perfetto/head", has(&sb, "{\"displayTimeUnit\":\"ms\",\"otherData\":{\"tool\":"
				     "\"execsnoop ") &&
	      has(&sb, "\"processes\":3,\"failed_execs\":1,\"not_kept\":0},\n\"traceEvents\":[ \n{"));
	CHECK("perfetto/end", sb.len > 4 && !memcmp(sb.buf + sb.len - 4, "\n]}\n", 4));
	CHECK("perfetto/process-name",
	      has(&sb, "{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":100,\"tid\":100,"
		  "\"args\":{\"name\":\"make\"}}"));
	CHECK("perfetto/thread-name-depth",
	      has(&sb, "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":100,\"tid\":102,"
		  "\"args\":{\"name\":\"\xc2\xb7 \xc2\xb7 x \\\"\\udcff 102\"}}") &&
	      has(&sb, "{\"ph\":\"M\",\"name\":\"thread_sort_index\",\"pid\":100,\"tid\":102,"
		  "\"args\":{\"sort_index\":2}}"));
	CHECK("perfetto/slice-exit",
	      has(&sb, "{\"ph\":\"X\",\"cat\":\"exec\",\"name\":\"cc a.c\",\"pid\":100,\"tid\":101,"
		  "\"ts\":1.500,\"dur\":2.500,\"args\":{\"path\":\"/usr/bin/cc\",\"argv\":[\"cc\","
		  "\"-c\",\"a.c\"],\"argv_truncated\":false,\"pid\":101,\"ppid\":100,\"comm\":\"ls\","
		  "\"end\":\"exit\",\"exit_code\":2,\"cpu_ms\":8.000,\"cpu_user_ms\":6.000,"
		  "\"cpu_sys_ms\":2.000,\"max_rss_kib\":400,\"ctx_switches_voluntary\":5,"
		  "\"ctx_switches_involuntary\":2}}"));
	CHECK("perfetto/slice-signal-escaped",
	      has(&sb, "\"argv\":[\"x\",\"\\\"\\udcff\"]") &&
	      has(&sb, "\"end\":\"signal\",\"signal\":9,\"signal_name\":\"SIGKILL\","
		  "\"core_dumped\":false"));
	CHECK("perfetto/slice-running",
	      has(&sb, "\"name\":\"make\",\"pid\":100,\"tid\":100,\"ts\":0.000,\"dur\":6.000,") &&
	      has(&sb, "\"end\":\"running\"}}"));
	CHECK("perfetto/flow",
	      has(&sb, "{\"ph\":\"s\",\"cat\":\"exec\",\"name\":\"child\",\"id\":2,\"pid\":100,"
		  "\"tid\":101,\"ts\":2.000},\n{\"ph\":\"f\",\"bp\":\"e\",\"cat\":\"exec\","
		  "\"name\":\"child\",\"id\":2,\"pid\":100,\"tid\":102,\"ts\":2.000}"));
	/* pid 103 never exec'd: shown on its parent's (make's) thread */
	CHECK("perfetto/failed-exec",
	      has(&sb, "{\"ph\":\"i\",\"s\":\"t\",\"cat\":\"exec_failed\",\"name\":\"exec failed: "
		  "ENOENT\",\"pid\":100,\"tid\":100,\"ts\":5.000,\"args\":{\"path\":\"/no/such\","
		  "\"argv\":[\"nope\"],\"errno\":2,\"error\":\"ENOENT\",\"pid\":103,\"ppid\":100,"
		  "\"comm\":\"ls\"}}"));

	/* a subshell's child from before the subshell's exec: no arrow to bind */
	runlog_release(&t);
	sb_reset(&sb);
	runlog_init(&t, 0, 4096);
	synth_run_exec(&t, 100, 1, B, S("sh\0"), "/bin/sh");
	synth_run_exec(&t, 201, 200, B + 1000, S("a\0"), "/a");
	synth_run_exec(&t, 200, 100, B + 2000, S("b\0"), "/b");
	runlog_finish(&t, B + 3000);
	perfetto_json(&sb, &t);
	CHECK("perfetto/no-flow-before-parent",
	      t.procs[1].parent == 2 && !has(&sb, "\"id\":1,") && has(&sb, "\"id\":2,") &&
	      has(&sb, "\"name\":\"thread_name\",\"pid\":100,\"tid\":201,"
		  "\"args\":{\"name\":\"\xc2\xb7 \xc2\xb7 a 201\"}}"));
	sb_release(&sb);
	runlog_release(&t);
}
