// SPDX-License-Identifier: GPL-2.0
/*
 * Containers from cgroup paths (container.c), named exactly as docker,
 * containerd's CRI plugin, CRI-O, podman and kubelet name their cgroups.
 */
#include "check.h"
#include "container.h"

#define ID_A "4f797c539e6c745de61a93ca3ff892358ecbcaccd8414d5db545c38428142970"
#define ID_B "c40dff48f1d53c3f07a50aa12bb9ae0e58c0927dc6b1d77e3f166784722642ad"
#define UID_ "6553a60b_2b97_442a_b6da_a5704d81dd98"
#define UID "6553a60b-2b97-442a-b6da-a5704d81dd98"

static void one(const char *path, const char *id, const char *runtime, const char *pod)
{
	struct container_info ci;
	char name[512];
	bool found = container_parse(path, &ci);

	snprintf(name, sizeof(name), "container %s", path);
	CHECK(name, found == (*id || *pod) && !strcmp(ci.id, id) && !strcmp(ci.pod_uid, pod) &&
		    (runtime ? ci.runtime && !strcmp(ci.runtime, runtime) : !ci.runtime));
}

void test_container(void)
{
	/* docker: systemd cgroup driver, cgroupfs driver, docker in docker */
	one("/system.slice/docker-" ID_A ".scope", ID_A, "docker", "");
	one("/docker/" ID_A, ID_A, "docker", "");
	one("/system.slice/docker-" ID_A ".scope/docker/" ID_B, ID_B, "docker", "");
	/* podman: rootful, rootless, crun's "container" child, cgroupfs, conmon */
	one("/machine.slice/libpod-" ID_A ".scope", ID_A, "podman", "");
	one("/machine.slice/libpod-" ID_A ".scope/container", ID_A, "podman", "");
	one("/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" ID_A ".scope",
	    ID_A, "podman", "");
	one("/libpod_parent/libpod-" ID_A, ID_A, "podman", "");
	one("/machine.slice/libpod-conmon-" ID_A ".scope", "", NULL, "");
	/* Kubernetes, systemd driver: containerd, CRI-O, cri-dockerd, QoS classes */
	one("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_
	    ".slice/cri-containerd-" ID_B ".scope", ID_B, "containerd", UID);
	one("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" UID_
	    ".slice/crio-" ID_B ".scope", ID_B, "cri-o", UID);
	one("/kubepods.slice/kubepods-pod" UID_ ".slice/crio-" ID_B ".scope", ID_B, "cri-o", UID);
	one("/kubepods.slice/kubepods-pod" UID_ ".slice/crio-conmon-" ID_B ".scope", "", NULL,
	    UID);
	one("/kubepods.slice/kubepods-pod" UID_ ".slice/docker-" ID_B ".scope", ID_B, "docker",
	    UID);
	one("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" UID_ ".slice",
	    "", NULL, UID);
	/* kubelet with --cgroup-root=/kubelet; a static pod's UID is a hash */
	one("/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-burstable.slice/"
	    "kubelet-kubepods-burstable-podc704ef4c297ab11032b83ce52cbfc87b.slice/"
	    "cri-containerd-" ID_A ".scope", ID_A, "containerd",
	    "c704ef4c297ab11032b83ce52cbfc87b");
	/* Kubernetes, cgroupfs driver: the runtime is not in the path */
	one("/kubepods/besteffort/pod" UID "/" ID_A, ID_A, NULL, UID);
	one("/kubepods/pod" UID "/" ID_A, ID_A, NULL, UID);
	one("/kubepods/burstable/pod" UID, "", NULL, UID);
	/* not containers */
	one("/", "", NULL, "");
	one("", "", NULL, "");
	one("/system.slice/cron.service", "", NULL, "");
	one("/user.slice/user-0.slice/session-3.scope", "", NULL, "");
	one("/system.slice/docker.service", "", NULL, "");
	one("/" ID_A, "", NULL, "");
	one("/system.slice/docker-" ID_A "0.scope", "", NULL, "");
	one("/system.slice/docker-4F797C539E6C745DE61A93CA3FF892358ECBCACCD8414D5DB545C38428142970"
	    ".scope", "", NULL, "");
	one("/system.slice/docker-" ID_A ".service", "", NULL, "");
	one("/pod" UID "/x", "", NULL, "");		/* not below kubepods */
	one("/kubepods/besteffort/podnot-a-uid/" ID_A, ID_A, NULL, "");
	one("/kubepods.slice/kubepods-pod" UID_ "x.slice", "", NULL, "");
	one("//docker//" ID_A "//", ID_A, "docker", "");
}
