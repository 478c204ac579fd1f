#!/bin/bash
# Usage errors, missing privileges, signals, a reader that goes away, and
# prompt output. Timeouts here are generous liveness bounds only.
source "$(dirname "$0")/lib.sh"

test_usage_errors() {
	expect_usage_error --max-args abc
	expect_usage_error --max-args 0
	expect_usage_error -u no_such_user_e2e
	expect_usage_error -n '('
	expect_usage_error -l '('
	expect_usage_error -P abc
	expect_usage_error -c /no/such/path
	expect_usage_error --bogus-option
	expect_usage_error -Z
	expect_usage_error -u
	expect_usage_error --args-size 100
	expect_usage_error --buffer-size 100
	expect_usage_error --transport carrier-pigeon
	expect_usage_error --transport perf --args-size 131072
}

test_non_root() {
	local rc
	timeout -s KILL 30 setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		"$ES" >"$OUT" 2>"$ERR"
	rc=$?
	expect_eq "exit status" $rc 1
	[ -s "$OUT" ] && fail "wrote on stdout: $(head -c 200 "$OUT")"
	grep -qE 'root|CAP_BPF' "$ERR" || fail "message does not mention root or CAP_BPF: $(head -c 300 "$ERR")"
	[ "$(wc -l <"$ERR")" -eq 1 ] || fail "want one line on stderr: $(head -c 500 "$ERR")"
}

# wait_exit SECONDS: wait for the tool to end; SNOOP_RC is its status.
wait_exit() {
	local i
	for ((i = 0; i < $1 * 20; i++)); do
		kill -0 "$SNOOP_PID" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$SNOOP_PID" 2>/dev/null; then
		fail "still running $1 s after the signal"
		stop_snoop KILL
		return 1
	fi
	wait "$SNOOP_PID"
	SNOOP_RC=$?
	SNOOP_PID=
}

# SIG TRANSPORT: the tool ends with status 0 soon after SIG, having printed
# the exec that was still in the kernel buffer: the tool is stopped (SIGSTOP)
# during the exec and the signal, so it can only print it while exiting.
signal_exit() {
	local sig=$1 tr=$2 pid
	start_snoop --transport "$tr" || { fail "start"; return; }
	kill -STOP "$SNOOP_PID"
	/bin/echo "before-$sig-$tr" >/dev/null &
	pid=$!
	wait $pid
	kill -"$sig" "$SNOOP_PID"
	kill -CONT "$SNOOP_PID"
	wait_exit 5 || return
	expect_eq "exit status after SIG$sig" "$SNOOP_RC" 0
	expect_line "$(line echo $pid $$ 0 "/bin/echo before-$sig-$tr")"
	grep -qiE 'error|cannot|fail' "$ERR" && fail "stderr: $(head -c 300 "$ERR")"
	return 0
}
test_sigint_ring() { signal_exit INT ring; }
test_sigterm_ring() { signal_exit TERM ring; }
test_sigint_perf() { signal_exit INT perf; }
test_sigterm_perf() { signal_exit TERM perf; }

# The reader goes away: the tool ends quietly (status 0, nothing on stderr).
test_pipe_to_head() {
	local loader rc
	(while :; do /bin/true pipe-load; sleep 0.02; done) &
	loader=$!
	timeout -s KILL 20 "$ES" 2>"$ERR" | head -3 >"$T/head"
	rc=${PIPESTATUS[0]}
	kill $loader
	wait $loader 2>/dev/null
	[ $rc -eq 137 ] && { fail "still running 20 s after head exited"; return; }
	expect_eq "exit status" $rc 0
	expect_quiet_stderr
	expect_eq "lines head got" "$(wc -l <"$T/head")" 3
	expect_eq "first line" "$(head -1 "$T/head")" "$(line COMM PID PPID RET ARGS)"
}

# Output is written as it comes, not when a buffer fills: the line for an
# exec shows in the file while the tool runs (3 s is a liveness bound).
test_output_flushed_to_file() {
	local pid
	start_snoop || { fail "start"; return; }
	/bin/echo flush-file >/dev/null &
	pid=$!
	wait $pid
	wait_line "$(line echo $pid $$ 0 '/bin/echo flush-file')" 3
	stop_snoop
}

test_output_flushed_to_pipe() {
	local pid i
	: >"$OUT"
	"$ES" 2>"$ERR" > >(cat >"$OUT") &
	SNOOP_PID=$!
	for i in $(seq 200); do
		[ -s "$OUT" ] && break
		sleep 0.05
	done
	/bin/echo flush-pipe >/dev/null &
	pid=$!
	wait $pid
	wait_line "$(line echo $pid $$ 0 '/bin/echo flush-pipe')" 3
	stop_snoop
}

# A write error other than a closed pipe is reported, with status 1.
test_write_error() {
	local rc
	timeout -s KILL 20 "$ES" >/dev/full 2>"$ERR" &
	wait $!
	rc=$?
	expect_eq "exit status" $rc 1
	grep -q 'write error' "$ERR" || fail "no write error message: $(head -c 300 "$ERR")"
}

run_tests
