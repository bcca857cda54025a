#!/usr/bin/env python3
"""End-to-end test of the Python module (`import yucun`, docs/python.md)
against the command line: yucun.run gives the very file `yucun run` writes
(same bytes, and decoded, every variable and attribute), yucun.open indexes
villages by name with money in yuan, bad `set` keys raise the CLI's message,
and the statistics match `yucun compare`'s.

    PYTHONPATH=python:<build>/python /usr/bin/python3 tests/e2e/test_python_module.py <path-to-yucun>

(ctest sets PYTHONPATH to this build's module.) 1-year runs without spin-up, about 10 s.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import warnings

import numpy as np

from harness import run_tests

YUCUN = None
TMP = None
SEED = 7
ONE_YEAR = {"calendar.years": 1, "spin_up.years": 0}  # short: no spin-up (income statistics NaN at first)
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHUTTLE = os.path.join(REPO, "scenarios", "shuttle_bus.yaml")


def path(name):
    return os.path.join(TMP, name)


def cli(*args):
    return subprocess.run([YUCUN, *args], capture_output=True, text=True, timeout=300, cwd=TMP)


def same(a, b):
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape:
        return False
    if a.dtype.kind == "f" and b.dtype.kind == "f":
        return bool(np.array_equal(a, b, equal_nan=True))
    return bool(np.array_equal(a, b))


def same_attrs(a, b):
    if set(a) != set(b):
        return False
    return all(same(a[k], b[k]) if not isinstance(a[k], str) else a[k] == b[k] for k in a)


def test_run_gives_the_file_yucun_run_writes():
    import yucun

    s = yucun.load_scenario("@baseline", set=ONE_YEAR)
    assert s.name == "greater-yucun-baseline" and s.years == 1 and s.villages[0] == "Yucun", (s.name, s.years)
    ds = yucun.run(s, seed=SEED, money="fen", threads=2)
    with yucun.open(path("one.h5"), money="fen") as from_file:
        assert set(ds.variables) == set(from_file.variables)
        for name in ds.variables:
            assert same(ds[name].values, from_file[name].values), f"{name}: values differ"
            assert same_attrs(ds[name].attrs, from_file[name].attrs), f"{name}: attributes differ"
        assert same_attrs(ds.attrs, from_file.attrs), "root attributes differ"
    assert int(ds.attrs["seed"]) == SEED and int(ds.attrs["run"]) == 0


def test_replicates_give_the_file_of_yucun_run_replicates():
    import yucun

    s = yucun.load_scenario("@baseline", set=ONE_YEAR)
    image = yucun.run_image(s, seed=SEED, replicates=2)
    with open(path("reps.h5"), "rb") as f:
        assert image == f.read(), "yucun.run_image(replicates=2) differs from `yucun run --replicates 2`"
    ds = yucun.decode(image)  # what yucun.run(s, seed=SEED, replicates=2) returns
    assert ds.sizes["run"] == 2 and list(ds.replicate.values) == [0, 1] and "seed" in ds.coords


def test_decoder_agrees_with_xarray_netcdf4():
    import xarray as xr
    import yucun

    with xr.open_dataset(path("one.h5"), engine="netcdf4") as nc, yucun.open(path("one.h5"), money="fen") as ours:
        for name in nc.variables:
            if name == "village":
                continue  # ours is indexed by name
            a, b = nc[name].values, ours[name].values
            if a.dtype.kind in "SO":
                a, b = [str(x) for x in a.ravel()], [str(x) for x in np.asarray(b).ravel()]
                assert a == b, f"{name} differs"
            else:
                assert same(a, b), f"{name}: the decoder and xarray's netCDF4 engine disagree"
        assert set(nc.coords) - {"village"} <= set(ours.coords), (list(nc.coords), list(ours.coords))


def test_open_indexes_villages_by_name_with_money_in_yuan():
    import h5py
    import yucun

    ds = yucun.open(path("one.h5"))
    assert list(ds.village.values[:2]) == ["Yucun", "Shanhe"], ds.village.values[:3]
    assert str(ds.village_township.sel(village="Yucun").values) == "Tianhuangping"
    yucun_visits = ds.visitors_yearly.sel(village="Yucun")
    assert yucun_visits.dims == ("year",) and float(yucun_visits.sum()) > 100_000
    with h5py.File(path("one.h5"), "r") as f:
        fen = f["tourism_revenue_total"][:]
        leaf_price = f["leaf_price"][:]
        sales = f["leaf_sales_yearly"][:]
    assert ds.tourism_revenue_total.attrs["units"] == "yuan" and ds.leaf_price.attrs["units"] == "yuan/kg"
    assert np.allclose(ds.tourism_revenue_total.values, fen / 100.0)
    assert np.allclose(ds.leaf_price.values, leaf_price / 100.0)
    assert np.allclose(ds.leaf_sales_yearly.sel(village="Yucun").values, sales[:, 0] / 100.0)
    assert ds.visitors.attrs["units"] == "persons" and ds.attrs["yucun_money"] == "yuan"
    kept = yucun.open(path("one.h5"), money="fen", variables=["tourism_revenue_total"])
    assert kept.tourism_revenue_total.attrs["units"] == "fen" and "visitors" not in kept
    assert np.array_equal(kept.tourism_revenue_total.values, fen)
    assert np.issubdtype(ds.time.dtype, np.datetime64)


def test_bad_set_keys_raise_the_cli_message():
    import yucun

    proc = cli("validate", "@baseline", "--set", "calendar.yeers=1")
    assert proc.returncode == 2, proc
    try:
        yucun.load_scenario("@baseline", set={"calendar.yeers": 1})
    except yucun.ScenarioError as e:
        assert isinstance(e, ValueError)
        message = str(e)
    else:
        raise AssertionError("a misspelt key was accepted")
    assert "calendar.yeers" in message and "did you mean 'years'" in message, message
    assert message.strip() in proc.stderr, f"python: {message!r}\ncli: {proc.stderr!r}"
    try:
        yucun.load_scenario("@baseline", set={"calendar.years": -1})
    except ValueError as e:
        assert "calendar.years" in str(e), str(e)
    else:
        raise AssertionError("calendar.years = -1 was accepted")
    try:
        yucun.load_scenario(path("missing.yaml"))
    except ValueError as e:
        assert "missing.yaml" in str(e), str(e)
    else:
        raise AssertionError("a missing file was accepted")


def test_set_values_from_python_types():
    import yucun

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        s = yucun.load_scenario(SHUTTLE, set={"calendar.years": 1, "policies.shuttle.enabled": True,
                                              "policies.shuttle.villages": ["Yucun", "Shanhe"],
                                              "policies.shuttle.minutes_factor": 0.5})
    text = s.to_yaml()
    assert "minutes_factor: 0.5" in text, text[:500]
    assert yucun.overrides({"a.b": True, "c": [1, 2], "d": 0.1}) == ["a.b=true", "c=[1, 2]", "d=0.1"]


def test_paired_difference_matches_yucun_compare():
    import yucun

    a = yucun.open(path("reps.h5"))
    b = yucun.open(path("reps-shuttle.h5"))
    d = yucun.paired_difference(a.visitors_yearly.sum("village"), b.visitors_yearly.sum("village"))
    diff = float(d["diff"].isel(year=0))
    direct = float((b.visitors_yearly.sum("village") - a.visitors_yearly.sum("village")).mean("run").isel(year=0))
    assert np.isclose(diff, direct), (diff, direct)
    assert float(d.low.isel(year=0)) <= diff <= float(d.high.isel(year=0))
    m = yucun.mean_interval(a.visitors_yearly.sum("village"))
    assert int(m.n.isel(year=0)) == 2 and float(m.low.isel(year=0)) <= float(m["mean"].isel(year=0))
    csv = cli("compare", path("reps.h5"), path("reps-shuttle.h5"), "--format", "csv")
    assert csv.returncode == 0, csv.stderr
    rows = [line.split(",") for line in csv.stdout.splitlines()]
    header = rows[0]
    for row in rows[1:]:
        r = dict(zip(header, row))
        if r.get("indicator") == "visitors" and r.get("where") == "area" and r.get("diff"):
            assert np.isclose(float(r["diff"]), diff, rtol=1e-6), (r, diff)
            assert np.isclose(float(r["diff_ci_low"]), float(d.low.isel(year=0)), rtol=1e-6), (r, d)
            assert np.isclose(float(r["diff_ci_high"]), float(d.high.isel(year=0)), rtol=1e-6), (r, d)
            break
    else:
        raise AssertionError(f"no area-wide visitors difference in yucun compare's CSV:\n{csv.stdout[:1500]}")


def test_table_runs_yucun_table():
    import yucun

    if "table" not in cli("--help").stdout:
        print("      (skipped: this yucun has no table command)")
        return
    t = yucun.table(path("reps.h5"), indicators=["visitors"], levels=["village"])
    assert {"run", "where", "visitors"} <= set(t.columns), list(t.columns)
    row = t[(t["where"] == "Yucun") & (t["run"] == 1)]
    assert len(row) == 1, t.head()
    ds = yucun.open(path("reps.h5"), variables=["visitors_yearly"])
    assert float(row["visitors"].iloc[0]) == float(ds.visitors_yearly.sel(village="Yucun").isel(run=1).sum())


def test_sensitivity_and_statistics_are_exposed():
    from yucun import sensitivity

    rng = np.random.default_rng(1)
    x = rng.uniform(size=(200, 2))
    y = 3 * x[:, 0] + 0.1 * rng.normal(size=200)
    out = sensitivity.prcc(x, y)
    assert out["PRCC"][0] > 0.9 and abs(out["PRCC"][1]) < 0.3, out


def main(argv):
    global YUCUN, TMP
    if len(argv) != 2:
        print(f"usage: {argv[0]} <path-to-yucun>", file=sys.stderr)
        return 2
    YUCUN = os.path.abspath(argv[1])
    TMP = tempfile.mkdtemp(prefix="yucun-python-")
    try:
        setup = [("one.h5", ["@baseline", "--seed", str(SEED)]),
                 ("reps.h5", ["@baseline", "--seed", str(SEED), "--replicates", "2"]),
                 ("reps-shuttle.h5", [SHUTTLE, "--seed", str(SEED), "--replicates", "2",
                                      "--set", "policies.shuttle.start=2023-01-01"])]
        for name, args in setup:
            proc = cli("run", *args, "--set", "calendar.years=1", "--set", "spin_up.years=0", "-q", "-o", path(name))
            if proc.returncode != 0:
                print(f"FAIL  yucun run {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}\n0 passed, 1 failed")
                return 1
        return run_tests(globals(), timed=True)
    finally:
        shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
