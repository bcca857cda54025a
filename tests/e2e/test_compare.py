#!/usr/bin/env python3
"""End-to-end test of `yucun compare` on files with known values.

    /usr/bin/python3 tests/e2e/test_compare.py <path-to-yucun>

Builds small result files with h5py (three villages in two townships, the years
2023 and 2024, no simulation) whose yearly variables are chosen so that every
indicator has a known value; checks the CSV (means, intervals and differences
computed here independently, the marks, township weighting, money in yuan), that
JSON says the same, the period options and the refusals. One check uses real
runs: a one-year replicate file compared with itself. Prints one line per test
and a final "N passed, M failed"; exits non-zero when any test failed.
"""

import csv
import io
import json
import math
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

HEADER = ("scenario,file,indicator,where,units,period,replicates,mean,ci_low,ci_high,diff,diff_ci_low,"
          "diff_ci_high,distinguishable,diff_method,pct_change,summary")
VILLAGES = ["Alpha", "Beta", "Gamma"]
TOWNSHIPS = ["East", "East", "West"]
POPULATION = [100, 300, 200]
GATEWAY = 1  # Beta
YEARS = [2023, 2024]
# Student-t 0.975 quantiles from the published table.
T975 = {2: 4.302652729749464, 4: 2.7764451051977987}


# ---- Statistics, computed independently of yucun --------------------------------------


def t_quantile(p, df):
    """Student-t quantile: scipy when present, else bisection on the CDF found by
    integrating the density numerically (Simpson's rule)."""
    try:
        from scipy import stats
        return float(stats.t.ppf(p, df))
    except ImportError:
        pass
    c = math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2)) / math.sqrt(df * math.pi)

    def cdf(t):
        n = 2000
        h = t / n
        s = sum((1 if i in (0, n) else 4 if i % 2 else 2) * (1 + (i * h) ** 2 / df) ** (-(df + 1) / 2)
                for i in range(n + 1))
        return 0.5 + c * s * h / 3

    lo, hi = 0.0, 1.0
    while cdf(hi) < p:
        hi *= 2
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if cdf(mid) < p else (lo, mid)
    return (lo + hi) / 2


def mean_ci(x):
    x = np.asarray(x, dtype=float)
    m = x.mean()
    if len(x) < 2:
        return m, None, None
    half = t_quantile(0.975, len(x) - 1) * x.std(ddof=1) / math.sqrt(len(x))
    return m, m - half, m + half


