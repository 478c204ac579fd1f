#!/bin/bash
# bench/run.sh: the execsnoop benchmark (entry point of `make bench`).
#
# Runs every measurement in one go, interleaving the tracers (A B C A B C ...)
# and writing one CSV row per trial, then writes the report from the CSV.
# Never a pass/fail test: it exits non-zero only if it could not measure.
#
#   bench/run.sh            full run (about 15 minutes on 2 cores)
#   QUICK=1 bench/run.sh    smoke run (about 2 minutes), results in bench/out/
#
# Environment: QUICK, REPS, SECTIONS (default "main syscall scale zeroloss";
# "bufsize" is extra), EXECSNOOP (binary to measure, default
# build/execsnoop), LT_BIN (libbpf-tools execsnoop, default
# /usr/sbin/execsnoop), BPFSTATS (1: per-exec BPF run time from
# kernel.bpf_stats_enabled), RESULTS_MD, RESULTS_CSV, NOTES (a Markdown file
# of remarks for the report), and the sizes below.
# See bench/README.md for the method.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
OUT=bench/out
QUICK=${QUICK:-0}

if [ "$QUICK" = 1 ]; then
	REPS=${REPS:-3}
	MAIN_N=${MAIN_N:-3000}		# execs per trial, main comparison
	SCALE_N=${SCALE_N:-1500}	# execs per trial, argument-volume scaling
	SYS_N=${SYS_N:-1000000}		# syscalls per trial
	ZL_N=${ZL_N:-20000}		# execs per zero-loss check
	ZLH_N=${ZLH_N:-5000}		# the same with 100 x 1 KiB arguments
	BUF_N=${BUF_N:-3000}		# execs per trial, buffer-size sweep
	RESULTS_MD=${RESULTS_MD:-$OUT/RESULTS-quick.md}
	RESULTS_CSV=${RESULTS_CSV:-$OUT/results-quick.csv}
else
	REPS=${REPS:-5}
	MAIN_N=${MAIN_N:-20000}
	SCALE_N=${SCALE_N:-8000}
	SYS_N=${SYS_N:-3000000}
	ZL_N=${ZL_N:-200000}
	ZLH_N=${ZLH_N:-50000}
	BUF_N=${BUF_N:-10000}
	RESULTS_MD=${RESULTS_MD:-bench/RESULTS.md}
	RESULTS_CSV=${RESULTS_CSV:-bench/results.csv}
fi
SECTIONS=${SECTIONS:-main syscall scale zeroloss}	# which sections to run
MAIN_W=${MAIN_W:-2}		# workers for the main comparison and scaling
SYS_W=${SYS_W:-1}		# workers for the syscall loop
PROBE_US=10000			# one marker exec every 10 ms while waiting
# seconds of quiet after a tracer has stopped
if [ "$QUICK" = 1 ]; then SETTLE=${SETTLE:-0.3}; else SETTLE=${SETTLE:-1}; fi
BT_SCRIPT=${BT_SCRIPT:-/usr/sbin/execsnoop.bt}
# bcc's libbpf-tools execsnoop (Debian package libbpf-tools)
LT_BIN=${LT_BIN:-/usr/sbin/execsnoop}
# --buffer-size values (KiB) of the optional "bufsize" section, and other
# configurations it runs (es_perf, es_a8192, es_nice: see CMD below)
BUF_SIZES=${BUF_SIZES:-512 1024 2048 4096 8192}
BUF_VARIANTS=${BUF_VARIANTS:-es_perf es_a8192 es_nice}
BPFSTATS=${BPFSTATS:-1}
BPF_STATS=/proc/sys/kernel/bpf_stats_enabled
BPF_STATS_ORIG=

