#!/bin/bash
# --journal: each event one entry of a real systemd-journald, read back with
# journalctl -o json. The file runs itself in a private mount namespace with
# a journald of its own (its sockets and its volatile journal on tmpfs), so
# it needs no systemd and leaves the machine's journal alone.
if [ -z "${E2E_JOURNAL_NS:-}" ]; then
	E2E_JOURNAL_NS=1 exec unshare -m --propagation private bash "$0" "$@"
fi
source "$(dirname "$0")/lib.sh"

source "$(dirname "$0")/journald.sh"

# run_es ARGS...: the tool in the foreground; its pid (the entries' _PID)
# in RUN_PID, its status in RUN_RC.
RUN_PID=
RUN_RC=
run_es() {
	"$ES" "$@" 2>"$ERR" &
	RUN_PID=$!
	wait $RUN_PID
	RUN_RC=$?
}

if ! start_journald; then
	echo "SKIP: journal: systemd-journald cannot run here: $JOURNALD_WHY"
	exit 0
fi

# One entry per event: MESSAGE the text line, PRIORITY by type, fields the
# JSON's; a failed exec and an exit too; the summary last.
test_journal_entries() {
	local rc pid sh ent
	run_es --journal -x -e -- /bin/sh -c '/bin/true jr-one "a b"; /nonexistent/jr-two; exit 3'
	pid=$RUN_PID
	expect_eq "exit status" $RUN_RC 3
	grep -v 'not found' "$ERR" | grep -q . && fail "stderr: $(head -c 300 "$ERR")"
	wait_entries 5 _PID=$pid || { fail "entries: $(entries _PID=$pid | head -c 500)"; return; }
	entries _PID=$pid >"$T/j.json"
	ent=$(jq -c 'select(.EXECSNOOP_ARGS_1 == "jr-one")' "$T/j.json")
	sh=$(jq -r '.EXECSNOOP_PPID' <<<"$ent")
	expect_eq "exec MESSAGE" "$(jq -r .MESSAGE <<<"$ent")" \
		"$(line true "$(jq -r .EXECSNOOP_PID <<<"$ent")" "$sh" 0 '/bin/true jr-one a b')"
	expect_eq "exec fields" "$(jq -c '[.PRIORITY, .MESSAGE_ID, .EXECSNOOP_EVENT, .EXECSNOOP_COMM,
		.EXECSNOOP_ARGS_0, .EXECSNOOP_ARGS_1, .EXECSNOOP_ARGS_2, .EXECSNOOP_RETVAL,
		.EXECSNOOP_FILENAME, .SYSLOG_IDENTIFIER]' <<<"$ent")" \
		'["6","585a1fc41f044404b041b176584120da","exec","true","/bin/true","jr-one","a b","0","/bin/true","execsnoop"]'
	# the process keys and the host are fields too (without -j): the boot id
	# and host name journald gives the entry, the parent's key its exit's
	expect_eq "boot id" "$(jq -r .EXECSNOOP_BOOT_ID <<<"$ent")" "$(jq -r ._BOOT_ID <<<"$ent")"
	expect_eq "host name" "$(jq -r .EXECSNOOP_HOSTNAME <<<"$ent")" "$(jq -r ._HOSTNAME <<<"$ent")"
	[[ $(jq -r .EXECSNOOP_KEY <<<"$ent") =~ ^$(jq -r ._BOOT_ID <<<"$ent"):$(jq -r .EXECSNOOP_PID \
		<<<"$ent"):[0-9]+:[0-9]+$ ]] || fail "key: $(jq -r .EXECSNOOP_KEY <<<"$ent")"
	expect_eq "parent key: the key of sh's exit" "$(jq -r .EXECSNOOP_PARENT_KEY <<<"$ent")" \
		"$(jq -r "select(.EXECSNOOP_EVENT == \"exit\" and .EXECSNOOP_PID == \"$sh\") |
			.EXECSNOOP_KEY" "$T/j.json")"
	ent=$(jq -c 'select(.EXECSNOOP_FILENAME == "/nonexistent/jr-two")' "$T/j.json")
	expect_eq "failed exec" "$(jq -c '[.PRIORITY, .EXECSNOOP_RETVAL]' <<<"$ent")" '["5","-2"]'
	ent=$(jq -c "select(.EXECSNOOP_EVENT == \"exit\" and .EXECSNOOP_PID == \"$sh\")" "$T/j.json")
	expect_eq "exit" "$(jq -c '[.PRIORITY, .MESSAGE_ID, .EXECSNOOP_EXIT_CODE, .EXECSNOOP_SIGNAL]' \
		<<<"$ent")" '["7","71f55edb19b642e5b12f05eed7bbdff5","3",null]'
	[[ $(jq -r .MESSAGE <<<"$ent") == "sh "*" EXIT code 3, ran "*" ms" ]] ||
		fail "exit MESSAGE: $(jq -r .MESSAGE <<<"$ent")"
	ent=$(tail -1 "$T/j.json")
	expect_eq "summary" "$(jq -c '[.PRIORITY, .MESSAGE_ID, .EXECSNOOP_EVENT, .EXECSNOOP_LOST]' \
		<<<"$ent")" '["6","ec32bbebd82e4396998fc0edda2e80ad","summary","0"]'
	[[ $(jq -r .MESSAGE <<<"$ent") == "execsnoop: "*" events, "*" printed, 0 lost, "* ]] ||
		fail "summary MESSAGE: $(jq -r .MESSAGE <<<"$ent")"
}

