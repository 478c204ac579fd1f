# A systemd-journald of the test's own, for test files that run in a
# private mount namespace (they re-execute themselves under unshare -m):
# its sockets on a tmpfs over /run/systemd, its volatile journal on a tmpfs
# over /run/log, its config bound over /etc/systemd/journald.conf. Source
# after lib.sh; start_journald returns 1 if journald cannot run here, and
# says why in JOURNALD_WHY.
JOURNALD=/lib/systemd/systemd-journald
JPID=
JOURNALD_WHY=

# jq-readable entries of execsnoop's runs: journalctl -o json, one a line.
entries() {
	journalctl -D /run/log/journal -o json --all --no-pager SYSLOG_IDENTIFIER=execsnoop "$@"
}

# wait_entries N FILTER...: until journalctl shows at least N entries.
wait_entries() {
	local n=$1 i
	shift
	for ((i = 0; i < 600; i++)); do
		[ "$(entries "$@" | wc -l)" -ge "$n" ] && return 0
		sleep 0.05
	done
	return 1
}

start_journald() {
	# (why_not REASON: says why, returns 1)
	why_not() { JOURNALD_WHY=$1; return 1; }
	[ -x "$JOURNALD" ] || { why_not "$JOURNALD is not installed"; return; }
	[ -s /etc/machine-id ] || { why_not "/etc/machine-id is empty"; return; }
	mount -t tmpfs tmpfs /run/systemd && mount -t tmpfs tmpfs /run/log ||
		{ why_not "cannot mount a tmpfs over /run/systemd and /run/log"; return; }
	mkdir -p /run/systemd/journal "$T/conf"
	printf '%s\n' '[Journal]' Storage=volatile RateLimitIntervalSec=0 ReadKMSG=no \
		ForwardToSyslog=no ForwardToWall=no ForwardToConsole=no Audit=no \
		RuntimeMaxUse=256M >"$T/conf/journald.conf"
	mount --bind "$T/conf/journald.conf" /etc/systemd/journald.conf ||
		{ why_not "cannot bind a journald.conf of its own"; return; }
	"$JOURNALD" >"$T/journald.log" 2>&1 &
	JPID=$!
	at_exit 'kill $JPID 2>/dev/null; wait $JPID 2>/dev/null'
	local i
	for ((i = 0; i < 200; i++)); do
		[ -S /run/systemd/journal/socket ] && journalctl -D /run/log/journal -n 1 -q \
			>/dev/null 2>&1 && return 0
		kill -0 $JPID 2>/dev/null ||
			{ why_not "it exited: $(head -c 300 "$T/journald.log")"; return; }
		sleep 0.05
	done
	why_not "its socket and journal were not there after 10 s"
}
