/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The container a cgroup v2 path names: the id and runtime that docker,
 * containerd (CRI), CRI-O and podman put in the cgroup names they make,
 * and the Kubernetes pod UID of kubelet's pod cgroups (systemd and
 * cgroupfs drivers). doc/execsnoop.8, CONTAINERS, lists the names.
 */
#ifndef EXECSNOOP_CONTAINER_H
#define EXECSNOOP_CONTAINER_H

#include <stdbool.h>
#include <stddef.h>

#define CONTAINER_ID_LEN	64	/* hex digits */
#define POD_UID_LEN		36	/* 8-4-4-4-12 */

struct container_info {
	const char *runtime;		/* "docker", ...; NULL: not told by the path */
	char id[CONTAINER_ID_LEN + 1];	/* "" when the path names no container */
	char pod_uid[POD_UID_LEN + 1];	/* "" when not in a Kubernetes pod */
};

/*
 * Reads the container of a cgroup path ("/system.slice/docker-ID.scope"):
 * the innermost component that names one. Returns whether it found a
 * container or a pod.
 */
bool container_parse(const char *path, struct container_info *ci);

#endif /* EXECSNOOP_CONTAINER_H */
