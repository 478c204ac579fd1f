// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stddef.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "event.h"
#include "transport.h"

/* The largest perf sample's data: its size is a 16-bit field. */
#define PERF_SAMPLE_MAX_SIZE	65536

/*
 * The ring buffer, read by hand: its consumer position (ours to write),
 * then its producer position and data (read-only), each page mapped once.
 * libbpf maps the data twice in a row so that a record running past the
 * end is contiguous, which doubles the tool's resident pages for the sake
 * of those rare records; they are copied here instead.
 */
struct ring {
	int fd;
	size_t page;
	unsigned long *consumer;	/* mapped read-write, one page */
	void *prod_map;			/* mapped read-only: producer page, data */
	const unsigned long *producer;
	const uint8_t *data;
	size_t mask;			/* data size - 1 (a power of two) */
	void *wrapped;			/* a record that ran past the end, copied */
	size_t wrapped_cap;
};

struct transport {
	struct ring *rb;
	struct perf_buffer *pb;
	record_fn fn;
	void *ctx;
	struct perf_batch batch;	/* perf: the records of this drain */
	void *aligned;		/* perf: a record copied to where struct event may be read */
	uint64_t lost;
	uint64_t malformed;
};

enum transport_kind transport_choose(enum transport_kind wanted, bool have_ringbuf)
{
	if (wanted != TRANSPORT_AUTO)
		return wanted;
	return have_ringbuf ? TRANSPORT_RING : TRANSPORT_PERF;
}

int transport_prepare(struct bpf_map *events, enum transport_kind kind, unsigned int buffer_kib)
{
	int ncpu;

	if (kind == TRANSPORT_RING)
		return bpf_map__set_max_entries(events, buffer_kib * 1024);
	ncpu = libbpf_num_possible_cpus();
	if (ncpu <= 0)
		return ncpu ? ncpu : -EINVAL;
	/* one perf event per CPU, opened by perf_buffer__new_raw() */
	return bpf_map__set_type(events, BPF_MAP_TYPE_PERF_EVENT_ARRAY) ||
	       bpf_map__set_key_size(events, sizeof(__u32)) ||
	       bpf_map__set_value_size(events, sizeof(__u32)) ||
	       bpf_map__set_max_entries(events, (__u32)ncpu) ? -EINVAL : 0;
}

static void ring_free(struct ring *r)
{
	if (!r)
		return;
	if (r->consumer)
		munmap(r->consumer, r->page);
	if (r->prod_map)
		munmap(r->prod_map, r->page + r->mask + 1);
	free(r->wrapped);
	free(r);
}

static struct ring *ring_open(int fd, size_t size)
{
	struct ring *r = calloc(1, sizeof(*r));
	void *m;
	int err;

	if (!r)
		return NULL;
	r->fd = fd;
	r->page = (size_t)getpagesize();
	r->mask = size - 1;
	m = mmap(NULL, r->page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		goto fail;
	r->consumer = m;
	m = mmap(NULL, r->page + size, PROT_READ, MAP_SHARED, fd, (off_t)r->page);
	if (m == MAP_FAILED)
		goto fail;
	r->prod_map = m;
	r->producer = m;
	r->data = (const uint8_t *)m + r->page;
	return r;
fail:
	err = errno;
	ring_free(r);
	errno = err;
	return NULL;
}

/*
 * *data: a record's data at position pos, copied if it runs past the end.
 * False if there is no memory for the copy.
 */
static bool ring_record(struct ring *r, unsigned long pos, size_t len, const void **data)
{
	size_t off = pos & r->mask, first = r->mask + 1 - off;
	uint8_t *p;

	if (len <= first) {
		*data = r->data + off;
		return true;
	}
	p = r->wrapped;
	if (!p || len > r->wrapped_cap) {
		p = realloc(p, len);
		if (!p)
			return false;
		r->wrapped = p;
		r->wrapped_cap = len;
	}
	memcpy(p, r->data + off, first);
	memcpy(p + first, r->data, len - first);
	*data = p;
	return true;
}

/*
 * Hands over every committed record, in order, freeing its space as it
 * goes; stops at the first one still being written. The number handed
 * over.
 */
static int ring_consume(struct transport *t)
{
	struct ring *r = t->rb;
	unsigned long cons = __atomic_load_n(r->consumer, __ATOMIC_RELAXED), prod;
	int n = 0;

	while (cons < (prod = __atomic_load_n(r->producer, __ATOMIC_ACQUIRE))) {
		do {
			const uint32_t *hdr = (const uint32_t *)(r->data + (cons & r->mask));
			uint32_t len = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);
			bool discarded = len & BPF_RINGBUF_DISCARD_BIT;
			size_t size;

			if (len & BPF_RINGBUF_BUSY_BIT)
				return n;
			len &= ~(uint32_t)BPF_RINGBUF_DISCARD_BIT;
			size = ((size_t)len + BPF_RINGBUF_HDR_SZ + 7) & ~(size_t)7;
			if (size > prod - cons) {
				/* not what a kernel writes: skip what is there */
				t->malformed++;
				cons = prod;
			} else {
				if (!discarded) {
					const void *data;

					if (ring_record(r, cons + BPF_RINGBUF_HDR_SZ, len, &data))
						t->fn(t->ctx, data, len);
					else
						t->malformed++;
					n++;
				}
				cons += size;
			}
			__atomic_store_n(r->consumer, cons, __ATOMIC_RELEASE);
		} while (cons < prod);
	}
	return n;
}

