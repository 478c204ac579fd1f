// SPDX-License-Identifier: GPL-2.0
/*
 * --from (replay.c): saved JSON lines back into kernel-format records. The
 * main property: a line the JSON sink wrote, read back and written again,
 * is the same line byte for byte. Then the records themselves, the
 * summary, every rule a line can break (each with its message), and the
 * file reader (blank lines, a last line without '\n', the line limit).
 */
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include "check.h"
#include "replay.h"
#include "sink.h"

#define T0 "\"time\":\"2023-11-14T22:13:20.123456789Z\",\"ts_ns\":5000000000"
/* the host and the keys of pid 1234, ppid 99 */
#define BOOT "0123456789abcdef0123456789abcdef"
#define IDENT ",\"key\":\"" BOOT ":1234:4000000000:7\",\"parent_key\":\"" BOOT ":99:100:3\"," \
	"\"hostname\":\"h\\udcff\",\"boot_id\":\"" BOOT "\"," \
	"\"machine_id\":\"fedcba9876543210fedcba9876543210\""
#define NO_IDENT ",\"key\":null,\"parent_key\":null,\"hostname\":null,\"boot_id\":null," \
	"\"machine_id\":null"
#define COMMON_(ev, comm) "{\"event\":\"" ev "\"," T0 ",\"pid\":1234,\"tid\":1235,\"ppid\":99," \
	"\"uid\":1000,\"gid\":100,\"comm\":\"" comm "\",\"pcomm\":\"bash\",\"cpu\":1"
#define COMMON(ev, comm) COMMON_(ev, comm) IDENT
#define NO_CT ",\"container_id\":null,\"container_runtime\":null,\"pod_uid\":null"
#define CTX_(cg) ",\"euid\":0,\"egid\":0,\"auid\":null,\"sid\":7,\"tty\":\"pts/3\"," \
	"\"mntns\":4026531840," \
	"\"pidns\":4026531836,\"cgroup_id\":12345,\"cgroup\":\"" cg "\""
#define CTX CTX_("/user.slice/x y") NO_CT
#define CT_ID "4f797c539e6c745de61a93ca3ff892358ecbcaccd8414d5db545c38428142970"
#define POD "6553a60b-2b97-442a-b6da-a5704d81dd98"
#define EXEC_MID ",\"retval\":0,\"execveat\":false,\"filename\":\"/bin/ls\"," \
	"\"filename_truncated\":false"
#define ARGS_OK "\"argc\":3,\"args_bytes\":11,\"args_total_bytes\":11,\"args_truncated\":false," \
	"\"args_unreadable\":false"
#define ARGS_NONE "\"argc\":0,\"args_bytes\":0,\"args_total_bytes\":0," \
	"\"args_truncated\":false,\"args_unreadable\":false"
#define RU ",\"cpu_user_ns\":3000000,\"cpu_sys_ns\":1000000,\"cpu_ns\":4000000," \
	"\"max_rss_kib\":2052,\"ctx_switches_voluntary\":5,\"ctx_switches_involuntary\":6"

/* The line read back and written again by the JSON sink (as main.c would). */
static void round_trip(const char *name, const char *line)
{
	struct replay rp;
	struct replay_item it;
	struct options o;
	struct sink s;
	struct cgpath_cache cg;
	struct strbuf out = STRBUF_INIT;
	struct decoded d;
	char n2[160];

	replay_init(&rp);
	memset(&o, 0, sizeof(o));
	memset(&cg, 0, sizeof(cg));
	cg.mount_fd = -1;
	o.json = true;
	o.max_args = 20;
	if (replay_parse(&rp, line, strlen(line), &it)) {
		printf("FAIL: %s: %s\n", name, rp.err);
		check_failures++;
		replay_release(&rp);
		return;
	}
	snprintf(n2, sizeof(n2), "%s: decodes", name);
	CHECK(n2, it.kind == REPLAY_EVENT && !event_decode(&d, it.rec, it.size));
	sink_init(&s, &o, 0, it.realtime_offset_ns, &cg);
	sink_set_host(&s, it.host);
	s.page_size = REPLAY_PAGE_SIZE;
	if (it.has_cgroup)
		cgpath_set(&cg, d.e->cgroup_id, it.cgroup);
	sink_event(&s, &d, &out);
	sb_addc(&out, '\0');
	out.len--;
	snprintf(n2, sizeof(n2), "%s: written back the same", name);
	if (out.len && out.buf[out.len - 1] == '\n')
		out.len--;
	CHECK_STR(n2, out.buf, out.len, line);
	sb_release(&out);
	sink_release(&s);
	cgpath_free(&cg);
	replay_release(&rp);
}

