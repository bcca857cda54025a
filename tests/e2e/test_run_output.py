#!/usr/bin/env python3
"""End-to-end test of a baseline run's HDF5 output, read as a user would read
it: with h5py, with xarray (through netCDF-4) and with ncdump.

    /usr/bin/python3 tests/e2e/test_run_output.py <path-to-yucun>

Runs `yucun run -o TMP/out.h5` on the built-in scenario (5 years) once, then
calls every test_* function. Prints one line per test and a final
"N passed, M failed"; exits non-zero when any test failed.
"""

import datetime as dt
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

import h5py
import numpy as np

from harness import run_tests

YUCUN = None
RESULT = None  # path of the result file
RUN_OUTPUT = ""  # what `yucun run` printed

TIME_UNITS = "days since 2023-01-01"
EPOCH = dt.date(2023, 1, 1)
YEARS = [2023, 2024, 2025, 2026, 2027]
DAYS = 1826  # 2023-01-01 to 2027-12-31
VILLAGES = 24

# The daily series the model reports (sim/model/indicators.cpp).
AREA_SERIES = [
    "day_type", "harvest_day", "leaf_price", "dry_tea_price", "migrant_pickers_wanted",
    "migrant_pickers_available", "migrant_pickers_hired", "parties_arrived", "persons_arrived", "parties_turned_away",
    "visitors_total", "visitors_outside_core_share", "tourism_revenue_total", "local_wage", "gini",
    "rural_income_per_capita", "urban_income_per_capita", "urban_rural_ratio", "public_spending",
    "money_residual", "ledger_inconsistent_accounts", "policy_spending", "policy_revenue", "net_public_cost",
    "shuttle_riders",
]
# Per tenth of households ranked by per-capita income: dims (time, decile).
DECILE_SERIES = ["income_decile_share", "income_decile_per_capita"]
DECILES = 10
VILLAGE_SERIES = [
    "fresh_leaf_available", "fresh_leaf_picked", "fresh_leaf_to_traders", "own_picker_days",
    "hired_picker_days", "households_picking", "leaf_sales", "picker_wages", "dry_tea_made", "dry_tea_sales",
    "certified_premium_kg", "certified_premium",
    "tea_sold_to_visitors", "visitors", "overnight_guests", "beds", "bed_occupancy", "reputation",
    "revenue_lodging", "revenue_food", "revenue_activities", "revenue_tickets", "revenue_parking",
    "revenue_tea", "attraction_entrants", "tea_garden_entrants", "revenue_attractions", "revenue_tea_experiences",
    "tea_tourism_income", "homestays_open", "firms_open", "workers_own_business", "workers_local_firm",
    "workers_county_job", "migrants_away", "income_tea", "income_homestay", "income_wage", "income_business",
    "income_dividend", "income_transfer", "income_remittance", "income_interest", "income_enterprise", "village_income_per_capita",
    "collective_income", "collective_grants", "collective_asset_income", "collective_assets",
    "collective_dividends", "revenue_shared", "household_deposits",
]
# Series without a yearly summary; every other has <name>_yearly on the year dimension.
NO_YEARLY = [
    "day_type", "leaf_price", "dry_tea_price", "households_picking", "visitors_outside_core_share",
]
VILLAGE_METADATA = ["village_name", "village_township", "village_x", "village_y", "village_population", "village_households"]
ROAD_VARIABLES = ["road_from", "road_to", "road_km", "road_minutes"]
ROADS = 40
SCALES = ["time", "village", "year", "decile", "road"]

OPEN_PRICE_FEN = 52000.0  # tea.price.open_yuan_per_kg 520 in fen
FRESH_TO_DRY = 4.5  # tea.yield.fresh_to_dry_ratio


