#!/usr/bin/env python3
"""End-to-end test of `yucun table`: a result file as a tidy table.

    /usr/bin/python3 tests/e2e/test_table.py <path-to-yucun>

Runs a tiny grid sweep (two points, two replicates, one year) and a replicate
set, turns them into tables and checks that pandas reads the CSV and JSON in
one line each, that every value equals the file's own numbers (read with h5py,
independently of yucun), that parameters, replicates and seeds are columns,
that a failed run's indicators are empty, and that bad requests are refused.
Prints one line per test and a final "N passed, M failed".
"""

import io
import os
import shutil
import subprocess
import sys
import tempfile

import h5py
import numpy as np
import pandas as pd

from harness import run_tests

YUCUN = None
TMP = None
SWEEP = None
REPS = None

# Two visitor volumes x two picking minimums x two replicates; the minimum 1.9
# above the maximum 1.5 is refused by the scenario, so those runs fail.
SWEEP_YAML = """\
name: table-grid
base: "@baseline"
set: {calendar.years: 1, spin_up.years: 0}
seed: 11
replicates: 2
design: grid
parameters:
  - key: tourism.annual_visitors
    name: visitors_per_year
    values: [1000000, 2000000]
  - key: tea.picking.own_kg_per_day_min
    values: [1.0, 1.9]
  - key: tea.picking.own_kg_per_day_max
    values: [1.5]
"""


def table(*args):
    return subprocess.run([YUCUN, "table", *args], capture_output=True, text=True, timeout=120)


