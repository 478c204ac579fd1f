#!/bin/bash
# Context in the text output: --cwd (escaped, across mounts, cut when too
# deep), --exe (the file really run: symlinks, relative paths, descriptors),
# --context columns against ps and /proc; --mntns and a relative -c.
source "$(dirname "$0")/lib.sh"

ME=$(comm_of $$)
CGROOT=/sys/fs/cgroup/unified
[ "$(stat -f -c %T "$CGROOT" 2>/dev/null)" = cgroup2fs ] || CGROOT=/sys/fs/cgroup
CGNAME=execsnoop-ctx-$$
CG=$CGROOT/$CGNAME
mkdir -p "$CG" && at_exit "rmdir $CG 2>/dev/null"
MYNS=$(stat -L -c %i /proc/self/ns/mnt)

# dir_line COMM PID PPID DIR RET ARGS: a line with one path column (--cwd
# or --exe); two_line ... CWD EXE RET ARGS: with both.
dir_line() {
	printf '%-16s %-7s %-7s %-20s %3s %s' "$@"
}
two_line() {
	printf '%-16s %-7s %-7s %-20s %-20s %3s %s' "$@"
}
# ctx_line COMM PID PPID SID TTY AUID EUID MNTNS CGROUP RET ARGS
ctx_line() {
	printf '%-16s %-7s %-7s %-7s %-7s %-6s %-6s %-10s %-20s %3s %s' "$@"
}

# run_in DIR COMMAND...: run COMMAND (exec'd by a subshell) with DIR as its
# working directory; its pid goes to PID.
run_in() {
	local dir=$1
	shift
	(cd "$dir" && exec "$@") >/dev/null &
	PID=$!
	wait $PID
}

test_cwd_plain() {
	mkdir -p "$T/wd"
	start_snoop --cwd || { fail "start"; return; }
	run_in "$T/wd" /bin/echo cwd-plain
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(dir_line COMM PID PPID CWD RET ARGS)"
	expect_line "$(dir_line echo $PID $$ "$T/wd" 0 '/bin/echo cwd-plain')"
	# sync_snoop's /bin/true ran here, in the repository
	expect_count 1 "^true +[0-9]+ +$$ +$ROOT +0 /bin/true sentinel-[0-9]+$"
}

# Spaces and control characters in a directory name are escaped, so that
# the column stays one word and the line one line.
test_cwd_escaped() {
	local p1 p2
	mkdir -p "$T/my dir" "$T/nl"$'\n'"x"$'\t'
	start_snoop --cwd || { fail "start"; return; }
	run_in "$T/my dir" /bin/echo cwd-space
	p1=$PID
	run_in "$T/nl"$'\n'"x"$'\t' /bin/echo cwd-ctl
	p2=$PID
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(dir_line echo $p1 $$ "$T/my\\x20dir" 0 '/bin/echo cwd-space')"
	expect_line "$(dir_line echo $p2 $$ "$T/nl\\nx\\t" 0 '/bin/echo cwd-ctl')"
}

# The path is the one through the mounts the process sees: a bind mount
# shows its mount point (not the source directory), and /dev/shm (here a
# tmpfs mounted over another one) its own path.
test_cwd_across_mounts() {
	local p1 p2 shm=/dev/shm/execsnoop-e2e-$$
	mkdir -p "$T/src/sub" "$T/bind" "$shm/in"
	at_exit "rm -rf $shm"
	mount --bind "$T/src" "$T/bind" || { fail "mount --bind"; return; }
	at_exit "mountpoint -q $T/bind && umount $T/bind"
	start_snoop --cwd || { fail "start"; return; }
	run_in "$T/bind/sub" /bin/echo cwd-bind
	p1=$PID
	run_in "$shm/in" /bin/echo cwd-shm
	p2=$PID
	sync_snoop || fail "sync"
	stop_snoop
	umount "$T/bind"
	expect_line "$(dir_line echo $p1 $$ "$T/bind/sub" 0 '/bin/echo cwd-bind')"
	expect_line "$(dir_line echo $p2 $$ "$shm/in" 0 '/bin/echo cwd-shm')"
}

# Deeper than the 128 components walked: the leaf-most 128, after "...".
test_cwd_too_deep() {
	local d=$T/deep i want=...
	for i in $(seq 140); do
		d+=/d
	done
	mkdir -p "$d"
	for i in $(seq 128); do
		want+=/d
	done
	start_snoop --cwd || { fail "start"; return; }
	run_in "$d" /bin/echo cwd-deep
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(dir_line echo $PID $$ "$want" 0 '/bin/echo cwd-deep')"
}

