#!/bin/bash
# Process ends (-e, --exit-all): exit codes, killing signals, core dumps,
# threads that leave in an unusual order, lifetimes; and a COMMAND's exit
# status becoming the tool's. Each EXIT line is compared with what wait(2)
# told the parent.
source "$(dirname "$0")/lib.sh"

LC=$HELPERS/lifecycle

# sh -c 'exit N' for N = 0, 1, 255: one EXIT line each, with that code,
# after the exec line.
test_exit_codes() {
	local n pid pids=()
	start_snoop -e || { fail "start"; return; }
	for n in 0 1 255; do
		/bin/sh -c "exit $n" &
		pid=$!
		pids+=($pid)
		wait $pid
		expect_eq "sh exit status" $? $n
	done
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(line COMM PID PPID RET ARGS)"
	for n in 0 1 2; do
		expect_line "$(line sh ${pids[n]} $$ 0 "/bin/sh -c exit $(( n == 2 ? 255 : n ))")"
		expect_exit sh ${pids[n]} $$ "code $(( n == 2 ? 255 : n ))"
	done
	# the EXIT line comes after the exec line
	awk -v p=${pids[0]} '$2 == p { print $4 }' "$OUT" | tr '\n' ' ' | grep -qx '0 EXIT ' ||
		fail "exec and EXIT lines of ${pids[0]} not in that order"
}

# The lifetime is counted from the exec: a sleep 0.3 ran at least 300 ms.
test_exit_lifetime() {
	local pid
	start_snoop -e || { fail "start"; return; }
	/bin/sleep 0.3 &
	pid=$!
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(line sleep $pid $$ 0 '/bin/sleep 0.3')"
	expect_exit sleep $pid $$ "code 0" || return
	awk -v ms="$EXIT_MS" 'BEGIN { exit !(ms >= 300) }' ||
		fail "sleep 0.3 ran $EXIT_MS ms, want at least 300"
}

test_exit_sigkill() {
	local pid
	start_snoop -e || { fail "start"; return; }
	/bin/sleep 30 &
	pid=$!
	wait_line "$(line sleep $pid $$ 0 '/bin/sleep 30')" || return
	kill -KILL $pid
	wait $pid 2>/dev/null
	expect_eq "wait status" $? 137
	sync_snoop || fail "sync"
	stop_snoop
	expect_exit sleep $pid $$ "killed by SIGKILL"
}

# Without -e no EXIT line at all for a process that exits.
test_no_exit_without_e() {
	local pid
	start_snoop || { fail "start"; return; }
	/bin/sh -c 'exit 3' &
	pid=$!
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(line sh $pid $$ 0 '/bin/sh -c exit 3')"
	expect_count 0 "^sh +$pid +.* EXIT "
}

# A process whose exec fails (-x) is still the same process: the failed
# exec is shown with RET -2, no EXIT yet; the EXIT comes when it really
# exits, with its own code.
test_failed_exec_then_exit() {
	local pid i
	mkfifo "$T/fx"
	start_snoop -x -e || { fail "start"; return; }
	"$LC" failexec /no/such/prog-fx 6 <"$T/fx" >"$T/fx.out" &
	pid=$!
	exec 8>"$T/fx"
	wait_line "$(line lifecycle $pid $$ -2 /no/such/prog-fx)"
	for i in $(seq 100); do
		[ -s "$T/fx.out" ] && break
		sleep 0.05
	done
	expect_eq "helper" "$(cat "$T/fx.out")" "failed=2"
	sync_snoop || fail "sync"
	expect_count 0 "^lifecycle +$pid +.* EXIT "
	exec 8>&-
	wait $pid
	expect_eq "exit status" $? 6
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(line lifecycle $pid $$ 0 "$LC failexec /no/such/prog-fx 6")"
	expect_line "$(line lifecycle $pid $$ -2 /no/such/prog-fx)"
	expect_exit lifecycle $pid $$ "code 6"
}

