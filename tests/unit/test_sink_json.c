// SPDX-License-Identifier: GPL-2.0
/*
 * The JSON Lines sink (sink_json.c): exec / exit / summary objects compared
 * as exact strings. The string escaping itself is in test_escape.c.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include "check.h"
#include "sink.h"

static void json_opts(struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->max_args = 20;
	o->json = true;
}

static void fmt_json(const char *name, struct event *e, size_t size, const char *want)
{
	struct options o;
	struct sink s;
	struct strbuf sb = STRBUF_INIT;
	struct decoded d;

	json_opts(&o);
	if (event_decode(&d, e, size)) {
		CHECK(name, 0);
		return;
	}
	sink_init(&s, &o, 0, SYNTH_REALTIME_OFFSET, NULL);
	sink_event(&s, &d, &sb);
	CHECK_STR(name, sb.buf, sb.len, want);
	sb_release(&sb);
	sink_release(&s);
}

#define HEAD(ev) "{\"event\":\"" ev "\",\"time\":\"" SYNTH_TIME "\",\"ts_ns\":5000000000," \
	"\"pid\":1234,\"tid\":1235,\"ppid\":99,\"uid\":1000,\"gid\":100,\"comm\":\"ls\"," \
	"\"pcomm\":\"bash\",\"cpu\":1"
/* the buffer holds this string literal */
#define HAS(sb, lit) memmem((sb).buf, (sb).len, lit, sizeof(lit) - 1)
#define SUMMARY_OTEL "{\"event.name\":\"summary\",\"execsnoop.received\":1,"
/* keys and host fields without a host (sink_set_host not called) */
#define IDS ",\"key\":null,\"parent_key\":null,\"hostname\":null,\"boot_id\":null," \
	"\"machine_id\":null"
/* an exit record's resources, all zero in synth_exit() */
#define RU0 ",\"cpu_user_ns\":0,\"cpu_sys_ns\":0,\"cpu_ns\":0,\"max_rss_kib\":0," \
	"\"ctx_switches_voluntary\":0,\"ctx_switches_involuntary\":0"
#define CTX(auid, tty) ",\"euid\":0,\"egid\":0,\"auid\":" auid ",\"sid\":7,\"tty\":" tty \
	",\"mntns\":4026531840,\"pidns\":4026531836,\"cgroup_id\":12345,\"cgroup\":null," \
	"\"container_id\":null,\"container_runtime\":null,\"pod_uid\":null"

