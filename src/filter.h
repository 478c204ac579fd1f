/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space filters: the ones the kernel cannot do (-n and -l are regular
 * expressions). The in-kernel filters (-u, -P, -p, -c, --mntns, the pinned
 * maps) have already run; on a replay (--from) -u, -P and --mntns are
 * applied here instead, as the kernel would have. An exit line is shown
 * when the exec of that process was: the set of shown pids keeps the two
 * together.
 */
#ifndef EXECSNOOP_FILTER_H
#define EXECSNOOP_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "cgpath.h"
#include "decode.h"
#include "options.h"
#include "strbuf.h"

#define SHOWN_SLOTS 131072	/* twice the live processes -e remembers */


struct filter {
	const struct options *opts;
	bool active;		/* any user-space filter given */
	bool by_exec;		/* -n, -l, --exclude-*: filters only an exec can pass */
	bool replay;		/* --from: -u, -P and --mntns are applied here */
	bool follow_exits;	/* keep the pids shown, for their exit lines */
	struct cgpath_cache *cgroups;	/* for --container-id (not owned) */
	size_t prefix_len;	/* of --container-id */
	struct strbuf scratch;	/* the joined arguments for -l */
	struct strbuf exe;	/* the joined exe path for --exclude-exe */
	uint32_t *shown;	/* open addressing, 0 = free */
	size_t shown_count;
	uint64_t dropped;	/* events not passed */
	uint64_t rate_second;	/* --rate-limit: the second counted (ts_ns / 1e9) */
	uint64_t rate_count;	/* events passed in it */
	uint64_t rate_count_prev; /* in the second before it (late events) */
	uint64_t rate_limited;	/* events over the limit */
};

void filter_init(struct filter *f, const struct options *o);
void filter_release(struct filter *f);

/*
 * Whether the event is shown; counts the ones that are not (filtered, or
 * over --rate-limit).
 */
bool filter_pass(struct filter *f, const struct decoded *d);
/*
 * Whether the filters let the event through, counting nothing and ignoring
 * --rate-limit: for the ends kept for the run table only.
 */
bool filter_wanted(struct filter *f, const struct decoded *d);
/* Whether an exec matches every user-space filter (-n, -l; on replay -u, -P, --mntns). */
bool filter_matches(struct filter *f, const struct decoded *d);

#endif /* EXECSNOOP_FILTER_H */
