#!/bin/bash
# Kernel tiers, from the built BPF object, no root needed. What each program
# of build/execsnoop.bpf.o uses (program type, helpers, map types, code
# features; through bpf-to-bpf calls and bpf_loop callbacks: see
# tests/tiers/uses.awk) against the first kernel that has each
# (tests/tiers/versions.tsv) and the program's tier (tests/tiers/tiers.tsv,
# with its allowances). Then self-tests: the same check must fail with a
# wrong tier and with a missing row, and the extraction must follow calls
# and callbacks in a fixture (tests/tiers/fixture.bpf.c).
# One "PASS: tiers/NAME" or "FAIL: tiers/NAME: why" line per check; -v also
# prints what each program uses, with versions. Exits 1 if any check failed.
set -u
cd "$(dirname "$0")/.." || exit 1

BUILD=build
OBJ=$BUILD/execsnoop.bpf.o
OBJINFO=$BUILD/tiers_objinfo
VERSIONS=tests/tiers/versions.tsv
TIERS=tests/tiers/tiers.tsv
CLANG=${CLANG:-clang}
verbose=0
[ "${1:-}" = "-v" ] && verbose=1
failed=0

pass() { echo "PASS: tiers/$1"; }
fail() { echo "FAIL: tiers/$1: $2"; failed=1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! make --no-print-directory -s "$OBJ" "$OBJINFO" >"$tmp/make.log" 2>&1; then
	fail build "make $OBJ $OBJINFO: $(tail -3 "$tmp/make.log" | tr '\n' ' ')"
	exit 1
fi

# Debian's llvm package has llvm-objdump; a versioned one will do
OBJDUMP=${LLVM_OBJDUMP:-llvm-objdump}
if ! command -v "$OBJDUMP" >/dev/null 2>&1; then
	OBJDUMP=llvm-objdump-$("$CLANG" -dumpversion 2>/dev/null | cut -d. -f1)
	if ! command -v "$OBJDUMP" >/dev/null 2>&1; then
		fail tools "llvm-objdump is not installed (Debian: the llvm package)"
		exit 1
	fi
fi
# helper ids -> names: "static ... (*bpf_NAME)(...) = (void *) ID;"
DEFS=$(pkg-config --variable=includedir libbpf 2>/dev/null)/bpf/bpf_helper_defs.h
[ -f "$DEFS" ] || DEFS=/usr/include/bpf/bpf_helper_defs.h
if [ ! -f "$DEFS" ]; then
	fail tools "bpf/bpf_helper_defs.h not found (libbpf-dev)"
	exit 1
fi

# uses OBJECT: PROGRAM KIND NAME WHERE lines, sorted
uses() {
	local info
	info=$("$OBJINFO" "$1" 2>&1) || { echo "error	$(echo "$info" | tr '\n' ' ')"; return; }
	awk -f tests/tiers/uses.awk input=defs "$DEFS" input=info <(echo "$info") \
		input=syms <("$OBJDUMP" -t "$1") input=dis <("$OBJDUMP" -d -r "$1") | sort
}

# check VERSIONS TIERS: the PASS/FAIL lines for the uses in $tmp/uses
check() {
	awk -f tests/tiers/check.awk verbose="$verbose" input=versions "$1" \
		input=tiers "$2" input=uses "$tmp/uses"
}

uses "$OBJ" >"$tmp/uses"
check "$VERSIONS" "$TIERS" || failed=1

# --- self-tests: the check fails where it must ---
verbose=0
# exec declared a core-tier program: bpf_loop (5.17) is too new
sed 's/^tier\texec\t[^\t]*/tier\texec\t5.4/' "$TIERS" >"$tmp/tiers"
if check "$VERSIONS" "$tmp/tiers" >"$tmp/out"; then
	fail selftest-wrong-tier "exec declared 5.4 passed: $(grep 'tiers/exec:' "$tmp/out")"
elif grep -q '^FAIL: tiers/exec: tier 5.4, but .*helper bpf_loop needs 5\.17' "$tmp/out"; then
	pass selftest-wrong-tier
else
	fail selftest-wrong-tier "no bpf_loop failure for exec: $(grep 'tiers/exec:' "$tmp/out")"
fi

# a helper missing from the table
grep -v '^helper	bpf_loop	' "$VERSIONS" >"$tmp/versions"
if check "$tmp/versions" "$TIERS" >"$tmp/out"; then
	fail selftest-missing-row "no row for bpf_loop passed"
elif grep -q '^FAIL: tiers/exec: .*helper bpf_loop is not in' "$tmp/out"; then
	pass selftest-missing-row
else
	fail selftest-missing-row "$(grep 'tiers/exec:' "$tmp/out")"
fi

# the extraction follows bpf-to-bpf calls and callbacks (fixture.bpf.c)
# (-g: BTF, which libbpf needs for the map; the multiarch directory for asm/)
if ! "$CLANG" -g -O2 -target bpf -Wall -Wextra -Werror \
	-idirafter "/usr/include/$("$CLANG" -print-multiarch 2>/dev/null)" \
	-c tests/tiers/fixture.bpf.c -o "$tmp/fixture.o" 2>"$tmp/cc.log"; then
	fail selftest-subprograms "cannot compile the fixture: $(head -3 "$tmp/cc.log")"
else
	uses "$tmp/fixture.o" | cut -f1-4 >"$tmp/got"
	printf '%s\n' \
		'callback	helper	bpf_ktime_get_boot_ns	step' \
		'callback	helper	bpf_loop	callback' \
		'callback	insn	callback	callback' \
		'callback	prog	raw_tracepoint	callback' \
		'calls	global	knob	calls' \
		'calls	helper	bpf_get_numa_node_id	second' \
		'calls	helper	bpf_get_prandom_u32	first' \
		'calls	helper	bpf_map_lookup_elem	calls' \
		'calls	insn	bpf2bpf-call	calls' \
		'calls	insn	global-data	calls' \
		'calls	insn	loop	second' \
		'calls	map	lru_hash	calls' \
		'calls	prog	raw_tracepoint	calls' | sort >"$tmp/want"
	if diff -q "$tmp/want" "$tmp/got" >/dev/null; then
		pass selftest-subprograms
	else
		fail selftest-subprograms "$(diff "$tmp/want" "$tmp/got" | grep '^[<>]' |
			tr '\t\n' ' ;')"
	fi
fi
exit $failed
