#!/usr/bin/python3
"""Unit tests of analysis/report.py's helpers: Student-t quantiles and intervals,
monthly aggregation, Lorenz curves, the table's rounding rule, reading files with
and without a `run` dimension, and the compare CSV parser.

    /usr/bin/python3 tests/analysis/test_report_stats.py <source-dir>

Prints one line per test and exits non-zero when any failed.
"""
import importlib.util
import math
import os
import sys
import tempfile
import traceback

import h5py
import numpy as np

SRC = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
spec = importlib.util.spec_from_file_location("report", os.path.join(SRC, "analysis", "report.py"))
report = importlib.util.module_from_spec(spec)
spec.loader.exec_module(report)


def close(a, b, tol):
    return abs(a - b) <= tol


def test_t_quantile_matches_tables():
    # two-sided 95% critical values from any t table
    for df, t in [(1, 12.7062), (2, 4.3027), (3, 3.1824), (4, 2.7764), (9, 2.2622), (30, 2.0423),
                  (120, 1.9799)]:
        got = report.t_quantile(0.975, df)
        assert close(got, t, 5e-4), (df, got, t)
    assert close(report.t_quantile(0.975, math.inf), 1.959964, 1e-6)
    assert close(report.t_quantile(0.995, 5), 4.0321, 5e-4)
    assert close(report.t_cdf(report.t_quantile(0.9, 7), 7), 0.9, 1e-10)


def test_mean_ci_known_numbers():
    mean, lo, hi = report.mean_ci([1.0, 2.0, 3.0, 4.0, 5.0])
    # sd = sqrt(2.5), se = sd/sqrt(5) = 0.70711, t(0.975, 4) = 2.77645
    half = 2.776445 * math.sqrt(2.5) / math.sqrt(5)
    assert close(mean, 3.0, 1e-12)
    assert close(lo, 3.0 - half, 1e-5) and close(hi, 3.0 + half, 1e-5), (lo, hi)


def test_mean_ci_along_replicate_axis():
    x = np.array([[10.0, 0.0, 5.0], [12.0, 0.0, 5.0]])  # 2 replicates x 3 points
    mean, lo, hi = report.mean_ci(x, axis=0)
    assert np.allclose(mean, [11.0, 0.0, 5.0])
    half = 12.7062 * math.sqrt(2.0) / math.sqrt(2.0)  # sd of (10, 12) is sqrt(2)
    assert close(hi[0] - mean[0], half, 1e-3) and close(mean[0] - lo[0], half, 1e-3)
    assert lo[1] == hi[1] == 0.0  # identical replicates: a zero-width interval


def test_one_replicate_has_no_interval():
    mean, lo, hi = report.mean_ci(np.array([[3.0, 4.0]]), axis=0)
    assert np.allclose(mean, [3.0, 4.0])
    assert np.isnan(lo).all() and np.isnan(hi).all()


def test_monthly_sum_mean_last():
    days = np.arange(np.datetime64("2023-01-30"), np.datetime64("2023-03-02"))  # Jan 30 .. Mar 1
    months = days.astype("datetime64[M]")
    values = np.arange(len(days), dtype=float)[np.newaxis, :]  # 0 .. 30
    m, s = report.monthly(values, months, "sum")
    assert [str(x) for x in m] == ["2023-01", "2023-02", "2023-03"]
    assert np.allclose(s, [[0 + 1, sum(range(2, 30)), 30]])
    _, mean = report.monthly(values, months, "mean")
    assert np.allclose(mean, [[0.5, np.mean(range(2, 30)), 30]])
    _, last = report.monthly(values, months, "last")
    assert np.allclose(last, [[1, 29, 30]])


def test_lorenz_and_grouped_gini():
    p, L = report.lorenz_points([0.1] * 10)
    assert np.allclose(p, L) and L[0] == 0 and close(L[-1], 1.0, 1e-12)
    assert close(report.lorenz_gini([0.1] * 10), 0.0, 1e-12)
    assert close(report.lorenz_gini([0] * 9 + [1]), 0.9, 1e-12)  # all income in the top tenth
    # percentages are normalised like fractions
    assert close(report.lorenz_gini([10] * 10), 0.0, 1e-12)
    p, L = report.lorenz_points([1, 2, 3, 4])
    assert np.allclose(L, [0, 0.1, 0.3, 0.6, 1.0])


