// SPDX-License-Identifier: GPL-2.0
/*
 * The transport's pure parts (transport.c): what a raw perf buffer record
 * holds, and how many pages each CPU's perf buffer gets.
 */
#include <stdint.h>
#include "check.h"
#include "event.h"
#include "transport.h"

/* A raw record, 8-byte aligned as in the perf buffer. */
union rec {
	struct perf_event_header h;
	uint64_t u64[16];
	unsigned char bytes[128];
};

/* A PERF_RECORD_SAMPLE with PERF_SAMPLE_RAW: header, u32 size, the bytes. */
static void sample(union rec *r, uint16_t hsize, uint32_t raw_size)
{
	memset(r, 0, sizeof(*r));
	r->h.type = PERF_RECORD_SAMPLE;
	r->h.size = hsize;
	memcpy(r->bytes + sizeof(r->h), &raw_size, sizeof(raw_size));
	memcpy(r->bytes + sizeof(r->h) + 4, "hello, perf", 12);
}

static void record_parse(void)
{
	union rec r;
	const void *data = NULL;
	size_t size = 0;
	uint64_t lost = 0;
	enum perf_rec k;

	/* 8 + 4 + 12 bytes, padded to 8 as the kernel does: 28 -> 32 */
	sample(&r, 32, 12);
	k = perf_record_parse(&r.h, &data, &size, &lost);
	CHECK("perf-record/sample", k == PERF_REC_SAMPLE && size == 12 &&
	      data == r.bytes + 12 && !memcmp(data, "hello, perf", 12));
	/* the raw size may take every byte after its own field */
	sample(&r, 32, 20);
	CHECK("perf-record/sample-to-the-end",
	      perf_record_parse(&r.h, &data, &size, &lost) == PERF_REC_SAMPLE && size == 20);
	sample(&r, 12, 0);
	CHECK("perf-record/sample-empty",
	      perf_record_parse(&r.h, &data, &size, &lost) == PERF_REC_SAMPLE && size == 0);
	/* a raw size beyond the record */
	size = 77;
	sample(&r, 32, 21);
	CHECK("perf-record/sample-overrun",
	      perf_record_parse(&r.h, &data, &size, &lost) == PERF_REC_MALFORMED && size == 77);
	sample(&r, 32, 0xffffffffu);
	CHECK("perf-record/sample-size-huge",
	      perf_record_parse(&r.h, &data, &size, &lost) == PERF_REC_MALFORMED);
	/* no room for the size field itself */
	sample(&r, 11, 0);
	CHECK("perf-record/sample-short",
	      perf_record_parse(&r.h, &data, &size, &lost) == PERF_REC_MALFORMED);
	sample(&r, 8, 0);
	CHECK("perf-record/sample-header-only",
	      perf_record_parse(&r.h, &data, &size, &lost) == PERF_REC_MALFORMED);

	/* PERF_RECORD_LOST: header, u64 id, u64 lost */
	memset(&r, 0, sizeof(r));
	r.h.type = PERF_RECORD_LOST;
	r.h.size = 24;
	r.u64[1] = 5;		/* the id */
	r.u64[2] = 4242;
	k = perf_record_parse(&r.h, &data, &size, &lost);
	CHECK("perf-record/lost", k == PERF_REC_LOST && lost == 4242);
	lost = 1;
	r.h.size = 23;
	CHECK("perf-record/lost-short",
	      perf_record_parse(&r.h, &data, &size, &lost) == PERF_REC_MALFORMED && lost == 1);
	r.h.size = 16;
	CHECK("perf-record/lost-no-count",
	      perf_record_parse(&r.h, &data, &size, &lost) == PERF_REC_MALFORMED && lost == 1);

	/* anything else is passed over */
	memset(&r, 0, sizeof(r));
	r.h.type = PERF_RECORD_THROTTLE;
	r.h.size = 32;
	CHECK("perf-record/other",
	      perf_record_parse(&r.h, &data, &size, &lost) == PERF_REC_OTHER);
	r.h.type = PERF_RECORD_MMAP;
	r.h.size = 8;
	CHECK("perf-record/other-short",
	      perf_record_parse(&r.h, &data, &size, &lost) == PERF_REC_OTHER);
}

static bool power_of_two(size_t v)
{
	return v && !(v & (v - 1));
}

/*
 * For every combination: a power of two; at least two of the largest
 * records; and the total split over the CPUs: doubling would go past the
 * CPU's share, and above the share only as much as the two records need.
 */
