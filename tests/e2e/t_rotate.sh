#!/bin/bash
# -o FILE as a service writes it: rotated by size (--rotate-size,
# --rotate-keep) and reopened on SIGHUP (logrotate), while an exec storm
# runs. Every event ends up in exactly one file, and every line is whole.
source "$(dirname "$0")/lib.sh"

N=$(quick 1500 600)
LIMIT=16384

# files_oldest_first BASE: BASE.K ... BASE.1 BASE, those that exist.
files_oldest_first() {
	local k
	for ((k = 1000; k >= 1; k--)); do
		[ -e "$1.$k" ] && echo "$1.$k"
	done
	[ -e "$1" ] && echo "$1"
}

# markers TAG FILE...: the TAG-I arguments of the storm's execs, one a line.
markers() {
	local tag=$1
	shift
	cat "$@" | jq -r --arg t "$T/tiny" --arg p "^$tag-[0-9]+\$" \
		'select(.event == "exec" and .filename == $t) | .args[1] | select(test($p))'
}

# all_markers_once TAG COUNT FILE...: TAG-0 .. TAG-(COUNT-1), each exactly once.
all_markers_once() {
	local tag=$1 n=$2 got dup
	shift 2
	got=$(markers "$tag" "$@" | sort)
	dup=$(uniq -d <<<"$got" | head -3 | tr '\n' ' ')
	[ -z "$dup" ] || fail "events written twice: $dup"
	expect_eq "distinct $tag markers" "$(uniq <<<"$got" | grep -c .)" "$n"
}

# whole_lines FILE...: each file is non-empty and ends with a newline (no
# line is split across two files), and each line of them is one JSON object.
whole_lines() {
	local f why
	for f in "$@"; do
		[ -s "$f" ] || { fail "$f is empty"; continue; }
		[ "$(tail -c 1 "$f" | od -An -c | tr -d ' ')" = '\n' ] ||
			fail "$f does not end with a newline"
	done
	cat "$@" >"$T/all.json"
	why=$(json_lines_valid "$T/all.json") || fail "$why"
}

# The storm fills some hundred files of at most LIMIT bytes; each was
# rotated only when the next line did not fit; the events of all of them
# together are those of the storm, each once; the summary ends the newest.
test_rotate_storm() {
	local d=$T/rot rc f files prev=
	build_tiny || { fail "cannot build the static test program"; return; }
	mkdir -p "$d"
	timeout -s KILL 600 "$ES" -j -o "$d/ev.json" --rotate-size 16K --rotate-keep 1000 \
		--buffer-size 16384 -- "$HELPERS/exec_storm" "$N" "$T/tiny" rot >"$OUT" 2>"$ERR"
	rc=$?
	expect_eq "exit status" $rc 0
	expect_quiet_stderr
	mapfile -t files < <(files_oldest_first "$d/ev.json")
	[ "${#files[@]}" -ge $((N * 400 / LIMIT)) ] ||
		{ fail "only ${#files[@]} files for $N events"; return; }
	expect_eq "files in $d" "$(ls "$d" | wc -l)" "${#files[@]}"
	whole_lines "${files[@]}"
	for f in "${files[@]}"; do
		[ "$(stat -c %s "$f")" -le $LIMIT ] || fail "$f: $(stat -c %s "$f") bytes > $LIMIT"
		# the file before was full: its size and this file's first line exceed LIMIT
		if [ -n "$prev" ] &&
			[ $(( $(stat -c %s "$prev") + $(head -1 "$f" | wc -c) )) -le $LIMIT ]; then
			fail "$prev was rotated early: $(stat -c %s "$prev") bytes, next line $(head -1 "$f" | wc -c)"
		fi
		prev=$f
	done
	all_markers_once rot "$N" "${files[@]}"
	tail -1 "$d/ev.json" | jq -e '.event == "summary" and .lost == 0 and .unwritten == 0' \
		>/dev/null || fail "summary: $(tail -1 "$d/ev.json")"
	expect_eq "execs written" "$(cat "${files[@]}" | grep -c '"event":"exec"')" \
		"$(tail -1 "$d/ev.json" | jq .printed)"
}

# --rotate-keep 3: the files FILE, FILE.1 .. FILE.3, no more; they hold the
# newest events.
test_rotate_keep() {
	local d=$T/keep rc got
	build_tiny || { fail "cannot build the static test program"; return; }
	mkdir -p "$d"
	timeout -s KILL 300 "$ES" -j -o "$d/ev.json" --rotate-size 4K --rotate-keep 3 \
		--buffer-size 16384 -- "$HELPERS/exec_storm" 200 "$T/tiny" keep >"$OUT" 2>"$ERR"
	rc=$?
	expect_eq "exit status" $rc 0
	expect_quiet_stderr
	expect_eq "files" "$(cd "$d" && ls | tr '\n' ' ')" "ev.json ev.json.1 ev.json.2 ev.json.3 "
	whole_lines "$d"/ev.json*
	got=$(markers keep "$d"/ev.json* | sort -u | wc -l)
	[ "$got" -gt 0 ] && [ "$got" -lt 200 ] || fail "$got markers kept of 200"
	markers keep "$d"/ev.json* | grep -qx keep-199 || fail "the last exec is not kept"
	tail -1 "$d/ev.json" | grep -q '"event":"summary"' || fail "no summary at the end"
}

