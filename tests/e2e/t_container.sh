#!/bin/bash
# Containers from cgroup paths (doc/execsnoop.8, CONTAINERS): real cgroups
# created under the cgroup v2 mount with the names docker, containerd (CRI),
# CRI-O, podman and kubelet give theirs, real processes run in them; the
# JSON fields, the CONTAINER column and the --container-id filter.
source "$(dirname "$0")/lib.sh"

CGROOT=/sys/fs/cgroup/unified
[ "$(stat -f -c %T "$CGROOT" 2>/dev/null)" = cgroup2fs ] || CGROOT=/sys/fs/cgroup
BASE=$CGROOT/execsnoop-ct-$$
at_exit "[ -d $BASE ] && find $BASE -depth -type d -exec rmdir {} + 2>/dev/null"

hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }
UID1=$(hex 4)-$(hex 2)-$(hex 2)-$(hex 2)-$(hex 6)
UID2=$(hex 4)-$(hex 2)-$(hex 2)-$(hex 2)-$(hex 6)
declare -A ID
for n in docker dockerfs containerd crio podman podmanfs cgroupfs; do
	ID[$n]=$(hex 32)
done
# name -> "cgroup path below BASE|container_id|runtime|pod_uid" (- for null)
declare -A CASE=(
	[docker]="system.slice/docker-${ID[docker]}.scope|${ID[docker]}|docker|-"
	[dockerfs]="docker/${ID[dockerfs]}|${ID[dockerfs]}|docker|-"
	[containerd]="kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID1//-/_}.slice/cri-containerd-${ID[containerd]}.scope|${ID[containerd]}|containerd|$UID1"
	[crio]="kubepods.slice/kubepods-pod${UID2//-/_}.slice/crio-${ID[crio]}.scope|${ID[crio]}|cri-o|$UID2"
	[crioconmon]="kubepods.slice/kubepods-pod${UID2//-/_}.slice/crio-conmon-${ID[crio]}.scope|-|-|$UID2"
	[podman]="machine.slice/libpod-${ID[podman]}.scope/container|${ID[podman]}|podman|-"
	[podmanfs]="libpod_parent/libpod-${ID[podmanfs]}|${ID[podmanfs]}|podman|-"
	[cgroupfs]="kubepods/besteffort/pod$UID1/${ID[cgroupfs]}|${ID[cgroupfs]}|-|$UID1"
	[none]="system.slice/cron.service|-|-|-"
)

# in_cgroup NAME PROG ARGS...: run PROG in the cgroup of case NAME.
in_cgroup() {
	local dir=$BASE/${CASE[$1]%%|*}
	mkdir -p "$dir" || return 1
	/bin/sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' sh "$dir" "${@:2}"
}

test_container_fields() {
	local n
	[ -d "$CGROOT" ] || { skip "no cgroup v2 mount"; return; }
	start_snoop_quiet -j -e || { fail "start"; return; }
	for n in "${!CASE[@]}"; do
		in_cgroup "$n" /bin/true "ct-$n" || { fail "cannot run in the cgroup of $n"; return; }
	done
	for n in "${!CASE[@]}"; do
		wait_for "\"ct-$n\"" || { fail "exec of $n not traced"; return; }
	done
	wait_quiet
	stop_snoop
	local msg
	msg=$(python3 - "$OUT" "/${BASE##*/}" <<PY
import json, sys
cases = {}
for kv in """$(for n in "${!CASE[@]}"; do echo "$n|${CASE[$n]}"; done)""".splitlines():
    name, path, cid, rt, pod = kv.split("|")
    cases[name] = (sys.argv[2] + "/" + path, None if cid == "-" else cid,
                   None if rt == "-" else rt, None if pod == "-" else pod)
ev = [json.loads(l) for l in open(sys.argv[1])]
bad = []
for name, (path, cid, rt, pod) in cases.items():
    ex = [e for e in ev if e.get("event") == "exec" and e.get("args") == ["/bin/true", "ct-" + name]]
    if len(ex) != 1:
        bad.append("%s: %d exec events" % (name, len(ex)))
        continue
    e = ex[0]
    xs = [x for x in ev if x.get("event") == "exit" and x.get("key") == e.get("key")]
    for what, o in [("exec", e)] + [("exit", x) for x in xs]:
        got = (o.get("cgroup"), o.get("container_id"), o.get("container_runtime"), o.get("pod_uid"))
        if got != (path, cid, rt, pod):
            bad.append("%s %s: got %r, want %r" % (name, what, got, (path, cid, rt, pod)))
    if len(xs) != 1:
        bad.append("%s: %d exit events" % (name, len(xs)))
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
) || fail "$msg"
}

