#!/bin/bash
# `make install` and `make uninstall` into a staging directory (DESTDIR),
# no root needed: the files, their modes, a stripped binary that runs, the
# manual page found by man, the bash completion working; then nothing left.
# One "PASS: install/NAME" or "FAIL: install/NAME: why" line per check.
set -u
cd "$(dirname "$0")/.." || exit 1
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
failed=0
pass() { echo "PASS: install/$1"; }
fail() { echo "FAIL: install/$1: $2"; failed=1; }

if ! make --no-print-directory -s install DESTDIR="$d" PREFIX=/usr >"$d.log" 2>&1; then
	fail make-install "$(head -c 300 "$d.log")"
	rm -f "$d.log"
	exit 1
fi
rm -f "$d.log"
bin=$d/usr/sbin/execsnoop
man8=$d/usr/share/man/man8/execsnoop.8
comp=$d/usr/share/bash-completion/completions/execsnoop
files=$(cd "$d" && find . -type f -printf '%m %p\n' | sort)
want=$(printf '%s\n' '644 ./usr/lib/systemd/system/execsnoop.service' \
	'644 ./usr/share/bash-completion/completions/execsnoop' \
	'644 ./usr/share/man/man8/execsnoop.8' '755 ./usr/sbin/execsnoop')
[ "$files" = "$want" ] && pass files || fail files "got: $(echo $files)"

if file "$bin" | grep -q ', stripped'; then pass stripped; else fail stripped "$(file "$bin")"; fi
v=$("$bin" --version 2>&1)
[[ $v == "execsnoop "* ]] && pass runs || fail runs "--version: $v"

if command -v man >/dev/null 2>&1; then
	got=$(MANPATH=$d/usr/share/man man -w execsnoop 2>&1)
	[ "$got" = "$man8" ] && pass man-found || fail man-found "man -w: $got"
else
	fail man-found "man is not installed"
fi

# the completion: defined for execsnoop, and it completes options
if bash -c "source '$comp' && complete -p execsnoop" 2>/dev/null | grep -q _execsnoop; then
	pass completion-defined
else
	fail completion-defined "complete -p execsnoop after sourcing $comp"
fi
if [ -f /usr/share/bash-completion/bash_completion ]; then
	got=$(bash -c "source /usr/share/bash-completion/bash_completion; source '$comp'
		COMP_WORDS=(execsnoop --tr); COMP_CWORD=1; COMP_LINE='execsnoop --tr'
		COMP_POINT=\${#COMP_LINE}; _execsnoop; echo \"\${COMPREPLY[*]}\"" 2>&1)
	[ "$got" = "--tree --transport" ] || [ "$got" = "--transport --tree" ] &&
		pass completion-options || fail completion-options "execsnoop --tr<TAB>: $got"
	got=$(bash -c "source /usr/share/bash-completion/bash_completion; source '$comp'
		COMP_WORDS=(execsnoop --transport ''); COMP_CWORD=2
		COMP_LINE='execsnoop --transport '; COMP_POINT=\${#COMP_LINE}; _execsnoop
		echo \"\${COMPREPLY[*]}\"" 2>&1)
	[ "$got" = "auto ring perf" ] && pass completion-values ||
		fail completion-values "execsnoop --transport <TAB>: $got"
else
	fail completion-options "bash-completion is not installed"
fi

# every option of --help is offered, and no other
help=$(build/execsnoop --help | grep -E '^ {2,6}-' | sed -E 's/^ +//; s/  .*//' |
	grep -oE -- '(^|[ ,])--?[A-Za-z][a-z-]*' | tr -d ' ,' | sort -u)
offered=$(sed -n "/compgen -W '-T/,/-- \"\$cur\"/p" "$comp" | sed -e 's/.*compgen -W//' \
	-e 's/-- "\$cur".*//' | tr "'\t" '  ' | tr ' ' '\n' | grep -E -- '^--?[A-Za-z]' | sort -u)
[ "$help" = "$offered" ] && pass completion-matches-help ||
	fail completion-matches-help "$(diff <(echo "$help") <(echo "$offered") | grep '^[<>]' | tr '\n' ' ')"

# the systemd unit: runs the installed binary, and systemd-analyze verify
# finds nothing wrong (run on a copy naming the staged binary, which must
# exist, with the staged manual page for its Documentation=)
unit=$d/usr/lib/systemd/system/execsnoop.service
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
[[ $exec_start == "/usr/sbin/execsnoop "* ]] && pass unit-execstart ||
	fail unit-execstart "ExecStart=$exec_start"
if command -v systemd-analyze >/dev/null 2>&1; then
	mkdir -p "$d/verify"
	sed "s|^ExecStart=/usr/sbin/|ExecStart=$d/usr/sbin/|" "$unit" >"$d/verify/execsnoop.service"
	if out=$(MANPATH=$d/usr/share/man systemd-analyze verify "$d/verify/execsnoop.service" 2>&1) &&
		[ -z "$out" ]; then
		pass unit-verify
	else
		fail unit-verify "$(echo "$out" | head -3 | tr '\n' ' ')"
	fi
	# the exposure score quoted in README.md is the one systemd-analyze gives
	score=$(systemd-analyze security --offline=yes "$d/verify/execsnoop.service" 2>/dev/null |
		sed -n 's/.*Overall exposure level for execsnoop.service: \([0-9.]*\).*/\1/p')
	grep -q "exposure level $score " README.md && pass unit-security-score ||
		fail unit-security-score "systemd-analyze security says $score, README.md does not"
	rm -rf "$d/verify"
else
	fail unit-verify "systemd-analyze is not installed"
fi

make --no-print-directory -s uninstall DESTDIR="$d" PREFIX=/usr
left=$(find "$d" -type f)
[ -z "$left" ] && pass uninstall || fail uninstall "left: $left"
exit $failed
