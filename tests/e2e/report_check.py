#!/usr/bin/env python3
"""Checks the report object of an 'execsnoop -j -e -x --report' output
against the exec and exit events of the same output, recomputed here from
the events alone: every program's count, wall time, CPU time and peak RSS,
the totals, the failed execs by errno and by program, the deaths by signal,
the critical path (the root that ended last, then each time the child that
ended last; ties: the one that started first, then the one seen first), and
every line against doc/schema.json. Prints what differs and exits 1.

usage: report_check.py EVENTS.jsonl SCHEMA.json [EXPECTED_PATH_PIDS]
"""
import json
import os
import sys
from collections import defaultdict

from jsonschema import Draft202012Validator

events_path, schema_path = sys.argv[1], sys.argv[2]
want_path = [int(p) for p in sys.argv[3].split(",")] if len(sys.argv) > 3 else None
lines = [json.loads(l) for l in open(events_path, encoding="utf-8")]
bad = []

validator = Draft202012Validator(json.load(open(schema_path)))
for n, obj in enumerate(lines, 1):
    for err in validator.iter_errors(obj):
        bad.append(f"line {n} ({obj.get('event')}): schema: {err.message[:200]}")
        break

reports = [o for o in lines if o["event"] == "report"]
if len(reports) != 1 or lines[-1]["event"] != "report" or lines[-2]["event"] != "summary":
    sys.exit("want one report object, last, right after the summary")
rep = reports[0]


def base(path):
    return path if path.endswith("/") else os.path.basename(path)


# the run table, rebuilt: one record per process image
recs = []      # dicts: name, pid, start, end, cpu, rss, sig, code, parent, children
latest = {}    # pid -> index of its latest record
fails = []
last_ts = 0
for o in lines:
    if o["event"] not in ("exec", "exit"):
        continue
    ts = o["ts_ns"]
    last_ts = max(last_ts, ts)
    if o["event"] == "exec" and o["retval"] != 0:
        fails.append((-o["retval"], base(o["filename"])))
        continue
    pid = o["pid"]
    cur = latest.get(pid)
    if o["event"] == "exec":
        if cur is not None and recs[cur]["end"] is None:
            recs[cur]["end"] = ts          # replaced by this exec
            recs[cur]["replaced"] = True
        parent = latest.get(o["ppid"]) if o["ppid"] != pid else None
        rec = dict(name=base(o["filename"]), pid=pid, ppid=o["ppid"], start=ts, end=None,
                   cpu=0, rss=0, sig=None, code=None, parent=parent, children=[],
                   exited=False, replaced=False, seen=len(recs))
        if parent is not None:
            recs[parent]["children"].append(len(recs))
        latest[pid] = len(recs)
        recs.append(rec)
        continue
    if cur is None or recs[cur]["exited"]:
        # seen only at its exit (forked without exec): a record from its fork
        # (lifetime_ms has microseconds), which adopts the roots it started
        start = ts - round(o["lifetime_ms"] * 1e6)
        parent = latest.get(o["ppid"]) if o["ppid"] != pid else None
        idx = len(recs)
        rec = dict(name=o["comm"], pid=pid, ppid=o["ppid"], start=start, end=None, cpu=0, rss=0, sig=None,
                   code=None, parent=parent, children=[], exited=False, replaced=False,
                   seen=idx, approx=True)
        if parent is not None:
            recs[parent]["children"].append(idx)
        adopted = []
        for i in range(idx - 1, -1, -1):
            c = recs[i]
            if not c.get("approx") and c["start"] < start - 1000:
                break
            if c["parent"] is None and c["ppid"] == pid and c["pid"] != pid and \
                    c["start"] >= start - 1000:
                c["parent"] = idx
                adopted.insert(0, i)
        rec["children"] = adopted
        latest[pid] = idx
        recs.append(rec)
        cur = idx
    r = recs[cur]
    r.update(end=ts, cpu=o["cpu_ns"], rss=o["max_rss_kib"], sig=o["signal_name"],
             code=o["exit_code"], exited=True)

running = [r for r in recs if r["end"] is None]
progs = defaultdict(lambda: dict(count=0, wall_ns=0, cpu_ns=0, max_rss_kib=0))
for r in recs:
    p = progs[r["name"]]
    p["count"] += 1
    if r["end"] is not None:
        p["wall_ns"] += r["end"] - r["start"]
    p["cpu_ns"] += r["cpu"]
    p["max_rss_kib"] = max(p["max_rss_kib"], r["rss"])

got = {p["program"]: p for p in rep["programs"]}
if set(got) != set(progs):
    bad.append(f"programs: report {sorted(got)}, events {sorted(progs)}")
