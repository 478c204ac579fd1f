#!/bin/bash
# Command-line options: extra columns, filters, quoting, argument limits,
# help and version. Every check compares the exact line printed.
source "$(dirname "$0")/lib.sh"

ME=$(comm_of $$)	# COMM of this shell, and of its subshells
NOBODY=65534
AS_NOBODY=(setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups)

# time_ok HMS T1 T2: HMS is the local time of a second within [T1-1, T2+1].
time_ok() {
	local s
	for ((s = $2 - 1; s <= $3 + 1; s++)); do
		[ "$(date -d "@$s" +%H:%M:%S)" = "$1" ] && return 0
	done
	return 1
}

# -T is local time: a zone 5:45 off UTC tells it from UTC.
test_time_column() {
	local pid t1 t2 l
	export TZ=Asia/Kathmandu
	start_snoop -T || { fail "start"; unset TZ; return; }
	t1=$(date +%s)
	/bin/echo opt-T >/dev/null &
	pid=$!
	wait $pid
	t2=$(date +%s)
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(printf '%-8s %-16s %-7s %-7s %3s %s' TIME COMM PID PPID RET ARGS)"
	expect_count 1 ' /bin/echo opt-T$' || return
	l=$(grep -- ' /bin/echo opt-T$' "$OUT")
	if [[ $l =~ ^([0-2][0-9]:[0-5][0-9]:[0-5][0-9])\ (.*)$ ]]; then
		expect_eq "line after TIME" "${BASH_REMATCH[2]}" "$(line echo $pid $$ 0 '/bin/echo opt-T')"
		time_ok "${BASH_REMATCH[1]}" "$t1" "$t2" ||
			fail "TIME ${BASH_REMATCH[1]} is not the time of the exec ($(date -d @$t1 +%T)..$(date -d @$t2 +%T))"
	else
		fail "no HH:MM:SS column: $l"
	fi
	unset TZ
}

test_timestamp_column() {
	local p1 p2 t0 t3 l1 l2 s1 s2 elapsed
	t0=$(date +%s%N)
	start_snoop -t || { fail "start"; return; }
	/bin/echo opt-t1 >/dev/null &
	p1=$!
	wait $p1
	sleep 1
	/bin/echo opt-t2 >/dev/null &
	p2=$!
	wait $p2
	sync_snoop || fail "sync"
	t3=$(date +%s%N)
	stop_snoop
	expect_line "$(printf '%-7s %-16s %-7s %-7s %3s %s' 'TIME(s)' COMM PID PPID RET ARGS)"
	l1=$(grep -- ' /bin/echo opt-t1$' "$OUT")
	l2=$(grep -- ' /bin/echo opt-t2$' "$OUT")
	s1=${l1%% *}
	s2=${l2%% *}
	[[ $s1 =~ ^[0-9]+\.[0-9]{3}$ && $s2 =~ ^[0-9]+\.[0-9]{3}$ ]] ||
		{ fail "TIME(s) not seconds with 3 decimals: '$l1' '$l2'"; return; }
	expect_eq "line 1" "$l1" "$(printf '%-7s ' "$s1")$(line echo $p1 $$ 0 '/bin/echo opt-t1')"
	expect_eq "line 2" "$l2" "$(printf '%-7s ' "$s2")$(line echo $p2 $$ 0 '/bin/echo opt-t2')"
	# seconds since the tool started: the second exec came at least 1 s
	# after the first (sleep 1), and neither after the test read them
	elapsed=$(( (t3 - t0) / 1000000 ))
	awk -v a="$s1" -v b="$s2" -v e="$elapsed" 'BEGIN {
		exit !(b - a >= 0.999 && a >= 0 && b * 1000 <= e + 1) }' ||
		fail "timestamps $s1, $s2 not consistent with a 1 s gap within ${elapsed} ms"
}

