#!/usr/bin/python3
"""A steady start and a sound long run (issue 13): one 30-year baseline run.

    /usr/bin/python3 tests/e2e/test_steady_run.py path/to/yucun

- The spin-up ran and is recorded (root attributes spin_up_years/spin_up_days).
- The first reported year has no start-up transient: monthly rural income per
  capita within its seasonal range, the Gini moving by at most 0.01 a month,
  job shares moving by no more than their largest quarterly change in the
  settled state (years 3-6 of `yucun spinup --years 6`) or in the run's own
  2024-2027, give or take 25 %.
- No year-boundary artefact: over the first 10 years, no area-wide stock or
  statistic (yearly rule 'point' or 'mean') changes across 31 December /
  1 January by more than 1.25 times its largest change across the other month
  boundaries. Exempt, as real yearly events (docs/output.md, "Year
  boundaries"): household_deposits, which take the collectives' dividends on
  31 December, and collective_assets, which take the profit reinvested then.
- Thirty years stay within the documented ranges (docs/ODD.md, 7.26): public
  holidays every year, deposits between 1 and 3 years of income, homestay
  beds per arriving visitor a day between 2 and 5, tea's share of household
  income between 2% and 15% and falling, the urban-rural ratio narrowing
  gently (between -1.5% and +0.5% a year) and within 1.2-1.7, visitors below
  the demand ceiling; money conserved every day; no NaN.
"""
import datetime as dt
import os
import re
import subprocess
import sys
import tempfile

import h5py
import numpy as np

from harness import run_tests

YEARS = 30
_result = {}


def result(yucun=None):
    if "path" not in _result:
        tmp = tempfile.mkdtemp(prefix="yucun-steady-")
        path = os.path.join(tmp, "thirty.h5")
        subprocess.run([_result["yucun"], "run", "-q", "-o", path, "--set", f"calendar.years={YEARS}"], check=True)
        _result["path"] = path
    return h5py.File(_result["path"], "r")


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def dates_of(f):
    m = re.fullmatch(r"days since (\d{4})-(\d{2})-(\d{2})", text(f["time"].attrs["units"]))
    epoch = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return [epoch + dt.timedelta(days=int(d)) for d in f["time"][:]]


def month_ends(dates, years=None):
    return [i for i, d in enumerate(dates)
            if (d + dt.timedelta(days=1)).day == 1 and (years is None or d.year in years)]


def area(f, name):
    """The area-wide daily series: village columns summed (counts, money) or
    averaged (rates, prices, per-capita figures)."""
    x = f[name][:].astype(float)
    if x.ndim == 1:
        return x
    if f[name].dims[1] and f[name].dims[1][0].name.endswith("decile"):
        return x[:, 0]  # the poorest tenth's share or income
    return x.mean(axis=1) if f[name].dtype.kind == "f" else x.sum(axis=1)


def test_spin_up_recorded():
    with result() as f:
        years, days = int(f.attrs["spin_up_years"]), int(f.attrs["spin_up_days"])
        assert years == 2 and days == 730, f"spin-up recorded as {years} years, {days} days, not 2021-2022's 2 and 730"


