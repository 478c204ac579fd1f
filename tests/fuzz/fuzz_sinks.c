// SPDX-License-Identifier: GPL-2.0
/*
 * The text and JSON sinks: every record that decodes is formatted by both,
 * with options chosen by the first bytes, and every line they write is
 * checked (fuzz_check_line(): one '\n' at the end, no control byte, valid
 * UTF-8 with no C1, bidi or line-separator code point). A JSON line must be
 * one strict JSON object whose strings decode back to the record's bytes.
 *
 * Input: a header, then records, each a u16 length (little-endian) and
 * that many bytes (the last one takes what is left):
 *   [0..1]   option bits, see opt_bits[] (-q -T -t -U -M -C --context
 *            --cwd --exe --tree -e -v --rusage); bits 12..15 and the
 *            bytes below also make up the summary's counts
 *   [2]      --max-args (0: the default)
 *   [3..10]  start_ns (the clock at start, for -t)
 *   [11..18] realtime_offset_ns (CLOCK_REALTIME - CLOCK_MONOTONIC)
 * One text sink and one JSON sink see all the records of an input in
 * order (--tree remembers depths across records). The records also fill a
 * run table, whose report (--report) is written by both sinks at the end:
 * every text line and the JSON object are checked the same way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "decode.h"
#include "fuzz_util.h"
#include "options.h"
#include "report.h"
#include "runlog.h"
#include "sink.h"

#define HDR_LEN		19
#define RECORDS_MAX	64
/*
 * --tree indents by 2 * depth columns: a depth in the millions, which a
 * chain of forks can reach in time, is a line of megabytes that only
 * slows the fuzzing down. Deeper records are made this deep.
 */
#define DEPTH_MAX	4096

static const char *const opt_bits[] = {
	"-q", "-T", "-t", "-U", "-M", "-C", "--context", "--cwd", "--exe", "--tree",
	"-e", "-v", "--rusage", "--keys",
};

/* A host with every field set: keys and host fields are formatted. */
static const struct host_ident fuzz_host = {
	.boot_id = "0123456789abcdef0123456789abcdef",
	.machine_id = "fedcba9876543210fedcba9876543210",
	.hostname = "fuzz\x01\xff\"host",
};

static FILE *devnull;

/*
 * The text sink's --tree table (DEPTH_SLOTS entries, calloc()ed at its
 * first use): under ASan a fresh 512 KiB mapping per input made this target
 * four times slower, so the sink is given this one, zeroed, instead.
 */
static struct depth_slot *depths;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	devnull = fopen("/dev/null", "w");
	depths = calloc(DEPTH_SLOTS, sizeof(*depths));
	if (!devnull || !depths)
		abort();
	return 0;
}

/* The options as execsnoop parses them from its command line. */
static void make_options(struct options *o, unsigned int bits, unsigned int max_args, bool json)
{
	char *argv[2 + sizeof(opt_bits) / sizeof(opt_bits[0]) + 3];
	char max[16];
	int argc = 0;
	size_t i;

	argv[argc++] = (char *)"execsnoop";
	for (i = 0; i < sizeof(opt_bits) / sizeof(opt_bits[0]); i++)
		if (bits & (1u << i))
			argv[argc++] = (char *)opt_bits[i];
	if (max_args) {
		snprintf(max, sizeof(max), "%u", max_args);
		argv[argc++] = (char *)"--max-args";
		argv[argc++] = max;
	}
	if (json)
		argv[argc++] = (char *)"-j";
	argv[argc] = NULL;
	if (options_parse(o, argc, argv, devnull, devnull) != PARSE_OK)
		fuzz_fail("options_parse() refused valid options", NULL, 0);
}

/* Exactly one line was added to out after before; it is checked. */
static void check_one_line(const struct strbuf *out, size_t before)
{
	fuzz_check_line(out->buf + before, out->len - before);
}

static uint64_t json_u64(const struct json_object *obj, const char *k, const char *line,
			 size_t len)
{
	const struct json_member *m = fuzz_json_get(obj, k);
	uint64_t v = 0;
	size_t i;

	FUZZ_ASSERT(m && m->kind == J_NUMBER && m->raw_len <= 20, line, len);
	for (i = 0; i < m->raw_len; i++) {
		FUZZ_ASSERT(m->raw[i] >= '0' && m->raw[i] <= '9', line, len);
		v = v * 10 + (uint64_t)(m->raw[i] - '0');
	}
	return v;
}

/* The member is a string that decodes to exactly these bytes. */
static void json_bytes(const struct json_object *obj, const char *k, const char *want,
		       size_t want_len, const char *line, size_t len)
{
	const struct json_member *m = fuzz_json_get(obj, k);
	struct strbuf sb = STRBUF_INIT;

	FUZZ_ASSERT(m && m->kind == J_STRING, line, len);
	FUZZ_ASSERT(fuzz_json_unescape(&sb, m->raw + 1, m->raw_len - 2), line, len);
	FUZZ_ASSERT(sb.len == want_len && (!want_len || !memcmp(sb.buf, want, want_len)), line,
		    len);
	sb_release(&sb);
}