static void json_exec(void)
{
	static const char args[] = "ls\0-l\0/tmp";	/* 11 bytes with the last NUL */
	static const char cwd[] = "b\0a";		/* /a/b */
	static const char exe[] = "ls\0bin\0usr";	/* /usr/bin/ls */
	struct event *e;
	size_t size;

	e = synth(args, sizeof(args), "/usr/bin/ls", cwd, sizeof(cwd), exe, sizeof(exe), &size);
	e->argc = 3;
	synth_context(e);
	fmt_json("json/exec", e, size,
		 HEAD("exec") IDS ",\"retval\":0,\"execveat\":false,\"filename\":\"/usr/bin/ls\","
		 "\"filename_truncated\":false,\"args\":[\"ls\",\"-l\",\"/tmp\"],\"argc\":3,"
		 "\"args_bytes\":11,\"args_total_bytes\":11,\"args_truncated\":false,"
		 "\"args_unreadable\":false,\"cwd\":\"/a/b\",\"exe\":\"/usr/bin/ls\""
		 CTX("null", "null") "}\n");

	/* without context (EVF_CONTEXT unset): no cwd, exe or ids at all */
	e->flags = 0;
	fmt_json("json/exec-no-context", e, size,
		 HEAD("exec") IDS ",\"retval\":0,\"execveat\":false,\"filename\":\"/usr/bin/ls\","
		 "\"filename_truncated\":false,\"args\":[\"ls\",\"-l\",\"/tmp\"],\"argc\":3,"
		 "\"args_bytes\":11,\"args_total_bytes\":11,\"args_truncated\":false,"
		 "\"args_unreadable\":false}\n");

	/* the filename could not be read: null, not "" */
	e->flags = EVF_FNAME_FAULT | EVF_ARGS_FAULT;
	fmt_json("json/exec-filename-fault", e, size,
		 HEAD("exec") IDS ",\"retval\":0,\"execveat\":false,\"filename\":null,"
		 "\"filename_truncated\":false,\"args\":[\"ls\",\"-l\",\"/tmp\"],\"argc\":3,"
		 "\"args_bytes\":11,\"args_total_bytes\":11,\"args_truncated\":false,"
		 "\"args_unreadable\":true}\n");
	free(e);

	/* a failed execveat in a tree, hostile bytes, a tty and a login uid;
	 * its cwd is the root (no component) and it has no exe */
	e = synth("a\x1b\0\xff\0", 5, "", "", 0, "", 0, &size);
	synth_context(e);
	e->type = EVENT_EXEC_FAIL;
	e->flags |= EVF_EXECVEAT | EVF_IN_TREE | EVF_ARGS_TRUNC;
	e->depth = 2;
	e->retval = -13;
	e->argc = 2;
	e->auid = 1000;
	memcpy(e->tty, "pts3", 5);
	memcpy(e->comm, "\x1b]0;x\x07", 7);
	fmt_json("json/exec-failed", e, size,
		 "{\"event\":\"exec\",\"time\":\"" SYNTH_TIME "\",\"ts_ns\":5000000000,"
		 "\"pid\":1234,\"tid\":1235,\"ppid\":99,\"uid\":1000,\"gid\":100,"
		 "\"comm\":\"\\u001b]0;x\\u0007\",\"pcomm\":\"bash\",\"cpu\":1,\"depth\":2" IDS ","
		 "\"retval\":-13,\"execveat\":true,\"filename\":\"\","
		 "\"filename_truncated\":false,\"args\":[\"a\\u001b\",\"\\udcff\"],"
		 "\"argc\":2,\"args_bytes\":5,\"args_total_bytes\":5,\"args_truncated\":true,"
		 "\"args_unreadable\":false,\"cwd\":\"/\",\"exe\":null"
		 CTX("1000", "\"pts/3\"") "}\n");
	free(e);

	/* a failed exec's name longer than the kernel copies: cut, and said */
	e = synth("x", 2, "/long/name", "", 0, "", 0, &size);
	e->type = EVENT_EXEC_FAIL;
	e->flags = EVF_FNAME_TRUNC;
	e->retval = -36;
	fmt_json("json/exec-filename-truncated", e, size,
		 HEAD("exec") IDS ",\"retval\":-36,\"execveat\":false,\"filename\":\"/long/name\","
		 "\"filename_truncated\":true,\"args\":[\"x\"],\"argc\":0,\"args_bytes\":2,"
		 "\"args_total_bytes\":2,\"args_truncated\":false,\"args_unreadable\":false}\n");
	free(e);

	/* the last argument cut short (no NUL): still one string */
	e = synth("a\0bc", 4, "/x", "", 0, "", 0, &size);
	e->argc = 9;
	e->args_total = 100;
	e->flags = EVF_ARGS_TRUNC;
	fmt_json("json/exec-cut-arg", e, size,
		 HEAD("exec") IDS ",\"retval\":0,\"execveat\":false,\"filename\":\"/x\","
		 "\"filename_truncated\":false,\"args\":[\"a\",\"bc\"],\"argc\":9,"
		 "\"args_bytes\":4,\"args_total_bytes\":100,\"args_truncated\":true,"
		 "\"args_unreadable\":false}\n");
	free(e);
}

