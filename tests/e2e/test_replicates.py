#!/usr/bin/env python3
"""End-to-end test of `yucun run --replicates N`: one file with a leading `run`
dimension, in which replicate r is exactly the single run `--run r`.

    /usr/bin/python3 tests/e2e/test_replicates.py <path-to-yucun>

Runs the built-in scenario for one year (`--set calendar.years=1`): three
replicates at 2 threads and again at 1 thread, and the single runs --run 0, 1
and 2; then calls every test_* function. Prints one line per test and a final
"N passed, M failed"; exits non-zero when any test failed.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np

from harness import run_tests

YUCUN = None
TMP = None
REPLICATES = 3
ONE_YEAR = ["--set", "calendar.years=1"]
DAYS = 365
VILLAGES = 24
SEED = 20230101
RUN_OUTPUT = ""


def path(name):
    return os.path.join(TMP, name)


def yucun(*args, timeout=300):
    return subprocess.run([YUCUN, *args], capture_output=True, text=True, timeout=timeout)


def text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def scale_names(ds):
    return [[text(n) for n in ds.dims[axis].keys()] for axis in range(ds.ndim)]


def is_series(ds):
    """A daily or yearly series: its first dimension (after run) is time or year."""
    dims = scale_names(ds)
    return len(dims) > 0 and dims[0] in (["time"], ["year"]) and ds.name.strip("/") not in ("time", "year")


# ---- Layout ------------------------------------------------------------------------


def test_printed_summary():
    assert f"{REPLICATES} replicates (runs 0 to {REPLICATES - 1})" in RUN_OUTPUT, RUN_OUTPUT
    assert f"mean over the {REPLICATES} replicates" in RUN_OUTPUT, RUN_OUTPUT
    assert "money conserved: residual 0 fen every day in every replicate" in RUN_OUTPUT, RUN_OUTPUT
    assert re.search(r"^2023 ", RUN_OUTPUT, re.M), f"no 2023 line in the summary:\n{RUN_OUTPUT}"


def test_run_dimension_on_every_series():
    with h5py.File(path("rep.h5"), "r") as f, h5py.File(path("run-0.h5"), "r") as single:
        assert int(f.attrs["replicates"]) == REPLICATES, f"replicates attribute {f.attrs.get('replicates')}"
        assert "run" not in f.attrs, "a replicate file has a root 'run' attribute"
        assert int(f.attrs["seed"]) == SEED, f"seed attribute {f.attrs['seed']}"
        assert int(f.attrs["gateway_village"]) == 0, "the gateway is Yucun, village 0"
        run = f["run"]
        assert h5py.h5ds.is_scale(run.id), "run is not a dimension scale"
        assert run.dtype == np.int32 and np.array_equal(run[:], np.arange(REPLICATES)), f"run = {run[:]}"
        assert f["seed"].dtype == np.uint64 and list(f["seed"][:]) == [SEED] * REPLICATES, f"seed = {f['seed'][:]}"
        assert list(f["replicate"][:]) == list(range(REPLICATES)), f"replicate = {f['replicate'][:]}"
        for name in ("seed", "replicate"):
            assert scale_names(f[name]) == [["run"]], f"{name} is not on the run dimension"
        series = [n for n in single if is_series(single[n])]
        assert len(series) > 100, f"only {len(series)} series in a single run"
        for name in series:
            ds = f[name]
            assert ds.shape == (REPLICATES,) + single[name].shape, f"{name} has shape {ds.shape}"
            assert scale_names(ds) == [["run"]] + scale_names(single[name]), f"{name} dims {scale_names(ds)}"
        assert f["visitors"].shape == (REPLICATES, DAYS, VILLAGES)
        assert f["visitors"].chunks[0] == 1, f"visitors chunks {f['visitors'].chunks}: expected one run a chunk"


def test_replicate_equals_the_single_run():
    with h5py.File(path("rep.h5"), "r") as f:
        for r in range(REPLICATES):
            with h5py.File(path(f"run-{r}.h5"), "r") as single:
                assert int(single.attrs["run"]) == r
                for name in single:
                    a = single[name]
                    b = f[name][r] if is_series(a) else f[name][()]
                    assert a.dtype == f[name].dtype, f"{name}: dtype {f[name].dtype}, single run {a.dtype}"
                    if a.dtype.kind == "f":
                        same = np.array_equal(a[()], b, equal_nan=True)
                    else:
                        same = np.array_equal(a[()], b)
                    assert same, f"replicate {r} of {name} differs from the single run --run {r}"
                    for attr in ("units", "long_name"):
                        assert text(a.attrs[attr]) == text(f[name].attrs[attr]), f"{name}.{attr} differs"
                for attr in ("scenario", "scenario_name", "model_version", "seed", "gateway_village"):
                    assert single.attrs[attr] == f.attrs[attr], f"root attribute {attr} differs"


def test_replicates_differ():
    with h5py.File(path("rep.h5"), "r") as f:
        v = f["visitors_yearly"][:]
        for r in range(1, REPLICATES):
            assert not np.array_equal(v[0], v[r]), f"replicates 0 and {r} have the same visitors"


def test_byte_identical_at_1_and_2_threads():
    with open(path("rep.h5"), "rb") as a, open(path("rep-1thread.h5"), "rb") as b:
        assert a.read() == b.read(), "--replicates at --threads 1 and 2 gave different files"


def test_rerun_is_byte_identical():
    proc = yucun("run", *ONE_YEAR, "--replicates", str(REPLICATES), "-o", path("rep.h5"), "--force", "-q",
                 "--threads", "2")
    assert proc.returncode == 0, proc.stderr
    with open(path("rep.h5"), "rb") as a, open(path("rep-1thread.h5"), "rb") as b:
        assert a.read() == b.read(), "the same --replicates command gave a different file"


# ---- Readers -------------------------------------------------------------------------


def test_xarray_reads_the_replicates():
    import xarray as xr

    with xr.open_dataset(path("rep.h5")) as ds, xr.open_dataset(path("run-1.h5")) as one:
        assert ds.sizes["run"] == REPLICATES and ds.sizes["time"] == DAYS and ds.sizes["village"] == VILLAGES, \
            f"dims {dict(ds.sizes)}"
        assert ds.visitors.dims == ("run", "time", "village"), ds.visitors.dims
        assert ds.gini_yearly.dims == ("run", "year"), ds.gini_yearly.dims
        assert ds.road_from.dims == ("road",), ds.road_from.dims
        assert np.issubdtype(ds.time.dtype, np.datetime64), f"time decodes as {ds.time.dtype}"
        assert np.array_equal(ds.visitors.sel(run=1).values, one.visitors.values), "xarray: run 1 differs"
        mean = ds.visitors_yearly.sum("village").mean("run").item()
        assert mean > 1e6, f"mean visitors over replicates {mean}"


def test_ncdump_header():
    ncdump = shutil.which("ncdump")
    assert ncdump, "ncdump not found on PATH (install netcdf-bin)"
    proc = subprocess.run([ncdump, "-h", path("rep.h5")], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, f"ncdump -h exited {proc.returncode}: {proc.stderr}"
    for pattern in (rf"^\s*run = {REPLICATES} ;", rf"^\s*time = {DAYS} ;", rf"^\s*village = {VILLAGES} ;",
                    r"^\s*int64 visitors\(run, time, village\) ;", r"^\s*double gini\(run, time\) ;",
                    r"^\s*int64 visitors_yearly\(run, year, village\) ;", r"^\s*uint64 seed\(run\) ;",
                    r"^\s*int run\(run\) ;", r"^\s*:replicates = 3"):
        assert re.search(pattern, proc.stdout, re.M), f"ncdump -h lacks /{pattern}/"


# ---- The command line -------------------------------------------------------------------


def test_replicates_and_run_together_are_refused():
    proc = yucun("run", *ONE_YEAR, "--replicates", "2", "--run", "1", "-o", path("both.h5"))
    assert proc.returncode == 2, f"exit {proc.returncode}: {proc.stderr}"
    assert "--replicates" in proc.stderr and "--run" in proc.stderr, proc.stderr
    assert not os.path.exists(path("both.h5"))
    proc = yucun("run", *ONE_YEAR, "--replicates", "0", "-o", path("none.h5"))
    assert proc.returncode == 2 and "--replicates" in proc.stderr, f"exit {proc.returncode}: {proc.stderr}"
    proc = yucun("run", *ONE_YEAR, "--replicates", "2", "-o", path("rep.h5"))
    assert proc.returncode == 2 and "already exists" in proc.stderr, f"exit {proc.returncode}: {proc.stderr}"


def test_interrupted_replicates_leave_no_file():
    target = path("interrupted.h5")
    proc = subprocess.Popen([YUCUN, "run", "--replicates", "4", "-o", target, "-q"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    time.sleep(0.8)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, f"exit {proc.returncode} after SIGINT: {err}"
    assert "no result written" in err, err
    leftovers = [n for n in os.listdir(TMP) if n.startswith("interrupted") or n.startswith(".interrupted")]
    assert not leftovers, f"an interrupted run left {leftovers}"


# ---- Driver ----------------------------------------------------------------------------


def main(argv):
    global YUCUN, TMP, RUN_OUTPUT
    if len(argv) != 2:
        print(f"usage: {argv[0]} <path-to-yucun>", file=sys.stderr)
        return 2
    YUCUN = os.path.abspath(argv[1])
    TMP = tempfile.mkdtemp(prefix="yucun-replicates-")
    try:
        setup = [("rep.h5", ["--replicates", str(REPLICATES), "--threads", "2"]),
                 ("rep-1thread.h5", ["--replicates", str(REPLICATES), "--threads", "1", "-q"])]
        setup += [(f"run-{r}.h5", ["--run", str(r), "-q"]) for r in range(REPLICATES)]
        for name, args in setup:
            proc = yucun("run", *ONE_YEAR, *args, "-o", path(name))
            if name == "rep.h5":
                RUN_OUTPUT = proc.stdout + proc.stderr
            if proc.returncode != 0:
                print(f"FAIL  yucun run {' '.join(args)} -o {name} exited {proc.returncode}:\n{proc.stdout}{proc.stderr}")
                print("0 passed, 1 failed")
                return 1
        return run_tests(globals())
    finally:
        shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
