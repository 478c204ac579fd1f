// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>
#include <linux/magic.h>
#include "cgpath.h"

#define FILEID_KERNFS 0xfe

const char *cgroup2_mount(void)
{
	static const char *const candidates[] = { "/sys/fs/cgroup/unified", "/sys/fs/cgroup" };
	struct statfs sfs;
	unsigned int i;

	for (i = 0; i < 2; i++)
		if (!statfs(candidates[i], &sfs) && sfs.f_type == CGROUP2_SUPER_MAGIC)
			return candidates[i];
	return NULL;
}

void cgpath_init(struct cgpath_cache *c)
{
	const char *m = cgroup2_mount();

	memset(c, 0, sizeof(*c));
	c->mount_fd = -1;
	if (!m)
		return;
	c->mount_fd = open(m, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	snprintf(c->prefix, sizeof(c->prefix), "%s", m);
	c->prefix_len = strlen(c->prefix);
}

/* A kernfs file handle is the cgroup id: open it, then ask /proc its path. */
static char *resolve(struct cgpath_cache *c, uint64_t id)
{
	struct {
		struct file_handle fh;
		uint64_t id;
	} h;
	char link[64], target[4096];
	ssize_t n;
	int fd;

	if (c->mount_fd < 0)
		return NULL;
	h.fh.handle_bytes = sizeof(uint64_t);
	h.fh.handle_type = FILEID_KERNFS;
	memcpy(h.fh.f_handle, &id, sizeof(id));
	fd = open_by_handle_at(c->mount_fd, &h.fh, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof(target) - 1);
	close(fd);
	if (n <= 0)
		return NULL;
	target[n] = '\0';
	if (strncmp(target, c->prefix, c->prefix_len))
		return NULL;
	return strdup(target[c->prefix_len] ? target + c->prefix_len : "/");
}

static size_t slot_of(uint64_t id)
{
	return (size_t)((id * 0x9e3779b97f4a7c15ull) >> 56) % CGPATH_SLOTS;
}

const char *cgpath_lookup(struct cgpath_cache *c, uint64_t id)
{
	size_t i = slot_of(id);

	if (!id)
		return NULL;
	if (c->slot[i].id != id) {
		free(c->slot[i].path);
		c->slot[i].id = id;
		c->slot[i].path = resolve(c, id);
		c->slot[i].has_container = c->slot[i].path &&
					   container_parse(c->slot[i].path, &c->slot[i].ct);
	}
	return c->slot[i].path;
}

const struct container_info *cgpath_container(struct cgpath_cache *c, uint64_t id)
{
	size_t i = slot_of(id);

	if (!cgpath_lookup(c, id))
		return NULL;
	return c->slot[i].has_container ? &c->slot[i].ct : NULL;
}

void cgpath_set(struct cgpath_cache *c, uint64_t id, const char *path)
{
	size_t i = slot_of(id);
	char *old = c->slot[i].path;

	if (c->slot[i].id == id && (old == path || (old && path && !strcmp(old, path))))
		return;		/* the common case: the same cgroup as before */
	c->slot[i].id = id;
	c->slot[i].path = path ? strdup(path) : NULL;
	c->slot[i].has_container = c->slot[i].path &&
				   container_parse(c->slot[i].path, &c->slot[i].ct);
	free(old);
}

void cgpath_free(struct cgpath_cache *c)
{
	unsigned int i;

	for (i = 0; i < CGPATH_SLOTS; i++)
		free(c->slot[i].path);
	if (c->mount_fd >= 0)
		close(c->mount_fd);
	c->mount_fd = -1;
}
