#!/bin/bash
# Generates src/vmlinux/$ARCH/vmlinux.h, the kernel types the BPF programs
# are built with, from a kernel's BTF: only the types, and of each struct only
# the members, that src/*.bpf.c use. The build reads this committed header,
# never a kernel's BTF.
#
#   scripts/gen-vmlinux.sh [BTF_FILE]          (re)write the header
#   scripts/gen-vmlinux.sh --check [BTF_FILE]  compare it with what would be
#       written: exit 0 if equal, 1 if not (with a diff), 2 if it cannot tell
#       because the header was generated from another BTF (see below)
#
# BTF_FILE defaults to /sys/kernel/btf/vmlinux, the running kernel's. ARCH
# (x86, arm64, ...; default: this machine's) must be the BTF's architecture.
# Run it when the BPF side starts to use a kernel type or member the header
# lacks (the build then fails on it), with a kernel recent enough to have
# every member the programs test for (e.g. sched_process_exit's group_dead).
#
# How: the BPF sources are compiled against the BTF's full C dump; `bpftool
# gen min_core_btf` keeps what their CO-RE relocations touch (each struct with
# only those members, at the BTF's offsets, so the compiled instructions are
# the same) plus TYPES, which the programs use without a relocation;
# `bpftool btf dump` writes that as C, with preserve_access_index on every
# struct. The anonymous enums that hold CONSTANTS are copied from the BTF.
# The header is written only if the BPF sources compile with it.
#
# The output depends on the BTF (its offsets), on bpftool and on clang: the
# header records the BTF's sha256, and --check compares only against the same
# BTF.
set -euo pipefail
cd "$(dirname "$0")/.."

# Types used without a CO-RE relocation: the integer types of the helpers'
# declarations (bpf_helper_defs.h) and of src/event.h; enums whose constants
# the programs use.
TYPES=(
	__u16 __u32 __s32 __u64 __s64 __be16 __be32 __wsum
	"enum bpf_map_type" "enum pid_type"
)
# Constants of anonymous enums (each brings its whole enum).
CONSTANTS=(false BPF_ANY BPF_F_CURRENT_CPU BPF_RB_NO_WAKEUP BPF_RB_AVAIL_DATA)

CLANG=${CLANG:-clang}
BPFTOOL=${BPFTOOL:-$(command -v bpftool 2>/dev/null || echo /usr/sbin/bpftool)}
ARCH=${ARCH:-$(uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')}
# the Makefile's flags for the BPF object
# shellcheck disable=SC2207
BPF_CFLAGS=(-g -O2 -target bpf -D__TARGET_ARCH_"$ARCH" -Wall -Wextra -Werror
	    $(pkg-config --cflags libbpf 2>/dev/null))

check=false
if [ "${1:-}" = --check ]; then
	check=true
	shift
fi
btf=${1:-/sys/kernel/btf/vmlinux}
out=src/vmlinux/$ARCH/vmlinux.h
sum=$(sha256sum <"$btf" | cut -d' ' -f1)
if [ "$btf" = /sys/kernel/btf/vmlinux ]; then
	source="Linux $(uname -r) $(uname -m)"
else
	source=$(basename "$btf")
fi

if $check; then
	if [ ! -f "$out" ]; then
		echo "$out does not exist" >&2
		exit 1
	fi
	if ! grep -q "BTF sha256 $sum" "$out"; then
		echo "$out was not generated from $btf (sha256 $sum): cannot compare" >&2
		exit 2
	fi
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/full" "$tmp/min"

"$BPFTOOL" btf dump file "$btf" format c >"$tmp/full/vmlinux.h"

# TYPES as type-existence relocations, which min_core_btf keeps.
{
	printf '%s\n' '#include "vmlinux.h"' '#include <bpf/bpf_helpers.h>' \
		'#include <bpf/bpf_core_read.h>' 'char LICENSE[] SEC("license") = "GPL";' \
		'SEC("raw_tp") int types(void *ctx)' '{' '	(void)ctx;' '	return 0'
	for t in "${TYPES[@]}"; do
		printf '\t\t+ bpf_core_type_exists(%s)\n' "$t"
	done
	printf '%s\n' '		;' '}'
} >"$tmp/types.c"

objs=()
for src in src/*.bpf.c "$tmp/types.c"; do
	obj=$tmp/$(basename "$src" .c).o
	"$CLANG" "${BPF_CFLAGS[@]}" -I"$tmp/full" -Isrc -c "$src" -o "$obj"
	objs+=("$obj")
done
"$BPFTOOL" gen min_core_btf "$btf" "$tmp/min.btf" "${objs[@]}"

# The anonymous enums holding CONSTANTS, from the raw dump, in BTF order:
# "[ID] ENUM '(anon)' ..." (or ENUM64), then a "	'NAME' val=V" line each.
anon_enums() {
	"$BPFTOOL" btf dump file "$btf" format raw | awk -v want="${CONSTANTS[*]}" '
		BEGIN {
			n = split(want, w, " ")
			for (i = 1; i <= n; i++)
				need[w[i]] = 1
		}
		function flush(    i) {
			if (hit) {
				printf "enum {\n%s};\n\n", body
				for (i = 1; i <= nnames; i++)
					delete need[names[i]]
			}
			body = ""; hit = 0; nnames = 0; anon = 0
		}
		/^\[/ {
			flush()
			anon = $2 ~ /^ENUM(64)?$/ && $3 == "'"'(anon)'"'"
			next
		}
		anon && /^\t'"'"'/ {
			name = $1; gsub("'"'"'", "", name)
			val = $2; sub(/^val=/, "", val)
			body = body "\t" name " = " val ",\n"
			names[++nnames] = name
			if (name in need)
				hit = 1
		}
		END {
			flush()
			for (c in need) {
				print "gen-vmlinux.sh: no anonymous enum has " c > "/dev/stderr"
				exit 1
			}
		}'
}

# bpftool's dump, with the anonymous enums before its closing lines (the
# last "#ifndef BPF_NO_PRESERVE_ACCESS_INDEX" and what follows).
"$BPFTOOL" btf dump file "$tmp/min.btf" format c >"$tmp/min.h"
anon_enums >"$tmp/enums.h"
tail_at=$(grep -n '^#ifndef BPF_NO_PRESERVE_ACCESS_INDEX$' "$tmp/min.h" | tail -n 1 | cut -d: -f1)
{
	echo "/* SPDX-License-Identifier: GPL-2.0 */"
	echo "/*"
	echo " * Generated by scripts/gen-vmlinux.sh, do not edit: the kernel types the"
	echo " * BPF programs use, each struct with only the members they use."
	echo " * From the BTF of $source,"
	echo " * BTF sha256 $sum."
	echo " */"
	head -n $((tail_at - 1)) "$tmp/min.h"
	cat "$tmp/enums.h"
	tail -n +"$tail_at" "$tmp/min.h"
} >"$tmp/min/vmlinux.h"

# It must do: the BPF sources compile with it as the Makefile compiles them.
for src in src/*.bpf.c; do
	"$CLANG" "${BPF_CFLAGS[@]}" -I"$tmp/min" -Isrc -c "$src" -o "$tmp/check.o"
done

if $check; then
	diff -u "$out" "$tmp/min/vmlinux.h" >&2 || exit 1
	exit 0
fi
mkdir -p "$(dirname "$out")"
cp "$tmp/min/vmlinux.h" "$out"
echo "  GEN     $out ($(wc -l <"$out") lines, from $source)"