# --container: the column; --container-id: only the containers with that
# id prefix (given in upper case), exits too; the rest is counted as filtered.
test_container_filter_column() {
	local want prefix=${ID[containerd]:0:7} n
	[ -d "$CGROOT" ] || { skip "no cgroup v2 mount"; return; }
	start_snoop -e --container --container-id "${prefix^^}" || { fail "start"; return; }
	for n in docker containerd cgroupfs none; do
		in_cgroup "$n" /bin/true "ctf-$n"
	done
	# the docker case again, as the sentinel that everything before it is in
	in_cgroup containerd /bin/true ctf-last
	wait_for ctf-last || { fail "exec not traced"; return; }
	wait_for "EXIT" || { fail "exit not traced"; return; }
	stop_snoop
	expect_eq "header" "$(head -1 "$OUT" | tr -s ' ')" "COMM PID PPID CONTAINER RET ARGS"
	want=${ID[containerd]:0:12}
	expect_count 1 "^true +[0-9]+ +[0-9]+ +$want +0 /bin/true ctf-containerd\$"
	expect_count 1 "^true +[0-9]+ +[0-9]+ +$want +0 /bin/true ctf-last\$"
	expect_count 0 "ctf-(docker|cgroupfs|none)"
	# every line but the header is in that container
	expect_count "$(($(wc -l <"$OUT") - 1))" "^[^ ]+ +[0-9]+ +[0-9]+ +$want "
	grep -qE "filtered \(0 in kernel, [1-9][0-9]* in user space\)" "$ERR" ||
		fail "summary: $(cat "$ERR")"
}

test_container_id_usage() {
	expect_usage_error --container-id ''
	expect_usage_error --container-id xyz
	expect_usage_error --container-id "$(hex 32)0"
}

# docker_up: a docker daemon answers, started here (and stopped at the end)
# if the docker.io package is installed but its daemon does not run.
docker_up() {
	local i
	command -v docker >/dev/null 2>&1 || return 1
	docker info >/dev/null 2>&1 && return 0
	command -v dockerd >/dev/null 2>&1 || return 1
	dockerd --iptables=false --bridge=none -p "$T/dockerd.pid" >"$T/dockerd.log" 2>&1 &
	at_exit "kill $! 2>/dev/null; wait $! 2>/dev/null"
	for i in $(seq 300); do
		docker info >/dev/null 2>&1 && return 0
		kill -0 $! 2>/dev/null || break
		sleep 0.1
	done
	echo "dockerd did not start: $(tail -3 "$T/dockerd.log")" >&2
	return 1
}

# A real docker container (Debian's docker.io: dockerd, containerd, runc),
# its image imported from a tar of one static program: each event of the
# processes in it names the container docker reports, and docker.
test_container_docker() {
	local img=execsnoop-e2e-tiny:$$ tag=ct-docker-$RANDOM id
	if ! docker_up; then
		skip "no docker daemon (Debian package docker.io)"
		return
	fi
	build_tiny
	mkdir -p "$T/img" && cp "$T/tiny" "$T/img/tiny"
	tar -C "$T/img" -c . | docker import - "$img" >/dev/null ||
		{ fail "docker import failed"; return; }
	at_exit "docker rmi -f $img >/dev/null 2>&1"
	start_snoop_quiet -j -e || { fail "start"; return; }
	id=$(docker run -d --network none "$img" /tiny "$tag") || { fail "docker run failed"; return; }
	at_exit "docker rm -f $id >/dev/null 2>&1"
	docker wait "$id" >/dev/null
	wait_for "\"$tag\"" || { fail "exec in the container not traced"; return; }
	wait_match "\"event\":\"exit\",.*\"comm\":\"tiny\"" || { fail "exit not traced"; return; }
	stop_snoop
	expect_eq "docker's id" "${#id}" 64
	expect_eq "exec: container" \
		"$(jq -r 'select(.args == ["/tiny","'"$tag"'"]) | [.container_id, .container_runtime, .pod_uid] | join(" ")' "$OUT")" \
		"$id docker "
	expect_eq "exit: container" \
		"$(jq -r --arg k "$(jq -r 'select(.args == ["/tiny","'"$tag"'"]) | .key' "$OUT")" \
			'select(.event == "exit" and .key == $k) | [.container_id, .container_runtime] | join(" ")' "$OUT")" \
		"$id docker"
}

run_tests