# -T and -t together, in either order on the command line: TIME comes first.
test_time_and_timestamp() {
	local pid l
	start_snoop -t -T || { fail "start"; return; }
	/bin/echo opt-Tt >/dev/null &
	pid=$!
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(printf '%-8s %-7s %-16s %-7s %-7s %3s %s' TIME 'TIME(s)' COMM PID PPID RET ARGS)"
	l=$(grep -- ' /bin/echo opt-Tt$' "$OUT")
	if [[ $l =~ ^([0-2][0-9]:[0-5][0-9]:[0-5][0-9])\ ([0-9]+\.[0-9]{3})\ +(.*)$ ]]; then
		expect_eq "line" "$l" "${BASH_REMATCH[1]} $(printf '%-7s ' "${BASH_REMATCH[2]}")$(line echo $pid $$ 0 '/bin/echo opt-Tt')"
	else
		fail "no 'HH:MM:SS S.mmm' columns: $l"
	fi
}

# -x: a failed exec is shown with RET -errno; the comm is the caller's (the
# exec failed) and the pid the subshell's that called execve.
test_fails_shown() {
	local p1 p2
	: >"$T/noexec"
	chmod 644 "$T/noexec"
	start_snoop -x || { fail "start"; return; }
	(exec /nonexistent/x a b) 2>/dev/null &
	p1=$!
	wait $p1
	(exec "$T/noexec" c) 2>/dev/null &
	p2=$!
	wait $p2
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(line "$ME" $p1 $$ -2 '/nonexistent/x a b')"
	expect_line "$(line "$ME" $p2 $$ -13 "$T/noexec c")"
}

# -x without tracefs: the raw sys_exit fallback gives the same lines; and
# execveat failures are seen too. The tool leaves tracefs as it found it.
test_fails_shown_raw_fallback() {
	local p1 p2 before
	before=$(grep -c ' tracefs ' /proc/mounts)
	EXECSNOOP_NO_TRACEFS=1 start_snoop -x || { fail "start"; return; }
	(exec /nonexistent/x a b) 2>/dev/null &
	p1=$!
	wait $p1
	"$HELPERS/xexec" dirfd 5 /tmp nosuch-rel arg0 d 2>/dev/null &
	p2=$!
	wait $p2
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(line "$ME" $p1 $$ -2 '/nonexistent/x a b')"
	expect_line "$(line xexec $p2 $$ -2 'nosuch-rel d')"
	[ "$(grep -c ' tracefs ' /proc/mounts)" = "$before" ] || fail "tracefs mounts changed"
}

test_fails_hidden_without_x() {
	local pid
	start_snoop || { fail "start"; return; }
	(exec /nonexistent/x a b) 2>/dev/null &
	pid=$!
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	expect_no_match '/nonexistent/x'
	expect_no_match "^[^ ]+ +$pid +$$ "	# the subshell never exec'd
}

# -u by number and by name: only execs by that user.
uid_filter() {
	local pid
	start_snoop -u "$1" || { fail "start"; return; }
	/bin/echo uid-root >/dev/null
	"${AS_NOBODY[@]}" /bin/echo uid-nobody >/dev/null &
	pid=$!
	wait $pid
	sync_with "${AS_NOBODY[@]}" /bin/true || fail "sync"
	stop_snoop
	expect_line "$(line echo $pid $$ 0 '/bin/echo uid-nobody')"
	expect_no_match 'uid-root'
	expect_no_match '/setpriv '	# setpriv itself ran as root
}
test_uid_filter_number() { uid_filter $NOBODY; }
test_uid_filter_name() { uid_filter nobody; }

test_uid_column() {
	local p1 p2
	start_snoop -U || { fail "start"; return; }
	/bin/echo uidcol-root >/dev/null &
	p1=$!
	wait $p1
	"${AS_NOBODY[@]}" /bin/echo uidcol-nobody >/dev/null &
	p2=$!
	wait $p2
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(printf '%-6s %-16s %-7s %-7s %3s %s' UID COMM PID PPID RET ARGS)"
	expect_line "$(printf '%-6s ' 0)$(line echo $p1 $$ 0 '/bin/echo uidcol-root')"
	expect_line "$(printf '%-6s ' $NOBODY)$(line echo $p2 $$ 0 '/bin/echo uidcol-nobody')"
}

test_quote() {
	local pid
	start_snoop -q || { fail "start"; return; }
	/bin/echo 'say "hi"' 'a b' '' 'back\slash' >/dev/null &
	pid=$!
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(line echo $pid $$ 0 '"/bin/echo" "say \"hi\"" "a b" "" "back\\slash"')"
}

