#!/bin/bash
# Runs every test: unit tests (plain and under ASan+UBSan, without root), then
# the end-to-end tests, which load the real BPF programs (as root, via sudo
# when needed). Ends with "N passed, N failed"; exits non-zero on any failure.
set -u
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT

make --no-print-directory -s build/test_unit build/asan/test_unit build/asan/execsnoop \
	tests-helpers || { echo "0 passed, 1 failed"; exit 1; }

{
	echo "== unit tests"
	build/test_unit
	echo "== unit tests under ASan+UBSan"
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		build/asan/test_unit || echo "FAIL: asan unit run exited non-zero"
	echo "== clang-tidy (default checks)"
	if command -v clang-tidy >/dev/null 2>&1; then
		if make --no-print-directory -s lint; then
			echo "PASS: clang-tidy"
		else
			echo "FAIL: clang-tidy"
		fi
	else
		echo "SKIP: clang-tidy is not installed"
	fi
	echo "== fuzzing (short runs)"
	if command -v clang >/dev/null 2>&1; then
		# shellcheck disable=SC2016
		LIB_SRCS="$(make --no-print-directory -s \
			--eval='fuzz-lib-srcs: ; @echo $(LIB_SRCS)' fuzz-lib-srcs)" \
			tests/fuzz/run.sh short || echo "FAIL: fuzz: tests/fuzz/run.sh short exited non-zero"
	else
		echo "SKIP: fuzzing: clang is not installed"
	fi
	echo "== documentation checks"
	bash tests/docs_check.sh || echo "FAIL: docs_check exited non-zero"
	echo "== kernel tiers (what each BPF program needs, against its tier)"
	bash tests/tiers_check.sh || echo "FAIL: tiers_check exited non-zero"
	echo "== make install / uninstall (staging directory)"
	bash tests/install_check.sh || echo "FAIL: install_check exited non-zero"
	echo "== vendored vmlinux.h, a build without kernel BTF (root)"
	scripts/ensure-root.sh tests/vmlinux_check.sh || echo "FAIL: vmlinux_check exited non-zero"
	echo "== static binary (make static; its run checks as root)"
	bash tests/static_check.sh || echo "FAIL: static_check exited non-zero"
	echo "== end-to-end tests (root)"
	scripts/ensure-root.sh tests/e2e/run.sh "$@" || echo "FAIL: e2e runner exited non-zero"
	if [ $# -eq 0 ]; then
		# the oldest tier's programs (no ring buffer, bpf_loop or
		# bpf_task_pt_regs), where they differ: paths, argv, JSON
		echo "== end-to-end tests, oldest kernel tier forced (EXECSNOOP_FEATURES_OFF=all)"
		scripts/ensure-root.sh env EXECSNOOP_FEATURES_OFF=all tests/e2e/run.sh \
			tests/e2e/t_context.sh tests/e2e/t_args.sh tests/e2e/t_json.sh ||
			echo "FAIL: e2e runner (oldest tier) exited non-zero"
	fi
} 2>&1 | tee "$log"

passed=$(grep -c '^PASS: ' "$log")
failed=$(grep -c '^FAIL: ' "$log")
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
