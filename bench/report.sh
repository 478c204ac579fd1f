#!/bin/sh
# bench/report.sh CSV META [NOTES]: writes the benchmark report (Markdown) to
# stdout from the raw CSV and the run's metadata (KEY=value lines), with an
# optional Markdown file of remarks on that run inserted after the header.
# run.sh calls it; it can be re-run on a saved CSV. Statistics in awk:
# medians and min-max.
set -eu
CSV=$1
META=$2
NOTES=${3:-}

meta() { sed -n "s/^$1=//p" "$META" | head -1; }

cat <<EOF
# execsnoop benchmark results

Written by \`bench/run.sh\` (\`make bench\`) from the raw data in
[\`$(meta CSV)\`]($(meta CSV)) (one row per trial). Method: [README.md](README.md).
Every figure is a median over $(meta REPS) interleaved repeats, with the range
(min–max) across repeats in brackets, unless marked otherwise.
Overheads are computed from the medians; their bracket is the range of the
same ratio taken round by round ("a…b").

| | |
|---|---|
| date | $(meta DATE) (run \`$(meta RUN_ID)\`, $(meta DURATION_S) s$( [ "$(meta QUICK)" = 1 ] && echo ", QUICK=1 smoke run")) |
| machine | $(meta CPU), $(meta MEM), $(meta OS) |
| kernel | $(meta KERNEL) |
| execsnoop | $(meta ES_VERSION), binary sha256 \`$(meta ES_SHA)…\`, git \`$(meta GIT_REV)\` ($(meta GIT_DIRTY) uncommitted files in src/ or Makefile) |
| peers | $( [ -n "$(meta BT_VERSION)" ] && echo "$(meta BT_VERSION) with \`$(meta CMD_bpftrace | sed 's/^bpftrace //')\`" || echo "no bpftrace")$( [ -n "$(meta LT_VERSION)" ] && echo "; libbpf-tools $(meta LT_VERSION) (Debian) \`$(meta CMD_libbpf)\`, default options") |
| load average | start: $(meta LOAD_START); end: $(meta LOAD_END) |

EOF
if [ -n "$NOTES" ]; then
	echo "## Remarks on this run"
	echo
	cat "$NOTES"
	echo
fi

awk -F, -v reps="$(meta REPS)" -v zln="$(meta ZL_N)" -v zlhn="$(meta ZLH_N)" -v bufn="$(meta BUF_N)" '
function sort(a, n,    i, j, t) {
	for (i = 2; i <= n; i++) {
		t = a[i]
		for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--)
			a[j + 1] = a[j]
		a[j + 1] = t
	}
}
# stat(list, what): median, min or max of a space-separated list of numbers
function stat(list, what,    a, n) {
	n = split(list, a, " ")
	if (n == 0)
		return ""
	sort(a, n)
	if (what == "min") return a[1]
	if (what == "max") return a[n]
	if (n % 2) return a[(n + 1) / 2]
	return (a[n / 2] + a[n / 2 + 1]) / 2
}
function has(list) { return split(list, tmp, " ") > 0 }
# fmt(list, format, scale): "median (min–max)"
function fmt(list, f, scale) {
	if (!has(list))
		return "–"
	if (scale == "") scale = 1
	if (split(list, tmp, " ") == 1)
		return sprintf(f, stat(list, "med") * scale)
	return sprintf(f " (" f "–" f ")", stat(list, "med") * scale,
		       stat(list, "min") * scale, stat(list, "max") * scale)
}
function add(k, v) { if (v != "") L[k] = L[k] " " v }
function pct(list) { return fmt(list, "%+.1f%%", 100) }
function label(c) {
	if (c == "none") return "no tracer"
	if (c == "es") return "execsnoop (ring buffer, text to file)"
	if (c == "es_perf") return "execsnoop --transport perf"
	if (c == "es_json") return "execsnoop --json"
	if (c == "es_je") return "execsnoop --json -e (+ an exit with resources per exec)"
	if (c == "es_x") return "execsnoop -x"
	if (c == "es_u65534") return "execsnoop -u 65534 (matches nothing)"
	if (c == "bpftrace") return "bpftrace execsnoop.bt"
	if (c == "libbpf") return "libbpf-tools execsnoop"
	if (c ~ /^es_b[0-9]+$/) return "execsnoop --buffer-size " substr(c, 5)
	if (c == "es_a8192") return "execsnoop --args-size 8192"
	if (c == "es_nice") return "nice -n -10 execsnoop"
	return c
}
NR == 1 { next }
{
	sec = $2; cfg = $3; rep = $4; k = sec SUBSEP cfg
	if (!(k in seen)) { seen[k] = 1; order[sec] = order[sec] " " cfg }
	if (!(sec in secseen)) { secseen[sec] = 1; secs_order = secs_order " " sec }
	zl[NR] = $0
	# a trial that did not complete is listed, never averaged in
	if ($26 != "ok") { bad[k] = bad[k] " " rep ":" $26; next }
	rate[sec, cfg, rep] = $10
	rbest[sec, cfg, rep] = $32
	add(k SUBSEP "rbest", $32)
	add(k SUBSEP "seen", $33)
	add(k SUBSEP "bpf", $37)
	sysns[sec, cfg, rep] = $24
	sysbest[sec, cfg, rep] = $29
	add(k SUBSEP "sysbest", $29)
	add(k SUBSEP "rate", $10)
	add(k SUBSEP "sysns", $24)
	add(k SUBSEP "per1k", $20)
	add(k SUBSEP "cpu", $18)
	add(k SUBSEP "startcpu", $17)
	add(k SUBSEP "first", $16)
	add(k SUBSEP "header", $15)
	if ($23 > 0) add(k SUBSEP "peak", $23 / 1024)
	if ($22 > 0) add(k SUBSEP "steady", $22 / 1024)
	if ($21 > 0) add(k SUBSEP "startrss", $21 / 1024)
	if ($27 != "" && $27 >= 0) add(k SUBSEP "anon", $27 / 1024)
	if ($28 != "" && $28 >= 0) add(k SUBSEP "file", $28 / 1024)
	if ($12 != "") { cap[k] += $12; exp_[k] += $9; lines[k] += $13; counted[k] = 1
		if ($12 < $9) lossreps[k]++ }
	if ($14 != "") lost[k] += $14
	load[k] = load[k] " " $25
	if ($31 != "") { others = others " " $31; others_sec[sec] = others_sec[sec] " " $31
		if ($31 > 20) noisy = noisy sprintf(" %s/%s/%s (%.0f%%)", sec, cfg, rep, $31) }
}
function overheads(sec, cfg, field,    r, o, base, v) {
	o = ""
	for (r = 1; r <= reps; r++) {
		if (field == "rate") {
			base = rate[sec, "none", r]; v = rate[sec, cfg, r]
			if (base != "" && v != "" && v > 0) o = o " " (base / v - 1)
		} else if (field == "rbest") {
			base = rbest[sec, "none", r]; v = rbest[sec, cfg, r]
			if (base != "" && v != "" && v > 0) o = o " " (base / v - 1)
		} else if (field == "sysbest") {
			base = sysbest[sec, "none", r]; v = sysbest[sec, cfg, r]
			if (base != "" && v != "" && base > 0) o = o " " (v / base - 1)
		} else {
			base = sysns[sec, "none", r]; v = sysns[sec, cfg, r]
			if (base != "" && v != "" && base > 0) o = o " " (v / base - 1)
		}
	}
	return o
}
# ovfmt: overhead from the medians, with the range of the per-round pairs
function ovfmt(sec, cfg, field,    kn, kc, mn, mc, o, v) {
	kn = sec SUBSEP "none" SUBSEP field; kc = sec SUBSEP cfg SUBSEP field
	if (!has(L[kn]) || !has(L[kc])) return "–"
	mn = stat(L[kn], "med"); mc = stat(L[kc], "med")
	if (field == "rate" || field == "rbest") v = mn / mc - 1; else v = mc / mn - 1
	o = overheads(sec, cfg, field)
	if (split(o, tmp, " ") < 2) return sprintf("%+.1f%%", v * 100)
	return sprintf("%+.1f%% (%+.1f%%…%+.1f%%)", v * 100, stat(o, "min") * 100, stat(o, "max") * 100)
}
function capstr(k) {
	if (!(k in counted)) return "–"
	if (k ~ /es_u65534$/) return sprintf("%d printed (the filter hides all %d)", cap[k], exp_[k])
	if (exp_[k] == 0) return "0 / 0"
	return sprintf("%d / %d%s", cap[k], exp_[k],
		       cap[k] < exp_[k] ? sprintf(" (**%d missed**)", exp_[k] - cap[k]) : "")
}
END {
	if (order["main"] != "") {
	# ---- 1. exec workload
	print "## 1. Exec workload: every tracer, interleaved"
	print ""
	sec = "main"
	n = split(order[sec], cf, " ")
	print "Workload: `execgen -n N -w 2`: N execs (posix_spawn) of a tiny static program from 2 workers, unthrottled, 2 arguments (argv[0] and the marker)."
	print "Overhead = extra time per exec: median rate without a tracer / median rate with it − 1; in brackets the range of the same ratio taken round by round (each tracer trial against the no-tracer trial of its round)."
	print "*Best chunk*: each worker also times its execs in 20 chunks; the rates of each worker'"'"'s fastest chunk, summed, are the estimate least disturbed by other load (optimistic for everyone alike); the overhead is computed from those the same way."
	print "*Launch → first event*: from starting the tracer to the exec of the first marker it printed (markers are exec'"'"'d every 10 ms from the launch on); *seen in output*: when that marker was found in the output file (includes the tracer'"'"'s output batching; libbpf-tools'"'"' execsnoop writes its standard output through stdio, block-buffered into a file, so its lines, header included, show up 4 KiB at a time)."
	print "*BPF ns per exec*: kernel-side cost, from `kernel.bpf_stats_enabled=1`: the run time of the tracer'"'"'s BPF programs (the bpf-prog descriptors it holds, `run_time_ns` in /proc/PID/fdinfo) while the workload ran, divided by the workload'"'"'s execs (any other exec on the machine in that window is counted too). Only the programs themselves: not the cost of the hook that runs them (e.g. a syscall tracepoint sends every system call through the tracing path, section 2)."
	print ""
	print "| tracer | exec/s | overhead | overhead, best chunk | events captured / expected | lost (tool says) | tracer CPU ms / 1000 events | BPF ns per exec | peak RSS MiB | steady RSS MiB | launch → first event ms | … seen in output ms | header ms | start-up CPU ms |"
	print "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
	for (i = 1; i <= n; i++) {
		c = cf[i]; k = sec SUBSEP c
		printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", label(c),
			fmt(L[k SUBSEP "rate"], "%.0f"),
			c == "none" ? "–" : ovfmt(sec, c, "rate"),
			c == "none" ? "–" : ovfmt(sec, c, "rbest"),
			c == "none" ? "–" : capstr(k),
			c == "none" ? "–" : lost[k] + 0,
			fmt(L[k SUBSEP "per1k"], "%.1f"),
			fmt(L[k SUBSEP "bpf"], "%.0f"),
			fmt(L[k SUBSEP "peak"], "%.1f"),
			fmt(L[k SUBSEP "steady"], "%.1f"),
			fmt(L[k SUBSEP "first"], "%.0f"),
			fmt(L[k SUBSEP "seen"], "%.0f"),
			fmt(L[k SUBSEP "header"], "%.0f"),
			fmt(L[k SUBSEP "startcpu"], "%.0f")
	}
	print ""
	for (i = 1; i <= n; i++) { k = sec SUBSEP cf[i]; if (k in bad) printf "Trials not ok for %s: %s\n\n", label(cf[i]), bad[k] }
	print "Memory of the tracer process: peak = VmHWM at the end of the trial (start-up included); steady = median of VmRSS sampled every 50 ms while the workload ran; RssAnon and RssFile at the end of the trial. RssFile includes the BPF maps the tool has mmap()ed (execsnoop maps its ring buffer\x27s data once; libbpf\x27s reader maps it twice)."
	print ""
	print "| tracer | peak (VmHWM) MiB | steady VmRSS MiB | RssAnon MiB | RssFile MiB | VmRSS right after start-up MiB |"
	print "|---|---|---|---|---|---|"
	for (i = 1; i <= n; i++) {
		c = cf[i]; k = sec SUBSEP c
		if (c == "none") continue
		printf "| %s | %s | %s | %s | %s | %s |\n", label(c), fmt(L[k SUBSEP "peak"], "%.1f"),
			fmt(L[k SUBSEP "steady"], "%.1f"), fmt(L[k SUBSEP "anon"], "%.1f"),
			fmt(L[k SUBSEP "file"], "%.1f"), fmt(L[k SUBSEP "startrss"], "%.1f")
	}
	print ""
	kf = sec SUBSEP "es_u65534"
	if (has(L[kf SUBSEP "cpu"]))
		printf "`-u 65534` (no event passes the in-kernel filter): tracer CPU over a whole trial %s ms.\n\n", fmt(L[kf SUBSEP "cpu"], "%.1f")

	}
	# ---- 2. syscall loop
	sec = "syscall"
	n = split(order[sec], cf, " ")
	if (n) {
		print "## 2. Cost to the rest of the system: a syscall loop that never execs"
		print ""
		print "Workload: `execgen -S N -w 1`: getppid(2) through syscall(2) in a loop, timed with each tracer attached (and idle: no exec happens)."
		print "The loop is timed in 20 chunks: *best chunk* is the fastest of them, the estimate least disturbed by other load on the machine; *mean* is the whole loop."
		print "BPF run-time statistics (`kernel.bpf_stats_enabled`) are off in this section: they add two clock reads to every run of a program, and the program of `-x` runs on every system call."
		print ""
		print "| tracer | ns per syscall, best chunk | overhead (best chunk) | ns per syscall, mean | overhead (mean) | tracer CPU ms during the loop |"
		print "|---|---|---|---|---|---|"
		for (i = 1; i <= n; i++) {
			c = cf[i]; k = sec SUBSEP c
			printf "| %s | %s | %s | %s | %s | %s |\n", label(c),
				fmt(L[k SUBSEP "sysbest"], "%.1f"),
				c == "none" ? "–" : ovfmt(sec, c, "sysbest"),
				fmt(L[k SUBSEP "sysns"], "%.1f"),
				c == "none" ? "–" : ovfmt(sec, c, "sysns"),
				fmt(L[k SUBSEP "cpu"], "%.1f")
		}
		print ""
	}

	if (order["args20x100"] != "" || order["args100x1024"] != "") {
	# ---- 3. scaling
	print "## 3. Scaling with argument volume"
	print ""
	print "Same workload, 2 workers, with extra arguments after the marker. The 2-argument row is section 1. What each tracer copies differs: execsnoop up to 32 KiB of arguments (`--args-size`) and shows 20 (`--max-args`); bpftrace'"'"'s script 16 arguments; libbpf-tools 20 arguments of at most 128 bytes each."
	print ""
	print "| arguments | tracer | exec/s | overhead | overhead, best chunk | captured / expected | lost (tool says) | tracer CPU ms / 1000 events | BPF ns per exec | peak RSS MiB |"
	print "|---|---|---|---|---|---|---|---|---|---|"
	ns = split("main args20x100 args100x1024", ss, " ")
	for (j = 1; j <= ns; j++) {
		sec = ss[j]
		n = split(order[sec], cf, " ")
		an = sec == "main" ? "2" : sec == "args20x100" ? "marker + 20 × 100 B" : "marker + 100 × 1 KiB"
		for (i = 1; i <= n; i++) {
			c = cf[i]; k = sec SUBSEP c
			if (c != "none" && c != "es" && c != "bpftrace" && c != "libbpf") continue
			printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", an, label(c),
				fmt(L[k SUBSEP "rate"], "%.0f"),
				c == "none" ? "–" : ovfmt(sec, c, "rate"),
				c == "none" ? "–" : ovfmt(sec, c, "rbest"),
				c == "none" ? "–" : capstr(k),
				c == "none" ? "–" : lost[k] + 0,
				fmt(L[k SUBSEP "per1k"], "%.1f"), fmt(L[k SUBSEP "bpf"], "%.0f"),
				fmt(L[k SUBSEP "peak"], "%.1f")
		}
	}
	print ""
	print "Traced share: `execsnoop -u 65534` while the workload runs as root (nothing matches): overhead " \
		ovfmt("main", "es_u65534", "rate") " against " ovfmt("main", "es", "rate") \
		" for plain execsnoop (section 1)."
	print ""

	}
	if (order["zeroloss"] != "") {
	# ---- 4. zero loss
	print "## 4. Zero-loss checks (execsnoop, ring buffer, text to a file)"
	print ""
	print "One run each, unthrottled, default options. Missed = expected − distinct markers in the output; duplicates = marker lines − distinct markers. The run with 100 × 1 KiB arguments (about 33 KiB of record and of output per exec) is shorter (" zlhn " execs)."
	print ""
	print "| workers | arguments | exec from | execs expected | captured | missed | duplicates | lost (tool says) | exec/s | tracer CPU ms / 1000 | peak RSS MiB | trial |"
	print "|---|---|---|---|---|---|---|---|---|---|---|---|"
	for (r = 2; r <= NR; r++) {
		if (!(r in zl)) continue
		split(zl[r], f, ",")
		if (f[2] != "zeroloss") continue
		printf "| %s | %s | %s | %s | %s | %s | %s | %s | %.0f | %s | %s | %s |\n", f[5],
			(f[6] > 0 ? sprintf("marker + %d × %d B", f[6], f[7]) : "2"),
			(f[8] == 1 ? "non-main thread" : "main thread"), f[9], f[12],
			(f[9] - f[12] > 0 ? "**" (f[9] - f[12]) "**" : 0),
			f[13] - f[12], f[14], f[10], (f[20] != "" ? sprintf("%.1f", f[20]) : "–"),
			(f[23] > 0 ? sprintf("%.1f", f[23] / 1024) : "–"),
			(f[26] == "ok" ? "ok" : "**" f[26] "**")
	}
	print ""

	}
	if (order["bufsize"] != "") {
	# ---- 5. buffer size sweep
	print "## 5. Loss with heavy arguments against `--buffer-size`"
	print ""
	print "execsnoop (ring buffer, text to a file) with `--buffer-size KIB`, everything else default (`--args-size` 32768: a record of 100 × 1 KiB arguments is about 33 KiB), and a few other configurations, `execgen -n " bufn " -w 2 -a 100 -s 1024`, unthrottled, " reps " interleaved rounds. *Rounds with loss*: how many of the rounds missed at least one event."
	print ""
	print "| configuration | exec/s | captured / expected | rounds with loss | lost (tool says) | tracer CPU ms / 1000 events | steady RSS MiB | peak RSS MiB | RssFile MiB |"
	print "|---|---|---|---|---|---|---|---|---|"
	sec = "bufsize"
	n = split(order[sec], cf, " ")
	for (i = 1; i <= n; i++) {
		c = cf[i]; k = sec SUBSEP c
		printf "| %s | %s | %s | %d of %d | %s | %s | %s | %s | %s |\n", label(c),
			fmt(L[k SUBSEP "rate"], "%.0f"), capstr(k), lossreps[k], split(L[k SUBSEP "rate"], tmp, " "),
			lost[k] + 0, fmt(L[k SUBSEP "per1k"], "%.1f"), fmt(L[k SUBSEP "steady"], "%.1f"),
			fmt(L[k SUBSEP "peak"], "%.1f"), fmt(L[k SUBSEP "file"], "%.1f")
	}
	print ""
	for (i = 1; i <= n; i++) { k = sec SUBSEP cf[i]; if (k in bad) printf "Trials not ok for %s: %s\n\n", label(cf[i]), bad[k] }
	}
	if (order["main"] != "") {
	# ---- targets
	print "## Against the targets"
	print ""
	print "Informative only (this is a measurement, not a test)."
	print ""
	print "| target | measured | met |"
	print "|---|---|---|"
	ke = "main" SUBSEP "es"; kb = "main" SUBSEP "bpftrace"
	rn = stat(L["main" SUBSEP "none" SUBSEP "rate"], "med")
	oe = rn / stat(L[ke SUBSEP "rate"], "med") - 1
	ob = has(L[kb SUBSEP "rate"]) ? rn / stat(L[kb SUBSEP "rate"], "med") - 1 : ""
	if (has(L[ke SUBSEP "rbest"]) && has(L[kb SUBSEP "rbest"])) {
		bn = stat(L["main" SUBSEP "none" SUBSEP "rbest"], "med")
		be = bn / stat(L[ke SUBSEP "rbest"], "med") - 1; bb = bn / stat(L[kb SUBSEP "rbest"], "med") - 1
		printf "| overhead ≤ 1/4 of bpftrace'"'"'s, best-chunk rates | %.1f%% vs %.1f%% | %s |\n", be * 100, bb * 100,
			((bb > 0 && be <= bb / 4) || (be <= 0 && bb > 0)) ? "yes" : "no"
	}
	if (ob != "" && oe <= 0)
		printf "| overhead ≤ 1/4 of bpftrace'"'"'s | %.1f%% vs %.1f%% (no measurable overhead) | yes |\n", oe * 100, ob * 100
	else if (ob != "")
		printf "| overhead ≤ 1/4 of bpftrace'"'"'s | %.1f%% vs %.1f%% (ratio %.2f) | %s |\n", oe * 100, ob * 100,
			(ob > 0 ? oe / ob : 0), ((ob > 0 && oe <= ob / 4) ? "yes" : "no")
	ce = stat(L[ke SUBSEP "per1k"], "med"); cb = stat(L[kb SUBSEP "per1k"], "med")
	if (cb != "")
		printf "| CPU / 1000 events ≤ 1/4 of bpftrace'"'"'s | %.1f ms vs %.1f ms (ratio %.2f) | %s |\n", ce, cb,
			(cb > 0 ? ce / cb : 0), ((cb > 0 && ce <= cb / 4) ? "yes" : "no")
	pe = stat(L[ke SUBSEP "peak"], "max")
	printf "| peak RSS ≤ 8 MiB | %.1f MiB (largest over the section-1 trials) | %s |\n", pe, (pe <= 8 ? "yes" : "no")
	se = stat(L[ke SUBSEP "steady"], "max")
	printf "| steady RSS ≤ 4 MiB | %.1f MiB (largest median sample) | %s |\n", se, (se <= 4 ? "yes" : "no")
	kl = "main" SUBSEP "libbpf"
	be = stat(L[ke SUBSEP "bpf"], "med"); bl = stat(L[kl SUBSEP "bpf"], "med")
	if (be != "" && bl != "")
		printf "| BPF time per exec ≤ 1/5 of libbpf-tools'"'"' | %.0f ns vs %.0f ns (ratio %.2f) | %s |\n", be, bl,
			(bl > 0 ? be / bl : 0), ((bl > 0 && be <= bl / 5) ? "yes" : "no")
	fe = stat(L[ke SUBSEP "first"], "med"); fx = stat(L[ke SUBSEP "first"], "max")
	printf "| launch → first event < 150 ms | median %.0f ms, worst %.0f ms | %s |\n", fe, fx, (fx < 150 ? "yes" : "no")
	zmiss = 0; zlost = 0; zruns = 0; hmiss = 0; hlost = 0; hruns = 0; hn = 0
	for (r = 2; r <= NR; r++) {
		if (!(r in zl)) continue
		split(zl[r], f, ",")
		if (f[2] != "zeroloss") continue
		if (f[26] != "ok") { zbad++; continue }
		if (f[6] >= 100) { hruns++; hn += f[9]; hmiss += f[9] - f[12]; hlost += f[14]; continue }
		zruns++; zmiss += f[9] - f[12]; zlost += f[14]
	}
	if (zruns || zbad) printf "| zero loss, unthrottled execs | %d complete runs of %d execs: %d missed, %d reported lost%s | %s |\n", zruns, zln, zmiss, zlost,
		(zbad ? sprintf(" (%d run(s) where the tracer died are not counted: see section 4)", zbad) : ""),
		(zruns && zmiss == 0 && zlost == 0) ? "yes" : "no"
	if (hruns)
		printf "| zero loss with 100 × 1 KiB arguments, default options | %d run(s), %d execs: %d missed, %d reported lost | %s |\n", hruns, hn, hmiss, hlost,
			(hmiss == 0 && hlost == 0) ? "yes" : "no"
	print ""
	}
	# ---- how much other load there was
	print "## Other load on the machine"
	print ""
	if (has(others)) {
		print "Share of the machine'"'"'s CPU time (all cores) used by processes other than the workload and the tracer while each workload ran: busy time from /proc/stat minus the workload'"'"'s and the tracer'"'"'s own CPU time. It includes kernel threads working for the benchmark itself (writeback of the output file, deferred freeing after exits): the no-tracer exec trials show that baseline; the syscall section, which neither execs nor writes, shows the machine'"'"'s own background."
		print ""
		print "| section | other load, % of the machine |"
		print "|---|---|"
		ns = split(secs_order, ss, " ")
		for (j = 1; j <= ns; j++)
			if (has(others_sec[ss[j]]))
				printf "| %s | %s |\n", ss[j], fmt(others_sec[ss[j]], "%.1f")
		print ""
		if (stat(others_sec["syscall"], "med") > 5 || noisy != "")
			printf "**These numbers were disturbed by other work on the machine** (e.g. test suites run concurrently: median %.1f%% of the CPU went elsewhere, at most %.1f%%). Interleaving and medians blunt this and the ranges show it; the best-chunk figures are the least affected. Trials with more than 20%% other load:%s.\n\n", stat(others, "med"), stat(others, "max"), (noisy == "" ? " none" : noisy)
		else
			print "The machine was otherwise quiet during the trials.\n"
	}
	printf "1-minute load average at the start of the trials (includes the benchmark itself): %s.\n\n", \
		fmt(load["main" SUBSEP "none"] load["syscall" SUBSEP "none"] load["zeroloss" SUBSEP "es"], "%.2f")
}' "$CSV"

cat <<EOF
## Exact commands

Tracers (each started fresh for every trial, output to a file in /tmp):

EOF
for c in es es_perf es_json es_je es_x es_u65534 bpftrace libbpf $(for k in $(meta BUF_SIZES); do echo "es_b$k"; done) es_a8192 es_nice; do
	v=$(meta "CMD_$c")
	[ -n "$v" ] || continue
	case $c in
	es_b* | es_a8192 | es_nice) grep -q ",bufsize,$c," "$CSV" || continue ;;
	bpftrace) [ -n "$(meta BT_VERSION)" ] || continue ;;
	libbpf) [ -n "$(meta LT_VERSION)" ] || continue ;;
	esac
	case $c in es_json | es_je) [ "$(meta HAVE_JSON)" = 1 ] || continue ;; esac
	echo "- \`$v > OUT 2> ERR\`"
done
cat <<EOF

(\`bench/out/execsnoop\` is a copy of \`build/execsnoop\` taken when the run started.)

Workloads (\`bench/out/execgen\`, source \`bench/execgen.c\`; TAG is unique per trial):

- section 1: \`execgen -n $(meta MAIN_N) -w $(meta MAIN_W) -m TAG -p TRACER_PID\`
- section 2: \`execgen -S $(meta SYS_N) -w $(meta SYS_W)\`
- section 3: \`execgen -n $(meta SCALE_N) -w $(meta MAIN_W) -a 20 -s 100 …\` and \`-a 100 -s 1024\`
- section 4: \`execgen -n $(meta ZL_N) -w {2,4} [-a 20 -s 100 | -t]\`$( [ -n "$(meta ZLH_N)" ] && echo " and \`execgen -n $(meta ZLH_N) -w 2 -a 100 -s 1024\`")$(grep -q ',bufsize,' "$CSV" && printf '\n%s' "- section 5: \`execgen -n $(meta BUF_N) -w $(meta MAIN_W) -a 100 -s 1024\`")
- start-up probe: \`execgen -P 10000 -f OUT -m TAGs -T LAUNCH_TIME -H PID -0\`
- drain sentinel: \`execgen -P 10000 -f OUT -m TAGe\`

The whole run: \`$( [ "$(meta QUICK)" = 1 ] && echo "QUICK=1 ")make bench\` (= \`bench/run.sh\` after \`make\`).

## Raw data

<details><summary>$(meta CSV) ($(($(wc -l <"$CSV") - 1)) trials)</summary>

\`\`\`csv
$(cat "$CSV")
\`\`\`

</details>
EOF
