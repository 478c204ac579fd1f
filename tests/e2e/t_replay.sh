#!/bin/bash
# --from FILE: a trace recorded for real with -j, replayed. With -j the replay
# gives back the recorded lines byte for byte (hostile and non-UTF-8 bytes
# included); in text, the very lines a second tracer printed live for the
# same events; filters on replay pick the same events the kernel would
# have; bad files stop with FILE:LINE; no root needed. The host fields and
# process keys come from the file, the container fields from its cgroup
# paths; output written with --field-names ecs or otel is refused.
source "$(dirname "$0")/lib.sh"

D=$T/w
# Every kind of event and byte the JSON carries: a cwd, a file name and a
# comm that are not UTF-8, arguments with escapes, C0, C1 and bidi controls,
# quotes and an empty one, failed execs (ENOENT, EACCES), execveat, a
# process killed by a signal, exit codes, a fork without exec (--exit-all),
# another user's exec, nesting, and an argument longer than 256 bytes.
make_workload() {
	mkdir -p "$D/d$(printf '\377')ir" "$D/sub"
	ln -sf /bin/true "$D/bad$(printf '\377')name"
	printf '#!/bin/sh\n' >"$D/noexec"
	chmod 644 "$D/noexec"
	cat >"$D/work.sh" <<EOF
/bin/true START
cd "$D/d\$(printf '\377')ir"
/bin/echo "\$(printf 'x\377y')" "\$(printf 'esc\033[31m')" "\$(printf 'nl\nx\ttab')" \\
	"\$(printf 'bidi\342\200\256')" "\$(printf 'c1\302\205')" 'q"b\\s' '' >/dev/null
"$D/bad\$(printf '\377')name" arg
/nonexistent/prog a b 2>/dev/null
"$D/noexec" 2>/dev/null
$HELPERS/xexec emptypath 5 /bin/true true fd-exec
sh -c 'kill -TERM \$\$'
sh -c 'exit 7'
( exit 3 )
setpriv --reuid=65534 --regid=65534 --clear-groups /bin/echo nobody >/dev/null
sh -c 'sh -c "/bin/true deep; :"; :'
/bin/echo "\$(head -c 600 /dev/zero | tr '\\0' a)" >/dev/null
cd /
/bin/true END
EOF
}

# The exec and exit lines of a JSON file (the summary is compared apart).
events_of() {
	grep -v '^{"event":"summary"' "$1"
}

# A file recorded with every kind of event, replayed with -j: the same bytes.
test_json_round_trip() {
	make_workload
	"$ES" -j -e -x --exit-all --args-size 256 -- sh "$D/work.sh" >"$T/rec.jsonl" 2>"$ERR"
	local rc=$?
	[ $rc -eq 0 ] || { fail "recording: exit status $rc: $(head -c 300 "$ERR")"; return; }
	grep -q '"args":\["/bin/true","END"\]' "$T/rec.jsonl" || { fail "recording incomplete"; return; }
	# the recording holds what this test is about
	local k
	for k in '"cwd":"/.*/d\\udcffir"' '"comm":"bad\\udcffname"' '"x\\udcffy"' \
		 'esc\\u001b\[31m' '"nl\\nx\\ttab"' 'bidi\\u202e' 'c1\\u0085' '"q\\"b\\\\s",""' \
		 '"retval":-2,' '"retval":-13,' '"filename":"/dev/fd/5"' '"signal_name":"SIGTERM"' \
		 '"exit_code":7' '"since":"fork"' '"uid":65534' '"depth":3' \
		 '"args_truncated":true' '"key":"[0-9a-f]{32}:[0-9]+:[0-9]+:[0-9]+"' \
		 '"parent_key":"[0-9a-f]{32}:[0-9]+:[0-9]+:[0-9]+"' '"boot_id":"[0-9a-f]{32}"' \
		 '"rate_limited":0,'; do
		grep -qE -- "$k" "$T/rec.jsonl" || fail "the recording has no line matching $k"
	done
	"$ES" --from "$T/rec.jsonl" -j >"$T/re.jsonl" 2>"$ERR" || fail "replay exit status $?"
	expect_quiet_stderr
	if ! cmp -s <(events_of "$T/rec.jsonl") <(events_of "$T/re.jsonl"); then
		fail "replayed events differ from the recording:"
		diff <(events_of "$T/rec.jsonl") <(events_of "$T/re.jsonl") | head -6 | cut -c1-300
	fi
	# no -n/-l when recording: the summary too is the same, byte for byte
	expect_eq "summary" "$(tail -1 "$T/re.jsonl")" "$(tail -1 "$T/rec.jsonl")"
	expect_eq "event lines" "$(events_of "$T/re.jsonl" | wc -l)" \
		"$(events_of "$T/rec.jsonl" | wc -l)"
	# the same from standard input, and as a user without privileges
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		"$ES" --from - -j <"$T/rec.jsonl" >"$T/re2.jsonl" 2>"$ERR" ||
		fail "replay from stdin as uid 65534: exit status $?: $(head -c 300 "$ERR")"
	cmp -s "$T/re.jsonl" "$T/re2.jsonl" || fail "replay from stdin as uid 65534 differs"
	# and again from the replay's own output: a fixed point
	"$ES" --from "$T/re.jsonl" -j >"$T/re3.jsonl" 2>/dev/null
	cmp -s "$T/re.jsonl" "$T/re3.jsonl" || fail "a replay of the replay differs"
}

