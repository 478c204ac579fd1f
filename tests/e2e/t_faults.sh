#!/bin/bash
# Fault injection: a reader that stops, SIGKILL at each phase of start-up
# (nothing may be left behind: no BPF program, no mount, nothing pinned),
# and two instances at once. (A full disk, a closed pipe and a stopped tool
# are in t_errors.sh and t_transport.sh.)
source "$(dirname "$0")/lib.sh"

# nothing_left BEFORE_PROG_IDS BEFORE_MOUNTS: once the tool is gone, none of
# the programs it loaded is (only those of BEFORE_PROG_IDS, loaded before
# it started), tracefs is mounted as before, and nothing is pinned.
nothing_left() {
	expect_progs_gone "$1" "after the tool"
	expect_eq "tracefs mounts" "$(grep -c ' tracefs ' /proc/mounts)" "$2"
	ls /sys/fs/bpf 2>/dev/null | grep -qi execsnoop && fail "something pinned in /sys/fs/bpf"
	return 0
}

# killed_at SYSCALL STATUS [OPTIONS]: SIGKILL (strace injects it) whichever
# process first calls SYSCALL (on the file KILL_PATH, if set); the tool must
# end with STATUS, leaving nothing.
killed_at() {
	local sc=$1 want=$2 progs mounts rc
	shift 2
	progs=$(our_prog_ids)
	mounts=$(grep -c ' tracefs ' /proc/mounts)
	# (in a subshell whose stderr is closed: bash's "Killed" notice)
	rc=$( (timeout -s KILL 60 strace -f -qq -o /dev/null ${KILL_PATH:+-P "$KILL_PATH"} -e trace="$sc" \
		-e inject="$sc":signal=KILL:when=1 "$ES" "$@" -- /bin/true killed-at-"$sc" \
		>"$OUT" 2>"$ERR"; echo $?) 2>/dev/null)
	expect_eq "killed at $sc: exit status" $rc "$want"
	nothing_left "$progs" "$mounts"
}
# before load: the first bpf(2) call (libbpf's feature probes)
test_sigkill_before_load() { killed_at bpf 137; }
# -x: the child that mounts tracefs in its own namespace is killed mid-way;
# the tool goes on with the raw sys_exit program and traces COMMAND
test_sigkill_in_tracefs_child() {
	killed_at mount 0 -x
	grep -q ' /bin/true killed-at-mount$' "$OUT" || fail "COMMAND not traced: $(head -c 300 "$OUT")"
}
# after load, before attach: the event buffer is mapped, the host's boot id
# is read next
test_sigkill_after_load() { KILL_PATH=/proc/sys/kernel/random/boot_id killed_at openat 137 -x -e; }
# after attach: dropping capabilities is the first thing after it
test_sigkill_after_attach() { killed_at capset 137 -x -e; }

# The reader stops (a pipe nobody reads): the tool blocks writing, the
# kernel buffer fills, and every event is printed or counted lost, once.
# (The burst must overfill the pipe and the buffer, so E2E_QUICK keeps it
# and waits longer for it instead.)
BURST=1500
test_reader_stops() {
	local sp rd printed lost want c k
	build_tiny || { fail "cannot build the static test program"; return; }
	"$HELPERS/spawn_many" $BURST "$T/tiny" 1 2>"$T/spawn.err" &
	sp=$!
	for k in $(seq 200); do
		[ "$(awk '{ print $3 }' "/proc/$sp/stat" 2>/dev/null)" = T ] && break
		sleep 0.05
	done
	: >"$OUT"
	mkfifo "$T/fifo"
	cat "$T/fifo" >"$OUT" &
	rd=$!
	"$ES" --buffer-size 64 --args-size 8192 -P $sp >"$T/fifo" 2>"$ERR" &
	SNOOP_PID=$!
	for k in $(seq 200); do
		[ -s "$OUT" ] && break
		sleep 0.05
	done
	[ -s "$OUT" ] || { fail "no header"; kill -KILL $sp $rd; return; }
	kill -STOP $rd
	kill -CONT $sp
	for k in $(seq "$(quick 1200 6000)"); do
		[ "$(awk '{ print $3 }' "/proc/$sp/stat" 2>/dev/null)" = T ] && break
		sleep 0.05
	done
	kill -CONT $rd
	# the backlog drained (the kernel buffer has room again) before the
	# events after the stop are made: else a slow machine loses them too
	wait_quiet
	kill -CONT $sp
	wait $sp || fail "spawn_many failed: $(cat "$T/spawn.err")"
	for ((c = 0; c < $(nproc); c++)); do
		wait_for " $T/tiny f$c-0" || fail "event after the stop not delivered: f$c-0"
	done
	stop_snoop
	wait $rd
	expect_eq "exit status" "$SNOOP_RC" 0
	printed=$(grep -cE "^tiny +[0-9]+ +$sp +0 $T/tiny [bf][0-9-]+\$" "$OUT")
	lost=$(sed -nE 's/^execsnoop: [0-9]+ events, [0-9]+ printed, ([0-9]+) lost.*/\1/p' "$ERR")
	want=$((BURST + $(nproc)))
	[ -n "$lost" ] || { fail "no summary: $(cat "$ERR")"; return; }
	[ $((printed + lost)) -eq $want ] ||
		fail "$printed printed + $lost lost = $((printed + lost)), want $want"
	[ "$lost" -gt 0 ] || fail "nothing lost: the reader did not stop the tool (test broken)"
	return 0
}

# Two instances at once: each sees every exec, both end cleanly.
test_two_instances() {
	local pid i
	"$ES" >"$T/one" 2>"$T/one.err" &
	local one=$!
	start_snoop || { fail "start"; kill $one; return; }
	for i in $(seq 100); do
		[ -s "$T/one" ] && break
		sleep 0.05
	done
	/bin/echo two-instances >/dev/null &
	pid=$!
	wait $pid
	sync_snoop || fail "sync"
	for i in $(seq 200); do
		grep -q ' /bin/echo two-instances$' "$T/one" && break
		sleep 0.05
	done
	kill -INT $one
	wait $one
	expect_eq "first instance's status" $? 0
	stop_snoop
	expect_eq "second instance's status" "$SNOOP_RC" 0
	expect_line "$(line echo $pid $$ 0 '/bin/echo two-instances')"
	grep -qxF -- "$(line echo $pid $$ 0 '/bin/echo two-instances')" "$T/one" ||
		fail "the first instance missed the exec"
}

run_tests
