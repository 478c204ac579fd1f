#!/bin/bash
# The default view: one exact line per exec, PID and PPID right.
source "$(dirname "$0")/lib.sh"

test_plain_exec() {
	start_snoop || { fail "start"; return; }
	/bin/echo hello world >/dev/null &
	local pid=$!
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	[ "$SNOOP_RC" -eq 0 ] || fail "exit status $SNOOP_RC after SIGINT"
	expect_line "$(line echo $pid $$ 0 '/bin/echo hello world')"
	expect_line "$(printf '%-16s %-7s %-7s %3s %s' COMM PID PPID RET ARGS)"
}

run_tests
