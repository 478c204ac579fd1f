#!/bin/bash
# Process-tree scoping: -p PID (with descendants forked before and after
# the tool started), -- COMMAND (its own exec first, only its descendants),
# and --tree indentation, below a root or along the exec'd ancestry.
source "$(dirname "$0")/lib.sh"

SH=$(type -P sh)
SLEEP=$(type -P sleep)

# expect_output LINE...: OUT is exactly these lines (EXIT lines may use the
# placeholder N.NNN for the milliseconds).
expect_output() {
	local want got i
	want=$(printf '%s\n' "$@")
	got=$(sed -E 's/, ran [0-9]+\.[0-9]{3} ms/, ran N.NNN ms/' "$OUT")
	if [ "$got" != "$want" ]; then
		fail "output differs (want / got):"
		diff <(echo "$want") <(echo "$got") | sed 's/^/   /' | head -20
		return 1
	fi
}

# A root shell that, before the tool starts, already has a subshell S
# (fork, no exec) which has a subshell D of its own; both wait on FIFOs.
# Once traced: D execs, S execs, the root runs a program (fork + exec),
# forks a subshell that execs, and finally execs itself.
pid_tree() {
	local root sub deep i p1 p2 ind1= ind2=
	[ "${1:-}" = --tree ] && ind1='  ' ind2='    '
	rm -f "$T/f1" "$T/f2" "$T/f3" "$T/deep.pid" "$T/sub.pid"
	mkfifo "$T/f1" "$T/f2" "$T/f3"
	/bin/bash -c '( ( read -r x <"$1"; exec /bin/echo deep "$x" ) & echo $! >"$4"
		read -r x <"$2"; exec /bin/echo sub "$x" ) &
		echo $! >"$5"
		read -r y <"$3"
		/bin/echo parent "$y"
		( exec /bin/echo forked-later )
		wait
		exec /bin/echo root-exec' root-sh "$T/f1" "$T/f2" "$T/f3" "$T/deep.pid" "$T/sub.pid" >/dev/null &
	root=$!
	for i in $(seq 100); do
		[ -s "$T/deep.pid" ] && [ -s "$T/sub.pid" ] && break
		sleep 0.05
	done
	deep=$(cat "$T/deep.pid")
	sub=$(cat "$T/sub.pid")
	if ! start_snoop -p $root "$@"; then
		fail "start"
		kill -KILL $root $sub $deep	# blocked on the FIFOs
		wait $root
		return
	fi
	/bin/echo outside-the-tree >/dev/null
	echo go1 >"$T/f1"
	wait_line "$(line echo $deep $sub 0 "$ind2/bin/echo deep go1")"
	echo go2 >"$T/f2"
	wait_line "$(line echo $sub $root 0 "$ind1/bin/echo sub go2")"
	/bin/echo outside-again >/dev/null
	echo go3 >"$T/f3"
	wait $root
	wait_line "$(line echo $root $$ 0 '/bin/echo root-exec')"
	stop_snoop
	p1=$(awk '$NF == "go3" { print $2 }' "$OUT")
	p2=$(awk '$NF == "forked-later" { print $2 }' "$OUT")
	expect_output "$(line COMM PID PPID RET ARGS)" \
		"$(line echo $deep $sub 0 "$ind2/bin/echo deep go1")" \
		"$(line echo $sub $root 0 "$ind1/bin/echo sub go2")" \
		"$(line echo "$p1" $root 0 "$ind1/bin/echo parent go3")" \
		"$(line echo "$p2" $root 0 "$ind1/bin/echo forked-later")" \
		"$(line echo $root $$ 0 '/bin/echo root-exec')"
}
test_pid_tree() { pid_tree; }
test_pid_tree_indented() { pid_tree --tree; }

test_pid_errors() {
	expect_usage_error -p 0
	expect_usage_error -p abc
	expect_usage_error -p -5
	expect_usage_error --pid 2147483648
	# a free pid: no such process
	local free=$(( $(cat /proc/sys/kernel/pid_max) - 1 ))
	kill -0 $free 2>/dev/null || expect_usage_error -p $free
}

# COMMAND: its own exec is the first line, a concurrent exec elsewhere is
# not shown, its descendants are; the tool ends when COMMAND does.
test_command_scope() {
	local es b e
	mkfifo "$T/cf"
	: >"$OUT"
	"$ES" -- /bin/bash -c 'read -r x <"$1"; /bin/echo inside "$x" >/dev/null; exit 0' cs "$T/cf" \
		>"$OUT" 2>"$ERR" &
	es=$!
	if ! wait_match "^bash +[0-9]+ +$es +0 /bin/bash -c "; then
		fail "COMMAND not traced"
		timeout 2 sh -c 'echo x >"$1"' - "$T/cf"
		kill -KILL $es
		wait $es
		return
	fi
	/bin/echo outside-cmd >/dev/null
	/bin/bash -c '/bin/echo outside-cmd-2; exit 0' >/dev/null
	echo go >"$T/cf"
	wait $es
	expect_eq "exit status" $? 0
	b=$(awk '$1 == "bash" { print $2 }' "$OUT")
	e=$(awk '$1 == "echo" { print $2 }' "$OUT")
	expect_output "$(line COMM PID PPID RET ARGS)" \
		"$(line bash "$b" $es 0 "/bin/bash -c read -r x <\"\$1\"; /bin/echo inside \"\$x\" >/dev/null; exit 0 cs $T/cf")" \
		"$(line echo "$e" "$b" 0 '/bin/echo inside go')"
}

