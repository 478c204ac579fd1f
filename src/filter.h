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
#include "decode.h"
#include "options.h"
#include "strbuf.h"

#define SHOWN_SLOTS 131072	/* twice the live processes -e remembers */

/* The options that filter here, as the summary names them. */
#define FILTER_USER_OPTIONS "-n/-l"

struct filter {
	const struct options *opts;
	bool active;		/* any user-space filter given */
	bool replay;		/* --from: -u, -P and --mntns are applied here */
	bool follow_exits;	/* keep the pids shown, for their exit lines */
	struct strbuf scratch;	/* the joined arguments for -l */
	uint32_t *shown;	/* open addressing, 0 = free */
	size_t shown_count;
	uint64_t dropped;	/* events not passed */
};

void filter_init(struct filter *f, const struct options *o);
void filter_release(struct filter *f);

/* Whether the event is shown; counts the ones that are not. */
bool filter_pass(struct filter *f, const struct decoded *d);
/* Whether an exec matches every user-space filter (-n, -l; on replay -u, -P, --mntns). */
bool filter_matches(struct filter *f, const struct decoded *d);

#endif /* EXECSNOOP_FILTER_H */
