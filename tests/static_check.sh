#!/bin/bash
# `make static` and its binary, build/static/execsnoop: statically linked and
# stripped (file, ldd, readelf); then, as root, tracing for real, here and in
# an otherwise empty root (the binary, /proc, /sys and a crafted /etc/passwd,
# in a mount namespace of its own), where -u NAME must resolve from that file.
# One "PASS: static/NAME" or "FAIL: static/NAME: why" line per check (the
# root part names its checks static_NAME); exits 1 if any check failed.
#   tests/static_check.sh         build, check the file, then the root part
#   tests/static_check.sh --run   the root part only (as root, after a build)
set -u
cd "$(dirname "$0")/.." || exit 1
BIN=build/static/execsnoop

if [ "${1:-}" != --run ]; then
	failed=0
	pass() { echo "PASS: static/$1"; }
	fail() { echo "FAIL: static/$1: $2"; failed=1; }

	log=$(mktemp)
	start=$SECONDS
	if ! make --no-print-directory -s static >"$log" 2>&1; then
		fail build "$(grep -v '^  [A-Z]' "$log" | head -c 500)"
		rm -f "$log"
		exit 1
	fi
	rm -f "$log"
	pass build
	echo "-- $BIN: $(stat -c %s "$BIN") bytes, built in $((SECONDS - start)) s"

	f=$(file -b "$BIN" 2>&1)
	[[ $f == *"static-pie linked"* || $f == *"statically linked"* ]] &&
		pass file-static || fail file-static "file says: $f"
	[[ $f == *", stripped"* ]] && pass stripped || fail stripped "file says: $f"
	# ldd: "statically linked" (static PIE) or "not a dynamic executable"
	l=$(ldd "$BIN" 2>&1)
	[[ ($l == *"statically linked"* || $l == *"not a dynamic executable"*) && $l != *"=>"* ]] &&
		pass ldd-static || fail ldd-static "ldd says: ${l//$'\n'/ }"
	# no program interpreter, no shared library named
	l=$(readelf -lW "$BIN" 2>&1 | grep -E 'INTERP|interpreter'; readelf -dW "$BIN" 2>&1 | grep NEEDED)
	[ -z "$l" ] && pass no-interp-no-needed || fail no-interp-no-needed "${l//$'\n'/ }"
	v=$("$BIN" --version 2>&1)
	want="execsnoop $(sed -n 's/^#define EXECSNOOP_VERSION "\(.*\)"$/\1/p' src/version.h)"
	[ "$v" = "$want" ] && pass version || fail version "--version: $v, want $want"

	if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
		fail root "the run checks load BPF programs: run as root (or install sudo)"
		exit 1
	fi
	scripts/ensure-root.sh bash tests/static_check.sh --run || failed=1
	exit $failed
fi

# --- as root: the e2e helpers, on the static binary -----------------------
export EXECSNOOP=$PWD/$BIN
# shellcheck source=tests/e2e/lib.sh
source tests/e2e/lib.sh

if [ "$(id -u)" -ne 0 ]; then
	echo "FAIL: static_root: must run as root"
	exit 1
fi

HEADER=$(printf '%-16s %-7s %-7s %3s %s' COMM PID PPID RET ARGS)
HEADER_U=$(printf '%-6s %-16s %-7s %-7s %3s %s' UID COMM PID PPID RET ARGS)
HINT="Try 'execsnoop --help' for more information."
# the empty root: a user of its own, unknown to this system, and a user of
# this system (not root) that the empty root does not have
ROOT_USER="es-static-user"
ROOT_UID=4242
AS_ROOT_USER=(setpriv "--reuid=$ROOT_UID" "--regid=$ROOT_UID" --clear-groups)
HOST_USER=$(awk -F: '$1 != "root" && $1 !~ /^[#+-]/ { print $1; exit }' /etc/passwd)

mkdir -p "$T/root/bin" "$T/root/etc" "$T/root/proc" "$T/root/sys"
cp "$ES" "$T/root/bin/execsnoop"
printf '%s\n' "# crafted by tests/static_check.sh" "root:x:0:0:root:/:/bin/execsnoop" \
	"$ROOT_USER:x:$ROOT_UID:$ROOT_UID:static check:/:/nonexistent" >"$T/root/etc/passwd"

