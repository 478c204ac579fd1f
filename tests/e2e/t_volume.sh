#!/bin/bash
# Volume control: --exclude-comm, --exclude-pcomm, --exclude-exe (execs and
# their exit lines gone, counted as filtered) and --rate-limit (at most N
# events printed a second, the rest counted in the summary).
source "$(dirname "$0")/lib.sh"

test_exclusions() {
	local envexe
	envexe=$(readlink -f /usr/bin/env)
	cp /bin/sh "$T/vol-parent"
	mkdir -p "$T/skip" && cp /bin/echo "$T/skip/vol-echo"
	start_snoop -e --exclude-comm true --exclude-pcomm vol-parent \
		--exclude-exe "$envexe" --exclude-exe "$T/skip/" || { fail "start"; return; }
	/bin/true vol-true
	/usr/bin/env /bin/echo vol-env >/dev/null
	"$T/vol-parent" -c '/bin/echo vol-child; :' >/dev/null
	"$T/skip/vol-echo" vol-skipped >/dev/null
	/bin/echo vol-shown >/dev/null
	sync_with /bin/echo
	wait_match "^echo +[0-9]+ +[0-9]+ +EXIT" || { fail "exit not traced"; return; }
	stop_snoop
	expect_count 0 "vol-true|/bin/echo vol-child;?\$|vol-skipped|/usr/bin/env"
	expect_count 1 " /bin/echo vol-shown\$"
	# env exec'd echo: the echo is shown, its exec of env is not
	expect_count 1 " /bin/echo vol-env\$"
	expect_count 1 " $T/vol-parent -c /bin/echo vol-child; :\$"
	# no exit line of an excluded program
	expect_count 0 "^(true|vol-echo) +[0-9]+ +[0-9]+ +EXIT"
	grep -qE "filtered \(0 in kernel, [1-9][0-9]* in user space\)" "$ERR" ||
		fail "summary: $(cat "$ERR")"
	expect_usage_error --exclude-comm ''
	expect_usage_error --exclude-comm 0123456789abcdef
	expect_usage_error --exclude-exe relative/path
	expect_usage_error --rate-limit 0
	expect_usage_error --rate-limit x
}

# 300 execs as fast as they go: each second shows at most 5 events; the
# rest are counted, received = printed + rate_limited, and at least all but
# 5 a second of the run were held back.
test_rate_limit() {
	local msg
	build_tiny
	"$ES" -j -e --rate-limit 5 -- /bin/sh -c 'i=0; while [ $i -lt 300 ]; do "$0"; i=$((i+1)); done' \
		"$T/tiny" >"$OUT" 2>"$ERR"
	expect_quiet_stderr
	msg=$(python3 - "$OUT" <<'PY'
import collections, json, math, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
s = ev[-1]
bad = []
per = collections.Counter(e["ts_ns"] // 10**9 for e in ev[:-1])
if max(per.values()) > 5:
    bad.append("%d events in one second" % max(per.values()))
if s["event"] != "summary" or s["received"] != s["printed"] + s["rate_limited"]:
    bad.append("summary: %r" % s)
if s["printed"] != len(ev) - 1:
    bad.append("printed %d, lines %d" % (s["printed"], len(ev) - 1))
# 300 execs and 301 exits, and the shell's exec
if s["received"] != 602:
    bad.append("received %d, want 602" % s["received"])
if s["rate_limited"] < s["received"] - 5 * (math.ceil(s["duration_s"]) + 1):
    bad.append("rate_limited %d for %.3f s" % (s["rate_limited"], s["duration_s"]))
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
) || fail "$msg"
	# the text summary: one event a second of the kernel's clock, the rest
	# over the limit (four quick execs are mostly in one second, but on a
	# slow or emulated machine they may not be: the JSON part above checks
	# the seconds exactly)
	"$ES" --rate-limit 1 -- /bin/sh -c '/bin/true; /bin/true; /bin/true' >"$OUT" 2>"$ERR"
	local printed over
	read -r printed over < <(sed -nE 's/^execsnoop: 4 events, ([0-9]+) printed, 0 lost, [0-9]+ filtered \([0-9]+ in kernel, 0 in user space\), ([0-9]+) over --rate-limit$/\1 \2/p' "$ERR")
	[ -n "$printed" ] && [ "$printed" -ge 1 ] && [ $((printed + over)) -eq 4 ] &&
		[ "$(grep -c . "$OUT")" -eq $((printed + 1)) ] ||
		fail "text summary: $(cat "$ERR")"
}

run_tests
