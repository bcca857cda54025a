#!/usr/bin/env python3
"""End-to-end test of running sweeps: `yucun sweep SWEEP.yaml -o OUT.h5`, its
shards and `yucun merge`, --resume after SIGKILL and SIGTERM, failed runs.

    /usr/bin/python3 tests/e2e/test_sweep_run.py <path-to-yucun> <source-dir>

The tiny grid of scenarios/sweeps (8 one-year runs) is run once at 2 threads;
every other way of running it (1 thread, 3 shards merged, interrupted and
resumed) must give the same bytes (`cmp`). A sweep with a point the scenario
refuses, a full-output sweep and a small Sobol' sweep (read by
analysis/sensitivity.py) cover the rest. Prints one line per test and
"N passed, M failed"; exits non-zero when any test failed.
"""

import filecmp
import glob
import os
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
SRC = None
TMP = None
TINY = None
LOCAL = None  # the tiny grid, run once at 2 threads

FAIL_SWEEP = """\
# own_kg_per_day_min 1.9 with max 1.5: each value alone is valid, together refused
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

FULL_SWEEP = """\
name: full-grid
base: "@baseline"
set: {calendar.years: 1}
output: full
seed: 7
design: grid
parameters:
  - key: tourism.annual_visitors
    values: [1000000, 2000000]
"""

SOBOL_SWEEP = """\
name: sobol-small
base: "@baseline"
set: {calendar.years: 1}
design: {kind: sobol, n: 2}
parameters:
  - key: tourism.annual_visitors
    name: visitors
    lo: 800000
    hi: 2000000