static void json_exit(void)
{
	struct event *e;
	size_t size;

	e = synth_exit(3 << 8, 12345678, &size);
	fmt_json("json/exit-code", e, size,
		 HEAD("exit") IDS ",\"status\":768,\"exit_code\":3,\"signal\":null,"
		 "\"signal_name\":null,\"core_dumped\":false,\"lifetime_ms\":12.346,"
		 "\"since\":\"exec\"" RU0 "}\n");
	e->exit_status = 255 << 8;
	e->start_ns = e->ts_ns;
	fmt_json("json/exit-255", e, size,
		 HEAD("exit") IDS ",\"status\":65280,\"exit_code\":255,\"signal\":null,"
		 "\"signal_name\":null,\"core_dumped\":false,\"lifetime_ms\":0.000,"
		 "\"since\":\"exec\"" RU0 "}\n");
	e->exit_status = 9;
	e->start_ns = e->ts_ns - 999999500;
	fmt_json("json/exit-sigkill", e, size,
		 HEAD("exit") IDS ",\"status\":9,\"exit_code\":null,\"signal\":9,"
		 "\"signal_name\":\"SIGKILL\",\"core_dumped\":false,\"lifetime_ms\":1000.000,"
		 "\"since\":\"exec\"" RU0 "}\n");
	e->exit_status = 0x80 | 6;
	e->start_ns = e->ts_ns - 1;
	fmt_json("json/exit-core", e, size,
		 HEAD("exit") IDS ",\"status\":134,\"exit_code\":null,\"signal\":6,"
		 "\"signal_name\":\"SIGABRT\",\"core_dumped\":true,\"lifetime_ms\":0.000,"
		 "\"since\":\"exec\"" RU0 "}\n");
	e->exit_status = 35;	/* a real-time signal has no abbreviation */
	fmt_json("json/exit-rt-signal", e, size,
		 HEAD("exit") IDS ",\"status\":35,\"exit_code\":null,\"signal\":35,"
		 "\"signal_name\":null,\"core_dumped\":false,\"lifetime_ms\":0.000,"
		 "\"since\":\"exec\"" RU0 "}\n");
	/* exec not seen: timed from the fork; a start after the end gives 0 */
	e->exit_status = 4 << 8;
	e->flags = EVF_START_UNKNOWN | EVF_IN_TREE;
	e->depth = 1;
	e->start_ns = e->ts_ns + 5;
	fmt_json("json/exit-since-fork", e, size,
		 HEAD("exit") ",\"depth\":1" IDS ",\"status\":1024,\"exit_code\":4,\"signal\":null,"
		 "\"signal_name\":null,\"core_dumped\":false,\"lifetime_ms\":0.000,"
		 "\"since\":\"fork\"" RU0 "}\n");
	/* with context: the ids follow */
	e->flags = 0;
	e->exit_status = 0;
	e->start_ns = e->ts_ns - 2500;
	synth_context(e);
	fmt_json("json/exit-context", e, size,
		 HEAD("exit") IDS ",\"status\":0,\"exit_code\":0,\"signal\":null,"
		 "\"signal_name\":null,\"core_dumped\":false,\"lifetime_ms\":0.003,"
		 "\"since\":\"exec\"" RU0 CTX("null", "null") "}\n");
	/* resources: times scaled to the precise CPU time, RSS in KiB (4 KiB pages) */
	e->flags = 0;
	e->utime_ns = 30000000;
	e->stime_ns = 10000000;
	e->runtime_ns = 41000000;
	e->maxrss_pages = 1000;
	e->nvcsw = 5;
	e->nivcsw = 12;
	fmt_json("json/exit-rusage", e, size,
		 HEAD("exit") IDS ",\"status\":0,\"exit_code\":0,\"signal\":null,"
		 "\"signal_name\":null,\"core_dumped\":false,\"lifetime_ms\":0.003,"
		 "\"since\":\"exec\",\"cpu_user_ns\":30750000,\"cpu_sys_ns\":10250000,"
		 "\"cpu_ns\":41000000,\"max_rss_kib\":4000,\"ctx_switches_voluntary\":5,"
		 "\"ctx_switches_involuntary\":12}\n");
	free(e);
}

