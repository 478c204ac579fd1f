#!/bin/bash
# Process keys (doc/execsnoop.8, PROCESS KEYS) and host identity: exit
# joined to exec and child to parent by plain equality of "key" and
# "parent_key", over a workload with pid reuse forced (pid_max lowered for
# the test), a re-exec, an exec from a second thread and a failed exec; the
# same key from a later instance of the tool; the text KEY column.
source "$(dirname "$0")/lib.sh"

BOOT=$(tr -d -- '-\n' </proc/sys/kernel/random/boot_id)
MACHINE=$(cat /etc/machine-id 2>/dev/null)
[[ $MACHINE =~ ^[0-9a-f]{32}$ ]] || MACHINE=
HOST=$(uname -n)

# pycheck CODE ARGS...: CODE after a prelude (`ev`: the objects of OUT but
# the summary; want(); key parts); fails the test with what it printed.
PRE=$(cat <<'PY'
import json, os, sys
with open(os.environ["JSON_OUT"]) as f:
    ev = [json.loads(l) for l in f if l.strip()]
ev = [e for e in ev if e.get("event") != "summary"]
bad = []
def want(name, got, exp):
    if got != exp:
        bad.append("%s: got %r, want %r" % (name, got, exp))
def parts(k):
    try:
        b, p, s, x = k.split(":")
        return b, int(p), int(s), int(x)
    except Exception:
        bad.append("not a key: %r" % (k,))
        return None, -1, -1, -1
def one(what, l):
    if len(l) != 1:
        bad.append("want one %s, got %d" % (what, len(l)))
        return {}
    return l[0]
def done():
    for b in bad[:20]:
        print(b)
    sys.exit(1 if bad else 0)
arg = sys.argv[1:]
PY
)

# schema_valid FILE: every line of FILE is valid against doc/schema.json
# (when python3's jsonschema is there).
schema_valid() {
	local msg
	python3 -c 'import jsonschema' 2>/dev/null || return 0
	msg=$(python3 - "$ROOT/doc/schema.json" "$1" <<'PY'
import json, sys
from jsonschema import Draft202012Validator
v = Draft202012Validator(json.load(open(sys.argv[1])))
for n, l in enumerate(open(sys.argv[2]), 1):
    for e in v.iter_errors(json.loads(l)):
        print("line %d: %s" % (n, e.message[:200]))
        sys.exit(1)
PY
) || fail "schema: $msg"
}

