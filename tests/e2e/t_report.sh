#!/bin/bash
# The end-of-run report (--report): a workload built on purpose (a known
# number of each program, a failed exec, a process killed by a signal, a CPU
# spinner, a chain that ends last), traced with -e --report (text) and
# -j -e -x --report (JSON); the report's figures must agree with the events
# of the same run (tests/e2e/report_check.py recomputes them from the events
# and validates every line against doc/schema.json). Then a real build: this
# project's own, from a copy of the tree.
source "$(dirname "$0")/lib.sh"

RU=$HELPERS/rusage
CHECK=$ROOT/tests/e2e/report_check.py
SCHEMA=$ROOT/doc/schema.json

# The workload: /bin/true 3 times and once more from a subshell (a fork
# without exec: its child is linked under it), a failed exec (its child,
# which never exec'd, is a record too: sh is 5 of the 12), a sh that kills itself
# with SIGKILL, 200 ms of CPU, then a chain that ends last:
#   root sh -> sh (chain-marker) -> rusage spin 100
# (each sh ends with the builtin true, so that none execs its last command
# in place).
workload() {
	local tag=$1
	cat <<EOF
/bin/true a; /bin/true b; /bin/true c
( /bin/true e; true )
/nonexistent/prog-$tag 2>/dev/null
/bin/sh -c 'kill -KILL \$\$'
$RU spin 200
/bin/sh -c "/bin/true d; $RU spin 100; true" chain-marker-$tag
true
EOF
}

