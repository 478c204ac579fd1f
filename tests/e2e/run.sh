#!/bin/bash
# Runs the end-to-end test files (tests/e2e/t_*.sh), or those named on the
# command line. Each test prints "PASS: name" or "FAIL: name: why".
set -u
cd "$(dirname "$0")/../.."
if [ "$(id -u)" -ne 0 ]; then
	echo "FAIL: e2e: must run as root"
	exit 1
fi
# the tool must not depend on tracefs or bpffs being mounted: leave them as found
files=("$@")
[ ${#files[@]} -eq 0 ] && files=(tests/e2e/t_*.sh)
rc=0
for f in "${files[@]}"; do
	echo "-- $f"
	bash "$f" || rc=1
done
exit $rc