# kill_bg PID...: end background processes this test started.
kill_bg() {
	local p
	for p in "$@"; do
		kill -KILL "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
}

# Two tracers at once on the same tree, one in text and one in JSON; the
# JSON replayed in text with the same options prints what the text one did.
test_text_same_as_live() {
	local opts=(-U -M -C -q --cwd --exe --context --rusage --tree -x --exit-all)
	local root tpid jpid i
	make_workload
	/bin/sh -c 'until [ -e "$1" ]; do /bin/true ping; /bin/sleep 0.02; done
		exec /bin/sh "$2"' holder "$T/go" "$D/work.sh" >/dev/null 2>&1 &
	root=$!
	"$ES" -p $root "${opts[@]}" >"$T/live.txt" 2>"$T/live.err" &
	tpid=$!
	"$ES" -p $root -j -e -x --exit-all >"$T/live.jsonl" 2>"$T/json.err" &
	jpid=$!
	at_exit "kill -KILL $root $tpid $jpid 2>/dev/null"
	# both attached once both have seen a ping
	for i in $(seq 400); do
		grep -q '"ping"$' "$T/live.txt" && grep -q '"ping"\]' "$T/live.jsonl" && break
		sleep 0.05
	done
	touch "$T/go"
	# -p: both stop by themselves once the tree has ended
	for _ in $(seq 600); do
		kill -0 $tpid 2>/dev/null || kill -0 $jpid 2>/dev/null || break
		sleep 0.05
	done
	kill -0 $tpid 2>/dev/null && { fail "the text tracer did not stop"; kill_bg $tpid $jpid; return; }
	kill -0 $jpid 2>/dev/null && { fail "the JSON tracer did not stop"; kill_bg $jpid; return; }
	wait $root $tpid $jpid 2>/dev/null
	grep -q '"END"$' "$T/live.txt" || { fail "text trace incomplete"; return; }
	"$ES" --from "$T/live.jsonl" "${opts[@]}" >"$T/re.txt" 2>"$ERR" || fail "replay status $?"
	# from the START line on, the same lines (before it: pings, caught from
	# whenever each tracer was attached). Each tracer's BPF programs read
	# the clock and the CPU times themselves: run times differ by
	# microseconds between the two live ones, and where the CPU times are
	# kept in ticks (6.1), a tick may fall between their reads
	# (test_times_from_the_file checks run times against the file, the CPU
	# times are checked against it below).
	local a b mask='s/, ran [0-9]+\.[0-9]{3} ms/, ran N ms/; s/, user [0-9.]+ ms, sys [0-9.]+ ms/, user N ms, sys N ms/'
	a=$(sed -n '1p; /"START"$/,$p' "$T/live.txt" | sed -E "$mask")
	b=$(sed -n '1p; /"START"$/,$p' "$T/re.txt" | sed -E "$mask")
	[ "$(echo "$a" | wc -l)" -gt 15 ] || fail "too few lines after START: $(echo "$a" | wc -l)"
	if [ "$a" != "$b" ]; then
		fail "replayed text differs from the live text (live / replay):"
		diff <(echo "$a") <(echo "$b") | head -8 | cut -c1-250
	fi
	no_control_bytes "$T/re.txt" || fail "control bytes in the replayed text"
	# the replayed CPU times are the file's, every exit, in order
	local want got
	want=$(jq -r 'select(.event == "exit") | "\(.cpu_user_ns) \(.cpu_sys_ns)"' "$T/live.jsonl" |
		awk '{ u = int(($1 + 500) / 1000); s = int(($2 + 500) / 1000)
			printf "user %d.%03d ms, sys %d.%03d ms\n", int(u / 1000), u % 1000, int(s / 1000), s % 1000 }')
	got=$(grep -oE 'user [0-9]+\.[0-9]{3} ms, sys [0-9]+\.[0-9]{3} ms' "$T/re.txt")
	[ "$(echo "$want" | wc -l)" -gt 5 ] || fail "too few exits with CPU times: $(echo "$want" | wc -l)"
	[ "$got" = "$want" ] || fail "replayed CPU times differ from the file's: $(diff <(echo "$want") <(echo "$got") | head -4 | tr '\n' '|')"
	# the summaries: the same counts (the text one says where they were filtered)
	grep -qE '^execsnoop: [0-9]+ events, [0-9]+ printed, 0 lost, [0-9]+ filtered \([0-9]+ when recorded, 0 on replay\)$' \
		"$ERR" || fail "replay summary: $(cat "$ERR")"
}