static int ring_poll(struct transport *t, int timeout_ms)
{
	struct pollfd p = { .fd = t->rb->fd, .events = POLLIN };

	return poll(&p, 1, timeout_ms) < 0 ? -errno : 0;
}

enum perf_rec perf_record_parse(const struct perf_event_header *h, const void **data,
				size_t *size, uint64_t *lost)
{
	if (h->type == PERF_RECORD_SAMPLE) {
		const __u32 *n = (const __u32 *)(h + 1);

		if (h->size < sizeof(*h) + sizeof(__u32) ||
		    *n > h->size - sizeof(*h) - sizeof(__u32))
			return PERF_REC_MALFORMED;
		*data = n + 1;
		*size = *n;
		return PERF_REC_SAMPLE;
	}
	if (h->type == PERF_RECORD_LOST) {
		const __u64 *v = (const __u64 *)(h + 1);

		if (h->size < sizeof(*h) + 2 * sizeof(__u64))
			return PERF_REC_MALFORMED;
		*lost = v[1];	/* after the event id */
		return PERF_REC_LOST;
	}
	return PERF_REC_OTHER;
}

static size_t align8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

/* Grows *p to hold at least need items of size each: 0, or -1. */
static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 16;
	void *q;

	while (n < need)
		n *= 2;
	if (n == *cap)
		return 0;
	q = realloc(*p, n * size);
	if (!q)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

int perf_batch_add(struct perf_batch *b, const void *data, size_t size)
{
	size_t off = align8(b->len);
	struct perf_batch_rec *r;

	if (grow((void **)&b->buf, &b->cap, off + size, 1) ||
	    grow((void **)&b->recs, &b->recs_cap, b->n + 1, sizeof(*b->recs)))
		return -1;
	memcpy(b->buf + off, data, size);
	b->len = off + size;
	r = &b->recs[b->n++];
	r->off = off;
	r->size = size;
	/* too short to hold one: first, and the decoder will say it is malformed */
	r->ts_ns = 0;
	if (size >= offsetof(struct event, ts_ns) + sizeof(r->ts_ns))
		memcpy(&r->ts_ns, (const uint8_t *)data + offsetof(struct event, ts_ns),
		       sizeof(r->ts_ns));
	return 0;
}

