#!/usr/bin/env bash
# `yucun info` on damaged copies of a result never crashes: eight bytes are
# inverted at each of 113 places in and after the root group's object header
# (where HDF5 1.10 itself crashes on some of them, with SIGSEGV or SIGABRT);
# every copy is either described (exit 0) or refused with exit 2 and an error
# naming the file, never a signal (sim/cli/crash_guard.hpp).
#
#   tests/e2e/info_damaged_headers.sh path/to/yucun
set -uo pipefail
yucun=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
"$yucun" run -q --set calendar.years=1 -o result.h5 || { echo "FAIL  the baseline run"; exit 1; }
/usr/bin/python3 - result.h5 <<'PY' || { echo "FAIL  making the damaged copies"; exit 1; }
import sys
import h5py
with h5py.File(sys.argv[1], "r") as f:
    root = h5py.h5o.get_info(f["/"].id).addr
data = open(sys.argv[1], "rb").read()
for k, offset in enumerate(range(0, 904, 8)):
    copy = bytearray(data)
    for i in range(root + offset, root + offset + 8):
        copy[i] ^= 0xFF
    open(f"damaged-{k:03d}.h5", "wb").write(copy)
PY
failed=0 described=0 refused=0
for file in damaged-*.h5; do
  "$yucun" info "$file" >/dev/null 2>err.txt
  code=$?
  if [[ $code -eq 0 ]]; then
    described=$((described + 1))
  elif [[ $code -eq 2 ]] && grep -q "error: .*$file" err.txt; then
    refused=$((refused + 1))
  else
    failed=$((failed + 1))
    echo "FAIL  info $file: exit $code: $(head -c 300 err.txt)"
  fi
done
echo "$described described, $refused refused with an error naming the file, $failed crashed or unclear"

# Root attributes of the wrong shape (arrays where one value belongs, as a
# crafted file has them): described without them, never read past one value.
/usr/bin/python3 - result.h5 arrays.h5 <<'PY' || { echo "FAIL  making the array-attribute copy"; exit 1; }
import shutil, sys
import h5py, numpy as np
shutil.copy(sys.argv[1], sys.argv[2])
with h5py.File(sys.argv[2], "r+") as f:
    f.attrs["seed"] = np.arange(1000, dtype=np.uint64)
    f.attrs["run"] = np.arange(1000, dtype=np.int64)
    f.attrs["scenario_name"] = np.array(["a"] * 1000, dtype=object)
PY
if out=$("$yucun" info arrays.h5 2>&1) && ! grep -q '^seed:' <<<"$out" && grep -q '^scenario: *$' <<<"$out"; then
  echo "ok    array attributes are left out, not read into one value"
else
  failed=$((failed + 1))
  echo "FAIL  info arrays.h5: $(head -c 300 <<<"$out")"
fi
[[ $failed -eq 0 && $refused -gt 0 ]]
