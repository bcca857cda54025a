# shellcheck shell=bash
# Run by run_catalogue.sh in the case's temporary folder (env: YUCUN, RESULT).
/usr/bin/python3 - "$RESULT" corrupt.h5 <<'PY'
import struct, sys
import h5py
with h5py.File(sys.argv[1], "r") as f:
    offset = f["village_name"].id.get_offset()
data = bytearray(open(sys.argv[1], "rb").read())
_, heap, _ = struct.unpack_from("<IQI", data, offset)
assert data[heap:heap + 4] == b"GCOL", "no global heap collection where expected"
for i in range(heap, heap + 16):
    data[i] ^= 0xFF
open(sys.argv[2], "wb").write(data)
PY
