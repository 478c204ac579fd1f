#!/bin/bash
# In-kernel filters: -c cgroup v2 subtree, bcc-style pinned --cgroupmap and
# --mntnsmap, and their errors. cgroups and pinned maps are removed, and
# bpffs unmounted if this file mounted it, at the end.
source "$(dirname "$0")/lib.sh"

CGROOT=/sys/fs/cgroup/unified
[ "$(stat -f -c %T "$CGROOT" 2>/dev/null)" = cgroup2fs ] || CGROOT=/sys/fs/cgroup
CG=$CGROOT/execsnoop-e2e-$$
BPFFS=/sys/fs/bpf
PIN=$BPFFS/execsnoop_e2e_$$

rm_cgroups() {
	local d i
	for d in "$CG/child" "$CG"; do
		for i in $(seq 50); do
			[ -d "$d" ] || break
			rmdir "$d" 2>/dev/null && break
			sleep 0.1
		done
	done
}
mkdir -p "$CG/child" && at_exit rm_cgroups

# "${IN_CG[@]}" DIR COMMAND...: run COMMAND as a new process inside cgroup
# DIR (a shell moves itself there, then execs COMMAND: same PID).
IN_CG=(bash -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' in_cg)

# bpffs: mount it if needed (unmounted at the end); pinned maps go in $PIN*
BPFFS_READY=
bpffs() {
	[ -n "$BPFFS_READY" ] && return 0
	if [ "$(stat -f -c %T "$BPFFS" 2>/dev/null)" != bpf_fs ]; then
		mount -t bpf bpf "$BPFFS" || return 1
		at_exit "umount $BPFFS"
	fi
	at_exit "rm -f $PIN*"
	BPFFS_READY=1
}

# le64 N: N as 8 little-endian bytes in hex, for bpftool
le64() {
	local h i out=
	h=$(printf '%016x' "$1")
	for ((i = 14; i >= 0; i -= 2)); do
		out+="${h:i:2} "
	done
	echo $out
}

# hash_map PATH KEY...: a pinned hash map (8-byte keys) holding KEYs.
hash_map() {
	local path=$1 k
	shift
	bpftool map create "$path" type hash key 8 value 4 entries 16 name es_e2e || return 1
	for k in "$@"; do
		bpftool map update pinned "$path" key hex $(le64 "$k") value hex 01 00 00 00 || return 1
	done
}

test_cgroup() {
	local p1 p2
	start_snoop -c "$CG" || { fail "start"; return; }
	"${IN_CG[@]}" "$CG" /bin/echo cg-in >/dev/null &
	p1=$!
	wait $p1
	/bin/echo cg-out >/dev/null
	"${IN_CG[@]}" "$CG/child" /bin/echo cg-sub >/dev/null &
	p2=$!
	wait $p2
	sync_with "${IN_CG[@]}" "$CG" /bin/true || fail "sync"
	stop_snoop
	expect_line "$(line echo $p1 $$ 0 '/bin/echo cg-in')"
	expect_line "$(line echo $p2 $$ 0 '/bin/echo cg-sub')"
	expect_no_match 'cg-out'
}

# -c of the child: its parent is not in the subtree
test_cgroup_child_only() {
	local pid
	start_snoop -c "$CG/child" || { fail "start"; return; }
	"${IN_CG[@]}" "$CG" /bin/echo cgc-parent >/dev/null
	"${IN_CG[@]}" "$CG/child" /bin/echo cgc-child >/dev/null &
	pid=$!
	wait $pid
	sync_with "${IN_CG[@]}" "$CG/child" /bin/true || fail "sync"
	stop_snoop
	expect_line "$(line echo $pid $$ 0 '/bin/echo cgc-child')"
	expect_no_match 'cgc-parent'
}

test_cgroup_errors() {
	expect_usage_error -c /no/such/path
	expect_usage_error -c /tmp		# not a cgroup v2 directory
}

# --cgroupmap: cgroups whose id (the v2 directory's inode) is a key; exact
# match, as bcc: a child cgroup is not in the map.
test_cgroupmap() {
	local pid
	bpffs || { fail "cannot mount bpffs"; return; }
	hash_map "${PIN}_cg" "$(stat -c %i "$CG")" || { fail "cannot create the map"; return; }
	start_snoop --cgroupmap "${PIN}_cg" || { fail "start"; return; }
	"${IN_CG[@]}" "$CG" /bin/echo map-in >/dev/null &
	pid=$!
	wait $pid
	/bin/echo map-out >/dev/null
	"${IN_CG[@]}" "$CG/child" /bin/echo map-child >/dev/null
	sync_with "${IN_CG[@]}" "$CG" /bin/true || fail "sync"
	stop_snoop
	expect_line "$(line echo $pid $$ 0 '/bin/echo map-in')"
	expect_no_match 'map-out'
	expect_no_match 'map-child'
}

# --mntnsmap: mount namespaces whose id (inode of /proc/PID/ns/mnt) is a key.
test_mntnsmap() {
	local p1 p2
	bpffs || { fail "cannot mount bpffs"; return; }
	hash_map "${PIN}_ns" "$(stat -L -c %i /proc/self/ns/mnt)" || { fail "cannot create the map"; return; }
	start_snoop --mntnsmap "${PIN}_ns" || { fail "start"; return; }
	/bin/echo ns-in >/dev/null &
	p1=$!
	wait $p1
	/usr/bin/unshare -m /bin/echo ns-out >/dev/null &
	p2=$!
	wait $p2
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(line echo $p1 $$ 0 '/bin/echo ns-in')"
	# unshare itself runs in this namespace, what it execs in a new one
	expect_line "$(line unshare $p2 $$ 0 '/usr/bin/unshare -m /bin/echo ns-out')"
	expect_no_line "$(line echo $p2 $$ 0 '/bin/echo ns-out')"
}

# the other way round: only another mount namespace in the map; execs
# there are shown (nsenter execs in it), this namespace's are not.
test_mntnsmap_other_ns() {
	local holder ns i pid
	bpffs || { fail "cannot mount bpffs"; return; }
	/usr/bin/unshare -m sleep 600 &
	holder=$!
	at_exit "kill $holder 2>/dev/null"
	ns=$(stat -L -c %i /proc/self/ns/mnt)
	for i in $(seq 100); do
		[ "$(stat -L -c %i /proc/$holder/ns/mnt)" != "$ns" ] && break
		sleep 0.05
	done
	ns=$(stat -L -c %i /proc/$holder/ns/mnt)
	hash_map "${PIN}_ns2" "$ns" || { fail "cannot create the map"; return; }
	start_snoop --mntnsmap "${PIN}_ns2" || { fail "start"; return; }
	/bin/echo ns2-here >/dev/null
	nsenter -t $holder -m /bin/echo ns2-there >/dev/null &
	pid=$!
	wait $pid
	sync_with nsenter -t $holder -m /bin/true || fail "sync"
	stop_snoop
	kill $holder
	expect_line "$(line echo $pid $$ 0 '/bin/echo ns2-there')"
	expect_no_match 'ns2-here'
	expect_no_match '^nsenter '
}

test_map_wrong_type() {
	bpffs || { fail "cannot mount bpffs"; return; }
	bpftool map create "${PIN}_arr" type array key 4 value 4 entries 1 name es_e2e_arr &&
		bpftool map create "${PIN}_k4" type hash key 4 value 4 entries 1 name es_e2e_k4 ||
		{ fail "cannot create the maps"; return; }
	expect_usage_error --cgroupmap "${PIN}_arr"
	expect_map_error "${PIN}_arr" "not a BPF hash map"
	expect_usage_error --mntnsmap "${PIN}_arr"
	expect_map_error "${PIN}_arr" "not a BPF hash map"
	expect_usage_error --cgroupmap "${PIN}_k4"
	expect_map_error "${PIN}_k4" "its keys are not 8 bytes"
	expect_usage_error --mntnsmap "${PIN}_k4"
	expect_map_error "${PIN}_k4" "its keys are not 8 bytes"
}

# expect_map_error PATH REASON: the error names the map and says why.
expect_map_error() {
	grep -qF -- "'$1': $2" "$ERR" || fail "error for $1: $(head -1 "$ERR"), want '$1': $2"
}

# A pinned program is not a map: said so, exit status 2 (it was 1 before,
# with a verifier message, or 2 and nothing said).
test_map_not_a_map() {
	bpffs || { fail "cannot mount bpffs"; return; }
	"$HELPERS/pin_prog" "${PIN}_prog" || { fail "cannot pin a program"; return; }
	expect_usage_error --cgroupmap "${PIN}_prog"
	expect_map_error "${PIN}_prog" "not a BPF map"
	expect_usage_error --mntnsmap "${PIN}_prog"
	expect_map_error "${PIN}_prog" "not a BPF map"
}

# Only the presence of a key counts: a value of any size will do.
test_map_any_value_size() {
	local ns pid
	bpffs || { fail "cannot mount bpffs"; return; }
	ns=$(stat -L -c %i /proc/self/ns/mnt)
	bpftool map create "${PIN}_v16" type hash key 8 value 16 entries 4 name es_e2e_v16 &&
		bpftool map update pinned "${PIN}_v16" key hex $(le64 "$ns") \
			value hex 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 ||
		{ fail "cannot create the map"; return; }
	start_snoop --mntnsmap "${PIN}_v16" || { fail "start: $(head -c 300 "$ERR")"; return; }
	/bin/echo v16-here >/dev/null &
	pid=$!
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(line echo $pid $$ 0 '/bin/echo v16-here')"
}

test_map_missing() {
	expect_usage_error --cgroupmap "${PIN}_none"
	expect_usage_error --mntnsmap "${PIN}_none"
	expect_usage_error --mntnsmap /no/such/path
}

run_tests