"""


def path(name):
    return os.path.join(TMP, name)


def yucun(*args, timeout=300):
    return subprocess.run([YUCUN, *args], capture_output=True, text=True, timeout=timeout, cwd=TMP)


def write(name, text):
    with open(path(name), "w") as f:
        f.write(text)
    return path(name)


def text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def same_file(a, b):
    return filecmp.cmp(a, b, shallow=False)


def work_folder(output):
    return os.path.join(os.path.dirname(output), "." + os.path.basename(output) + ".sweep")


def start_and_stop(args, output, sig):
    """Starts a sweep, sends `sig` once a run is checkpointed, returns the exit code."""
    proc = subprocess.Popen([YUCUN, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=TMP)
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        if glob.glob(os.path.join(work_folder(output), "run-*")):
            break
        time.sleep(0.02)
    assert proc.poll() is None, f"the sweep ended before it could be stopped: {proc.communicate()}"
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out + err


# ---- The file ------------------------------------------------------------------------


def test_layout_follows_the_sweep_file_contract():
    with h5py.File(LOCAL) as f:
        assert f["run"].shape == (8,)
        assert list(f["point"][:]) == [0, 0, 1, 1, 2, 2, 3, 3]
        assert list(f["replicate"][:]) == [0, 1] * 4 and f["replicate"].dtype == np.uint32
        assert f["seed"].dtype == np.uint64 and len(set(f["seed"][:])) == 8
        assert f["status"].dtype == np.int8 and list(f["status"][:]) == [0] * 8
        assert [text(e) for e in f["error"][:]] == [""] * 8
        assert list(f["param_annual_visitors"][:]) == [1320000.0] * 4 + [2640000.0] * 4
        assert list(f["param_travel_time_dislike"][:]) == [0.04, 0.04, 0.08, 0.08] * 2
        assert list(f["unit_annual_visitors"][:]) == [0.0] * 4 + [1.0] * 4
        assert f["visitors_yearly"].shape == (8, 1, 24)
        assert "visitors" not in f, "summary output holds no daily series"
        a = f.attrs
        assert text(a["design"]) == "grid" and text(a["sweep_name"]) == "tiny-grid"
        assert text(a["parameters"]) == "annual_visitors,travel_time_dislike"
        assert text(a["parameter_keys"]) == "tourism.annual_visitors,tourism.choice_minutes"
        assert int(a["replicates"]) == 2 and int(a["points"]) == 4 and int(a["sweep_seed"]) == 20240401
        assert text(a["output_level"]) == "summary" and len(text(a["sweep_hash"])) == 16
        assert "shard" not in a
    assert not os.path.exists(work_folder(LOCAL)), "the work folder is removed after a finished sweep"


def test_opens_with_xarray():
    import xarray as xr
    with xr.open_dataset(LOCAL) as ds:
        assert ds.visitors_yearly.dims == ("run", "year", "village")
        assert int(ds.year[0]) == 2023
        assert ds.param_annual_visitors.dims == ("run",)
        assert (ds.status == 0).all()


def test_a_run_is_the_single_run_of_its_scenario():
    # Run 5 = point 2, replicate 1: `--show-run 5` and `yucun run --seed S --run 1`.
    shown = yucun("sweep", TINY, "--show-run", "5")
    assert shown.returncode == 0, shown.stderr
    write("run5.yaml", shown.stdout)
    with h5py.File(LOCAL) as f:
        seed = int(f["seed"][5])
    single = yucun("run", "run5.yaml", "--seed", str(seed), "--run", "1", "-o", "run5.h5", "-q")
    assert single.returncode == 0, single.stderr
    with h5py.File(LOCAL) as sweep, h5py.File(path("run5.h5")) as run:
        names = [n for n in sweep if n.endswith("_yearly")]
        assert len(names) > 10
        for name in names:
            assert np.array_equal(sweep[name][5], run[name][:], equal_nan=True), name


# ---- Identical however it runs ---------------------------------------------------------


def test_one_thread_gives_the_same_bytes():
    proc = yucun("sweep", TINY, "-o", "t1.h5", "--threads", "1", "-q")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "" and proc.stderr == "", "-q prints nothing"
    assert same_file(LOCAL, path("t1.h5"))


def test_three_shards_merged_give_the_same_bytes():
    for i in range(3):
        proc = yucun("sweep", TINY, "--shard", f"{i}/3", "-o", f"shard-{i}.h5", "-q")
        assert proc.returncode == 0, proc.stderr
    with h5py.File(path("shard-1.h5")) as f:
        assert text(f.attrs["shard"]) == "1/3" and int(f.attrs["shard_count"]) == 3
        assert int(f.attrs["sweep_runs"]) == 8
        assert list(f["sweep_run"][:]) == [1, 4, 7]
    merged = yucun("merge", "shard-2.h5", "shard-0.h5", "shard-1.h5", "-o", "merged.h5")
    assert merged.returncode == 0, merged.stderr
    assert "8 runs" in merged.stdout
    assert same_file(LOCAL, path("merged.h5"))


def test_merge_refuses_shards_that_do_not_make_a_sweep():
    if not os.path.exists(path("shard-0.h5")):
        test_three_shards_merged_give_the_same_bytes()
    other = write("other.yaml", open(TINY).read().replace("seed: 20240401", "seed: 5"))
    assert yucun("sweep", other, "--shard", "1/3", "-o", "other-1.h5", "-q").returncode == 0
    cases = [
        (["shard-0.h5", "shard-1.h5"], "missing shard 2/3"),
        (["shard-0.h5", "shard-1.h5", "shard-1.h5"], "both shard 1/3"),
        (["shard-0.h5", "other-1.h5", "shard-2.h5"], "different sweeps"),
        ([LOCAL, "shard-1.h5"], "not a shard"),
        (["shard-0.h5", "nothing.h5"], "nothing.h5"),
    ]
    for shards, message in cases:
        proc = yucun("merge", *shards, "-o", "bad.h5")
        assert proc.returncode == 2, (shards, proc.returncode, proc.stderr)
        assert message in proc.stderr, (shards, proc.stderr)
        assert not os.path.exists(path("bad.h5"))
    exists = yucun("merge", "shard-0.h5", "shard-1.h5", "shard-2.h5", "-o", LOCAL)
    assert exists.returncode == 2 and "already exists" in exists.stderr


# ---- Interrupted and resumed ----------------------------------------------------------------


def test_resume_after_sigkill_gives_the_same_bytes():
    out = path("killed.h5")
    code, _ = start_and_stop(["sweep", TINY, "-o", out, "-q"], out, signal.SIGKILL)
    assert code == -signal.SIGKILL
    assert not os.path.exists(out), "no file at the final name"
    again = yucun("sweep", TINY, "-o", out, "-q")
    assert again.returncode == 2 and "--resume" in again.stderr, again.stderr
    resumed = yucun("sweep", TINY, "-o", out, "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert "taken from the interrupted sweep" in resumed.stdout, resumed.stdout
    assert same_file(LOCAL, out)
    assert not os.path.exists(work_folder(out))


def test_sigterm_stops_cleanly_and_resume_finishes():
    out = path("term.h5")
    code, messages = start_and_stop(["sweep", TINY, "-o", out, "-q"], out, signal.SIGTERM)
    assert code == 130, (code, messages)
    assert "--resume" in messages
    assert not os.path.exists(out)
    assert not glob.glob(path(".term.h5.part-*")), "the temporary file is removed"
    resumed = yucun("sweep", TINY, "-o", out, "--resume", "-q")
    assert resumed.returncode == 0, resumed.stderr
    assert same_file(LOCAL, out)


def test_resume_of_a_changed_sweep_is_refused():
    sweep = write("changing.yaml", open(TINY).read())
    out = path("changing.h5")
    code, _ = start_and_stop(["sweep", sweep, "-o", out, "-q"], out, signal.SIGKILL)
    assert code == -signal.SIGKILL
    write("changing.yaml", open(TINY).read().replace("values: [0.04, 0.08]", "values: [0.04, 0.09]"))
    proc = yucun("sweep", sweep, "-o", out, "--resume")
    assert proc.returncode == 2 and "has changed" in proc.stderr, proc.stderr
    assert not os.path.exists(out)
    forced = yucun("sweep", sweep, "-o", out, "--force", "-q")
    assert forced.returncode == 0, forced.stderr


# ---- Failed runs, output levels, the analysis -------------------------------------------------


def test_a_failed_run_is_recorded_and_the_others_are_kept():
    sweep = write("fail.yaml", FAIL_SWEEP)
    proc = yucun("sweep", sweep, "-o", "fail.h5", "-q")
    assert proc.returncode == 1, (proc.returncode, proc.stderr)
    assert "1 of 4 runs failed" in proc.stderr and "run 2" in proc.stderr, proc.stderr
    with h5py.File(path("fail.h5")) as f:
        assert list(f["status"][:]) == [0, 0, 1, 0]
        errors = [text(e) for e in f["error"][:]]
        assert errors[0] == errors[1] == errors[3] == ""
        assert "own_kg_per_day_max" in errors[2] and "own_kg_per_day_min" in errors[2]
        visitors = f["visitors_yearly"][:].sum(axis=(1, 2))
        assert visitors[2] == 0 and (visitors[[0, 1, 3]] > 500_000).all()
        gini = f["gini_yearly"][:, 0]
        assert np.isnan(gini[2]) and np.isfinite(gini[[0, 1, 3]]).all()


def test_full_output_holds_daily_series_and_shards_match():
    sweep = write("full.yaml", FULL_SWEEP)
    assert yucun("sweep", sweep, "-o", "full.h5", "-q").returncode == 0
    for i in range(2):
        assert yucun("sweep", sweep, "--shard", f"{i}/2", "-o", f"full-{i}.h5", "-q").returncode == 0
    assert yucun("merge", "full-0.h5", "full-1.h5", "-o", "full-merged.h5", "-q").returncode == 0
    assert same_file(path("full.h5"), path("full-merged.h5"))
    with h5py.File(path("full.h5")) as f:
        assert f["visitors"].shape == (2, 365, 24)
        assert f["visitors"][1].sum() > f["visitors"][0].sum()
        assert np.array_equal(f["visitors"][:].sum(axis=1), f["visitors_yearly"][:, 0, :])


def test_sensitivity_analysis_reads_a_sobol_sweep():
    sweep = write("sobol.yaml", SOBOL_SWEEP)
    proc = yucun("sweep", sweep, "-o", "sobol.h5", "-q")
    assert proc.returncode == 0, proc.stderr
    analysis = subprocess.run(["/usr/bin/python3", os.path.join(SRC, "analysis", "sensitivity.py"), path("sobol.h5"),
                               "--indicator", "visitors", "--no-plot", "--bootstrap", "0", "--format", "json"],
                              capture_output=True, text=True, timeout=120)
    assert analysis.returncode == 0, analysis.stderr
    assert "visitors" in analysis.stdout


def test_bad_options_are_refused_without_output():
    cases = [
        (["--shard", "3/3"], "numbered 0 to 2"),
        (["--shard", "1-3"], "expected I/N"),
        (["--resume", "--force"], "not both"),
    ]
    for args, message in cases:
        proc = yucun("sweep", TINY, "-o", "opt.h5", *args)
        assert proc.returncode == 2 and message in proc.stderr, (args, proc.stderr)
        assert not os.path.exists(path("opt.h5"))
    exists = yucun("sweep", TINY, "-o", LOCAL)
    assert exists.returncode == 2 and "already exists" in exists.stderr


def main(argv):
    global YUCUN, SRC, TMP, TINY, LOCAL
    if len(argv) != 3:
        print(f"usage: {argv[0]} <path-to-yucun> <source-dir>", file=sys.stderr)
        return 2
    YUCUN = os.path.abspath(argv[1])
    SRC = os.path.abspath(argv[2])
    TINY = os.path.join(SRC, "scenarios", "sweeps", "tiny_grid.yaml")
    TMP = tempfile.mkdtemp(prefix="yucun-sweep-run-")
    LOCAL = path("local.h5")
    try:
        proc = yucun("sweep", TINY, "-o", LOCAL, "--threads", "2")
        if proc.returncode != 0:
            print(f"FAIL  yucun sweep tiny_grid.yaml -o local.h5 exited {proc.returncode}:\n{proc.stdout}{proc.stderr}")
            print("0 passed, 1 failed")
            return 1
        return run_tests(globals(), timed=True)
    finally:
        shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
