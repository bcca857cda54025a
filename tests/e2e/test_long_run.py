#!/usr/bin/python3
"""A 50-year run stays sound: no overflow in fen, no NaN or infinity, money
conserved exactly every day, stocks never negative.

    /usr/bin/python3 tests/e2e/test_long_run.py path/to/yucun
"""
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np


def main(yucun):
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "fifty.h5")
        # Constant source markets keep the run short; everything else as the baseline.
        subprocess.run([yucun, "run", "-q", "-o", path, "--set", "calendar.years=50",
                        "--set", "tourism.growth_per_year=0"], check=True)
        with h5py.File(path, "r") as f:
            days = f["time"].shape[0]
            if days != 18263:
                failures.append(f"expected 18263 days, got {days}")
            for name, ds in f.items():
                if not isinstance(ds, h5py.Dataset) or ds.dtype.kind not in "fi":
                    continue
                values = ds[:]
                if ds.dtype.kind == "f" and not np.all(np.isfinite(values)):
                    failures.append(f"{name} has NaN or infinite values")
                if ds.dtype.kind == "i" and values.size and np.abs(values).max() > 2**60:
                    failures.append(f"{name} comes within 8x of int64 overflow: {np.abs(values).max()}")
            if np.any(f["money_residual"][:] != 0):
                failures.append("money_residual is not 0 every day")
            if np.any(f["ledger_inconsistent_accounts"][:] != 0):
                failures.append("ledger_inconsistent_accounts is not 0 every day")
            for stock in ["household_deposits", "beds", "visitors", "overnight_guests", "firms_open"]:
                if np.any(f[stock][:] < 0):
                    failures.append(f"{stock} goes negative")
            if np.any(f["overnight_guests"][:] > f["beds"][:]):
                failures.append("more overnight guests than beds on some day")
            years = f["year"][:]
            if years[0] != 2023 or years[-1] != 2072:
                failures.append(f"yearly summaries span {years[0]}-{years[-1]}, not 2023-2072")
            picked = f["fresh_leaf_picked_yearly"][:].sum(axis=1)
            if np.any(picked <= 0):
                failures.append("some year has no tea picked")
    for f in failures:
        print("FAIL ", f)
    print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