/* "args": an array of strings, each argument's bytes, in order. */
static void json_args(const struct json_object *obj, const struct decoded *d, const char *line,
		      size_t len)
{
	const struct json_member *m = fuzz_json_get(obj, "args");
	struct arg_iter it = args_of(d);
	struct strbuf sb = STRBUF_INIT;
	const char *p, *end, *start, *a;
	size_t n;

	FUZZ_ASSERT(m && m->kind == J_ARRAY, line, len);
	p = m->raw + 1;
	end = m->raw + m->raw_len - 1;	/* the ']' */
	while (p < end) {
		FUZZ_ASSERT(*p == '"', line, len);
		start = ++p;
		while (*p != '"')
			p += *p == '\\' ? 2 : 1;
		sb_reset(&sb);
		FUZZ_ASSERT(fuzz_json_unescape(&sb, start, (size_t)(p - start)), line, len);
		FUZZ_ASSERT(next_arg(&it, &a, &n), line, len);
		FUZZ_ASSERT(sb.len == n && (!n || !memcmp(sb.buf, a, n)), line, len);
		p++;
		if (p < end)
			FUZZ_ASSERT(*p++ == ',', line, len);
	}
	FUZZ_ASSERT(!next_arg(&it, &a, &n), line, len);
	sb_release(&sb);
}

static void check_json_event(const char *line, size_t len, const struct decoded *d)
{
	const struct event *e = d->e;
	const struct json_member *m;
	struct json_object obj;
	const char *err;
	bool exit = e->type == EVENT_EXIT;

	fuzz_check_line(line, len);
	err = fuzz_json_object(line, len - 1, &obj);
	if (err)
		fuzz_fail(err, line, len);
	json_bytes(&obj, "event", exit ? "exit" : "exec", 4, line, len);
	json_bytes(&obj, "comm", d->comm, strlen(d->comm), line, len);
	json_bytes(&obj, "pcomm", d->pcomm, strlen(d->pcomm), line, len);
	FUZZ_ASSERT(json_u64(&obj, "ts_ns", line, len) == e->ts_ns, line, len);
	FUZZ_ASSERT(json_u64(&obj, "pid", line, len) == e->pid, line, len);
	FUZZ_ASSERT(json_u64(&obj, "ppid", line, len) == e->ppid, line, len);
	m = fuzz_json_get(&obj, "time");
	FUZZ_ASSERT(m && (m->kind == J_STRING || m->kind == J_NULL), line, len);
	m = fuzz_json_get(&obj, "depth");
	FUZZ_ASSERT(!m == !(e->flags & EVF_IN_TREE), line, len);
	m = fuzz_json_get(&obj, "euid");
	FUZZ_ASSERT(!m == !(e->flags & EVF_CONTEXT), line, len);
	if (exit) {
		FUZZ_ASSERT(json_u64(&obj, "status", line, len) == e->exit_status, line, len);
		FUZZ_ASSERT(!fuzz_json_get(&obj, "args"), line, len);
		return;
	}
	m = fuzz_json_get(&obj, "filename");
	if (e->flags & EVF_FNAME_FAULT)
		FUZZ_ASSERT(m && m->kind == J_NULL, line, len);
	else
		json_bytes(&obj, "filename", d->fname, d->fname_len, line, len);
	json_args(&obj, d, line, len);
	m = fuzz_json_get(&obj, "cwd");
	FUZZ_ASSERT(!m == !(e->flags & EVF_CONTEXT), line, len);
	m = fuzz_json_get(&obj, "exe");
	FUZZ_ASSERT(!m == !(e->flags & EVF_CONTEXT), line, len);
	if (m && e->type != EVENT_EXEC)
		FUZZ_ASSERT(m->kind == J_NULL, line, len);
}

static void format_record(struct sink *text, struct sink *json, struct strbuf *out,
			  const struct decoded *d)
{
	size_t before = out->len;

	sink_event(text, d, out);
	check_one_line(out, before);
	sb_reset(out);
	sink_event(json, d, out);
	check_json_event(out->buf, out->len, d);
	sb_reset(out);
}

static void check_summaries(struct sink *text, struct sink *json, const struct options *o,
			    const struct summary *sum)
{
	struct strbuf out = STRBUF_INIT, diag = STRBUF_INIT;
	struct json_object obj;
	const char *err;

	sink_summary(text, sum, &out, &diag);
	FUZZ_ASSERT(out.len == 0, out.buf, out.len);
	check_one_line(&diag, 0);
	sb_reset(&diag);
	sink_summary(json, sum, &out, &diag);
	check_one_line(&out, 0);
	err = fuzz_json_object(out.buf, out.len - 1, &obj);
	if (err)
		fuzz_fail(err, out.buf, out.len);
	json_bytes(&obj, "event", "summary", 7, out.buf, out.len);
	if (o->verbose)
		check_one_line(&diag, 0);
	else
		FUZZ_ASSERT(diag.len == 0, diag.buf, diag.len);
	sb_release(&out);
	sb_release(&diag);
}