# -T shows the saved time (here in UTC), -t counts from the first event,
# an exit's run time is the saved lifetime_ms.
test_times_from_the_file() {
	"$ES" -j -e -- sh -c '/bin/true a; /bin/true b; /bin/sleep 0.1' >"$T/t.jsonl" 2>/dev/null
	TZ=UTC "$ES" --from "$T/t.jsonl" -T -t >"$T/t.txt" 2>/dev/null
	local msg
	msg=$(python3 - "$T/t.jsonl" "$T/t.txt" <<'PY'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if '"summary"' not in l]
txt = open(sys.argv[2], encoding="utf-8").read().splitlines()
if txt[0].split()[:2] != ["TIME", "TIME(s)"] or len(txt) != len(ev) + 1:
    print("header or line count: %r" % txt[:2]); sys.exit(1)
t0 = ev[0]["ts_ns"]
for e, l in zip(ev, txt[1:]):
    hms, rel = l.split()[:2]
    want = "%d.%03d" % divmod((e["ts_ns"] - t0 + 500000) // 1000000, 1000)
    if hms != e["time"][11:19] or rel != want:
        print("line %r: want %s %s" % (l, e["time"][11:19], want)); sys.exit(1)
    if e["event"] == "exit" and (", ran %.3f ms" % e["lifetime_ms"]) not in l:
        print("line %r: want the run time %.3f ms" % (l, e["lifetime_ms"])); sys.exit(1)
if sum(e["event"] == "exit" for e in ev) < 3:
    print("fewer than 3 exits recorded"); sys.exit(1)
PY
) || fail "$msg"
}

