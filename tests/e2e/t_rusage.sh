#!/bin/bash
# Resources at exit (-e in JSON, --rusage in text): each figure of a known
# workload's exit event is compared with what the kernel itself told the
# parent for the same process (getrusage(RUSAGE_CHILDREN) after waitpid),
# never with wall time. Tolerances (doc/execsnoop.8, RESOURCES):
#   - max RSS: equal (the same counter, signal->maxrss);
#   - CPU: the event is read at the last thread's sched_process_exit; the
#     parent's figure also holds the rest of do_exit() (on 6.18 freeing the
#     memory), the running thread's last unaccounted slice, and its own
#     split of the ticks: user, system and their sum each within 20 ms + 5%;
#   - context switches: never more than the kernel's; voluntary at most 5
#     fewer (the final switch away from the dead task is one), involuntary
#     at most 20 fewer (preemptions during the rest of the exit).
# /usr/bin/time -v is checked too (its CPU has 10 ms steps: 30 ms + 5%).
source "$(dirname "$0")/lib.sh"

RU=$HELPERS/rusage

# run_rusage CHECK MODE ARG...: run "rusage parent MODE ARG..." under
# execsnoop -j -e, then python3 CHECK with d (the child's exit event) and
# k (the kernel's figures) in scope, after the common comparisons.
run_rusage() {
	local check=$1
	shift
	if ! "$ES" -j -e -o "$T/ev.json" -- "$RU" parent "$@" >"$T/kernel" 2>"$ERR"; then
		fail "execsnoop or helper failed: $(head -c 300 "$ERR")"
		return 1
	fi
	python3 - "$T/ev.json" "$T/kernel" "$check" <<'PY' || fail "$*"
import json, sys
pid, user, sys_, rss, nvcsw, nivcsw = map(int, open(sys.argv[2]).read().split())
k = dict(user=user, sys=sys_, cpu=user + sys_, rss=rss, nvcsw=nvcsw, nivcsw=nivcsw)
ev = [json.loads(l) for l in open(sys.argv[1])]
ex = [e for e in ev if e.get("event") == "exit" and e["pid"] == pid]
if len(ex) != 1:
    sys.exit(f"want one exit event for pid {pid}, got {len(ex)}")
e = ex[0]
d = dict(user=e["cpu_user_ns"], sys=e["cpu_sys_ns"], cpu=e["cpu_ns"],
         rss=e["max_rss_kib"], nvcsw=e["ctx_switches_voluntary"],
         nivcsw=e["ctx_switches_involuntary"])
bad = []
if abs(d["user"] + d["sys"] - d["cpu"]) > 1:
    bad.append("user + sys != cpu")
for n in ("user", "sys", "cpu"):
    if abs(d[n] - k[n]) > 20_000_000 + k["cpu"] // 20:
        bad.append(f"{n}: {d[n]} ns, kernel {k[n]} ns")
if d["rss"] != k["rss"]:
    bad.append(f"max RSS {d['rss']} KiB, kernel {k['rss']} KiB")
if not 0 <= k["nvcsw"] - d["nvcsw"] <= 5:
    bad.append(f"voluntary switches {d['nvcsw']}, kernel {k['nvcsw']}")
if not 0 <= k["nivcsw"] - d["nivcsw"] <= 20:
    bad.append(f"involuntary switches {d['nivcsw']}, kernel {k['nivcsw']}")
exec(sys.argv[3])
if bad:
    sys.exit("; ".join(bad) + " (event/kernel: " +
             " ".join(f"{n}={d[n]}/{k[n]}" for n in k) + ")")
PY
}

# 300 ms of CPU, nearly all in user mode.
test_rusage_spin() {
	run_rusage 'bad += [] if d["cpu"] >= 295_000_000 and d["user"] > d["sys"] else ["not 300 ms of mostly user CPU"]' \
		spin 300
}

# 200 ms of CPU reading /dev/zero: nearly all in the kernel.
test_rusage_sys() {
	run_rusage 'bad += [] if d["cpu"] >= 195_000_000 and d["sys"] > d["user"] else ["not 200 ms of mostly system CPU"]' \
		sys 200
}

# 64 MiB touched: the peak RSS is at least that.
test_rusage_mem() {
	run_rusage 'bad += [] if d["rss"] >= 65536 else ["peak RSS under 64 MiB"]' mem 64
}

# 3 threads spin 100 ms each and end before the leader spins its own 100 ms:
# all 400 ms count.
test_rusage_threads() {
	run_rusage 'bad += [] if d["cpu"] >= 395_000_000 else ["the threads CPU is missing"]' \
		threads 3 100
}

# /usr/bin/time -v (GNU time, wait4's figures) agrees: the same peak RSS,
# CPU within the same tolerance (time prints it in hundredths of seconds).
test_rusage_time_v() {
	[ -x /usr/bin/time ] || { skip "no /usr/bin/time (Debian package time)"; return; }
	if ! "$ES" -j -e -o "$T/ev.json" -- /usr/bin/time -v "$RU" spin 200 2>"$T/time"; then
		fail "execsnoop or time failed: $(head -c 300 "$T/time")"
		return
	fi
	python3 - "$T/ev.json" "$T/time" <<'PY' || fail "time -v"
import json, re, sys
t = open(sys.argv[2]).read()
def num(label):
    return float(re.search(re.escape(label) + r": ([0-9.]+)", t).group(1))
user, sys_, rss = num("User time (seconds)"), num("System time (seconds)"), \
    int(num("Maximum resident set size (kbytes)"))
ex = [json.loads(l) for l in open(sys.argv[1])]
ex = [e for e in ex if e.get("event") == "exit" and e["comm"] == "rusage"]
if len(ex) != 1:
    sys.exit(f"want one exit event of rusage, got {len(ex)}")
e = ex[0]
cpu = (user + sys_) * 1e9
bad = []
if e["max_rss_kib"] != rss:
    bad.append(f"max RSS {e['max_rss_kib']} KiB, time -v {rss} KiB")
if abs(e["cpu_ns"] - cpu) > 30e6 + cpu / 20:
    bad.append(f"CPU {e['cpu_ns']} ns, time -v {cpu:.0f} ns")
if abs(e["cpu_user_ns"] - user * 1e9) > 30e6 + cpu / 20:
    bad.append(f"user {e['cpu_user_ns']} ns, time -v {user} s")
if bad:
    sys.exit("; ".join(bad))
PY
}

# Text: --rusage appends the figures to the EXIT line; -e alone does not.
test_rusage_text() {
	local pid
	start_snoop --rusage || { fail "start"; return; }
	"$RU" mem 8 &
	pid=$!
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	exit_line rusage $pid $$ || return
	[[ $EXIT_REST =~ ^'code 0, ran '[0-9]+\.[0-9]{3}' ms, user '[0-9]+\.[0-9]{3}' ms, sys '[0-9]+\.[0-9]{3}' ms, max RSS '([0-9]+)' KiB, switches '[0-9]+' vol '[0-9]+' invol'$ ]] ||
		{ fail "EXIT line ends $(printf %q "$EXIT_REST")"; return; }
	[ "${BASH_REMATCH[1]}" -ge 8192 ] || fail "max RSS ${BASH_REMATCH[1]} KiB, want 8 MiB at least"
	start_snoop -e || { fail "start"; return; }
	"$RU" mem 1 &
	pid=$!
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	expect_exit rusage $pid $$ "code 0"
}

run_tests
