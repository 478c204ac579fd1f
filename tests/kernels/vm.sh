#!/bin/bash
# Boots another kernel in QEMU (TCG: no KVM needed) and runs one command in it,
# as root, from the project directory of the git worktree it is called from
# (else the one it is in), with that worktree's build/ (built on the host:
# run "make all tests-helpers" first). Prints the command's output (stdout
# and stderr, merged) and exits with its status.
#
# Usage: tests/kernels/vm.sh KVER -- COMMAND [ARG...]
#   KVER: 6.1 (Debian 12) or 5.10 (Debian 11); tests/kernels/kernels.sh
#   e.g.  tests/kernels/vm.sh 6.1 -- build/execsnoop -j -- /bin/true
#         tests/kernels/vm.sh 5.10 -- tests/e2e/run.sh tests/e2e/t_basic.sh
#
# Environment:
#   KERNELS_CACHE    kernels and root image (default build/kernels; made by
#                    prepare.sh on first use, which takes a few minutes)
#   KERNELS_TIMEOUT  seconds before a hung VM is killed (default 900): exit 124
#   KERNELS_SMP, KERNELS_MEM  virtual CPUs (default 2) and memory (default 2G)
#   KERNELS_CONSOLE  if set, a file to keep the kernel's console log in
#   EXECSNOOP_FEATURES_OFF, E2E_QUICK, ONLY, and the names in KERNELS_ENV:
#                    passed on to the command in the VM when set
# Exit status: the command's; 124 on timeout, 125 when the VM gave no result
# (the kernel's last console lines are printed then).
#
# The project reaches the VM on a small ext4 image made fresh on every run
# (mke2fs -d, no root needed): the worktree without .git and build/, plus
# build/execsnoop and build/tests/. The root image is attached with
# snapshot=on, so runs never change it and may run side by side.
set -euo pipefail

# All in one function, so that bash has read it all before it runs any of
# it: editing this file while it runs (a run can take an hour) is safe.
main() {
	HERE=$(cd "$(dirname "$0")" && pwd)
	# the project: the worktree we are called from, if it is one of this project
	PROJECT=$(git rev-parse --show-toplevel 2>/dev/null) && [ -f "$PROJECT/tests/e2e/lib.sh" ] ||
		PROJECT=$(cd "$HERE/../.." && pwd)
	cd "$HERE/../.."
	# shellcheck source=tests/kernels/kernels.sh
	. "$HERE/kernels.sh"

	usage() {
		sed -n 's/^# \{0,1\}//; 8,10p' "$HERE/vm.sh" >&2
		exit 2
	}

	[ $# -ge 3 ] && [ "$2" = -- ] || usage
	kver=$1
	shift 2
	kernel_suite "$kver" >/dev/null || { echo "vm.sh: unknown kernel $kver (known: $KERNELS)" >&2; exit 2; }
	for f in build/execsnoop build/tests/xexec; do
		[ -x "$PROJECT/$f" ] ||
			{ echo "vm.sh: no $PROJECT/$f: run 'make all tests-helpers' first" >&2; exit 2; }
	done
	command -v qemu-system-x86_64 >/dev/null || { echo "vm.sh: no qemu-system-x86_64: scripts/deps.sh kernels" >&2; exit 2; }

	# the kernel and root image (quick when they are cached)
	"$HERE/prepare.sh" "$kver"
	CACHE=$(cd "$CACHE" && pwd)
	cd "$PROJECT"

	tmp=$(mktemp -d "${TMPDIR:-/tmp}/es-vm.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	trap 'exit 130' INT TERM

	# the run disk: init script, command, environment, project
	stage=$tmp/stage
	mkdir -p "$stage/project/build"
	cp "$HERE/guest-init.sh" "$stage/init.sh"
	echo "$PROJECT" >"$stage/where"
	printf '%q ' "$@" >"$stage/cmd"
	: >"$stage/env"
	for v in EXECSNOOP_FEATURES_OFF E2E_QUICK ONLY ${KERNELS_ENV:-}; do
		[ -n "${!v+set}" ] && printf 'export %s=%q\n' "$v" "${!v}" >>"$stage/env"
	done
	tar -C "$PROJECT" --exclude=./.git --exclude=./build -cf - . | tar -C "$stage/project" -xf -
	cp -a build/execsnoop build/tests "$stage/project/build/"
	size=$(( $(du -sk "$stage" | cut -f1) / 1024 + 64 ))
	mke2fs -q -t ext4 -L es-run -d "$stage" "$tmp/run.img" "${size}M" >/dev/null

	# ttyS0: the kernel's console, to a file; ttyS1: the command's output, on
	# qemu's stdout, kept in a file and printed (between the markers) as it comes
	console=${KERNELS_CONSOLE:-$tmp/console}
	{
		qrc=0
		timeout -k 5 "${KERNELS_TIMEOUT:-900}" qemu-system-x86_64 \
			-machine q35 -cpu "${KERNELS_CPU:-max}" -smp "${KERNELS_SMP:-2}" \
			-m "${KERNELS_MEM:-2G}" -nodefaults -no-user-config -display none -no-reboot \
			-kernel "$CACHE/$kver/vmlinuz" \
			-append "console=ttyS0 root=/dev/nvme0n1 rw init=/sbin/es-init panic=-1 mitigations=off" \
			-serial "file:$console" -chardev stdio,id=out,signal=off -serial chardev:out \
			-device nvme,id=nvme0,serial=es \
			-drive "file=$CACHE/root.img,if=none,id=root,format=raw,snapshot=on" \
			-device nvme-ns,drive=root,bus=nvme0,nsid=1 \
			-drive "file=$tmp/run.img,if=none,id=run,format=raw" \
			-device nvme-ns,drive=run,bus=nvme0,nsid=2 \
			</dev/null 2>"$tmp/qemu.log" || qrc=$?
		echo $qrc >"$tmp/qrc"
	} | tee "$tmp/out" |
		awk '/^@@ES-VM END/ { on = 0 } on { print; fflush() } /^@@ES-VM BEGIN/ { on = 1 }'
	qrc=$(cat "$tmp/qrc")

	rc=$(sed -n 's/^@@ES-VM END rc=\([0-9]*\).*/\1/p' "$tmp/out" | tail -1)
	if [ -n "$rc" ]; then
		exit "$rc"
	fi
	if [ $qrc -eq 124 ] || [ $qrc -eq 137 ]; then
		echo "vm.sh: $kver: TIMEOUT: no result after ${KERNELS_TIMEOUT:-900} s, VM killed" >&2
		why=124
	else
		echo "vm.sh: $kver: the VM stopped without a result (qemu exit $qrc)" >&2
		why=125
	fi
	echo "vm.sh: last lines of the kernel console:" >&2
	tail -n 25 "$console" | sed 's/^/  | /' >&2
	sed 's/^/  qemu: /' "$tmp/qemu.log" >&2
	exit $why
}
main "$@"; exit
