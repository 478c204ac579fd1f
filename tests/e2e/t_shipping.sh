#!/bin/bash
# doc/shipping.md's tested paths, end to end on loopback:
#   journald -> systemd-journal-upload -> systemd-journal-remote (HTTP);
#   a JSON Lines file -> rsyslog imfile -> omfwd (TCP, RFC 5424) -> imtcp
#   -> a file; and the omkafka config checked by rsyslogd -N1.
# Runs in a private mount namespace with a journald of its own.
if [ -z "${E2E_JOURNAL_NS:-}" ]; then
	E2E_JOURNAL_NS=1 exec unshare -m --propagation private bash "$0" "$@"
fi
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/journald.sh"

# free_port: a TCP port on 127.0.0.1 nobody listens on.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

test_journal_remote() {
	local remote=/lib/systemd/systemd-journal-remote upload=/lib/systemd/systemd-journal-upload
	local port rp up pid i got n=20
	[ -x "$remote" ] && [ -x "$upload" ] ||
		{ fail "systemd-journal-remote is not installed (scripts/deps.sh test)"; return; }
	start_journald || { skip "systemd-journald cannot run here: $JOURNALD_WHY"; return; }
	"$ES" --journal -j -e -- /bin/sh -c \
		"for i in \$(seq $n); do /bin/true jrem-\$i; done" 2>"$ERR" &
	pid=$!
	wait $pid || fail "execsnoop: exit status $? ($(head -c 300 "$ERR"))"
	wait_entries $((n + 1)) _PID=$pid || { fail "not in the local journal"; return; }
	port=$(free_port)
	mkdir -p "$T/remote"
	"$remote" --listen-http=127.0.0.1:"$port" --output="$T/remote/" >"$T/remote.log" 2>&1 &
	rp=$!
	at_exit "kill $rp 2>/dev/null"
	for ((i = 0; i < 200; i++)); do
		(exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break
		sleep 0.05
	done
	"$upload" --url=http://127.0.0.1:"$port" -D /run/log/journal >"$T/upload.log" 2>&1 &
	up=$!
	at_exit "kill $up 2>/dev/null"
	for ((i = 0; i < 600; i++)); do
		got=$(journalctl -D "$T/remote" -o json --no-pager SYSLOG_IDENTIFIER=execsnoop \
			_PID=$pid 2>/dev/null | jq -r 'select(.EXECSNOOP_EVENT == "exec") |
			.EXECSNOOP_ARGS_1' | grep -c '^jrem-')
		[ "$got" -ge $n ] && break
		sleep 0.1
	done
	kill $up $rp 2>/dev/null
	wait $up $rp 2>/dev/null
	expect_eq "markers in the remote journal" "$got" $n
	expect_eq "remote entry" "$(journalctl -D "$T/remote" -o json --no-pager \
		SYSLOG_IDENTIFIER=execsnoop _PID=$pid EXECSNOOP_ARGS_1=jrem-7 |
		jq -r '[(.MESSAGE | fromjson | .args[1]), .EXECSNOOP_COMM, .PRIORITY] | join(" ")')" \
		"jrem-7 true 6"
}

# rsyslogd in the foreground with a config of the test's own.
RSYSLOGD=/usr/sbin/rsyslogd

test_rsyslog_file_tcp() {
	local port rs pid i n=30 got
	[ -x "$RSYSLOGD" ] || { fail "rsyslog is not installed (scripts/deps.sh test)"; return; }
	port=$(free_port)
	mkdir -p "$T/rsw"
	"$ES" -j -e -o "$T/ev.json" --rotate-size 1M -- /bin/sh -c \
		"for i in \$(seq $n); do /bin/true rsl-\$i \"a b\"; done" 2>"$ERR"
	expect_eq "execsnoop: exit status" $? 0
	cat >"$T/rs.conf" <<CONF
global(workDirectory="$T/rsw" maxMessageSize="1m")
module(load="imfile")
module(load="imtcp")
template(name="line" type="string" string="%msg%\n")
ruleset(name="recv") { action(type="omfile" file="$T/got.log" template="line") }
ruleset(name="send") {
	action(type="omfwd" target="127.0.0.1" port="$port" protocol="tcp"
	       template="RSYSLOG_SyslogProtocol23Format")
}
input(type="imtcp" address="127.0.0.1" port="$port" ruleset="recv")
input(type="imfile" file="$T/ev.json" tag="execsnoop" ruleset="send")
CONF
	"$RSYSLOGD" -n -f "$T/rs.conf" -i "$T/rs.pid" >"$T/rs.log" 2>&1 &
	rs=$!
	at_exit "kill $rs 2>/dev/null"
	for ((i = 0; i < 600; i++)); do
		got=$(grep -c '"rsl-' "$T/got.log" 2>/dev/null)
		[ "${got:-0}" -ge $n ] && break
		kill -0 $rs 2>/dev/null || break
		sleep 0.1
	done
	kill $rs 2>/dev/null
	wait $rs 2>/dev/null
	expect_eq "markers through rsyslog" "$(jq -r 'select(.event == "exec") | .args[1]' "$T/got.log" |
		grep -c '^rsl-')" $n
	# the same JSON lines, unchanged (rsyslog's %msg% has no leading space)
	expect_eq "lines unchanged" "$(grep '"rsl-' "$T/got.log" | sort)" \
		"$(grep '"rsl-' "$T/ev.json" | sort)"
	why=$(json_lines_valid "$T/got.log") || fail "$why"
}

# The omkafka config of doc/shipping.md passes rsyslogd -N1 (the module
# loads, its parameters are known); a Kafka broker is not tested.
test_rsyslog_kafka_config() {
	[ -x "$RSYSLOGD" ] || { fail "rsyslog is not installed"; return; }
	[ -e /usr/lib/x86_64-linux-gnu/rsyslog/omkafka.so ] || ls /usr/lib/*/rsyslog/omkafka.so \
		>/dev/null 2>&1 || { fail "rsyslog-kafka is not installed (scripts/deps.sh test)"; return; }
	sed -n '/^# \/etc\/rsyslog.d\/execsnoop.conf$/,/^```$/p' doc/shipping.md | sed '1d;$d' |
		sed "s|/var/log/execsnoop/events.json|$T/ev.json|" >"$T/kafka.conf"
	grep -q omkafka "$T/kafka.conf" || { fail "no omkafka config in doc/shipping.md"; return; }
	printf 'global(workDirectory="%s")\n' "$T" | cat - "$T/kafka.conf" >"$T/kafka2.conf"
	"$RSYSLOGD" -N1 -f "$T/kafka2.conf" >"$T/n1.log" 2>&1 ||
		fail "rsyslogd -N1: $(grep -v '^rsyslogd: version' "$T/n1.log" | head -3 | tr '\n' ' ')"
}

run_tests
