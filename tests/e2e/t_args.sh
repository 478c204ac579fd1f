#!/bin/bash
# Arguments: long ones, many, more than the copy limit, empty ones, and the
# arguments of failed execs. Every check compares the exact line printed.
source "$(dirname "$0")/lib.sh"

ME=$(comm_of $$)

# rep N CHAR: CHAR repeated N times
rep() {
	head -c "$1" /dev/zero | tr '\0' "$2"
}

test_long_argument() {
	local a pid
	a=$(rep 5000 L)
	start_snoop || { fail "start"; return; }
	/bin/true "$a" end &
	pid=$!
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(line true $pid $$ 0 "/bin/true $a end")"
}

test_300_arguments() {
	local pid args
	args=$(seq -f 'arg%g' 1 300 | tr '\n' ' ')
	args=${args% }
	start_snoop --max-args 1000 || { fail "start"; return; }
	/bin/true $args &
	pid=$!
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(line true $pid $$ 0 "/bin/true $args")"
}

# argv = "/bin/true" + 9 arguments of 4000 letters (a..i): 10 + 9 * 4001 =
# 36019 bytes with the NULs. The first 32768 hold argv[0], 8 arguments and
# 750 bytes of the ninth.
BIG=()
for c in a b c d e f g h i; do
	BIG+=("$(rep 4000 $c)")
done
BIG_TOTAL=$((10 + 9 * 4001))

test_args_over_32k_cut() {
	local pid want
	start_snoop || { fail "start"; return; }
	/bin/true "${BIG[@]}" &
	pid=$!
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	want="/bin/true ${BIG[*]:0:8} $(rep 750 i) [truncated: 32768 of $BIG_TOTAL bytes, 10 args]"
	expect_line "$(line true $pid $$ 0 "$want")"
}

test_args_size_131072() {
	local pid
	start_snoop --args-size 131072 || { fail "start"; return; }
	/bin/true "${BIG[@]}" &
	pid=$!
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(line true $pid $$ 0 "/bin/true ${BIG[*]}")"
}

# Empty arguments: nothing between the separating spaces, or "" with -q.
test_empty_arguments() {
	local pid
	start_snoop || { fail "start"; return; }
	/bin/echo '' x '' >/dev/null &
	pid=$!
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(line echo $pid $$ 0 '/bin/echo  x ')"
}

test_empty_arguments_quoted() {
	local pid
	start_snoop -q || { fail "start"; return; }
	/bin/echo '' x '' >/dev/null &
	pid=$!
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(line echo $pid $$ 0 '"/bin/echo" "" "x" ""')"
}

# A failed exec shows what the caller asked for: the filename, then its
# argv[1] onwards (argv[0], here "zz", is replaced by the filename).
test_failed_exec_argv() {
	local p1 p2 a
	a=$(rep 5000 F)
	start_snoop -x || { fail "start"; return; }
	(exec -a zz /nonexistent/fx 'a b' '' c) 2>/dev/null &
	p1=$!
	wait $p1
	(exec /nonexistent/fl "$a") 2>/dev/null &
	p2=$!
	wait $p2
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(line "$ME" $p1 $$ -2 '/nonexistent/fx a b  c')"
	expect_line "$(line "$ME" $p2 $$ -2 "/nonexistent/fl $a")"
}

# failed_exec_named NAME ARGS_SHOWN: exec NAME with argument arg1 (it fails
# with ENAMETOOLONG, -36); the line shows ARGS_SHOWN.
failed_exec_named() {
	local pid
	start_snoop -x || { fail "start"; return; }
	(exec "$1" arg1) 2>/dev/null &
	pid=$!
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(line "$ME" $pid $$ -36 "$2")"
}

# A file name longer than the kernel takes: the first 4095 bytes are shown,
# and marked as cut; JSON says so too.
test_failed_exec_filename_cut() {
	local name=/$(rep 5000 n)
	failed_exec_named "$name" "${name:0:4095} arg1 [filename truncated: 4095 bytes shown]"
}

# 4095 bytes fill the buffer exactly, but nothing is cut: no mark (the
# kernel refuses it for its 4094-byte component).
test_failed_exec_filename_4095_whole() {
	local name=/$(rep 4094 c)
	failed_exec_named "$name" "$name arg1"
}

test_failed_exec_filename_cut_json() {
	local name
	name=/$(rep 5000 n)
	timeout -s KILL 30 "$ES" -j -x -- /bin/bash -c '("$0" a) 2>/dev/null; /bin/true "$0"' \
		"$name" >"$OUT" 2>"$ERR" || { fail "exit status $?"; return; }
	python3 - "$OUT" "$name" <<'PY' || fail "JSON filename_truncated"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
name = sys.argv[2]
bad = [e for e in ev if e.get("retval") == -36]
ok = [e for e in ev if e.get("event") == "exec" and e.get("retval") == 0]
assert len(bad) == 1, bad
assert bad[0]["filename"] == name[:4095], len(bad[0]["filename"])
assert bad[0]["filename_truncated"] is True
assert bad[0]["args"] == [name, "a"], [len(a) for a in bad[0]["args"]]
assert ok and all(e["filename_truncated"] is False for e in ok), ok
PY
}

test_failed_exec_argv_quoted() {
	local pid
	start_snoop -x -q || { fail "start"; return; }
	(exec -a zz /nonexistent/fx 'a b' '' 'q"q') 2>/dev/null &
	pid=$!
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(line "$ME" $pid $$ -2 '"/nonexistent/fx" "a b" "" "q\"q"')"
}

# Over 32 KiB on a failed exec: cut, and marked. The copy of the string cut
# ends with its NUL inside the 32768 bytes: 749 bytes of the ninth remain.
test_failed_exec_args_cut() {
	local pid
	start_snoop -x || { fail "start"; return; }
	(exec /nonexistent/fbig "${BIG[@]}") 2>/dev/null &
	pid=$!
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	# argv[0] is "/nonexistent/fbig" (18 bytes): 18 + 8 * 4001 = 32026
	expect_line "$(line "$ME" $pid $$ -2 "/nonexistent/fbig ${BIG[*]:0:8} $(rep 741 i) [truncated: 32768 bytes shown]")"
}

# A failed exec whose argv strings the caller never touched: the kernel
# fails (ENOENT) before reading them, so they are still not resident when
# the tool reads them after the call; it must still show them.
# Known limitation: a failed exec (ENOENT) makes the kernel fail before it
# reads argv, and a BPF program cannot fault pages in. If the pages are still
# not mapped, the arguments must be flagged as unreadable, never silently
# shown as empty or partial.
test_failed_exec_untouched_argv() {
	local pid
	"$HELPERS/literal_exec" fail check >/dev/null 2>"$T/check"
	grep -qx 'present=0' "$T/check" ||
		{ fail "helper could not keep its strings non-resident: $(cat "$T/check")"; return; }
	start_snoop -x || { fail "start"; return; }
	"$HELPERS/literal_exec" fail &
	pid=$!
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	# which pages got mapped meanwhile (fault-around from the page cache)
	# varies: the full argv, or what was readable followed by the mark
	has_line "$(line literal_exec $pid $$ -2 '/nonexistent/literal Y Z')" ||
		has_line "$(line literal_exec $pid $$ -2 '/nonexistent/literal Y [args unreadable]')" ||
		expect_line "$(line literal_exec $pid $$ -2 '/nonexistent/literal [args unreadable]')"
}

run_tests