# The pids of the chain in a JSON output: the root, the marked sh, its spinner.
chain_pids() {
	local root sh spin
	root=$(jq -r 'select(.event == "exec" and .retval == 0) | .pid' "$1" | head -1)
	sh=$(jq -r --arg m "chain-marker-$2" 'select(.event == "exec" and (.args | index($m)))
		| .pid' "$1")
	spin=$(jq -r --arg p "$sh" 'select(.event == "exec" and (.ppid | tostring) == $p and
		.args[1] == "spin") | .pid' "$1")
	echo "$root,$sh,$spin"
}

# JSON: every figure agrees with the events (--exit-all: the subshell's end
# is printed too); the chain is the one built.
test_report_json() {
	local tag=$RANDOM$RANDOM pids
	"$ES" -j --exit-all -x --report -o "$T/ev.json" -- /bin/sh -c "$(workload "$tag")" 2>"$ERR" ||
		{ fail "execsnoop failed: $(head -c 300 "$ERR")"; return; }
	json_lines_valid "$T/ev.json" || { fail "invalid JSON Lines"; return; }
	pids=$(chain_pids "$T/ev.json" "$tag")
	[[ $pids =~ ^[0-9]+,[0-9]+,[0-9]+$ ]] || { fail "chain pids not found: $pids"; return; }
	python3 "$CHECK" "$T/ev.json" "$SCHEMA" "$pids" >"$T/check" ||
		{ fail "$(cat "$T/check")"; return; }
	# and the workload's own counts, from the report alone
	expect_eq "true count" "$(jq -r 'select(.event == "report") | .programs[] |
		select(.program == "true") | .count' "$T/ev.json")" 5
	expect_eq "sh count" "$(jq -r 'select(.event == "report") | .programs[] |
		select(.program == "sh") | .count' "$T/ev.json")" 5
	expect_eq "failed by errno" "$(jq -c 'select(.event == "report") | .failed_by_errno' \
		"$T/ev.json")" '[{"count":1,"errno":2,"errno_name":"ENOENT"}]'
	expect_eq "failed by program" "$(jq -c 'select(.event == "report") |
		.failed_by_program[] | select(.program == "prog-'"$tag"'") | .count' "$T/ev.json")" 1
	expect_eq "signals" "$(jq -c 'select(.event == "report") | .signals' "$T/ev.json")" \
		'[{"program":"sh","count":1,"signal":9,"signal_name":"SIGKILL"}]'
	# the spinners' CPU (measured by their own CPU clock): 300 ms at least
	local cpu
	cpu=$(jq -r 'select(.event == "report") | .programs[] | select(.program == "rusage") |
		.cpu_ns' "$T/ev.json")
	[ "${cpu:-0}" -ge 295000000 ] || fail "rusage CPU $cpu ns, want 300 ms at least"
}

# Text: the same workload with -e -x --report; the tables hold its counts, every
# line fits 80 columns, the critical path's PID column is the chain.
test_report_text() {
	local tag=$RANDOM$RANDOM root sh spin path
	"$ES" -e -x --report -o "$OUT" -- /bin/sh -c "$(workload "$tag")" 2>"$ERR" ||
		{ fail "execsnoop failed: $(head -c 300 "$ERR")"; return; }
	root=$(awk '$1 == "sh" && $4 == "0" { print $2; exit }' "$OUT")
	sh=$(awk -v m="chain-marker-$tag" '$1 == "sh" && $4 == "0" && $NF == m { print $2 }' "$OUT")
	spin=$(awk -v p="$sh" '$3 == p && $4 == "0" && $1 == "rusage" { print $2 }' "$OUT")
	expect_line "Programs by count:"
	expect_line "  COUNT     WALL(s)      CPU(s)  MAX RSS KiB  PROGRAM"
	expect_count 4 '^ +5 +[0-9]+\.[0-9]{3} +[0-9]+\.[0-9]{3} +[0-9]+  true$'
	expect_count 4 '^ +5 +[0-9]+\.[0-9]{3} +[0-9]+\.[0-9]{3} +[0-9]+  sh$'
	expect_count 4 '^ +12 +[0-9]+\.[0-9]{3} +[0-9]+\.[0-9]{3} +[0-9]+  total \(3 programs\)$'
	expect_line "Failed execs: 1, by errno:"
	expect_line "      1  ENOENT   No such file or directory"
	expect_line "      1  ENOENT   prog-$tag"
	expect_line "Killed by a signal: 1"
	expect_line "      1  SIGKILL    sh"
	expect_line "Events lost: 0"
	path=$(awk '/^  START\(s\)  DURATION\(s\)      PID  END      COMMAND$/ { on = 1; next }
		on && NF == 0 { exit } on { printf "%s%s", n++ ? "," : "", $3 }' "$OUT")
	expect_eq "critical path" "$path" "$root,$sh,$spin"
	local long
	# the report only (the trace lines above it hold the checkout's path)
	grep -q '^execsnoop report: ' "$OUT" || { fail "no report heading"; return; }
	long=$(awk '/^execsnoop report: / { on = 1 } on && length($0) > 80' "$OUT" | head -2)
	[ -z "$long" ] || fail "report lines over 80 columns: $long"
	# the report is the end of the output, and the summary went to stderr
	expect_eq "last line" "$(tail -1 "$OUT")" "Events lost: 0"
	grep -q '^execsnoop: [0-9]* events' "$ERR" || fail "no summary on stderr: $(cat "$ERR")"
	# the subshell's end, kept for the report only, is no event of the summary
	local sum
	sum=$(grep '^execsnoop: [0-9]* events' "$ERR")
	[[ $sum =~ ^execsnoop:\ ([0-9]+)\ events,\ ([0-9]+)\ printed,\ 0\ lost, ]] &&
		[ "${BASH_REMATCH[1]}" = "${BASH_REMATCH[2]}" ] ||
		fail "summary events and printed differ: $sum"
}

# --report without -e: process ends are traced for the report, not printed;
# the report still has their figures. Without -x, failed execs are neither
# traced nor reported, and the report says so.
test_report_implies_exits() {
	local tag=$RANDOM$RANDOM
	"$ES" --report -o "$OUT" -- /bin/sh -c "$(workload "$tag")" 2>"$ERR" ||
		{ fail "execsnoop failed: $(head -c 300 "$ERR")"; return; }
	expect_count 0 ' EXIT '
	expect_line "Failed execs: not traced (-x traces them)"
	expect_line "Killed by a signal: 1"
	expect_line "      1  SIGKILL    sh"
	# the spinners' CPU is there: 0.3 s at least
	awk '$NF == "rusage" && $3 + 0 >= 0.295 { ok = 1 } END { exit !ok }' "$OUT" ||
		fail "no rusage row with 0.3 s of CPU: $(grep -m1 ' rusage$' "$OUT")"
	"$ES" -j -x --report -o "$T/ev.json" -- /bin/sh -c "$(workload "$tag")" 2>"$ERR" ||
		{ fail "execsnoop -j failed: $(head -c 300 "$ERR")"; return; }
	expect_eq "exit events" "$(jq -r 'select(.event == "exit")' "$T/ev.json" | wc -l)" 0
	expect_eq "failed exec events" \
		"$(jq -c 'select(.event == "exec" and .retval != 0) | .retval' "$T/ev.json")" -2
	expect_eq "report's failed execs" \
		"$(jq -r 'select(.event == "report") | .failed_execs' "$T/ev.json")" 1
	expect_eq "report's killed" "$(jq -r 'select(.event == "report") | .killed' "$T/ev.json")" 1
	expect_eq "summary printed" "$(jq -r 'select(.event == "summary") | .printed' "$T/ev.json")" \
		"$(jq -c 'select(.event == "exec")' "$T/ev.json" | wc -l)"
	# the ends kept for the report only are no events of the summary's counts
	expect_eq "summary received" "$(jq -r 'select(.event == "summary") | .received' \
		"$T/ev.json")" "$(jq -c 'select(.event == "exec")' "$T/ev.json" | wc -l)"
	"$ES" -j --report -o "$T/ev.json" -- /bin/true 2>"$ERR" ||
		{ fail "execsnoop -j failed: $(head -c 300 "$ERR")"; return; }
	expect_eq "failed_execs without -x" \
		"$(jq -c 'select(.event == "report") | [.failed_execs, has("failed_by_errno")]' \
		"$T/ev.json")" '[null,false]'
}

# Traced names are hostile: a program named with escape sequences and a
# newline is escaped in the report as in the events.
test_report_escaping() {
	local evil
	evil=$(printf '%s/ev\033[31mil\nname\xff' "$T")
	cp /bin/true "$evil"
	"$ES" -e --report -o "$OUT" -- "$evil" 2>"$ERR" ||
		{ fail "execsnoop failed: $(head -c 300 "$ERR")"; return; }
	no_control_bytes "$OUT" || fail "control bytes or invalid UTF-8 in the report"
	# the four tables, and the critical path's one step (no arguments)
	expect_count 5 '  ev\\x1b\[31mil\\nname\\xff$'
	"$ES" -j -e --report -o "$T/ev.json" -- "$evil" 2>"$ERR" ||
		{ fail "execsnoop -j failed: $(head -c 300 "$ERR")"; return; }
	json_lines_valid "$T/ev.json" || fail "invalid JSON Lines"
	expect_eq "program" "$(jq -r 'select(.event == "report") | .programs[0].program' \
		"$T/ev.json" | od -An -c | tr -s ' ')" "$(printf 'ev\033[31mil\nname\xef\xbf\xbd\n' |
		od -An -c | tr -s ' ')"
}

# A real build: this project's own (the BPF object, the skeleton, the C
# files), from a copy of the tree, traced with -j --exit-all -x --report: the report
# agrees with the events.
test_report_real_build() {
	command -v make >/dev/null || { skip "no make"; return; }
	mkdir -p "$T/tree"
	cp -a "$ROOT/Makefile" "$ROOT/src" "$T/tree/" || { fail "copy"; return; }
	"$ES" -j --exit-all -x --report -o "$T/build.json" --timeline "$T/build.svg" \
		--perfetto "$T/build.trace" -- make -C "$T/tree" -j2 BUILD="$T/tree/b" all \
		>"$T/make.log" 2>"$ERR" ||
		{ fail "execsnoop or the build failed: $(tail -c 300 "$ERR") $(tail -c 300 "$T/make.log")"; return; }
	[ -x "$T/tree/b/execsnoop" ] || { fail "the build made no binary"; return; }
	python3 "$CHECK" "$T/build.json" "$SCHEMA" >"$T/check" || { fail "$(cat "$T/check")"; return; }
	local n
	n=$(jq -r 'select(.event == "report") | .processes' "$T/build.json")
	[ "$n" -ge 20 ] || fail "only $n processes in the build"
	expect_eq "root of the path" "$(jq -r 'select(.event == "report") |
		.critical_path[0].program' "$T/build.json")" make
	# the same build drawn: a well-formed SVG with the build's root in it,
	# and a Chrome trace valid by its schema with a slice per process
	/usr/bin/python3 - "$T/build.json" "$T/build.svg" "$T/build.trace" \
		"$ROOT/doc/trace-event.schema.json" <<'PY' || fail "the build's pictures are wrong"
import json, sys
import xml.etree.ElementTree as ET
import jsonschema

ev = [json.loads(l) for l in open(sys.argv[1])]
rep = [e for e in ev if e["event"] == "report"][0]
bad = []
root = ET.parse(sys.argv[2]).getroot()
titles = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}title")]
if not any("make -C" in t for t in titles):
    bad.append("no bar titled with the make command")
tr = json.load(open(sys.argv[3]))
errs = list(jsonschema.Draft202012Validator(json.load(open(sys.argv[4]))).iter_errors(tr))
if errs:
    bad.append("trace invalid: " + errs[0].message[:200])
slices = [e for e in tr["traceEvents"] if e.get("ph") == "X"]
if len(slices) != rep["processes"]:
    bad.append(f"{len(slices)} slices for {rep['processes']} processes")
fails = [e for e in tr["traceEvents"] if e.get("ph") in ("i", "I")]
if len(fails) != sum(1 for e in ev if e["event"] == "exec" and e["retval"] != 0):
    bad.append(f"{len(fails)} instant events for the failed execs")
for b in bad:
    print("   " + b)
sys.exit(1 if bad else 0)
PY
}

run_tests
