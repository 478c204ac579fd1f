#!/bin/bash
# The CPU cost of --journal against -j to a file, per 1000 events (a
# measurement, not a test): execsnoop traces N execs of a tiny static
# program by one uid (-u, filtered in the kernel); the user+system CPU time
# it spent from before the first to after the last was written, per 1000
# events, and that of the receiving systemd-journald in the same window
# (for -o FILE it has nothing to do). Runs in a private
# mount namespace with a journald of its own (tests/e2e/journald.sh).
#   bench/journal-cost.sh [N (default 4000)] [REPS (default 3)]
if [ -z "${E2E_JOURNAL_NS:-}" ]; then
	E2E_JOURNAL_NS=1 exec unshare -m --propagation private bash "$0" "$@"
fi
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
ES=$ROOT/build/execsnoop
STORM=$ROOT/build/tests/exec_storm
N=${1:-4000}
REPS=${2:-3}
T=$(mktemp -d /tmp/execsnoop-jcost.XXXXXX)
CLEANUPS=()
at_exit() { CLEANUPS+=("$1"); }
trap 'for c in "${CLEANUPS[@]}"; do eval "$c"; done; rm -rf "$T"' EXIT
# shellcheck source=tests/e2e/journald.sh
source "$ROOT/tests/e2e/journald.sh"
start_journald || { echo "journald cannot run here" >&2; exit 1; }
printf '%s\n' 'void _start(void)' '{' \
	'	__asm__ volatile("mov $60, %eax\n\txor %edi, %edi\n\tsyscall");' '}' >"$T/tiny.c"
cc -O2 -static -nostdlib -o "$T/tiny" "$T/tiny.c" || exit 1

# ticks PID: utime+stime of a process, in clock ticks.
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# as_user ARGS...: run as uid 54321, the only uid traced (-u: filtered in
# the kernel, so other work on the machine costs the tool nothing).
as_user() { setpriv --reuid=54321 --regid=54321 --clear-groups "$@"; }

# seen MODE TEXT: whether the event with TEXT reached the output.
seen() {
	if [ "$1" = file ]; then
		grep -qF -- "$2" "$T/out.json" 2>/dev/null
	else
		journalctl -D /run/log/journal -q --no-pager -o cat SYSLOG_IDENTIFIER=execsnoop \
			_PID="$ESPID" | grep -qF -- "$2"
	fi
}

# one MODE ARGS...: CPU ms per 1000 events of execsnoop and of journald.
one() {
	local kind=$1 e0 e1 j0 j1 i
	shift
	rm -f "$T/out.json"
	"$ES" "$@" -u 54321 --buffer-size 16384 2>"$T/err" &
	ESPID=$!
	for ((i = 0; i < 400; i++)); do
		as_user "$T/tiny" "ready-$ESPID"
		seen "$kind" "ready-$ESPID" && break
		sleep 0.05
	done
	e0=$(ticks "$ESPID")
	j0=$(ticks "$JPID")
	as_user "$STORM" "$N" "$T/tiny" "jc$ESPID"
	until seen "$kind" "jc$ESPID-$((N - 1))"; do sleep 0.05; done
	e1=$(ticks "$ESPID")
	j1=$(ticks "$JPID")
	kill -INT "$ESPID"
	wait "$ESPID"
	printf '%-16s %12.1f %16.1f\n' "${*/$T\//}" "$(echo "($e1 - $e0) * 1000000 / $hz / $N" | bc -l)" \
		"$(echo "($j1 - $j0) * 1000000 / $hz / $N" | bc -l)"
}

hz=$(getconf CLK_TCK)
chmod 755 "$T"
printf '%-16s %12s %16s\n' options "execsnoop ms" "journald ms"
for ((r = 1; r <= REPS; r++)); do
	one file -j -o "$T/out.json"
	one journal --journal -j
	one journal --journal
done
