# shellcheck shell=bash
# Run by run_catalogue.sh in the case's temporary folder (env: YUCUN, RESULT).
/usr/bin/python3 -c '
import h5py, numpy as np
with h5py.File("lookalike.h5", "w") as f:
    f.attrs["model_version"] = "0.1.0"
    f["time"] = np.arange(3)
    f["village_name"] = np.arange(3)
'
