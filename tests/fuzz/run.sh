#!/bin/bash
# The libFuzzer targets (tests/fuzz/fuzz_*.c), built into build/fuzz/ with
# clang -fsanitize=fuzzer,address,undefined, and run on a copy of their seed
# corpus (tests/fuzz/corpus/TARGET/, which is never written to).
#
#   tests/fuzz/run.sh build             build the targets only
#   tests/fuzz/run.sh short             each target for ~20 s: one line each,
#                                       "PASS: fuzz/T: N runs, cov C" or "FAIL: fuzz/T: why"
#   tests/fuzz/run.sh long [SECONDS]    each target for SECONDS (default 600),
#                                       -jobs=1 -workers=1, corpus kept between runs
#   tests/fuzz/run.sh [short|long] ... TARGET...   only these (decode sinks escape options
#                                       replay)
#
# LIB_SRCS: the user-space sources that link without the BPF skeleton (the
# Makefile's list; asked from make when not given). FUZZ_CFLAGS: more
# compiler flags. Crash inputs (build/fuzz/artifacts/T/), logs
# (build/fuzz/logs/) and working corpora (build/fuzz/corpus/T/) stay under
# build/fuzz/. Reproduce a crash: build/fuzz/fuzz_T build/fuzz/artifacts/T/crash-...
# Exits non-zero if a target failed to build, crashed, or ran nothing.
set -u
cd "$(dirname "$0")/../.." || exit 1
ROOT=$PWD

OUT=build/fuzz
ALL_TARGETS="decode sinks escape options replay journal"
SHORT_SECONDS=20

mode=${1:-short}
[ $# -gt 0 ] && shift
seconds=$SHORT_SECONDS
if [ "$mode" = long ]; then
	seconds=600
	case "${1:-}" in
	[0-9]*) seconds=$1; shift ;;
	esac
fi
targets=${*:-$ALL_TARGETS}
usage() {
	echo "usage: $0 [build|short|long [SECONDS]] [TARGET...] (targets: $ALL_TARGETS)" >&2
	exit 2
}
case "$mode" in
build|short|long) ;;
*)	usage ;;
esac
for t in $targets; do
	[ -f "tests/fuzz/fuzz_$t.c" ] || usage
done

if [ -z "${LIB_SRCS:-}" ]; then
	# shellcheck disable=SC2016
	LIB_SRCS=$(make --no-print-directory -s --eval='fuzz-lib-srcs: ; @echo $(LIB_SRCS)' \
		   fuzz-lib-srcs 2>/dev/null) || LIB_SRCS=""
fi
if [ -z "$LIB_SRCS" ]; then
	LIB_SRCS="src/strbuf.c src/escape.c src/options.c src/decode.c src/filter.c
		  src/sink.c src/sink_text.c src/sink_json.c src/cgpath.c src/output.c
		  src/transport.c src/proc.c src/tracefs.c src/privs.c src/kfeatures.c
		  src/passwd.c src/ident.c src/container.c src/runlog.c src/report.c
		  src/timeline.c src/perfetto.c src/json.c src/replay.c src/journal.c"
fi

CLANG=${CLANG:-clang}
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
LIBBPF_CFLAGS=$(pkg-config --cflags libbpf 2>/dev/null)
LIBBPF_LIBS=$(pkg-config --libs libbpf 2>/dev/null || echo -lbpf -lelf -lz)
CFLAGS="-O1 -g -Wall -Wextra -Werror -Isrc -Itests/fuzz $LIBBPF_CFLAGS ${FUZZ_CFLAGS:-}"

# Per target: the longest input, and a dictionary if there is one.
max_len() {
	case "$1" in
	decode|sinks|replay)	echo 16384 ;;
	escape)		echo 4096 ;;
	*)		echo 512 ;;
	esac
}

