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
	skip_unless_transport "$tr" || return
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


# An option's value in an error message is escaped like traced bytes (it
# cannot drive the terminal) and cut with a mark.
test_value_escaped_in_errors() {
	local big
	expect_usage_error -u $'\e[2J\nx'
	no_control_bytes "$ERR" || fail "control bytes in: $(head -c 200 "$ERR" | od -c | head -3)"
	grep -qF "invalid --uid '\\x1b[2J\\nx': no such user or uid" "$ERR" ||
		fail "message: $(head -1 "$ERR")"
	big=$(head -c 100000 /dev/zero | tr '\0' 9)
	expect_usage_error --max-args "$big"
	[ "$(head -1 "$ERR" | wc -c)" -lt 300 ] || fail "a 100 KB value echoed: $(head -1 "$ERR" | wc -c) bytes"
	grep -qF "'$(head -c 64 /dev/zero | tr '\0' 9)...'" "$ERR" || fail "not cut with a mark: $(head -c 200 "$ERR")"
}

# An ambiguous abbreviation says so, with the candidates; a number out of
# the uid range is not looked up as a user name.
test_ambiguous_and_range() {
	expect_usage_error --ver
	expect_eq "message" "$(head -1 "$ERR")" \
		"execsnoop: option '--ver' is ambiguous; possibilities: '--verbose' '--version'"
	expect_usage_error -u 4294967295
	expect_eq "message" "$(head -1 "$ERR")" \
		"execsnoop: invalid --uid '4294967295': out of range (0 to 4294967294)"
	expect_usage_error --keep-tracing
}

# SIGHUP (a terminal or ssh hang-up) ends the tool as SIGTERM does.
test_sighup_ring() { signal_exit HUP ring; }

# With fds 0-2 closed, nothing else may take their place: a closed stdout is
# an error (status 1), not a silent success; -o FILE still works.
test_closed_stdout() {
	local rc
	timeout -s KILL 20 "$ES" -- /bin/true closed-stdout >&- 2>"$ERR"
	rc=$?
	expect_eq "exit status" $rc 1
	grep -q 'standard output is closed' "$ERR" || fail "stderr: $(head -c 300 "$ERR")"
	timeout -s KILL 20 "$ES" -o "$T/cs.out" -- /bin/true closed-stdout <&- >&- 2>"$ERR"
	rc=$?
	expect_eq "exit status with -o" $rc 0
	grep -q ' /bin/true closed-stdout$' "$T/cs.out" || fail "-o FILE: $(head -c 300 "$T/cs.out")"
}

# A write error: "printed" counts only what was written, the events not
# written are counted, COMMAND is not left running, and the status is 1
# whatever COMMAND's (a trace that failed never looks like success).
test_write_error_command() {
	local rc start
	for cmd in 'true; true' 'true; exit 3'; do
		timeout -s KILL 20 "$ES" -j -o /dev/full -- /bin/sh -c "$cmd" >"$OUT" 2>"$ERR"
		rc=$?
		expect_eq "exit status ($cmd)" $rc 1
		grep -q 'write error' "$ERR" || fail "no write error message: $(head -c 300 "$ERR")"
		grep -qE '^execsnoop: [0-9]+ events, 0 printed, .*, [1-9][0-9]* not written \(write error\)$' "$ERR" ||
			fail "summary ($cmd): $(cat "$ERR")"
	done
	# COMMAND is stopped (SIGTERM) and waited for, not orphaned
	start=$SECONDS
	timeout -s KILL 60 "$ES" -j -o /dev/full -- /bin/sleep 41 >"$OUT" 2>"$ERR"
	rc=$?
	expect_eq "exit status (sleep)" $rc 1
	[ $((SECONDS - start)) -lt 30 ] || fail "waited for COMMAND to end by itself"
	pgrep -f '^/bin/sleep 41$' >/dev/null && fail "COMMAND left running"
	# text mode: the header cannot be written, so COMMAND never starts
	timeout -s KILL 20 "$ES" -o /dev/full -- /bin/sh -c "touch $T/ran" >"$OUT" 2>"$ERR"
	expect_eq "exit status (header)" $? 1
	[ -e "$T/ran" ] && fail "COMMAND ran untraced"
	return 0
}

# A full file system: no partial line at the end (JSON Lines readers choke
# on it), and "printed" is the number of lines in the file.
test_full_filesystem() {
	local mnt=$T/small printed lines
	mkdir -p "$mnt" && mount -t tmpfs -o size=64k tmpfs "$mnt" ||
		{ fail "cannot mount a small tmpfs"; return; }
	at_exit "umount $mnt"
	timeout -s KILL 60 "$ES" -j -v -o "$mnt/out" -- /bin/sh -c \
		'for i in $(seq 400); do /bin/true full-fs-$i-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; done' \
		>"$OUT" 2>"$ERR"
	expect_eq "exit status" $? 1
	[ -s "$mnt/out" ] || { fail "nothing written"; return; }
	[ "$(tail -c 1 "$mnt/out" | od -An -c | tr -d ' ')" = '\n' ] || fail "the file ends in a partial line"
	msg=$(json_lines_valid "$mnt/out") || fail "$msg"
	lines=$(wc -l <"$mnt/out")
	printed=$(sed -nE 's/^execsnoop: [0-9]+ events, ([0-9]+) printed, .*/\1/p' "$ERR")
	expect_eq "printed = lines in the file" "$printed" "$lines"
	grep -qE ', [1-9][0-9]* not written \(write error\)$' "$ERR" || fail "summary: $(tail -1 "$ERR")"
}

run_tests