log() { printf '[bench %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root (the tracers load BPF programs)"
command -v cc >/dev/null || die "cc is needed"
mkdir -p "$OUT"
rm -f "$OUT"/failed.*.err "$OUT"/last.*.err "$OUT"/sample.*.txt
TMP=$(mktemp -d /tmp/execsnoop-bench.XXXXXX)
TRACER_PID=
cleanup() {
	[ -n "$TRACER_PID" ] && kill -KILL "$TRACER_PID" 2>/dev/null
	# put kernel.bpf_stats_enabled back as it was
	[ -n "$BPF_STATS_ORIG" ] && echo "$BPF_STATS_ORIG" >"$BPF_STATS" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# nap SECONDS: sleep without exec'ing anything (every exec would be traced).
mkfifo "$TMP/nap"
exec {NAPFD}<>"$TMP/nap"
nap() { read -r -t "$1" -u "$NAPFD" _ || :; }

# ---- build and freeze what is measured ---------------------------------
log "building the workload"
cc -static -O2 -nostdlib -DTINY_NOSTDLIB -o "$OUT/tiny" bench/tiny.c 2>/dev/null ||
	cc -static -O2 -o "$OUT/tiny" bench/tiny.c || die "cannot build bench/tiny.c"
"$OUT/tiny" || die "$OUT/tiny does not run"
cc -O2 -Wall -Wextra -pthread -o "$OUT/execgen" bench/execgen.c || die "cannot build execgen"
GEN=$OUT/execgen

# Others rebuild build/ while this runs: measure a private copy.
SRC_ES=${EXECSNOOP:-build/execsnoop}
[ -x "$SRC_ES" ] || die "$SRC_ES not built (run make)"
ES=$OUT/execsnoop
cp "$SRC_ES" "$ES.tmp" && mv "$ES.tmp" "$ES"
ES_SHA=$(sha256sum "$ES" | cut -c1-16)
ES_VERSION=$("$ES" --version 2>/dev/null | head -1)
GIT_REV=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
GIT_DIRTY=$(git status --porcelain -- src Makefile 2>/dev/null | wc -l)

# bpftrace's syscall tracepoints need tracefs.
if [ ! -d /sys/kernel/tracing/events/syscalls ]; then
	mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null &&
		log "mounted tracefs at /sys/kernel/tracing (bpftrace needs it)"
fi

HAVE_JSON=0
"$ES" --json --help >/dev/null 2>&1 && HAVE_JSON=1
HAVE_BT=0
command -v bpftrace >/dev/null && [ -r "$BT_SCRIPT" ] && HAVE_BT=1
[ "$HAVE_BT" = 1 ] || log "bpftrace or $BT_SCRIPT missing: no bpftrace measurements"
HAVE_LT=0
[ -x "$LT_BIN" ] && "$LT_BIN" --help 2>&1 | grep -q libbpf-tools && HAVE_LT=1
[ "$HAVE_LT" = 1 ] || log "libbpf-tools' execsnoop ($LT_BIN) missing: no libbpf-tools measurements"
LT_VERSION=$(dpkg-query -W -f='${Version}' libbpf-tools 2>/dev/null)

# Kernel-side cost: with kernel.bpf_stats_enabled=1 the kernel sums the run
# time and run count of every BPF program; each tracer's programs are the
# bpf-prog descriptors it holds (/proc/PID/fdinfo). The previous value is
# put back at exit (cleanup), and by a guard process if this script is killed.
if [ "$BPFSTATS" = 1 ] && [ -w "$BPF_STATS" ] && read -r BPF_STATS_ORIG <"$BPF_STATS"; then
	(
		trap '' INT TERM HUP
		exec </dev/null >/dev/null 2>&1
		tail --pid=$$ -f /dev/null
		read -r v <"$BPF_STATS" && [ "$v" = 1 ] && [ "$BPF_STATS_ORIG" != 1 ] &&
			echo "$BPF_STATS_ORIG" >"$BPF_STATS"
	) &
	echo 1 >"$BPF_STATS" || BPF_STATS_ORIG=
fi
[ -n "$BPF_STATS_ORIG" ] || log "kernel.bpf_stats_enabled not available: no BPF run-time figures"
# bpf_stats VALUE: set kernel.bpf_stats_enabled (only if this run manages it)
bpf_stats() { [ -z "$BPF_STATS_ORIG" ] || echo "$1" >"$BPF_STATS" 2>/dev/null || :; }

declare -A CMD
CMD[none]=""
CMD[es]="$ES"
CMD[es_perf]="$ES --transport perf"
CMD[es_json]="$ES --json"
CMD[es_je]="$ES --json -e"
CMD[es_x]="$ES -x"
CMD[es_u65534]="$ES -u 65534"
CMD[bpftrace]="bpftrace $BT_SCRIPT"
CMD[libbpf]="$LT_BIN"
for kib in $BUF_SIZES; do
	CMD[es_b$kib]="$ES --buffer-size $kib"
done
CMD[es_a8192]="$ES --args-size 8192"
CMD[es_nice]="nice -n -10 $ES"

MAIN_CFGS="none es es_perf"
[ "$HAVE_JSON" = 1 ] && MAIN_CFGS+=" es_json es_je"
MAIN_CFGS+=" es_x es_u65534"
SYS_CFGS="none es es_perf es_x es_u65534"
SCALE_CFGS="none es"
if [ "$HAVE_BT" = 1 ]; then
	MAIN_CFGS+=" bpftrace"
	SYS_CFGS+=" bpftrace"
	SCALE_CFGS+=" bpftrace"
fi
if [ "$HAVE_LT" = 1 ]; then
	MAIN_CFGS+=" libbpf"
	SYS_CFGS+=" libbpf"
	SCALE_CFGS+=" libbpf"
fi
BUF_CFGS=
for kib in $BUF_SIZES; do BUF_CFGS+=" es_b$kib"; done
BUF_CFGS+=" $BUF_VARIANTS"

# ---- helpers ------------------------------------------------------------
# kv KEY LINE: the value of KEY=... in a line of key=value pairs.
kv() {
	local w
	for w in $2; do
		[ "${w%%=*}" = "$1" ] && { printf '%s' "${w#*=}"; return; }
	done
}

# status_kb PID KEY: a VmXXX line of /proc/PID/status, in kB.
status_kb() {
	local k v _
	while read -r k v _; do
		[ "$k" = "$2:" ] && { printf '%s' "$v"; return; }
	done 2>/dev/null <"/proc/$1/status"
	printf -- '-1'
}

# cpu_ms PID: user+sys CPU of all live threads, from the scheduler's ns
# counter (/proc/PID/task/*/sched), printed as milliseconds.
cpu_ms() {
	local f k _ v sum=0 ns
	for f in /proc/"$1"/task/*/sched; do
		while read -r k _ v; do
			if [ "$k" = se.sum_exec_runtime ]; then
				# "123.456789" ms -> ns, integer arithmetic only
				ns=$(( ${v%.*} * 1000000 + 10#${v#*.} ))
				sum=$(( sum + ns ))
				break
			fi
		done 2>/dev/null <"$f"
	done
	printf '%d.%03d' $(( sum / 1000000 )) $(( sum / 1000 % 1000 ))
}

CLK_TCK=$(getconf CLK_TCK)
# tick_ms PID: utime+stime of /proc/PID/stat (clock ticks) in ms: coarse
# (10 ms steps) but includes exited threads; a cross-check of cpu_ms.
tick_ms() {
	local line rest
	read -r line 2>/dev/null <"/proc/$1/stat" || { printf -- '-1'; return; }
	rest=${line##*) }
	set -- $rest
	printf '%d' $(( (${12} + ${13}) * 1000 / CLK_TCK ))
}

# bpf_snap PID: run time (ns) and run count summed over the BPF programs
# PID holds descriptors of, and how many programs: "NS CNT N" (built-ins only).
bpf_snap() {
	local f k v id t c seen=' ' T=0 C=0 n=0
	for f in /proc/"$1"/fdinfo/*; do
		id= t= c=
		while read -r k v; do
			case $k in
			prog_id:) id=$v ;;
			run_time_ns:) t=$v ;;
			run_cnt:) c=$v ;;
			esac
		done 2>/dev/null <"$f"
		[ -n "$id" ] && [ -n "$t" ] || continue
		case $seen in *" $id "*) continue ;; esac
		seen+="$id "
		T=$((T + t)) C=$((C + ${c:-0})) n=$((n + 1))
	done
	printf '%s %s %s' "$T" "$C" "$n"
}

# bpf_on: the kernel is counting BPF run time now
bpf_on() {
	local v
	[ -n "$BPF_STATS_ORIG" ] && read -r v 2>/dev/null <"$BPF_STATS" && [ "$v" = 1 ]
}

# fsub A B: A - B for decimal strings (awk: outside measured phases only).
fsub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }

CSV_HEADER="run_id,section,config,rep,workers,nargs,argsize,thread,expected,rate,secs,captured,lines,tracer_lost,header_ms,first_event_ms,start_cpu_ms,cpu_ms,cpu_tick_ms,cpu_per_1k_ms,startup_rss_kb,steady_rss_kb,peak_rss_kb,syscall_ns,load1,status,rss_anon_kb,rss_file_kb,syscall_best_ns,machine_busy_pct,other_cpu_pct,rate_best,seen_ms,bpf_ns,bpf_runs,bpf_progs,bpf_ns_per_exec"
echo "$CSV_HEADER" >"$TMP/results.csv"
RUN_ID=B$(( $(date +%s) % 1000000 ))
TRIAL=0

# start_tracer CONFIG OUTFILE ERRFILE: launch, then exec a marker every 10 ms
# until one is printed (or, for a filter that hides them, until the header
# is). Sets TRACER_PID, HEADER_MS, FIRST_MS, SEEN_MS, START_CPU, START_RSS,
# START_TICKS.
start_tracer() {
	local cfg=$1 out=$2 err=$3 t0 probe extra=
	: >"$out"
	: >"$err"
	HEADER_MS= FIRST_MS= SEEN_MS=
	[ "$cfg" = es_u65534 ] && extra=-R
	t0=$EPOCHREALTIME
	# shellcheck disable=SC2086
	${CMD[$cfg]} >"$out" 2>"$err" &
	TRACER_PID=$!
	probe=$("$GEN" -P "$PROBE_US" -f "$out" -m "${TAG}s" -T "$t0" -H PID -0 -W 60 \
		-k "$TRACER_PID" $extra)
	HEADER_MS=$(kv header_ms "$probe")
	[ "$HEADER_MS" = -1.0 ] && HEADER_MS=
	FIRST_MS=$(kv first_event_ms "$probe")
	SEEN_MS=$(kv seen_ms "$probe")
	if [ "$(kv found "$probe")" != 1 ] || ! tracer_alive; then
		log "$cfg did not start: $(head -c 300 "$err")"
		stop_tracer
		return 1
	fi
	START_CPU=$(cpu_ms "$TRACER_PID")
	START_TICKS=$(tick_ms "$TRACER_PID")
	START_RSS=$(status_kb "$TRACER_PID" VmRSS)
}

# sync_tracer CONFIG OUTFILE: wait until everything before now is printed
# (a sentinel marker exec'd every 10 ms shows up), then a little longer
# for the per-CPU perf buffers, which do not keep one order.
sync_tracer() {
	if [ "$1" = es_u65534 ]; then
		nap 0.5
	else
		"$GEN" -P "$PROBE_US" -f "$2" -m "${TAG}e" -W 120 -k "$TRACER_PID" >/dev/null ||
			log "$1: sentinel never printed"
		nap 0.3
	fi
}

# tracer_alive: the tracer has not exited (a zombie has).
tracer_alive() {
	local line
	[ -n "$TRACER_PID" ] || return 1
	read -r line 2>/dev/null <"/proc/$TRACER_PID/stat" || return 1
	line=${line##*) }
	[ "${line:0:1}" != Z ] && [ "${line:0:1}" != X ]
}

# stop_tracer: SIGINT, SIGKILL after 10 s; its exit status goes to TRACER_RC.
stop_tracer() {
	local i
	TRACER_RC=
	[ -n "$TRACER_PID" ] || return 0
	kill -INT "$TRACER_PID" 2>/dev/null
	for i in $(seq 100); do
		tracer_alive || break
		nap 0.1
	done
	kill -KILL "$TRACER_PID" 2>/dev/null
	wait "$TRACER_PID" 2>/dev/null
	TRACER_RC=$?
	TRACER_PID=
}

# lost_count CONFIG OUT ERR: events the tracer itself says it lost.
lost_count() {
	if [ "$1" = bpftrace ] || [ "$1" = libbpf ]; then
		# bpftrace: "Lost N events"; libbpf-tools: "Lost N events on CPU #C!"
		cat "$2" "$3" | grep -oE 'Lost [0-9]+ events' |
			awk '{ s += $2 } END { print s + 0 }'
	else
		# "N events lost in total" or "..., N lost, ..." (summary line)
		grep -oE '[0-9]+ (events )?lost' "$3" | tail -1 | grep -oE '^[0-9]+' ||
			echo 0
	fi
}

# trial SECTION CONFIG REP GEN-ARGS...: one measurement, one CSV row.
trial() {
	local sec=$1 cfg=$2 rep=$3
	shift 3
	local out err gen res load1 _ status=ok
	local expected= rate= secs= captured= lines= lost= cpu= ticks= per1k=
	local steady= peak= sysns= cpu1 ticks1 w nargs=0 argsize=0 thread=0
	local anon= file= sysbest= busy= other= ratebest=
	local b0= b1= bns= bruns= bprogs= bper=
	TRIAL=$((TRIAL + 1))
	TAG=${RUN_ID}t$TRIAL
	out=$TMP/$sec.$cfg.$rep.out
	err=$TMP/$sec.$cfg.$rep.err
	read -r load1 _ </proc/loadavg
	HEADER_MS= FIRST_MS= SEEN_MS= START_CPU= START_RSS= START_TICKS=
	if [ "$cfg" != none ]; then
		if ! start_tracer "$cfg" "$out" "$err"; then
			status=start_failed_rc$TRACER_RC
		fi
	fi
	if [ "$status" = ok ]; then
		# BPF run time of the tracer's programs over the workload alone:
		# they run in the exec'ing tasks, so all is counted when it returns
		[ -n "$TRACER_PID" ] && bpf_on && b0=$(bpf_snap "$TRACER_PID")
		gen=$("$GEN" "$@" -m "$TAG" ${TRACER_PID:+-p "$TRACER_PID"})
		if [ -n "$b0" ] && bpf_on && tracer_alive; then
			b1=$(bpf_snap "$TRACER_PID")
			local -a bb=($b0 $b1)
			if [ "${bb[2]}" -gt 0 ] && [ "${bb[2]}" = "${bb[5]}" ]; then
				bns=$((bb[3] - bb[0])) bruns=$((bb[4] - bb[1])) bprogs=${bb[2]}
			fi
		fi
		if [ -n "$TRACER_PID" ]; then
			tracer_alive && sync_tracer "$cfg" "$out"
		fi
		if [ -n "$TRACER_PID" ] && ! tracer_alive; then
			# it exited by itself (crash, error, or killed by someone else)
			stop_tracer
			status=tracer_died_rc$TRACER_RC
			log "$cfg exited during the trial (status $TRACER_RC): $(tail -c 300 "$err")"
			lost=$(lost_count "$cfg" "$out" "$err")
		elif [ -n "$TRACER_PID" ]; then
			cpu1=$(cpu_ms "$TRACER_PID")
			ticks1=$(tick_ms "$TRACER_PID")
			peak=$(status_kb "$TRACER_PID" VmHWM)
			anon=$(status_kb "$TRACER_PID" RssAnon)
			file=$(status_kb "$TRACER_PID" RssFile)
			stop_tracer
			cpu=$(fsub "$cpu1" "$START_CPU")
			ticks=$((ticks1 - START_TICKS))
			steady=$(kv rss_med_kb "$gen")
			lost=$(lost_count "$cfg" "$out" "$err")
		fi
	fi
	w=$(kv workers "$gen")
	busy=$(kv machine_busy_pct "$gen")
	other=$(kv other_cpu_pct "$gen")
	case "$gen" in
	mode=exec*)
		expected=$(kv ok "$gen")
		rate=$(kv rate "$gen")
		ratebest=$(kv rate_best "$gen")
		secs=$(kv secs "$gen")
		nargs=$(kv nargs "$gen")
		argsize=$(kv argsize "$gen")
		thread=$(kv thread "$gen")
		[ "$(kv fail "$gen")" = 0 ] || status=exec_failures
		[ -n "$bns" ] && [ "${expected:-0}" -gt 0 ] &&
			bper=$(awk -v t="$bns" -v n="$expected" 'BEGIN { printf "%.1f", t / n }')
		if [ "$cfg" != none ] && [ -f "$out" ]; then
			captured=$(grep -oE "M${TAG}w[0-9]+n[0-9]+" "$out" | sort -u | wc -l)
			lines=$(grep -c "M${TAG}w" "$out")
			[ "$captured" -gt 0 ] && [ -n "$cpu" ] &&
				per1k=$(awk -v c="$cpu" -v n="$captured" 'BEGIN { printf "%.3f", c * 1000 / n }')
		fi
		;;
	mode=syscall*)
		sysns=$(kv ns_per_call "$gen")
		sysbest=$(kv ns_best "$gen")
		secs=$(kv secs "$gen")
		;;
	esac
	echo "$RUN_ID,$sec,$cfg,$rep,$w,$nargs,$argsize,$thread,$expected,$rate,$secs,$captured,$lines,$lost,$HEADER_MS,$FIRST_MS,$START_CPU,$cpu,$ticks,$per1k,$START_RSS,$steady,$peak,$sysns,$load1,$status,$anon,$file,$sysbest,$busy,$other,$ratebest,$SEEN_MS,$bns,$bruns,$bprogs,$bper" >>"$TMP/results.csv"
	log "$(printf '%-7s %-10s rep %s: %s' "$sec" "$cfg" "$rep" \
		"${rate:+$rate exec/s }${sysns:+$sysns ns/syscall (best chunk $sysbest) }${captured:+captured $captured/$expected }${lost:+lost $lost }${cpu:+cpu ${cpu}ms }${peak:+hwm ${peak}kB }${bper:+bpf ${bper}ns/exec }${FIRST_MS:+first ${FIRST_MS}ms }${other:+others ${other}% }$status")"
	# keep a sample of the raw output of the first repeat
	[ "$rep" = 1 ] && [ -f "$out" ] && head -5 "$out" >"$OUT/sample.$sec.$cfg.txt"
	rm -f "$out"
	if [ -f "$err" ]; then
		cp "$err" "$OUT/last.$sec.$cfg.err"
		[ "$status" = ok ] || cp "$err" "$OUT/failed.$TRIAL.$sec.$cfg.err"
		rm -f "$err"
	fi
	# let the tracer's teardown (BPF programs and maps freed after RCU, its
	# memory unmapped) finish before the next trial starts
	[ "$cfg" = none ] || nap "$SETTLE"
	case $status in
	ok | exec_failures) return 0 ;;
	*) return 1 ;;
	esac
}

# measure SECTION CONFIG REP GEN-ARGS...: a trial, repeated once if the
# tracer failed to start or died (both rows stay in the CSV).
measure() {
	trial "$@" && return 0
	log "repeating that trial once"
	trial "$@" || :
}

START_EPOCH=$(date +%s)
START_DATE=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
LOAD_START=$(cat /proc/loadavg)
log "run $RUN_ID: reps=$REPS main=$MAIN_N scale=$SCALE_N syscalls=$SYS_N zero-loss=$ZL_N"
log "execsnoop under test: $ES_VERSION sha256 $ES_SHA (git $GIT_REV, $GIT_DIRTY dirty files)"

want() { case " $SECTIONS " in *" $1 "*) return 0 ;; esac; return 1; }

# ---- 1. exec workload: every tracer, interleaved ----------------------
want main && for rep in $(seq "$REPS"); do
	for cfg in $MAIN_CFGS; do
		measure main "$cfg" "$rep" -n "$MAIN_N" -w "$MAIN_W"
	done
done

# ---- 2. cost to the rest of the system: a syscall loop that never execs -
# BPF run-time statistics off here: they add two clock reads to every run of
# a program, and -x's runs on every system call
want syscall && bpf_stats "$BPF_STATS_ORIG"
want syscall && for rep in $(seq "$REPS"); do
	for cfg in $SYS_CFGS; do
		measure syscall "$cfg" "$rep" -S "$SYS_N" -w "$SYS_W"
	done
done
bpf_stats 1

# ---- 3. scaling with argument volume ------------------------------------
want scale && for rep in $(seq "$REPS"); do
	for argv in "20 100" "100 1024"; do
		set -- $argv
		for cfg in $SCALE_CFGS; do
			measure "args$1x$2" "$cfg" "$rep" -n "$SCALE_N" -w "$MAIN_W" -a "$1" -s "$2"
		done
	done
done

# ---- 4. zero-loss checks: unthrottled, text to a file ------------------
want zeroloss && for spec in "2" "4" "2 -a 20 -s 100" "4 -a 20 -s 100" "2 -t" "4 -t" \
	"2 -a 100 -s 1024"; do
	set -- $spec
	w=$1
	shift
	n=$ZL_N
	[ "${2:-}" = 100 ] && n=$ZLH_N		# 32 KiB of output per exec
	measure zeroloss es 1 -n "$n" -w "$w" "$@"
done

# ---- 5. (optional) loss with heavy arguments against --buffer-size -----
want bufsize && for rep in $(seq "$REPS"); do
	for cfg in $BUF_CFGS; do
		measure bufsize "$cfg" "$rep" -n "$BUF_N" -w "$MAIN_W" -a 100 -s 1024
	done
done

END_EPOCH=$(date +%s)
LOAD_END=$(cat /proc/loadavg)
cp "$TMP/results.csv" "$RESULTS_CSV"

# ---- report -------------------------------------------------------------
{
	echo "RUN_ID=$RUN_ID"
	echo "DATE=$START_DATE"
	echo "DURATION_S=$((END_EPOCH - START_EPOCH))"
	echo "QUICK=$QUICK"
	echo "REPS=$REPS"
	echo "MAIN_N=$MAIN_N"
	echo "MAIN_W=$MAIN_W"
	echo "SCALE_N=$SCALE_N"
	echo "SYS_N=$SYS_N"
	echo "SYS_W=$SYS_W"
	echo "ZL_N=$ZL_N"
	echo "ZLH_N=$ZLH_N"
	echo "BUF_N=$BUF_N"
	echo "BUF_SIZES=$BUF_SIZES"
	echo "BUF_VARIANTS=$BUF_VARIANTS"
	echo "BPF_STATS=$([ -n "$BPF_STATS_ORIG" ] && echo 1 || echo 0)"
	echo "SECTIONS=$SECTIONS"
	echo "HOST=$(uname -n)"
	echo "KERNEL=$(uname -r) $(uname -v)"
	echo "OS=$(. /etc/os-release && echo "$PRETTY_NAME")"
	echo "CPU=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo) x $(nproc)"
	echo "MEM=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "ES_VERSION=$ES_VERSION"
	echo "ES_SHA=$ES_SHA"
	echo "GIT_REV=$GIT_REV"
	echo "GIT_DIRTY=$GIT_DIRTY"
	echo "HAVE_JSON=$HAVE_JSON"
	echo "BT_VERSION=$([ "$HAVE_BT" = 1 ] && bpftrace --version 2>/dev/null)"
	echo "LT_VERSION=$([ "$HAVE_LT" = 1 ] && echo "$LT_VERSION")"
	echo "LOAD_START=$LOAD_START"
	echo "LOAD_END=$LOAD_END"
	echo "CSV=$(basename "$RESULTS_CSV")"
	# shellcheck disable=SC2153
	for cfg in "${!CMD[@]}"; do
		echo "CMD_$cfg=${CMD[$cfg]}"
	done
} >"$OUT/meta.env"
bench/report.sh "$RESULTS_CSV" "$OUT/meta.env" ${NOTES:+"$NOTES"} >"$RESULTS_MD.tmp" && mv "$RESULTS_MD.tmp" "$RESULTS_MD"
log "done in $((END_EPOCH - START_EPOCH)) s: $RESULTS_MD, $RESULTS_CSV"