static void json_summary(void)
{
	struct summary s = { .received = 10, .printed = 6, .lost = 1, .filtered_kernel = 2,
			     .filtered_user = 3, .malformed = 1, .tree_full = 4,
			     .duration_s = 2.5 };
	struct strbuf sb = STRBUF_INIT, diag = STRBUF_INIT;
	struct options o;
	struct sink sk;

	json_opts(&o);
	sink_init(&sk, &o, 0, SYNTH_REALTIME_OFFSET, NULL);
	/* no header line: the first line is the first event */
	sink_header(&sk, &sb);
	CHECK("json/no-header", sb.len == 0);
	sink_summary(&sk, &s, &sb, &diag);
	CHECK_STR("json/summary", sb.buf, sb.len,
		  "{\"event\":\"summary\",\"received\":10,\"printed\":6,\"lost\":1,"
		  "\"filtered_kernel\":2,\"filtered_user\":3,\"rate_limited\":0,\"malformed\":1,"
		  "\"tree_full\":4,"
		  "\"exit_untracked\":0,\"unwritten\":0,\"duration_s\":2.500}\n");
	/* the text line on the diagnostics only with -v */
	CHECK("json/summary-no-diag", diag.len == 0);
	sink_release(&sk);
	sb_reset(&sb);
	o.verbose = true;
	s.exit_untracked = 17;
	s.duration_s = 0.0004;
	sink_init(&sk, &o, 0, SYNTH_REALTIME_OFFSET, NULL);
	sink_summary(&sk, &s, &sb, &diag);
	CHECK_STR("json/summary-exit-untracked", sb.buf, sb.len,
		  "{\"event\":\"summary\",\"received\":10,\"printed\":6,\"lost\":1,"
		  "\"filtered_kernel\":2,\"filtered_user\":3,\"rate_limited\":0,\"malformed\":1,"
		  "\"tree_full\":4,"
		  "\"exit_untracked\":17,\"unwritten\":0,\"duration_s\":0.000}\n");
	CHECK_STR("json/summary-diag-verbose", diag.buf, diag.len,
		  "execsnoop: 10 events, 6 printed, 1 lost, 5 filtered (2 in kernel, 3 in user space), "
		  "malformed records dropped, process tree map full: some descendants not "
		  "followed, 17 execs not followed to their end (too many live processes)\n");
	sink_release(&sk);
	sb_release(&sb);
	sb_release(&diag);
}

/*
 * With a host: the keys "BOOTID:PID:START:EXECID" of the process and of its
 * parent, and the host fields, escaped (a host name is anyone's to set).
 */
static void json_keys(void)
{
	static const char args[] = "ls";
	struct host_ident h = {
		.boot_id = "0123456789abcdef0123456789abcdef",
		.machine_id = "",
		.hostname = "web\"1\n",
	};
	struct strbuf sb = STRBUF_INIT;
	struct options o;
	struct decoded d;
	struct event *e;
	struct sink s;
	size_t size;

	json_opts(&o);
	e = synth(args, sizeof(args), "/bin/ls", "", 0, "", 0, &size);
	e->start_time = 123456789012ull;
	e->exec_id = 3;
	e->pstart_time = 1000;
	e->pexec_id = 2;
	sink_init(&s, &o, 0, SYNTH_REALTIME_OFFSET, NULL);
	sink_set_host(&s, &h);
	if (!event_decode(&d, e, size))
		sink_event(&s, &d, &sb);
	CHECK_STR("json/keys", sb.buf, sb.len,
		  HEAD("exec") ",\"key\":\"0123456789abcdef0123456789abcdef:1234:123456789012:3\","
		  "\"parent_key\":\"0123456789abcdef0123456789abcdef:99:1000:2\","
		  "\"hostname\":\"web\\\"1\\n\",\"boot_id\":\"0123456789abcdef0123456789abcdef\","
		  "\"machine_id\":null,\"retval\":0,\"execveat\":false,\"filename\":\"/bin/ls\","
		  "\"filename_truncated\":false,\"args\":[\"ls\"],\"argc\":0,\"args_bytes\":3,"
		  "\"args_total_bytes\":3,\"args_truncated\":false,\"args_unreadable\":false}\n");
	/* pid 0 (the idle task) is the parent of init and kthreadd: no key */
	e->ppid = 0;
	sb_reset(&sb);
	if (!event_decode(&d, e, size))
		sink_event(&s, &d, &sb);
	CHECK("json/keys-no-parent", HAS(sb, ",\"parent_key\":null,"));
	sink_release(&s);
	sb_release(&sb);
	free(e);
}