# in_root ARGS...: becomes the static binary, run with ARGS in $T/root as its
# root, in a new mount namespace with /proc and /sys mounted (both gone with
# the namespace). It execs: call it in a subshell or in the background.
in_root() {
	# shellcheck disable=SC2016
	exec unshare -m sh -c 'r=$1; shift
		mount -t proc proc "$r/proc" && mount --rbind /sys "$r/sys" &&
		exec chroot "$r" /bin/execsnoop "$@"' sh "$T/root" "$@"
}

# -u root -- COMMAND: the two execs of COMMAND, every byte of them, and its
# status. COMMAND writes down its pid and its parent's (the tool's).
test_static_command() {
	local rc p pp cmd="echo \$\$ \$PPID >$T/pid; exec /bin/true static-marker"
	timeout -s KILL 30 "$ES" -u root -- /bin/sh -c "$cmd" >"$OUT" 2>"$ERR"
	rc=$?
	expect_eq "exit status" $rc 0
	read -r p pp <"$T/pid" || fail "COMMAND did not run"
	expect_eq "output" "$(cat "$OUT")" "$HEADER
$(line sh "$p" "$pp" 0 "/bin/sh -c $cmd")
$(line true "$p" "$pp" 0 '/bin/true static-marker')"
	grep -qxE 'execsnoop: 2 events, 2 printed, 0 lost, .*' "$ERR" && [ "$(wc -l <"$ERR")" -eq 1 ] ||
		fail "stderr: $(head -c 300 "$ERR")"
}

# The empty root: -u NAME from its /etc/passwd; only that user's execs.
test_static_chroot_uid() {
	local ES=in_root pid me=$BASHPID	# start_snoop runs "$ES" in the background
	start_snoop -U -u "$ROOT_USER" || { fail "start: $(head -c 300 "$ERR")"; return; }
	/bin/echo static-root-marker >/dev/null
	"${AS_ROOT_USER[@]}" /bin/echo static-chroot-marker >/dev/null &
	pid=$!
	wait $pid
	sync_with "${AS_ROOT_USER[@]}" /bin/true || fail "sync"
	stop_snoop
	expect_eq "exit status" "$SNOOP_RC" 0
	expect_eq "first line" "$(head -1 "$OUT")" "$HEADER_U"
	# run_tests runs in a pipeline: the parent is its subshell, not $$
	expect_line "$(printf '%-6s ' $ROOT_UID)$(line echo $pid $me 0 \
		'/bin/echo static-chroot-marker')"
	expect_no_match static-root-marker
	[ "$(sed 1d "$OUT" | grep -vc "^$ROOT_UID ")" -eq 0 ] ||
		fail "lines of other users: $(sed 1d "$OUT" | grep -v "^$ROOT_UID " | head -3)"
	grep -qE '^execsnoop: 2 events, 2 printed, 0 lost, ' "$ERR" ||
		fail "stderr: $(head -c 300 "$ERR")"
}

# The empty root: -u errors say what the dynamic build says; a user of this
# system is unknown there.
test_static_chroot_uid_errors() {
	local arg rc
	for arg in "$HOST_USER" no_such_user_static "" 4294967295 $'\e[2J'; do
		(in_root -u "$arg") >"$OUT" 2>"$ERR"
		rc=$?
		expect_eq "-u '$arg': exit status" $rc 2
		[ -s "$OUT" ] && fail "-u '$arg': wrote on stdout: $(head -c 200 "$OUT")"
		case $arg in
		4294967295)	want="execsnoop: invalid --uid '$arg': out of range (0 to 4294967294)" ;;
		$'\e[2J')	want="execsnoop: invalid --uid '\\x1b[2J': no such user or uid" ;;
		*)		want="execsnoop: invalid --uid '$arg': no such user or uid" ;;
		esac
		expect_eq "-u '$arg': stderr" "$(cat "$ERR")" "$want
$HINT"
	done
}

run_tests | tee "$T/results"
! grep -q '^FAIL: ' "$T/results"
