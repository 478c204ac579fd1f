#!/bin/bash
# Documentation checks, no root needed: the man page (doc/execsnoop.8) and
# README.md against the options of `execsnoop --help`, the man page's
# rendering, and the JSON Schema (doc/schema.json) against the fields that
# src/sink_json.c writes. One "PASS: docs/NAME", "FAIL: docs/NAME: why" or
# "SKIP: docs/NAME: why" line per check; exits 1 if any check failed.
set -u
cd "$(dirname "$0")/.." || exit 1

MAN=doc/execsnoop.8
SCHEMA=doc/schema.json
README=README.md
JSONC=src/sink_json.c
failed=0

pass() { echo "PASS: docs/$1"; }
fail() { echo "FAIL: docs/$1: $2"; failed=1; }
skip() { echo "SKIP: docs/$1: $2"; }

# Roff source to plain words: \- to -, font changes and escapes removed.
deroff() {
	sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\f(..//g' -e 's/\\(dq/"/g' \
	    -e 's/\\(aq/'"'"'/g' -e 's/\\(lq/"/g' -e 's/\\(rq/"/g' -e 's/\\&//g' \
	    -e 's/\\c$//' -e 's/\\e/\\/g' "$@"
}

# Options named in text on stdin: "--long" and "-x" tokens, one per line.
long_opts() { grep -oE -- '--[a-z][a-z-]*[a-z]' | sort -u; }
short_opts() {
	grep -oE -- '(^|[^A-Za-z0-9_-])-[A-Za-z]([^A-Za-z0-9_-]|$)' |
		grep -oE -- '-[A-Za-z]' | sort -u
}

# Does the text in file $2 name option $1 as a token of its own?
names_opt() {
	local re
	re=$(printf '%s' "$1" | sed 's/[.]/\\./g')
	grep -qE -- "(^|[^A-Za-z0-9_-])$re([^A-Za-z0-9_-]|$)" "$2"
}

# --- the options, from --help (or, without a build, from the usage text) ---
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ -x build/execsnoop ] && build/execsnoop --help >"$tmp/help" 2>/dev/null; then
	pass "help-output"
elif [ -f src/options.c ]; then
	# the usage string, C quoting undone
	sed -n '/usage_text\[\] =/,/;$/p' src/options.c |
		sed -n 's/^"\(.*\)"[;]*$/\1/p' | sed -e 's/\\n$//' -e 's/\\"/"/g' >"$tmp/help"
	skip "help-output" "build/execsnoop not built (run make); options taken from src/options.c"
else
	fail "help-output" "neither build/execsnoop nor src/options.c"
	exit 1
fi
# option lines only: "  -x, --long ..." or "      --long ..." (not the examples)
grep -E '^ {2,6}-' "$tmp/help" >"$tmp/optlines"
{ long_opts <"$tmp/optlines"; short_opts <"$tmp/optlines"; } >"$tmp/help_opts"
if [ "$(wc -l <"$tmp/help_opts")" -lt 10 ]; then
	fail "help-options-parsed" "found only $(wc -l <"$tmp/help_opts") options in --help"
fi

# --- the man page: every option documented, none stale ---
if [ ! -f "$MAN" ]; then
	fail "man-exists" "$MAN is missing"
else
	deroff "$MAN" >"$tmp/man.txt"
	# tag lines of the OPTIONS section: the line after each .TP
	awk '/^\.SH /{ sec = $0 } sec == ".SH OPTIONS" && tp { print; tp = 0; next }
	     /^\.TP/{ tp = 1 }' "$tmp/man.txt" >"$tmp/man_tags"
	{ long_opts <"$tmp/man_tags"; short_opts <"$tmp/man_tags"; } >"$tmp/man_opts"

	missing=$(comm -23 <(sort -u "$tmp/help_opts") <(sort -u "$tmp/man_opts") | tr '\n' ' ')
	if [ -z "$missing" ]; then
		pass "man-documents-every-option"
	else
		fail "man-documents-every-option" "not in the OPTIONS of $MAN: ${missing% }"
	fi

	# stale: an OPTIONS entry, or any --long option named anywhere in the page,
	# that --help does not know
	stale=$(comm -13 <(sort -u "$tmp/help_opts") \
		<({ cat "$tmp/man_opts"; long_opts <"$tmp/man.txt"; } | sort -u) | tr '\n' ' ')
	if [ -z "$stale" ]; then
		pass "man-no-stale-options"
	else
		fail "man-no-stale-options" "in $MAN but not in --help: ${stale% }"
	fi

	if ! command -v groff >/dev/null 2>&1; then
		skip "man-renders-cleanly" "groff is not installed"
	else
		warn=$(groff -man -Tutf8 -ww -z "$MAN" 2>&1)
		if [ -z "$warn" ]; then
			pass "man-renders-cleanly"
		else
			fail "man-renders-cleanly" "groff -ww: $(echo "$warn" | head -3 | tr '\n' ' ')"
		fi
	fi