def setup():
    global SWEEP, REPS
    spec = os.path.join(TMP, "grid.yaml")
    with open(spec, "w") as f:
        f.write(SWEEP_YAML)
    SWEEP = os.path.join(TMP, "grid.h5")
    p = subprocess.run([YUCUN, "sweep", spec, "-o", SWEEP, "--threads", "2"], capture_output=True, text=True,
                       timeout=300)
    assert os.path.exists(SWEEP), p.stderr
    REPS = os.path.join(TMP, "reps.h5")
    p = subprocess.run([YUCUN, "run", "--set", "calendar.years=1", "--set", "spin_up.years=0", "--replicates", "2", "-o",
                        REPS, "-q"],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr


def test_sweep_table_round_trips_through_pandas():
    p = table(SWEEP, "--indicator", "visitors", "collective_income", "gini")
    assert p.returncode == 0, p.stderr
    df = pd.read_csv(io.StringIO(p.stdout))
    with h5py.File(SWEEP, "r") as f:
        runs = len(f["run"])
        visitors = f["visitors_yearly"][:].sum(axis=2)[:, 0]
        collective = f["collective_income_yearly"][:].sum(axis=2)[:, 0] / 100
        gini = f["gini_yearly"][:, 0]
        status = f["run_status"][:] if "run_status" in f else f["status"][:]
        seeds = f["seed"][:]
        point = f["point"][:]
        volumes = f["param_visitors_per_year"][:]
    assert len(df) == runs == 8, f"{len(df)} rows for {runs} runs"
    for col in ("run", "point", "replicate", "seed", "param_visitors_per_year", "param_own_kg_per_day_min",
                "level", "where", "period", "days", "visitors", "collective_income", "gini"):
        assert col in df.columns, f"no column {col}: {list(df.columns)}"
    assert list(df["point"]) == list(point) and list(df["param_visitors_per_year"]) == list(volumes)
    # Seeds are 64-bit: exact, not rounded through a double.
    assert [int(s) for s in df["seed"]] == [int(s) for s in seeds], (list(df["seed"]), list(seeds))
    ok = status == 0
    assert ok.sum() == 4 and (~ok).sum() == 4, status
    assert np.array_equal(df["visitors"][ok].to_numpy(), visitors[ok]), (df["visitors"], visitors)
    assert np.allclose(df["collective_income"][ok].to_numpy(), collective[ok], rtol=1e-12)
    assert np.allclose(df["gini"][ok].to_numpy(), gini[ok], rtol=1e-12)
    assert df["visitors"][~ok].isna().all(), "a failed run's indicators are empty, never 0"
    # More visitors asked for, more visits.
    by_volume = df[ok].groupby("param_visitors_per_year")["visitors"].mean()
    assert by_volume[2000000] > 1.5 * by_volume[1000000], by_volume
    # JSON: the same rows, one line to read.
    j = table(SWEEP, "--indicator", "visitors", "collective_income", "gini", "--format", "json")
    dj = pd.read_json(io.StringIO(j.stdout), dtype={"seed": str})
    assert len(dj) == len(df) and list(dj.columns) == list(df.columns), (list(dj.columns), list(df.columns))
    assert [int(s) for s in dj["seed"]] == [int(s) for s in seeds]
    assert np.array_equal(dj["visitors"][ok].to_numpy(), df["visitors"][ok].to_numpy())
    assert dj["visitors"][~ok].isna().all()


def test_places_periods_and_npv():
    p = table(REPS, "--level", "all", "--indicator", "visitors", "income_per_capita", "net_public_cost", "gini",
              "--discount", "0.05")
    assert p.returncode == 0, p.stderr
    df = pd.read_csv(io.StringIO(p.stdout))
    with h5py.File(REPS, "r") as f:
        names = [n.decode() if isinstance(n, bytes) else n for n in f["village_name"][:]]
        townships = [n.decode() if isinstance(n, bytes) else n for n in f["village_township"][:]]
        v = f["visitors_yearly"][:, 0, :]
        cost = f["net_public_cost_yearly"][:, 0] / 100
    # 2 runs x (1 area + townships + 24 villages) rows of one period.
    places = 1 + len(set(townships)) + len(names)
    assert len(df) == 2 * places, (len(df), places)
    yucun = df[(df["where"] == names[0]) & (df["level"] == "village")]
    assert np.array_equal(yucun["visitors"].to_numpy(), v[:, 0]), (yucun["visitors"], v[:, 0])
    t0 = townships[0]
    tw = df[(df["level"] == "township") & (df["where"] == t0)]
    members = [i for i, t in enumerate(townships) if t == t0]
    assert np.array_equal(tw["visitors"].to_numpy(), v[:, members].sum(axis=1))
    area = df[df["level"] == "area"]
    assert np.allclose(area["net_public_cost"], cost) and np.allclose(area["net_public_cost_npv"], cost), \
        "one year: the NPV is the year's total"
    assert df[df["level"] == "village"]["gini"].isna().all(), "gini is area-wide: empty on village rows"
    assert area["gini"].notna().all()


def test_list_and_refusals():
    p = table(REPS, "--list")
    assert p.returncode == 0 and "income_per_capita" in p.stdout and "beds" in p.stdout, p.stdout
    for args, fragment in (([REPS, "--indicator", "nope"], "has no indicator 'nope'"),
                           ([REPS, "--indicator", "gini", "--level", "village"], "area-wide"),
                           ([REPS, "--indicator", "leaf_price"], "daily series"),
                           ([REPS, "--year", "2031"], "not the period"),
                           ([os.path.join(TMP, "missing.h5")], "missing.h5")):
        p = table(*args)
        assert p.returncode == 2 and fragment in p.stderr, f"{args}: exit {p.returncode}, {p.stderr}"
        assert p.stdout == "", p.stdout
    out = os.path.join(TMP, "t.csv")
    p = table(REPS, "-o", out)
    assert p.returncode == 0 and os.path.exists(out) and not os.path.exists(out + ".part"), p.stderr
    before = open(out, "rb").read()
    p = table(REPS, "--format", "json", "-o", out)  # an existing table is kept without --force
    assert p.returncode == 2 and "--force" in p.stderr and open(out, "rb").read() == before, p.stderr
    p = table(REPS, "--format", "json", "-o", out, "--force")
    assert p.returncode == 0 and open(out, "rb").read().startswith(b"["), p.stderr


def main(argv):
    global YUCUN, TMP
    if len(argv) != 2:
        print(f"usage: {argv[0]} <path-to-yucun>", file=sys.stderr)
        return 2
    YUCUN = os.path.abspath(argv[1])
    TMP = tempfile.mkdtemp(prefix="yucun-table-")
    try:
        setup()
        return run_tests(globals())
    finally:
        shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
