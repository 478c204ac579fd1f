// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <string.h>
#include "container.h"

static bool is_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* Does the component c (n bytes) start with pre and end with suf? */
static bool framed(const char *c, size_t n, const char *pre, const char *suf, size_t *idlen)
{
	size_t p = strlen(pre), s = strlen(suf);

	if (n < p + s || memcmp(c, pre, p) || memcmp(c + n - s, suf, s))
		return false;
	*idlen = n - p - s;
	return true;
}

/*
 * The names runtimes give a container's cgroup: PREFIX + 64 hex digits +
 * SUFFIX (systemd driver: a scope unit; cgroupfs: no suffix). conmon's
 * scopes (crio-conmon-ID.scope, libpod-conmon-ID.scope) are the monitor,
 * not the container: their "ID" is not 64 hex digits after the prefix.
 */
static const struct {
	const char *prefix;
	const char *suffix;
	const char *runtime;
} scopes[] = {
	{ "docker-", ".scope", "docker" },
	{ "cri-containerd-", ".scope", "containerd" },
	{ "crio-", ".scope", "cri-o" },
	{ "libpod-", ".scope", "podman" },
	{ "libpod-", "", "podman" },		/* podman, cgroupfs driver */
};

/* A bare id (cgroupfs driver): its runtime from the component above. */
static const char *bare_runtime(const char *parent, size_t n)
{
	if (n == 6 && !memcmp(parent, "docker", 6))
		return "docker";
	return NULL;	/* e.g. kubepods/.../podUID/ID: any CRI runtime */
}

static bool container_component(const char *c, size_t n, const char *parent, size_t pn,
				struct container_info *ci)
{
	size_t i, idlen;

	for (i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++) {
		if (!framed(c, n, scopes[i].prefix, scopes[i].suffix, &idlen))
			continue;
		if (idlen != CONTAINER_ID_LEN || !is_hex(c + strlen(scopes[i].prefix), idlen))
			continue;
		memcpy(ci->id, c + strlen(scopes[i].prefix), CONTAINER_ID_LEN);
		ci->id[CONTAINER_ID_LEN] = '\0';
		ci->runtime = scopes[i].runtime;
		return true;
	}
	if (n == CONTAINER_ID_LEN && is_hex(c, n) && parent) {
		memcpy(ci->id, c, CONTAINER_ID_LEN);
		ci->id[CONTAINER_ID_LEN] = '\0';
		ci->runtime = bare_runtime(parent, pn);
		return true;
	}
	return false;
}

/*
 * A pod UID: a UUID with dashes (cgroupfs) or underscores (systemd)
 * between its groups, or 32 hex digits (a static pod's UID, a hash).
 */
static bool pod_uid(const char *s, size_t n, char out[POD_UID_LEN + 1])
{
	size_t i;

	if (n == 32 && is_hex(s, n)) {
		memcpy(out, s, n);
		out[n] = '\0';
		return true;
	}
	if (n != POD_UID_LEN)
		return false;
	for (i = 0; i < n; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-' && s[i] != '_')
				return false;
			out[i] = '-';
		} else if (is_hex(s + i, 1)) {
			out[i] = s[i];
		} else {
			return false;
		}
	}
	out[n] = '\0';
	return true;
}

/*
 * kubelet's pod cgroup, below a kubepods one: "podUID" (cgroupfs driver),
 * or "kubepods[-QOS]-podUID.slice" (systemd driver; "kubelet-kubepods-..."
 * with a cgroup root of /kubelet).
 */
static bool pod_component(const char *c, size_t n, struct container_info *ci)
{
	const char *p;
	size_t idlen;

	if (framed(c, n, "pod", "", &idlen))
		return pod_uid(c + 3, idlen, ci->pod_uid);
	if (!framed(c, n, "", ".slice", &idlen) || !memmem(c, n, "kubepods-", 9))
		return false;
	for (p = c + idlen; p > c + 4; p--)
		if (!memcmp(p - 4, "-pod", 4))
			return pod_uid(p, (size_t)(c + idlen - p), ci->pod_uid);
	return false;
}

bool container_parse(const char *path, struct container_info *ci)
{
	const char *c = path, *end, *parent = NULL;
	size_t n, pn = 0;
	bool in_kubepods = false;

	memset(ci, 0, sizeof(*ci));
	/* outermost first; an inner container (docker in docker) wins */
	for (; *c; c = *end ? end + 1 : end) {
		end = strchr(c, '/');
		if (!end)
			end = c + strlen(c);
		n = (size_t)(end - c);
		if (!n)
			continue;
		if (memmem(c, n, "kubepods", 8))
			in_kubepods = true;
		if (in_kubepods && !ci->pod_uid[0])
			pod_component(c, n, ci);
		container_component(c, n, parent, pn, ci);
		parent = c;
		pn = n;
	}
	return ci->id[0] || ci->pod_uid[0];
}
