#!/usr/bin/env python3
"""End-to-end test of the result files' CF conventions (docs/output.md,
"Missing values" and "Coordinates"): village names and townships as
coordinates, `_FillValue` on every series, integer ones included, so that a
run a sweep left out reads as missing, not 0 — in xarray (netCDF-4), h5py
and `yucun info`.

    /usr/bin/python3 tests/e2e/test_conventions.py <path-to-yucun>

Runs one 1-year run and a 4-run sweep whose run 2 fails (about 5 s).
"""

import os
import shutil
import subprocess
import sys
import tempfile

import h5py
import numpy as np

from harness import run_tests

YUCUN = None
TMP = None
INT64_MIN = np.iinfo(np.int64).min

# own_kg_per_day_min 1.9 with max 1.5: each value alone is valid, together refused (run 2).
FAIL_SWEEP = """\
name: fail-grid
base: "@baseline"
set: {calendar.years: 1}
design: grid
parameters:
  - key: tea.picking.own_kg_per_day_min
    values: [1.0, 1.9]
  - key: tea.picking.own_kg_per_day_max
    values: [1.5, 2.5]
"""


def path(name):
    return os.path.join(TMP, name)


def yucun(*args):
    return subprocess.run([YUCUN, *args], capture_output=True, text=True, timeout=300, cwd=TMP)


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def test_village_names_are_coordinates_in_xarray():
    import xarray as xr

    with xr.open_dataset(path("run.h5"), engine="netcdf4") as ds:
        for name in ("village_name", "village_township"):
            assert name in ds.coords, f"{name} is not a coordinate: coords {list(ds.coords)}"
        assert "village_name" in ds.visitors.coords and "village_name" in ds.visitors_yearly.coords
        assert "village_name" in ds.village_population.coords
        names = [text(n) for n in ds.village_name.values]
        assert names[0] == "Yucun" and len(names) == 24, names
        assert text(ds.visitors.village_township.values[0]) == "Tianhuangping"
        # area-wide series carry no village coordinates
        assert "village_name" not in ds.gini.coords and "village_name" not in ds.visitors_total.coords
        # selecting by name, as docs/output.md shows
        by_name = ds.visitors_yearly.swap_dims(village="village_name").sel(village_name="Yucun")
        assert by_name.dims == ("year",) and float(by_name.sum()) > 0


def test_every_series_declares_its_fill_value():
    with h5py.File(path("run.h5"), "r") as f:
        for name, ds in f.items():
            if not isinstance(ds, h5py.Dataset) or h5py.h5ds.is_scale(ds.id) or ds.ndim == 0:
                continue
            dims = [s[0].name.lstrip("/") if len(s) else "" for s in ds.dims]
            if "time" not in dims and "year" not in dims:
                continue
            assert "_FillValue" in ds.attrs, f"{name} has no _FillValue"
            fill = ds.attrs["_FillValue"]
            assert np.asarray(fill).dtype == ds.dtype, f"{name}: _FillValue of type {np.asarray(fill).dtype}, data {ds.dtype}"
            if ds.dtype.kind == "i":
                assert fill == INT64_MIN, f"{name}: integer fill {fill}"
                assert ds.fillvalue == INT64_MIN, f"{name}: HDF5 fill value {ds.fillvalue}"
                assert not (ds[()] == INT64_MIN).any(), f"{name} holds its fill value in a complete run"
            else:
                assert np.isnan(fill), f"{name}: real fill {fill}"
            if "village" in dims:
                assert text(ds.attrs.get("coordinates")) == "village_name village_township", name


def test_ncdump_shows_the_fill_values():
    ncdump = shutil.which("ncdump")
    assert ncdump, "ncdump not found on PATH (install netcdf-bin)"
    header = subprocess.run([ncdump, "-h", path("run.h5")], capture_output=True, text=True, timeout=60)
    assert header.returncode == 0, header.stderr
    assert "visitors:_FillValue = -9223372036854775808LL ;" in header.stdout, header.stdout[:3000]
    assert 'visitors:coordinates = "village_name village_township" ;' in header.stdout


def test_a_failed_sweep_run_reads_as_missing():
    import xarray as xr

    with h5py.File(path("fail.h5"), "r") as f:
        assert list(f["status"][:]) == [0, 0, 1, 0]
        raw = f["visitors_yearly"][:]
        assert (raw[2] == INT64_MIN).all(), "the failed run's integer rows do not hold the fill value"
        assert (raw[[0, 1, 3]] >= 0).all()
    with xr.open_dataset(path("fail.h5"), engine="netcdf4") as ds:
        visitors = ds.visitors_yearly
        assert visitors.isel(run=2).isnull().all(), "a failed run's visitors do not decode as missing"
        assert visitors.isel(run=[0, 1, 3]).notnull().all()
        assert float(visitors.isel(run=[0, 1, 3]).sum("village").min()) > 500_000
        # a mean over runs skips the failed one rather than averaging in zeros (min_count=1:
        # xarray's sum of nothing but NaN is otherwise 0)
        mean = visitors.sum("village", min_count=1).mean("run")
        expected = visitors.isel(run=[0, 1, 3]).sum("village").mean("run")
        assert np.allclose(mean, expected), (mean.values, expected.values)
        assert ds.gini_yearly.isel(run=2).isnull().all()
        assert "village_name" in visitors.coords


def test_yucun_info_reads_a_file_with_fill_values():
    proc = yucun("info", path("fail.h5"))
    assert proc.returncode == 0, proc.stderr
    assert "visitors_yearly" in proc.stdout


def main(argv):
    global YUCUN, TMP
    if len(argv) != 2:
        print(f"usage: {argv[0]} <path-to-yucun>", file=sys.stderr)
        return 2
    YUCUN = os.path.abspath(argv[1])
    TMP = tempfile.mkdtemp(prefix="yucun-conventions-")
    try:
        proc = yucun("run", "--set", "calendar.years=1", "-q", "-o", path("run.h5"))
        if proc.returncode != 0:
            print(f"FAIL  yucun run exited {proc.returncode}:\n{proc.stderr}\n0 passed, 1 failed")
            return 1
        with open(path("fail.yaml"), "w") as f:
            f.write(FAIL_SWEEP)
        proc = yucun("sweep", path("fail.yaml"), "-o", path("fail.h5"), "-q")
        if proc.returncode != 3 or not os.path.isfile(path("fail.h5")):
            print(f"FAIL  the failing sweep exited {proc.returncode}:\n{proc.stderr}\n0 passed, 1 failed")
            return 1
        return run_tests(globals(), timed=True)
    finally:
        shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
