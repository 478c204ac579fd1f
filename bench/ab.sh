#!/bin/bash
# A/B cost of two execsnoop builds (or two option sets), interleaved so that
# the load of a shared machine falls on both alike: A, B, A, B, ...
#
#   bench/ab.sh [-n N] [-r REPS] [-a NARGS -s BYTES] BIN_A "ARGS_A" BIN_B "ARGS_B"
#   e.g. bench/ab.sh /tmp/old/build/execsnoop "-j -e" build/execsnoop "-j -e"
#
# Each trial: the tracer writes to a file in /tmp, execgen (bench/execgen.c)
# runs N execs of bench/tiny from 2 workers (with NARGS arguments of BYTES
# each if given), then the tracer's CPU (the scheduler's ns, all threads) and
# the run time of its BPF programs (kernel.bpf_stats_enabled) are read.
# Prints one line per trial and the medians: user-space CPU per 1000 execs
# (ms) and BPF ns per exec. A measurement, not a test. Run as root.
set -u
cd "$(dirname "$0")/.." || exit 1
N=3000 REPS=5 NARGS= BYTES=
while getopts n:r:a:s: o; do
	case $o in
	n) N=$OPTARG ;;
	r) REPS=$OPTARG ;;
	a) NARGS=$OPTARG ;;
	s) BYTES=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 4 ] || { echo "usage: $0 [-n N] [-r REPS] [-a NARGS -s BYTES] BIN_A ARGS_A BIN_B ARGS_B" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "$0: run as root" >&2; exit 2; }

OUT=bench/out
mkdir -p "$OUT"
[ -x "$OUT/tiny" ] || cc -static -O2 -o "$OUT/tiny" bench/tiny.c || exit 1
[ -x "$OUT/execgen" ] && [ "$OUT/execgen" -nt bench/execgen.c ] ||
	cc -O2 -Wall -Wextra -pthread -o "$OUT/execgen" bench/execgen.c || exit 1
GEN=$OUT/execgen
STATS=/proc/sys/kernel/bpf_stats_enabled
orig=$(cat "$STATS")
tmp=$(mktemp -d)
trap 'echo "$orig" >"$STATS"; rm -rf "$tmp"' EXIT
echo 1 >"$STATS"

# cpu_ns PID: se.sum_exec_runtime of all its threads, in ns
cpu_ns() {
	local f k _ v sum=0
	for f in /proc/"$1"/task/*/sched; do
		while read -r k _ v; do
			[ "$k" = se.sum_exec_runtime ] || continue
			sum=$((sum + ${v%.*} * 1000000 + 10#${v#*.}))
		done <"$f"
	done
	echo "$sum"
}

# bpf_ns PID: run_time_ns and run_cnt summed over the programs PID holds
bpf_ns() {
	local f k v t=0 c=0
	for f in /proc/"$1"/fdinfo/*; do
		while read -r k v; do
			case $k in
			run_time_ns:) t=$((t + v)) ;;
			run_cnt:) c=$((c + v)) ;;
			esac
		done 2>/dev/null <"$f"
	done
	echo "$t $c"
}

trial() {
	local bin=$1 args=$2 tag=$3 pid c0 c1 b
	: >"$tmp/out"
	# shellcheck disable=SC2086
	"$bin" $args -o "$tmp/out" 2>"$tmp/err" &
	pid=$!
	"$GEN" -P 20000 -f "$tmp/out" -m "${tag}s" -W 60 -k "$pid" >/dev/null || {
		echo "tracer did not start: $(head -c 300 "$tmp/err")" >&2
		kill "$pid" 2>/dev/null
		return 1
	}
	c0=$(cpu_ns "$pid")
	read -r t0 n0 <<<"$(bpf_ns "$pid")"
	# shellcheck disable=SC2086
	"$GEN" -n "$N" -w 2 -x "$OUT/tiny" -m "$tag" ${NARGS:+-a $NARGS -s $BYTES} >/dev/null
	"$GEN" -P 20000 -f "$tmp/out" -m "${tag}e" -W 60 -k "$pid" >/dev/null
	c1=$(cpu_ns "$pid")
	read -r t1 n1 <<<"$(bpf_ns "$pid")"
	kill -INT "$pid"
	wait "$pid" 2>/dev/null
	b=$(( (t1 - t0) / N ))
	printf '%s\t%s\t%d\t%d\t%s\n' "$tag" "$args" $(( (c1 - c0) / N )) "$b" "$(grep -c "M${tag}w" "$tmp/out")"
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

echo "trial	args	ns_per_exec_user	bpf_ns_per_exec	markers_printed"
for r in $(seq "$REPS"); do
	trial "$1" "$2" "A$r" >>"$tmp/a" || exit 1
	trial "$3" "$4" "B$r" >>"$tmp/b" || exit 1
done
cat "$tmp/a" "$tmp/b"
for s in a b; do
	printf '%s median: user-space CPU per 1000 execs %s ms, BPF %s ns per exec (%s)\n' \
		"$(echo $s | tr ab AB)" \
		"$(awk -F'\t' '{ print $3 }' "$tmp/$s" | median | awk '{ printf "%.1f", $1 / 1000 }')" \
		"$(awk -F'\t' '{ print $4 }' "$tmp/$s" | median)" \
		"$( [ $s = a ] && echo "$1 $2" || echo "$3 $4")"
done