static void round_trips(void)
{
	round_trip("replay: exec with context",
		   COMMON("exec", "ls") EXEC_MID ",\"args\":[\"ls\",\"-l\",\"/tmp\"]," ARGS_OK
		   ",\"cwd\":\"/home/u\",\"exe\":\"/usr/bin/ls\"" CTX "}");
	round_trip("replay: exec in a docker container",
		   COMMON("exec", "ls") EXEC_MID ",\"args\":[\"ls\",\"-l\",\"/tmp\"]," ARGS_OK
		   ",\"cwd\":\"/home/u\",\"exe\":\"/usr/bin/ls\""
		   CTX_("/system.slice/docker-" CT_ID ".scope") ",\"container_id\":\"" CT_ID "\","
		   "\"container_runtime\":\"docker\",\"pod_uid\":null}");
	round_trip("replay: exit in a pod, runtime not named (cgroupfs)",
		   COMMON("exit", "ls") ",\"status\":0,\"exit_code\":0,\"signal\":null,"
		   "\"signal_name\":null,\"core_dumped\":false,\"lifetime_ms\":1.000,"
		   "\"since\":\"exec\"" RU CTX_("/kubepods/pod" POD "/" CT_ID)
		   ",\"container_id\":\"" CT_ID "\",\"container_runtime\":null,"
		   "\"pod_uid\":\"" POD "\"}");
	round_trip("replay: exec without context",
		   COMMON("exec", "ls") EXEC_MID ",\"args\":[\"ls\",\"-l\",\"/tmp\"]," ARGS_OK "}");
	round_trip("replay: hostile bytes in every string",
		   COMMON_("exec", "a\\udcff\\u001b[31m") ",\"depth\":4" IDENT ",\"retval\":0,"
		   "\"execveat\":false,\"filename\":\"/x\\ny\\udce2\\udc82\",\"filename_truncated\":false,"
		   "\"args\":[\"\\u202e\\udc80\\t\",\"\\\"\\\\\",\"\xe2\x82\xac\\u0085\"],\"argc\":3,"
		   "\"args_bytes\":15,\"args_total_bytes\":15,\"args_truncated\":false,"
		   "\"args_unreadable\":false,\"cwd\":\".../a\\udcfe/\\u007f\","
		   "\"exe\":\"/\\u2066\"" ",\"euid\":0,\"egid\":0,\"auid\":4242,\"sid\":7,"
		   "\"tty\":\"tty\\udc9b\",\"mntns\":1,\"pidns\":2,\"cgroup_id\":3,"
		   "\"cgroup\":\"/\\u001b\"" NO_CT "}");
	round_trip("replay: argv cut by the buffer (last argument without its NUL)",
		   COMMON("exec", "ls") EXEC_MID ",\"args\":[\"ls\",\"-l\",\"/tm\"],\"argc\":3,"
		   "\"args_bytes\":10,\"args_total_bytes\":9000,\"args_truncated\":true,"
		   "\"args_unreadable\":false}");
	round_trip("replay: failed execveat, unreadable args and filename",
		   COMMON("exec", "sh") ",\"retval\":-2,\"execveat\":true,\"filename\":null,"
		   "\"filename_truncated\":false,\"args\":[],\"argc\":0,\"args_bytes\":0,"
		   "\"args_total_bytes\":0,\"args_truncated\":false,\"args_unreadable\":true,"
		   "\"cwd\":\"/\",\"exe\":null" CTX "}");
	round_trip("replay: failed exec cut at 4096 arguments",
		   COMMON("exec", "sh") ",\"retval\":-7,\"execveat\":false,\"filename\":\"/x\","
		   "\"filename_truncated\":true,\"args\":[\"a\"],\"argc\":4096,\"args_bytes\":2,"
		   "\"args_total_bytes\":2,\"args_truncated\":true,\"args_unreadable\":false}");
	round_trip("replay: paths: root, cut to nothing, empty components",
		   COMMON("exec", "ls") EXEC_MID ",\"args\":[],\"argc\":0,\"args_bytes\":0,"
		   "\"args_total_bytes\":0,\"args_truncated\":false,\"args_unreadable\":false,"
		   "\"cwd\":\"...\",\"exe\":\"//a//\"" CTX "}");
	round_trip("replay: exit by a signal with a core, since fork, in a tree",
		   COMMON_("exit", "ls") ",\"depth\":2" IDENT ",\"status\":139,\"exit_code\":null,"
		   "\"signal\":11,\"signal_name\":\"SIGSEGV\",\"core_dumped\":true,"
		   "\"lifetime_ms\":1234.567,\"since\":\"fork\"" RU CTX "}");
	round_trip("replay: a lifetime rounded up past the clock's start",
		   "{\"event\":\"exit\",\"time\":\"1970-01-01T00:00:00.000001600Z\",\"ts_ns\":1600,"
		   "\"pid\":1,\"tid\":1,\"ppid\":0,\"uid\":0,\"gid\":0,\"comm\":\"\",\"pcomm\":\"\","
		   "\"cpu\":0" NO_IDENT ",\"status\":0,\"exit_code\":0,\"signal\":null,"
		   "\"signal_name\":null,\"core_dumped\":false,\"lifetime_ms\":0.002,"
		   "\"since\":\"exec\"" RU "}");
	round_trip("replay: exit with a code, no context",
		   COMMON("exit", "ls") ",\"status\":768,\"exit_code\":3,\"signal\":null,"
		   "\"signal_name\":null,\"core_dumped\":false,\"lifetime_ms\":0.000,"
		   "\"since\":\"exec\",\"cpu_user_ns\":0,\"cpu_sys_ns\":5,\"cpu_ns\":5,"
		   "\"max_rss_kib\":0,\"ctx_switches_voluntary\":0,\"ctx_switches_involuntary\":0}");
	round_trip("replay: exit by a signal without a name",
		   COMMON("exit", "ls") ",\"status\":100,\"exit_code\":null,\"signal\":100,"
		   "\"signal_name\":null,\"core_dumped\":false,\"lifetime_ms\":4999.999,"
		   "\"since\":\"exec\"" RU "}");
	round_trip("replay: one empty argument",
		   COMMON("exec", "") EXEC_MID ",\"args\":[\"\"],\"argc\":1,\"args_bytes\":1,"
		   "\"args_total_bytes\":1,\"args_truncated\":false,\"args_unreadable\":false}");
	round_trip("replay: 2554, the last year 64 bits of ns reach",
		   "{\"event\":\"exec\",\"time\":\"2554-07-21T23:34:33.709551615Z\","
		   "\"ts_ns\":18446744073709551615,\"pid\":4294967295,\"tid\":1,\"ppid\":0,"
		   "\"uid\":4294967295,\"gid\":0,\"comm\":\"123456789012345\",\"pcomm\":\"\",\"cpu\":0,"
		   "\"key\":\"" BOOT ":4294967295:18446744073709551615:18446744073709551615\","
		   "\"parent_key\":null,\"hostname\":null,\"boot_id\":\"" BOOT "\","
		   "\"machine_id\":null" EXEC_MID ",\"args\":[],\"argc\":0,\"args_bytes\":0,\"args_total_bytes\":0,"
		   "\"args_truncated\":false,\"args_unreadable\":false}");
}

