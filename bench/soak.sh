#!/bin/bash
# bench/soak.sh: the execsnoop soak test (entry point of `make soak`).
#
# Runs execsnoop -j -e -x --cwd --exe --context -o FILE for a set time under
# a continuous, paced, mixed workload (heavy and hostile arguments, execs from
# non-main threads, failed execs, exits with many codes and signals, forks
# without exec) with pid_max lowered so that pids wrap around, then checks
# that every exec of the workload was printed or counted lost, that memory
# and descriptors stayed flat, and that the summary adds up.
#
#   bench/soak.sh                  30 minutes
#   SOAK_SECONDS=120 bench/soak.sh two minutes
#
# Prints one "PASS: soak/CHECK ..." or "FAIL: soak/CHECK: why" line per
# check, then "N passed, N failed"; exits 1 if any check failed (2 if it
# could not run). Writes a report to bench/SOAK.md (SOAK_MD).
#
# Environment: SOAK_SECONDS (1800), SOAK_PID_MAX (5000), SOAK_MD
# (bench/SOAK.md), SOAK_MAX_MB (4096: the workload stops early if the
# tool's output reaches this size), SOAK_KEEP=1 (keep the output file even
# when every check passed; it is always kept when one failed), EXECSNOOP
# (binary under test, default build/execsnoop). Run as root.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2
export LC_ALL=C
shopt -s nullglob

SOAK_SECONDS=${SOAK_SECONDS:-1800}
SOAK_PID_MAX=${SOAK_PID_MAX:-5000}
SOAK_MD=${SOAK_MD:-bench/SOAK.md}
SOAK_MAX_MB=${SOAK_MAX_MB:-4096}
SOAK_KEEP=${SOAK_KEEP:-0}
ES_OPTS="-j -e -x --cwd --exe --context"
RSS_SLACK_KB=1024		# allowed growth over the first minute's peak
FIRST_MINUTE_MS=60000

# The pace of each part of the workload: a fixed pause after each batch,
# so about 230 execs and 50 bare forks a second on an idle machine, fewer
# when other work slows the batches down (SOAK.md gives the actual rate).
# Unthrottled, the heavy and hostile execs alone would write several GB per
# 30 minutes (a heavy exec prints ~33 KB of JSON, the 16 KiB of control
# bytes ~100 KB); paced, the output stays near 1 GB.
LIGHT_N=40 LIGHT_PERIOD=0.25	# execgen: 40 execs, 2 arguments, every 0.25 s
THREAD_N=10 THREAD_PERIOD=0.25	# execgen -t: 10 execs from a second thread
HEAVY_N=2 HEAVY_PERIOD=0.5	# execgen -a 100 -s 1024: 100 args of 1 KiB
HOSTILE_PERIOD=0.2		# one hostile exec
FAIL_PERIOD=0.1			# one failed exec
CODES_PERIOD=0.1		# one exec that ends with an exit code or a signal
FORK_PERIOD=0.02		# one fork without exec

log() { printf '[soak %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "error: $*"; exit 2; }

[ "$(id -u)" -eq 0 ] || die "run as root (the tool loads BPF programs and pid_max is changed)"
case $SOAK_SECONDS in
'' | *[!0-9]*) die "SOAK_SECONDS must be a number of seconds" ;;
esac
[ "$SOAK_SECONDS" -ge 10 ] || die "SOAK_SECONDS must be at least 10"
case $SOAK_PID_MAX in
'' | *[!0-9]*) die "SOAK_PID_MAX must be a number" ;;
esac
command -v cc >/dev/null || die "cc is needed"
command -v python3 >/dev/null || die "python3 is needed (make soak installs it)"
SRC_ES=${EXECSNOOP:-build/execsnoop}
[ -x "$SRC_ES" ] || die "$SRC_ES not built (run make)"
[ -x build/tests/lifecycle ] || die "build/tests/lifecycle not built (run make tests-helpers)"

# ---- one soak at a time; pid_max restored whatever happens ----------------
PID_MAX_FILE=/proc/sys/kernel/pid_max
# While a run has lowered pid_max, STATE holds "ORIGINAL OWNER-PID".
STATE=/tmp/execsnoop-soak.pid_max
exec {LOCKFD}>/tmp/execsnoop-soak.lock
flock -n "$LOCKFD" || die "another soak test is running"
if [ -f "$STATE" ]; then
	# a run killed with SIGKILL, and its guard too (we hold the lock: that
	# run is over)
	read -r stale_orig stale_owner <"$STATE"
	if [ -n "${stale_orig:-}" ]; then
		log "a previous run (pid ${stale_owner:-?}) left pid_max lowered: restoring $stale_orig"
		echo "$stale_orig" >"$PID_MAX_FILE" || die "cannot restore pid_max"
	fi
	rm -f "$STATE"
fi
read -r ORIG_PID_MAX <"$PID_MAX_FILE"
PID_MAX_SET=0

restore_pid_max() {
	local now
	[ "$PID_MAX_SET" = 1 ] || return 0
	if echo "$ORIG_PID_MAX" >"$PID_MAX_FILE"; then
		PID_MAX_SET=0
		rm -f "$STATE"
	fi
	read -r now <"$PID_MAX_FILE"
	[ "$now" = "$ORIG_PID_MAX" ] || log "error: pid_max is $now, could not restore $ORIG_PID_MAX"
}