/* The report of the records' run table: text lines and the JSON object checked. */
static void check_report(struct sink *text, struct sink *json, struct run_table *t,
			 const struct summary *sum, uint64_t start_ns)
{
	struct report_input in = {
		.start_ns = start_ns, .duration_s = sum->duration_s, .lost = sum->lost,
		.exits_traced = true, .fails_traced = sum->tree_full,
	};
	struct strbuf out = STRBUF_INIT;
	struct json_object obj;
	struct report r;
	const char *err, *p, *nl;

	runlog_finish(t, start_ns + 1000);
	report_build(&r, t, &in);
	sink_report(text, &r, &out);
	FUZZ_ASSERT(out.len && out.buf[out.len - 1] == '\n', out.buf, out.len);
	for (p = out.buf; p < out.buf + out.len; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(out.buf + out.len - p));
		fuzz_check_line(p, (size_t)(nl - p) + 1);
	}
	sb_reset(&out);
	sink_report(json, &r, &out);
	check_one_line(&out, 0);
	err = fuzz_json_object(out.buf, out.len - 1, &obj);
	if (err)
		fuzz_fail(err, out.buf, out.len);
	json_bytes(&obj, "event", "report", 6, out.buf, out.len);
	FUZZ_ASSERT(json_u64(&obj, "processes", out.buf, out.len) == t->nprocs, out.buf, out.len);
	report_release(&r);
	sb_release(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run_table table;
	struct options o_text, o_json;
	struct sink text, json;
	struct strbuf out = STRBUF_INIT;
	struct summary sum = { 0 };
	struct decoded d;
	unsigned int bits, max_args;
	uint64_t start_ns;
	int64_t offset_ns;
	size_t off, len, nrec = 0;
	void *rec;

	if (size < HDR_LEN)
		return -1;
	bits = (unsigned int)fuzz_le(data, size, 2);
	max_args = data[2];
	start_ns = fuzz_le(data + 3, size - 3, 8);
	offset_ns = (int64_t)fuzz_le(data + 11, size - 11, 8);
	make_options(&o_text, bits, max_args, false);
	make_options(&o_json, bits, max_args, true);
	sink_init(&text, &o_text, start_ns, offset_ns, NULL);
	sink_init(&json, &o_json, start_ns, offset_ns, NULL);
	if (bits & 0x8000) {
		sink_set_host(&text, &fuzz_host);
		sink_set_host(&json, &fuzz_host);
	}
	FUZZ_ASSERT(text.ops == &text_sink && json.ops == &json_sink, NULL, 0);
	if (o_text.tree) {
		FUZZ_ASSERT(!text.depths, NULL, 0);
		memset(depths, 0, DEPTH_SLOTS * sizeof(*depths));
		text.depths = depths;
	}

	runlog_init(&table, offset_ns, 4096);
	sink_header(&text, &out);
	check_one_line(&out, 0);
	sb_reset(&out);
	sink_header(&json, &out);
	FUZZ_ASSERT(out.len == 0, out.buf, out.len);

	for (off = HDR_LEN; off < size && nrec < RECORDS_MAX; off += len, nrec++) {
		len = (size_t)fuzz_le(data + off, size - off, 2);
		off += 2;
		if (off > size)
			break;
		if (len > size - off)
			len = size - off;
		/* its exact size, aligned as the ring buffer's records are */
		rec = malloc(len ? len : 1);
		if (!rec)
			abort();
		memcpy(rec, data + off, len);
		sum.received++;
		if (event_decode(&d, rec, len)) {
			sum.malformed++;
		} else {
			struct event *e = rec;

			if ((e->flags & EVF_IN_TREE) && e->depth > DEPTH_MAX)
				e->depth = DEPTH_MAX;
			format_record(&text, &json, &out, &d);
			runlog_add(&table, &d);
			sum.printed++;
		}
		free(rec);
	}

	sum.lost = start_ns >> 40;
	sum.filtered_kernel = (uint64_t)offset_ns >> 48;
	sum.filtered_user = max_args;
	sum.tree_full = bits >> 12 & 1;
	sum.exit_untracked = bits >> 13 & 3;
	sum.unwritten = bits >> 15;
	sum.duration_s = (double)(start_ns % 1000000000000ull) / 1e9;
	check_summaries(&text, &json, &o_text, &sum);
	check_report(&text, &json, &table, &sum, start_ns);
	runlog_release(&table);

	sb_release(&out);
	if (text.depths == depths)
		text.depths = NULL;	/* ours, not the sink's to free */
	sink_release(&text);
	sink_release(&json);
	options_free(&o_text);
	options_free(&o_json);
	return 0;
}