/* What a line becomes: the record's fields that no other test reads. */
static void records(void)
{
	static const char reordered[] =
		" { \"comm\" : \"ls\", \"event\":\"exec\",\"pcomm\":\"bash\",\"cpu\":1," T0 ","
		"\"pid\":1234,\"tid\":1235,\"ppid\":99,\"uid\":1000,\"gid\":100" NO_IDENT ","
		"\"args\":[\"ls\",\"-l\",\"/tm\"],\"argc\":3,\"args_bytes\":10,"
		"\"args_total_bytes\":9000,\"args_truncated\":true,\"args_unreadable\":false,"
		"\"filename_truncated\":false,\"filename\":\"/bin/ls\",\"execveat\":false,"
		"\"retval\":0 } \r";
	struct replay rp;
	struct replay_item it;
	const struct event *e;
	struct decoded d;

	replay_init(&rp);
	CHECK("replay: keys in any order, white space", !replay_parse(&rp, reordered,
								     strlen(reordered), &it));
	e = it.rec;
	CHECK("replay: record layout", it.kind == REPLAY_EVENT && !event_decode(&d, it.rec, it.size) &&
	      e->type == EVENT_EXEC && e->args_len == 10 && e->args_total == 9000 &&
	      e->fname_len == 8 && (e->flags & EVF_ARGS_TRUNC) && !(e->flags & EVF_CONTEXT) &&
	      !memcmp(d.args, "ls\0-l\0/tm", 10) && d.fname_len == 7 && !it.has_cgroup &&
	      it.has_time && it.realtime_offset_ns == SYNTH_REALTIME_OFFSET);

	{
		static const char ex[] = COMMON("exit", "ls") ",\"status\":0,\"exit_code\":0,"
			"\"signal\":null,\"signal_name\":null,\"core_dumped\":false,"
			"\"lifetime_ms\":12.345,\"since\":\"exec\"" RU CTX "}";

		CHECK("replay: exit parses", !replay_parse(&rp, ex, strlen(ex), &it));
		e = it.rec;
		CHECK("replay: exit record", e->type == EVENT_EXIT &&
		      e->start_ns == 5000000000ull - 12345000 && e->maxrss_pages == 2052 &&
		      e->utime_ns == 3000000 && e->stime_ns == 1000000 && e->runtime_ns == 4000000 &&
		      e->auid == (__u32)-1 && !strcmp(e->tty, "pts3") && it.has_cgroup &&
		      !strcmp(it.cgroup, "/user.slice/x y") && e->cgroup_id == 12345);
		CHECK("replay: keys and host from the line", e->start_time == 4000000000ull &&
		      e->exec_id == 7 && e->pstart_time == 100 && e->pexec_id == 3 && it.host &&
		      !strcmp(it.host->boot_id, BOOT) && !strcmp(it.host->hostname, "h\xff") &&
		      !strcmp(it.host->machine_id, "fedcba9876543210fedcba9876543210"));
	}
	{
		static const char sum[] = "{\"event\":\"summary\",\"received\":10,\"printed\":9,"
			"\"lost\":3,\"filtered_kernel\":4,\"filtered_user\":1,\"rate_limited\":8,"
			"\"malformed\":0,"
			"\"tree_full\":2,\"exit_untracked\":7,\"unwritten\":0,\"duration_s\":1.250}";

		CHECK("replay: summary", !replay_parse(&rp, sum, strlen(sum), &it) &&
		      it.kind == REPLAY_SUMMARY && it.sum.lost == 3 && it.sum.filtered_kernel == 4 &&
		      it.sum.filtered_user == 1 && it.sum.rate_limited == 8 && it.sum.tree_full == 2 &&
		      it.sum.exit_untracked == 7 && it.sum.duration_s == 1.25);
	}
	{
		/* the sink writes null only for a time it cannot convert: none to take */
		static const char tn[] = "{\"event\":\"exec\",\"time\":null,\"ts_ns\":1,\"pid\":1,"
			"\"tid\":1,\"ppid\":0,\"uid\":0,\"gid\":0,\"comm\":\"\",\"pcomm\":\"\","
			"\"cpu\":0" NO_IDENT EXEC_MID ",\"args\":[],\"argc\":0,\"args_bytes\":0,"
			"\"args_total_bytes\":0,\"args_truncated\":false,\"args_unreadable\":false}";

		CHECK("replay: time null: no clock offset", !replay_parse(&rp, tn, strlen(tn), &it) &&
		      !it.has_time);
	}
	replay_release(&rp);
}

