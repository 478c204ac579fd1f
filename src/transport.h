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
 * Pages per CPU for the perf buffer: the total split over the CPUs, a
 * power of two, and at least two of the largest records.
 */
size_t perf_pages(unsigned int buffer_kib, unsigned int args_size, size_t page_size,
		  unsigned int ncpu);

#endif /* EXECSNOOP_TRANSPORT_H */