fi

# --- README.md: every option mentioned ---
if [ ! -f "$README" ]; then
	fail "readme-documents-every-option" "$README is missing"
else
	missing=""
	while read -r opt; do
		names_opt "$opt" "$README" || missing+="$opt "
	done <"$tmp/help_opts"
	if [ -z "$missing" ]; then
		pass "readme-documents-every-option"
	else
		fail "readme-documents-every-option" "not in $README: ${missing% }"
	fi
fi

# --- doc/schema.json ---
if [ ! -f "$SCHEMA" ]; then
	fail "schema-valid-json" "$SCHEMA is missing"
	exit 1
fi
if command -v python3 >/dev/null 2>&1; then
	jsoncheck() { python3 -m json.tool "$1" >/dev/null 2>"$tmp/json.err"; }
	# names of all "properties" entries, at any depth
	schema_fields() {
		python3 -c '
import json, sys
def walk(n):
    if isinstance(n, dict):
        for k, v in n.items():
            if k == "properties" and isinstance(v, dict):
                for name in v:
                    print(name)
            walk(v)
    elif isinstance(n, list):
        for v in n:
            walk(v)
walk(json.load(open(sys.argv[1])))' "$1" | sort -u
	}
elif command -v jq >/dev/null 2>&1; then
	jsoncheck() { jq empty "$1" 2>"$tmp/json.err"; }
	schema_fields() { jq -r '[.. | objects | .properties? // empty | keys[]] | unique[]' "$1"; }
else
	jsoncheck() { return 2; }
fi

jsoncheck "$SCHEMA"
case $? in
0) pass "schema-valid-json" ;;
2) skip "schema-valid-json" "neither python3 nor jq is installed"; exit $failed ;;
*) fail "schema-valid-json" "$(head -1 "$tmp/json.err")"; exit 1 ;;
esac

if python3 -c 'import jsonschema' 2>/dev/null; then
	if err=$(python3 -c '
import json, sys
from jsonschema import Draft202012Validator
Draft202012Validator.check_schema(json.load(open(sys.argv[1])))' "$SCHEMA" 2>&1); then
		pass "schema-is-draft-2020-12"
	else
		fail "schema-is-draft-2020-12" "$(echo "$err" | tail -1)"
	fi
else
	skip "schema-is-draft-2020-12" "python3 module jsonschema is not installed"
fi

# Field names the code writes: kv_*(out, "name"), key(out, "name"),
# add_path(fc, out, "name", ...), program_array(out, "name", ...), and keys inside literals ({\"event\":...).
if [ ! -f "$JSONC" ]; then
	fail "schema-fields-match-code" "$JSONC is missing"
	exit 1
fi
{
	grep -oE '(kv_[a-z0-9]+|key|add_path|add_name|program_array)\((s, )?out, "[a-z_0-9]+"' "$JSONC" |
		grep -oE '"[a-z_0-9]+"'
	grep -oE '\\"[a-z_0-9]+\\":' "$JSONC" | grep -oE '[a-z_0-9]+'
} | tr -d '"' | sort -u >"$tmp/code_fields"
schema_fields "$SCHEMA" >"$tmp/schema_fields"
if [ "$(wc -l <"$tmp/code_fields")" -lt 10 ]; then
	fail "schema-covers-code-fields" "found only $(wc -l <"$tmp/code_fields") field names in $JSONC"
else
	missing=$(comm -23 "$tmp/code_fields" "$tmp/schema_fields" | tr '\n' ' ')
	if [ -z "$missing" ]; then
		pass "schema-covers-code-fields"
	else
		fail "schema-covers-code-fields" "written by $JSONC, not in $SCHEMA: ${missing% }"
	fi
	stale=$(comm -13 "$tmp/code_fields" "$tmp/schema_fields" | tr '\n' ' ')
	if [ -z "$stale" ]; then
		pass "schema-no-stale-fields"
	else
		fail "schema-no-stale-fields" "in $SCHEMA, not written by $JSONC: ${stale% }"
	fi
fi

# The man page's JSON OUTPUT section names every field of the schema.
if [ -f "$tmp/man.txt" ]; then
	awk '/^\.SH /{ sec = $0 } sec == ".SH \"JSON OUTPUT\"" || sec == ".SH JSON OUTPUT"' \
		"$tmp/man.txt" >"$tmp/man_json"
	missing=""
	while read -r f; do
		grep -qE "(^|[^a-z_])$f([^a-z_]|$)" "$tmp/man_json" || missing+="$f "
	done <"$tmp/schema_fields"
	if [ ! -s "$tmp/man_json" ]; then
		fail "man-json-fields" "no JSON OUTPUT section in $MAN"
	elif [ -z "$missing" ]; then
		pass "man-json-fields"
	else
		fail "man-json-fields" "not in the JSON OUTPUT section of $MAN: ${missing% }"
	fi
fi

exit $failed
