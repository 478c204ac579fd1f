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

# E2E_QUICK=1 is for slow machines (make test-kernels sets it: its VMs
# emulate their CPU, and an exec costs several times more there). The few
# tests that make thousands of execs then make fewer where the count does not
# matter, and wait longer where it does; every check stays.
# quick NORMAL SLOW: NORMAL, or SLOW under E2E_QUICK=1.
quick() {
	if [ "${E2E_QUICK:-}" = 1 ]; then echo "$2"; else echo "$1"; fi
}

CLEANUPS=()
# at_exit COMMAND: eval COMMAND when the test file ends (last added runs first).
at_exit() {
	CLEANUPS+=("$1")
}

cleanup_all() {
	local i
	[ -n "$SNOOP_PID" ] && kill -KILL "$SNOOP_PID" 2>/dev/null
	for ((i = ${#CLEANUPS[@]} - 1; i >= 0; i--)); do
		eval "${CLEANUPS[i]}"
	done
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

# sync_with COMMAND...: run COMMAND with a unique sentinel as its last
# argument (stdout discarded) and wait until the sentinel is printed; for
# filters that would hide sync_snoop's /bin/true.
sync_with() {
	local tag=sentinel-$RANDOM$RANDOM
	"$@" "$tag" >/dev/null
	wait_for "$tag"
}

# sync_by_name: like sync_snoop, but the sentinel is the program's file name
# (a symlink to /bin/true), so it shows even with --max-args 1.
sync_by_name() {
	local tag=sentinel-$RANDOM$RANDOM
	ln -s /bin/true "$T/$tag" && "$T/$tag" && wait_for "$T/$tag"
}

# wait_for TEXT [SECONDS]: wait (default 10 s) until the output contains TEXT.
wait_for() {
	local i n=$(( ${2:-10} * 20 ))
	for ((i = 0; i < n; i++)); do
		grep -qF -- "$1" "$OUT" && return 0
		sleep 0.05
	done
	printf '%q never appeared\n' "$1" >&2
	return 1
}

# wait_line TEXT [SECONDS]: wait (default 10 s) until OUT holds exactly this
# line; fail the test, showing the near lines, if it never does.
wait_line() {
	local i n=$(( ${2:-10} * 20 ))
	for ((i = 0; i < n; i++)); do
		has_line "$1" && return 0
		sleep 0.05
	done
	expect_line "$1"
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

# expect_count N PATTERN: exactly N output lines match the extended regex.
expect_count() {
	local n
	n=$(grep -cE -- "$2" "$OUT")
	if [ "$n" -ne "$1" ]; then
		fail "$n lines match '$2', want $1"
		grep -E -- "$2" "$OUT" | head -3 | sed 's/^/   got:  /'
		return 1
	fi
}

# expect_no_line TEXT: the output does not hold this exact line.
expect_no_line() {
	if has_line "$1"; then
		fail "unexpected line: $1"
		return 1
	fi
}

# expect_eq WHAT GOT WANT: fail with both values shown unless equal.
expect_eq() {
	if [ "$2" != "$3" ]; then
		fail "$1: got $(printf %q "$2"), want $(printf %q "$3")"
		return 1
	fi
}

# expect_quiet_stderr: the tool wrote nothing on stderr.
expect_quiet_stderr() {
	if [ -s "$ERR" ]; then
		fail "unexpected stderr: $(head -c 300 "$ERR")"
		return 1
	fi
}

# no_control_bytes FILE: FILE is valid UTF-8 and holds no C0 control byte
# but \n, no DEL, no C1 control, bidi control or line/paragraph separator.
no_control_bytes() {
	iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1 &&
	! LC_ALL=C grep -qaP '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\x8e\x8f\xa8-\xae]|\xe2\x81[\xa6-\xa9]' "$1"
}

# expect_usage_error ARGS...: the tool, run with ARGS, exits 2 with nothing
# on stdout and exactly two lines on stderr: "execsnoop: ..." and the hint.
expect_usage_error() {
	local rc
	timeout -s KILL 30 "$ES" "$@" >"$OUT" 2>"$ERR"
	rc=$?
	local what="execsnoop $(printf '%q ' "$@")"
	[ "$rc" -eq 2 ] || fail "$what: exit status $rc, want 2 (stderr: $(head -c 300 "$ERR"))"
	[ -s "$OUT" ] && fail "$what: wrote on stdout: $(head -c 200 "$OUT")"
	[ "$(wc -l <"$ERR")" -eq 2 ] ||
		fail "$what: want 2 lines on stderr, got: $(head -c 500 "$ERR")"
	grep -q '^execsnoop: ' <(head -1 "$ERR") ||
		fail "$what: first stderr line: $(head -1 "$ERR")"
	[ "$(sed -n 2p "$ERR")" = "Try 'execsnoop --help' for more information." ] ||
		fail "$what: second stderr line: $(sed -n 2p "$ERR")"
}

# build_tiny: $T/tiny, a static program that exits 0 at once (on x86_64
# without libc, so that an exec of it costs little more than the kernel's work).
build_tiny() {
	[ -x "$T/tiny" ] && return 0
	if [ "$(uname -m)" = x86_64 ]; then
		printf '%s\n' 'void _start(void)' '{' \
			'	__asm__ volatile("mov $60, %eax\n\txor %edi, %edi\n\tsyscall");' \
			'	for (;;)' '		;' '}' >"$T/tiny.c"
		cc -O2 -static -nostdlib -o "$T/tiny" "$T/tiny.c"
	else
		printf 'int main(void) { return 0; }\n' >"$T/tiny.c"
		cc -O2 -static -o "$T/tiny" "$T/tiny.c"
	fi
}

# comm_of PID: the kernel's name for a process (what COMM should show).
comm_of() {
	cat "/proc/$1/comm"
}

expect_no_match() {
	if grep -q -- "$1" "$OUT"; then
		fail "unexpected output matching '$1': $(grep -m1 -- "$1" "$OUT")"
		return 1
	fi
}

# run_tests: every test_* function (or those matching $ONLY); the file's
# status is 1 if any of them failed, else 0 (a skipped test is no failure).
run_tests() {
	local t any=0
	for t in $(declare -F | awk '{print $3}' | grep '^test_'); do
		[ -n "${ONLY:-}" ] && [[ $t != *$ONLY* ]] && continue
		CUR=${t#test_}
		FAILED=0
		"$t"
		[ -n "$SNOOP_PID" ] && stop_snoop KILL
		[ $FAILED -eq 0 ] && echo "PASS: $CUR"
		[ $FAILED -eq 1 ] && any=1
	done
	return $any
}

# feature_off NAME: EXECSNOOP_FEATURES_OFF (ringbuf, bpf_loop, task_pt_regs
# or all) turns the kernel feature NAME off for the tool, as make
# test-kernels does in its second pass.
feature_off() {
	case ",${EXECSNOOP_FEATURES_OFF:-}," in
	*,"$1",* | *,all,*) return 0 ;;
	esac
	return 1
}

# skip_unless_transport TRANSPORT: skip the current test (and return 1) when
# the transport it asks for explicitly is turned off.
skip_unless_transport() {
	if [ "$1" = ring ] && feature_off ringbuf; then
		skip "the ring buffer is turned off (EXECSNOOP_FEATURES_OFF)"
		return 1
	fi
}

# skip WHY: the current test cannot run here; neither PASS nor FAIL.
skip() {
	echo "SKIP: $CUR: $*"
	FAILED=2
}

# wait_match REGEX [SECONDS]: wait (default 10 s) until a line of the output
# matches the extended regular expression.
wait_match() {
	local i n=$(( ${2:-10} * 20 ))
	for ((i = 0; i < n; i++)); do
		grep -qE -- "$1" "$OUT" && return 0
		sleep 0.05
	done
	printf '%q never matched\n' "$1" >&2
	return 1
}

# start_snoop_quiet OPTIONS...: start the tool when it prints no header
# (-j): exec sentinels until one is printed, so the programs are attached.
start_snoop_quiet() {
	: >"$OUT"
	: >"$ERR"
	"$ES" "$@" >"$OUT" 2>"$ERR" &
	SNOOP_PID=$!
	local tag=sentinel-start-$RANDOM$RANDOM i
	for i in $(seq 200); do
		kill -0 "$SNOOP_PID" 2>/dev/null || break
		/bin/true "$tag"
		grep -qF -- "$tag" "$OUT" && return 0
		sleep 0.05
	done
	echo "execsnoop did not start: $(head -c 500 "$ERR")" >&2
	return 1
}

# exit_line COMM PID PPID: the one EXIT line of PID (fails the test if
# there is not exactly one); the part after the RET column goes to EXIT_REST.
EXIT_REST=
exit_line() {
	local head n
	head=$(line "$1" "$2" "$3" EXIT '')
	EXIT_REST=
	n=$(awk -v p="$2" '$2 == p && $4 == "EXIT"' "$OUT" | wc -l)
	if [ "$n" -ne 1 ]; then
		fail "want one EXIT line for pid $2, got $n:"
		awk -v p="$2" '$2 == p' "$OUT" | head -5 | sed 's/^/   got:  /'
		return 1
	fi
	local l
	l=$(awk -v p="$2" '$2 == p && $4 == "EXIT"' "$OUT")
	if [ "${l:0:${#head}}" != "$head" ]; then
		fail "EXIT line for pid $2: $(printf %q "$l"), want it to start with $(printf %q "$head")"
		return 1
	fi
	EXIT_REST=${l:${#head}}
}

# expect_exit COMM PID PPID TEXT [SUFFIX]: PID's one EXIT line reads
# "TEXT, ran N.NNN msSUFFIX" after the RET column; N.NNN goes to EXIT_MS.
EXIT_MS=
expect_exit() {
	EXIT_MS=
	exit_line "$1" "$2" "$3" || return 1
	if [[ $EXIT_REST =~ ^(.*)', ran '([0-9]+\.[0-9]{3})' ms'(.*)$ ]] &&
		[ "${BASH_REMATCH[1]}" = "$4" ] && [ "${BASH_REMATCH[3]}" = "${5:-}" ]; then
		EXIT_MS=${BASH_REMATCH[2]}
		return 0
	fi
	fail "EXIT line for pid $2 ends $(printf %q "$EXIT_REST"), want $(printf %q "$4, ran N.NNN ms${5:-}")"
	return 1
}

# status_text STATUS: what an EXIT line must say for this wait(2) status.
status_text() {
	local s=$1 sig=$(( $1 & 127 ))
	if [ $sig -eq 0 ]; then
		echo "code $(( (s >> 8) & 255 ))"
	elif [ $(( s & 128 )) -ne 0 ]; then
		echo "killed by SIG$(kill -l $sig) (core dumped)"
	else
		echo "killed by SIG$(kill -l $sig)"
	fi
}

# json_lines_valid FILE: every line of FILE is one JSON object, for jq and
# for Python alike; prints what is wrong otherwise.
json_lines_valid() {
	local bad
	bad=$(jq -R -r 'try (fromjson | if type == "object" then empty else "not an object: \(.)" end)
		catch "invalid JSON: \(.)"' "$1" 2>&1 | head -3)
	if [ -n "$bad" ]; then
		echo "jq: $bad"
		return 1
	fi
	python3 - "$1" <<'PY'
import json, sys
with open(sys.argv[1], "rb") as f:
    data = f.read()
if data and not data.endswith(b"\n"):
    print("python: the last line is not terminated")
    sys.exit(1)
for n, raw in enumerate(data.split(b"\n")[:-1], 1):
    try:
        obj = json.loads(raw.decode("utf-8"))
    except Exception as e:
        print("python: line %d: %s: %r" % (n, e, raw[:200]))
        sys.exit(1)
    if not isinstance(obj, dict):
        print("python: line %d is not an object: %r" % (n, raw[:200]))
        sys.exit(1)
PY
}

# wait_quiet: wait (at most 10 s) until the output stops growing for half a
# second.
wait_quiet() {
	local i size last=-1 same=0
	for ((i = 0; i < 200 && same < 10; i++)); do
		size=$(stat -c %s "$OUT")
		if [ "$size" = "$last" ]; then
			same=$((same + 1))
		else
			same=0
		fi
		last=$size
		sleep 0.05
	done
}

# pycheck CODE ARGS...: run CODE after the test file's Python prelude $PRE
# (which reads OUT and defines done()), ARGS in `arg`; fail the test with
# what it printed if it reports a mismatch.
pycheck() {
	local msg
	msg=$(JSON_OUT=$OUT python3 -c "$PRE"$'\n'"$1"$'\n'"done()" "${@:2}" 2>&1) ||
		fail "$(printf '%s\n' "$msg" | head -20)"
}

# our_prog_ids: the ids of the loaded BPF programs named as ours are, one a
# line (sorted as comm(1) wants).
our_prog_ids() {
	bpftool prog show 2>/dev/null |
		sed -nE 's/^([0-9]+): .* name (exec|exec_noloop|fail_[a-z_]+|fork|proc_exit) .*/\1/p' |
		sort
}

# expect_progs_gone BEFORE_IDS WHAT: waits (5 s at most: the kernel frees a
# program shortly after its last reference goes) until no program of ours is
# loaded but those of BEFORE_IDS (our_prog_ids before the tool started, so
# that another execsnoop already running is not counted); a failure names
# the ids left.
expect_progs_gone() {
	local i left
	for i in $(seq 100); do
		left=$(comm -13 <(printf '%s\n' "$1") <(our_prog_ids) | tr '\n' ' ')
		[ -z "$left" ] && return 0
		sleep 0.05
	done
	fail "$2: BPF programs still loaded: ids $left"
}
