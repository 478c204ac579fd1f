#!/bin/bash
# Transports: the ring buffer and the per-CPU perf buffer print the same
# lines; when the kernel buffer is full, every lost event is counted and
# reported, exactly once.
source "$(dirname "$0")/lib.sh"

ME=$(comm_of $$)

# same_lines TRANSPORT: the workload's exact lines. The perf buffer may
# reorder events across CPUs, so each line is awaited on its own.
same_lines() {
	local tr=$1 p1 p2 p3 p4 long
	long=$(head -c 5000 /dev/zero | tr '\0' 'w')
	skip_unless_transport "$tr" || return
	start_snoop -x --transport "$tr" || { fail "start $tr"; return; }
	/bin/echo "tr-basic-$tr" >/dev/null &
	p1=$!
	wait $p1
	"$HELPERS/xexec" thread /bin/echo echo "tr-thread-$tr" >/dev/null &
	p2=$!
	wait $p2
	/bin/true "$long" "tr-long-$tr" &
	p3=$!
	wait $p3
	(exec /nonexistent/tr "tr-fail-$tr") 2>/dev/null &
	p4=$!
	wait $p4
	wait_line "$(line echo $p1 $$ 0 "/bin/echo tr-basic-$tr")"
	wait_line "$(line echo $p2 $$ 0 "/bin/echo tr-thread-$tr")"
	wait_line "$(line true $p3 $$ 0 "/bin/true $long tr-long-$tr")"
	wait_line "$(line "$ME" $p4 $$ -2 "/nonexistent/tr tr-fail-$tr")"
	stop_snoop
	expect_eq "$tr: exit status" "$SNOOP_RC" 0
	# once each: no duplicates
	expect_count 1 " /bin/echo tr-basic-$tr\$"
	expect_count 1 " /bin/echo tr-thread-$tr\$"
	expect_count 1 " tr-long-$tr\$"
	expect_count 1 " /nonexistent/tr tr-fail-$tr\$"
}
test_same_lines_ring() { same_lines ring; }
test_same_lines_perf() { same_lines perf; }

