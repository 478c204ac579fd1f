// SPDX-License-Identifier: GPL-2.0
/*
 * The record decoder: arbitrary bytes as a kernel record, as both
 * transports hand them over.
 *
 * Ring buffer: the bytes are the record (8-byte aligned, as the ring
 * buffer's records are), straight into event_decode(). Perf buffer: the
 * same bytes are a raw perf record, struct perf_event_header first (8-byte
 * aligned, as in the perf buffer); perf_record_parse() takes it apart and a
 * sample is decoded from an 8-byte aligned copy, as the transport's
 * callback does (a sample's bytes start 12 bytes into the record: struct
 * event, with its __u64 fields, cannot be read where it lies).
 *
 * Each buffer is allocated at its exact size, so that ASan sees a read past
 * the record. A decoded view is then checked against its record and walked
 * the way the sinks walk it (arguments, both paths, the exit status).
 */
#include <stdlib.h>
#include <string.h>
#include "decode.h"
#include "fuzz_util.h"
#include "transport.h"

static bool inside(const void *p, size_t n, const void *base, size_t size)
{
	const char *c = p, *b = base;

	return c >= b && c <= b + size && n <= (size_t)(b + size - c);
}

/* Components: each ends in a NUL, and path_join() joins them. */
static void walk_path(const char *comps, size_t len, bool trunc, struct strbuf *sb)
{
	size_t before = sb->len;

	FUZZ_ASSERT(!len || comps[len - 1] == '\0', comps, len);
	path_join(sb, comps, len, trunc);
	/* "..." if cut; each component with its '/': as long as the bytes; or "/" */
	FUZZ_ASSERT(sb->len - before == (trunc ? 3 : 0) + (len || trunc ? len : 1), sb->buf,
		    sb->len);
	if (trunc)
		FUZZ_ASSERT(!memcmp(sb->buf + before, "...", 3), sb->buf, sb->len);
	if (len || !trunc)
		FUZZ_ASSERT(sb->buf[before + (trunc ? 3 : 0)] == '/', sb->buf, sb->len);
}

static void check_decoded(const struct decoded *d, const void *rec, size_t size)
{
	const struct event *e = d->e;
	struct arg_iter it = args_of(d);
	struct strbuf sb = STRBUF_INIT;
	const char *a;
	size_t n, seen = 0, nargs = 0;
	struct exit_info x;

	FUZZ_ASSERT((const void *)e == rec, rec, size);
	FUZZ_ASSERT(inside(d->args, d->args_len, rec, size), rec, size);
	FUZZ_ASSERT(inside(d->fname, d->fname_len, rec, size), rec, size);
	FUZZ_ASSERT(inside(d->cwd, d->cwd_len, rec, size), rec, size);
	FUZZ_ASSERT(inside(d->exe, d->exe_len, rec, size), rec, size);
	FUZZ_ASSERT(d->args_len == e->args_len && d->cwd_len == e->cwd_len &&
		    d->exe_len == e->exe_len && d->fname_len <= e->fname_len, rec, size);
	/* the parts follow each other, in the record's order */
	FUZZ_ASSERT(d->args == e->data && d->fname == d->args + d->args_len &&
		    d->cwd == d->fname + e->fname_len && d->exe == d->cwd + d->cwd_len, rec, size);
	FUZZ_ASSERT(!memchr(d->fname, '\0', d->fname_len), d->fname, d->fname_len);
	FUZZ_ASSERT(d->fname_len == e->fname_len || d->fname[d->fname_len] == '\0', rec, size);
	FUZZ_ASSERT(strlen(d->comm) <= TASK_COMM_LEN && strlen(d->pcomm) <= TASK_COMM_LEN &&
		    strlen(d->tty) < sizeof(d->tty), rec, size);

	/* every argument inside args_len, every byte covered once */
	while (next_arg(&it, &a, &n)) {
		FUZZ_ASSERT(inside(a, n, d->args, d->args_len), a, n);
		FUZZ_ASSERT(!memchr(a, '\0', n), a, n);
		seen += n + 1;
		nargs++;
		FUZZ_ASSERT(nargs <= d->args_len, rec, size);
	}
	FUZZ_ASSERT(seen == d->args_len || seen == d->args_len + 1, rec, size);

	walk_path(d->cwd, d->cwd_len, e->flags & EVF_CWD_TRUNC, &sb);
	walk_path(d->exe, d->exe_len, e->flags & EVF_EXE_TRUNC, &sb);

	x = exit_info(e->exit_status);
	FUZZ_ASSERT(x.sig ? x.code == -1 : (x.code >= 0 && x.code <= 255 && !x.core), rec, size);
	sb_reset(&sb);
	if (sb_add_signame(&sb, x.sig))
		FUZZ_ASSERT(sb.len > 3 && !memcmp(sb.buf, "SIG", 3), sb.buf, sb.len);
	(void)exit_lifetime_ns(e);
	sb_release(&sb);
}

/* As the ring buffer hands a record over. */
static void decode_ring(const uint8_t *data, size_t size)
{
	struct decoded d;
	void *rec = malloc(size ? size : 1);

	if (!rec)
		abort();
	memcpy(rec, data, size);
	if (!event_decode(&d, rec, size))
		check_decoded(&d, rec, size);
	free(rec);
}

/* As the perf buffer hands a raw record over: h->size bytes of it. */
static void decode_perf(const uint8_t *data, size_t size)
{
	struct perf_event_header h;
	const void *sample = NULL;
	size_t len, sample_size = 0;
	uint64_t lost = 0;
	struct decoded d;
	void *rec;

	if (size < sizeof(h))
		return;
	memcpy(&h, data, sizeof(h));
	/* a record is at least its header, and all its h.size bytes are there */
	if (h.size < sizeof(h) || h.size > size)
		h.size = (__u16)(size > 0xffff ? 0xffff : size);
	len = h.size;
	rec = malloc(len);
	if (!rec)
		abort();
	memcpy(rec, data, len);
	memcpy(rec, &h, sizeof(h));
	switch (perf_record_parse(rec, &sample, &sample_size, &lost)) {
	case PERF_REC_SAMPLE:
		FUZZ_ASSERT(h.type == PERF_RECORD_SAMPLE, rec, len);
		FUZZ_ASSERT(inside(sample, sample_size, rec, len), rec, len);
		{
			void *copy = malloc(sample_size ? sample_size : 1);

			if (!copy)
				abort();
			memcpy(copy, sample, sample_size);
			if (!event_decode(&d, copy, sample_size))
				check_decoded(&d, copy, sample_size);
			free(copy);
		}
		break;
	case PERF_REC_LOST:
		FUZZ_ASSERT(h.type == PERF_RECORD_LOST && len >= sizeof(h) + 16, rec, len);
		FUZZ_ASSERT(!memcmp(&lost, (char *)rec + sizeof(h) + 8, 8), rec, len);
		break;
	case PERF_REC_MALFORMED:
		FUZZ_ASSERT(h.type == PERF_RECORD_SAMPLE || h.type == PERF_RECORD_LOST, rec, len);
		break;
	case PERF_REC_OTHER:
		FUZZ_ASSERT(h.type != PERF_RECORD_SAMPLE && h.type != PERF_RECORD_LOST, rec, len);
		break;
	default:
		FUZZ_ASSERT(!"perf_record_parse() returned no enum perf_rec value", rec, len);
	}
	free(rec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	decode_ring(data, size);
	decode_perf(data, size);
	return 0;
}
