# Shared helpers for end-to-end tests: source it, define test_* functions,
# then call run_tests. Each test runs the real tool against real processes
# and compares the exact lines it prints.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
ES=${EXECSNOOP:-$ROOT/build/execsnoop}
HELPERS=$ROOT/build/tests
T=$(mktemp -d /tmp/execsnoop-e2e.XXXXXX)
SNOOP_PID=
SNOOP_RC=
OUT=$T/out
ERR=$T/err

cleanup_all() {
	[ -n "$SNOOP_PID" ] && kill -KILL "$SNOOP_PID" 2>/dev/null
	rm -rf "$T"
}
trap cleanup_all EXIT

# start_snoop OPTIONS...: start the tool; return once its header is out,
# which it prints only after the BPF programs are attached.
start_snoop() {
	: >"$OUT"
	: >"$ERR"
	"$ES" "$@" >"$OUT" 2>"$ERR" &
	SNOOP_PID=$!
	local i
	for i in $(seq 200); do
		[ -s "$OUT" ] && return 0
		kill -0 "$SNOOP_PID" 2>/dev/null || break
		sleep 0.05
	done
	echo "execsnoop did not start: $(head -c 500 "$ERR")" >&2
	return 1
}

# sync_snoop: exec a unique sentinel and wait until it is printed; since the
# ring buffer keeps one order, everything before it has been printed too.
sync_snoop() {
	local tag=sentinel-$RANDOM$RANDOM i
	/bin/true "$tag"
	for i in $(seq 200); do
		grep -q -- "$tag" "$OUT" && return 0
		sleep 0.05
	done
	echo "sentinel $tag never appeared" >&2
	return 1
}

# stop_snoop [SIGNAL]: stop the tool, keep its exit status in SNOOP_RC.
stop_snoop() {
	kill -"${1:-INT}" "$SNOOP_PID" 2>/dev/null
	wait "$SNOOP_PID"
	SNOOP_RC=$?
	SNOOP_PID=
}

# line COMM PID PPID RET ARGS: a line exactly as the default columns print it.
line() {
	printf '%-16s %-7s %-7s %3s %s' "$1" "$2" "$3" "$4" "$5"
}

# has_line TEXT: the output holds exactly this line.
has_line() {
	grep -qxF -- "$1" "$OUT"
}

CUR=
FAILED=0
fail() {
	echo "FAIL: $CUR: $*"
	FAILED=1
}

# expect_line TEXT: fail the current test, showing the near lines, if absent.
expect_line() {
	if ! has_line "$1"; then
		fail "missing line:"
		printf '   want: %q\n' "$1"
		grep -v sentinel- "$OUT" | tail -5 | sed 's/^/   got:  /'
		return 1
	fi
}

expect_no_match() {
	if grep -q -- "$1" "$OUT"; then
		fail "unexpected output matching '$1': $(grep -m1 -- "$1" "$OUT")"
		return 1
	fi
}

run_tests() {
	local t
	for t in $(declare -F | awk '{print $3}' | grep '^test_'); do
		[ -n "${ONLY:-}" ] && [[ $t != *$ONLY* ]] && continue
		CUR=${t#test_}
		FAILED=0
		"$t"
		[ -n "$SNOOP_PID" ] && stop_snoop KILL
		[ $FAILED -eq 0 ] && echo "PASS: $CUR"
	done
}