# Filters on replay: -n and -l as live; -u, -P and --mntns as the kernel
# would have applied them (exits follow their execs); counts in the summary.
test_filters_on_replay() {
	make_workload
	"$ES" -j -e -x --exit-all -- sh "$D/work.sh" >"$T/f.jsonl" 2>/dev/null
	local mntns root
	mntns=$(stat -L -c %i /proc/self/ns/mnt)
	root=$(jq -r 'select(.event == "exec") | .pid' "$T/f.jsonl" | head -1)
	local args
	for args in "-u 65534" "-n ^echo\$" "-l nobody|deep" "-P $root" "--mntns $mntns" \
		    "--mntns 1" "-u 0 -n ^true\$"; do
		# shellcheck disable=SC2086
		"$ES" --from "$T/f.jsonl" -j $args >"$T/fo.jsonl" 2>"$ERR" ||
			{ fail "$args: exit status $?"; continue; }
		local msg
		# shellcheck disable=SC2086
		msg=$(python3 - "$T/f.jsonl" "$T/fo.jsonl" $args <<'PY'
import json, re, sys
rec = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8", errors="surrogateescape")]
out = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8", errors="surrogateescape")]
a = sys.argv[3:]
opt = dict(zip(a[::2], a[1::2]))
def kernel(e):
    return (("-u" not in opt or e["uid"] == int(opt["-u"])) and
            ("-P" not in opt or e["ppid"] == int(opt["-P"])) and
            ("--mntns" not in opt or e["mntns"] == int(opt["--mntns"])))
def user(e):
    line = (e["filename"] or "") + "".join(" " + x for x in e["args"][1:])
    return (("-n" not in opt or re.search(opt["-n"], e["comm"])) and
            ("-l" not in opt or re.search(opt["-l"], line)))
want, shown = [], set()
for e in rec:
    if e["event"] == "exec":
        if kernel(e) and user(e):
            want.append(e)
            if e["retval"] == 0:
                shown.add(e["pid"])
    elif e["event"] == "exit":
        if e["since"] == "fork":
            if kernel(e) and "-n" not in opt and "-l" not in opt:
                want.append(e)
        elif e["pid"] in shown:
            shown.discard(e["pid"])
            want.append(e)
events = [e for e in out if e["event"] != "summary"]
if events != want:
    print("%s: %d events, want %d" % (" ".join(a), len(events), len(want)))
    sys.exit(1)
if not want and opt.get("--mntns") != "1":
    print("%s: no event passed: the test shows nothing" % " ".join(a)); sys.exit(1)
rs, s = rec[-1], out[-1]
n = len([e for e in rec if e["event"] != "summary"])
exp = dict(event="summary", received=n, printed=len(want), lost=rs["lost"],
           filtered_kernel=rs["filtered_kernel"] + rs["filtered_user"] + rs["rate_limited"],
           filtered_user=n - len(want), rate_limited=0, malformed=0, tree_full=rs["tree_full"],
           exit_untracked=rs["exit_untracked"], unwritten=0, duration_s=rs["duration_s"])
if s != exp:
    print("%s: summary %r, want %r" % (" ".join(a), s, exp)); sys.exit(1)
PY
) || fail "$msg"
	done
}

# The recording's counts carry over: what its -n dropped is "filtered when
# recorded"; two files joined add up.
test_summary_carried_over() {
	"$ES" -j -e -n '^true$' -- sh -c '/bin/true a; /bin/echo b >/dev/null' >"$T/s.jsonl" 2>/dev/null
	cat "$T/s.jsonl" "$T/s.jsonl" >"$T/s2.jsonl"
	"$ES" --from "$T/s2.jsonl" -j >"$OUT" 2>"$ERR" || fail "status $?"
	local msg
	msg=$(python3 - "$T/s.jsonl" "$OUT" <<'PY'
import json, sys
rec = [json.loads(l) for l in open(sys.argv[1])]
out = [json.loads(l) for l in open(sys.argv[2])]
r, s = rec[-1], out[-1]
n = 2 * (len(rec) - 1)
if r["filtered_user"] < 2 or r["received"] != r["printed"] + r["filtered_user"]:
    print("the recording did not filter as planned: %r" % r); sys.exit(1)
exp = dict(event="summary", received=n, printed=n, lost=0,
           filtered_kernel=2 * (r["filtered_kernel"] + r["filtered_user"]), filtered_user=0,
           rate_limited=0, malformed=0, tree_full=0, exit_untracked=0, unwritten=0,
           duration_s=round(2 * r["duration_s"], 3))
if s != exp or [e for e in out[:-1]] != rec[:-1] + rec[:-1]:
    print("summary %r, want %r" % (s, exp)); sys.exit(1)
PY
) || fail "$msg"
}

