# shellcheck shell=bash
# Run by run_catalogue.sh in the case's temporary folder (env: YUCUN, RESULT).
/usr/bin/python3 -c '
import h5py, numpy as np
with h5py.File("other.h5", "w") as f:
    f["temperature"] = np.arange(10.0)
    f.attrs["title"] = "weather station"
'
