#!/bin/bash
# Kernel tiers on this kernel: EXECSNOOP_FEATURES_OFF makes the tool take
# the programs of a kernel without the ring buffer, bpf_loop or
# bpf_task_pt_regs, so that each tier's programs really load and trace here.
# Then --probe (the capability report) and --btf (BTF from a file).
source "$(dirname "$0")/lib.sh"

ME=$(comm_of $$)

# What this kernel has, whatever EXECSNOOP_FEATURES_OFF says: the tool's own
# probe (test_probe_report checks it on a kernel with everything).
KERNEL_HAS=$(env -u EXECSNOOP_FEATURES_OFF "$ES" --probe -j 2>/dev/null |
	jq -r '.probe[] | select(.ok == true) | .name')
has() { grep -qxF -- "$1" <<<"$KERNEL_HAS"; }

# usable FEATURE OFF: the kernel has FEATURE and the list OFF leaves it on.
usable() {
	has "$1" && [[ ,$2, != *,$1,* ]] && [[ ,$2, != *,all,* ]]
}

# programs_for OFF: the programs -x -e load with EXECSNOOP_FEATURES_OFF=OFF,
# then "; transport: ring|perf", as -v names them.
programs_for() {
	local exec=exec_noloop fail=fail_raw_noloop tr=perf
	if usable bpf_loop "$1"; then
		exec=exec
		fail=fail_raw
		usable task_pt_regs "$1" && has "syscall tracepoints" &&
			fail="fail_execve fail_execveat"
	fi
	usable ringbuf "$1" && tr=ring
	echo "$exec $fail proc_exit; transport: $tr"
}

# all_features: skip the current test unless the kernel has every feature.
all_features() {
	local f
	for f in ringbuf bpf_loop task_pt_regs "syscall tracepoints"; do
		has "$f" || { skip "this kernel lacks $f"; return 1; }
	done
}

# jq_one FILTER: the events of OUT that FILTER selects, compact, one a line.
jq_one() {
	jq -c "$1" "$OUT"
}

