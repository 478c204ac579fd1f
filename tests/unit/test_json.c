// SPDX-License-Identifier: GPL-2.0
/* JSON Lines: string escaping (each class, and a byte-exact round trip),
 * exec / exit / summary objects compared as exact strings. */
#include <stdint.h>
#include <stdlib.h>
#include "check.h"
#include "escape.h"

static void ej(const char *name, const char *in, size_t n, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	escape_json(&sb, in, n);
	CHECK_STR(name, sb.buf, sb.len, want);
	sb_release(&sb);
}

#define EJ(name, in, want) ej(name, in, sizeof(in) - 1, want)

static void put_utf8(unsigned char *out, size_t *o, uint32_t cp)
{
	if (cp < 0x80) {
		out[(*o)++] = (unsigned char)cp;
	} else if (cp < 0x800) {
		out[(*o)++] = (unsigned char)(0xc0 | cp >> 6);
		out[(*o)++] = (unsigned char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		out[(*o)++] = (unsigned char)(0xe0 | cp >> 12);
		out[(*o)++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		out[(*o)++] = (unsigned char)(0x80 | (cp & 0x3f));
	} else {
		out[(*o)++] = (unsigned char)(0xf0 | cp >> 18);
		out[(*o)++] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
		out[(*o)++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		out[(*o)++] = (unsigned char)(0x80 | (cp & 0x3f));
	}
}

/*
 * Decodes a JSON string body as Python's json.loads then
 * .encode("utf-8", "surrogateescape") would; -1 if it is not a valid body
 * or holds a raw control character, a raw DEL or an unescaped quote.
 */
static long json_unescape(const char *s, size_t n, unsigned char *out)
{
	size_t i = 0, o = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;

		if (c < 0x20 || c == 0x7f || c == '"')
			return -1;
		if (c != '\\') {
			out[o++] = c;
			i++;
			continue;
		}
		if (i + 1 >= n)
			return -1;
		switch (s[i + 1]) {
		case '"': case '\\': case '/':
			out[o++] = (unsigned char)s[i + 1];
			i += 2;
			continue;
		case 'n': out[o++] = '\n'; i += 2; continue;
		case 't': out[o++] = '\t'; i += 2; continue;
		case 'r': out[o++] = '\r'; i += 2; continue;
		case 'b': out[o++] = '\b'; i += 2; continue;
		case 'f': out[o++] = '\f'; i += 2; continue;
		case 'u':
			if (i + 6 > n)
				return -1;
			{
				char hex4[5] = { s[i + 2], s[i + 3], s[i + 4], s[i + 5], 0 };
				char *end;

				cp = (uint32_t)strtoul(hex4, &end, 16);
				if (*end)
					return -1;
			}
			i += 6;
			if (cp >= 0xdc80 && cp <= 0xdcff)
				out[o++] = (unsigned char)(cp & 0xff);	/* surrogateescape */
			else if (cp >= 0xd800 && cp <= 0xdfff)
				return -1;	/* no pairs are ever produced */
			else
				put_utf8(out, &o, cp);
			continue;
		default:
			return -1;
		}
	}
	return (long)o;
}

/* escape_json(in) decodes back to exactly in, with no raw control byte. */
static int round_trips(const unsigned char *in, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned char *back;
	long m;
	int ok;

	escape_json(&sb, (const char *)in, n);
	/* decoding never lengthens: an escape stands for at most its own size */
	back = malloc(sb.len + 1);
	if (!back)
		abort();
	m = json_unescape(sb.buf ? sb.buf : "", sb.len, back);
	ok = m == (long)n && (!n || !memcmp(back, in, n));
	free(back);
	sb_release(&sb);
	return ok;
}

static void escape_json_classes(void)
{
	EJ("json-escape/ascii", "hello world ~!", "hello world ~!");
	EJ("json-escape/quote", "say \"hi\"", "say \\\"hi\\\"");
	EJ("json-escape/backslash", "a\\b\\", "a\\\\b\\\\");
	EJ("json-escape/newline-tab-cr", "a\nb\tc\rd", "a\\nb\\tc\\rd");
	EJ("json-escape/c0", "\x01\x1b[31m\x1f", "\\u0001\\u001b[31m\\u001f");
	EJ("json-escape/backspace-formfeed", "\b\f", "\\u0008\\u000c");
	EJ("json-escape/nul", "a\0b", "a\\u0000b");
	EJ("json-escape/del", "a\x7f", "a\\u007f");
	EJ("json-escape/utf8-valid", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xc2\xa0",
	   "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xc2\xa0");
	EJ("json-escape/c1", "\xc2\x9b" "31m\xc2\x80\xc2\x9f", "\\u009b31m\\u0080\\u009f");
	EJ("json-escape/bidi-override", "a\xe2\x80\xae" "b", "a\\u202eb");
	EJ("json-escape/bidi-others", "\xe2\x80\x8e\xe2\x80\x8f\xe2\x81\xa6\xe2\x81\xa9",
	   "\\u200e\\u200f\\u2066\\u2069");
	EJ("json-escape/line-separators", "\xe2\x80\xa8\xe2\x80\xa9", "\\u2028\\u2029");
	EJ("json-escape/invalid-byte", "a\xff" "b", "a\\udcffb");
	EJ("json-escape/lone-continuation", "\x80", "\\udc80");
	EJ("json-escape/truncated-sequence", "\xe2\x82", "\\udce2\\udc82");
	EJ("json-escape/truncated-at-end", "a\xf0\x9f\x98", "a\\udcf0\\udc9f\\udc98");
	EJ("json-escape/truncated-then-ascii", "\xe2\x82z", "\\udce2\\udc82z");
	EJ("json-escape/overlong-2", "\xc0\xaf", "\\udcc0\\udcaf");
	EJ("json-escape/overlong-3", "\xe0\x80\xaf", "\\udce0\\udc80\\udcaf");
	EJ("json-escape/overlong-4", "\xf0\x80\x80\xaf", "\\udcf0\\udc80\\udc80\\udcaf");
	EJ("json-escape/surrogate", "\xed\xa0\x80", "\\udced\\udca0\\udc80");
	EJ("json-escape/above-10ffff", "\xf4\x90\x80\x80", "\\udcf4\\udc90\\udc80\\udc80");
	EJ("json-escape/invalid-then-valid", "\xff\xc3\xa9", "\\udcff\xc3\xa9");
	EJ("json-escape/empty", "", "");
}

static void escape_json_round_trip(void)
{
	unsigned char buf[64];
	unsigned int i, j, bad = 0, x = 12345;

	for (i = 0; i < 256; i++) {
		buf[0] = (unsigned char)i;
		buf[1] = 'x';
		if (!round_trips(buf, 2))
			bad++;
	}
	CHECK("json-escape/round-trip-every-byte", bad == 0);
	/* pseudo-random strings biased to UTF-8 lead and continuation bytes */
	bad = 0;
	for (i = 0; i < 20000; i++) {
		size_t n = 1 + i % 40;

		for (j = 0; j < n; j++) {
			x = x * 1103515245u + 12345u;
			switch ((x >> 16) % 4) {
			case 0: buf[j] = (unsigned char)(x >> 8); break;
			case 1: buf[j] = (unsigned char)(0x80 | ((x >> 8) & 0x3f)); break;
			case 2: buf[j] = (unsigned char)(0xc0 | ((x >> 8) & 0x3f)); break;
			default: buf[j] = (unsigned char)(0x20 + (x >> 8) % 0x60); break;
			}
		}
		if (!round_trips(buf, n))
			bad++;
	}
	CHECK("json-escape/round-trip-random", bad == 0);
}

static void fmt_json(const char *name, struct event *e, size_t size, const char *want)
{
	struct options o;
	struct format_ctx fc = { .opts = &o, .cached_sec = -1,
				 .realtime_offset_ns = SYNTH_REALTIME_OFFSET };
	struct strbuf sb = STRBUF_INIT;
	struct decoded d;

	memset(&o, 0, sizeof(o));
	o.max_args = 20;
	o.json = true;
	if (event_decode(&d, e, size)) {
		CHECK(name, 0);
		return;
	}
	format_json(&fc, &d, &sb);
	CHECK_STR(name, sb.buf, sb.len, want);
	sb_release(&sb);
	sb_release(&fc.scratch);
}

#define HEAD(ev) "{\"event\":\"" ev "\",\"time\":\"" SYNTH_TIME "\",\"ts_ns\":5000000000," \
	"\"pid\":1234,\"tid\":1235,\"ppid\":99,\"uid\":1000,\"gid\":100,\"comm\":\"ls\"," \
	"\"pcomm\":\"bash\",\"cpu\":1"
#define CTX(auid, tty) ",\"euid\":0,\"egid\":0,\"auid\":" auid ",\"sid\":7,\"tty\":" tty \
	",\"mntns\":4026531840,\"pidns\":4026531836,\"cgroup_id\":12345,\"cgroup\":null"

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
		 HEAD("exec") ",\"retval\":0,\"execveat\":false,\"filename\":\"/usr/bin/ls\","
		 "\"args\":[\"ls\",\"-l\",\"/tmp\"],\"argc\":3,\"args_bytes\":11,"
		 "\"args_total_bytes\":11,\"args_truncated\":false,\"args_unreadable\":false,"
		 "\"cwd\":\"/a/b\",\"exe\":\"/usr/bin/ls\"" CTX("null", "null") "}\n");

	/* without context (EVF_CONTEXT unset): no cwd, exe or ids at all */
	e->flags = 0;
	fmt_json("json/exec-no-context", e, size,
		 HEAD("exec") ",\"retval\":0,\"execveat\":false,\"filename\":\"/usr/bin/ls\","
		 "\"args\":[\"ls\",\"-l\",\"/tmp\"],\"argc\":3,\"args_bytes\":11,"
		 "\"args_total_bytes\":11,\"args_truncated\":false,\"args_unreadable\":false}\n");

	/* the filename could not be read: null, not "" */
	e->flags = EVF_FNAME_FAULT | EVF_ARGS_FAULT;
	fmt_json("json/exec-filename-fault", e, size,
		 HEAD("exec") ",\"retval\":0,\"execveat\":false,\"filename\":null,"
		 "\"args\":[\"ls\",\"-l\",\"/tmp\"],\"argc\":3,\"args_bytes\":11,"
		 "\"args_total_bytes\":11,\"args_truncated\":false,\"args_unreadable\":true}\n");
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
		 "\"comm\":\"\\u001b]0;x\\u0007\",\"pcomm\":\"bash\",\"cpu\":1,\"depth\":2,"
		 "\"retval\":-13,\"execveat\":true,\"filename\":\"\",\"args\":[\"a\\u001b\",\"\\udcff\"],"
		 "\"argc\":2,\"args_bytes\":5,\"args_total_bytes\":5,\"args_truncated\":true,"
		 "\"args_unreadable\":false,\"cwd\":\"/\",\"exe\":null" CTX("1000", "\"pts/3\"") "}\n");
	free(e);

	/* the last argument cut short (no NUL): still one string */
	e = synth("a\0bc", 4, "/x", "", 0, "", 0, &size);
	e->argc = 9;
	e->args_total = 100;
	e->flags = EVF_ARGS_TRUNC;
	fmt_json("json/exec-cut-arg", e, size,
		 HEAD("exec") ",\"retval\":0,\"execveat\":false,\"filename\":\"/x\","
		 "\"args\":[\"a\",\"bc\"],\"argc\":9,\"args_bytes\":4,\"args_total_bytes\":100,"
		 "\"args_truncated\":true,\"args_unreadable\":false}\n");
	free(e);
}