# lifecycle_case ARGS...: run "lifecycle ARGS" under "lifecycle wait" with
# -e, and check that its one EXIT line says what wait(2) returned.
lifecycle_case() {
	local waiter pid status want
	start_snoop -e || { fail "start"; return; }
	"$LC" wait "$LC" lifecycle "$@" >"$T/wait.out" &
	waiter=$!
	wait $waiter
	sync_snoop || fail "sync"
	stop_snoop
	read -r pid status < <(sed -n 's/^pid=\([0-9]*\) status=\([0-9]*\)$/\1 \2/p' "$T/wait.out")
	[ -n "$pid" ] || { fail "the waiter printed: $(cat "$T/wait.out")"; return; }
	want=$(status_text "$status")
	expect_line "$(line lifecycle $pid $waiter 0 "$LC $*")"
	expect_exit lifecycle $pid $waiter "$want"
	expect_exit lifecycle $waiter $$ "code 0"
	WANT=$want
}

# The main thread leaves first (pthread_exit); the last thread then calls
# exit(3): the process's status is 3, not the main thread's 0.
test_main_thread_first_then_exit() {
	lifecycle_case mainexit exit 3
	expect_eq "wait status says" "$WANT" "code 3"
}

# ... the last thread leaves with the exit syscall (not exit_group): the
# status is whatever wait(2) gives (the kernel takes the last thread's code).
test_main_thread_first_then_sys_exit() {
	lifecycle_case mainexit sysexit 5
}

# ... the last thread returns: glibc ends the process with exit(0).
test_main_thread_first_then_return() {
	lifecycle_case mainexit return
	expect_eq "wait status says" "$WANT" "code 0"
}

# Four running threads, the process killed by a signal: one EXIT line (not
# one per thread), with the signal. A few times, threads racing each time.
test_multithread_killed() {
	local i sig pid status waiter ok=0
	start_snoop -e || { fail "start"; return; }
	for i in 1 2 3; do
		for sig in 9 15; do
			"$LC" wait "$LC" lifecycle mtkill $sig >"$T/wait.$i.$sig"
		done
	done
	sync_snoop || fail "sync"
	stop_snoop
	for i in 1 2 3; do
		for sig in 9 15; do
			read -r pid status < <(sed -n 's/^pid=\([0-9]*\) status=\([0-9]*\)$/\1 \2/p' "$T/wait.$i.$sig")
			[ -n "$pid" ] || { fail "waiter output: $(cat "$T/wait.$i.$sig")"; continue; }
			expect_eq "wait status" "$status" $sig
			waiter=$(awk -v p=$pid '$2 == p && $4 == "0" { print $3 }' "$OUT")
			expect_exit lifecycle $pid "$waiter" "killed by SIG$(kill -l $sig)" && ok=$((ok + 1))
		done
	done
	expect_eq "processes with one right EXIT line" $ok 6
}