# The sources compiled once for coverage (fuzzer-no-link), then each target
# linked with libFuzzer's main. Objects are rebuilt when a source or any
# header is newer.
build() {
	local objdir=$OUT/obj src obj objs="" pids="" pid rc=0 t newest
	mkdir -p "$objdir"
	# other flags than last time: everything is rebuilt
	if [ "$(cat "$objdir/flags" 2>/dev/null)" != "$CLANG $CFLAGS" ]; then
		rm -f "$objdir"/*.o
		echo "$CLANG $CFLAGS" >"$objdir/flags"
	fi
	newest=$(ls -t src/*.h tests/fuzz/*.h tests/fuzz/run.sh | head -n 1)
	for src in $LIB_SRCS tests/fuzz/fuzz_util.c; do
		obj=$objdir/$(basename "${src%.c}").o
		objs="$objs $obj"
		if [ ! -e "$obj" ] || [ "$src" -nt "$obj" ] || [ "$newest" -nt "$obj" ]; then
			# shellcheck disable=SC2086
			$CLANG $CFLAGS -fsanitize=fuzzer-no-link $SAN -c "$src" -o "$obj" &
			pids="$pids $!"
		fi
	done
	for pid in $pids; do
		wait "$pid" || rc=1
	done
	[ $rc -eq 0 ] || return 1
	pids=""
	for t in $targets; do
		# shellcheck disable=SC2086
		$CLANG $CFLAGS -fsanitize=fuzzer $SAN "tests/fuzz/fuzz_$t.c" $objs $LIBBPF_LIBS \
			-o "$OUT/fuzz_$t" &
		pids="$pids $!"
	done
	for pid in $pids; do
		wait "$pid" || rc=1
	done
	return $rc
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

# The last value of "KEY: N" in a libFuzzer log.
last_stat() {
	grep -o "$1: [0-9]*" "$2" | tail -n 1 | sed 's/.*: //'
}

# Why a run failed, from its log: the sanitizer's or our checker's words.
why() {
	local log=$1 reason unit
	reason=$(grep -m1 -E '^SUMMARY: |^fuzz check failed: |^==[0-9]+== ?ERROR: libFuzzer: ' \
		 "$log" | sed -e 's/^SUMMARY: //' -e 's/^==[0-9]*== \?ERROR: libFuzzer: //' \
			       -e 's/ in *$//')
	[ -n "$reason" ] || reason=$(grep -m1 -E 'ERROR|error' "$log")
	[ -n "$reason" ] || reason="fuzzer exited non-zero"
	unit=$(grep -o 'Test unit written to [^ ]*' "$log" | tail -n 1 | sed 's/.* //')
	echo "$reason${unit:+ (input: $unit)} (log: $log)"
}

# The working corpus: the seeds copied in (short: a fresh copy).
prepare_corpus() {
	local t=$1 dir=$2
	[ "$mode" = short ] && rm -rf "$dir"
	mkdir -p "$dir" "$OUT/artifacts/$t"
	if [ -d "tests/fuzz/corpus/$t" ]; then
		cp -n tests/fuzz/corpus/"$t"/* "$dir"/ 2>/dev/null || true
	fi
}

fuzz_args() {
	local t=$1
	echo "-max_total_time=$seconds -timeout=10 -rss_limit_mb=2048 -max_len=$(max_len "$t")"
	echo "-print_final_stats=1 -artifact_prefix=$ROOT/$OUT/artifacts/$t/"
	[ -f "tests/fuzz/$t.dict" ] && echo "-dict=$ROOT/tests/fuzz/$t.dict"
}

run_short() {
	local t=$1 dir log runs cov
	dir=$OUT/short-corpus/$t
	log=$OUT/logs/$t.short.log
	prepare_corpus "$t" "$dir"
	# shellcheck disable=SC2046
	if ! "$OUT/fuzz_$t" $(fuzz_args "$t") "$dir" >"$log" 2>&1; then
		echo "FAIL: fuzz/$t: $(why "$log")"
		return 1
	fi
	runs=$(last_stat stat::number_of_executed_units "$log")
	cov=$(last_stat cov "$log")
	if [ -z "$runs" ] || [ "$runs" -eq 0 ]; then
		echo "FAIL: fuzz/$t: no runs (log: $log)"
		return 1
	fi
	echo "PASS: fuzz/$t: $runs runs, cov ${cov:-0}"
}

run_long() {
	local t=$1 dir wd rc=0 before after new log runs cov ft corp args
	dir=$ROOT/$OUT/corpus/$t
	wd=$OUT/logs/$t.long
	prepare_corpus "$t" "$dir"
	rm -rf "$wd"
	mkdir -p "$wd"
	before=$(find "$OUT/artifacts/$t" -type f | sort)
	args=$(fuzz_args "$t")
	# -jobs writes fuzz-0.log to the working directory: build/fuzz/logs/T.long/
	# shellcheck disable=SC2086
	(cd "$wd" && exec "$ROOT/$OUT/fuzz_$t" $args -jobs=1 -workers=1 "$dir" \
		>parent.log 2>&1) || rc=1
	after=$(find "$OUT/artifacts/$t" -type f | sort)
	new=$(comm -13 <(echo "$before") <(echo "$after") | tr '\n' ' ' | sed 's/ $//')
	log=$wd/fuzz-0.log
	[ -f "$log" ] || log=$wd/parent.log
	runs=$(last_stat stat::number_of_executed_units "$log")
	[ -n "$runs" ] || runs=$(grep -o '^#[0-9]*' "$log" | tail -n 1 | tr -d '#')
	cov=$(last_stat cov "$log")
	ft=$(last_stat ft "$log")
	corp=$(find "$dir" -type f | wc -l)
	if [ -n "$new" ] || [ "$rc" -ne 0 ] || [ -z "$runs" ]; then
		echo "FAIL: fuzz/$t: ${runs:-0} runs (limit ${seconds} s), cov ${cov:-?}, ft ${ft:-?}," \
		     "corpus $corp inputs; crash files: ${new:-none}; $(why "$log")"
		return 1
	fi
	echo "PASS: fuzz/$t: $runs runs in ${seconds} s, cov ${cov:-?}, ft ${ft:-?}," \
	     "corpus $corp inputs ($OUT/corpus/$t); crash files: none"
}

if ! command -v "$CLANG" >/dev/null 2>&1; then
	echo "FAIL: fuzz: $CLANG is not installed"
	exit 1
fi
mkdir -p "$OUT/logs"
if ! build >"$OUT/logs/build.log" 2>&1; then
	echo "FAIL: fuzz: build failed: $(grep -m1 -E 'error' "$OUT/logs/build.log")" \
	     "(log: $OUT/logs/build.log)"
	exit 1
fi
[ "$mode" = build ] && exit 0

failed=0
for t in $targets; do
	case "$mode" in
	short)	run_short "$t" || failed=1 ;;
	long)	run_long "$t" || failed=1 ;;
	esac
done
exit $failed
