/* SPDX-License-Identifier: GPL-2.0 */
/* cgroup v2 id -> path below the cgroup v2 mount, resolved once and cached. */
#ifndef EXECSNOOP_CGPATH_H
#define EXECSNOOP_CGPATH_H

#include <stddef.h>
#include <stdint.h>
#include "container.h"

#define CGPATH_SLOTS 256

struct cgpath_cache {
	int mount_fd;			/* the cgroup v2 mount, -1 if none */
	size_t prefix_len;		/* length of its path */
	char prefix[256];
	struct {
		uint64_t id;
		char *path;		/* NULL: unknown */
		bool has_container;	/* ct holds a container or a pod */
		struct container_info ct;	/* parsed from path, once */
	} slot[CGPATH_SLOTS];
};

void cgpath_init(struct cgpath_cache *c);
/* The path ("/" for the root), or NULL when it cannot be resolved. */
const char *cgpath_lookup(struct cgpath_cache *c, uint64_t id);
/* The container (or pod) its path names, or NULL if none or unknown. */
const struct container_info *cgpath_container(struct cgpath_cache *c, uint64_t id);
void cgpath_free(struct cgpath_cache *c);
/*
 * Tells the cache id's path (NULL: unknown), for a replay: with no mount
 * (cgpath_init() not called) nothing else is resolved.
 */
void cgpath_set(struct cgpath_cache *c, uint64_t id, const char *path);

/* Where cgroup v2 is mounted: /sys/fs/cgroup/unified (hybrid) or /sys/fs/cgroup. */
const char *cgroup2_mount(void);

#endif