# The whole workload of the keys helper, traced as a COMMAND with every
# process end: pid_max is lowered so that the helper's forks bring a pid
# round again within a few hundred forks.
test_keys_join() {
	local old out limit
	old=$(cat /proc/sys/kernel/pid_max)
	# room for every live process below the limit, and some
	limit=$(( $(find /proc -maxdepth 1 -name '[0-9]*' 2>/dev/null | wc -l) + 700 ))
	[ "$limit" -lt 1024 ] && limit=1024
	if ! echo "$limit" >/proc/sys/kernel/pid_max 2>/dev/null; then
		skip "cannot lower /proc/sys/kernel/pid_max"
		return
	fi
	at_exit "echo $old >/proc/sys/kernel/pid_max"
	"$ES" -j -x --exit-all -- "$HELPERS/keys" /bin/true $((limit * 4)) "$T/info" \
		>"$OUT" 2>"$ERR"
	echo "$old" >/proc/sys/kernel/pid_max
	expect_quiet_stderr
	out=$(jq -r 'select(.event == "exec" and .args[0] == "'"$HELPERS/keys"'") | .pid' "$OUT")
	[ -n "$out" ] || { fail "the helper's exec is missing"; return; }
	json_lines_valid "$OUT" >/dev/null || fail "invalid JSON"
	schema_valid "$OUT"
	pycheck '
boot, machine, host, helper = arg[0], arg[1] or None, arg[2], arg[3]
clk_tck = int(arg[4]); boot_minus_mono = float(arg[5])
info = dict(kv.split("=") for kv in arg[6].split())
ex = [e for e in ev if e["event"] == "exec"]
xs = [e for e in ev if e["event"] == "exit"]
for e in ev:
    want("hostname", e.get("hostname"), host)
    want("boot_id", e.get("boot_id"), boot)
    want("machine_id", e.get("machine_id"), machine)
    b, p, s, x = parts(e.get("key"))
    want("key boot id", b, boot)
    want("key pid", p, e["pid"])
    want("key start before the event", s <= e["ts_ns"], True)
h = one("helper exec", [e for e in ex if e["args"][0] == helper])
hk = h.get("key")
# 1. a failed exec: the key of the process that tried
f = one("failed exec", [e for e in ex if e["retval"] != 0])
want("failed exec key", f.get("key"), hk)
want("failed exec parent_key", f.get("parent_key"), h.get("parent_key"))
# 2. exec from a second thread: the process start time, not the thread one
t = one("thread exec", [e for e in ex if e["args"] == ["/bin/true", "keys-thread"]])
want("thread exec pid", t.get("pid"), int(info["thread"]))
want("thread exec tid differs", t.get("tid") != t.get("pid"), True)
want("thread exec parent_key", t.get("parent_key"), hk)
_, _, ts, tx = parts(t.get("key"))
want("thread exec count: parent count + 1", tx, parts(hk)[3] + 1)
ticks = (ts / 1e9 + boot_minus_mono) * clk_tck
want("thread exec start = /proc start (ticks %d)" % int(info["start"]),
     abs(ticks - int(info["start"])) <= 2, True)
# 3.-4. pid reuse: first exec, the same pid forked again, re-exec
first = int(info["first"])
want("pid came round", int(info["reused"]), first)
a = one("first exec", [e for e in ex if e["args"] == ["/bin/true", "keys-first"]])
r = one("reused exec", [e for e in ex if e["args"][-1:] == ["keys-reused"]])
g = one("re-exec", [e for e in ex if e["args"] == ["/bin/true", "keys-again"]])
for n, e in (("first", a), ("reused", r), ("re-exec", g)):
    want(n + " pid", e.get("pid"), first)
    want(n + " parent_key", e.get("parent_key"), hk)
want("reused pid, new key", a.get("key") != r.get("key"), True)
want("reused pid, new start time", parts(a.get("key"))[2] != parts(r.get("key"))[2], True)
want("re-exec: new key", r.get("key") != g.get("key"), True)
rb, rp, rs, rx = parts(r.get("key"))
want("re-exec: same process, count + 1", parts(g.get("key")), (rb, rp, rs, rx + 1))
# every exec but the one replaced by a re-exec ends in exactly one exit with its key
for e in ex:
    if e["retval"] != 0:
        continue
    n = len([x for x in xs if x["key"] == e["key"]])
    want("exits with the key of %r" % e["args"], n, 0 if e is r else 1)
# keys of exits are unique, though pids are not; all children join the helper
keys = [x["key"] for x in xs]
want("exit keys unique", len(set(keys)), len(keys))
pids = [x["pid"] for x in xs]
want("pids reused among the exits", len(set(pids)) < len(pids), True)
forked = [x for x in xs if x["since"] == "fork"]
want("fork-only children seen", len(forked) >= int(info["forks"]) - 1, True)
for x in xs:
    if x["key"] != hk:
        want("child exit parent_key", x.get("parent_key"), hk)
want("the helper exit", len([x for x in xs if x["key"] == hk]), 1)
' "$BOOT" "$MACHINE" "$HOST" "$HELPERS/keys" "$(getconf CLK_TCK)" \
		"$(python3 -c 'import time; print(time.clock_gettime(time.CLOCK_BOOTTIME) - time.clock_gettime(time.CLOCK_MONOTONIC))')" \
		"$(tr '\n' ' ' <"$T/info")"
}

# A process exec'd before the tool started, exec'ing again under a first
# instance, ending under a second one that never saw that exec: both give
# it the same key (the key is read from the kernel, not kept by the tool),
# and the same parent key.
test_keys_across_restarts() {
	local q k1 p1 k2 p2
	mkfifo "$T/go"
	/bin/sh -c 'read x <"$1"; exec /bin/sleep 31.7' keys "$T/go" &
	q=$!
	start_snoop_quiet -j || { fail "start"; return; }
	echo go >"$T/go"
	wait_for '"args":["/bin/sleep","31.7"]' || { fail "exec not traced"; return; }
	stop_snoop
	k1=$(jq -r 'select(.event == "exec" and .pid == '$q') | .key' "$OUT")
	p1=$(jq -r 'select(.event == "exec" and .pid == '$q') | .parent_key' "$OUT")
	[ -n "$k1" ] || { fail "no key in: $(head -c 300 "$OUT")"; return; }
	start_snoop_quiet -j --exit-all || { fail "second start"; return; }
	kill -KILL $q
	wait $q 2>/dev/null
	wait_match '"event":"exit",.*"pid":'$q',' || { fail "exit not traced"; return; }
	stop_snoop
	k2=$(jq -r 'select(.event == "exit" and .pid == '$q') | .key' "$OUT")
	p2=$(jq -r 'select(.event == "exit" and .pid == '$q') | .parent_key' "$OUT")
	expect_eq "key of the exit, from a second instance" "$k2" "$k1"
	expect_eq "parent key of the exit, from a second instance" "$p2" "$p1"
	expect_eq "exit seen without its exec" \
		"$(jq -r 'select(.event == "exit" and .pid == '$q') | .since' "$OUT")" fork
}