/* A line that must be refused, with words of the message. */
static void refused(const char *name, const char *line, const char *words)
{
	struct replay rp;
	struct replay_item it;
	char n2[200];

	replay_init(&rp);
	snprintf(n2, sizeof(n2), "replay refuses: %s", name);
	if (replay_parse(&rp, line, strlen(line), &it) == 0) {
		printf("FAIL: %s: accepted\n", n2);
		check_failures++;
	} else if (!strstr(rp.err, words)) {
		printf("FAIL: %s: message \"%s\", want it to contain \"%s\"\n", n2, rp.err, words);
		check_failures++;
	} else {
		printf("PASS: %s\n", n2);
	}
	replay_release(&rp);
}

#define EXEC_OK(args, rest) COMMON("exec", "ls") EXEC_MID ",\"args\":" args "," rest "}"
#define EXIT_OK(st, rest) COMMON("exit", "ls") ",\"status\":" st "," rest \
	",\"lifetime_ms\":1.000," \
	"\"since\":\"exec\"" RU "}"

static void refusals(void)
{
	refused("not JSON", "hello", "invalid JSON at byte 1");
	refused("an array", "[1]", "expected an object");
	refused("two objects", "{\"event\":\"summary\"} {}", "text after the object");
	refused("trailing comma", "{\"event\":\"exec\",}", "invalid JSON at byte 17");
	refused("empty object", "{}", "without \"event\"");
	refused("unknown event", "{\"event\":\"fork\"}", "expected \"exec\", \"exit\" or \"summary\"");
	refused("unknown key (shown escaped)", "{\"event\":\"exec\",\"x\\u001b\":1}",
		"unknown key \"x\\x1b\"");
	refused("duplicate key", "{\"event\":\"exec\",\"event\":\"exec\"}", "duplicate key \"event\"");
	refused("missing key", COMMON("exec", "ls") "}", "an exec object without \"retval\"");
	refused("exit key in an exec", EXEC_OK("[]", ARGS_OK ",\"status\":0"),
		"\"status\" does not belong in an exec object");
	refused("nested object", "{\"event\":{}}", "\"event\": expected a string");
	refused("number for a string", "{\"event\":1}", "\"event\": expected a string");
	refused("string for a number", COMMON("exec", "ls") ",\"retval\":\"0\"}",
		"\"retval\": expected a number");
	refused("negative pid", "{\"pid\":-1}", "\"pid\": expected an integer from 0 to 4294967295");
	refused("pid above 32 bits", "{\"pid\":4294967296}", "\"pid\": expected an integer");
	refused("ts_ns above 64 bits", "{\"ts_ns\":18446744073709551616}", "\"ts_ns\": expected");
	refused("fraction in an integer", "{\"cpu\":1.5}", "\"cpu\": expected an integer");
	refused("exponent in an integer", "{\"cpu\":1e2}", "\"cpu\": expected an integer");
	refused("retval above 0", "{\"retval\":1}", "\"retval\": expected an integer from -4095 to 0");
	refused("lifetime with 4 decimals", "{\"lifetime_ms\":1.2345}", "at most 3 decimals");
	refused("null for a boolean", "{\"execveat\":null}", "\"execveat\": expected true or false");
	refused("array of numbers", "{\"args\":[1]}", "invalid JSON at byte 10: expected a string");
	refused("comm of 16 bytes", "{\"comm\":\"1234567890123456\"}", "\"comm\": longer than 15 bytes");
	refused("NUL in an argument", "{\"args\":[\"a\\u0000b\"]}", "NUL character");
	refused("non-UTF-8 in the file", "{\"comm\":\"\xff\"}", "invalid UTF-8");
	refused("args_bytes off", EXEC_OK("[\"ls\",\"-l\",\"/tmp\"]", "\"argc\":3,\"args_bytes\":12,"
		"\"args_total_bytes\":11,\"args_truncated\":false,\"args_unreadable\":false"),
		"\"args_bytes\" is 12, but \"args\" hold 11 bytes");
	refused("a cut argument that is empty", EXEC_OK("[\"ls\",\"\"]", "\"argc\":2,"
		"\"args_bytes\":3,\"args_total_bytes\":3,\"args_truncated\":true,"
		"\"args_unreadable\":false"), "\"args_bytes\" is 3, but \"args\" hold 4 bytes");
	refused("exe of a failed exec", COMMON("exec", "ls") ",\"retval\":-2,\"execveat\":false,"
		"\"filename\":\"/x\",\"filename_truncated\":false,\"args\":[],\"argc\":0,"
		"\"args_bytes\":0,\"args_total_bytes\":0,\"args_truncated\":false,"
		"\"args_unreadable\":false,\"cwd\":\"/\",\"exe\":\"/x\"" CTX "}",
		"\"exe\" must be null for a failed exec");
	refused("half the context", EXEC_OK("[]", "\"argc\":0,\"args_bytes\":0,"
		"\"args_total_bytes\":0,\"args_truncated\":false,\"args_unreadable\":false,"
		"\"euid\":0"), "missing (they come all or none)");
	refused("relative cwd", EXEC_OK("[]", "\"argc\":0,\"args_bytes\":0,\"args_total_bytes\":0,"
		"\"args_truncated\":false,\"args_unreadable\":false,\"cwd\":\"tmp\","
		"\"exe\":\"/x\"" CTX), "\"cwd\": not a path execsnoop writes");
	refused("empty cwd", EXEC_OK("[]", "\"argc\":0,\"args_bytes\":0,\"args_total_bytes\":0,"
		"\"args_truncated\":false,\"args_unreadable\":false,\"cwd\":\"\","
		"\"exe\":\"/x\"" CTX), "\"cwd\": not a path execsnoop writes");
	refused("exit_code against status", EXIT_OK("256", "\"exit_code\":2,\"signal\":null,"
		"\"signal_name\":null,\"core_dumped\":false"), "disagrees with \"status\" 256");
	refused("signal_name against status", EXIT_OK("9", "\"exit_code\":null,\"signal\":9,"
		"\"signal_name\":\"SIGTERM\",\"core_dumped\":false"), "disagrees with \"status\" 9");
	refused("core_dumped against status", EXIT_OK("9", "\"exit_code\":null,\"signal\":9,"
		"\"signal_name\":\"SIGKILL\",\"core_dumped\":true"), "disagrees with \"status\" 9");
	refused("cpu_ns not the sum", COMMON("exit", "ls") ",\"status\":0,\"exit_code\":0,"
		"\"signal\":null,\"signal_name\":null,\"core_dumped\":false,\"lifetime_ms\":1.000,"
		"\"since\":\"exec\",\"cpu_user_ns\":1,\"cpu_sys_ns\":1,\"cpu_ns\":3,\"max_rss_kib\":0,"
		"\"ctx_switches_voluntary\":0,\"ctx_switches_involuntary\":0}",
		"\"cpu_user_ns\" + \"cpu_sys_ns\" is not \"cpu_ns\"");
	refused("lifetime before the clock", COMMON("exit", "ls") ",\"status\":0,\"exit_code\":0,"
		"\"signal\":null,\"signal_name\":null,\"core_dumped\":false,"
		"\"lifetime_ms\":5000.001,\"since\":\"exec\"" RU "}", "\"lifetime_ms\" reaches back");
	refused("unknown since", COMMON("exit", "ls") ",\"status\":0,\"exit_code\":0,"
		"\"signal\":null,\"signal_name\":null,\"core_dumped\":false,"
		"\"lifetime_ms\":1.000,\"since\":\"boot\"" RU "}", "\"since\": expected");
	refused("time before 1970", "{\"event\":\"exec\",\"time\":\"1969-12-31T23:59:59.000000000Z\","
		"\"ts_ns\":1,\"pid\":1,\"tid\":1,\"ppid\":0,\"uid\":0,\"gid\":0,\"comm\":\"\","
		"\"pcomm\":\"\",\"cpu\":0" NO_IDENT EXEC_MID ",\"args\":[],\"argc\":0,\"args_bytes\":0,"
		"\"args_total_bytes\":0,\"args_truncated\":false,\"args_unreadable\":false}",
		"\"time\": expected YYYY-MM-DDTHH:MM:SS.NNNNNNNNNZ");
	refused("February 30", "{\"event\":\"exec\",\"time\":\"2023-02-29T00:00:00.000000000Z\","
		"\"ts_ns\":1,\"pid\":1,\"tid\":1,\"ppid\":0,\"uid\":0,\"gid\":0,\"comm\":\"\","
		"\"pcomm\":\"\",\"cpu\":0" NO_IDENT EXEC_MID ",\"args\":[],\"argc\":0,\"args_bytes\":0,"
		"\"args_total_bytes\":0,\"args_truncated\":false,\"args_unreadable\":false}",
		"\"time\": expected");
	refused("tty too long", "{\"tty\":\"0123456789012345678901234567890123\"}",
		"\"tty\": longer than 32 bytes");
	refused("ECS names", "{\"event.action\":\"exec\"}", "--field-names ecs or otel cannot");
	refused("key of another pid", COMMON_("exec", "ls") ",\"key\":\"" BOOT ":1235:1:1\","
		"\"parent_key\":\"" BOOT ":99:1:1\",\"hostname\":null,\"boot_id\":\"" BOOT "\",\"machine_id\":null"
		EXEC_MID ",\"args\":[]," ARGS_NONE "}", "\"key\": expected \"BOOTID:PID:START:EXECID\" "
		"with PID the pid");
	refused("key of another boot", COMMON_("exec", "ls") ",\"key\":\"" BOOT ":1234:1:1\","
		"\"parent_key\":\"f" BOOT ":99:1:1\",\"hostname\":null,\"boot_id\":\"" BOOT "\","
		"\"machine_id\":null" EXEC_MID ",\"args\":[]," ARGS_NONE "}", "with the line's boot_id");
	refused("a leading zero in a key", COMMON_("exec", "ls") ",\"key\":\"" BOOT ":1234:01:1\","
		"\"parent_key\":\"" BOOT ":99:1:1\",\"hostname\":null,\"boot_id\":\"" BOOT "\","
		"\"machine_id\":null" EXEC_MID ",\"args\":[]," ARGS_NONE "}", "\"key\": expected");
	refused("a key without a boot id", COMMON_("exec", "ls") ",\"key\":\"" BOOT ":1234:1:1\","
		"\"parent_key\":null,\"hostname\":null,\"boot_id\":null,\"machine_id\":null"
		EXEC_MID ",\"args\":[]," ARGS_NONE "}", "\"key\" must be null when \"boot_id\" is");
	refused("no parent key with a ppid", COMMON_("exec", "ls") ",\"key\":\"" BOOT ":1234:1:1\","
		"\"parent_key\":null,\"hostname\":null,\"boot_id\":\"" BOOT "\",\"machine_id\":null"
		EXEC_MID ",\"args\":[]," ARGS_NONE "}", "\"parent_key\" must be null when");
	refused("an upper-case boot id", COMMON_("exec", "ls") ",\"key\":null,\"parent_key\":null,"
		"\"hostname\":null,\"boot_id\":\"0123456789ABCDEF0123456789ABCDEF\","
		"\"machine_id\":null" EXEC_MID ",\"args\":[]," ARGS_NONE "}",
		"\"boot_id\": expected 32 lowercase hex digits");
	refused("an empty host name", COMMON_("exec", "ls") ",\"key\":null,\"parent_key\":null,"
		"\"hostname\":\"\",\"boot_id\":null,\"machine_id\":null" EXEC_MID ",\"args\":[],"
		ARGS_NONE "}", "\"hostname\": expected a name or null");
	refused("a container the cgroup does not name", EXEC_OK("[]", "\"argc\":0,"
		"\"args_bytes\":0,\"args_total_bytes\":0,\"args_truncated\":false,"
		"\"args_unreadable\":false,\"cwd\":\"/\",\"exe\":\"/x\"" CTX_("/user.slice")
		",\"container_id\":\"" CT_ID "\",\"container_runtime\":\"docker\",\"pod_uid\":null"),
		"is not what \"cgroup\" names");
	refused("no container where the cgroup names one", EXEC_OK("[]", "\"argc\":0,"
		"\"args_bytes\":0,\"args_total_bytes\":0,\"args_truncated\":false,"
		"\"args_unreadable\":false,\"cwd\":\"/\",\"exe\":\"/x\""
		CTX_("/docker/" CT_ID) NO_CT), "is not what \"cgroup\" names");
	refused("summary with an extra key", "{\"event\":\"summary\",\"received\":1,\"printed\":1,"
		"\"lost\":0,\"filtered_kernel\":0,\"filtered_user\":0,\"rate_limited\":0,\"malformed\":0,"
		"\"tree_full\":0,\"exit_untracked\":0,\"unwritten\":0,\"duration_s\":1,\"pid\":1}",
		"\"pid\" does not belong in a summary object");
}

