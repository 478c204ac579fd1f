/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The transport: how records travel from the BPF programs to user space,
 * a ring buffer (one for all CPUs, in order) or, where the kernel has none,
 * a perf buffer (one per CPU). One interface: prepare before load, open,
 * poll, drain, losses, free.
 */
#ifndef EXECSNOOP_TRANSPORT_H
#define EXECSNOOP_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/perf_event.h>
#include "options.h"

struct bpf_map;
struct transport;

/* Called for each record; data is valid only during the call. */
typedef void (*record_fn)(void *ctx, const void *data, size_t size);

/* TRANSPORT_AUTO becomes the ring buffer if the kernel has one, else perf. */
enum transport_kind transport_choose(enum transport_kind wanted, bool have_ringbuf);

/* Before load: gives the events map the type and size of the transport. */
int transport_prepare(struct bpf_map *events, enum transport_kind kind, unsigned int buffer_kib);

/* After load: the reader of the events map. NULL with errno on failure. */
struct transport *transport_open(struct bpf_map *events, enum transport_kind kind,
				 unsigned int buffer_kib, unsigned int args_size,
				 record_fn fn, void *ctx);
/* Waits up to timeout_ms for a wakeup, then drains: < 0 is -errno. */
int transport_poll(struct transport *t, int timeout_ms);
/* Reads what is there now, without waiting. */
int transport_drain(struct transport *t);
/* Records the kernel could not hand over (perf: it counts them itself). */
uint64_t transport_lost(const struct transport *t);
/* Records whose framing was wrong. */
uint64_t transport_malformed(const struct transport *t);
void transport_free(struct transport *t);

/* The two parts below are exposed for the unit tests. */

/* What one raw perf buffer record holds. */
enum perf_rec {
	PERF_REC_SAMPLE,	/* *data, *size: the record the BPF program output */
	PERF_REC_LOST,		/* *lost: samples the kernel dropped */
	PERF_REC_MALFORMED,
	PERF_REC_OTHER,
};

enum perf_rec perf_record_parse(const struct perf_event_header *h, const void **data,
				size_t *size, uint64_t *lost);

/*
 * The perf buffer's records of one drain, handed on in the order of their
 * timestamps: each CPU's buffer is in order, but the buffers are read one
 * after another, so a process's exit on one CPU would come before its exec
 * on another. Each record is copied once (it has to be for alignment
 * anyway), into space kept for the next drain: at most what the buffers
 * hold.
 */
struct perf_batch_rec {
	uint64_t ts_ns;
	size_t off;		/* in buf, 8-byte aligned; in the order of arrival */
	size_t size;
};

struct perf_batch {
	uint8_t *buf;
	size_t len, cap;
	struct perf_batch_rec *recs;
	size_t n, recs_cap;
};

/* Copies a record in: 0, or -1 (ENOMEM) with nothing added. */
int perf_batch_add(struct perf_batch *b, const void *data, size_t size);
/* Calls fn for each record, the earliest first (equal ones as they came), and empties b. */
void perf_batch_flush(struct perf_batch *b, record_fn fn, void *ctx);
void perf_batch_free(struct perf_batch *b);

/*
 * Pages per CPU for the perf buffer: the total split over the CPUs, a
 * power of two, and at least two of the largest records.
 */
size_t perf_pages(unsigned int buffer_kib, unsigned int args_size, size_t page_size,
		  unsigned int ncpu);

#endif /* EXECSNOOP_TRANSPORT_H */
