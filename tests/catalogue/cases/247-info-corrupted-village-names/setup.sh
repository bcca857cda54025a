# shellcheck shell=bash
# Run by run_catalogue.sh in the case's temporary folder (env: YUCUN, RESULT).
# Finds the global heap collection through the first village_name entry
# (a variable-length string: length u32, collection address u64, index u32)
# and inverts 64 bytes 512 bytes into it (where, with the baseline's village
# names, HDF5 spins on the damaged heap; other offsets give other failures).
/usr/bin/python3 - "$RESULT" corrupt.h5 <<'PY'
import struct, sys
import h5py
with h5py.File(sys.argv[1], "r") as f:
    offset = f["village_name"].id.get_offset()
data = bytearray(open(sys.argv[1], "rb").read())
_, heap, _ = struct.unpack_from("<IQI", data, offset)
assert data[heap:heap + 4] == b"GCOL", "no global heap collection where expected"
for i in range(heap + 512, heap + 512 + 64):
    data[i] ^= 0xFF
open(sys.argv[2], "wb").write(data)
PY