# --exe: /bin/sh is a symlink (to dash here): the file really run.
test_exe_symlink() {
	local pid real
	real=$(readlink -f /bin/sh)
	ln -s /bin/echo "$T/l2"
	ln -s "$T/l2" "$T/l1"
	start_snoop --exe || { fail "start"; return; }
	/bin/sh -c 'exit 0' &
	pid=$!
	wait $pid
	"$T/l1" exe-chain >/dev/null &
	p2=$!
	wait $p2
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(dir_line COMM PID PPID EXE RET ARGS)"
	[ "$real" != /bin/sh ] || fail "/bin/sh is no symlink here"
	expect_line "$(dir_line sh $pid $$ "$real" 0 '/bin/sh -c exit 0')"
	expect_line "$(dir_line l1 $p2 $$ "$(readlink -f /bin/echo)" 0 "$T/l1 exe-chain")"
}

# A relative path (env execs "./prog" as given; bash would make it
# absolute): the absolute path of the file.
test_exe_relative() {
	mkdir -p "$T/bin"
	cp /bin/true "$T/bin/prog"
	start_snoop --exe --cwd || { fail "start"; return; }
	run_in "$T/bin" /usr/bin/env ./prog exe-rel
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(two_line prog $PID $$ "$T/bin" "$T/bin/prog" 0 './prog exe-rel')"
}

# execveat by descriptor and fexecve: the program is named /dev/fd/N, the
# exe is the file behind the descriptor.
exe_fd() {
	local pid comm
	start_snoop --exe || { fail "start"; return; }
	"$HELPERS/xexec" "$1" 7 /bin/cat cat /proc/self/comm >"$T/comm" &
	pid=$!
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	comm=$(cat "$T/comm")
	expect_line "$(dir_line "$comm" $pid $$ "$(readlink -f /bin/cat)" 0 '/dev/fd/7 /proc/self/comm')"
	expect_line "$(dir_line xexec $pid $$ "$HELPERS/xexec" 0 "$HELPERS/xexec $1 7 /bin/cat cat /proc/self/comm")"
}
test_exe_execveat() { exe_fd emptypath; }
test_exe_fexecve() { exe_fd fexecve; }

# A failed exec has a cwd but no exe; an EXIT line has neither.
test_failed_and_exit_paths() {
	local p1 p2
	mkdir -p "$T/fw"
	start_snoop -x -e --cwd --exe || { fail "start"; return; }
	run_in "$T/fw" /no/such/cwdfail 2>/dev/null
	p1=$PID
	run_in "$T/fw" /bin/sh -c 'exit 2'
	p2=$PID
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(two_line "$ME" $p1 $$ "$T/fw" - -2 /no/such/cwdfail)"
	expect_line "$(two_line sh $p2 $$ "$T/fw" "$(readlink -f /bin/sh)" 0 '/bin/sh -c exit 2')"
	expect_count 1 "^sh +$p2 +$$ +- +- +EXIT code 2, ran [0-9]+\.[0-9]{3} ms$"
}

# --context for a long-lived process: a login uid, another effective uid,
# its own cgroup; every column against ps and /proc.
test_context_columns() {
	local pid sid mntns cg mycg
	local script='echo 4242 >/proc/self/loginuid && echo $$ >"$1/cgroup.procs" && exec setpriv --euid=65534 /bin/sleep 30.21'
	mycg=$(sed -n 's/^0:://p' /proc/$$/cgroup)
	start_snoop --context || { fail "start"; return; }
	/bin/bash -c "$script" ctx "$CG" &
	pid=$!
	wait_match " /bin/sleep 30.21$" || { fail "exec not traced"; kill $pid; return; }
	sid=$(ps -o sid= -p $pid | tr -d ' ')
	mntns=$(stat -L -c %i /proc/$pid/ns/mnt)
	cg=$(sed -n 's/^0:://p' /proc/$pid/cgroup)
	expect_eq "ps: tty" "$(ps -o tty= -p $pid | tr -d ' ')" '?'
	expect_eq "ps: euid" "$(ps -o euid= -p $pid | tr -d ' ')" 65534
	expect_eq "loginuid" "$(cat /proc/$pid/loginuid)" 4242
	expect_eq "cgroup" "$cg" "/$CGNAME"
	kill $pid
	wait $pid 2>/dev/null
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(ctx_line COMM PID PPID SID TTY AUID EUID MNTNS CGROUP RET ARGS)"
	expect_line "$(ctx_line sleep $pid $$ "$sid" - 4242 65534 "$mntns" "$cg" 0 '/bin/sleep 30.21')"
	# before it changed them: this shell's cgroup, no login uid ("-")
	expect_line "$(ctx_line bash $pid $$ "$sid" - - 0 "$mntns" "$mycg" 0 "/bin/bash -c $script ctx $CG")"
	expect_line "$(ctx_line setpriv $pid $$ "$sid" - 4242 0 "$mntns" "$cg" 0 "/usr/bin/setpriv --euid=65534 /bin/sleep 30.21")"
}