static int by_time(const void *a, const void *b)
{
	const struct perf_batch_rec *x = a, *y = b;

	if (x->ts_ns != y->ts_ns)
		return x->ts_ns < y->ts_ns ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

void perf_batch_flush(struct perf_batch *b, record_fn fn, void *ctx)
{
	size_t i;

	if (b->n > 1)
		qsort(b->recs, b->n, sizeof(*b->recs), by_time);
	for (i = 0; i < b->n; i++)
		fn(ctx, b->buf + b->recs[i].off, b->recs[i].size);
	b->n = 0;
	b->len = 0;
}

void perf_batch_free(struct perf_batch *b)
{
	free(b->buf);
	free(b->recs);
	memset(b, 0, sizeof(*b));
}

/*
 * Perf buffer records, read raw so that the buffer can have a wakeup
 * watermark (libbpf's simple interface wakes the reader for every event).
 * Samples wait in the batch until the drain ends.
 */
static enum bpf_perf_event_ret on_perf_record(void *ctx, int cpu, struct perf_event_header *h)
{
	struct transport *t = ctx;
	const void *data;
	size_t size;
	uint64_t lost;

	(void)cpu;
	switch (perf_record_parse(h, &data, &size, &lost)) {
	case PERF_REC_SAMPLE:
		if (!perf_batch_add(&t->batch, data, size))
			break;
		/*
		 * No memory to hold it: handed on now, out of order rather than
		 * lost. A sample's data follows its 8-byte header and 4-byte
		 * size, so it is never 8-byte aligned, as struct event must be.
		 */
		if ((uintptr_t)data % 8 && size <= PERF_SAMPLE_MAX_SIZE) {
			memcpy(t->aligned, data, size);
			data = t->aligned;
		} else if ((uintptr_t)data % 8) {
			t->malformed++;
			break;
		}
		t->fn(t->ctx, data, size);
		break;
	case PERF_REC_LOST:
		t->lost += lost;
		break;
	case PERF_REC_MALFORMED:
		t->malformed++;
		break;
	default:
		break;
	}
	return LIBBPF_PERF_EVENT_CONT;
}

size_t perf_pages(unsigned int buffer_kib, unsigned int args_size, size_t page_size,
		  unsigned int ncpu)
{
	size_t per_cpu = (size_t)buffer_kib * 1024 / page_size / ncpu;
	size_t need = 2 * EVENT_MAX_SIZE(args_size) / page_size + 1;
	size_t pages = 1;

	while (pages * 2 <= per_cpu || pages < need)
		pages *= 2;
	return pages;
}

static struct perf_buffer *open_perf(struct transport *t, int fd, unsigned int buffer_kib,
				     unsigned int args_size)
{
	size_t page = (size_t)getpagesize();
	int ncpu = libbpf_num_possible_cpus();
	size_t pages;
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE,
		.config = PERF_COUNT_SW_BPF_OUTPUT,
		.sample_type = PERF_SAMPLE_RAW,
		.sample_period = 1,
		.watermark = 1,
	};

	if (ncpu <= 0) {
		errno = ncpu ? -ncpu : EINVAL;
		return NULL;
	}
	pages = perf_pages(buffer_kib, args_size, page, (unsigned int)ncpu);
	/* wake the reader at 1/16 full; the poll loop drains it anyway */
	attr.wakeup_watermark = (__u32)(pages * page / 16);
	attr.size = sizeof(attr);
	return perf_buffer__new_raw(fd, pages, &attr, on_perf_record, t, NULL);
}

struct transport *transport_open(struct bpf_map *events, enum transport_kind kind,
				 unsigned int buffer_kib, unsigned int args_size,
				 record_fn fn, void *ctx)
{
	struct transport *t = calloc(1, sizeof(*t));
	int fd = bpf_map__fd(events);

	if (!t)
		return NULL;
	t->fn = fn;
	t->ctx = ctx;
	if (kind == TRANSPORT_RING) {
		t->rb = ring_open(fd, bpf_map__max_entries(events));
	} else {
		/* malloc's alignment (16) is enough for struct event */
		t->aligned = malloc(PERF_SAMPLE_MAX_SIZE);
		if (t->aligned)
			t->pb = open_perf(t, fd, buffer_kib, args_size);
	}
	if (!t->rb && !t->pb) {
		int err = errno;

		free(t->aligned);
		free(t);
		errno = err;
		return NULL;
	}
	return t;
}

int transport_drain(struct transport *t)
{
	int err;

	if (t->rb)
		return ring_consume(t);
	err = perf_buffer__consume(t->pb);
	perf_batch_flush(&t->batch, t->fn, t->ctx);
	return err;
}

/*
 * The BPF side wakes us only when the buffer fills up, so a timeout must
 * drain too.
 */
int transport_poll(struct transport *t, int timeout_ms)
{
	int err = t->rb ? ring_poll(t, timeout_ms) : perf_buffer__poll(t->pb, timeout_ms);

	return err < 0 ? err : transport_drain(t);
}

uint64_t transport_lost(const struct transport *t)
{
	return t->lost;
}

uint64_t transport_malformed(const struct transport *t)
{
	return t->malformed;
}

void transport_free(struct transport *t)
{
	if (!t)
		return;
	ring_free(t->rb);
	perf_buffer__free(t->pb);
	perf_batch_free(&t->batch);
	free(t->aligned);
	free(t);
}