# -n matches the program name (COMM), not the path or the arguments.
test_name_filter() {
	local pid
	start_snoop -n '^ec' || { fail "start"; return; }
	/bin/echo name-yes >/dev/null &
	pid=$!
	wait $pid
	/bin/true name-no ec
	sync_with /bin/echo || fail "sync"
	stop_snoop
	expect_line "$(line echo $pid $$ 0 '/bin/echo name-yes')"
	expect_no_match 'name-no'
}

test_name_filter_not_path() {
	start_snoop -n 'bin' || { fail "start"; return; }
	/bin/echo name-path >/dev/null
	ln -s /bin/true "$T/binthing"
	sync_with "$T/binthing" || fail "sync"
	stop_snoop
	expect_no_match 'name-path'
}

# -l matches the arguments (the ARGS column), not the program name: a
# program whose COMM matches but whose arguments do not is not shown.
# fexecve gives such a program: COMM is the file's name, the filename
# /dev/fd/N (t_exec_kinds.sh checks both).
test_line_filter() {
	local p1
	cp /bin/echo "$T/zq5name"
	ln -s "$T/zq5name" "$T/lnk"
	start_snoop -l 'zq[0-9]' || { fail "start"; return; }
	/bin/echo line zq1 >/dev/null &
	p1=$!
	wait $p1
	/bin/echo line other >/dev/null
	"$HELPERS/xexec" fexecve 7 "$T/lnk" plain nodigit >/dev/null
	sync_with /bin/true zq9 || fail "sync"
	stop_snoop
	expect_line "$(line echo $p1 $$ 0 '/bin/echo line zq1')"
	expect_no_match 'line other'
	expect_no_match 'nodigit'
	expect_no_match '^zq5name '
}

# -P: only children of that process.
test_ppid_filter() {
	local p1 p2
	start_snoop -P $$ || { fail "start"; return; }
	/bin/echo ppid-child >/dev/null &
	p1=$!
	wait $p1
	/bin/bash -c '/bin/echo ppid-grandchild; true' >/dev/null &
	p2=$!
	wait $p2
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(line echo $p1 $$ 0 '/bin/echo ppid-child')"
	expect_line "$(line bash $p2 $$ 0 '/bin/bash -c /bin/echo ppid-grandchild; true')"
	expect_no_match '^echo .* /bin/echo ppid-grandchild$'
}

test_pcomm_column() {
	local pid
	start_snoop -M || { fail "start"; return; }
	/bin/echo pcomm >/dev/null &
	pid=$!
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(printf '%-16s %-7s %-16s %-7s %3s %s' COMM PID PCOMM PPID RET ARGS)"
	expect_line "$(printf '%-16s %-7s %-16s %-7s %3s %s' echo $pid "$ME" $$ 0 '/bin/echo pcomm')"
}