def welch(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    d = b.mean() - a.mean()
    if len(a) < 2 or len(b) < 2:
        return d, None, None
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    if va + vb == 0:
        return d, d, d
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    half = t_quantile(0.975, df) * math.sqrt(va + vb)
    return d, d - half, d + half


# ---- Files with known values ------------------------------------------------------------


def write_result(name, scenario, visitors, overnight=None, ipc=None, gini=None, collective_fen=None, tea_fen=None,
                 public_fen=None, rural=None, ratio=None, runs=True, villages=VILLAGES, years=YEARS,
                 drop=(), start="2023-01-01", streams=None, extra=None, attrs=None):
    """A result file: per-run arrays [run][year][village] (or [run][year]) given as
    nested lists; runs=False writes the first run without a run dimension."""
    path = os.path.join(TMP, name)
    visitors = np.asarray(visitors, dtype=np.int64)
    n_runs, n_years, n_villages = visitors.shape
    assert n_years == len(years) and n_villages == len(villages)

    def default(shape, value):
        return np.full(shape, value)

    series = {
        "visitors_yearly": visitors,
        "overnight_guests_yearly": np.asarray(overnight if overnight is not None else visitors // 5, dtype=np.int64),
        "village_income_per_capita_yearly": np.asarray(ipc if ipc is not None else default(visitors.shape, 1000.0),
                                                       dtype=float),
        "collective_income_yearly": np.asarray(collective_fen if collective_fen is not None
                                               else default(visitors.shape, 100), dtype=np.int64),
        "income_tea_yearly": np.asarray(tea_fen if tea_fen is not None else default(visitors.shape, 200),
                                        dtype=np.int64),
        "gini_yearly": np.asarray(gini if gini is not None else default((n_runs, n_years), 0.3), dtype=float),
        "rural_income_per_capita_yearly": np.asarray(rural if rural is not None else default((n_runs, n_years), 4e4),
                                                     dtype=float),
        "urban_rural_ratio_yearly": np.asarray(ratio if ratio is not None else default((n_runs, n_years), 1.6),
                                               dtype=float),
        "net_public_cost_yearly": np.asarray(public_fen if public_fen is not None else default((n_runs, n_years), 500),
                                             dtype=np.int64),
    }
    for key, values in (extra or {}).items():  # any other yearly variable: name -> array
        series[key] = np.asarray(values)
    days = (np.datetime64(f"{years[-1]}-12-31") - np.datetime64(start)).astype(int) + 1
    with h5py.File(path, "w") as f:
        f.attrs["model_version"] = "0.1.0"
        f.attrs["scenario_name"] = scenario
        f.attrs["gateway_village"] = np.int32(GATEWAY)
        for key, value in (attrs or {}).items():
            f.attrs[key] = value
        t = f.create_dataset("time", data=np.arange(days, dtype=np.int32))
        t.attrs["units"] = f"days since {start}"
        f.create_dataset("year", data=np.array(years, dtype=np.int32))
        f.create_dataset("village_name", data=villages, dtype=h5py.string_dtype())
        f.create_dataset("village_township", data=TOWNSHIPS[:len(villages)], dtype=h5py.string_dtype())
        f.create_dataset("village_population", data=np.array(POPULATION[:len(villages)], dtype=np.int64))
        if runs:
            f.create_dataset("run", data=np.arange(n_runs, dtype=np.int32))
            if streams is not None:  # (seed, replicate) per run: what pairs replicates across files
                f.create_dataset("seed", data=np.array([s for s, _ in streams], dtype=np.uint64))
                f.create_dataset("replicate", data=np.array([r for _, r in streams], dtype=np.uint32))
        for key, values in series.items():
            if key in drop:
                continue
            f.create_dataset(key, data=values if runs else values[0])
    return path


# Baseline A: three replicates, visitors 10, 20, 30 in 2024 (2023: half as many).
SPLIT_A = [[5, 3, 2], [10, 6, 4], [15, 9, 6]]
VISITORS_A = [[[v // 2 for v in s], s] for s in SPLIT_A]
# Scenario B: three replicates, visitors 40, 50, 60 in 2024.
SPLIT_B = [[20, 10, 10], [25, 15, 10], [30, 20, 10]]
VISITORS_B = [[[v // 2 for v in s], s] for s in SPLIT_B]
IPC_A = [[[1000, 2000, 3000], [1000 + 10 * r, 2000 + 20 * r, 3000 + 30 * r]] for r in range(3)]
IPC_B = [[[1000, 2000, 3000], [1500 + 10 * r, 2400 - 20 * r, 2900 + 50 * r]] for r in range(3)]
GINI_A = [[0.3, 0.30], [0.3, 0.31], [0.3, 0.32]]
GINI_B = [[0.3, 0.305], [0.3, 0.315], [0.3, 0.325]]
COLLECTIVE_A = [[[100, 200, 300], [1000 * (r + 1), 500, 250]] for r in range(3)]


def files():
    a = write_result("a.h5", "base", VISITORS_A, ipc=IPC_A, gini=GINI_A, collective_fen=COLLECTIVE_A)
    b = write_result("b.h5", "policy", VISITORS_B, ipc=IPC_B, gini=GINI_B)
    return a, b


def compare(*args):
    return subprocess.run([YUCUN, "compare", *args], capture_output=True, text=True, timeout=120)


def csv_rows(*args):
    """compare's CSV rows; the known-value tests look at 2024 alone unless they
    choose a period (the default, the whole run, has tests of its own)."""
    if not any(a in ("--year", "--from", "--to") for a in args):
        args = (*args, "--year", "2024")
    proc = compare(*args, "--format", "csv")
    assert proc.returncode == 0, f"compare exited {proc.returncode}: {proc.stderr}"
    lines = proc.stdout.splitlines()
    assert lines[0] == HEADER, f"CSV header is\n{lines[0]}\nexpected\n{HEADER}"
    return list(csv.DictReader(io.StringIO(proc.stdout)))


def row(rows, file, indicator, where="area"):
    found = [r for r in rows if r["file"].endswith(file) and r["indicator"] == indicator and r["where"] == where]
    assert len(found) == 1, f"{len(found)} rows for {file} {indicator} {where}"
    return found[0]


def close(got, want, what):
    if want is None:
        assert got == "", f"{what}: expected empty, got {got!r}"
        return
    assert got != "", f"{what}: empty, expected {want}"
    assert math.isclose(float(got), want, rel_tol=1e-9, abs_tol=1e-9), f"{what}: {got}, expected {want}"


def paired(a, b):
    """mean(b - a) and its paired t interval."""
    d = np.asarray(b, dtype=float) - np.asarray(a, dtype=float)
    m, lo, hi = mean_ci(d)
    return m, lo, hi


def check_row(r, values, base_values=None):
    m, lo, hi = mean_ci(values)
    what = f"{r['file']} {r['indicator']} {r['where']}"
    close(r["mean"], m, what + " mean")
    close(r["ci_low"], lo, what + " ci_low")
    close(r["ci_high"], hi, what + " ci_high")
    assert r["replicates"] == str(len(values)), f"{what}: replicates {r['replicates']}"
    if base_values is None:
        for k in ("diff", "diff_ci_low", "diff_ci_high", "distinguishable"):
            assert r[k] == "", f"{what}: baseline row has {k} = {r[k]!r}"
        return
    d, dlo, dhi = welch(base_values, values)
    close(r["diff"], d, what + " diff")
    close(r["diff_ci_low"], dlo, what + " diff_ci_low")
    close(r["diff_ci_high"], dhi, what + " diff_ci_high")
    want = "n/a" if dlo is None else "yes" if (dlo > 0 or dhi < 0) else "no"
    assert r["distinguishable"] == want, f"{what}: distinguishable {r['distinguishable']!r}, expected {want!r}"


# ---- Tests -----------------------------------------------------------------------------------


def test_t_quantiles_used_here_match_the_table():
    for df, q in T975.items():
        assert math.isclose(t_quantile(0.975, df), q, rel_tol=1e-6), f"t(0.975, {df}) = {t_quantile(0.975, df)}"


def test_visitors_known_values():
    a, b = files()
    rows = csv_rows(a, b)
    base, pol = row(rows, "a.h5", "visitors"), row(rows, "b.h5", "visitors")
    # The numbers spelled out: 20 ± t(0.975,2)·10/√3; 30 ± t(0.975,4)·√(200/3) (Welch df = 4).
    close(base["mean"], 20, "baseline mean")
    close(base["ci_low"], 20 - T975[2] * 10 / math.sqrt(3), "baseline ci_low")
    close(pol["diff"], 30, "diff")
    close(pol["diff_ci_low"], 30 - T975[4] * math.sqrt(200 / 3), "diff_ci_low")
    close(pol["diff_ci_high"], 30 + T975[4] * math.sqrt(200 / 3), "diff_ci_high")
    assert pol["distinguishable"] == "yes", pol
    assert base["scenario"] == "base" and pol["scenario"] == "policy", (base["scenario"], pol["scenario"])
    assert base["units"] == "person-visits" and base["period"] == "2024" and base["summary"] == "total", base
    check_row(base, [10, 20, 30])
    check_row(pol, [40, 50, 60], [10, 20, 30])


def test_paired_when_files_hold_the_same_replicates():
    # Rural income per replicate: the baseline 40000, 41000, 42000, 43000; the policy adds
    # 100, 120, 80, 100 (known differences: mean 100, sd 16.33). Welch would see two
    # samples of sd ~1300 and call the difference noise.
    base = [40000.0, 41000.0, 42000.0, 43000.0]
    add = [100.0, 120.0, 80.0, 100.0]
    visitors = [[[5, 3, 2], [10, 6, 4]]] * 4
    streams = [(7, 0), (7, 1), (7, 2), (7, 3)]
    a = write_result("pa.h5", "base", visitors, rural=[[v, v] for v in base], streams=streams)
    # The policy file holds the same replicates in another order: pairing goes by (seed, replicate).
    order = [2, 0, 3, 1]
    b = write_result("pb.h5", "policy", visitors, rural=[[base[i] + add[i]] * 2 for i in order],
                     streams=[streams[i] for i in order])
    r = row(csv_rows(a, b), "pb.h5", "rural_income_per_capita")
    d, lo, hi = paired(base, [b_ + a_ for b_, a_ in zip(base, add)])
    close(r["diff"], 100, "paired diff")
    close(r["diff_ci_low"], lo, "paired diff_ci_low")
    close(r["diff_ci_high"], hi, "paired diff_ci_high")
    assert math.isclose(hi - d, 3.182446305284263 * np.std(add, ddof=1) / 2, rel_tol=1e-9), (d, lo, hi)
    assert r["distinguishable"] == "yes" and r["diff_method"] == "paired", r
    close(r["pct_change"], 100 * 100 / np.mean(base), "pct_change")
    # Other replicates (another seed): Welch, which cannot tell the same difference from noise.
    c = write_result("pc.h5", "policy", visitors, rural=[[base[i] + add[i]] * 2 for i in range(4)],
                     streams=[(8, i) for i in range(4)])
    proc = compare(a, c, "--format", "csv")
    w = row(list(csv.DictReader(io.StringIO(proc.stdout))), "pc.h5", "rural_income_per_capita")
    assert w["diff_method"] == "welch" and w["distinguishable"] == "no", w
    assert "not the baseline's replicates" in proc.stderr, proc.stderr
    table = compare(a, b).stdout
    assert "paired by replicate" in table and "+100 ± 26 (+0.2%)" in table, table


def test_partial_year_is_marked_not_labelled_yearly():
    # Runs from 2023-07-01: 2023 holds 184 of its 365 days.
    a = write_result("ha.h5", "base", VISITORS_A, start="2023-07-01")
    b = write_result("hb.h5", "policy", VISITORS_B, start="2023-07-01")
    proc = compare(a, b, "--year", "2023", "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    visitors = row(rows, "ha.h5", "visitors")
    assert visitors["period"] == "2023 (2023-07-01 to 2023-12-31, 184 of 365 days)", visitors["period"]
    assert visitors["units"] == "person-visits" and visitors["summary"] == "total", visitors
    assert "/year" not in visitors["units"], "a part-year total is never labelled yearly"
    assert row(rows, "ha.h5", "gini")["units"] == "1", "rates keep their units"
    assert "the runs cover 2023-07-01 to 2023-12-31 of 2023: totals are over those days" in proc.stderr, proc.stderr
    # The default, the whole run, says its days too.
    whole = list(csv.DictReader(io.StringIO(compare(a, b, "--format", "csv").stdout)))
    v = row(whole, "ha.h5", "visitors")
    assert v["period"] == "2023-2024 (2023-07-01 to 2024-12-31, 550 of 731 days)", v["period"]
    check_row(v, [sum(v_ // 2 for v_ in s) + sum(s) for s in SPLIT_A])
    one = list(csv.DictReader(io.StringIO(compare(a, b, "--year", "2024", "--format", "csv").stdout)))
    assert row(one, "ha.h5", "visitors")["period"] == "2024", "a whole year is labelled as one"


def expected_values(visitors, ipc, gini, collective, last=1):
    """Each indicator's value per replicate in the year with index `last`, by its definition."""
    v = np.asarray(visitors, dtype=float)[:, last, :]
    total = v.sum(axis=1)
    expected = {
        ("visitors", "area"): total,
        ("visitors_outside_core_share", "area"): 1 - v[:, GATEWAY] / total,
        ("visitor_spread", "area"): 1 / ((v / total[:, None]) ** 2).sum(axis=1),
        ("overnight_share", "area"): (np.asarray(visitors)[:, last, :] // 5).sum(axis=1) / total,
        ("rural_income_per_capita", "area"): [4e4] * 3,
        ("gini", "area"): np.asarray(gini)[:, last],
        ("urban_rural_ratio", "area"): [1.6] * 3,
        # fen in the file, yuan in compare: the default is 100 fen in each of 3 villages
        ("collective_income", "area"): (np.asarray(collective)[:, last, :].sum(axis=1) / 100
                                        if collective is not None else [3.0] * 3),
        ("net_public_cost", "area"): [5.0] * 3,
        ("tea_income", "area"): [6.0] * 3,
    }
    p = np.asarray(ipc, dtype=float)[:, last, :]
    # Townships weighted by village_population: East = (100 Alpha + 300 Beta) / 400.
    expected[("income_per_capita", "township:East")] = (100 * p[:, 0] + 300 * p[:, 1]) / 400
    expected[("income_per_capita", "township:West")] = p[:, 2]
    for i, village in enumerate(VILLAGES):
        expected[("income_per_capita", village)] = p[:, i]
    return expected


def test_every_indicator_against_independent_values():
    a, b = files()
    rows = csv_rows(a, b)
    base = expected_values(VISITORS_A, IPC_A, GINI_A, COLLECTIVE_A)
    policy = expected_values(VISITORS_B, IPC_B, GINI_B, None)
    for file, expected, baseline in (("a.h5", base, None), ("b.h5", policy, base)):
        mine = [(r["indicator"], r["where"]) for r in rows if r["file"].endswith(file)]
        assert mine == list(expected), f"{file}: rows {mine}, expected {list(expected)}"
        for key, values in expected.items():
            check_row(row(rows, file, *key), [float(x) for x in values],
                      None if baseline is None else [float(x) for x in baseline[key]])
    east = row(rows, "a.h5", "income_per_capita", "township:East")
    close(east["mean"], (100 * 1010 + 300 * 2020) / 400, "East township, population-weighted")
    assert row(rows, "b.h5", "gini")["distinguishable"] == "no", "gini differs by less than the noise"
    assert row(rows, "b.h5", "income_per_capita", "Alpha")["distinguishable"] == "yes"
    collective = row(rows, "a.h5", "collective_income")
    assert collective["units"] == "yuan" and collective["summary"] == "total", collective
    close(collective["mean"], (1750 + 2750 + 3750) / 3 / 100, "collective income in yuan")


def test_rows_in_order_baseline_first():
    a, b = files()
    rows = csv_rows(b, a, "--baseline", a)
    assert rows[0]["file"].endswith("a.h5") and rows[-1]["file"].endswith("b.h5"), "the baseline's rows come first"
    indicators = [r["indicator"] for r in rows if r["file"].endswith("a.h5")]
    order = ["visitors", "visitors_outside_core_share", "visitor_spread", "overnight_share",
             "rural_income_per_capita", "gini", "urban_rural_ratio", "collective_income", "net_public_cost",
             "tea_income"] + ["income_per_capita"] * 5
    assert indicators == order, indicators
    wheres = [r["where"] for r in rows if r["file"].endswith("a.h5") and r["indicator"] == "income_per_capita"]
    assert wheres == ["township:East", "township:West"] + VILLAGES, wheres
    assert row(rows, "b.h5", "visitors")["diff"] == "30", "diff against the named baseline"


def test_json_says_the_same():
    a, b = files()
    rows = csv_rows(a, b)
    proc = compare(a, b, "--format", "json", "--year", "2024")
    assert proc.returncode == 0, proc.stderr
    records = json.loads(proc.stdout)
    assert len(records) == len(rows), f"{len(records)} JSON records, {len(rows)} CSV rows"
    for rec, r in zip(records, rows):
        assert list(rec.keys()) == HEADER.split(","), list(rec.keys())
        for key in HEADER.split(","):
            if r[key] == "":
                assert rec[key] is None, f"{key}: JSON {rec[key]!r}, CSV empty"
            elif key in ("mean", "ci_low", "ci_high", "diff", "diff_ci_low", "diff_ci_high", "pct_change"):
                assert isinstance(rec[key], float | int) and rec[key] == float(r[key]), f"{key}: {rec[key]} vs {r[key]}"
            elif key == "replicates":
                assert rec[key] == int(r[key]), f"replicates {rec[key]} vs {r[key]}"
            else:
                assert rec[key] == r[key], f"{key}: JSON {rec[key]!r}, CSV {r[key]!r}"


def test_single_run_file_is_one_replicate():
    a, _ = files()
    one = write_result("one.h5", "single", VISITORS_B[:1], runs=False)
    rows = csv_rows(a, one)
    r = row(rows, "one.h5", "visitors")
    assert r["replicates"] == "1", r
    close(r["mean"], 40, "single run mean")
    close(r["diff"], 20, "single run diff")
    assert r["ci_low"] == r["ci_high"] == r["diff_ci_low"] == r["diff_ci_high"] == "", r
    assert r["distinguishable"] == "n/a", r


def test_period_options():
    a, b = files()
    rows = csv_rows(a, b, "--year", "2023")
    r = row(rows, "a.h5", "visitors")
    assert r["period"] == "2023", r
    close(r["mean"], sum(sum(v // 2 for v in split) for split in SPLIT_A) / 3, "2023 visitors")
    rows = csv_rows(a, b, "--from", "2023", "--to", "2024")
    r = row(rows, "a.h5", "visitors")
    assert r["period"] == "2023-2024", r
    per_run = [sum(v // 2 for v in s) + sum(s) for s in SPLIT_A]  # a flow: the period's total
    check_row(r, per_run)
    g = row(rows, "a.h5", "gini")  # a rate: the mean of the years
    assert g["summary"] == "mean", g
    check_row(g, [(0.3 + x[1]) / 2 for x in GINI_A])
    rows = csv_rows(a, b, "--from", "2024")
    assert row(rows, "a.h5", "visitors")["period"] == "2024"
    proc = compare(a, b, "--year", "2023", "--from", "2023")
    assert proc.returncode == 2, f"--year with --from: exit {proc.returncode}"


def test_table_is_readable():
    a, b = files()
    proc = compare(a, b, "--year", "2024")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    for fragment in ("period 2024", "base (n=3)", "policy (n=3)", "Δ from baseline", "~ not distinguishable",
                     "township:East", "+30.00 ± 22.67"):
        assert fragment in out, f"table lacks {fragment!r}:\n{out}"
    visitors = next(line for line in out.splitlines() if line.startswith("visitors "))
    assert "20.00 ± 24.84" in visitors and "50.00 ± 24.84" in visitors, visitors
    gini = next(line for line in out.splitlines() if line.startswith("gini "))
    assert gini.rstrip().endswith("~"), gini


def test_missing_variable_leaves_the_indicator_out():
    a, _ = files()
    old = write_result("old.h5", "old", VISITORS_B, drop=("net_public_cost_yearly",))
    proc = compare(a, old, "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert "net_public_cost left out" in proc.stderr and "old.h5" in proc.stderr, proc.stderr
    assert "net_public_cost" not in proc.stdout


def test_refusals_name_the_file():
    a, _ = files()
    cases = []
    other = write_result("other.h5", "other", [[[1, 2], [3, 4]]], villages=["Alpha", "Delta"])
    cases.append(([a, other], "other.h5", "villages"))
    later = write_result("later.h5", "later", [[[1, 2, 3], [4, 5, 6], [7, 8, 9]]], years=[2023, 2024, 2025])
    cases.append(([a, later], "later.h5", "whole run by default"))
    cases.append(([a, later, "--year", "2025"], "a.h5", "2025"))
    half = write_result("half.h5", "half", VISITORS_B, start="2023-07-01")
    cases.append(([a, half, "--year", "2023"], "half.h5", "period"))
    plain = os.path.join(TMP, "plain.h5")
    with h5py.File(plain, "w") as f:
        f.create_dataset("x", data=[1, 2, 3])
    cases.append(([a, plain], "plain.h5", "not a yucun result"))
    notes = os.path.join(TMP, "notes.txt")
    with open(notes, "w") as f:
        f.write("not hdf5\n")
    cases.append(([notes, a], "notes.txt", "not an HDF5 file"))
    cases.append(([a, os.path.join(TMP, "missing.h5")], "missing.h5", "not a file"))
    cases.append(([a, a, "--from", "2024", "--to", "2023"], "", "empty"))
    for args, name, fragment in cases:
        proc = compare(*args, "--format", "csv")
        assert proc.returncode == 2, f"compare {args}: exit {proc.returncode}, stderr {proc.stderr}"
        assert name in proc.stderr and fragment in proc.stderr, f"compare {args}: stderr {proc.stderr!r}"
        assert proc.stdout == "", f"compare {args} printed {proc.stdout!r}"


def test_real_replicates_compared_with_themselves():
    rep = os.path.join(TMP, "rep.h5")
    proc = subprocess.run([YUCUN, "run", "--set", "calendar.years=1", "--replicates", "3", "-o", rep, "-q"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    rows = csv_rows(rep, rep, "--year", "2023")
    assert len(rows) == 2 * (10 + 3 + 24), f"{len(rows)} rows"
    second = rows[len(rows) // 2:]
    for r in second:
        assert float(r["diff"]) == 0, r
        assert r["distinguishable"] == "no", r
        assert r["replicates"] == "3" and r["period"] == "2023", r
    visitors = row(rows[:len(rows) // 2], "rep.h5", "visitors")
    assert 4e6 < float(visitors["mean"]) < 1e7, visitors  # person-visits in 2023: 6.9 M in the baseline
    assert float(visitors["ci_low"]) < float(visitors["mean"]) < float(visitors["ci_high"]), visitors
    with h5py.File(rep, "r") as f:
        total = f["visitors_yearly"][:, 0, :].sum(axis=1)
        check_row(visitors, list(total))


def test_whole_run_is_the_default_period():
    a, b = files()
    proc = compare(a, b, "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    v = row(rows, "a.h5", "visitors")
    assert v["period"] == "2023-2024" and v["summary"] == "total", v
    # Flows are totals over both years; rates the mean of the years.
    check_row(v, [sum(x // 2 for x in s) + sum(s) for s in SPLIT_A])
    check_row(row(rows, "a.h5", "collective_income"), [(600 + 1000 * (r + 1) + 750) / 100 for r in range(3)])
    alpha = row(rows, "a.h5", "income_per_capita", "Alpha")
    assert alpha["summary"] == "mean", alpha
    check_row(alpha, [(1000 + 1000 + 10 * r) / 2 for r in range(3)])
    vb = row(rows, "b.h5", "visitors")
    check_row(vb, [sum(x // 2 for x in s) + sum(s) for s in SPLIT_B],
              [sum(x // 2 for x in s) + sum(s) for s in SPLIT_A])
    table = compare(a, b).stdout
    assert "period 2023-2024" in table and "person-visits, total" in table and "mean of years" in table, table


def test_per_year_rows_follow_the_period_row():
    a, b = files()
    rows = csv_rows(a, b, "--from", "2023", "--to", "2024", "--per-year")
    mine = [(r["indicator"], r["where"], r["period"]) for r in rows if r["file"].endswith("a.h5")]
    assert mine[:3] == [("visitors", "area", "2023-2024"), ("visitors", "area", "2023"), ("visitors", "area", "2024")], mine[:3]
    check_row(row_at(rows, "a.h5", "visitors", "2023"), [sum(x // 2 for x in s) for s in SPLIT_A])
    check_row(row_at(rows, "a.h5", "visitors", "2024"), [sum(s) for s in SPLIT_A])
    g = row_at(rows, "b.h5", "gini", "2024")
    check_row(g, [x[1] for x in GINI_B], [x[1] for x in GINI_A])
    table = compare(a, b, "--per-year").stdout
    assert "period" in table.splitlines()[6] and " 2023 " in table, table


def row_at(rows, file, indicator, period, where="area"):
    found = [r for r in rows if r["file"].endswith(file) and r["indicator"] == indicator and r["where"] == where
             and r["period"] == period]
    assert len(found) == 1, f"{len(found)} rows for {file} {indicator} {where} {period}"
    return found[0]


def test_discount_gives_npv_of_money_flows():
    a, b = files()
    rows = csv_rows(a, b, "--from", "2023", "--to", "2024", "--per-year", "--discount", "0.1")
    # Collective income, fen per village: 2023 100+200+300, 2024 1000(r+1)+500+250; to yuan; 2024 discounted by 1.1.
    npv = [(600 + (1000 * (r + 1) + 750) / 1.1) / 100 for r in range(3)]
    r = row_at(rows, "a.h5", "collective_income_npv", "2023-2024")
    check_row(r, npv)
    assert r["units"] == "yuan (NPV at 10%/year to 2023)", r["units"]
    # A year's row discounts to the period's first year too.
    check_row(row_at(rows, "a.h5", "collective_income_npv", "2024"), [(1000 * (k + 1) + 750) / 1.1 / 100 for k in range(3)])
    assert not [x for x in rows if x["indicator"] in ("visitors_npv", "gini_npv")], "only money flows are discounted"
    proc = compare(a, b, "--discount", "-0.5")
    assert proc.returncode == 2, "a negative rate is refused"


def test_any_indicator_at_any_level():
    beds_a = [[[10, 20, 30], [12, 22, 32]] for _ in range(3)]
    occ_a = [[[0.5, 0.25, 0.1], [0.5, 0.25, 0.1 + 0.01 * r]] for r in range(3)]
    extra = {"beds_yearly": np.asarray(beds_a, dtype=np.int64), "bed_occupancy_yearly": np.asarray(occ_a)}
    a = write_result("xa.h5", "base", VISITORS_A, extra=extra)
    b = write_result("xb.h5", "policy", VISITORS_B, extra=extra)
    rows = csv_rows(a, b, "--indicator", "beds", "bed_occupancy", "visitors", "--level", "township", "--level",
                    "village", "--year", "2024")
    # Counts add up over a township's villages; rates are population-weighted (East: 100 Alpha, 300 Beta).
    check_row(row(rows, "xa.h5", "beds", "township:East"), [34.0] * 3)
    check_row(row(rows, "xa.h5", "bed_occupancy", "township:East"), [(100 * 0.5 + 300 * 0.25) / 400] * 3)
    check_row(row(rows, "xa.h5", "bed_occupancy", "Gamma"), [0.1 + 0.01 * r for r in range(3)])
    check_row(row(rows, "xa.h5", "visitors", "Beta"), [s[1] for s in SPLIT_A])
    assert not [r for r in rows if r["where"] == "area"], "only the levels asked for"
    proc = compare(a, b, "--indicator", "gini", "--level", "village")
    assert proc.returncode == 2 and "area-wide" in proc.stderr, proc.stderr
    proc = compare(a, b, "--indicator", "no_such_thing")
    assert proc.returncode == 2 and "has no indicator 'no_such_thing'" in proc.stderr and "beds" in proc.stderr, proc.stderr


def test_sweep_files_are_refused_with_a_pointer_to_table():
    a, _ = files()
    sweep = write_result("sw.h5", "sweep", VISITORS_B, attrs={"design": "lhs"})
    proc = compare(a, sweep)
    assert proc.returncode == 2 and "sw.h5" in proc.stderr and "yucun table" in proc.stderr, proc.stderr
    assert proc.stdout == ""


def test_damaged_or_empty_data_is_refused_or_shown_as_missing():
    a, _ = files()
    # No villages at all (was a crash): refused.
    empty = os.path.join(TMP, "empty.h5")
    shutil.copy(a, empty)
    with h5py.File(empty, "r+") as f:
        for name in ("village_name", "village_township", "village_population"):
            del f[name]
        f.create_dataset("village_name", data=np.array([], dtype=object), dtype=h5py.string_dtype())
        f.create_dataset("village_township", data=np.array([], dtype=object), dtype=h5py.string_dtype())
        f.create_dataset("village_population", data=np.array([], dtype=np.int64))
    # A missing population would silently switch to unweighted means: refused.
    nan_pop = os.path.join(TMP, "nanpop.h5")
    shutil.copy(a, nan_pop)
    with h5py.File(nan_pop, "r+") as f:
        del f["village_population"]
        f.create_dataset("village_population", data=np.array([100.0, np.nan, 200.0]))
    # A time axis no result can have (2^31 + 5 days): refused before reading, not a crash.
    huge = os.path.join(TMP, "huge.h5")
    shutil.copy(a, huge)
    with h5py.File(huge, "r+") as f:
        units = f["time"].attrs["units"]
        del f["time"]
        t = f.create_dataset("time", shape=(2 ** 31 + 5,), dtype=np.int32, chunks=(1024,))
        t.attrs["units"] = units
        t.make_scale("time")
    for bad, fragment in ((empty, "has no villages"), (nan_pop, "village_population of Beta is nan"),
                          (huge, "days")):
        for cmd in ("compare", "table"):
            proc = subprocess.run([YUCUN, cmd, a, bad] if cmd == "compare" else [YUCUN, cmd, bad],
                                  capture_output=True, text=True, timeout=120)
            assert proc.returncode == 2 and fragment in proc.stderr, f"{cmd} {bad}: {proc.returncode} {proc.stderr}"
            assert proc.stdout == "", proc.stdout
    # All-NaN values: no mean, no interval, never "distinguishable".
    nan_a = write_result("nana.h5", "base", VISITORS_A, gini=[[np.nan, np.nan]] * 3)
    nan_b = write_result("nanb.h5", "policy", VISITORS_B, gini=[[np.nan, np.nan]] * 3)
    g = row(csv_rows(nan_a, nan_b), "nanb.h5", "gini")
    assert g["mean"] == "" and g["diff"] == "" and g["distinguishable"] == "n/a", g


# ---- Driver ---------------------------------------------------------------------------------


def main(argv):
    global YUCUN, TMP
    if len(argv) != 2:
        print(f"usage: {argv[0]} <path-to-yucun>", file=sys.stderr)
        return 2
    YUCUN = os.path.abspath(argv[1])
    TMP = tempfile.mkdtemp(prefix="yucun-compare-")
    try:
        return run_tests(globals())
    finally:
        shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