def test_first_year_has_no_start_up_transient():
    with result() as f:
        dates = dates_of(f)
        ends = month_ends(dates, years={2023})
        assert len(ends) == 12
        income = f["rural_income_per_capita"][:][ends]
        gini = f["gini"][:][ends]
        assert np.all(np.isfinite(income)) and np.all(np.isfinite(gini)), "income statistics missing in 2023"
        # Seasonal range: the spread of a settled year's month ends (2024).
        later = f["rural_income_per_capita"][:][month_ends(dates, years={2024})]
        assert income.max() / income.min() - 1 <= max(0.05, 1.5 * (later.max() / later.min() - 1)), (
            f"2023 monthly rural income {income.round().tolist()} rises like an empty book filling")
        assert np.abs(np.diff(gini)).max() <= 0.01, f"2023 Gini moves by more than 0.01 a month: {gini.round(4).tolist()}"
        # Job shares (of all working members, migrants included, as in the
        # spin-up trace): 2023's quarterly changes against the ordinary
        # quarterly changes of the settled state, years 3-6 of a 6-year
        # spin-up (drivers held, so the shares' level is the start's).
        trace = os.path.join(os.path.dirname(_result["path"]), "spinup.csv")
        subprocess.run([_result["yucun"], "spinup", "--years", "6", "--csv", trace], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(trace) as t:
            rows = [line.split(",") for line in t.read().strip().split("\n")]
        header = [h.strip() for h in rows[0]]
        settled = np.array([[float(x) for x in row] for row in rows[1:]])
        workers = {k: area(f, "workers_" + k) for k in ["own_business", "local_firm", "county_job"]}
        total = sum(workers.values()) + area(f, "migrants_away")
        quarters = [i for i, d in enumerate(dates) if d.day == 1 and d.month in (1, 4, 7, 10) and d.year <= 2024]
        later_quarters = [i for i, d in enumerate(dates)
                          if d.day == 1 and d.month in (1, 4, 7, 10) and 2024 <= d.year <= 2027]
        for k, w in workers.items():
            first = np.abs(np.diff((w / total)[quarters]))[:4]  # into April, July, October 2023, January 2024
            ordinary = np.abs(np.diff(settled[24::3, header.index(k + "_share")])).max()
            # The run's own quarters of 2024-2026, settled but with demand
            # growing and the resorts' seasons, move the shares too: a
            # transient is a 2023 move well beyond both (an emptying or
            # filling state moves several times as much; the largest of four
            # seasonal moves may exceed the largest of twelve by chance: 25 %).
            later = np.abs(np.diff((w / total)[later_quarters])).max()
            assert first.max() <= 1.25 * max(ordinary, later) + 1e-12, (
                f"{k} share moves by {first.max():.4f} in a 2023 quarter, more than its largest quarterly "
                f"change in a settled spin-up ({ordinary:.4f}) or in 2024-2027 ({later:.4f})")


def test_no_jump_at_year_boundaries():
    # Paid or invested on 31 December (docs/output.md): deposits receive the
    # dividends, collective assets the profit reinvested.
    exempt = {"household_deposits", "collective_assets"}
    with result() as f:
        dates = dates_of(f)
        first_ten = [i for i, d in enumerate(dates) if d.year < 2033]
        checked, jumps = 0, []
        for name in f:
            yearly = f.get(name + "_yearly")
            if yearly is None or name in exempt:
                continue
            if text(yearly.attrs["cell_methods"]) not in ("year: point", "year: mean"):
                continue  # flows: 1 January is a public holiday, not an ordinary day
            x = area(f, name)[first_ten]
            d = [dates[i] for i in first_ten]
            # Each boundary's change over two days: month-end bookkeeping
            # happens on the last day, the new month starts on the first.
            year_steps, other_steps = [], []
            for i in range(2, len(x)):
                if d[i].day == 1:
                    (year_steps if d[i].month == 1 else other_steps).append(abs(x[i] - x[i - 2]))
            checked += 1
            year_steps, other_steps = np.array(year_steps), np.array(other_steps)
            # A systematic artefact (a book that restarts, a stock rebuilt on
            # 1 January) is many times the ordinary steps; a quarter's job
            # reviews move the worker counts by similar amounts at any quarter
            # start, so the largest of ten year boundaries may exceed the
            # largest of the others by chance: 25 % is allowed.
            if year_steps.max() > 1.25 * other_steps.max() + 1e-9 * max(1.0, abs(x).max()):
                jumps.append(f"{name}: {year_steps.max():.6g} at a year boundary, at most {other_steps.max():.6g} at others")
        assert checked >= 15, f"only {checked} series checked"
        assert not jumps, "year-boundary jumps: " + "; ".join(jumps)


def test_holidays_every_year():
    with result() as f:
        dates = dates_of(f)
        kind = f["day_type"][:]
        for year in range(2023, 2023 + YEARS):
            days = [i for i, d in enumerate(dates) if d.year == year]
            holidays = [dates[i] for i in days if kind[i] == 2]
            assert 20 <= len(holidays) <= 40, f"{year}: {len(holidays)} public-holiday days"
            months = {d.month for d in holidays}
            assert 10 in months and 5 in months, f"{year}: no National Day or Labour Day holidays"
            assert months & {1, 2}, f"{year}: no Spring Festival holidays"


def test_thirty_years_within_bounds():
    with result() as f:
        years = f["year"][:]
        assert years[0] == 2023 and years[-1] == 2023 + YEARS - 1
        income = sum(f[f"income_{s}_yearly"][:].sum(axis=1)
                     for s in ["wage", "business", "tea", "homestay", "dividend", "remittance", "transfer"])
        deposits = f["household_deposits_yearly"][:].sum(axis=1)  # at each year's end
        ratio = deposits / income
        assert np.all((ratio >= 1) & (ratio <= 3)), f"deposits over income out of 1-3: {ratio.round(2).tolist()}"
        per_day = f["persons_arrived_yearly"][:] / 365.0
        beds = f["beds_yearly"][:].sum(axis=1) / per_day
        assert np.all((beds >= 2) & (beds <= 5)), f"beds per arriving visitor a day out of 2-5: {beds.round(2).tolist()}"
        tea = f["income_tea_yearly"][:].sum(axis=1) / income
        assert np.all((tea >= 0.02) & (tea <= 0.15)), f"tea share of income out of 2-15%: {tea.round(3).tolist()}"
        assert tea[-5:].mean() < tea[:5].mean(), "tea's share of income does not fall as incomes grow"
        urban_rural = f["urban_rural_ratio_yearly"][:]
        assert np.all((urban_rural >= 1.2) & (urban_rural <= 1.7)), f"urban-rural ratio out of 1.2-1.7: {urban_rural.round(3).tolist()}"
        trend = np.polyfit(np.arange(YEARS), np.log(urban_rural), 1)[0]
        assert -0.015 <= trend <= 0.005, f"urban-rural ratio trend {trend:+.4f} a year, outside -1.5%..+0.5%"
        visitors = f["visitors_total_yearly"][:].astype(float)
        assert visitors[-1] / visitors[0] <= 2.0, f"visitors grow {visitors[-1] / visitors[0]:.2f}x, past the ceiling"
        growth = np.diff(np.log(visitors))
        assert growth[-5:].mean() < 0.5 * growth[:5].mean(), "visitor growth does not saturate"


def test_money_conserved_and_no_nan():
    with result() as f:
        assert np.all(f["money_residual"][:] == 0), "money_residual is not 0 every day"
        assert np.all(f["ledger_inconsistent_accounts"][:] == 0), "ledger inconsistent"
        with_nan = [n for n, ds in f.items()
                    if isinstance(ds, h5py.Dataset) and ds.dtype.kind == "f" and not np.all(np.isfinite(ds[:]))]
        assert not with_nan, f"NaN or infinity in {with_nan}"


if __name__ == "__main__":
    _result["yucun"] = sys.argv[1]
    sys.exit(run_tests(globals()))
