/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sinks: what an event looks like to the reader. Text (bcc's columns) and
 * JSON Lines are peers behind one small table of operations, chosen once.
 */
#ifndef EXECSNOOP_SINK_H
#define EXECSNOOP_SINK_H

#include <stdbool.h>
#include <stdint.h>
#include "cgpath.h"
#include "decode.h"
#include "ident.h"
#include "options.h"
#include "report.h"
#include "strbuf.h"

#define DEPTH_SLOTS	65536
#define TEXT_COLUMNS_MAX 32

/* The counts of one run, as both sinks report them at the end. */
struct summary {
	uint64_t received;
	uint64_t printed;
	uint64_t lost;
	uint64_t filtered_kernel;
	uint64_t filtered_user;
	uint64_t rate_limited;	/* events over --rate-limit */
	uint64_t malformed;
	uint64_t tree_full;
	uint64_t exit_untracked;
	uint64_t unwritten;	/* events lost to a write error */
	double duration_s;
	/*
	 * --from: filtered_kernel counts what the recording filtered (in the
	 * kernel or by its -n/-l), filtered_user what the replay did.
	 */
	bool replay;
};

struct sink;
struct text_column;

struct sink_ops {
	void (*init)(struct sink *s);
	void (*release)(struct sink *s);
	/* the host changed: what every event repeats of it, into out */
	void (*host)(struct sink *s, struct strbuf *out);
	/* before the first event (the text column titles) */
	void (*header)(struct sink *s, struct strbuf *out);
	void (*event)(struct sink *s, const struct decoded *d, struct strbuf *out);
	/* the counts at the end: for the output, and for standard error */
	void (*summary)(struct sink *s, const struct summary *sum, struct strbuf *out,
			struct strbuf *diag);
	/* the end-of-run report (--report), after the summary */
	void (*report)(struct sink *s, const struct report *r, struct strbuf *out);
};

extern const struct sink_ops text_sink;
extern const struct sink_ops json_sink;

struct sink {
	const struct sink_ops *ops;
	const struct options *opts;
	uint64_t start_ns;		/* monotonic ns at start, for -t */
	int64_t realtime_offset_ns;	/* CLOCK_REALTIME - CLOCK_MONOTONIC */
	struct cgpath_cache *cgroups;	/* cgroup id -> path, or NULL (not owned) */
	const struct host_ident *host;	/* for keys and host fields, or NULL (not owned) */
	struct strbuf host_json;	/* JSON: the host fields, formatted once */
	struct strbuf scratch;		/* a path being joined */
	uint64_t page_size;		/* the kernel counts RSS in pages */
	/* text: the columns shown, in order */
	const struct text_column *cols[TEXT_COLUMNS_MAX];
	size_t ncols;
	int64_t cached_sec;		/* last second formatted for -T */
	char cached_hms[9];
	/* text --tree without -p: depth of recently exec'd pids (pid -> depth+1) */
	struct depth_slot {
		uint32_t pid;
		uint32_t depth1;
	} *depths;
};

/*
 * Chooses the sink for the options; the clocks are those of the start;
 * cgroups (may be NULL: ids are shown as numbers) stays the caller's.
 */
void sink_init(struct sink *s, const struct options *o, uint64_t start_ns,
	       int64_t realtime_offset_ns, struct cgpath_cache *cgroups);
/* The same with the sink's operations given (--journal: JSON for the fields). */
void sink_init_ops(struct sink *s, const struct sink_ops *ops, const struct options *o,
		   uint64_t start_ns, int64_t realtime_offset_ns, struct cgpath_cache *cgroups);
void sink_release(struct sink *s);
/* The host whose boot id makes the process keys (NULL: keys are null). */
void sink_set_host(struct sink *s, const struct host_ident *host);

static inline void sink_header(struct sink *s, struct strbuf *out)
{
	if (s->ops->header)
		s->ops->header(s, out);
}

static inline void sink_event(struct sink *s, const struct decoded *d, struct strbuf *out)
{
	s->ops->event(s, d, out);
}

static inline void sink_summary(struct sink *s, const struct summary *sum,
				struct strbuf *out, struct strbuf *diag)
{
	s->ops->summary(s, sum, out, diag);
}

static inline void sink_report(struct sink *s, const struct report *r, struct strbuf *out)
{
	s->ops->report(s, r, out);
}

/* The one-line text summary ("execsnoop: N events, ..."), for either sink. */
void summary_text(const struct summary *sum, struct strbuf *out);

#endif /* EXECSNOOP_SINK_H */
