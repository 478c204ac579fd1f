#!/bin/bash
# Runs inside the test VM (run.sh starts it through vm.sh): the end-to-end
# test files one by one through tests/e2e/run.sh, each under a time limit,
# so that one that hangs is reported as a failure and the others still run.
# Usage: tests/kernels/suite.sh SECONDS [FILE...]  (default: tests/e2e/t_*.sh)
set -u
cd "$(dirname "$0")/../.."
limit=$1
shift
files=("$@")
[ ${#files[@]} -eq 0 ] && files=(tests/e2e/t_*.sh)
rc=0
for f in "${files[@]}"; do
	start=$SECONDS
	timeout -k 10 "$limit" tests/e2e/run.sh "$f"
	case $? in
	0)	;;
	124|137) echo "FAIL: $(basename "$f" .sh): still running after $limit s, killed"; rc=1 ;;
	*)	rc=1 ;;
	esac
	echo "-- $f: $((SECONDS - start)) s"
done
exit $rc
