# shellcheck shell=bash
# Run by run_catalogue.sh in the case's temporary folder (env: YUCUN, RESULT).
/usr/bin/python3 - "$RESULT" corrupt.h5 <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
middle = len(data) // 2
for i in range(middle, min(middle + 4096, len(data))):
    data[i] ^= 0xFF
open(sys.argv[2], "wb").write(data)
PY