# wait_stopped PID: wait until the process is stopped (state T).
wait_stopped() {
	local i n
	n=$(quick 1200 6000)
	for ((i = 0; i < n; i++)); do
		[ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" = T ] && return 0
		sleep 0.05
	done
	return 1
}

# lost_events TRANSPORT: a 64 KiB buffer, a burst of BURST execs while the
# tool is stopped, then PER_CPU more on each CPU (a per-CPU perf buffer
# reports its losses with its next event). The tool only sees the burst's
# execs (-P), so printed + lost must be exactly BURST + PER_CPU * CPUs.
# The buffer holds about 250 such events (per CPU for perf): E2E_QUICK's
# 1000 still overfills it on up to 3 CPUs, and each is awaited longer.
BURST=$(quick 2000 1000)
PER_CPU=3
lost_events() {
	local tr=$1 sp printed lost c k want
	skip_unless_transport "$tr" || return
	build_tiny || { fail "cannot build the static test program"; return; }
	"$HELPERS/spawn_many" $BURST "$T/tiny" $PER_CPU 2>"$T/spawn.err" &
	sp=$!
	wait_stopped $sp || { fail "spawn_many did not start"; kill -KILL $sp; return; }
	start_snoop --transport "$tr" --buffer-size 64 --args-size 8192 -P $sp ||
		{ fail "start"; kill -KILL $sp; return; }
	kill -STOP "$SNOOP_PID"
	kill -CONT $sp
	wait_stopped $sp || { fail "burst did not finish"; kill -KILL $sp; return; }
	kill -CONT "$SNOOP_PID"
	wait_quiet
	kill -CONT $sp
	wait $sp || fail "spawn_many failed: $(cat "$T/spawn.err")"
	for ((c = 0; c < $(nproc); c++)); do
		for ((k = 0; k < PER_CPU; k++)); do
			wait_for " $T/tiny f$c-$k" ||
				fail "event after the drain not delivered: f$c-$k"
		done
	done
	stop_snoop
	expect_eq "exit status" "$SNOOP_RC" 0
	grep -q 'events lost' "$ERR" ||
		{ fail "no 'events lost' message on stderr: $(head -c 300 "$ERR")"; return; }
	printed=$(grep -cE "^tiny +[0-9]+ +$sp +0 $T/tiny [bf][0-9-]+\$" "$OUT")
	lost=$(grep 'events lost' "$ERR" | grep -oE '[0-9]+ (events lost )?in total' |
		tail -1 | grep -oE '^[0-9]+')
	want=$((BURST + PER_CPU * $(nproc)))
	[ -n "$lost" ] && [ "$lost" -gt 0 ] || { fail "no lost total in: $(cat "$ERR")"; return; }
	[ $((printed + lost)) -eq $want ] ||
		fail "$printed printed + $lost reported lost = $((printed + lost)), want $want: $(grep lost "$ERR" | tr '\n' '|')"
}
test_lost_events_ring() { lost_events ring; }
test_lost_events_perf() { lost_events perf; }


# A record that runs past the end of the ring buffer's data is handed over
# whole (the tool maps the data once and copies such a record): 300 execs
# with arguments of 1 to 9000 bytes, one after the other, go round a
# 64 KiB ring about twenty times; each one's arguments must come out exact.
test_ring_wrapped_records() {
	local n=300 big script bad printed lost
	skip_unless_transport ring || return
	big=$(head -c 9000 /dev/zero | tr '\0' 'x')
	script='big=$1; for ((i = 1; i <= '$n'; i++)); do
		/bin/true "wrap-$i" "${big:0:$(( (i * 2741) % 9000 + 1 ))}"; done'
	"$ES" -j --transport ring --buffer-size 64 --args-size 16384 -o "$OUT" -- \
		bash -c "$script" bash "$big" 2>"$ERR" ||
		{ fail "execsnoop failed: $(head -c 300 "$ERR")"; return; }
	json_lines_valid "$OUT" || { fail "invalid JSON Lines"; return; }
	bad=$(jq -r 'select(.event == "exec" and (.args[1] // "" | startswith("wrap-"))) |
		(.args[1] | ltrimstr("wrap-") | tonumber) as $i |
		select(.args[2] != ("x" * (($i * 2741) % 9000 + 1)) or .args_truncated) |
		.args[1]' "$OUT" | head -3)
	[ -z "$bad" ] || { fail "arguments not exact for: $bad"; return; }
	printed=$(jq -r 'select(.event == "exec" and (.args[1] // "" | startswith("wrap-"))) |
		.args[1]' "$OUT" | sort -u | wc -l)
	lost=$(jq -r 'select(.event == "summary") | .lost' "$OUT")
	# a loss (a loaded machine) is counted, never a mangled record
	[ $((printed + lost)) -ge $n ] || fail "$printed printed + $lost lost, want $n"
	[ "$printed" -ge $((n / 2)) ] || fail "only $printed of $n printed: too few wrapped"
}

# map_types: the type and name of every BPF map the running tool holds, one
# "type name" line each, from the map ids in its /proc fdinfo.
map_types() {
	local f id
	for f in /proc/"$SNOOP_PID"/fdinfo/*; do
		id=$(sed -n 's/^map_id:[[:space:]]*//p' "$f" 2>/dev/null)
		[ -n "$id" ] && bpftool -j map show id "$id" | jq -r '"\(.type) \(.name)"'
	done | sort
}

# Only the maps the transport uses are created: one events map, of the
# transport's type; the counters are one per CPU, not shared globals.
maps_of() {
	local tr=$1 want=$2 other=$3 maps
	skip_unless_transport "$tr" || return
	start_snoop --transport "$tr" || { fail "start $tr"; return; }
	maps=$(map_types)
	stop_snoop
	grep -qx "$want events" <<<"$maps" || fail "$tr: no $want events map in: $maps"
	grep -q "^$other " <<<"$maps" && fail "$tr: a $other map was created: $maps"
	grep -qx "percpu_array counters" <<<"$maps" || fail "$tr: no per-CPU counters: $maps"
	grep -q '\.bss$' <<<"$maps" && fail "$tr: a .bss map (shared counters): $maps"
	return 0
}
test_maps_ring() { maps_of ring ringbuf perf_event_array; }
test_maps_perf() { maps_of perf perf_event_array ringbuf; }

# A non-blocking output whose reader is slow: the tool waits for it to be
# writable (poll) instead of retrying write() in a busy loop, and every line
# arrives. Counted with strace: a busy loop makes thousands of EAGAIN writes.
test_nonblocking_output() {
	local eagain
	command -v strace >/dev/null || { fail "strace is not installed"; return; }
	python3 - "$ES" "$T/nb.out" "$T/strace" "$T/nb.done" <<'PY' || fail "slow reader"
import os, subprocess, sys, time
es, out, trace, done = sys.argv[1:]
r, w = os.pipe()
os.set_blocking(w, False)
p = subprocess.Popen(["strace", "-qq", "-e", "trace=write", "-o", trace, es, "--",
                      "/bin/sh", "-c", "for i in $(seq 300); do /bin/true nb-$i-" + "x" * 400 +
                      "; done; : >" + done],
                     stdout=w, stderr=subprocess.DEVNULL)
os.close(w)
# 300 lines of 455 bytes overfill the pipe (64 KiB): the tool must wait
# while nobody reads, from the end of the workload for one more second
for i in range(600):
    if os.path.exists(done):
        break
    time.sleep(0.1)
time.sleep(1)
data = b""
while True:
    chunk = os.read(r, 65536)
    if not chunk:
        break
    data += chunk
p.wait()
open(out, "wb").write(data)
lines = [l for l in data.split(b"\n") if l.startswith(b"true ") and b" nb-" in l]
if len(lines) != 300:
    print("got %d of 300 lines" % len(lines))
    sys.exit(1)
PY
	eagain=$(grep -c "EAGAIN" "$T/strace")
	[ "$eagain" -le 20 ] || fail "$eagain writes failed with EAGAIN: a busy loop"
}

run_tests