# The host fields and keys of another machine, and containers, in a file
# made from a real recording: the replay writes them back as the file has
# them (not this machine's), --container-id and --container read the saved
# cgroup paths, and container fields the path does not name are refused.
test_identity_from_the_file() {
	"$ES" -j -e -x -- sh -c '/bin/true a; /nonexistent 2>/dev/null; /bin/echo b >/dev/null' \
		>"$T/h.jsonl" 2>/dev/null
	grep -q '"args":\["/bin/echo","b"\]' "$T/h.jsonl" || { fail "recording incomplete"; return; }
	local msg
	msg=$(python3 - "$T/h.jsonl" "$T/other.jsonl" <<'PY'
import re, sys
CT = "4f797c539e6c745de61a93ca3ff892358ecbcaccd8414d5db545c38428142970"
BOOT = "0123456789abcdef0123456789abcdef"
lines = open(sys.argv[1], "rb").read().decode("utf-8", "surrogateescape").splitlines()
mine = re.search(r'"boot_id":"([0-9a-f]{32})"', lines[0])
if not mine:
    print("no boot id in the recording"); sys.exit(1)
def key(m):
    # another boot, and other start times and exec counts
    return '"%s":"%s:%s:%d:%d"' % (m[1], BOOT, m[2], int(m[3]) + 1000, int(m[4]) + 1)
out = []
for l in lines:
    if '"event":"summary"' not in l:
        l = re.sub(r'"(key|parent_key)":"%s:(\d+):(\d+):(\d+)"' % mine[1], key, l)
        l = l.replace('"boot_id":"%s"' % mine[1], '"boot_id":"%s"' % BOOT)
        l = re.sub(r'"hostname":(null|"[^"]*")', r'"hostname":"other\\udcff\\u001b"', l)
        l = re.sub(r'"machine_id":(null|"[0-9a-f]*")', '"machine_id":"fedcba9876543210fedcba9876543210"', l)
        if '"comm":"true"' in l:
            l = re.sub(r'"cgroup":(null|"(?:[^"\\]|\\.)*"),"container_id":null,'
                       r'"container_runtime":null,"pod_uid":null',
                       '"cgroup":"/system.slice/docker-%s.scope","container_id":"%s",'
                       '"container_runtime":"docker","pod_uid":null' % (CT, CT), l)
    out.append(l)
if mine[1] in "".join(out) or sum(CT in l for l in out) != 2:
    print("the file was not rewritten as planned"); sys.exit(1)
open(sys.argv[2], "wb").write(("\n".join(out) + "\n").encode("utf-8", "surrogateescape"))
PY
) || { fail "$msg"; return; }
	"$ES" --from "$T/other.jsonl" -j >"$OUT" 2>"$ERR" || fail "replay exit status $?"
	if ! cmp -s <(events_of "$T/other.jsonl") <(events_of "$OUT"); then
		fail "another host's events are not written back as they are:"
		diff <(events_of "$T/other.jsonl") <(events_of "$OUT") | head -4 | cut -c1-300
	fi
	# only the two lines of /bin/true a (exec and exit) are in the container
	"$ES" --from "$T/other.jsonl" -j --container-id 4F797C >"$OUT" 2>"$ERR" ||
		fail "--container-id: exit status $?"
	expect_eq "--container-id on replay" "$(events_of "$OUT")" \
		"$(grep '"container_id":"4f797c' "$T/other.jsonl")"
	"$ES" --from "$T/other.jsonl" --container --keys -e >"$OUT" 2>"$ERR" ||
		fail "--container --keys: exit status $?"
	expect_count 2 "^true +[0-9]+ +[0-9]+ +4f797c539e6c +0123456789abcdef0123456789abcdef:[0-9]+:[0-9]+:[0-9]+ "
	expect_count 0 "$(jq -r '.boot_id' "$T/h.jsonl" | head -1)"
	# the container fields must be what the path names
	sed '0,/"container_runtime":"docker"/s//"container_runtime":"podman"/' "$T/other.jsonl" \
		>"$T/lie.jsonl"
	"$ES" --from "$T/lie.jsonl" -j >"$OUT" 2>"$ERR"
	expect_eq "status on a container the path does not name" "$?" 1
	grep -qE "^execsnoop: $T/lie.jsonl:[0-9]+: \"container_id\", \"container_runtime\" or \"pod_uid\" is not what \"cgroup\" names\$" \
		"$ERR" || fail "message: $(cat "$ERR")"
	# a key of another pid
	sed -E '0,/"key":"([0-9a-f]{32}):[0-9]+:/s//"key":"\1:1:/' "$T/other.jsonl" >"$T/lie.jsonl"
	"$ES" --from "$T/lie.jsonl" -j >"$OUT" 2>"$ERR"
	expect_eq "status on a key of another pid" "$?" 1
	expect_eq "message on a key of another pid" "$(cat "$ERR")" \
		"execsnoop: $T/lie.jsonl:1: \"key\": expected \"BOOTID:PID:START:EXECID\" with PID the pid"
}