/* --field-names: ECS / OpenTelemetry keys, the rest as execsnoop.NAME. */
static void json_field_names(void)
{
	static const char args[] = "ls\0-l";
	struct strbuf sb = STRBUF_INIT, diag = STRBUF_INIT;
	struct summary sum = { .received = 1 };
	struct options o;
	struct decoded d;
	struct event *e;
	struct sink s;
	size_t size;

	json_opts(&o);
	o.field_names = FIELD_NAMES_ECS;
	e = synth(args, sizeof(args), "/bin/ls", "", 0, "", 0, &size);
	e->argc = 2;
	sink_init(&s, &o, 0, SYNTH_REALTIME_OFFSET, NULL);
	if (!event_decode(&d, e, size))
		sink_event(&s, &d, &sb);
	CHECK_STR("json/ecs-exec", sb.buf, sb.len,
		  "{\"event.action\":\"exec\",\"@timestamp\":\"" SYNTH_TIME "\","
		  "\"execsnoop.ts_ns\":5000000000,\"process.pid\":1234,\"process.thread.id\":1235,"
		  "\"process.parent.pid\":99,\"process.real_user.id\":1000,"
		  "\"process.real_group.id\":100,\"process.name\":\"ls\","
		  "\"process.parent.name\":\"bash\",\"execsnoop.cpu\":1,"
		  "\"process.entity_id\":null,\"process.parent.entity_id\":null,\"host.name\":null,"
		  "\"host.boot.id\":null,\"host.id\":null,\"execsnoop.retval\":0,"
		  "\"execsnoop.execveat\":false,\"execsnoop.filename\":\"/bin/ls\","
		  "\"execsnoop.filename_truncated\":false,\"process.args\":[\"ls\",\"-l\"],"
		  "\"process.args_count\":2,\"execsnoop.args_bytes\":6,"
		  "\"execsnoop.args_total_bytes\":6,\"execsnoop.args_truncated\":false,"
		  "\"execsnoop.args_unreadable\":false}\n");
	sink_release(&s);
	sb_reset(&sb);
	o.field_names = FIELD_NAMES_OTEL;
	sink_init(&s, &o, 0, SYNTH_REALTIME_OFFSET, NULL);
	e->type = EVENT_EXIT;
	e->exit_status = 3 << 8;
	e->args_len = e->args_total = e->fname_len = 0;
	if (!event_decode(&d, e, sizeof(*e)))
		sink_event(&s, &d, &sb);
	CHECK("json/otel-exit", sb.len && HAS(sb, "{\"event.name\":\"exit\",") &&
	      HAS(sb, ",\"process.parent_pid\":99,") &&
	      HAS(sb, ",\"process.exit.code\":3,") &&
	      HAS(sb, ",\"execsnoop.key\":null,"));
	sb_reset(&sb);
	sink_summary(&s, &sum, &sb, &diag);
	CHECK("json/otel-summary", sb.len > 40 &&
	      !memcmp(sb.buf, SUMMARY_OTEL, sizeof(SUMMARY_OTEL) - 1));
	sink_release(&s);
	sb_release(&sb);
	sb_release(&diag);
	free(e);
}

void test_sink_json(void)
{
	json_field_names();
	json_keys();
	json_exec();
	json_exit();
	json_summary();
}