# --exit-all follows processes whose exec was not seen too: threads racing
# to exit must still give one EXIT line per process, not a second one "since
# fork". The race is narrow (a few per cent of processes on 2 CPUs), so 200
# processes with three threads each, killed by SIGABRT (no core).
test_multithread_killed_exit_all() {
	local i bad
	start_snoop --exit-all || { fail "start"; return; }
	(
		ulimit -c 0
		for i in $(seq 200); do
			"$LC" wait "$LC" lifecycle mtabort 2
		done
	) >"$T/waits"
	sync_snoop || fail "sync"
	stop_snoop
	expect_eq "processes run" "$(grep -c '^pid=[0-9]* status=6$' "$T/waits")" 200
	bad=$(awk 'NR == FNR { split($1, a, "="); want[a[2]] = 1; next }
		$1 == "lifecycle" && $4 == "EXIT" && ($2 in want) {
			n[$2]++
			if ($0 !~ /^lifecycle +[0-9]+ +[0-9]+ +EXIT killed by SIGABRT, ran [0-9]+\.[0-9][0-9][0-9] ms$/)
				wrong[$2] = $0
		}
		END {
			for (p in want)
				if (n[p] != 1)
					print "pid " p ": " n[p] + 0 " EXIT lines"
				else if (p in wrong)
					print "pid " p ": " wrong[p]
		}' \
		"$T/waits" "$OUT" | sort)
	if [ -n "$bad" ]; then
		fail "$(echo "$bad" | wc -l) of 200 processes without exactly one right EXIT line, e.g.:"
		echo "$bad" | head -3 | sed 's/^/   /'
		for i in $(echo "$bad" | sed -n 's/^pid \([0-9]*\):.*/\1/p' | head -2); do
			awk -v p=$i '$2 == p' "$OUT" | sed 's/^/   got:  /'
		done
	fi
}

# A second thread execs (the kernel kills the main thread, the new program
# takes over the process id): the process goes on, so no EXIT until the
# new program ends, then one, timed from the second exec.
test_thread_exec_then_exit() {
	local pid
	start_snoop --exit-all || { fail "start"; return; }
	"$HELPERS/xexec" thread /bin/sh sh -c 'exit 5' &
	pid=$!
	wait $pid
	expect_eq "exit status" $? 5
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(line xexec $pid $$ 0 "$HELPERS/xexec thread /bin/sh sh -c exit 5")"
	expect_line "$(line sh $pid $$ 0 '/bin/sh -c exit 5')"
	expect_exit sh $pid $$ "code 5"
}

# A thread calls abort() while others run: killed by SIGABRT, and the core
# dump flag when a core was written. Needs a core_pattern that writes a
# plain file in the current directory (here: $T), not a pipe.
test_core_dump() {
	local pat pid status
	pat=$(cat /proc/sys/kernel/core_pattern)
	case $pat in
	'|'* | */*)
		skip "core_pattern '$pat' pipes to a program or writes elsewhere; not changed"
		return ;;
	esac
	mkdir -p "$T/core"
	start_snoop -e || { fail "start"; return; }
	(cd "$T/core" && ulimit -c unlimited && exec "$LC" wait "$LC" lifecycle mtabort) >"$T/wait.core" ||
		{ fail "cannot enable core dumps (ulimit -c unlimited)"; return; }
	(ulimit -c 0 && exec "$LC" wait "$LC" lifecycle mtabort) >"$T/wait.nocore"
	sync_snoop || fail "sync"
	stop_snoop
	read -r pid status < <(sed -n 's/^pid=\([0-9]*\) status=\([0-9]*\)$/\1 \2/p' "$T/wait.core")
	expect_eq "wait status with a core" "$status" 134
	ls "$T/core" | grep -q '^core' || fail "no core file written in $T/core"
	expect_count 1 "^lifecycle +$pid +[0-9]+ +EXIT killed by SIGABRT \(core dumped\), ran [0-9]+\.[0-9]{3} ms$"
	read -r pid status < <(sed -n 's/^pid=\([0-9]*\) status=\([0-9]*\)$/\1 \2/p' "$T/wait.nocore")
	expect_eq "wait status without a core" "$status" 6
	expect_count 1 "^lifecycle +$pid +[0-9]+ +EXIT killed by SIGABRT, ran [0-9]+\.[0-9]{3} ms$"
	rm -rf "$T/core"
}

# A subshell (fork, no exec) that exits 4: shown only with --exit-all,
# timed from the fork, as its parent's program (bash).
fork_only() {
	/bin/bash -c '( echo $BASHPID >"$1"; exit 4 ); exit 0' fork-only "$T/sub.pid" "$1" &
	FORK_PARENT=$!
	wait $FORK_PARENT
	FORK_SUB=$(cat "$T/sub.pid")
}
test_exit_all_fork_only() {
	start_snoop --exit-all || { fail "start"; return; }
	fork_only fo-all
	sync_snoop || fail "sync"
	stop_snoop
	expect_exit bash $FORK_SUB $FORK_PARENT "code 4" " since fork (exec not seen)"
	expect_exit bash $FORK_PARENT $$ "code 0"
}
test_exit_fork_only_hidden() {
	start_snoop -e || { fail "start"; return; }
	fork_only fo-e
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(line bash $FORK_PARENT $$ 0 "/bin/bash -c ( echo \$BASHPID >\"\$1\"; exit 4 ); exit 0 fork-only $T/sub.pid fo-e")"
	expect_count 0 "^[^ ]+ +$FORK_SUB +"
	expect_exit bash $FORK_PARENT $$ "code 0"
}

# A process started before the tool: --exit-all reports its end, timed
# from its fork (so at least the 0.6 s it lived); -e does not. It is ended
# only once the tool is attached, however slowly the tool started.
test_exit_all_preexisting() {
	local pid t0
	t0=$(date +%s%N)
	/bin/sleep 1000 &
	pid=$!
	start_snoop --exit-all || { fail "start"; return; }
	while [ $(( ($(date +%s%N) - t0) / 1000000 )) -lt 650 ]; do
		sleep 0.05
	done
	kill -TERM $pid
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	expect_exit sleep $pid $$ "killed by SIGTERM" " since fork (exec not seen)" || return
	awk -v ms="$EXIT_MS" 'BEGIN { exit !(ms >= 600) }' ||
		fail "sleep ran $EXIT_MS ms since its fork, want at least 600"
}
test_exit_preexisting_hidden() {
	local pid
	/bin/sleep 1000 &
	pid=$!
	start_snoop -e || { fail "start"; return; }
	kill -TERM $pid
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	expect_count 0 "^[^ ]+ +$pid +"
}

# --- execsnoop [options] -- COMMAND: the tool's exit status is COMMAND's

# run_cmd ARGS...: run the tool to the end (killed after 30 s); its status
# goes to RC, its process id to ES_PID.
run_cmd() {
	local dog
	"$ES" "$@" >"$OUT" 2>"$ERR" &
	ES_PID=$!
	(sleep 30; kill -KILL $ES_PID) 2>/dev/null &
	dog=$!
	wait $ES_PID
	RC=$?
	kill $dog 2>/dev/null
	wait $dog 2>/dev/null
}

# summary_only: stderr holds only the final counts line.
summary_only() {
	[ "$(wc -l <"$ERR")" -eq 1 ] && grep -qE '^execsnoop: [0-9]+ events, ' "$ERR" ||
		fail "stderr: $(head -c 400 "$ERR")"
}

test_command_exit_code() {
	run_cmd -- /bin/sh -c 'exit 7'
	expect_eq "exit status" $RC 7
	expect_count 1 "^sh +[0-9]+ +$ES_PID +0 /bin/sh -c exit 7\$"
	summary_only
	run_cmd -- /bin/true
	expect_eq "exit status" $RC 0
}

test_command_killed() {
	run_cmd -- /bin/sh -c 'kill -TERM $$'
	expect_eq "exit status" $RC 143
	expect_count 1 '^sh +[0-9]+ +[0-9]+ +0 /bin/sh -c kill -TERM \$\$$'
	run_cmd -- /bin/sh -c 'kill -KILL $$'
	expect_eq "exit status" $RC 137
}

# -e with COMMAND: its own EXIT line, then the tool ends with its status.
test_command_exit_line() {
	local pid
	run_cmd -e -- /bin/sh -c 'exit 3'
	expect_eq "exit status" $RC 3
	pid=$(awk '$1 == "sh" && $4 == "0" { print $2 }' "$OUT")
	expect_line "$(line sh "$pid" $ES_PID 0 '/bin/sh -c exit 3')"
	expect_exit sh "$pid" $ES_PID "code 3"
	expect_eq "last line is the EXIT line" "$(tail -1 "$OUT" | awk '{ print $4 }')" EXIT
}

# The first SIGINT is passed on to COMMAND (as SIGTERM); the tool keeps
# tracing until COMMAND ends, then exits with its status.
test_command_sigint() {
	local es pid
	: >"$OUT"
	"$ES" -e -- /bin/sleep 30 >"$OUT" 2>"$ERR" &
	es=$!
	if ! wait_match "^sleep +[0-9]+ +$es +0 /bin/sleep 30$"; then
		fail "COMMAND not traced"
		pkill -KILL -P $es
		kill -KILL $es
		wait $es
		return
	fi
	pid=$(awk '$1 == "sleep" { print $2 }' "$OUT")
	kill -INT $es
	wait $es
	expect_eq "exit status" $? 143
	expect_exit sleep "$pid" $es "killed by SIGTERM"
	summary_only
}

test_command_not_found() {
	run_cmd -- /no/such/cmd
	expect_eq "exit status" $RC 127
	grep -qxF "execsnoop: cannot run '/no/such/cmd': No such file or directory" "$ERR" ||
		fail "stderr: $(head -c 400 "$ERR")"
	expect_eq "stdout" "$(cat "$OUT")" "$(line COMM PID PPID RET ARGS)"
	# with -x the failed exec of COMMAND itself is shown, by the tool's child
	run_cmd -x -- /no/such/cmd a1
	expect_eq "exit status" $RC 127
	expect_count 1 "^execsnoop +[0-9]+ +$ES_PID +-2 /no/such/cmd a1\$"
	run_cmd -- "$T"
	expect_eq "exit status of a directory" $RC 126
}

test_command_usage_errors() {
	expect_usage_error --
	expect_usage_error -e --
	expect_usage_error -p $$ -- /bin/true
	expect_usage_error /bin/true
	expect_usage_error -e /bin/true x
}

# -o FILE: the trace goes to FILE; COMMAND's own output stays on stdout.
test_output_file() {
	local pid
	run_cmd -o "$T/trace" -- /bin/echo out-marker
	expect_eq "exit status" $RC 0
	expect_eq "stdout" "$(cat "$OUT")" "out-marker"
	summary_only
	expect_eq "trace lines" "$(wc -l <"$T/trace")" 2
	expect_eq "header" "$(head -1 "$T/trace")" "$(line COMM PID PPID RET ARGS)"
	pid=$(awk 'NR == 2 { print $2 }' "$T/trace")
	expect_eq "trace" "$(tail -1 "$T/trace")" "$(line echo "$pid" $ES_PID 0 '/bin/echo out-marker')"
	expect_usage_error -o "$T/no/such/dir/f" -- /bin/true
}


# More live traced processes than -e can remember (made 4 here; 65536 in
# use): every exec is shown, the ends beyond the limit are counted in the
# summary, never silently missing.
test_exit_untracked_counted() {
	EXECSNOOP_EXEC_TIME_MAX=4 run_cmd -e -- /bin/bash -c \
		'for i in 1 2 3 4 5 6; do /bin/sleep 1 & done; wait'
	expect_eq "exit status" $RC 0
	expect_count 6 '^sleep .* /bin/sleep 1$'
	# bash and the first 3 sleeps were remembered: 4 exits
	expect_count 4 ' EXIT code 0, ran '
	grep -qE ', 3 execs not followed to their end \(too many live processes\)$' "$ERR" ||
		fail "summary does not count the 3 untracked ends: $(cat "$ERR")"
	EXECSNOOP_EXEC_TIME_MAX=4 timeout -s KILL 30 "$ES" -j -e -- /bin/bash -c \
		'for i in 1 2 3 4 5 6; do /bin/sleep 1 & done; wait' >"$OUT" 2>"$ERR"
	expect_eq "JSON exit status" $? 0
	expect_count 1 '"event":"summary".*"exit_untracked":3,'
	expect_count 4 '"event":"exit"'
}


# COMMAND ignores SIGTERM: the first SIGINT is passed on in vain; the second
# kills it (SIGKILL) instead of leaving it running under init.
test_command_second_sigint_kills() {
	local es pid i
	"$ES" -- /bin/sh -c 'trap "" TERM; exec /bin/sleep 43' >"$OUT" 2>"$ERR" &
	es=$!
	if ! wait_match '^sleep .* /bin/sleep 43$'; then
		fail "COMMAND not traced"
		pkill -KILL -f '^/bin/sleep 43$'
		kill -KILL $es
		wait $es
		return
	fi
	pid=$(awk '$1 == "sleep" { print $2 }' "$OUT")
	kill -INT $es
	sleep 0.5
	kill -0 "$pid" 2>/dev/null || fail "COMMAND did not ignore SIGTERM (test broken)"
	kill -INT $es
	for ((i = 0; i < 100; i++)); do
		kill -0 $es 2>/dev/null || break
		sleep 0.05
	done
	kill -0 $es 2>/dev/null && { fail "still running after the second SIGINT"; kill -KILL $es; }
	wait $es
	expect_eq "exit status" $? 0
	kill -0 "$pid" 2>/dev/null && { fail "COMMAND left running"; kill -KILL "$pid"; }
	return 0
}

run_tests