# --field-names ecs or otel is for shipping, not for --from: such a file is
# refused at its first line, saying why.
test_field_names_refused() {
	local set first
	for set in ecs otel; do
		"$ES" -j --field-names $set -- /bin/true >"$T/$set.jsonl" 2>/dev/null
		first=$(head -c 30 "$T/$set.jsonl" | sed -E 's/^\{"([^"]*)".*/\1/')
		[ "$first" = "event.action" ] || [ "$first" = "event.name" ] ||
			{ fail "$set: first key $first"; continue; }
		"$ES" --from "$T/$set.jsonl" -j >"$OUT" 2>"$ERR"
		expect_eq "$set: status" "$?" 1
		expect_eq "$set: message" "$(cat "$ERR")" "execsnoop: $T/$set.jsonl:1: unknown key \"$first\": a line written with --field-names ecs or otel cannot be replayed (only execsnoop's names can)"
		expect_eq "$set: nothing written" "$(cat "$OUT")" ""
	done
}

# --rate-limit on replay: N events in each second of the file's ts_ns (the
# file's clock, so the result follows from the file); a recording's
# rate_limited counts as not printed when recorded.
test_rate_limit_on_replay() {
	"$ES" -j -e -- sh -c 'for i in 1 2 3 4 5 6; do /bin/true $i; done' >"$T/r.jsonl" 2>/dev/null
	"$ES" --from "$T/r.jsonl" -j --rate-limit 3 >"$OUT" 2>"$ERR" || fail "exit status $?"
	sed 's/"rate_limited":0,/"rate_limited":5,/' "$T/r.jsonl" >"$T/r5.jsonl"
	"$ES" --from "$T/r5.jsonl" -j >"$T/r5.out" 2>/dev/null || fail "exit status $?"
	local msg
	msg=$(python3 - "$T/r.jsonl" "$OUT" "$T/r5.out" <<'PY'
import json, sys
rec = [json.loads(l) for l in open(sys.argv[1])]
out = [json.loads(l) for l in open(sys.argv[2])]
ev = [e for e in rec if e["event"] != "summary"]
if len(ev) < 14:
    print("recording: %d events" % len(ev)); sys.exit(1)
want, per = [], {}
for e in ev:
    sec = e["ts_ns"] // 1000000000
    per[sec] = per.get(sec, 0) + 1
    if per[sec] <= 3:
        want.append(e)
s = out[-1]
if out[:-1] != want or s["rate_limited"] != len(ev) - len(want) or s["printed"] != len(want):
    print("%d events shown, %r; want %d" % (len(out) - 1, s, len(want))); sys.exit(1)
r = rec[-1]
s5 = [json.loads(l) for l in open(sys.argv[3])][-1]
if s5["filtered_kernel"] != r["filtered_kernel"] + r["filtered_user"] + 5 or s5["rate_limited"]:
    print("the recording's rate_limited: %r" % s5); sys.exit(1)
PY
) || fail "$msg"
}