# A controlling terminal (script(1) gives one): the TTY column names it as
# ps does (pts/N, the name under /dev).
test_context_tty() {
	local pid want sid sc mycg
	mycg=$(sed -n 's/^0:://p' /proc/$$/cgroup)
	start_snoop --context || { fail "start"; return; }
	script -q -c 'exec /bin/sleep 20.19' /dev/null </dev/null >/dev/null &
	sc=$!
	# the sleep's own line (sh's ends the same way, and may come first)
	wait_match "^sleep +[0-9]+ .* /bin/sleep 20.19$" || { fail "exec not traced"; return; }
	pid=$(awk '$1 == "sleep" && $NF == "20.19" { print $2 }' "$OUT")
	want=$(ps -o tty= -p "$pid" | tr -d ' ')
	sid=$(ps -o sid= -p "$pid" | tr -d ' ')
	[[ $want == pts/* ]] || fail "ps shows tty '$want' for the sleep under script"
	kill "$pid" 2>/dev/null
	wait $sc
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(ctx_line sleep "$pid" $sc "$sid" "$want" - 0 "$MYNS" "$mycg" 0 '/bin/sleep 20.19')" ||
		grep -- ' /bin/sleep 20.19$' "$OUT" | sed 's/^/   this: /'
}

# --mntns: only processes in that mount namespace.
test_mntns_this() {
	local p1 p2
	start_snoop --mntns "$MYNS" || { fail "start"; return; }
	/bin/echo mn-here >/dev/null &
	p1=$!
	wait $p1
	/usr/bin/unshare -m /bin/echo mn-there >/dev/null &
	p2=$!
	wait $p2
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(line echo $p1 $$ 0 '/bin/echo mn-here')"
	expect_line "$(line unshare $p2 $$ 0 '/usr/bin/unshare -m /bin/echo mn-there')"
	expect_no_match '^echo .* /bin/echo mn-there$'
}

test_mntns_other() {
	local holder ns i pid
	/usr/bin/unshare -m /bin/sleep 600 &
	holder=$!
	at_exit "kill $holder 2>/dev/null"
	for i in $(seq 100); do
		[ "$(stat -L -c %i /proc/$holder/ns/mnt)" != "$MYNS" ] && break
		sleep 0.05
	done
	ns=$(stat -L -c %i /proc/$holder/ns/mnt)
	[ "$ns" != "$MYNS" ] || { fail "unshare -m made no namespace"; return; }
	start_snoop --mntns "$ns" || { fail "start"; return; }
	/bin/echo mn-mine >/dev/null
	/usr/bin/unshare -m /bin/echo mn-third >/dev/null
	nsenter -t $holder -m /bin/echo mn-other >/dev/null &
	pid=$!
	wait $pid
	sync_with nsenter -t $holder -m /bin/true || fail "sync"
	stop_snoop
	kill $holder
	wait $holder 2>/dev/null
	expect_line "$(line echo $pid $$ 0 '/bin/echo mn-other')"
	expect_no_match 'mn-mine'
	expect_no_match 'mn-third'
	expect_no_match '^nsenter '
}

test_mntns_errors() {
	local v
	for v in abc 0 -1 4294967296 '' 12x ' 5'; do
		expect_usage_error --mntns "$v"
	done
}

# -c PATH relative to the cgroup v2 mount.
test_cgroup_relative() {
	local pid
	[ ! -e "$CGNAME" ] || { fail "$CGNAME exists in $PWD"; return; }
	start_snoop -c "$CGNAME" || { fail "start"; return; }
	/bin/echo cg-outside >/dev/null
	/bin/bash -c 'echo $$ >"$1/cgroup.procs" && exec /bin/echo cg-inside' in-cg "$CG" >/dev/null &
	pid=$!
	wait $pid
	sync_with /bin/bash -c 'echo $$ >"$1/cgroup.procs" && exec /bin/true "$2"' in-cg "$CG" ||
		fail "sync"
	stop_snoop
	expect_line "$(line echo $pid $$ 0 '/bin/echo cg-inside')"
	expect_no_match 'cg-outside'
	expect_usage_error -c "execsnoop-no-such-cg-$$"
}

run_tests