# -C: the CPU the exec ran on; taskset pins it, so the value is exact.
test_cpu_column() {
	local last=$(( $(nproc) - 1 )) c pid bad
	start_snoop -C || { fail "start"; return; }
	for c in 0 $last; do
		taskset -c $c /bin/echo cpu-$c >/dev/null &
		pid=$!
		wait $pid
		eval "pid_$c=$pid"
	done
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(printf '%-16s %-7s %-7s %-3s %3s %s' COMM PID PPID CPU RET ARGS)"
	for c in 0 $last; do
		eval "pid=\$pid_$c"
		expect_line "$(printf '%-16s %-7s %-7s %-3s %3s %s' echo $pid $$ $c 0 "/bin/echo cpu-$c")"
	done
	# every line's CPU is a number below nproc (skipping COMMs with spaces)
	bad=$(awk -v n="$(nproc)" 'NR > 1 && $2 ~ /^[0-9]+$/ && $3 ~ /^[0-9]+$/ &&
		!($4 ~ /^[0-9]+$/ && $4 < n)' "$OUT" | head -1)
	[ -z "$bad" ] || fail "bad CPU value: $bad"
}

# --max-args N: N items, the filename being the first, then " ...".
test_max_args() {
	local p1 p2 p3
	start_snoop --max-args 3 || { fail "start"; return; }
	/bin/echo a b c d >/dev/null &
	p1=$!
	wait $p1
	/bin/echo a b >/dev/null &
	p2=$!
	wait $p2
	/bin/echo a b c >/dev/null &
	p3=$!
	wait $p3
	sync_with /bin/true || fail "sync"
	stop_snoop
	expect_line "$(line echo $p1 $$ 0 '/bin/echo a b ...')"
	expect_line "$(line echo $p2 $$ 0 '/bin/echo a b')"
	expect_line "$(line echo $p3 $$ 0 '/bin/echo a b ...')"
}

test_max_args_one() {
	local pid
	start_snoop --max-args 1 || { fail "start"; return; }
	/bin/echo a >/dev/null &
	pid=$!
	wait $pid
	sync_by_name || fail "sync"
	stop_snoop
	expect_line "$(line echo $pid $$ 0 '/bin/echo ...')"
}

# default: 20 items
test_max_args_default() {
	local pid
	start_snoop || { fail "start"; return; }
	/bin/echo $(seq 1 25) >/dev/null &
	pid=$!
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(line echo $pid $$ 0 "/bin/echo $(seq -s ' ' 1 19) ...")"
}

# 100000 arguments, far more than the default --args-size copies: " ..."
# for --max-args, and the truncation mark too, whatever --max-args shows.
test_max_args_and_truncated() {
	local pid total
	start_snoop || { fail "start"; return; }
	/bin/true $(seq 1 100000) &
	pid=$!
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	total=$(( $(seq 1 100000 | wc -c) + 10 ))
	expect_line "$(line true $pid $$ 0 "/bin/true $(seq -s ' ' 1 19) ... [truncated: 32768 of $total bytes, 100001 args]")"
}

test_help() {
	local opt rc
	for opt in -h --help; do
		"$ES" $opt >"$OUT" 2>"$ERR"
		rc=$?
		expect_eq "$opt exit status" $rc 0
		expect_quiet_stderr
		grep -q '^Usage: execsnoop' "$OUT" || fail "$opt: no 'Usage: execsnoop' line"
		grep -q 'Examples' "$OUT" || fail "$opt: no 'Examples' in the usage"
	done
}

test_version() {
	local rc
	"$ES" --version >"$OUT" 2>"$ERR"
	rc=$?
	expect_eq "exit status" $rc 0
	expect_quiet_stderr
	expect_eq "line count" "$(wc -l <"$OUT")" 1
	grep -qE '^execsnoop [0-9]+\.[0-9]+(\.[0-9]+)?' "$OUT" || fail "version line: $(head -c 200 "$OUT")"
}


# -x reads the syscall tracepoints' ids from a tracefs mounted in a private
# mount namespace of a short-lived child: nothing is mounted where anyone
# sees it, even in the tool's own mount table, and after a SIGKILL nothing
# is left, neither a mount nor a BPF program.
test_fails_leave_nothing_behind() {
	local before progs
	before=$(grep -c ' tracefs ' /proc/mounts)
	progs=$(our_prog_ids)
	start_snoop -x || { fail "start"; return; }
	(exec /nonexistent/kill9) 2>/dev/null
	wait_match ' /nonexistent/kill9$' || fail "failed exec not traced"
	expect_eq "tracefs mounts while running" "$(grep -c ' tracefs ' /proc/mounts)" "$before"
	expect_eq "tracefs in the tool's mounts" \
		"$(grep -c ' tracefs ' /proc/"$SNOOP_PID"/mounts)" "$before"
	# fail_execve(at) or, on kernels without bpf_loop or bpf_task_pt_regs, fail_raw*
	bpftool prog show | grep -qE 'name fail_(execveat|raw|raw_noloop) ' ||
		fail "the -x program is not loaded"
	stop_snoop KILL
	expect_eq "tracefs mounts after SIGKILL" "$(grep -c ' tracefs ' /proc/mounts)" "$before"
	expect_progs_gone "$progs" "after SIGKILL"
	ls /sys/fs/bpf 2>/dev/null | grep -qi execsnoop && fail "something pinned in /sys/fs/bpf"
	return 0
}

run_tests
