#!/bin/bash
# JSON Lines (-j): every line one valid object, every field of known
# processes checked against /proc, hostile bytes round-tripped exactly,
# failed execs, process ends, and the summary (and its text twin on stderr).
source "$(dirname "$0")/lib.sh"

ME=$(comm_of $$)
CGROOT=/sys/fs/cgroup/unified
[ "$(stat -f -c %T "$CGROOT" 2>/dev/null)" = cgroup2fs ] || CGROOT=/sys/fs/cgroup
CG=$CGROOT/execsnoop-json-$$
mkdir -p "$CG" && at_exit "rmdir $CG 2>/dev/null"

# Python prelude: `ev` holds the objects of OUT; want() records mismatches,
# one() finds the single event with the given fields; done() reports.
PRE=$(cat <<'PY'
import json, os, re, sys
with open(os.environ["JSON_OUT"], "rb") as f:
    ev = [json.loads(l) for l in f.read().decode("utf-8").splitlines()]
bad = []
def want(name, got, exp):
    if got != exp or type(got) is not type(exp):
        bad.append("%s: got %r, want %r" % (name, got, exp))
def one(**kw):
    m = [e for e in ev if all(k in e and e[k] == v and type(e[k]) is type(v)
                              for k, v in kw.items())]
    if len(m) != 1:
        bad.append("want one event with %r, got %d" % (kw, len(m)))
        return {}
    return m[0]
def fields(name, e, exp):
    for k, v in exp.items():
        want("%s.%s" % (name, k), e.get(k, "<missing>"), v)
def done():
    for b in bad:
        print(b)
    sys.exit(1 if bad else 0)
arg = sys.argv[1:]
PY
)

# all_valid: every line of OUT is one JSON object (jq and Python agree),
# and OUT holds no control character or bidi override in any form.
all_valid() {
	local msg
	msg=$(json_lines_valid "$OUT") || fail "$msg"
	no_control_bytes "$OUT" || fail "raw control bytes or invalid UTF-8 in the JSON output"
}

EXEC_KEYS='["event","time","ts_ns","pid","tid","ppid","uid","gid","comm","pcomm","cpu",
 "key","parent_key","hostname","boot_id","machine_id",
 "retval","execveat","filename","filename_truncated","args","argc","args_bytes","args_total_bytes",
 "args_truncated","args_unreadable","cwd","exe","euid","egid","auid","sid","tty",
 "mntns","pidns","cgroup_id","cgroup",
 "container_id","container_runtime","pod_uid"]'
EXIT_KEYS='["event","time","ts_ns","pid","tid","ppid","uid","gid","comm","pcomm","cpu",
 "key","parent_key","hostname","boot_id","machine_id",
 "status","exit_code","signal","signal_name","core_dumped","lifetime_ms","since",
 "cpu_user_ns","cpu_sys_ns","cpu_ns","max_rss_kib","ctx_switches_voluntary",
 "ctx_switches_involuntary",
 "euid","egid","auid","sid","tty","mntns","pidns","cgroup_id","cgroup",
 "container_id","container_runtime","pod_uid"]'