static void json_exit(void)
{
	struct event *e;
	size_t size;

	e = synth_exit(3 << 8, 12345678, &size);
	fmt_json("json/exit-code", e, size,
		 HEAD("exit") ",\"status\":768,\"exit_code\":3,\"signal\":null,"
		 "\"signal_name\":null,\"core_dumped\":false,\"lifetime_ms\":12.346,"
		 "\"since\":\"exec\"}\n");
	e->exit_status = 255 << 8;
	e->start_ns = e->ts_ns;
	fmt_json("json/exit-255", e, size,
		 HEAD("exit") ",\"status\":65280,\"exit_code\":255,\"signal\":null,"
		 "\"signal_name\":null,\"core_dumped\":false,\"lifetime_ms\":0.000,"
		 "\"since\":\"exec\"}\n");
	e->exit_status = 9;
	e->start_ns = e->ts_ns - 999999500;
	fmt_json("json/exit-sigkill", e, size,
		 HEAD("exit") ",\"status\":9,\"exit_code\":null,\"signal\":9,"
		 "\"signal_name\":\"SIGKILL\",\"core_dumped\":false,\"lifetime_ms\":1000.000,"
		 "\"since\":\"exec\"}\n");
	e->exit_status = 0x80 | 6;
	e->start_ns = e->ts_ns - 1;
	fmt_json("json/exit-core", e, size,
		 HEAD("exit") ",\"status\":134,\"exit_code\":null,\"signal\":6,"
		 "\"signal_name\":\"SIGABRT\",\"core_dumped\":true,\"lifetime_ms\":0.000,"
		 "\"since\":\"exec\"}\n");
	e->exit_status = 35;	/* a real-time signal has no abbreviation */
	fmt_json("json/exit-rt-signal", e, size,
		 HEAD("exit") ",\"status\":35,\"exit_code\":null,\"signal\":35,"
		 "\"signal_name\":null,\"core_dumped\":false,\"lifetime_ms\":0.000,"
		 "\"since\":\"exec\"}\n");
	/* exec not seen: timed from the fork; a start after the end gives 0 */
	e->exit_status = 4 << 8;
	e->flags = EVF_START_UNKNOWN | EVF_IN_TREE;
	e->depth = 1;
	e->start_ns = e->ts_ns + 5;
	fmt_json("json/exit-since-fork", e, size,
		 HEAD("exit") ",\"depth\":1,\"status\":1024,\"exit_code\":4,\"signal\":null,"
		 "\"signal_name\":null,\"core_dumped\":false,\"lifetime_ms\":0.000,"
		 "\"since\":\"fork\"}\n");
	/* with context: the ids follow */
	e->flags = 0;
	e->exit_status = 0;
	e->start_ns = e->ts_ns - 2500;
	synth_context(e);
	fmt_json("json/exit-context", e, size,
		 HEAD("exit") ",\"status\":0,\"exit_code\":0,\"signal\":null,"
		 "\"signal_name\":null,\"core_dumped\":false,\"lifetime_ms\":0.003,"
		 "\"since\":\"exec\"" CTX("null", "null") "}\n");
	free(e);
}

static void json_summary(void)
{
	struct summary s = { .received = 10, .printed = 6, .lost = 1, .filtered_kernel = 2,
			     .filtered_user = 3, .malformed = 1, .tree_full = 4,
			     .duration_s = 2.5 };
	struct strbuf sb = STRBUF_INIT;

	format_summary_json(&s, &sb);
	CHECK_STR("json/summary", sb.buf, sb.len,
		  "{\"event\":\"summary\",\"received\":10,\"printed\":6,\"lost\":1,"
		  "\"filtered_kernel\":2,\"filtered_user\":3,\"malformed\":1,\"tree_full\":4,"
		  "\"duration_s\":2.500}\n");
	sb_release(&sb);
}

void test_json(void)
{
	escape_json_classes();
	escape_json_round_trip();
	json_exec();
	json_exit();
	json_summary();
}