for name, want in progs.items():
    g = got.get(name)
    if not g:
        continue
    for k in ("count", "cpu_ns", "max_rss_kib"):
        if g[k] != want[k]:
            bad.append(f"{name}: {k} {g[k]} in the report, {want[k]} from the events")
    if not any(r["name"] == name and (r["end"] is None or r.get("approx")) for r in recs) \
            and g["wall_ns"] != want["wall_ns"]:
        bad.append(f"{name}: wall_ns {g['wall_ns']} in the report, {want['wall_ns']} from the events")
counts = [p["count"] for p in rep["programs"]]
if counts != sorted(counts, reverse=True):
    bad.append("programs not in the order of their counts")
tot = rep["total"]
if tot["count"] != len(recs) or rep["processes"] != len(recs):
    bad.append(f"total count {tot['count']} / processes {rep['processes']}, {len(recs)} images")
if tot["cpu_ns"] != sum(r["cpu"] for r in recs):
    bad.append("total cpu_ns")
if tot["max_rss_kib"] != max([r["rss"] for r in recs] or [0]):
    bad.append("total max_rss_kib")
exited = [r for r in recs if r["exited"]]
if rep["exited"] != len(exited) or rep["running"] != len(running):
    bad.append(f"exited {rep['exited']} running {rep['running']}, "
               f"events: {len(exited)} exited, {len(running)} running")
if rep["killed"] != sum(1 for r in exited if r["sig"]) or \
        rep["exit_nonzero"] != sum(1 for r in exited if not r["sig"] and r["code"]):
    bad.append("killed / exit_nonzero")

# failed execs
by_errno = defaultdict(int)
by_prog = defaultdict(int)
for err, name in fails:
    by_errno[err] += 1
    by_prog[(name, err)] += 1
if rep["failed_execs"] != len(fails):
    bad.append(f"failed_execs {rep['failed_execs']}, {len(fails)} failed exec events")
if {e["errno"]: e["count"] for e in rep["failed_by_errno"]} != dict(by_errno):
    bad.append(f"failed_by_errno {rep['failed_by_errno']}, events {dict(by_errno)}")
if {(e["program"], e["errno"]): e["count"] for e in rep["failed_by_program"]} != dict(by_prog):
    bad.append(f"failed_by_program {rep['failed_by_program']}, events {dict(by_prog)}")

# signals
sigs = defaultdict(int)
for r in exited:
    if r["sig"]:
        sigs[(r["name"], r["sig"])] += 1
if {(s["program"], s["signal_name"]): s["count"] for s in rep["signals"]} != dict(sigs):
    bad.append(f"signals {rep['signals']}, events {dict(sigs)}")


# the critical path
def end_of(r):
    return r["end"] if r["end"] is not None else None


def later(a, b):
    """The record among indices a, b that ended last (ties: started first, seen first)."""
    ra, rb = recs[a], recs[b]
    ea, eb = end_of(ra), end_of(rb)
    if ea is None or eb is None:
        # still running: ends with the run, after any ended one
        if ea is None and eb is not None:
            return a
        if eb is None and ea is not None:
            return b
    elif ea != eb:
        return a if ea > eb else b
    if ra["start"] != rb["start"]:
        return a if ra["start"] < rb["start"] else b
    return min(a, b)


path = []
cur = None
for i, r in enumerate(recs):
    if r["parent"] is None:
        cur = i if cur is None else later(cur, i)
while cur is not None:
    path.append(cur)
    nxt = None
    for c in recs[cur]["children"]:
        nxt = c if nxt is None else later(nxt, c)
    cur = nxt
got_path = [s["pid"] for s in rep["critical_path"]]
if got_path != [recs[i]["pid"] for i in path]:
    bad.append(f"critical path {got_path}, from the events {[recs[i]['pid'] for i in path]}")
elif want_path is not None and got_path != want_path:
    bad.append(f"critical path {got_path}, the workload built {want_path}")
else:
    for s, i in zip(rep["critical_path"], path):
        r = recs[i]
        if r["end"] is not None and not r.get("approx") and \
                s["duration_ns"] != r["end"] - r["start"]:
            bad.append(f"critical path step {s['pid']}: duration_ns {s['duration_ns']}, "
                       f"events {r['end'] - r['start']}")

lost = lines[-2]["lost"]
if rep["lost"] != lost or rep["complete"] != (lost == 0 and rep["not_kept"] == 0):
    bad.append(f"lost {rep['lost']} / complete {rep['complete']}, summary lost {lost}")

if bad:
    print("\n".join(bad[:20]))
    sys.exit(1)
print(f"report agrees with {len(recs)} images, {len(fails)} failed execs, "
      f"path {got_path}")
