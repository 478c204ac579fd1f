#!/bin/bash
# The gap a restart leaves, and a hand-over that leaves none (a measurement,
# not a test). A sequential exec storm (one marker exec at a time, as fast
# as the machine goes) runs while the tracer is restarted two ways:
#   restart:  stop instance A (SIGTERM, waited for), then start B, as
#             systemctl restart does;
#   handover: start B, wait until B has printed one marker, then stop A.
# Markers in neither A's nor B's file are the gap; with its exec rate, the
# gap in milliseconds; markers in both are the overlap (duplicates).
#   bench/restart.sh [N (default 4000)] [ROUNDS (default 3)]
# Needs root and a build (make all tests-helpers).
set -u
cd "$(dirname "$0")/.."
ES=$PWD/build/execsnoop
STORM=$PWD/build/tests/exec_storm
N=${1:-4000}
ROUNDS=${2:-3}
T=$(mktemp -d /tmp/execsnoop-restart.XXXXXX)
trap 'rm -rf "$T"' EXIT
[ -x "$ES" ] && [ -x "$STORM" ] || { echo "make all tests-helpers first" >&2; exit 1; }
printf '%s\n' 'void _start(void)' '{' \
	'	__asm__ volatile("mov $60, %eax\n\txor %edi, %edi\n\tsyscall");' '}' >"$T/tiny.c"
cc -O2 -static -nostdlib -o "$T/tiny" "$T/tiny.c" || exit 1

# start FILE: an instance writing JSON to FILE, only the storm's execs
# (-l), returned once attached (a sentinel printed); its pid in $!.
start() {
	"$ES" -j -l 'rs-|sentinel' --buffer-size 16384 -o "$1" 2>>"$T/err" &
	local pid=$! i
	for ((i = 0; i < 400; i++)); do
		"$T/tiny" "sentinel-$pid"
		grep -q "sentinel-$pid" "$1" 2>/dev/null && { LAST=$pid; return 0; }
		sleep 0.05
	done
	echo "instance did not start: $(tail -3 "$T/err")" >&2
	exit 1
}

# seen FILE...: the marker numbers in FILE..., one a line, sorted.
seen() {
	cat "$@" | jq -r 'select(.event == "exec") | .args[1] // empty' | grep -oE '^rs-[0-9]+$' |
		cut -d- -f2 | sort -n
}

# wait_marker FILE K: until marker K or a later one is in FILE.
wait_marker() {
	while [ "$(seen "$1" | tail -1)" -lt "$2" ] 2>/dev/null || [ -z "$(seen "$1" | tail -1)" ]; do
		sleep 0.02
	done
}

round() {
	local mode=$1 a b storm t0 t1 missing dup rate
	start "$T/a.json"; a=$LAST
	t0=$(date +%s.%N)
	"$STORM" "$N" "$T/tiny" rs 1 &
	storm=$!
	wait_marker "$T/a.json" $((N / 3))
	if [ "$mode" = restart ]; then
		kill -TERM $a; wait $a
		start "$T/b.json"; b=$LAST
	else
		start "$T/b.json"; b=$LAST
		kill -TERM $a; wait $a
	fi
	wait $storm
	t1=$(date +%s.%N)
	wait_marker "$T/b.json" $((N - 1))
	kill -TERM $b; wait $b
	seen "$T/a.json" >"$T/sa"
	seen "$T/b.json" >"$T/sb"
	missing=$((N - $(sort -nu "$T/sa" "$T/sb" | wc -l)))
	dup=$(comm -12 <(sort "$T/sa") <(sort "$T/sb") | wc -l)
	rate=$(echo "$N / ($t1 - $t0)" | bc -l)
	printf '%-8s %6d markers  %5d missed  %5d in both  %7.0f execs/s  gap %7.1f ms\n' \
		"$mode" "$N" "$missing" "$dup" "$rate" "$(echo "$missing * 1000 / $rate" | bc -l)"
	rm -f "$T/a.json" "$T/b.json"
}

for ((r = 1; r <= ROUNDS; r++)); do
	round restart
	round handover
done
