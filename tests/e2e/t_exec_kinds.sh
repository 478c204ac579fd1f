#!/bin/bash
# The ways a program can be exec'd: execveat by descriptor, by directory
# descriptor, from a non-main thread (many times), and with argv strings on
# pages the caller never touched.
source "$(dirname "$0")/lib.sh"

# execveat(fd, "", AT_EMPTY_PATH): the kernel names the program /dev/fd/N.
# COMM is whatever the kernel set: /bin/cat prints it from /proc/self/comm
# (6.18 takes the file's name; kernel-notes says "N", as older kernels did).
fd_exec() {
	local mode=$1 pid comm
	start_snoop || { fail "start"; return; }
	"$HELPERS/xexec" "$mode" 7 /bin/cat cat /proc/self/comm >"$T/comm" &
	pid=$!
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	comm=$(cat "$T/comm")
	[ -n "$comm" ] || { fail "the exec'd cat printed no comm"; return; }
	expect_line "$(line "$comm" $pid $$ 0 '/dev/fd/7 /proc/self/comm')"
	expect_line "$(line xexec $pid $$ 0 "$HELPERS/xexec $mode 7 /bin/cat cat /proc/self/comm")"
}
test_execveat_empty_path() { fd_exec emptypath; }
test_fexecve() { fd_exec fexecve; }

# By descriptor, filename is what the kernel passed (/dev/fd/N), and exe the
# file really executed: a copy of cat under its own name.
fd_exec_exe() {
	local mode=$1 got
	cp /bin/cat "$T/fdcat-$mode" || { fail "copy"; return; }
	timeout -s KILL 30 "$ES" -j -- "$HELPERS/xexec" "$mode" 7 "$T/fdcat-$mode" cat /dev/null \
		>"$OUT" 2>"$ERR" || { fail "exit status $?: $(head -c 300 "$ERR")"; return; }
	got=$(jq -r 'select(.event == "exec" and .filename == "/dev/fd/7") | "\(.exe) \(.args)"' "$OUT")
	expect_eq "exe of /dev/fd/7" "$got" "$T/fdcat-$mode [\"cat\",\"/dev/null\"]"
}
test_execveat_empty_path_exe() { fd_exec_exe emptypath; }
test_fexecve_exe() { fd_exec_exe fexecve; }

# execveat(dirfd, "cat", 0): the kernel names it /dev/fd/N/cat.
test_execveat_dirfd() {
	local pid comm
	start_snoop || { fail "start"; return; }
	"$HELPERS/xexec" dirfd 8 /bin cat cat /proc/self/comm >"$T/comm" &
	pid=$!
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	comm=$(cat "$T/comm")
	expect_eq "comm the kernel set" "$comm" cat
	expect_line "$(line cat $pid $$ 0 '/dev/fd/8/cat /proc/self/comm')"
}

# A second thread execs: PID is the process id (the thread takes over the
# leader's), PPID the process's parent.
test_thread_exec() {
	local pid
	start_snoop || { fail "start"; return; }
	"$HELPERS/xexec" thread /bin/echo echo thread-exec >/dev/null &
	pid=$!
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(line echo $pid $$ 0 '/bin/echo thread-exec')"
}

# Many thread execs, then a plain exec: every one is traced, none lost, each
# with the right PID (which the marker argument carries) and PPID.
# E2E_QUICK: 1000 execs (the thread-exec path is the same at any count).
THREAD_EXECS=${THREAD_EXECS:-$(quick 100000 1000)}
test_thread_exec_many() {
	local loop pid n
	build_tiny || { fail "cannot build the static test program"; return; }
	start_snoop || { fail "start"; return; }
	"$HELPERS/thread_exec_loop" "$THREAD_EXECS" "$T/tiny" 4 2>"$T/loop.err" &
	loop=$!
	wait $loop || fail "thread_exec_loop failed: $(cat "$T/loop.err")"
	/bin/echo after-thread-execs >/dev/null &
	pid=$!
	wait $pid
	wait_for after-thread-execs 60 || fail "exec after the thread execs not traced"
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(line echo $pid $$ 0 '/bin/echo after-thread-execs')"
	# tiny PID PPID 0 PATH mI-PID: count distinct I with PID and PPID right
	n=$(awk -v path="$T/tiny" -v ppid=$loop '
		$1 == "tiny" && $4 == 0 && $5 == path && NF == 6 {
			split($6, m, "-")
			if ($6 !~ /^m[0-9]+-[0-9]+$/ || m[2] != $2 || $3 != ppid) {
				bad++
				if (bad < 4)
					print "bad line: " $0 > "/dev/stderr"
				next
			}
			if (!seen[m[1]]++)
				n++
		}
		END { print n + 0; exit bad > 0 }' "$OUT") || fail "lines with a wrong PID or PPID"
	expect_eq "distinct thread-exec lines" "$n" "$THREAD_EXECS"
	if grep -q 'events lost' "$ERR"; then
		fail "the tool lost events: $(grep 'events lost' "$ERR" | tail -1)"
	fi
}

# The kernel-notes case: a plain execv("/bin/echo", {"echo", "X"}) whose
# strings the caller never touched (helper checks they are not resident).
test_untouched_argv_literals() {
	local pid
	"$HELPERS/literal_exec" ok check >/dev/null 2>"$T/check"
	grep -qx 'present=0' "$T/check" ||
		{ fail "helper could not keep its strings non-resident: $(cat "$T/check")"; return; }
	start_snoop || { fail "start"; return; }
	"$HELPERS/literal_exec" >/dev/null &
	pid=$!
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(line echo $pid $$ 0 '/bin/echo X')"
}

run_tests