def test_fmt_number_rule():
    cases = {1148237: "1,148,000", 45419.3: "45,420", 0.24531: "0.2453", -0.0123456: "-0.01235",
             0: "0", 1234.5: "1,234", 999.96: "1,000", 9.99996: "10.00", 100: "100.0", -2.5e-7: "-0.0000002500",
             float("nan"): "", None: ""}
    for x, want in cases.items():
        got = report.fmt_number(x)
        assert got == want, (x, got, want)


def test_read_with_and_without_run_dimension():
    with tempfile.TemporaryDirectory() as tmp:
        single, reps = os.path.join(tmp, "one.h5"), os.path.join(tmp, "reps.h5")
        for path, runs in ((single, None), (reps, 3)):
            with h5py.File(path, "w") as f:
                f.attrs["scenario_name"] = np.bytes_("s")
                f.attrs["seed"] = np.uint64(7)
                f.attrs["run"] = np.uint64(4)
                t = f.create_dataset("time", data=np.arange(40, dtype=np.int32))
                t.attrs["units"] = np.bytes_("days since 2023-01-01")
                f.create_dataset("year", data=np.array([2023], dtype=np.int32))
                f.create_dataset("village_name", data=np.array([b"A", b"B"], dtype=h5py.string_dtype()))
                if runs:
                    f.create_dataset("run", data=np.arange(runs, dtype=np.int32))
                    f.create_dataset("seed", data=np.full(runs, 7, dtype=np.uint64))
                    f["visitors"] = np.ones((runs, 40, 2), dtype=np.int64)
                    f["gini"] = np.full((runs, 40), 0.3)
                else:
                    f["visitors"] = np.ones((40, 2), dtype=np.int64)
                    f["gini"] = np.full(40, 0.3)
        one = report.Result(single)
        assert one.replicates == 1 and one.runs == [4] and one.seeds == [7]
        assert one.read("visitors", 2).shape == (1, 40, 2) and one.read("gini", 1).shape == (1, 40)
        many = report.Result(reps)
        assert many.replicates == 3 and many.runs == [0, 1, 2]
        assert many.read("visitors", 2).shape == (3, 40, 2) and many.read("gini", 1).shape == (3, 40)
        months, m = report.monthly_series(many, report.TIME_PANELS[0])
        assert m.shape == (3, 2) and np.allclose(m[:, 0], 62) and np.allclose(m[:, 1], 18)
        try:
            one.read("visitors", 1)
        except report.ReportError as e:
            assert "dimensions" in str(e)
        else:
            raise AssertionError("a wrong rank was accepted")


def test_compare_csv_parser():
    header = ",".join(report.COMPARE_HEADER)
    rows = report.parse_compare_csv(header + "\nbase,b.h5,gini,area,1,2023,3,0.25,0.24,0.26,,,,,,,mean\n"
                                    "pol,p.h5,gini,area,1,2023,3,0.24,0.23,0.25,-0.01,-0.02,0.001,no,paired,-4,mean\n")
    assert rows[0]["diff"] is None and rows[1]["diff"] == -0.01 and rows[1]["distinguishable"] == "no"
    assert rows[1]["diff_method"] == "paired" and rows[1]["pct_change"] == -4 and rows[0]["pct_change"] is None
    assert rows[0]["summary"] == "mean"
    for bad in ("scenario,mean\nx,1\n", ""):
        try:
            report.parse_compare_csv(bad)
        except report.CompareError as e:
            assert "header" in str(e)
        else:
            raise AssertionError("a bad header was accepted")


def test_where_groups():
    villages = ["Yucun", "Shanchuan", "Dali"]
    townships = {"Tianhuangping", "Shanchuan"}
    g = lambda w: report.where_group(w, villages, townships)  # noqa: E731
    assert g("area") == "area" and g("Yucun") == "village" and g("Tianhuangping") == "township"
    assert g("Shanchuan") == "village" and g("township:Shanchuan") == "township"
    assert g("Shanchuan (township)") == "township" and g("Nowhere") == "other"


def main():
    tests = [(n, f) for n, f in sorted(globals().items()) if n.startswith("test_") and callable(f)]
    failed = 0
    for name, fn in tests:
        try:
            fn()
            print(f"ok   {name}")
        except Exception:
            failed += 1
            print(f"FAIL {name}")
            traceback.print_exc()
    print(f"{len(tests) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