# A bad line stops the replay: the lines before it are out, one line on
# stderr names the file and line, status 1, no summary.
test_bad_line_stops() {
	"$ES" -j -e -- sh -c '/bin/true a; /bin/true b; /bin/true c' >"$T/g.jsonl" 2>/dev/null
	{ sed -n 1,2p "$T/g.jsonl"; echo '{"event":"exec","pid":1'; sed -n '3,$p' "$T/g.jsonl"; } \
		>"$T/bad.jsonl"
	"$ES" --from "$T/bad.jsonl" -j >"$OUT" 2>"$ERR"
	expect_eq "status" "$?" 1
	expect_eq "stderr" "$(cat "$ERR")" \
		"execsnoop: $T/bad.jsonl:3: invalid JSON at byte 24: expected ',' or '}' in an object"
	expect_eq "lines before the bad one" "$(cat "$OUT")" "$(sed -n 1,2p "$T/g.jsonl")"
	# a file cut short (no summary): replayed, with a warning
	head -n 2 "$T/g.jsonl" | "$ES" --from - >"$OUT" 2>"$ERR"
	expect_eq "status without a summary" "$?" 0
	expect_eq "warning" "$(head -1 "$ERR")" "execsnoop: warning: standard input has no summary line (the recording did not end normally): events it lost are not counted"
	expect_eq "lines without a summary" "$(wc -l <"$OUT")" 3
	# a line of bytes that are not UTF-8
	printf '{"event":"exec","comm":"\377"}\n' | "$ES" --from - >"$OUT" 2>"$ERR"
	expect_eq "status on bad UTF-8" "$?" 1
	expect_eq "stderr on bad UTF-8" "$(cat "$ERR")" \
		"execsnoop: standard input:1: invalid JSON at byte 25: invalid UTF-8 in a string"
}

# A live execsnoop -j piped into --from -: each event is shown as it comes
# (the replay flushes before it waits for more), and SIGINT ends a wait.
test_live_pipe() {
	local tag=pipe-$RANDOM$RANDOM pid
	mkfifo "$T/pf"
	: >"$OUT"
	# shellcheck disable=SC2016
	{ "$ES" -j -- sh -c '/bin/true "$1"; read -r x <"$2"; /bin/true "$x"' sh "first-$tag" \
		"$T/pf" 2>/dev/null | "$ES" --from - -U >"$OUT" 2>"$ERR"; } &
	pid=$!
	wait_for "/bin/true first-$tag" || { fail "the first event did not come through"; }
	echo "second-$tag" >"$T/pf"
	wait $pid
	expect_count 1 "^0 +true +[0-9]+ +[0-9]+ +0 /bin/true second-$tag\$"
	grep -qE '^execsnoop: 3 events, 3 printed, 0 lost' "$ERR" || fail "summary: $(cat "$ERR")"
	# a replay waiting on an idle pipe ends on SIGINT, with status 0
	rm -f "$T/pf2"
	mkfifo "$T/pf2"
	exec 7<>"$T/pf2"
	"$ES" --from "$T/pf2" >"$OUT" 2>"$ERR" &
	pid=$!
	wait_match '^COMM' || fail "no header"
	kill -INT $pid
	wait $pid
	expect_eq "status after SIGINT while waiting" "$?" 0
	exec 7>&-
}

test_usage_errors() {
	: >"$T/empty.jsonl"
	expect_usage_error --from "$T/nonexistent.jsonl"
	grep -q "invalid --from '$T/nonexistent.jsonl': No such file or directory" "$ERR" ||
		fail "message: $(head -1 "$ERR")"
	expect_usage_error --from "$T"
	expect_usage_error --from ''
	local o
	for o in "-p 1" "--transport ring" "--buffer-size 1024" "--args-size 512" "-c /" \
		 "--cgroupmap /x" "--mntnsmap /x" "--btf /x" "--probe"; do
		# shellcheck disable=SC2086
		expect_usage_error --from "$T/empty.jsonl" $o
		grep -q "cannot be combined with --from" "$ERR" || fail "$o: $(head -1 "$ERR")"
	done
	expect_usage_error --from "$T/empty.jsonl" -- /bin/true
	# the -o file is the --from file: refused before it is emptied
	echo '{"event":"summary"}' >"$T/same.jsonl"
	expect_usage_error --from "$T/same.jsonl" -o "$T/same.jsonl"
	expect_eq "the --from file untouched" "$(cat "$T/same.jsonl")" '{"event":"summary"}'
}

run_tests