/* The reader: a file of lines through replay_next(). */
static void reader(void)
{
	static const char text[] =
		"\n   \r\n"
		"{\"event\":\"summary\",\"received\":1,\"printed\":1,\"lost\":5,\"filtered_kernel\":0,"
		"\"filtered_user\":0,\"rate_limited\":0,\"malformed\":0,\"tree_full\":0,\"exit_untracked\":0,"
		"\"unwritten\":0,\"duration_s\":0.5}\n"
		"\n"
		"{\"event\":\"summary\",\"received\":1,\"printed\":1,\"lost\":6,\"filtered_kernel\":0,"
		"\"filtered_user\":0,\"rate_limited\":0,\"malformed\":0,\"tree_full\":0,\"exit_untracked\":0,"
		"\"unwritten\":0,\"duration_s\":0.5}";	/* no '\n' at the end */
	char path[] = "/tmp/execsnoop-unit-XXXXXX";
	struct replay rp;
	struct replay_item it;
	int fd = mkstemp(path), r1, r2, r3;
	FILE *f;
	size_t i;

	if (fd < 0 || write(fd, text, sizeof(text) - 1) != (ssize_t)sizeof(text) - 1)
		abort();
	lseek(fd, 0, SEEK_SET);
	replay_init(&rp);
	replay_set_fd(&rp, fd);
	r1 = replay_next(&rp, &it);
	CHECK("replay: blank lines skipped, line numbers counted", r1 == 1 && rp.line == 3 &&
	      it.sum.lost == 5);
	r2 = replay_next(&rp, &it);
	CHECK("replay: a last line without '\\n'", r2 == 1 && rp.line == 5 && it.sum.lost == 6);
	r3 = replay_next(&rp, &it);
	CHECK("replay: end of the file", r3 == 0);
	replay_release(&rp);
	close(fd);

	/* a line of more than 8 MiB: refused, with its number, without reading it all */
	f = fopen(path, "w");
	if (!f)
		abort();
	fputs("{\"event\":\"summary\",\"received\":1,\"printed\":1,\"lost\":0,\"filtered_kernel\":0,"
	      "\"filtered_user\":0,\"rate_limited\":0,\"malformed\":0,\"tree_full\":0,\"exit_untracked\":0,"
	      "\"unwritten\":0,\"duration_s\":0.5}\n{\"args\":[\"", f);
	for (i = 0; i < REPLAY_LINE_MAX / 64 + 1; i++)
		fputs("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", f);
	fputs("\"]}\n", f);
	fclose(f);
	fd = open(path, O_RDONLY);
	replay_init(&rp);
	replay_set_fd(&rp, fd);
	r1 = replay_next(&rp, &it);
	r2 = replay_next(&rp, &it);
	CHECK("replay: a line over 8 MiB refused", r1 == 1 && r2 == -1 && rp.line == 2 &&
	      strstr(rp.err, "line longer than 8 MiB"));
	replay_release(&rp);
	close(fd);
	unlink(path);
}

void test_replay(void)
{
	round_trips();
	records();
	refusals();
	reader();
}