# A long-lived process with a login uid, in a cgroup of its own, started in
# a known directory: every field of its exec and of its end (SIGKILL)
# against what /proc says about it.
test_json_fields() {
	local pid sid mntns pidns cgpath cgid loginuid ttynr exe
	mkdir -p "$T/jwd"
	start_snoop_quiet -j -e || { fail "start"; return; }
	/bin/bash -c 'echo 4242 >/proc/self/loginuid && echo $$ >"$1/cgroup.procs" &&
		cd "$2" && exec /bin/sleep 7.31' jf "$CG" "$T/jwd" &
	pid=$!
	wait_for '"args":["/bin/sleep","7.31"]' || { fail "exec not traced"; return; }
	sid=$(ps -o sid= -p $pid | tr -d ' ')
	mntns=$(stat -L -c %i /proc/$pid/ns/mnt)
	pidns=$(stat -L -c %i /proc/$pid/ns/pid)
	cgpath=$(sed -n 's/^0:://p' /proc/$pid/cgroup)
	cgid=$(stat -c %i "$CGROOT$cgpath")
	loginuid=$(cat /proc/$pid/loginuid)
	ttynr=$(sed 's/.*) //' /proc/$pid/stat | awk '{ print $5 }')
	exe=$(readlink /proc/$pid/exe)
	expect_eq "cgroup of the process" "$cgpath" "/${CG##*/}"
	expect_eq "login uid of the process" "$loginuid" 4242
	expect_eq "tty_nr of the process" "$ttynr" 0
	expect_eq "exe of the process" "$exe" "$(readlink -f /bin/sleep)"
	kill -KILL $pid
	wait $pid 2>/dev/null
	wait_match "^\\{\"event\":\"exit\",.*\"pid\":$pid," || { fail "exit not traced"; return; }
	stop_snoop
	all_valid
	pycheck '
pid, ppid, sid, mntns, pidns, cgid, cg, cwd, exe, pcomm, ncpu, now = arg[:12]
ctx = dict(euid=0, egid=0, auid=4242, sid=int(sid), tty=None, mntns=int(mntns),
           pidns=int(pidns), cgroup_id=int(cgid), cgroup=cg)
x = one(event="exec", pid=int(pid), comm="sleep")
want("exec keys", sorted(x), sorted(json.loads(arg[-1])))
fields("exec", x, dict(tid=int(pid), ppid=int(ppid), uid=0, gid=0, comm="sleep",
       pcomm=pcomm, execveat=False, filename="/bin/sleep", args=["/bin/sleep", "7.31"],
       argc=2, args_bytes=16, args_total_bytes=16, args_truncated=False,
       args_unreadable=False, cwd=cwd, exe=exe, **ctx))
y = one(event="exit", pid=int(pid))
want("exit keys", sorted(y), sorted(json.loads(arg[-2])))
fields("exit", y, dict(tid=int(pid), ppid=int(ppid), uid=0, gid=0, comm="sleep",
       pcomm=pcomm, status=9, exit_code=None, signal=9, signal_name="SIGKILL",
       core_dumped=False, since="exec", **ctx))
for name, e in (("exec", x), ("exit", y)):
    want(name + " cpu in range", 0 <= e.get("cpu", -1) < int(ncpu), True)
    want(name + " time format", bool(re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z", e.get("time", ""))), True)
    import calendar, time
    t = calendar.timegm(time.strptime(e.get("time", "1970-01-01T00:00:00")[:19],
                                      "%Y-%m-%dT%H:%M:%S"))
    want(name + " time is now (within 5 min)", abs(t - int(now)) < 300, True)
    want(name + " ts_ns type", type(e.get("ts_ns")), int)
want("lifetime_ms = exit - exec", abs(y.get("lifetime_ms", -1) -
     (y.get("ts_ns", 0) - x.get("ts_ns", 0)) / 1e6) < 0.002, True)
' $pid $$ "$sid" "$mntns" "$pidns" "$cgid" "$cgpath" "$T/jwd" "$exe" "$ME" "$(nproc)" \
	"$(date +%s)" "$EXIT_KEYS" "$EXEC_KEYS"
	# lifetime_ms has exactly three decimals
	expect_count 1 "^\\{\"event\":\"exit\",.*\"pid\":$pid,.*\"lifetime_ms\":[0-9]+\\.[0-9]{3},\"since\":\"exec\","
}

# A controlling terminal (script(1) gives one): "tty" names it as ps does
# (pts/N, its name under /dev); the session is the one script started.
test_json_tty() {
	local sc pid want sid
	start_snoop_quiet -j || { fail "start"; return; }
	script -q -c 'exec /bin/sleep 20.23' /dev/null </dev/null >/dev/null &
	sc=$!
	wait_for '"args":["/bin/sleep","20.23"]' || { fail "exec not traced"; return; }
	pid=$(jq -r 'select(.args == ["/bin/sleep","20.23"]) | .pid' "$OUT")
	want=$(ps -o tty= -p "$pid" | tr -d ' ')
	sid=$(ps -o sid= -p "$pid" | tr -d ' ')
	[[ $want == pts/* ]] || fail "ps shows tty '$want' for the sleep under script"
	kill "$pid"
	wait $sc
	stop_snoop
	all_valid
	pycheck '
fields("sleep", one(event="exec", args=["/bin/sleep", "20.23"]),
       dict(pid=int(arg[0]), ppid=int(arg[1]), sid=int(arg[2]), tty=arg[3]))
' "$pid" $sc "$sid" "$want"
}

# A process in a new pid namespace: pid, ppid and sid are the ids seen from
# the initial namespace (as /proc and ps here show them), pidns the new one.
test_json_pidns() {
	local up child pidns sid
	start_snoop_quiet -j || { fail "start"; return; }
	/usr/bin/unshare -p -f /bin/sleep 5.13 2>/dev/null &
	up=$!
	wait_for '"args":["/bin/sleep","5.13"]' || { fail "exec not traced"; return; }
	child=$(pgrep -P $up)
	pidns=$(stat -L -c %i /proc/$child/ns/pid)
	sid=$(ps -o sid= -p $child | tr -d ' ')
	[ "$pidns" != "$(stat -L -c %i /proc/self/ns/pid)" ] || fail "unshare -p made no new namespace"
	kill -KILL $child
	wait $up 2>/dev/null
	stop_snoop
	all_valid
	pycheck '
child, up, pidns, sid = map(int, arg)
x = one(event="exec", comm="sleep", args=["/bin/sleep", "5.13"])
fields("sleep", x, dict(pid=child, tid=child, ppid=up, pidns=pidns, sid=sid))
' "$child" $up "$pidns" "$sid"
}

# Arguments and a program name made of hostile bytes come back exactly:
# Python decodes each string and encodes it with surrogateescape.
test_json_hostile_bytes() {
	local pid prog
	local args=($'nl\nx' $'\e[31mred\e[0m' $'\xff' $'\xc2\x9b31m' $'a\xe2\x80\xaeb' 'back\slash'
		'say "q"' $'tab\there\r' '' $'\x01\x1f\x7f' $'\xf0\x9f\x98\x80' $'\xe2\x82' $'\xc0\xaf'
		$'\xed\xa0\x80' $'\xe2\x80\xa8' 'plain')
	prog=$T/$'ev\nil\xff\e'
	ln -s /bin/true "$prog"
	printf '%s\0' "$prog" "${args[@]}" >"$T/args.bin"
	start_snoop_quiet -j -x || { fail "start"; return; }
	"$prog" "${args[@]}" &
	pid=$!
	wait $pid
	sync_with /bin/true || fail "sync"
	stop_snoop
	all_valid
	pycheck '
with open(arg[1], "rb") as f:
    want_args = f.read().split(b"\0")[:-1]
x = one(event="exec", pid=int(arg[0]), retval=0)
got = [a.encode("utf-8", "surrogateescape") for a in x.get("args", [])]
want("args (bytes)", got, want_args)
want("argc", x.get("argc"), len(want_args))
want("args_bytes", x.get("args_bytes"), sum(len(a) + 1 for a in want_args))
want("filename (bytes)", x.get("filename", "").encode("utf-8", "surrogateescape"), want_args[0])
want("comm (bytes)", x.get("comm", "").encode("utf-8", "surrogateescape"),
     os.path.basename(want_args[0])[:15])
' $pid "$T/args.bin"
	# the exact escapes a terminal must never see raw
	local l
	l=$(grep -F "\"pid\":$pid," "$OUT" | grep -F '"event":"exec"')
	local esc
	for esc in '"nl\nx"' '"\u001b[31mred\u001b[0m"' '"\udcff"' '"\u009b31m"' '"a\u202eb"' \
		'"back\\slash"' '"say \"q\""' '"tab\there\r"' '""' '"\u0001\u001f\u007f"' \
		'"😀"' '"\udce2\udc82"' '"\udcc0\udcaf"' '"\udced\udca0\udc80"' '"\u2028"'; do
		[[ $l == *"$esc"* ]] || fail "no $esc in the args of the JSON line"
	done
}

# -x: a failed execve (retval -2, no exe) and a failed execveat by
# descriptor (retval -13, execveat true, empty filename) are objects too.
test_json_failed_exec() {
	local p1 p2
	: >"$T/noexec"
	chmod 644 "$T/noexec"
	start_snoop_quiet -j -x || { fail "start"; return; }
	(exec /no/such/jx a 'b c') 2>/dev/null &
	p1=$!
	wait $p1
	"$HELPERS/xexec" emptypath 7 "$T/noexec" zz-arg0 zz-arg1 2>/dev/null &
	p2=$!
	wait $p2
	sync_with /bin/true || fail "sync"
	stop_snoop
	all_valid
	pycheck '
p1, p2, ppid, comm, cwd = arg
x = one(event="exec", pid=int(p1))
fields("execve", x, dict(tid=int(p1), ppid=int(ppid), comm=comm, retval=-2, execveat=False,
       filename="/no/such/jx", args=["/no/such/jx", "a", "b c"], argc=3, args_bytes=18,
       args_truncated=False, args_unreadable=False, cwd=cwd, exe=None))
y = one(event="exec", pid=int(p2), retval=-13)
fields("execveat", y, dict(comm="xexec", execveat=True, filename="",
       args=["zz-arg0", "zz-arg1"], argc=2, cwd=cwd, exe=None))
' $p1 $p2 $$ "$ME" "$PWD"
}

# Process ends: codes, signals (a name, or null for a real-time signal),
# a fork-only subshell timed from its fork.
test_json_exit_events() {
	local p1 p2 p3 par sub
	start_snoop_quiet -j --exit-all || { fail "start"; return; }
	/bin/sh -c 'exit 3' &
	p1=$!
	wait $p1
	/bin/sleep 30 &
	p2=$!
	/bin/sleep 30 &
	p3=$!
	wait_for '"args":["/bin/sleep","30"]'
	sleep 0.1
	kill -TERM $p2
	kill -35 $p3
	wait $p2 $p3 2>/dev/null
	/bin/bash -c '( echo $BASHPID >"$1"; exit 4 ); exit 0' fo "$T/sub.pid" &
	par=$!
	wait $par
	sub=$(cat "$T/sub.pid")
	sync_with /bin/true || fail "sync"
	stop_snoop
	all_valid
	pycheck '
p1, p2, p3, par, sub = map(int, arg)
fields("exit 3", one(event="exit", pid=p1), dict(comm="sh", status=768, exit_code=3,
       signal=None, signal_name=None, core_dumped=False, since="exec"))
fields("SIGTERM", one(event="exit", pid=p2), dict(comm="sleep", status=15, exit_code=None,
       signal=15, signal_name="SIGTERM", core_dumped=False, since="exec"))
fields("signal 35", one(event="exit", pid=p3), dict(status=35, exit_code=None,
       signal=35, signal_name=None, core_dumped=False, since="exec"))
fields("fork only", one(event="exit", pid=sub), dict(comm="bash", ppid=par, status=1024,
       exit_code=4, signal=None, since="fork"))
fields("its parent", one(event="exit", pid=par), dict(comm="bash", exit_code=0, since="exec"))
' $p1 $p2 $p3 $par $sub
}

test_json_core_dumped() {
	local pat pid status
	pat=$(cat /proc/sys/kernel/core_pattern)
	case $pat in
	'|'* | */*)
		skip "core_pattern '$pat' pipes to a program or writes elsewhere; not changed"
		return ;;
	esac
	mkdir -p "$T/core"
	start_snoop_quiet -j -e || { fail "start"; return; }
	(cd "$T/core" && ulimit -c unlimited && exec "$HELPERS/lifecycle" wait \
		"$HELPERS/lifecycle" lifecycle mtabort) >"$T/wait.core" ||
		{ fail "cannot enable core dumps"; return; }
	sync_with /bin/true || fail "sync"
	stop_snoop
	rm -rf "$T/core"
	read -r pid status < <(sed -n 's/^pid=\([0-9]*\) status=\([0-9]*\)$/\1 \2/p' "$T/wait.core")
	expect_eq "wait status" "$status" 134
	pycheck '
fields("abort", one(event="exit", pid=int(arg[0])), dict(comm="lifecycle", status=134,
       exit_code=None, signal=6, signal_name="SIGABRT", core_dumped=True, since="exec"))
' "$pid"
}

# summary_vs_stderr: the last line is the summary; its counts agree with
# the lines printed and with each other; stderr says nothing (the text
# line is there only with -v) or, with -v, ends with the same counts.
summary_vs_stderr() {
	pycheck '
s = ev[-1]
want("last line", s.get("event"), "summary")
want("summary keys", list(s), ["event", "received", "printed", "lost", "filtered_kernel",
     "filtered_user", "rate_limited", "malformed", "tree_full", "exit_untracked", "unwritten", "duration_s"])
want("printed = lines before the summary", s.get("printed"), len(ev) - 1)
want("no other summary", [e.get("event") for e in ev[:-1]].count("summary"), 0)
want("received = printed + filtered_user + malformed", s.get("received"),
     s.get("printed", 0) + s.get("filtered_user", 0) + s.get("malformed", 0))
want("malformed", s.get("malformed"), 0)
want("duration_s type", type(s.get("duration_s")), float)
with open(arg[0]) as f:
    err = f.read().splitlines()
line = "execsnoop: %d events, %d printed, %d lost, %d filtered (%d in kernel, %d in user space)" % (
    s.get("received", -1), s.get("printed", -1), s.get("lost", -1),
    s.get("filtered_kernel", 0) + s.get("filtered_user", 0),
    s.get("filtered_kernel", -1), s.get("filtered_user", -1))
if len(arg) > 1 and arg[1] == "-v":
    want("stderr ends with the text summary", err[-1:], [line])
else:
    want("stderr", err, [])
' "$ERR" "$@"
	expect_count 1 '"duration_s":[0-9]+\.[0-9]{3}\}$'
}

# SIGINT: a summary object ends the output.
test_json_summary_sigint() {
	local i
	start_snoop_quiet -j -n '^(echo|true)$' || { fail "start"; return; }
	for i in 1 2 3; do
		/bin/echo sum-$i >/dev/null
		/bin/cat /dev/null
	done
	sync_with /bin/true || fail "sync"
	stop_snoop INT
	expect_eq "exit status" "$SNOOP_RC" 0
	all_valid
	summary_vs_stderr
	pycheck '
s = ev[-1]
want("filtered_user >= the 3 cat", s.get("filtered_user", 0) >= 3, True)
for i in (1, 2, 3):
    one(event="exec", args=["/bin/echo", "sum-%d" % i])
'
}

# With COMMAND every count is known: 4 execs in its tree, 3 shown.
test_json_summary_command() {
	timeout -s KILL 30 "$ES" -j -n '^true$' -- /bin/bash -c \
		'/bin/true a; /bin/true b; /bin/true c' >"$OUT" 2>"$ERR"
	expect_eq "exit status" $? 0
	all_valid
	summary_vs_stderr
	pycheck '
# sorted: the perf buffer (oldest tier) may deliver CPUs out of order
want("events", sorted(e.get("args") for e in ev[:-1]),
     [["/bin/true", "a"], ["/bin/true", "b"], ["/bin/true", "c"]])
fields("summary", ev[-1], dict(received=4, printed=3, lost=0, filtered_user=1,
       malformed=0, tree_full=0))
'
}

# -j -v: the text summary on stderr too, with the same counts.
test_json_summary_verbose() {
	timeout -s KILL 30 "$ES" -j -v -n '^true$' -- /bin/bash -c \
		'/bin/true a; /bin/true b' >"$OUT" 2>"$ERR"
	expect_eq "exit status" $? 0
	all_valid
	summary_vs_stderr -v
}

# Text mode: the same counts on stderr, agreeing with the lines printed.
test_text_summary() {
	local i n r p l f k u
	start_snoop -n '^(echo|true)$' || { fail "start"; return; }
	for i in 1 2; do
		/bin/echo tsum-$i >/dev/null
		/bin/cat /dev/null
	done
	sync_snoop || fail "sync"
	stop_snoop INT
	expect_eq "exit status" "$SNOOP_RC" 0
	n=$(( $(wc -l <"$OUT") - 1 ))
	expect_eq "stderr lines" "$(wc -l <"$ERR")" 1
	read -r r p l f k u < <(sed -nE 's/^execsnoop: ([0-9]+) events, ([0-9]+) printed, ([0-9]+) lost, ([0-9]+) filtered \(([0-9]+) in kernel, ([0-9]+) in user space\)$/\1 \2 \3 \4 \5 \6/p' "$ERR")
	[ -n "$u" ] || { fail "stderr: $(cat "$ERR")"; return; }
	expect_eq "printed = lines after the header" "$p" "$n"
	expect_eq "received = printed + filtered by -n" "$r" $((p + u))
	expect_eq "filtered = in kernel + by -n" "$f" $((k + u))
	[ "$u" -ge 2 ] || fail "filtered by -n: $u, want at least the 2 cat"
	expect_count 2 '^echo .* /bin/echo tsum-[12]$'
}

run_tests
