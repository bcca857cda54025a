#!/usr/bin/env bash
# The baseline reproduces every published target for its calibration year
# (2023), and the check does fail when the model is pushed off a target.
set -uo pipefail
yucun=$1
source_dir=$2
check="/usr/bin/python3 $source_dir/analysis/calibrate_check.py"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail=0

"$yucun" run -q -o "$dir/baseline.h5" || { echo "FAIL: baseline run"; exit 1; }
if $check "$dir/baseline.h5" > "$dir/baseline.txt"; then
  echo "ok: baseline passes its calibration check"
else
  echo "FAIL: baseline misses calibration targets:"; fail=1
fi
cat "$dir/baseline.txt"

"$yucun" run -q -o "$dir/few.h5" --set calendar.years=1 --set tourism.annual_visitors=6e5
$check "$dir/few.h5" > "$dir/few.txt"
rc=$?
if [[ $rc -eq 1 ]] && grep -q "^yucun_visitors .*MISSED" "$dir/few.txt"; then
  echo "ok: halving visitors fails the Yucun visitors target"
else
  echo "FAIL: the check did not catch too few visitors (exit $rc)"; cat "$dir/few.txt"; fail=1
fi

echo "not a result" > "$dir/bad.h5"
$check "$dir/bad.h5" > /dev/null 2>&1
rc=$?
if [[ $rc -eq 2 ]]; then echo "ok: unreadable input exits 2"; else echo "FAIL: unreadable input exited $rc"; fail=1; fi
exit $fail
