#!/bin/bash
# The build needs no kernel BTF: the BPF side is compiled with the committed
# src/vmlinux/$ARCH/vmlinux.h. Checks (as root, for the mount namespace):
# that header is what scripts/gen-vmlinux.sh writes (when this kernel's BTF
# is the one it was generated from), the Makefile never names the host's
# BTF, and a build with /sys/kernel/btf hidden succeeds and makes the same
# BPF object. One "PASS: vmlinux/NAME", "FAIL: vmlinux/NAME: why" or
# "SKIP: vmlinux/NAME: why" line per check; exits 1 if any check failed.
set -u
cd "$(dirname "$0")/.." || exit 1
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
failed=0
pass() { echo "PASS: vmlinux/$1"; }
fail() { echo "FAIL: vmlinux/$1: $2"; failed=1; }
skip() { echo "SKIP: vmlinux/$1: $2"; }

if [ ! -r /sys/kernel/btf/vmlinux ]; then
	skip header-current "this kernel has no BTF to generate the header from"
else
	scripts/gen-vmlinux.sh --check >"$d/gen.log" 2>&1
	case $? in
	0)	pass header-current ;;
	2)	skip header-current "$(tail -n 1 "$d/gen.log")" ;;
	*)	fail header-current "differs from what scripts/gen-vmlinux.sh writes: $(head -c 600 "$d/gen.log")" ;;
	esac
fi

if grep -n '/sys/kernel/btf' Makefile >"$d/grep.log"; then
	fail makefile "names the host's BTF: $(cat "$d/grep.log")"
else
	pass makefile
fi

# A build in a mount namespace where /sys/kernel/btf is an empty tmpfs.
hide='mount -t tmpfs -o ro,size=4k none /sys/kernel/btf'
[ -d /sys/kernel/btf ] || hide=true
if ! unshare -m -- sh -c "$hide" 2>"$d/unshare.log"; then
	skip build-without-btf "cannot hide /sys/kernel/btf: $(head -c 200 "$d/unshare.log")"
elif ! unshare -m -- sh -c "$hide && [ ! -e /sys/kernel/btf/vmlinux ] &&
		make --no-print-directory -s BUILD='$d/build' '$d/build/execsnoop'" \
		>"$d/make.log" 2>&1; then
	fail build-without-btf "$(tail -c 600 "$d/make.log")"
elif ! make --no-print-directory -s build/execsnoop.bpf.o >/dev/null 2>&1 ||
		! cmp -s "$d/build/execsnoop.bpf.o" build/execsnoop.bpf.o; then
	fail build-without-btf "its BPF object differs from build/execsnoop.bpf.o"
else
	pass build-without-btf
fi

exit $failed