# With -j, MESSAGE is the JSON line; every member of it is a field of the
# entry, with the same value (null members left out), and no other
# EXECSNOOP_ field: the mapping is the documented one, for every field.
test_journal_fields_are_json() {
	local pid bad
	run_es --journal -j -e --cwd -- /bin/sh -c '/bin/echo jf-1 >/dev/null'
	pid=$RUN_PID
	expect_eq "exit status" $RUN_RC 0
	wait_entries 4 _PID=$pid || { fail "entries: $(entries _PID=$pid | head -c 300)"; return; }
	entries _PID=$pid >"$T/jf.json"
	# the fields the JSON in MESSAGE says there must be: null members left
	# out, element I of an array as NAME_I, the rest as the JSON's text
	bad=$(python3 - "$T/jf.json" 2>&1 <<'PY'
import json, sys
def text(v):
    return "true" if v is True else "false" if v is False else v
for line in open(sys.argv[1]):
    ent = json.loads(line)
    msg = json.loads(ent["MESSAGE"], parse_int=str, parse_float=str)
    want = {}
    for k, v in msg.items():
        name = "EXECSNOOP_" + k.upper()
        if isinstance(v, list):
            for i, e in enumerate(v):
                want["%s_%d" % (name, i)] = text(e)
        elif v is not None:
            want[name] = text(v)
    got = {k: v for k, v in ent.items() if k.startswith("EXECSNOOP_")}
    if want != got:
        print(sorted(set(want.items()) ^ set(got.items()))[:6])
        sys.exit(1)
PY
)
	bad=${bad:0:800}
	[ -z "$bad" ] || fail "fields differ from the JSON: $bad"
	expect_eq "entries" "$(jq -r '.MESSAGE | fromjson | .event' "$T/jf.json" | sort | uniq -c |
		awk '{ printf "%s:%s ", $2, $1 }')" "exec:2 exit:2 summary:1 "
}

# Bytes a JSON string escapes are the raw bytes in the field: a newline
# (journald's binary form), an invalid UTF-8 byte; MESSAGE stays escaped.
test_journal_raw_bytes() {
	local pid ent
	run_es --journal -- /bin/true $'jb-x\ny' $'jb-\xff'
	pid=$RUN_PID
	expect_eq "exit status" $RUN_RC 0
	wait_entries 2 _PID=$pid || { fail "entries"; return; }
	ent=$(entries _PID=$pid | jq -c 'select(.EXECSNOOP_EVENT == "exec")')
	expect_eq "newline argument" "$(jq -c '.EXECSNOOP_ARGS_1' <<<"$ent")" '"jb-x\ny"'
	expect_eq "invalid UTF-8" "$(jq -c '.EXECSNOOP_ARGS_2' <<<"$ent")" '[106,98,45,255]'
	[[ $(jq -r .MESSAGE <<<"$ent") == *' /bin/true jb-x\ny jb-\xff' ]] ||
		fail "MESSAGE: $(jq -r .MESSAGE <<<"$ent")"
}