T=$(mktemp -d /tmp/execsnoop-soak.XXXXXX)
OUT=$T/events.jsonl
ES_PID=
CG2=
CGDIR=
LOOP_PIDS=()
KEEP_T=0
# alive: the tool has not exited (a zombie has).
alive() {
	local line
	read -r line 2>/dev/null <"/proc/$ES_PID/stat" || return 1
	line=${line##*) }
	[ "${line:0:1}" != Z ] && [ "${line:0:1}" != X ]
}

cleanup() {
	local p
	trap '' INT TERM HUP
	restore_pid_max
	for p in "${LOOP_PIDS[@]}"; do
		kill -TERM "$p" 2>/dev/null
	done
	if [ -n "$ES_PID" ] && kill -INT "$ES_PID" 2>/dev/null; then
		# SIGINT first: with -x it may have mounted tracefs, and unmounts it
		for ((i = 0; i < 30; i++)); do
			alive || break
			nap 0.1
		done
		kill -KILL "$ES_PID" 2>/dev/null
	fi
	if [ -n "$CGDIR" ]; then
		# back to the root cgroup, then the soak's one can go once empty
		echo $$ >"$CG2/cgroup.procs" 2>/dev/null
		for ((i = 0; i < 50; i++)); do
			rmdir "$CGDIR" 2>/dev/null && break
			nap 0.1
		done
	fi
	if [ "$KEEP_T" = 1 ]; then
		log "kept $T (the tool's output and the workload's records)"
	else
		rm -rf "$T"
	fi
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# nap SECONDS: sleep without exec'ing anything (every exec is traced).
mkfifo "$T/nap"
exec {NAPFD}<>"$T/nap"
nap() { read -r -t "$1" -u "$NAPFD" _ || :; }

# kv KEY LINE: the value of KEY=... in a line of key=value pairs.
kv() {
	local w
	for w in $2; do
		[ "${w%%=*}" = "$1" ] && { printf '%s' "${w#*=}"; return; }
	done
}

# ---- build and freeze what runs --------------------------------------------
log "building the workload in $T"
cc -static -O2 -nostdlib -DTINY_NOSTDLIB -o "$T/tiny" bench/tiny.c 2>/dev/null ||
	cc -static -O2 -o "$T/tiny" bench/tiny.c || die "cannot build bench/tiny.c"
"$T/tiny" || die "$T/tiny does not run"
cc -O2 -Wall -Wextra -pthread -o "$T/execgen" bench/execgen.c || die "cannot build execgen"
# Others rebuild build/ meanwhile: run private copies.
cp "$SRC_ES" "$T/execsnoop" && cp build/tests/lifecycle "$T/lifecycle" || die "cannot copy the binaries"
ES=$T/execsnoop
GEN=$T/execgen
TINY=$T/tiny
LIFECYCLE=$T/lifecycle
ES_SHA=$(sha256sum "$ES" | cut -c1-16)
ES_VERSION=$("$ES" --version 2>/dev/null | head -1)
GIT_REV=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
GIT_DIRTY=$(git status --porcelain -- src Makefile 2>/dev/null | wc -l)
KERNEL="$(uname -r) $(uname -v)"

# Hostile names: a working directory and a link to tiny whose names hold a
# newline, an escape sequence and a byte that is not UTF-8.
HOSTILE_DIR=$T/$'cwd\n\x1b[7m\xff'
HOSTILE_LINK=$T/$'ti\nny\xfe\x07'
mkdir "$HOSTILE_DIR" && ln -s "$TINY" "$HOSTILE_LINK" || die "cannot create hostile names"
NOEXEC=$T/noexec		# a regular file without x bits: EACCES
echo data >"$NOEXEC"
chmod 644 "$NOEXEC"
printf -v LONG_PLAIN '%131071s' ''	# the longest argument the kernel takes
LONG_PLAIN=${LONG_PLAIN// /z}
TOO_LONG=${LONG_PLAIN}z			# one byte more: E2BIG
printf -v LONG_CTRL '%16384s' ''	# control bytes: 6 bytes each in JSON
LONG_CTRL=${LONG_CTRL// /$'\x01'}
EMPTIES=()
for ((i = 0; i < 1000; i++)); do EMPTIES+=(''); done

# ---- room for the output --------------------------------------------------
AVAIL_KB=$(df -Pk "$T" | awk 'NR == 2 { print $4 }')
NEED_KB=$((SOAK_SECONDS * 1024))	# 1 MB/s: twice the expected rate
[ "${AVAIL_KB:-0}" -ge "$NEED_KB" ] ||
	die "$((NEED_KB / 1024)) MB free needed in $T for the tool's output, $((AVAIL_KB / 1024)) MB free"

# ---- lower pid_max, under a guard ------------------------------------------
NTASKS=0
for f in /proc/[0-9]*/task/[0-9]*; do NTASKS=$((NTASKS + 1)); done
# pids are handed out from 300 up: leave room for every task there is now,
# and 3000 more for the workload and whatever else runs meanwhile
PID_MAX_NEED=$((300 + NTASKS + 3000))
PID_MAX_RUN=$SOAK_PID_MAX
[ "$PID_MAX_RUN" -ge "$PID_MAX_NEED" ] || PID_MAX_RUN=$PID_MAX_NEED
if [ "$PID_MAX_RUN" -lt "$ORIG_PID_MAX" ]; then
	echo "$ORIG_PID_MAX $$" >"$STATE"
	# restores pid_max if this shell dies without running its traps
	# (SIGKILL); setsid: a signal to our process group does not reach it
	setsid bash -c 'tail --pid="$1" -f /dev/null
		read -r orig owner <"$2" && [ "$owner" = "$1" ] &&
			echo "$orig" >/proc/sys/kernel/pid_max && rm -f "$2"' \
		soak-guard "$$" "$STATE" </dev/null >/dev/null 2>&1 {LOCKFD}>&- {NAPFD}>&- &
	PID_MAX_SET=1
	echo "$PID_MAX_RUN" >"$PID_MAX_FILE" || die "cannot set pid_max to $PID_MAX_RUN"
	log "pid_max $ORIG_PID_MAX -> $PID_MAX_RUN for the run ($NTASKS tasks now)"
else
	PID_MAX_RUN=$ORIG_PID_MAX
	log "pid_max is already $ORIG_PID_MAX: left as it is"
fi

# ---- scope -----------------------------------------------------------------
# The workload (this shell's descendants) in a cgroup v2 directory of its
# own, traced with -c: whatever else runs on the machine (a benchmark, a
# build) neither floods the output nor counts as the workload's. The
# in-kernel filter is then exercised on every other exec too.
for m in /sys/fs/cgroup/unified /sys/fs/cgroup; do
	if [ "$(stat -f -c %T "$m" 2>/dev/null)" = cgroup2fs ]; then
		CG2=$m
		break
	fi
done
if [ -n "$CG2" ] && mkdir "$CG2/execsnoop-soak-$$" 2>/dev/null; then
	CGDIR=$CG2/execsnoop-soak-$$
	echo $$ >"$CGDIR/cgroup.procs" || die "cannot move into $CGDIR"
	ES_OPTS="$ES_OPTS -c $CGDIR"
else
	log "no cgroup v2 directory could be made: tracing the whole system"
fi

# ---- start the tool --------------------------------------------------------
RUN=s${EPOCHSECONDS}r$RANDOM	# in every marker: M<RUN><KIND>...
START_DATE=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
LOAD_START=$(cat /proc/loadavg)
PDEATH=()
command -v setpriv >/dev/null && PDEATH=(setpriv --pdeathsig TERM)
log "run $RUN: $SOAK_SECONDS s; execsnoop $ES_OPTS -o $OUT"
# shellcheck disable=SC2086
"${PDEATH[@]}" "$ES" $ES_OPTS -o "$OUT" </dev/null >"$T/stdout" 2>"$T/stderr" \
	{LOCKFD}>&- {NAPFD}>&- &
ES_PID=$!
# ready once a probe exec (M<RUN>pp<k>, not a workload marker) is printed
probe=$("$GEN" -x "$TINY" -P 10000 -f "$OUT" -0 -m "${RUN}p" -W 60 -k "$ES_PID")
[ "$(kv found "$probe")" = 1 ] || die "execsnoop did not start: $(head -c 500 "$T/stderr")"
READY_US=${EPOCHREALTIME/./}
OUT_FD=
for f in /proc/"$ES_PID"/fd/*; do
	[ "$f" -ef "$OUT" ] && OUT_FD=${f##*/}
done

# sample: one line of $T/samples: ms since ready, VmRSS kB, open fds,
# last pid handed out, bytes of output. /proc is read with built-ins only.
SAMPLES=$T/samples
: >"$SAMPLES"
OUT_BYTES=0
sample() {
	local k v _ rss=-1 last=0 fds
	while read -r k v _; do
		[ "$k" = VmRSS: ] && { rss=$v; break; }
	done 2>/dev/null <"/proc/$ES_PID/status"
	fds=(/proc/"$ES_PID"/fd/*)
	read -r last </proc/sys/kernel/ns_last_pid
	if [ -n "$OUT_FD" ]; then
		while read -r k v; do
			[ "$k" = pos: ] && { OUT_BYTES=$v; break; }
		done 2>/dev/null <"/proc/$ES_PID/fdinfo/$OUT_FD"
	fi
	[ "$rss" = -1 ] && return 1
	echo "$(((${EPOCHREALTIME/./} - READY_US) / 1000)) $rss ${#fds[@]} $last $OUT_BYTES" >>"$SAMPLES"
}
sample

# ---- the workload ----------------------------------------------------------
# Every exec carries a unique marker M<RUN><KIND><n...> as a plain argument
# of its own (argv[1]). Each part records what it exec'd in markers.KIND: a
# line "MARKER STATUS" (STATUS: the wait status its parent saw, as $? shows
# it, or - for a failed exec), or "range PREFIX N STATUS" for the markers
# PREFIX0 .. PREFIX<N-1> of one execgen batch.
END_AT=$((EPOCHSECONDS + SOAK_SECONDS))
STOP=$T/stop
# running: time is not up, the run was not stopped, and the main shell is
# still our parent (if it was killed, we were reparented: stop).
running() {
	local s
	[ "$EPOCHSECONDS" -lt "$END_AT" ] && [ ! -e "$STOP" ] || return 1
	read -r s 2>/dev/null <"/proc/$BASHPID/stat" || return 1
	# shellcheck disable=SC2086 # the fields after the name, split
	set -- ${s##*) }
	[ "$2" = "$$" ]
}
: >"$T/workload.err"

# gen_loop KIND N PERIOD [EXECGEN-OPTIONS]: execgen batches of N execs.
gen_loop() {
	local kind=$1 n=$2 period=$3 b=0 tag res st mf
	shift 3
	exec {LOCKFD}>&- {mf}>"$T/markers.$kind"
	while running; do
		tag=$RUN$kind$b
		res=$("$GEN" -x "$TINY" -n "$n" -w 1 -m "$tag" "$@" 2>>"$T/workload.err")
		st=-
		if [ "$(kv ok "$res")" = "$n" ]; then
			st=0
		else
			echo "execgen $tag: ${res:-no output}" >>"$T/workload.err"
		fi
		echo "range M${tag}w0n $n $st" >&"$mf"
		b=$((b + 1))
		nap "$period"
	done
}

# hostile_loop: arguments, names and a working directory that a careless
# tool would print raw; the marker is always argv[1].
hostile_loop() {
	local i=0 m mf
	exec {LOCKFD}>&- {mf}>"$T/markers.X"
	cd "$HOSTILE_DIR" || exit 1
	while running; do
		m=M${RUN}X$i
		case $((i % 10)) in
		0) "$TINY" "$m" $'\x01\x02\x03\x1b[31mred\x1b[0m\x7f\x1b]0;title\x07' ;;
		1) "$TINY" "$m" $'\xff\xfe\xc3\x28\xe2\x82\xa0\xed\xa0\x80\xf4\x90\x80\x80\xc0\xaf' ;;
		2) "$TINY" "$m" $'one\ntwo\r\n{"event":"summary","received":0}\n' ;;
		3) "$TINY" "$m" '","args":["M'"$RUN"'X99999999"],"x":"' '\' '\u0000' ;;
		4) "$TINY" "$m" $'\xc2\x85\xc2\x9b\xe2\x80\xae\xe2\x80\xa8\xe2\x81\xa6\xef\xbb\xbf' '' ;;
		5) "$TINY" "$m" "$LONG_PLAIN" ;;
		6) (exec -a $'\x1b]0;argv0\x07\nX' "$TINY" "$m") ;;
		7) "$HOSTILE_LINK" "$m" $'tab\there' ;;
		8) "$TINY" "$m" "$LONG_CTRL" ;;
		9) "$TINY" "$m" "${EMPTIES[@]}" ;;
		esac
		echo "$m $?" >&"$mf"
		i=$((i + 1))
		nap "$HOSTILE_PERIOD"
	done
}

# fail_loop: execs that fail (reported with -x): ENOENT, EACCES, ENOTDIR,
# E2BIG (an argument one byte over the kernel's limit).
fail_loop() {
	local i=0 m mf
	exec {LOCKFD}>&- {mf}>"$T/markers.F"
	while running; do
		m=M${RUN}F$i
		case $((i % 8)) in
		0 | 1 | 2) "/nonexistent/soak/$m" "$m" ;;
		3 | 4) "$NOEXEC" "$m" ;;
		5 | 6) "$NOEXEC/sub" "$m" ;;
		7) "$TINY" "$m" "$TOO_LONG" ;;
		esac 2>/dev/null
		echo "$m -" >&"$mf"
		i=$((i + 1))
		nap "$FAIL_PERIOD"
	done
}

# codes_loop: processes that end with various exit codes and signals, some
# multi-threaded with the main thread gone first (lifecycle mainexit).
# No core-dumping signal: a core dump could exec a helper or write files.
codes_loop() {
	local i=0 m mf
	local -a how=(e0 e1 e2 e42 e99 e125 e127 sHUP sKILL sUSR1 sUSR2 sPIPE sALRM sTERM
		      texit5 tsysexit6 treturn)
	exec {LOCKFD}>&- {mf}>"$T/markers.C"
	while running; do
		m=M${RUN}C$i
		case ${how[i % ${#how[@]}]} in
		e*) /bin/sh -c "exit ${how[i % ${#how[@]}]#e}" sh "$m" ;;
		s*) /bin/sh -c "kill -s ${how[i % ${#how[@]}]#s} \$\$" sh "$m" ;;
		texit5) "$LIFECYCLE" mainexit exit 5 "$m" ;;
		tsysexit6) "$LIFECYCLE" mainexit sysexit 6 "$m" ;;
		treturn) "$LIFECYCLE" mainexit return "$m" ;;
		esac
		echo "$m $?" >&"$mf"
		i=$((i + 1))
		nap "$CODES_PERIOD"
	done
}

# fork_loop: children that never exec, ending with codes and signals.
fork_loop() {
	local i=0 n=0
	exec {LOCKFD}>&-
	while running; do
		case $((i % 3)) in
		0) (exit $((i % 200))) ;;
		1) (kill -s TERM $BASHPID) ;;
		2) (nap 0.001) & wait $! ;;
		esac
		i=$((i + 1))
		n=$((n + 1))
		nap "$FORK_PERIOD"
	done
	echo "$n" >"$T/forks"
}

WL_START_US=${EPOCHREALTIME/./}
# (their stderr: the shell's notes on children killed by signals)
gen_loop L "$LIGHT_N" "$LIGHT_PERIOD" 2>>"$T/loops.err" & LOOP_PIDS+=($!)
gen_loop T "$THREAD_N" "$THREAD_PERIOD" -t 2>>"$T/loops.err" & LOOP_PIDS+=($!)
gen_loop H "$HEAVY_N" "$HEAVY_PERIOD" -a 100 -s 1024 2>>"$T/loops.err" & LOOP_PIDS+=($!)
hostile_loop 2>>"$T/loops.err" & LOOP_PIDS+=($!)
fail_loop 2>>"$T/loops.err" & LOOP_PIDS+=($!)
codes_loop 2>>"$T/loops.err" & LOOP_PIDS+=($!)
fork_loop 2>>"$T/loops.err" & LOOP_PIDS+=($!)

loops_running() {
	local p
	for p in "${LOOP_PIDS[@]}"; do
		kill -0 "$p" 2>/dev/null && return 0
	done
	return 1
}

# ---- watch: one sample a second until the workload is done -----------------
DIED=0
CAPPED=0
NEXT_LOG=$((EPOCHSECONDS + 60))
while loops_running; do
	nap 1
	if ! alive; then
		DIED=1
		log "execsnoop exited during the run"
		touch "$STOP"
		break
	fi
	sample
	if [ "$CAPPED" = 0 ] && [ "$OUT_BYTES" -ge $((SOAK_MAX_MB * 1048576)) ]; then
		CAPPED=1
		log "output reached $SOAK_MAX_MB MB: stopping the workload early"
		touch "$STOP"
	fi
	if [ "$EPOCHSECONDS" -ge "$NEXT_LOG" ]; then
		NEXT_LOG=$((EPOCHSECONDS + 60))
		log "$((END_AT - EPOCHSECONDS)) s to go: output $((OUT_BYTES / 1048576)) MB, $(tail -1 "$SAMPLES")"
	fi
done
wait "${LOOP_PIDS[@]}" 2>/dev/null
LOOP_PIDS=()
WL_END_US=${EPOCHREALTIME/./}

# ---- stop: everything exec'd so far printed, then SIGINT -------------------
ES_RC=
ES_CPU_MS=
if [ "$DIED" = 0 ]; then
	# a sentinel exec (M<RUN>ep<k>) every 10 ms until printed: the ring
	# buffer keeps one order, so all that came before is printed too
	"$GEN" -x "$TINY" -P 10000 -f "$OUT" -m "${RUN}e" -W 120 -k "$ES_PID" >/dev/null ||
		log "the end sentinel was never printed"
	sample
	read -r line <"/proc/$ES_PID/stat"
	# shellcheck disable=SC2086 # the fields after the name, split
	set -- ${line##*) }
	ES_CPU_MS=$(((${12} + ${13}) * 1000 / $(getconf CLK_TCK)))
	kill -INT "$ES_PID"
	for ((i = 0; i < 300; i++)); do
		alive || break
		nap 0.1
	done
	alive && { log "execsnoop did not stop within 30 s of SIGINT: SIGKILL"; kill -KILL "$ES_PID"; }
fi
wait "$ES_PID"
ES_RC=$?
ES_PID=
END_DATE=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
LOAD_END=$(cat /proc/loadavg)
restore_pid_max
read -r PID_MAX_NOW <"$PID_MAX_FILE"

# ---- analysis --------------------------------------------------------------
log "analysing $(($(stat -c %s "$OUT") / 1048576)) MB of output"
declare -A R
while read -r k v; do
	R[$k]=$v
done < <(python3 - "$OUT" "$RUN" "$T" <<'EOF'
# One pass over the tool's output: markers, exits, summary. Prints "key value"
# lines for the shell.
import glob, json, os, re, sys

out, run, tdir = sys.argv[1:4]
prefix = "M" + run
marker_re = re.compile(re.escape(prefix) + r"[A-Z][0-9A-Za-z]*\Z")

# what the workload exec'd: marker -> the status its parent saw (None: none)
expected = {}
for path in glob.glob(os.path.join(tdir, "markers.*")):
    with open(path) as f:
        for line in f:
            w = line.split()
            if not w:
                continue
            if w[0] == "range":
                st = None if w[3] == "-" else int(w[3])
                for k in range(int(w[2])):
                    expected[w[1] + str(k)] = st
            else:
                expected[w[0]] = None if w[1] == "-" else int(w[1])

seen = {}          # marker -> line number of its exec event
dups = unknown = 0
dup_ex = unknown_ex = ""
lines = perr = nsummary = 0
perr_ex = ""
summary = None
summary_line = 0
n_exec = n_exit = n_fail = 0
pending = {}       # pid -> (marker, status): exec printed, exit not yet
exits_ok = exits_wrong = exits_missing = 0
wrong_ex = missing_ex = ""
pids_used = set()
reused = wraps = 0
last_pid = None
by_kind_printed = {}

def verdict(o):
    if o.get("signal") is not None:
        return 128 + o["signal"]
    return o.get("exit_code")

with open(out, "rb") as f:
    for raw in f:
        lines += 1
        try:
            o = json.loads(raw)
        except ValueError as e:
            perr += 1
            if not perr_ex:
                perr_ex = "line %d: %s" % (lines, e)
            continue
        ev = o.get("event")
        if ev == "summary":
            nsummary += 1
            summary, summary_line = o, lines
            continue
        pid = o.get("pid")
        if ev == "exit":
            n_exit += 1
            if pid in pending:
                m, st = pending.pop(pid)
                got = verdict(o)
                if got == st and not o.get("core_dumped"):
                    exits_ok += 1
                else:
                    exits_wrong += 1
                    if not wrong_ex:
                        wrong_ex = "%s (pid %d): parent saw $?=%d, tool says exit_code=%s signal=%s" % (
                            m, pid, st, o.get("exit_code"), o.get("signal"))
            continue
        if ev != "exec":
            continue
        n_exec += 1
        if pid in pending:
            # a new exec in this pid before the end of our process: its
            # exit was not printed
            m, st = pending.pop(pid)
            exits_missing += 1
            if not missing_ex:
                missing_ex = "%s (pid %d), before line %d" % (m, pid, lines)
        ms = {a for a in o.get("args") or () if a.startswith(prefix) and marker_re.match(a)}
        if not ms:
            continue
        if o.get("retval", 0) < 0:
            n_fail += 1
        for m in ms:
            if m in seen:
                dups += 1
                if not dup_ex:
                    dup_ex = "%s on lines %d and %d" % (m, seen[m], lines)
                continue
            seen[m] = lines
            if m not in expected:
                unknown += 1
                if not unknown_ex:
                    unknown_ex = "%s on line %d" % (m, lines)
                continue
            k = m[len(prefix)]
            by_kind_printed[k] = by_kind_printed.get(k, 0) + 1
            if o.get("retval") == 0 and expected[m] is not None:
                pending[pid] = (m, expected[m])
        if pid in pids_used:
            reused += 1
        pids_used.add(pid)
        if last_pid is not None and pid < last_pid // 2:
            wraps += 1
        last_pid = pid

for pid, (m, st) in pending.items():
    exits_missing += 1
    if not missing_ex:
        missing_ex = "%s (pid %d): no exit event" % (m, pid)

printed_markers = sum(1 for m in seen if m in expected)
by_kind_expected = {}
for m in expected:
    k = m[len(prefix)]
    by_kind_expected[k] = by_kind_expected.get(k, 0) + 1

def p(k, v):
    v = str(v).replace("\n", "\\n")
    print(k, v if v else "-")

p("expected", len(expected))
p("printed_markers", printed_markers)
p("dups", dups)
p("dup_ex", dup_ex)
p("unknown", unknown)
p("unknown_ex", unknown_ex)
p("marker_fail_execs", n_fail)
for k in sorted(by_kind_expected):
    p("kind_%s" % k, "%d %d" % (by_kind_expected[k], by_kind_printed.get(k, 0)))
p("lines", lines)
p("parse_errors", perr)
p("parse_ex", perr_ex)
p("nsummary", nsummary)
p("summary_last", 1 if summary is not None and summary_line == lines else 0)
p("exec_events", n_exec)
p("exit_events", n_exit)
p("exits_ok", exits_ok)
p("exits_wrong", exits_wrong)
p("exits_wrong_ex", wrong_ex)
p("exits_missing", exits_missing)
p("exits_missing_ex", missing_ex)
p("pids_reused", reused)
p("pid_wraps", wraps)
for k in ("received", "printed", "lost", "filtered_kernel", "filtered_user", "malformed",
          "tree_full", "exit_untracked", "unwritten", "duration_s"):
    p("s_" + k, summary.get(k, "missing") if summary else "missing")
EOF
)
[ -n "${R[expected]:-}" ] || die "the analysis of $OUT failed"
r() { printf '%s' "${R[$1]:--}"; }

# ---- checks ------------------------------------------------------------------
PASSED=0
FAILED=0
CHECKS=()
pass() {
	echo "PASS: soak/$1 $2"
	CHECKS+=("| soak/$1 | PASS | $2 |")
	PASSED=$((PASSED + 1))
}
fail() {
	echo "FAIL: soak/$1: $2"
	CHECKS+=("| soak/$1 | **FAIL** | $2 |")
	FAILED=$((FAILED + 1))
}
isnum() { case $1 in '' | *[!0-9]*) return 1 ;; esac; }

# The tool ran the whole time, stopped with status 0 on SIGINT, and said
# nothing on stderr but loss reports.
OTHER_ERR=$(grep -cv 'events lost (kernel buffer full)' "$T/stderr")
STDERR_LOST=$(grep -oE '[0-9]+ in total' "$T/stderr" | tail -1 | cut -d' ' -f1)
if [ "$DIED" = 1 ]; then
	fail alive "execsnoop exited during the run (status $ES_RC): $(tail -c 300 "$T/stderr")"
elif [ "$ES_RC" != 0 ]; then
	fail alive "execsnoop exited with status $ES_RC after SIGINT: $(tail -c 300 "$T/stderr")"
elif [ "$OTHER_ERR" -gt 0 ]; then
	fail alive "$OTHER_ERR unexpected stderr lines: $(grep -v 'events lost (kernel buffer full)' "$T/stderr" | head -2 | cut -c1-200)"
else
	pass alive "(ran $(r s_duration_s) s, exit status 0, stderr: only loss reports)"
fi

# Every marker printed once or counted lost.
EXP=$(r expected) PM=$(r printed_markers) LOST=$(r s_lost)
if ! isnum "$LOST"; then
	fail markers "no lost count (no summary)"
elif [ "$(r dups)" != 0 ]; then
	fail markers "$(r dups) markers printed twice, e.g. $(r dup_ex)"
elif [ "$(r unknown)" != 0 ]; then
	fail markers "$(r unknown) markers printed that the workload never exec'd, e.g. $(r unknown_ex)"
elif [ "$EXP" -eq 0 ]; then
	fail markers "the workload exec'd nothing"
elif [ "$LOST" -eq 0 ] && [ "$PM" -ne "$EXP" ]; then
	fail markers "$PM of $EXP markers printed, and the summary says none lost"
elif [ "$LOST" -gt 0 ] && [ $((EXP - PM)) -gt "$LOST" ]; then
	fail markers "$PM of $EXP markers printed: $((EXP - PM)) missing, only $LOST counted lost"
else
	pass markers "($PM of $EXP markers printed once each, lost $LOST)"
fi

# RSS flat: the peak after the first minute no more than 1 MiB over the
# first minute's peak.
read -r RSS_FIRST_PEAK RSS_PEAK RSS_FINAL FD_FIRST FD_LAST FD_MIN FD_MAX NSAMPLES LAST_MS < <(
	awk -v fm="$FIRST_MINUTE_MS" '
	NR == 1 { fd1 = $3; fdmin = $3; fdmax = $3 }
	{ if ($1 < fm && $2 > p1) p1 = $2; if ($2 > pk) pk = $2
	  if ($3 < fdmin) fdmin = $3; if ($3 > fdmax) fdmax = $3
	  fin = $2; fdl = $3; t = $1 }
	END { print p1 + 0, pk + 0, fin + 0, fd1 + 0, fdl + 0, fdmin + 0, fdmax + 0, NR, t + 0 }' "$SAMPLES")
if [ "$NSAMPLES" -lt 2 ]; then
	fail rss "only $NSAMPLES samples of VmRSS"
elif [ $((RSS_PEAK - RSS_FIRST_PEAK)) -gt "$RSS_SLACK_KB" ]; then
	fail rss "peak VmRSS $RSS_PEAK KiB is $((RSS_PEAK - RSS_FIRST_PEAK)) KiB over the first minute's peak $RSS_FIRST_PEAK KiB (allowed: $RSS_SLACK_KB)"
else
	note=
	[ "$LAST_MS" -lt $((2 * FIRST_MINUTE_MS)) ] && note=", run shorter than 2 minutes: a weak check"
	pass rss "(first minute's peak $RSS_FIRST_PEAK KiB, peak $RSS_PEAK KiB, final $RSS_FINAL KiB, $NSAMPLES samples$note)"
fi

# Summary arithmetic.
s_received=$(r s_received) s_printed=$(r s_printed) s_fu=$(r s_filtered_user)
s_mal=$(r s_malformed) s_unw=$(r s_unwritten)
EVENT_LINES=$(($(r lines) - 1))
if [ "$(r parse_errors)" != 0 ]; then
	fail summary "$(r parse_errors) lines are not JSON, e.g. $(r parse_ex)"
elif [ "$(r nsummary)" != 1 ] || [ "$(r summary_last)" != 1 ]; then
	fail summary "want one summary object, as the last line: $(r nsummary) summaries, last line is one: $(r summary_last)"
elif ! isnum "$s_received" || ! isnum "$s_printed" || ! isnum "$s_fu" || ! isnum "$s_mal" || ! isnum "$s_unw"; then
	fail summary "fields missing: received=$s_received printed=$s_printed filtered_user=$s_fu malformed=$s_mal unwritten=$s_unw"
elif [ "$s_unw" -ne 0 ]; then
	fail summary "unwritten=$s_unw, want 0"
elif [ "$s_received" -ne $((s_printed + s_fu + s_mal + s_unw)) ]; then
	fail summary "received $s_received != printed $s_printed + filtered_user $s_fu + malformed $s_mal + unwritten $s_unw"
elif [ "$s_printed" -ne "$EVENT_LINES" ]; then
	fail summary "printed=$s_printed, but the file holds $EVENT_LINES event lines"
elif [ -n "$STDERR_LOST" ] && [ "$STDERR_LOST" != "$LOST" ]; then
	fail summary "lost=$LOST, but stderr last said $STDERR_LOST in total"
else
	pass summary "(received $s_received = printed $s_printed + filtered_user $s_fu + malformed $s_mal + unwritten 0; $EVENT_LINES event lines)"
fi

# No descriptor growth.
if [ "$NSAMPLES" -lt 2 ]; then
	fail fds "only $NSAMPLES samples of /proc/PID/fd"
elif [ "$FD_LAST" -ne "$FD_FIRST" ]; then
	fail fds "$FD_FIRST descriptors after start-up, $FD_LAST at the end (min $FD_MIN, max $FD_MAX)"
else
	pass fds "($FD_FIRST descriptors after start-up and at the end; min $FD_MIN, max $FD_MAX)"
fi

# Exits: each printed exec of the workload is followed, in the same pid and
# before that pid's next exec, by an exit event with the status its parent
# saw; pid reuse must not mix them up. With events lost, an exit may be
# missing, or (its exec lost) another process's exit taken for it.
XW=$(r exits_wrong) XM=$(r exits_missing) XO=$(r exits_ok)
if ! isnum "$LOST"; then
	fail exits "no lost count (no summary)"
elif [ "$LOST" -eq 0 ] && [ "$XW" -gt 0 ]; then
	fail exits "$XW exits reported wrongly, e.g. $(r exits_wrong_ex)"
elif [ "$LOST" -eq 0 ] && [ "$XM" -gt 0 ]; then
	fail exits "$XM exits missing, none lost, e.g. $(r exits_missing_ex)"
elif [ $((XW + XM)) -gt "$LOST" ]; then
	fail exits "$XW exits wrong and $XM missing, more than the $LOST lost, e.g. $(r exits_wrong_ex); $(r exits_missing_ex)"
else
	pass exits "($XO exits matched the status the parent saw; wrong $XW, missing $XM, lost $LOST)"
fi

# The pid space wrapped around while traced.
if [ "$(r pids_reused)" -gt 0 ] && [ "$(r pid_wraps)" -gt 0 ]; then
	pass pidwrap "(pid_max $PID_MAX_RUN: $(r pid_wraps) wrap-arounds seen in the workload's execs, $(r pids_reused) pids reused)"
else
	fail pidwrap "no wrap-around seen (pid_max $PID_MAX_RUN, $(r pid_wraps) wraps, $(r pids_reused) pids reused): run longer or lower SOAK_PID_MAX"
fi

# The workload ran as intended, every part of it.
WL_ERR=$(wc -l <"$T/workload.err" 2>/dev/null || echo 0)
FORKS=$(cat "$T/forks" 2>/dev/null || echo 0)
missing_kinds=
for k in L T H X F C; do
	[ -n "${R[kind_$k]:-}" ] || missing_kinds+=" $k"
done
if [ "$CAPPED" = 1 ]; then
	fail workload "stopped early: the output reached SOAK_MAX_MB=$SOAK_MAX_MB"
elif [ "$WL_ERR" -gt 0 ]; then
	fail workload "execgen reported failures: $(head -1 "$T/workload.err" | cut -c1-200)"
elif [ -n "$missing_kinds" ] || [ "$FORKS" -eq 0 ]; then
	fail workload "parts that never ran:$missing_kinds$([ "$FORKS" -eq 0 ] && echo " forks")"
elif [ "$(r marker_fail_execs)" -eq 0 ]; then
	fail workload "no failed exec printed"
else
	pass workload "($EXP marker execs, $(r marker_fail_execs) of them failed execs; $FORKS forks without exec)"
fi

if [ "$PID_MAX_NOW" = "$ORIG_PID_MAX" ]; then
	pass pid_max "(restored to $ORIG_PID_MAX)"
else
	fail pid_max "is $PID_MAX_NOW, was $ORIG_PID_MAX"
fi

# ---- report ------------------------------------------------------------------
WL_S=$(((WL_END_US - WL_START_US) / 1000000))
[ "$WL_S" -gt 0 ] || WL_S=1
OUT_SIZE=$(stat -c %s "$OUT")
OUT_MB=$(awk -v b="$OUT_SIZE" 'BEGIN { printf "%.1f", b / 1048576 }')
OUT_MB_MIN=$(awk -v b="$OUT_SIZE" -v s="$WL_S" 'BEGIN { printf "%.1f", b / 1048576 / s * 60 }')
kind_row() {
	local k=$1 what=$2 pace=$3 e p
	read -r e p <<<"${R[kind_$k]:-0 0}"
	echo "| $k | $what | $pace | $e | $p |"
}
{
	cat <<EOF
# execsnoop soak test

Written by \`bench/soak.sh\` (\`make soak\`): execsnoop traced the soak's own
cgroup (in-kernel \`-c\` filter; every other exec of the machine ran the BPF
programs and was filtered) for a set time under a paced, mixed workload
with pid_max lowered;
see [README.md](README.md#soak-test-make-soak).

| | |
|---|---|
| result | **$PASSED passed, $FAILED failed** |
| date | $START_DATE – $END_DATE (run \`$RUN\`) |
| duration | workload $WL_S s (SOAK_SECONDS=$SOAK_SECONDS); the tool ran $(r s_duration_s) s |
| kernel | $KERNEL |
| execsnoop | $ES_VERSION, binary sha256 \`$ES_SHA…\`, git \`$GIT_REV\` ($GIT_DIRTY uncommitted files in src/ or Makefile) |
| command | \`execsnoop $ES_OPTS -o FILE\` (FILE in /tmp) |
| workload execs | $EXP with markers ($((EXP / WL_S)) exec/s), $(r marker_fail_execs) of them failed execs; $FORKS forks without exec |
| pace | a fixed pause after each batch (below): about 230 execs a second on an idle machine, fewer when others load it. Paced on purpose: heavy and hostile execs print up to ~100 KB of JSON each, so unthrottled the output would grow by several GB per half hour; this run wrote $OUT_MB_MIN MB a minute |
| events printed | $(r s_printed) ($(r exec_events) exec, $(r exit_events) exit: the traced cgroup), $OUT_MB MB of JSON Lines |
| lost | $(r s_lost) (filtered in user space $(r s_filtered_user), malformed $(r s_malformed), unwritten $(r s_unwritten)) |
| RSS | first minute's peak $RSS_FIRST_PEAK KiB, overall peak $RSS_PEAK KiB, final $RSS_FINAL KiB ($NSAMPLES samples, one a second) |
| open fds | $FD_FIRST after start-up, $FD_LAST at the end (min $FD_MIN, max $FD_MAX) |
| tool CPU | ${ES_CPU_MS:-?} ms in all |
| pid_max | $ORIG_PID_MAX, $PID_MAX_RUN during the run, $PID_MAX_NOW after; $(r pid_wraps) wrap-arounds seen, $(r pids_reused) pids reused by workload execs |
| load average | start: $LOAD_START; end: $LOAD_END |

## Checks

| check | result | detail |
|---|---|---|
EOF
	printf '%s\n' "${CHECKS[@]}"
	cat <<EOF

## Workload

Every exec carries a unique marker argument (argv[1]); "printed" counts the
markers found in the args of exec events.

| kind | what | pace | exec'd | printed |
|---|---|---|---|---|
$(kind_row L "execgen: posix_spawn of a tiny static program, 2 arguments" "$LIGHT_N every $LIGHT_PERIOD s")
$(kind_row T "execgen -t: exec from a second thread of a forked child" "$THREAD_N every $THREAD_PERIOD s")
$(kind_row H "execgen -a 100 -s 1024: 100 arguments of 1 KiB" "$HEAVY_N every $HEAVY_PERIOD s")
$(kind_row X "hostile: control bytes, invalid UTF-8, newlines, JSON injection, a 131071-byte argument, 16 KiB of control bytes, 1000 empty arguments, hostile argv[0], file name and working directory" "1 every $HOSTILE_PERIOD s")
$(kind_row F "failed (-x): ENOENT, EACCES, ENOTDIR, E2BIG" "1 every $FAIL_PERIOD s")
$(kind_row C "exit codes 0–127 and signals HUP KILL USR1 USR2 PIPE ALRM TERM (sh -c), multi-threaded exits with the main thread gone first (lifecycle mainexit)" "1 every $CODES_PERIOD s")
| – | forks without exec (subshells ending with codes and SIGTERM) | 1 every $FORK_PERIOD s | $FORKS | – |
EOF
} >"$SOAK_MD.tmp" && mv "$SOAK_MD.tmp" "$SOAK_MD"

echo
echo "$PASSED passed, $FAILED failed"
if [ "$FAILED" -gt 0 ]; then
	KEEP_T=1
	log "report: $SOAK_MD; the tool's output is kept: $OUT"
	exit 1
fi
[ "$SOAK_KEEP" = 1 ] && KEEP_T=1
log "report: $SOAK_MD"
exit 0