static void pages_properties(void)
{
	static const unsigned int args[] = { ARGS_SIZE_MIN, 4096, ARGS_SIZE_DEFAULT,
					     ARGS_SIZE_MAX_PERF, ARGS_SIZE_MAX };
	static const size_t page[] = { 4096, 16384, 65536 };
	static const unsigned int ncpu[] = { 1, 2, 3, 4, 7, 64, 256, 1024 };
	unsigned int kib, a, p, c;
	bool pow2 = true, two = true, split = true, tight = true;

	for (kib = 64; kib <= 1024 * 1024; kib *= 2)
		for (a = 0; a < sizeof(args) / sizeof(args[0]); a++)
			for (p = 0; p < sizeof(page) / sizeof(page[0]); p++)
				for (c = 0; c < sizeof(ncpu) / sizeof(ncpu[0]); c++) {
					size_t n = perf_pages(kib, args[a], page[p], ncpu[c]);
					size_t rec2 = 2 * EVENT_MAX_SIZE(args[a]);
					size_t total = (size_t)kib * 1024;

					pow2 = pow2 && power_of_two(n);
					two = two && n * page[p] >= rec2;
					split = split && 2 * n * page[p] * ncpu[c] > total;
					tight = tight && (n * page[p] * ncpu[c] <= total ||
							  n / 2 * page[p] <= rec2);
				}
	CHECK("perf-pages/power-of-two", pow2);
	CHECK("perf-pages/two-records", two);
	CHECK("perf-pages/uses-share", split);
	CHECK("perf-pages/within-share", tight);
}

static void pages_values(void)
{
	/* 512 KiB of 4 KiB pages: 128 pages over the CPUs */
	CHECK("perf-pages/one-cpu", perf_pages(512, ARGS_SIZE_DEFAULT, 4096, 1) == 128);
	CHECK("perf-pages/four-cpus", perf_pages(512, ARGS_SIZE_DEFAULT, 4096, 4) == 32);
	/* 42 pages each is not a power of two: 32 */
	CHECK("perf-pages/three-cpus", perf_pages(512, ARGS_SIZE_DEFAULT, 4096, 3) == 32);
	/* many CPUs: the records decide; 2 * 45 KiB needs 23 pages, so 32 */
	CHECK("perf-pages/many-cpus", perf_pages(512, ARGS_SIZE_DEFAULT, 4096, 64) == 32 &&
	      2 * EVENT_MAX_SIZE(ARGS_SIZE_DEFAULT) > 16 * 4096);
	CHECK("perf-pages/big-args", perf_pages(4096, ARGS_SIZE_MAX, 4096, 64) == 1024);
	CHECK("perf-pages/no-share", perf_pages(64, ARGS_SIZE_MIN, 4096, 1024) == 8);
	CHECK("perf-pages/large-pages", perf_pages(512, ARGS_SIZE_DEFAULT, 65536, 8) == 2);
}

/* What perf_batch_flush handed on: each record's pid and size, in order. */
struct seen {
	uint32_t pid[8];
	size_t size[8];
	bool aligned;
	size_t n;
};

static void note(void *ctx, const void *data, size_t size)
{
	struct seen *s = ctx;
	struct event e = { 0 };

	s->aligned &= (uintptr_t)data % 8 == 0;
	memcpy(&e, data, size < sizeof(e) ? size : sizeof(e));
	if (s->n < 8) {
		s->pid[s->n] = e.pid;
		s->size[s->n] = size;
	}
	s->n++;
}

/* A record as a perf sample holds it: 4 bytes past an 8-byte boundary. */
static size_t batch_add_event(struct perf_batch *b, uint32_t pid, uint64_t ts, size_t size)
{
	static uint64_t raw[64];
	struct event e = { 0 };

	e.pid = pid;
	e.ts_ns = ts;
	memset(raw, 0xa5, sizeof(raw));
	memcpy((char *)raw + 4, &e, size < sizeof(e) ? size : sizeof(e));
	return perf_batch_add(b, (char *)raw + 4, size) ? 0 : size;
}

static void batch_order(void)
{
	struct perf_batch b = { 0 };
	struct seen s = { .aligned = true };
	size_t full = sizeof(struct event), i;
	bool ok = true;

	/* CPU 0's buffer, then CPU 1's: each in order, together not */
	batch_add_event(&b, 10, 300, full);
	batch_add_event(&b, 11, 500, full + 3);
	batch_add_event(&b, 20, 100, full);
	batch_add_event(&b, 21, 300, full);
	batch_add_event(&b, 22, 400, full);
	batch_add_event(&b, 99, 0, 6);	/* too short for a timestamp */
	perf_batch_flush(&b, note, &s);
	CHECK("perf-batch/by-time", s.n == 6 && s.pid[1] == 20 && s.pid[4] == 22 &&
	      s.pid[5] == 11 && s.size[5] == full + 3);
	CHECK("perf-batch/ties-as-they-came", s.n == 6 && s.pid[2] == 10 && s.pid[3] == 21);
	CHECK("perf-batch/short-first", s.n == 6 && s.size[0] == 6);
	CHECK("perf-batch/aligned", s.aligned);
	/* emptied: the next drain starts anew, in the space kept */
	s = (struct seen){ .aligned = true };
	for (i = 0; i < 100; i++)
		ok &= batch_add_event(&b, (uint32_t)(100 - i), 1000 - i, full) == full;
	perf_batch_flush(&b, note, &s);
	CHECK("perf-batch/emptied", ok && s.n == 100 && s.pid[0] == 1 && s.pid[7] == 8 &&
	      b.n == 0 && b.len == 0);
	s.n = 0;
	perf_batch_flush(&b, note, &s);
	CHECK("perf-batch/empty-flush", s.n == 0);
	perf_batch_free(&b);
}

void test_transport(void)
{
	batch_order();
	record_parse();
	pages_properties();
	pages_values();
}
