#!/bin/bash
# make test-kernels: the end-to-end tests (tests/e2e/run.sh) on other kernels,
# each booted in QEMU by vm.sh, twice: with every feature the kernel has, and
# with the lower tiers forced (EXECSNOOP_FEATURES_OFF=all). E2E_QUICK=1 scales
# down the tests that are too heavy for an emulated CPU (see tests/e2e/lib.sh).
# Ends with "N passed, N failed"; exits non-zero on any failure, a VM that
# hangs or dies included.
#
# Usage: tests/kernels/run.sh [KVER...]   (default: every kernel in kernels.sh)
#   KERNELS_PASSES  which passes, default "default all": "default" runs with
#                   every feature, anything else is an EXECSNOOP_FEATURES_OFF
#                   value (e.g. "ringbuf,bpf_loop")
#   KERNELS_TESTS   which test files (default: tests/e2e/t_*.sh but
#                   t_shipping.sh: journald and rsyslog shipping to each
#                   other, nothing of the kernel; the guest runs neither)
#   KERNELS_FILE_TIMEOUT  seconds one test file may take (default 600; the
#                   slowest took 200 on a busy machine); a kernel that stops
#                   answering is caught after that much silence plus 120 s
#   and vm.sh's KERNELS_* settings; ONLY=NAME runs only the tests matching it.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$HERE/../.." || exit
# shellcheck source=tests/kernels/kernels.sh
. "$HERE/kernels.sh"

# run_pass KVER PASS: the e2e suite in one VM; its PASS/FAIL/SKIP lines are
# labelled "KVER[/off=PASS]: " so the totals say where each came from.
run_pass() {
	local kver=$1 pass=$2 label=$1 start rc out
	local -a env=(E2E_QUICK=1)
	if [ "$pass" != default ]; then
		label="$kver/off=$pass"
		env+=("EXECSNOOP_FEATURES_OFF=$pass")
	fi
	echo "== $label: the end-to-end tests in QEMU"
	start=$(date +%s)
	out=$(mktemp)
	env "${env[@]}" "$HERE/vm.sh" "$kver" -- tests/kernels/suite.sh "$limit" "${files[@]}" 2>&1 |
		sed -u -E "s#^(PASS|FAIL|SKIP): #\1: $label: #" | tee "$out"
	rc=${PIPESTATUS[0]}
	case $rc in
	0)	;;
	124)	echo "FAIL: $label: the VM hung (killed, see above)" ;;
	125)	echo "FAIL: $label: the VM stopped without a result" ;;
	*)	# a failure is never silent, even if no test said FAIL
		grep -q '^FAIL: ' "$out" || echo "FAIL: $label: the tests exited $rc" ;;
	esac
	rm -f "$out"
	echo "== $label: $(( $(date +%s) - start )) s"
}

# All in one function, so that bash has read it all before it runs any of
# it: editing this file while it runs is safe.
main() {
	log=$(mktemp)
	trap 'rm -f "$log"' EXIT

	kvers=("$@")
	[ ${#kvers[@]} -eq 0 ] && read -r -a kvers <<<"$KERNELS"
	read -r -a passes <<<"${KERNELS_PASSES:-default all}"
	read -r -a files <<<"${KERNELS_TESTS:-$(ls tests/e2e/t_*.sh | grep -v '/t_shipping\.sh$' | tr '\n' ' ')}"
	limit=${KERNELS_FILE_TIMEOUT:-600}
	# suite.sh stops a test file that hangs; vm.sh stops a VM whose kernel
	# hangs (silent for longer than a file may take); the whole VM's limit
	# is only a last resort
	export KERNELS_IDLE_TIMEOUT=${KERNELS_IDLE_TIMEOUT:-$((limit + 120))}
	export KERNELS_TIMEOUT=${KERNELS_TIMEOUT:-$(( ${#files[@]} * (limit + 15) + 300 ))}

	# the kernels and the root image first, so that their download is not
	# counted in the first pass's time
	"$HERE/prepare.sh" "${kvers[@]}" || { echo "0 passed, 1 failed"; exit 1; }

	for k in "${kvers[@]}"; do
		for p in "${passes[@]}"; do
			run_pass "$k" "$p"
		done
	done 2>&1 | tee "$log"

	passed=$(grep -c '^PASS: ' "$log")
	failed=$(grep -c '^FAIL: ' "$log")
	echo
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
}
main "$@"; exit
