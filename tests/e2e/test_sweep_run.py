#!/usr/bin/env python3
"""End-to-end test of running sweeps: `yucun sweep SWEEP.yaml -o OUT.h5`, its
shards and `yucun merge`, --resume after SIGKILL and SIGTERM, failed runs.

    /usr/bin/python3 tests/e2e/test_sweep_run.py <path-to-yucun> <source-dir>

The tiny grid of scenarios/sweeps (8 one-year runs) is run once at 2 threads;
every other way of running it (1 thread, 3 shards merged, interrupted and
resumed) must give the same bytes (`cmp`). A sweep with a point the scenario
refuses, a full-output sweep and a small Sobol' sweep (read by
analysis/sensitivity.py) cover the rest; then one small sweep per kind of
factor (dates, flags, an option's levels in a sampled design, whole scenario
files crossed with a number) and common random numbers. Prints one line per test and
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


# Entry fees in Yucun, varied by when they start: the tickets begin that day.
DATE_SWEEP = """\
name: date-grid
set:
  calendar.years: 1
  spin_up.years: 0                 # no spin-up: these check the factors, not the start
  policies.fees.enabled: true
  policies.fees.villages: [Yucun]
  policies.fees.ticket_yuan: 20
common_random_numbers: true
output: full
design: grid
parameters:
  - key: policies.fees.start
    values: [2023-03-01, 2023-09-01]
"""

# The same fees, switched off and on: a flag is a two-level factor, drawn
# evenly by a sampled design (an lhs of 2 points gets one of each).
FLAG_SWEEP = """\
name: flag-lhs
set:
  calendar.years: 1
  spin_up.years: 0                 # no spin-up: these check the factors, not the start
  policies.fees.start: 2023-01-01
  policies.fees.villages: [Yucun]
  policies.fees.ticket_yuan: 20
design: {kind: lhs, n: 2}
parameters:
  - key: policies.fees.enabled
    values: [false, true]
"""

# An option's words in a Morris design: the unit coordinate picks the level.
OPTION_SWEEP = """\
name: option-morris
set:
  calendar.years: 1
  spin_up.years: 0                 # no spin-up: these check the factors, not the start
  policies.revenue_sharing.enabled: true
common_random_numbers: true
design: {kind: morris, r: 2}
parameters:
  - key: policies.revenue_sharing.split
    levels: [population, equal]
"""

# Policy x uncertainty: the policy levels are scenario files, crossed with visitors.
FEES_SCENARIO = """\
extends: "@baseline"
name: fees-now
policies:
  fees: {enabled: true, start: 2023-01-01, villages: [Yucun], ticket_yuan: 20}
"""

POLICY_SWEEP = """\
name: policy-x-visitors
set:
  calendar.years: 1
  spin_up.years: 0                 # no spin-up: these check the factors, not the start
design: grid
parameters:
  - key: scenario
    name: policy
    files: ["@baseline", policies/fees_now.yaml]
  - key: tourism.annual_visitors
    values: [1500000, 3000000]
"""

# Two points that differ only in a disabled lever's budget: no effect at all.
CRN_SWEEP = """\
name: crn
set:
  calendar.years: 1
  spin_up.years: 0                 # no spin-up: these check the factors, not the start
replicates: 2
common_random_numbers: true
design: grid
parameters:
  - key: policies.marketing.budget_yuan_per_year
    values: [1000000, 2000000]
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


