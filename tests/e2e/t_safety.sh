#!/bin/bash
# Traced programs choose their arguments and names: control characters,
# escape sequences, invalid UTF-8 and bidi controls must come out escaped
# (as src/escape.h specifies), never raw, so no line can be forged and no
# terminal driven.
source "$(dirname "$0")/lib.sh"

ME=$(comm_of $$)

expect_clean_output() {
	no_control_bytes "$OUT" ||
		fail "raw control byte or invalid UTF-8 in the output: $(LC_ALL=C grep -naP '[\x00-\x09\x0b-\x1f\x7f-\xff]' "$OUT" | head -2 | od -c | head -5)"
}

test_control_chars_in_args() {
	local pid
	start_snoop || { fail "start"; return; }
	/bin/true $'a\nb' $'t\tt' $'\e[31mred\e[0m' $'\xff\xfe' $'\xc2\x9b' \
		$'\xe2\x80\xae' 'back\slash' $'cr\r' $'del\x7f' $'soh\x01' \
		$'\xc3\xa9' $'\xe2\x80\xa8' $'\xed\xa0\x80' $'\xe2\x81\xa6' &
	pid=$!
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(line true $pid $$ 0 '/bin/true a\nb t\tt \x1b[31mred\x1b[0m \xff\xfe \u009b \u202e back\\slash cr\r del\x7f soh\x01 '$'\xc3\xa9'' \u2028 \xed\xa0\x80 \u2066')"
	expect_clean_output
}

# An argument with a newline cannot start a line of its own.
test_no_forged_line() {
	local pid
	start_snoop || { fail "start"; return; }
	/bin/true $'x\nforged 1 1 0 /bin/rm -rf /' &
	pid=$!
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(line true $pid $$ 0 '/bin/true x\nforged 1 1 0 /bin/rm -rf /')"
	expect_no_match '^forged'
	expect_clean_output
}

test_control_chars_quoted() {
	local pid
	start_snoop -q || { fail "start"; return; }
	/bin/true $'say "\e[2J"\n' &
	pid=$!
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(line true $pid $$ 0 '"/bin/true" "say \"\x1b[2J\"\n"')"
	expect_clean_output
}

# COMM comes from the file name: a program named with control characters
# shows an escaped COMM and filename.
test_evil_program_name() {
	local pid
	ln -s /bin/true "$T/"$'ev\x1bil\n'
	start_snoop || { fail "start"; return; }
	"$T/"$'ev\x1bil\n' arg &
	pid=$!
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(line 'ev\x1bil\n' $pid $$ 0 "$T/"'ev\x1bil\n arg')"
	expect_clean_output
}

# COMM is the first 15 bytes of the name, cut where they fall: escapes widen
# the column; a UTF-8 character cut in two shows as a \x byte.
test_evil_long_names() {
	local p1 p2
	ln -s /bin/true "$T/"$'\e[2J\e[H0123456789'
	ln -s /bin/true "$T/abcdefghijklmn"$'\xc3\xa9'
	start_snoop || { fail "start"; return; }
	"$T/"$'\e[2J\e[H0123456789' &
	p1=$!
	wait $p1
	"$T/abcdefghijklmn"$'\xc3\xa9' &
	p2=$!
	wait $p2
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(line '\x1b[2J\x1b[H01234567' $p1 $$ 0 "$T/"'\x1b[2J\x1b[H0123456789')"
	expect_line "$(line 'abcdefghijklmn\xc3' $p2 $$ 0 "$T/abcdefghijklmn"$'\xc3\xa9')"
	expect_clean_output
}

# The parent's name (-M) is escaped too.
test_evil_parent_name() {
	local pid child
	ln -s /bin/bash "$T/"$'p\e]0;x\a'
	start_snoop -M || { fail "start"; return; }
	"$T/"$'p\e]0;x\a' -c '/bin/true pcomm-child; true' >/dev/null &
	pid=$!
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(printf '%-16s %-7s %-16s %-7s %3s %s' 'p\x1b]0;x\x07' $pid "$ME" $$ 0 "$T/"'p\x1b]0;x\x07 -c /bin/true pcomm-child; true')"
	child=$(awk '$NF == "pcomm-child" && $1 == "true" { print $2 }' "$OUT")
	[ -n "$child" ] || { fail "no line for the child"; return; }
	expect_line "$(printf '%-16s %-7s %-16s %-7s %3s %s' true "$child" 'p\x1b]0;x\x07' $pid 0 '/bin/true pcomm-child')"
	expect_clean_output
}

# A failed exec's filename and arguments are escaped as well.
test_evil_failed_exec() {
	local pid
	start_snoop -x || { fail "start"; return; }
	(exec $'/nonexistent/\e[1mbold' $'\e]2;title\a') 2>/dev/null &
	pid=$!
	wait $pid
	sync_snoop || fail "sync"
	stop_snoop
	expect_line "$(line "$ME" $pid $$ -2 '/nonexistent/\x1b[1mbold \x1b]2;title\x07')"
	expect_clean_output
}


# After attaching, the tool keeps only CAP_BPF (bit 39; for the maps' bpf(2)
# calls) and, with -j or --context, CAP_DAC_READ_SEARCH (bit 2; cgroup paths
# by handle), and can gain nothing back (no_new_privs).
caps_of() {
	local want=$1
	shift
	start_snoop_quiet "$@" || { fail "start $*"; return; }
	expect_eq "CapEff ($*)" "$(awk '$1 == "CapEff:" { print $2 }' /proc/"$SNOOP_PID"/status)" "$want"
	expect_eq "CapPrm ($*)" "$(awk '$1 == "CapPrm:" { print $2 }' /proc/"$SNOOP_PID"/status)" "$want"
	expect_eq "NoNewPrivs ($*)" "$(awk '$1 == "NoNewPrivs:" { print $2 }' /proc/"$SNOOP_PID"/status)" 1
	stop_snoop
	expect_eq "exit status ($*)" "$SNOOP_RC" 0
}
test_capabilities_dropped() {
	caps_of 0000008000000000
	caps_of 0000008000000004 -j
	caps_of 0000008000000004 --context -x -e
}

run_tests