# tier OFF: with EXECSNOOP_FEATURES_OFF=OFF the tool loads the programs of
# that tier on this kernel and reports successful and failed execs with
# their paths exactly as the full tier does.
tier() {
	local off=$1 tag=tier-${1//,/-}-$RANDOM p1 p2 got
	mkdir -p "$T/cwd-$tag"
	EXECSNOOP_FEATURES_OFF=$off start_snoop_quiet -v -j -x -e || { fail "start"; return; }
	(cd "$T/cwd-$tag" && exec /bin/echo "$tag" "a b") >/dev/null &
	p1=$!
	wait $p1
	(cd "$T/cwd-$tag" && exec /nonexistent/tiers "$tag") 2>/dev/null &
	p2=$!
	wait $p2
	wait_for "\"/nonexistent/tiers\"" || fail "failed exec never shown"
	wait_match "\"event\":\"exit\".*\"pid\":$p1," || fail "exit of $p1 never shown"
	stop_snoop
	expect_eq "exit status" "$SNOOP_RC" 0
	expect_eq "programs" "$(grep -o 'programs loaded: .*' "$ERR")" \
		"programs loaded: $(programs_for "$off")"
	got=$(jq_one "select(.event == \"exec\" and .pid == $p1) |
		[.filename, .args, .cwd, .exe, .retval, .args_truncated]")
	expect_eq "exec" "$got" \
		"[\"/bin/echo\",[\"/bin/echo\",\"$tag\",\"a b\"],\"$T/cwd-$tag\",\"/usr/bin/echo\",0,false]"
	got=$(jq_one "select(.event == \"exec\" and .pid == $p2) |
		[.filename, .args, .cwd, .exe, .retval, .args_truncated, .comm]")
	expect_eq "failed exec" "$got" \
		"[\"/nonexistent/tiers\",[\"/nonexistent/tiers\",\"$tag\"],\"$T/cwd-$tag\",null,-2,false,\"$ME\"]"
	expect_eq "exit" "$(jq_one "select(.event == \"exit\" and .pid == $p1) | .exit_code")" 0
}
test_tier_full() { tier ""; }
test_tier_no_ringbuf() { tier ringbuf; }
test_tier_no_bpf_loop() { tier bpf_loop; }
test_tier_no_task_pt_regs() { tier task_pt_regs; }
test_tier_oldest() { tier all; }
# on a kernel with every feature, the tiers are the ones documented
test_tier_programs_documented() {
	all_features || return
	expect_eq "full" "$(programs_for "")" "exec fail_execve fail_execveat proc_exit; transport: ring"
	expect_eq "oldest" "$(programs_for all)" "exec_noloop fail_raw_noloop proc_exit; transport: perf"
}

# many_args OFF N WALKED: a failed exec with N arguments; the tier walks at
# most WALKED of them, and says so when there were more.
many_args() {
	local off=$1 n=$2 walked=$3 p got
	EXECSNOOP_FEATURES_OFF=$off start_snoop -x || { fail "start"; return; }
	# shellcheck disable=SC2046
	(exec /nonexistent/many $(seq 2 "$n")) 2>/dev/null &
	p=$!
	wait $p
	wait_match "^$ME +$p " || { fail "failed exec never shown"; return; }
	stop_snoop
	got=$(grep -E "^$ME +$p " "$OUT" | grep -oE '\[truncated: [^]]*\]$')
	if [ "$n" -gt "$walked" ]; then
		expect_eq "mark" "$got" "[truncated: more than $walked args]"
	else
		expect_eq "mark" "$got" ""
	fi
}
test_failed_args_noloop_cut() { many_args bpf_loop 600 512; }
test_failed_args_noloop_all() { many_args bpf_loop 512 512; }
test_failed_args_loop_all() { has bpf_loop || { skip "no bpf_loop"; return; }; many_args "" 4096 4096; }
test_failed_args_loop_cut() { has bpf_loop || { skip "no bpf_loop"; return; }; many_args "" 5000 4096; }

# The path walk without bpf_loop stops at the same 128 components.
test_cwd_too_deep_noloop() {
	local d=$T/deep i p want=...
	d=$T/deep
	for i in $(seq 130); do
		d=$d/d$i
	done
	mkdir -p "$d"
	for i in $(seq 3 130); do
		want=$want/d$i
	done
	EXECSNOOP_FEATURES_OFF=bpf_loop start_snoop_quiet -j || { fail "start"; return; }
	(cd "$d" && exec /bin/echo cwd-deep-noloop) >/dev/null &
	p=$!
	wait $p
	wait_for cwd-deep-noloop || { fail "exec never shown"; return; }
	stop_snoop
	expect_eq "cwd" "$(jq_one "select(.pid == $p) | .cwd")" "\"$want\""
}

test_ring_refused_when_off() {
	local rc=0
	has ringbuf || { skip "no ring buffer in this kernel"; return; }
	EXECSNOOP_FEATURES_OFF=ringbuf "$ES" --transport ring -- true >"$OUT" 2>"$ERR" || rc=$?
	expect_eq "status" "$rc" 2
	expect_eq "message" "$(head -1 "$ERR")" \
		"execsnoop: invalid --transport 'ring': the BPF ring buffer (Linux 5.8) is turned off by EXECSNOOP_FEATURES_OFF"
}

test_features_off_unknown() {
	local rc=0
	EXECSNOOP_FEATURES_OFF=ringbuf,loop "$ES" -- true >"$OUT" 2>"$ERR" || rc=$?
	expect_eq "status" "$rc" 2
	expect_eq "message" "$(cat "$ERR")" \
		"execsnoop: EXECSNOOP_FEATURES_OFF: unknown feature 'loop' (known: ringbuf, bpf_loop, task_pt_regs, all)"
}

# probe_field NAME: the "yes"/"no" and detail of --probe's line NAME.
probe_row() {
	grep -E "^$1 {2,}" "$OUT" | sed -E "s/^$1 +//"
}

test_probe_report() {
	local rc=0
	all_features || return
	env -u EXECSNOOP_FEATURES_OFF "$ES" --probe >"$OUT" 2>"$ERR" || rc=$?
	expect_eq "status" "$rc" 0
	expect_eq "core" "$(probe_row core)" \
		"yes execs with full argv, every filter, text and JSON (program exec)"
	expect_eq "bpf_loop" "$(probe_row bpf_loop)" "yes (5.17)"
	expect_eq "ringbuf" "$(probe_row ringbuf)" "yes (5.8)"
	expect_eq "-x" "$(probe_row -x)" "yes failed execs, on the syscall tracepoints"
	expect_eq "paths" "$(probe_row '-j --cwd --exe --context')" "yes paths walked with bpf_loop"
	expect_eq "kernel" "$(probe_row kernel)" \
		"Linux $(uname -r) (features below are probed, not inferred)"
	expect_eq "last line" "$(tail -1 "$OUT")" "execsnoop works on this kernel (the core loads)."
	expect_eq "stderr" "$(cat "$ERR")" ""
}

test_probe_report_oldest() {
	local rc=0
	EXECSNOOP_FEATURES_OFF=all "$ES" --probe >"$OUT" 2>"$ERR" || rc=$?
	expect_eq "status" "$rc" 0
	expect_eq "core" "$(probe_row core)" \
		"yes execs with full argv, every filter, text and JSON (program exec_noloop)"
	# what the kernel lacks is said so; what it has is "turned off"
	if has bpf_loop; then
		expect_eq "bpf_loop" "$(probe_row bpf_loop)" \
			"no  turned off by EXECSNOOP_FEATURES_OFF (5.17): bounded loops are used instead (failed execs: 512 args)"
	else
		expect_eq "bpf_loop" "$(probe_row bpf_loop)" \
			"no  not in this kernel (5.17): bounded loops are used instead (failed execs: 512 args)"
	fi
	expect_eq "-x" "$(probe_row -x)" \
		"yes failed execs, on raw sys_exit (a program on every system call); at most 512 args each"
	if has ringbuf; then
		expect_eq "ring" "$(probe_row '--transport ring')" "no  the BPF ring buffer is turned off"
	else
		expect_eq "ring" "$(probe_row '--transport ring')" \
			"no  the BPF ring buffer is not in this kernel (5.8)"
	fi
	expect_eq "paths" "$(probe_row '-j --cwd --exe --context')" \
		"yes paths walked with bounded loops"
}

test_probe_json() {
	local rc=0
	EXECSNOOP_FEATURES_OFF=ringbuf "$ES" --probe -j >"$OUT" 2>"$ERR" || rc=$?
	expect_eq "status" "$rc" 0
	expect_eq "lines" "$(wc -l <"$OUT")" 1
	expect_eq "core_works" "$(jq -c .core_works "$OUT")" true
	expect_eq "ringbuf" "$(jq -c '.probe[] | select(.name == "ringbuf") | .ok' "$OUT")" false
	expect_eq "core" "$(jq -c '.probe[] | select(.name == "core") | .ok' "$OUT")" true
	expect_eq "names" "$(jq -r '[.probe[].name] | join(",")' "$OUT")" \
		"kernel,btf,privileges,bpf memory accounting,raw tracepoints,ringbuf,bpf_loop,task_pt_regs,syscall tracepoints,cgroup v2,core,-x,-j --cwd --exe --context,-e -p COMMAND,--transport perf,--transport ring,-c,--cgroupmap --mntnsmap"
}

test_probe_unprivileged() {
	local rc=0
	setpriv --reuid 65534 --regid 65534 --clear-groups --inh-caps=-all \
		"$ES" --probe >"$OUT" 2>"$ERR" || rc=$?
	expect_eq "status" "$rc" 1
	expect_eq "features" "$(probe_row features)" \
		"no  cannot be probed without privileges (CAP_BPF, or root)"
	expect_eq "core" "$(probe_row core)" \
		"no  permission denied (CAP_BPF and CAP_PERFMON, or root, are needed)"
	expect_eq "last line" "$(tail -1 "$OUT")" \
		"execsnoop cannot trace on this kernel: see \"core\" above."
}

# --btf FILE: the kernel's types from a file (here a copy of its own BTF).
test_btf_file() {
	cp /sys/kernel/btf/vmlinux "$T/vmlinux.btf"
	start_snoop -v --btf "$T/vmlinux.btf" || { fail "start"; return; }
	sync_snoop || fail "sentinel"
	stop_snoop
	expect_eq "exit status" "$SNOOP_RC" 0
	expect_eq "BTF used" "$(grep -c "CO-RE types from $T/vmlinux.btf" "$ERR")" 1
}

test_btf_bad_file() {
	local rc=0
	"$ES" --btf /etc/hostname -- true >"$OUT" 2>"$ERR" || rc=$?
	expect_eq "status" "$rc" 2
	expect_eq "message" "$(head -1 "$ERR")" \
		"execsnoop: invalid --btf '/etc/hostname': not a BTF file (BPF object format invalid)"
	rc=0
	"$ES" --btf "$T/none" -- true >"$OUT" 2>"$ERR" || rc=$?
	expect_eq "status (missing)" "$rc" 2
	expect_eq "message (missing)" "$(head -1 "$ERR")" \
		"execsnoop: invalid --btf '$T/none': No such file or directory"
}

run_tests