# An entry larger than a datagram (three arguments of 130000 bytes) goes
# through a memfd, whole.
test_journal_large_entry() {
	local pid big got
	big=$(head -c 130000 /dev/zero | tr '\0' L)
	run_es --journal --args-size 1048576 -- /bin/true jl-big "$big" "$big" "$big"
	pid=$RUN_PID
	expect_eq "exit status" $RUN_RC 0
	wait_entries 2 _PID=$pid || { fail "entries: $(entries _PID=$pid | head -c 300)"; return; }
	got=$(entries _PID=$pid | jq -r 'select(.EXECSNOOP_EVENT == "exec") |
		[.EXECSNOOP_ARGS_2, .EXECSNOOP_ARGS_3, .EXECSNOOP_ARGS_4] | map(length) | join(" ")')
	expect_eq "argument lengths" "$got" "130000 130000 130000"
	got=$(entries _PID=$pid | jq -r 'select(.EXECSNOOP_EVENT == "exec") | .EXECSNOOP_ARGS_3')
	[ "$got" = "$big" ] || fail "argument differs"
}

# An exec storm: every exec an entry, none lost on the way.
test_journal_storm() {
	local n pid got
	n=$(quick 1000 300)
	build_tiny || { fail "cannot build the static test program"; return; }
	run_es --journal --buffer-size 16384 -- "$HELPERS/exec_storm" "$n" "$T/tiny" js
	pid=$RUN_PID
	expect_eq "exit status" $RUN_RC 0
	wait_entries $((n + 2)) _PID=$pid || true
	got=$(entries _PID=$pid EXECSNOOP_FILENAME="$T/tiny" | jq -r '.EXECSNOOP_ARGS_1' |
		grep -E '^js-[0-9]+$' | sort -u | wc -l)
	expect_eq "distinct markers in the journal" "$got" "$n"
	expect_eq "summary" "$(entries _PID=$pid EXECSNOOP_EVENT=summary |
		jq -r '[.EXECSNOOP_LOST, .EXECSNOOP_UNWRITTEN] | join(" ")')" "0 0"
}

# No journald: a clear error, status 1, before anything runs.
test_journal_absent() {
	local rc
	unshare -m --propagation private sh -c 'mount -t tmpfs tmpfs /run/systemd &&
		exec "$0" --journal -- /bin/true ja-1' "$ES" >"$OUT" 2>"$ERR"
	rc=$?
	expect_eq "exit status" $rc 1
	expect_eq "stderr" "$(cat "$ERR")" \
		"execsnoop: cannot send to journald (/run/systemd/journal/socket): No such file or directory"
}

# The shipped unit's command line, as its user and with its capabilities:
# no root (uid 65534, as DynamicUser= gives some unprivileged uid), the
# ambient and bounding sets of dist/execsnoop.service, no_new_privs. Its
# events reach the journal: the capabilities in the unit are enough.
test_unit_capabilities() {
	local unit=dist/execsnoop.service args caps amb pid
	command -v setpriv >/dev/null || { fail "setpriv is not installed"; return; }
	read -ra args <<<"$(sed -n 's/^ExecStart=@SBINDIR@\/execsnoop //p' "$unit")"
	caps=$(sed -n 's/^CapabilityBoundingSet=//p' "$unit" | tr 'A-Z' 'a-z' |
		sed 's/cap_/+/g; s/ /,/g')
	amb=$(sed -n 's/^AmbientCapabilities=//p' "$unit" | tr 'A-Z' 'a-z' | sed 's/cap_/+/g; s/ /,/g')
	[ ${#args[@]} -gt 0 ] && [ -n "$caps" ] && [ -n "$amb" ] ||
		{ fail "cannot read $unit"; return; }
	grep -qx 'NoNewPrivileges=yes' "$unit" || fail "no NoNewPrivileges=yes in $unit"
	cp "$ES" "$T/es-unit" && chmod 755 "$T" "$T/es-unit"
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps="$amb" \
		--ambient-caps="$amb" --bounding-set=-all,"$caps" --no-new-privs \
		"$T/es-unit" "${args[@]}" -- /bin/true unit-caps 2>"$ERR" &
	pid=$!
	wait $pid || { fail "exit status $? as the unit runs it: $(head -c 300 "$ERR")"; return; }
	wait_entries 2 _PID=$pid || { fail "no entries: $(head -c 300 "$ERR")"; return; }
	expect_eq "exec entry" "$(entries _PID=$pid EXECSNOOP_ARGS_1=unit-caps |
		jq -r '[._UID, .EXECSNOOP_EVENT, (.MESSAGE | fromjson | .args[1])] | join(" ")')" \
		"65534 exec unit-caps"
	expect_eq "summary: lost" "$(entries _PID=$pid EXECSNOOP_EVENT=summary | jq -r .EXECSNOOP_LOST)" 0
}

test_journal_usage() {
	expect_usage_error --journal -o "$T/x"
	expect_eq "message" "$(head -1 "$ERR")" "execsnoop: --journal cannot be combined with --output"
}

run_tests