def test_status_sums_the_runs_done_over_shards():
    # The layout of scripts/slurm/submit.sh: OUTDIR/shards/shard-I.h5. Shard 0 of 3 finished
    # (runs 0, 3, 6), shard 1 interrupted after one checkpoint, shard 2 not started.
    out = path("status-out")
    os.makedirs(os.path.join(out, "shards"), exist_ok=True)
    proc = yucun("sweep", TINY, "--status", out, "--shards", "3")
    assert proc.returncode == 0 and "0 of 8 runs done" in proc.stdout and "3 not started" in proc.stdout, proc.stdout
    proc = yucun("sweep", TINY, "--shard", "0/3", "-o", os.path.join(out, "shards", "shard-0.h5"), "-q")
    assert proc.returncode == 0, proc.stderr
    work = os.path.join(out, "shards", ".shard-1.h5.sweep")
    os.makedirs(work)
    open(os.path.join(work, "run-000000001"), "w").close()
    open(os.path.join(work, "run-99999999999999999999999"), "w").close()  # not a checkpoint of this sweep's
    proc = yucun("sweep", TINY, "--status", out, "--shards", "3")
    assert proc.returncode == 0, proc.stderr
    assert "4 of 8 runs done (50.0%)" in proc.stdout and "1 finished, 1 running or interrupted, 1 not started" in proc.stdout, proc.stdout
    proc = yucun("sweep", TINY, "--status", out, "--shards", "9")
    assert proc.returncode == 2 and "8 runs" in proc.stderr, proc.stderr


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
    assert proc.returncode == 3, (proc.returncode, proc.stderr)  # complete file, some runs failed
    assert "1 of 4 runs failed" in proc.stderr and "run 2" in proc.stderr, proc.stderr
    with h5py.File(path("fail.h5")) as f:
        assert list(f["status"][:]) == [0, 0, 1, 0]
        assert f["run_status"].dtype == np.int8 and list(f["run_status"][:]) == [0, 0, 1, 0]
        errors = [text(e) for e in f["error"][:]]
        assert errors[0] == errors[1] == errors[3] == ""
        assert "own_kg_per_day_max" in errors[2] and "own_kg_per_day_min" in errors[2]
        visitors = f["visitors_yearly"][:]
        assert (visitors[2] == np.iinfo(np.int64).min).all()  # the failed run keeps the fill value (_FillValue)
        assert (visitors[[0, 1, 3]].sum(axis=(1, 2)) > 500_000).all()
        gini = f["gini_yearly"][:, 0]
        assert np.isnan(gini[2]) and np.isfinite(gini[[0, 1, 3]]).all()
        # Every integer series of the failed run holds its declared fill value.
        for name in [n for n in f if n.endswith("_yearly") and f[n].dtype.kind == "i"]:
            assert "_FillValue" in f[name].attrs, name
            assert (f[name][2] == f[name].attrs["_FillValue"]).all(), name


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


# ---- Kinds of factor and common random numbers ------------------------------------------------


def village(f, name):
    return [text(v) for v in f["village_name"][:]].index(name)


def test_a_date_factor_moves_the_policy_start_to_that_day():
    sweep = write("date.yaml", DATE_SWEEP)
    proc = yucun("sweep", sweep, "-o", "date.h5", "-q")
    assert proc.returncode == 0, proc.stderr
    with h5py.File(path("date.h5")) as f:
        # Days since 1970-01-01, as CF time units (xarray reads them as dates).
        start = f["param_start"]
        assert start.dtype == np.int64 and text(start.attrs["units"]) == "days since 1970-01-01"
        assert list(start[:]) == [19417, 19601]  # 2023-03-01, 2023-09-01
        assert text(f.attrs["parameter_kinds"]) == "date"
        tickets = f["revenue_tickets"][:, :, village(f, "Yucun")]
        first_paid = [int(np.nonzero(tickets[r])[0][0]) for r in range(2)]
        assert first_paid == [59, 243], first_paid  # day 0 is 2023-01-01
        # With common random numbers the runs are the same day by day until the earlier start.
        visitors = f["visitors"][:]
        differs = np.nonzero((visitors[0] != visitors[1]).any(axis=1))[0]
        assert differs[0] == 59, differs[:3]
    import xarray as xr
    with xr.open_dataset(path("date.h5")) as ds:
        assert str(ds.param_start.values[1])[:10] == "2023-09-01"


def test_a_flag_factor_is_two_levels_drawn_evenly_by_a_sampled_design():
    sweep = write("flag.yaml", FLAG_SWEEP)
    proc = yucun("sweep", sweep, "-o", "flag.h5", "-q")
    assert proc.returncode == 0, proc.stderr
    with h5py.File(path("flag.h5")) as f:
        assert [text(v) for v in f["level_enabled"][:]] == ["false", "true"]
        assert list(f["param_enabled"][:]) == [0.0, 1.0]
        unit = f["unit_enabled"][:]
        assert unit[0] < 0.5 <= unit[1]
        tickets = f["revenue_tickets_yearly"][:, 0, village(f, "Yucun")]
        assert tickets[0] == 0 and tickets[1] > 0