def text(value):
    """An HDF5 string (attribute or element) as str."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray) and value.shape == ():
        return text(value[()])
    return str(value)


def open_result():
    return h5py.File(RESULT, "r")


def dates_of(f):
    units = text(f["time"].attrs["units"])
    m = re.fullmatch(r"days since (\d{4})-(\d{2})-(\d{2})", units)
    assert m, f"time units {units!r} are not 'days since YYYY-MM-DD'"
    epoch = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return [epoch + dt.timedelta(days=int(d)) for d in f["time"][:]]


def attached_scales(ds, axis):
    """Names of the dimension scales attached to one axis of a dataset."""
    return [text(name) for name in ds.dims[axis].keys()]


# ---- Structure (h5py) -------------------------------------------------------------


def test_run_printed_summary():
    assert "money conserved: residual 0 fen every day" in RUN_OUTPUT, f"run output:\n{RUN_OUTPUT}"
    assert f"{DAYS} days from 2023-01-01 to 2027-12-31, after a 2-year spin-up from 2021-01-01" in RUN_OUTPUT, \
        f"run output:\n{RUN_OUTPUT}"
    for year in YEARS:
        assert re.search(rf"^{year} +03-\d\d\.\.0[34]-\d\d ", RUN_OUTPUT, re.M), \
            f"no March-April harvest line for {year} in the run output:\n{RUN_OUTPUT}"


def test_all_series_present():
    with open_result() as f:
        names = set(f.keys())
        daily = AREA_SERIES + DECILE_SERIES + VILLAGE_SERIES
        yearly = [n + "_yearly" for n in daily if n not in NO_YEARLY]
        expected = set(daily + VILLAGE_METADATA + ROAD_VARIABLES + SCALES + yearly)
        missing = expected - names
        assert not missing, f"datasets missing from the result: {sorted(missing)}"
        unexpected = names - expected
        assert not unexpected, f"unexpected objects in the result: {sorted(unexpected)}"
        for name in names:
            assert isinstance(f[name], h5py.Dataset), f"{name} is not a dataset"


def test_coordinates_are_dimension_scales():
    with open_result() as f:
        for name in SCALES:
            ds = f[name]
            assert h5py.h5ds.is_scale(ds.id), f"{name} is not an HDF5 dimension scale"
            assert text(ds.attrs.get("CLASS", b"")) == "DIMENSION_SCALE", f"{name} has no CLASS=DIMENSION_SCALE"
            assert ds.ndim == 1, f"{name} has {ds.ndim} dimensions, expected 1"
        assert f["time"].shape == (DAYS,), f"time has shape {f['time'].shape}, expected ({DAYS},)"
        assert f["village"].shape == (VILLAGES,), f"village has shape {f['village'].shape}, expected ({VILLAGES},)"
        assert np.array_equal(f["time"][:], np.arange(DAYS)), "time is not 0, 1, ..., days-1"
        assert np.array_equal(f["village"][:], np.arange(VILLAGES)), "village is not 0, 1, ..., 23"


def test_data_variables_have_time_and_village_dims():
    with open_result() as f:
        for name in AREA_SERIES + VILLAGE_SERIES:
            ds = f[name]
            per_village = name in VILLAGE_SERIES
            want_shape = (DAYS, VILLAGES) if per_village else (DAYS,)
            want_dims = [["time"], ["village"]] if per_village else [["time"]]
            assert ds.shape == want_shape, f"{name} has shape {ds.shape}, expected {want_shape}"
            got = [attached_scales(ds, axis) for axis in range(ds.ndim)]
            assert got == want_dims, f"{name} has dimension scales {got}, expected {want_dims}"
            # The attached scale is the /time (and /village) dataset itself.
            assert ds.dims[0][0] == f["time"], f"{name}'s first dimension scale is not /time"
            if per_village:
                assert ds.dims[1][0] == f["village"], f"{name}'s second dimension scale is not /village"
            assert "DIMENSION_LIST" in ds.attrs, f"{name} has no DIMENSION_LIST attribute"
        for name in VILLAGE_METADATA:
            ds = f[name]
            assert ds.shape == (VILLAGES,), f"{name} has shape {ds.shape}, expected ({VILLAGES},)"
            got = attached_scales(ds, 0)
            assert got == ["village"], f"{name} has dimension scales {got}, expected ['village']"
        for name in DECILE_SERIES:
            ds = f[name]
            assert ds.shape == (DAYS, DECILES), f"{name} has shape {ds.shape}, expected ({DAYS}, {DECILES})"
            got = [attached_scales(ds, axis) for axis in range(ds.ndim)]
            assert got == [["time"], ["decile"]], f"{name} has dimension scales {got}"
            yearly = f[name + "_yearly"]
            assert yearly.shape == (len(YEARS), DECILES), f"{name}_yearly has shape {yearly.shape}"
        assert np.array_equal(f["decile"][:], np.arange(1, DECILES + 1)), "decile is not 1, ..., 10"
        shares = f["income_decile_share_yearly"][:]
        assert np.allclose(shares.sum(axis=1), 1.0), f"decile shares do not add up to 1: {shares.sum(axis=1)}"


def test_roads():
    with open_result() as f:
        for name in ROAD_VARIABLES:
            ds = f[name]
            assert ds.shape == (ROADS,), f"{name} has shape {ds.shape}, expected ({ROADS},)"
            assert attached_scales(ds, 0) == ["road"], f"{name} is not on the road dimension"
        assert np.array_equal(f["road"][:], np.arange(ROADS)), "road is not 0, 1, ..., roads-1"
        ends = np.concatenate([f["road_from"][:], f["road_to"][:]])
        assert ends.min() >= 0 and ends.max() < VILLAGES, f"road ends outside the village indices: {ends}"
        assert np.all(f["road_km"][:] > 0) and np.all(f["road_minutes"][:] > 0), "a road without length or time"
        assert text(f["road_km"].attrs["units"]) == "km" and text(f["road_minutes"].attrs["units"]) == "minutes"
        try:
            import yaml
        except ImportError:
            return
        roads = yaml.safe_load(text(f.attrs["scenario"]))["world"]["roads"]
        names = [text(n) for n in f["village_name"][:]]
        got = [(names[a], names[b], km, minutes) for a, b, km, minutes in
               zip(f["road_from"][:], f["road_to"][:], f["road_km"][:], f["road_minutes"][:])]
        want = [(r["from"], r["to"], float(r["km"]), float(r["minutes"])) for r in roads]
        assert got == want, f"roads in the file differ from the scenario's: {got[:3]} against {want[:3]}"


def test_every_dataset_has_units_and_long_name():
    with open_result() as f:
        for name, ds in f.items():
            for attr in ("units", "long_name"):
                assert attr in ds.attrs, f"{name} has no '{attr}' attribute"
                assert text(ds.attrs[attr]).strip(), f"{name} has an empty '{attr}' attribute"
        units = {name: text(f[name].attrs["units"]) for name in f}
        assert units["fresh_leaf_picked"] == "kg", f"fresh_leaf_picked units {units['fresh_leaf_picked']!r}"
        assert units["leaf_price"] == "fen/kg", f"leaf_price units {units['leaf_price']!r}"
        assert units["money_residual"] == "fen", f"money_residual units {units['money_residual']!r}"


def test_time_units():
    with open_result() as f:
        units = text(f["time"].attrs["units"])
        assert units == TIME_UNITS, f"time units are {units!r}, expected {TIME_UNITS!r}"
        assert text(f["time"].attrs.get("calendar", "")) == "standard", "time has no calendar 'standard'"
        dates = dates_of(f)
        assert dates[0] == EPOCH, f"first day {dates[0]}, expected {EPOCH}"
        assert dates[-1] == dt.date(2027, 12, 31), f"last day {dates[-1]}, expected 2027-12-31"


def test_root_attributes():
    with open_result() as f:
        for attr in ("scenario", "seed", "model_version"):
            assert attr in f.attrs, f"root attribute '{attr}' missing; have {sorted(f.attrs)}"
        assert int(f.attrs["seed"]) == 20230101, f"seed is {f.attrs['seed']}, expected the baseline's 20230101"
        assert int(f.attrs["run"]) == 0, f"run is {f.attrs['run']}, expected 0"
        assert int(f.attrs["gateway_village"]) == 0, f"gateway_village is {f.attrs['gateway_village']}, expected 0 (Yucun)"
        assert "replicates" not in f.attrs and "run" not in f, "a single run has no run dimension"
        version = text(f.attrs["model_version"])
        assert re.fullmatch(r"\d+\.\d+\.\d+.*", version), f"model_version {version!r} is not a version"
        scenario = text(f.attrs["scenario"])
        assert "villages:" in scenario, "the scenario attribute has no 'villages:'"
        try:
            import yaml
        except ImportError:
            return
        parsed = yaml.safe_load(scenario)
        assert isinstance(parsed, dict), f"the scenario attribute parses as {type(parsed).__name__}, not a map"
        assert parsed.get("name") == "greater-yucun-baseline", f"scenario name {parsed.get('name')!r}"
        assert int(parsed.get("seed")) == int(f.attrs["seed"]), "scenario seed differs from the seed attribute"
        assert parsed["calendar"]["years"] == 5, f"scenario years {parsed['calendar']['years']!r}"
        names = [v["name"] for v in parsed["world"]["villages"]]
        assert len(names) == VILLAGES, f"the scenario attribute has {len(names)} villages"


def test_village_names():
    with open_result() as f:
        names = [text(n) for n in f["village_name"][:]]
        assert len(names) == VILLAGES, f"{len(names)} village names, expected {VILLAGES}"
        assert len(set(names)) == VILLAGES, f"village names are not unique: {names}"
        for name in ("Yucun", "Wuhe"):
            assert name in names, f"{name} not among the village names {names}"
        assert names[0] == "Yucun", f"first village is {names[0]!r}, expected 'Yucun'"
        townships = {text(t) for t in f["village_township"][:]}
        assert townships == {"Tianhuangping", "Shanchuan", "Shangshu"}, f"townships {sorted(townships)}"


# ---- Content (h5py) ----------------------------------------------------------------


def test_money_conserved_and_ledger_consistent():
    with open_result() as f:
        residual = f["money_residual"][:]
        bad = np.flatnonzero(residual)
        assert bad.size == 0, f"money_residual is non-zero on {bad.size} days, first day index {bad[:5]}: {residual[bad[:5]]}"
        inconsistent = f["ledger_inconsistent_accounts"][:]
        bad = np.flatnonzero(inconsistent)
        assert bad.size == 0, f"ledger_inconsistent_accounts non-zero on {bad.size} days, first {bad[:5]}"


def test_tea_picked_in_march_and_april_only():
    with open_result() as f:
        dates = dates_of(f)
        picked = f["fresh_leaf_picked"][:].sum(axis=1)
        assert np.all(picked >= 0), "negative fresh_leaf_picked"
        picking_days = [dates[i] for i in np.flatnonzero(picked > 0)]
        outside = [d for d in picking_days if d.month not in (3, 4)]
        assert not outside, f"tea picked outside March-April on {len(outside)} days, e.g. {outside[:5]}"
        for year in YEARS:
            n = sum(1 for d in picking_days if d.year == year)
            assert n > 0, f"no tea picked in {year}"


def test_harvest_day_marks_the_picking_window():
    with open_result() as f:
        dates = dates_of(f)
        picked = f["fresh_leaf_picked"][:].sum(axis=1)
        harvest = f["harvest_day"][:]
        assert set(np.unique(harvest)) <= {0, 1}, f"harvest_day takes values {np.unique(harvest)}"
        for year in YEARS:
            idx = np.array([i for i, d in enumerate(dates) if d.year == year])
            picking = idx[picked[idx] > 0]
            assert picking.size > 0, f"no picking in {year}"
            first, last = picking[0], picking[-1]
            window = np.zeros(len(dates), dtype=bool)
            window[first:last + 1] = True
            wrong = [dates[i] for i in idx if bool(harvest[i]) != window[i]]
            assert not wrong, (f"{year}: harvest_day is not 1 exactly from the first picking day {dates[first]} "
                               f"to the last {dates[last]}; differs on {wrong[:5]}")
            assert 15 <= last - first + 1 <= 20, f"{year}: harvest window of {last - first + 1} days, expected ~18"


# The baseline's CPI path (outside.cpi_first_year, cpi_inflation,
# cpi_inflation_later): prices grow at each year's rate, compounded day by day
# from calendar.start (sim/model/shared/outside_params.hpp, price_level).
CPI_FIRST_YEAR, CPI_LISTED, CPI_LATER = 2023, [0.002, 0.002, 0.0], 0.015


def cpi_rate(year):
    k = year - CPI_FIRST_YEAR
    return CPI_LISTED[k] if 0 <= k < len(CPI_LISTED) else CPI_LATER


def price_level(date, start=dt.date(2023, 1, 1)):
    def log_level(d):
        x = sum(math.log1p(cpi_rate(y)) for y in range(start.year, d.year))
        jan1 = dt.date(d.year, 1, 1)
        days = (dt.date(d.year + 1, 1, 1) - jan1).days
        return x + math.log1p(cpi_rate(d.year)) * (d - jan1).days / days
    return 1.0 if date <= start else math.exp(log_level(date) - log_level(start))


def test_leaf_price_opens_at_520_yuan_and_falls():
    with open_result() as f:
        dates = dates_of(f)
        harvest = f["harvest_day"][:]
        price = f["leaf_price"][:]
        for year in YEARS:
            window = np.array([i for i, d in enumerate(dates) if d.year == year and harvest[i] == 1])
            assert window.size > 1, f"{year}: harvest window has {window.size} days"
            p = price[window]
            expected = OPEN_PRICE_FEN * price_level(dates[window[0]])
            assert abs(p[0] - expected) <= 1e-9 * expected, (
                f"{year}: leaf_price on the first harvest day {dates[window[0]]} is {p[0]}, expected {expected}")
            steps = np.diff(p)
            assert np.all(steps < 0), f"{year}: leaf_price does not fall every day of the window: {p.tolist()}"
            assert p[-1] > 0, f"{year}: leaf_price falls to {p[-1]}"


def test_dry_tea_follows_leaf_picked():
    with open_result() as f:
        dates = dates_of(f)
        years = np.array([d.year for d in dates])
        picked = f["fresh_leaf_picked"][:]
        to_traders = f["fresh_leaf_to_traders"][:]
        dry = f["dry_tea_made"][:]
        assert np.all(dry >= 0) and np.all(to_traders >= 0), "negative dry_tea_made or fresh_leaf_to_traders"
        assert np.all(to_traders <= picked + 1e-6), "more leaf sold to traders than picked on some village-day"
        for year in YEARS:
            rows = years == year
            leaf = picked[rows].sum()
            made = dry[rows].sum()
            expected = leaf / FRESH_TO_DRY
            # Leaf sold to outside traders is not processed here: dry tea can
            # fall short of picked/4.5, never exceed it.
            assert made <= expected * (1 + 1e-9), f"{year}: dry tea {made:.1f} kg exceeds picked/4.5 = {expected:.1f} kg"
            processed = (leaf - to_traders[rows].sum()) / FRESH_TO_DRY
            assert processed > 0.5 * expected, f"{year}: under half the leaf was processed locally"
            assert abs(made - processed) <= 1e-6 * processed, \
                f"{year}: dry tea {made:.1f} kg differs from (picked - to traders)/4.5 = {processed:.1f} kg"


# ---- xarray and ncdump ---------------------------------------------------------------


def test_xarray_reads_the_result():
    import xarray as xr

    with xr.open_dataset(RESULT) as ds:
        assert "time" in ds.dims and "village" in ds.dims, f"dims are {dict(ds.sizes)}"
        assert ds.sizes["time"] == DAYS and ds.sizes["village"] == VILLAGES, f"dims are {dict(ds.sizes)}"
        assert np.issubdtype(ds.time.dtype, np.datetime64), f"time decodes as {ds.time.dtype}, not datetime64"
        first = ds.time.values[0]
        assert first == np.datetime64("2023-01-01"), f"first time is {first}, expected 2023-01-01"
        assert ds.time.values[-1] == np.datetime64("2027-12-31"), f"last time is {ds.time.values[-1]}"
        picked = ds.fresh_leaf_picked
        assert picked.dims == ("time", "village"), f"fresh_leaf_picked dims {picked.dims}"
        assert ds.leaf_price.dims == ("time",), f"leaf_price dims {ds.leaf_price.dims}"
        assert picked.attrs.get("units") == "kg", f"fresh_leaf_picked units {picked.attrs.get('units')!r}"
        names = [text(n) for n in ds.village_name.values]
        yucun = names.index("Yucun")
        by_label = picked.sel(village=yucun)
        by_position = picked.isel(village=yucun)
        assert by_label.dims == ("time",), f"sel(village=...) gives dims {by_label.dims}"
        assert np.array_equal(by_label.values, by_position.values), "sel and isel by village disagree"
        season = picked.sel(village=yucun, time=slice("2023-03-01", "2023-04-30")).sum().item()
        assert season > 0, "no leaf picked in Yucun in March-April 2023 via xarray"
        with h5py.File(RESULT, "r") as f:
            assert np.array_equal(by_label.values, f["fresh_leaf_picked"][:, yucun]), "xarray and h5py disagree"
        outside = picked.sel(time=~ds.time.dt.month.isin([3, 4])).sum().item()
        assert outside == 0, f"xarray sees {outside} kg picked outside March-April"


def test_ncdump_header():
    ncdump = shutil.which("ncdump")
    assert ncdump, "ncdump not found on PATH (install netcdf-bin)"
    proc = subprocess.run([ncdump, "-h", RESULT], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, f"ncdump -h exited {proc.returncode}: {proc.stderr}"
    header = proc.stdout
    for pattern in (rf"^\s*time = {DAYS} ;", rf"^\s*village = {VILLAGES} ;", rf"^\s*road = {ROADS} ;",
                    rf"^\s*decile = {DECILES} ;", r"^\s*double income_decile_share\(time, decile\) ;",
                    r"^\s*int road_from\(road\) ;",
                    r"^\s*double fresh_leaf_picked\(time, village\) ;", r"^\s*double leaf_price\(time\) ;",
                    r'^\s*time:units = "days since 2023-01-01" ;'):
        assert re.search(pattern, header, re.M), f"ncdump -h lacks /{pattern}/; header starts:\n{header[:1500]}"


# ---- Driver ------------------------------------------------------------------------


def main(argv):
    global YUCUN, RESULT, RUN_OUTPUT
    if len(argv) != 2:
        print(f"usage: {argv[0]} <path-to-yucun>", file=sys.stderr)
        return 2
    YUCUN = os.path.abspath(argv[1])
    tmp = tempfile.mkdtemp(prefix="yucun-e2e-")
    try:
        RESULT = os.path.join(tmp, "out.h5")
        proc = subprocess.run([YUCUN, "run", "-o", RESULT], capture_output=True, text=True, timeout=300)
        RUN_OUTPUT = proc.stdout + proc.stderr
        if proc.returncode != 0 or not os.path.isfile(RESULT):
            print(f"FAIL  yucun run -o {RESULT} exited {proc.returncode}:\n{RUN_OUTPUT}")
            print("0 passed, 1 failed")
            return 1
        leftovers = [n for n in os.listdir(tmp) if n != "out.h5"]
        if leftovers:
            print(f"FAIL  run left files besides out.h5: {leftovers}")
        return run_tests(globals(), failed=1 if leftovers else 0)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