# logrotate's create mode: the file is moved away, then SIGHUP; the tool
# writes on to a new FILE. Moved again and again during the storm: every
# event is in one of the files, every line whole; SIGHUP does not end it.
test_sighup_reopens() {
	local d=$T/hup rc k=0 i files
	build_tiny || { fail "cannot build the static test program"; return; }
	mkdir -p "$d"
	"$ES" -j -o "$d/ev.json" --buffer-size 16384 -- \
		"$HELPERS/exec_storm" "$N" "$T/tiny" hup 8 >"$OUT" 2>"$ERR" &
	SNOOP_PID=$!
	while kill -0 "$SNOOP_PID" 2>/dev/null; do
		[ -s "$d/ev.json" ] || { sleep 0.01; continue; }
		k=$((k + 1))
		mv "$d/ev.json" "$d/moved.$(printf %04d $k)"
		kill -HUP "$SNOOP_PID" 2>/dev/null
		# the new file, unless the tool ended first
		for ((i = 0; i < 1000; i++)); do
			[ -e "$d/ev.json" ] || ! kill -0 "$SNOOP_PID" 2>/dev/null && break
			sleep 0.01
		done
	done
	wait "$SNOOP_PID"
	rc=$?
	SNOOP_PID=
	expect_eq "exit status" $rc 0
	expect_quiet_stderr
	[ $k -ge 1 ] || { fail "the file was never moved"; return; }
	# oldest first: the moved files in order, then the file open at the end
	mapfile -t files < <(ls "$d"/moved.* 2>/dev/null; ls "$d/ev.json" 2>/dev/null)
	whole_lines "${files[@]}"
	all_markers_once hup "$N" "${files[@]}"
	tail -1 "${files[-1]}" | jq -e '.event == "summary" and .lost == 0' >/dev/null ||
		fail "summary: $(tail -1 "${files[-1]}")"
	echo "   ($k moves and reopens)"
}

# Without -o, SIGHUP still ends the tool (a hang-up), with status 0.
test_sighup_ends_without_file() {
	start_snoop || { fail "start"; return; }
	kill -HUP "$SNOOP_PID"
	wait "$SNOOP_PID"
	SNOOP_RC=$?
	SNOOP_PID=
	expect_eq "exit status" "$SNOOP_RC" 0
}

# With --rotate-size the file is appended to (a restarted service goes on
# with its file); without, truncated as before.
test_append_when_rotating() {
	local f=$T/app.json
	printf '{"event":"old"}\n' >"$f"
	timeout -s KILL 60 "$ES" -j -o "$f" --rotate-size 1M -- /bin/true app-1 2>"$ERR"
	expect_eq "first line kept" "$(head -1 "$f")" '{"event":"old"}'
	grep -q '"app-1"' "$f" || fail "no new event: $(head -c 300 "$f")"
	timeout -s KILL 60 "$ES" -j -o "$f" -- /bin/true app-2 2>"$ERR"
	grep -q '"old"\|"app-1"' "$f" && fail "not truncated without --rotate-size"
	grep -q '"app-2"' "$f" || fail "no new event: $(head -c 300 "$f")"
}

# A file that cannot be rotated (FILE.1 is a directory with a file in it):
# an error, status 1, what was not written counted; no line is cut.
test_rotate_fails() {
	local d=$T/fail rc
	build_tiny || { fail "cannot build the static test program"; return; }
	mkdir -p "$d/ev.json.1/x"
	timeout -s KILL 120 "$ES" -j -o "$d/ev.json" --rotate-size 4K --rotate-keep 1 -- \
		"$HELPERS/exec_storm" 100 "$T/tiny" fails >"$OUT" 2>"$ERR"
	rc=$?
	expect_eq "exit status" $rc 1
	grep -q "^execsnoop: cannot rotate '$d/ev.json': " "$ERR" || fail "stderr: $(head -c 300 "$ERR")"
	grep -qE ', [1-9][0-9]* not written \(write error\)$' "$ERR" || fail "summary: $(tail -1 "$ERR")"
	whole_lines "$d/ev.json"
	[ "$(stat -c %s "$d/ev.json")" -le 4096 ] || fail "grew past the limit: $(stat -c %s "$d/ev.json")"
}

test_rotate_usage_errors() {
	expect_usage_error --rotate-size 1M
	expect_eq "message" "$(head -1 "$ERR")" "execsnoop: --rotate-size applies only to --output FILE"
	expect_usage_error -o "$T/x" --rotate-keep 3
	expect_eq "message" "$(head -1 "$ERR")" "execsnoop: --rotate-keep applies only with --rotate-size"
	for v in 0 4095 1X 1KB -1 '' 2000000G; do
		expect_usage_error -o "$T/x" --rotate-size "$v"
	done
	for v in 0 1001 x; do
		expect_usage_error -o "$T/x" --rotate-size 1M --rotate-keep "$v"
	done
	expect_usage_error -o /dev/null --rotate-size 1M
	expect_eq "message" "$(head -1 "$ERR")" \
		"execsnoop: invalid --output '/dev/null': not a regular file (--rotate-size renames it)"
}

run_tests