def test_an_option_factor_in_a_morris_design_takes_the_level_of_its_coordinate():
    sweep = write("option.yaml", OPTION_SWEEP)
    proc = yucun("sweep", sweep, "-o", "option.h5", "-q")
    assert proc.returncode == 0, proc.stderr
    with h5py.File(path("option.h5")) as f:
        unit = f["unit_split"][:]
        levels = [text(v) for v in f["level_split"][:]]
        assert levels == [["population", "equal"][min(int(u * 2), 1)] for u in unit]
        assert set(levels) == {"population", "equal"}
        assert "0 population, 1 equal" in text(f["param_split"].attrs["long_name"])
        # Common random numbers: the same level gives the same run, the other level another.
        shared = f["revenue_shared_yearly"][:, 0, :]
        for a in range(4):
            for b in range(4):
                assert np.array_equal(shared[a], shared[b]) == (levels[a] == levels[b]), (a, b, levels)


def test_scenario_files_as_policy_levels_cross_with_an_uncertainty():
    os.makedirs(path("policies"), exist_ok=True)
    write(os.path.join("policies", "fees_now.yaml"), FEES_SCENARIO)
    sweep = write("policy.yaml", POLICY_SWEEP)
    plan = yucun("sweep", sweep, "--plan")
    assert plan.returncode == 0 and "fees_now" in plan.stdout, plan.stdout + plan.stderr
    proc = yucun("sweep", sweep, "-o", "policy.h5", "-q")
    assert proc.returncode == 0, proc.stderr
    with h5py.File(path("policy.h5")) as f:
        assert [text(v) for v in f["level_policy"][:]] == ["baseline", "baseline", "fees_now", "fees_now"]
        assert list(f["param_policy"][:]) == [0, 0, 1, 1]
        assert list(f["param_annual_visitors"][:]) == [1500000, 3000000] * 2
        assert text(f.attrs["parameter_keys"]) == "scenario,tourism.annual_visitors"
        assert text(f.attrs["parameter_kinds"]) == "scenario,number"
        tickets = f["revenue_tickets_yearly"][:, 0, village(f, "Yucun")]
        assert (tickets[:2] == 0).all() and (tickets[2:] > 0).all()
        assert tickets[3] > tickets[2], "twice the visitors, more tickets"
    shown = yucun("sweep", sweep, "--show-run", "3")
    assert shown.returncode == 0, shown.stderr
    assert 'name: "fees-now"' in shown.stdout and "annual_visitors: 3000000" in shown.stdout


def test_common_random_numbers_pair_the_points_replicate_by_replicate():
    sweep = write("crn.yaml", CRN_SWEEP)
    proc = yucun("sweep", sweep, "-o", "crn.h5", "-q")
    assert proc.returncode == 0, proc.stderr
    independent = write("independent.yaml",
                        CRN_SWEEP.replace("common_random_numbers: true\n", "").replace("replicates: 2", "replicates: 1"))
    proc = yucun("sweep", independent, "-o", "independent.h5", "-q")
    assert proc.returncode == 0, proc.stderr
    with h5py.File(path("crn.h5")) as crn, h5py.File(path("independent.h5")) as ind:
        assert int(crn.attrs["common_random_numbers"]) == 1 and int(ind.attrs["common_random_numbers"]) == 0
        assert list(crn["point"][:]) == [0, 0, 1, 1] and list(crn["replicate"][:]) == [0, 1, 0, 1]
        seeds = list(crn["seed"][:])
        assert seeds[0] == seeds[2] and seeds[1] == seeds[3] and seeds[0] != seeds[1]
        assert len(set(ind["seed"][:])) == 2
        # A budget with no effect: point 1 repeats point 0 exactly, replicate by replicate...
        visitors = crn["visitors_yearly"][:]
        assert np.array_equal(visitors[0], visitors[2]) and np.array_equal(visitors[1], visitors[3])
        assert not np.array_equal(visitors[0], visitors[1]), "replicates still differ"
        # ...while without common random numbers each point has its own runs.
        other = ind["visitors_yearly"][:]
        assert not np.array_equal(other[0], other[1])
        assert np.array_equal(other[0], visitors[0]), "point 0 keeps its seeds either way"


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
    TINY = os.path.join(SRC, "tests", "data", "tiny_grid.yaml")
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