# --keys: the KEY and PKEY columns say what JSON says, for the same process
# seen by two instances at once.
test_keys_text_column() {
	local tag=keys-text-$RANDOM json
	json=$T/json
	"$ES" -j >"$json" 2>/dev/null &
	local jpid=$!
	start_snoop --keys -M || { fail "start"; return; }
	for i in $(seq 100); do
		/bin/true "$tag-sync$i"
		grep -q -- "$tag-sync" "$json" && break
		sleep 0.05
	done
	/bin/true "$tag"
	wait_for "$tag" || { fail "exec not traced"; return; }
	for i in $(seq 200); do
		grep -q -- "\"$tag\"" "$json" && break
		sleep 0.05
	done
	kill -INT $jpid
	wait $jpid
	stop_snoop
	local k p line
	k=$(jq -r 'select(.args == ["/bin/true","'"$tag"'"]) | .key' "$json")
	p=$(jq -r 'select(.args == ["/bin/true","'"$tag"'"]) | .parent_key' "$json")
	[ -n "$k" ] || { fail "JSON instance missed the exec"; return; }
	line=$(grep -- " /bin/true $tag\$" "$OUT")
	# COMM PID PCOMM PPID KEY PKEY RET ARGS
	expect_eq "KEY column" "$(awk '{ print $5 }' <<<"$line")" "$k"
	expect_eq "PKEY column" "$(awk '{ print $6 }' <<<"$line")" "$p"
	expect_eq "header" "$(head -1 "$OUT" | tr -s ' ')" "COMM PID PCOMM PPID KEY PKEY RET ARGS"
}

# --field-names ecs / otel: the same events under other keys. Each object,
# its keys turned back with doc/schema.json's x-ecs / x-otel annotations
# (event: event.action / event.name; the rest: execsnoop.NAME), is valid
# against the schema, with the same key order; and a native run of the
# same command has the same keys. Checked on real output.
test_field_names() {
	local set msg
	expect_usage_error -j --field-names xml
	expect_usage_error --field-names ecs
	"$ES" -j -x -e -- /bin/sh -c 'exec 2>/dev/null; /bin/true fn-a; /nonexistent/fn-b; exit 3' \
		>"$T/native" 2>/dev/null
	for set in ecs otel; do
		"$ES" -j -x -e --field-names $set -- /bin/sh -c 'exec 2>/dev/null; /bin/true fn-a; /nonexistent/fn-b; exit 3' \
			>"$OUT" 2>"$ERR"
		expect_quiet_stderr
		msg=$(python3 - "$ROOT/doc/schema.json" "$OUT" "$T/native" $set <<'PY'
import json, sys
schema = json.load(open(sys.argv[1]))
tag = "x-" + sys.argv[4]
back = {"event.action" if tag == "x-ecs" else "event.name": "event"}
def walk(n):
    if isinstance(n, dict):
        for k, v in n.items():
            if k == "properties":
                for name, d in v.items():
                    if isinstance(d, dict) and tag in d:
                        back[d[tag]] = name
            walk(v)
    elif isinstance(n, list):
        for v in n:
            walk(v)
walk(schema)
try:
    from jsonschema import Draft202012Validator
    val = Draft202012Validator(schema)
except ImportError:
    val = None
native = [json.loads(l) for l in open(sys.argv[3])]
got = [json.loads(l) for l in open(sys.argv[2])]
bad = []
if len(got) != len(native):
    bad.append("%d objects, native run %d" % (len(got), len(native)))
for n, (o, nat) in enumerate(zip(got, native), 1):
    conv = {}
    for k, v in o.items():
        if k in back:
            conv[back[k]] = v
        elif k.startswith("execsnoop."):
            conv[k[len("execsnoop."):]] = v
        else:
            bad.append("line %d: unknown key %s" % (n, k))
    if list(conv) != list(nat):
        bad.append("line %d: keys %s, native %s" % (n, list(conv), list(nat)))
    if val:
        for e in val.iter_errors(conv):
            bad.append("line %d: %s" % (n, e.message[:200]))
            break
want = {"ecs": ["process.pid", "process.parent.pid", "process.args", "process.executable",
                "process.exit_code", "process.working_directory", "process.entity_id"],
        "otel": ["process.pid", "process.parent_pid", "process.command_args",
                 "process.executable.path", "process.exit.code", "process.working_directory"]}
keys = set(k for o in got for k in o)
for k in want[sys.argv[4]]:
    if k not in keys:
        bad.append("no %s in any object" % k)
print("\n".join(bad[:10]))
sys.exit(1 if bad else 0)
PY
) || fail "$set: $msg"
	done
}

run_tests
