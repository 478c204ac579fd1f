// SPDX-License-Identifier: GPL-2.0
/*
 * --from's reader (json.c, replay.c), from both sides.
 *
 * Input byte 0 even: the rest is a JSON Lines file. Every line goes through
 * replay_parse(): no crash, no leak, and a line it accepts becomes a record
 * that event_decode() accepts (the replay builds only records the live path
 * could see); both sinks format it (lines checked as fuzz_sinks does), and
 * the JSON line written is itself accepted and written again the same (a
 * fixed point: what the replay writes, it reads back exactly).
 *
 * Input byte 0 odd: the rest is a kernel record (event.h), made to keep the
 * kernel's promises (a retval that fits its type, a filename, comm, pcomm
 * and tty that end with a NUL within their buffers); if it decodes, the
 * JSON sink's line for it must be accepted by replay_parse() and give back
 * the same line: every record execsnoop -j can write, --from can read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "decode.h"
#include "fuzz_util.h"
#include "options.h"
#include "replay.h"
#include "sink.h"

static FILE *devnull;
static struct options json_opts, text_opts;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void parse_options(struct options *o, char **argv, int argc)
{
	if (options_parse(o, argc, argv, devnull, devnull) != PARSE_OK)
		abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static char *jargv[] = { "execsnoop", "--from", "-", "-j", NULL };
	static char *targv[] = { "execsnoop", "--from", "-", "-q", "-T", "-t", "-U", "-M", "-C",
				 "--context", "--cwd", "--exe", "--rusage", "--tree", "--keys",
				 "--container", NULL };

	(void)argc;
	(void)argv;
	devnull = fopen("/dev/null", "w");
	if (!devnull)
		abort();
	parse_options(&json_opts, jargv, 4);
	parse_options(&text_opts, targv, 16);
	return 0;
}

/* The JSON sink's line for a decoded record, as a replay writes it (host: the line's). */
static void json_line(const struct decoded *d, int64_t offset, struct cgpath_cache *cg,
		      const struct host_ident *host, struct strbuf *out)
{
	struct sink s;

	sink_init(&s, &json_opts, 0, offset, cg);
	sink_set_host(&s, host);
	s.page_size = REPLAY_PAGE_SIZE;
	sb_reset(out);
	sink_event(&s, d, out);
	sink_release(&s);
	fuzz_check_line(out->buf, out->len);
}

/* Reads the line back: it must be accepted and written again the same. */
static void read_back(struct replay *rp, const struct strbuf *line, struct cgpath_cache *cg)
{
	struct replay_item it;
	struct strbuf again = STRBUF_INIT;
	struct decoded d;

	if (replay_parse(rp, line->buf, line->len - 1, &it))
		fuzz_fail(rp->err, line->buf, line->len);
	FUZZ_EXPECT(it.kind == REPLAY_EVENT && !event_decode(&d, it.rec, it.size),
		    "a written line read back is no valid record", line->buf, line->len);
	if (it.has_cgroup)
		cgpath_set(cg, d.e->cgroup_id, it.cgroup);
	json_line(&d, it.has_time ? it.realtime_offset_ns : 0, cg, it.host, &again);
	FUZZ_EXPECT(again.len == line->len && !memcmp(again.buf, line->buf, line->len),
		    "a line read back is written differently", again.buf, again.len);
	sb_release(&again);
}

/* One line of a file: accepted lines are formatted and read back. */
static void one_line(struct replay *rp, const char *line, size_t len, struct cgpath_cache *cg)
{
	struct replay_item it;
	struct strbuf out = STRBUF_INIT;
	struct decoded d;
	struct sink text;
	int64_t offset;

	if (replay_parse(rp, line, len, &it) || it.kind != REPLAY_EVENT)
		return;
	FUZZ_EXPECT(!event_decode(&d, it.rec, it.size), "replay built a record decode refuses",
		    line, len);
	if (it.has_cgroup)
		cgpath_set(cg, d.e->cgroup_id, it.cgroup);
	offset = it.has_time ? it.realtime_offset_ns : 0;
	sink_init(&text, &text_opts, d.e->ts_ns, offset, cg);
	sink_set_host(&text, it.host);
	text.page_size = REPLAY_PAGE_SIZE;
	sink_event(&text, &d, &out);
	fuzz_check_line(out.buf, out.len);
	sink_release(&text);
	json_line(&d, offset, cg, it.host, &out);
	read_back(rp, &out, cg);
	sb_release(&out);
}

static void file_mode(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *nl;
	struct cgpath_cache cg;
	struct replay rp;

	memset(&cg, 0, sizeof(cg));
	cg.mount_fd = -1;
	replay_init(&rp);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		one_line(&rp, p, (size_t)(nl - p), &cg);
		p = nl + 1;
	}
	replay_release(&rp);
	cgpath_free(&cg);
}

/* A record as the kernel could have sent it, then through -j and back. */
static void record_mode(const uint8_t *data, size_t size)
{
	/* a host with every field, and one whose boot id is unknown (null keys) */
	static const struct host_ident hosts[2] = {
		{ "0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210",
		  "h\xff\x1b" },
		{ "", "", "" },
	};
	struct cgpath_cache cg;
	struct replay rp;
	struct strbuf line = STRBUF_INIT;
	struct decoded d;
	struct event *e;
	size_t n = size < sizeof(*e) ? sizeof(*e) : size;
	int64_t offset;

	e = calloc(1, n);
	if (!e)
		abort();
	memcpy(e, data, size);
	e->type = 1 + e->type % 3;
	if (e->type == EVENT_EXEC)
		e->retval = 0;
	else if (e->type == EVENT_EXEC_FAIL)
		e->retval = -1 - (int32_t)((uint32_t)e->retval % 4095);
	if (event_decode(&d, e, n)) {
		free(e);
		return;
	}
	/* bpf_probe_read_str() and the comm helpers always end a string with a NUL */
	if (e->fname_len)
		e->data[e->args_len + e->fname_len - 1] = '\0';
	e->comm[TASK_COMM_LEN - 1] = '\0';
	e->pcomm[TASK_COMM_LEN - 1] = '\0';
	e->tty[TTY_NAME_LEN - 1] = '\0';
	event_decode(&d, e, n);
	memset(&cg, 0, sizeof(cg));
	cg.mount_fd = -1;
	replay_init(&rp);
	/* the clock offset from the record's own bytes: any wall time */
	offset = (int64_t)(e->start_ns ^ e->utime_ns);
	json_line(&d, offset, &cg, &hosts[e->cpu & 1], &line);
	read_back(&rp, &line, &cg);
	sb_release(&line);
	replay_release(&rp);
	cgpath_free(&cg);
	free(e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	if (data[0] & 1)
		record_mode(data + 1, size - 1);
	else
		file_mode(data + 1, size - 1);
	return 0;
}