# --tree below COMMAND: bash (0) forks sh (1), which forks sleep (2); with
# -e each EXIT line is indented like its process.
test_tree_command_depths() {
	local es b s l
	"$ES" --tree -e -- /bin/bash -c 'sh -c "sleep 0.01; exit 0"; exit 0' >"$OUT" 2>"$ERR" &
	es=$!
	wait $es
	expect_eq "exit status" $? 0
	b=$(awk '$1 == "bash" && $4 == "0" { print $2 }' "$OUT")
	s=$(awk '$1 == "sh" && $4 == "0" { print $2 }' "$OUT")
	l=$(awk '$1 == "sleep" && $4 == "0" { print $2 }' "$OUT")
	expect_output "$(line COMM PID PPID RET ARGS)" \
		"$(line bash "$b" $es 0 '/bin/bash -c sh -c "sleep 0.01; exit 0"; exit 0')" \
		"$(line sh "$s" "$b" 0 "  $SH -c sleep 0.01; exit 0")" \
		"$(line sleep "$l" "$s" 0 "    $SLEEP 0.01")" \
		"$(line sleep "$l" "$s" EXIT '    code 0, ran N.NNN ms')" \
		"$(line sh "$s" "$b" EXIT '  code 0, ran N.NNN ms')" \
		"$(line bash "$b" $es EXIT 'code 0, ran N.NNN ms')"
}

# An exec in place (bash runs its last command without forking) keeps the
# process, so the depth: bash and sh at 0, sleep at 1.
test_tree_exec_in_place() {
	local es b l
	"$ES" --tree -- /bin/bash -c 'sh -c "sleep 0.01; exit 0"' >"$OUT" 2>"$ERR" &
	es=$!
	wait $es
	expect_eq "exit status" $? 0
	b=$(awk '$1 == "bash" { print $2 }' "$OUT")
	l=$(awk '$1 == "sleep" { print $2 }' "$OUT")
	expect_output "$(line COMM PID PPID RET ARGS)" \
		"$(line bash "$b" $es 0 '/bin/bash -c sh -c "sleep 0.01; exit 0"')" \
		"$(line sh "$b" $es 0 "$SH -c sleep 0.01; exit 0")" \
		"$(line sleep "$l" "$b" 0 "  $SLEEP 0.01")"
}

# JSON has the depth below COMMAND as a field (and no indentation).
test_tree_json_depth() {
	"$ES" -j -- /bin/bash -c '/bin/sh -c "/bin/true dj; exit 0"; exit 0' >"$OUT" 2>"$ERR"
	expect_eq "exit status" $? 0
	expect_eq "depths" "$(jq -r 'select(.event == "exec") | "\(.comm) \(.depth)"' "$OUT" | tr '\n' ' ')" \
		"bash 0 sh 1 true 2 "
}

# --tree without -p or COMMAND: the depth follows the exec'd ancestry; this
# shell never exec'd, so the bash it starts is at 0, its sh at 1, echo at 2.
test_tree_exec_ancestry() {
	local b s e
	start_snoop --tree -e || { fail "start"; return; }
	/bin/bash -c '/bin/sh -c "/bin/echo tree-anc; exit 0"; exit 0' >/dev/null &
	b=$!
	wait $b
	sync_snoop || fail "sync"
	stop_snoop
	s=$(awk -v p=$b '$1 == "sh" && $3 == p && $4 == "0" { print $2 }' "$OUT")
	e=$(awk -v p="$s" '$1 == "echo" && $3 == p && $4 == "0" { print $2 }' "$OUT")
	expect_line "$(line bash $b $$ 0 '/bin/bash -c /bin/sh -c "/bin/echo tree-anc; exit 0"; exit 0')"
	expect_line "$(line sh "$s" $b 0 '  /bin/sh -c /bin/echo tree-anc; exit 0')"
	expect_line "$(line echo "$e" "$s" 0 '    /bin/echo tree-anc')"
	expect_exit echo "$e" "$s" '    code 0'
	expect_exit sh "$s" $b '  code 0'
	expect_exit bash $b $$ 'code 0'
}


# -p stops by itself (status 0) once every traced process has ended, having
# printed their execs; --keep-tracing keeps it running. The exec must come
# after the tool's start: E2E_QUICK waits longer for it.
test_pid_stops_when_tree_ends() {
	local root i
	/bin/sh -c "sleep $(quick 1.5 6); /bin/true pid-tree-end" &
	root=$!
	start_snoop -p $root || { fail "start"; kill $root; return; }
	wait $root
	for ((i = 0; i < 200; i++)); do
		kill -0 "$SNOOP_PID" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$SNOOP_PID" 2>/dev/null; then
		fail "still running 10 s after the tree ended"
		stop_snoop KILL
		return
	fi
	wait "$SNOOP_PID"
	SNOOP_RC=$?
	SNOOP_PID=
	expect_eq "exit status" "$SNOOP_RC" 0
	expect_count 1 '^true .* /bin/true pid-tree-end$'
}

test_pid_keep_tracing() {
	local root
	/bin/sh -c "sleep $(quick 1 6); /bin/true pid-tree-keep" &
	root=$!
	start_snoop -p $root --keep-tracing || { fail "start"; kill $root; return; }
	wait $root
	wait_match ' /bin/true pid-tree-keep$' || fail "exec not traced"
	sleep 3
	kill -0 "$SNOOP_PID" 2>/dev/null || fail "stopped although --keep-tracing"
	stop_snoop
	expect_eq "exit status" "$SNOOP_RC" 0
}

run_tests
