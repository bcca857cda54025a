#!/usr/bin/python3
"""Build a self-contained HTML report from yucun result files.

    analysis/report.py A.h5 B.h5 ... [--baseline A.h5] [--yucun build/yucun]
                       [--indicator visitors] [--year Y] [--compare-csv FILE] -o report.html

Each file is one scenario: a single run, or a replicate file (`yucun run
--replicates N`, variables with a leading `run` dimension). Its label is the root
attribute `scenario_name`, or the file's stem when two files share a name.

The report holds, as PNGs embedded in the HTML (no external links):
  1. monthly time series with 95% confidence bands across replicates;
  2. per-village bars for the chosen year, with 95% confidence intervals;
  3. a map of the village network coloured by an indicator (by default the
     difference in visitors from the baseline);
  4. the income distribution by decile and Lorenz curves;
  5. the comparison table from `yucun compare --format csv`.

Confidence intervals are Student-t intervals of the mean over replicates:
mean +/- t(0.975, n-1) * sd / sqrt(n). With one replicate there is no interval.

Numbers in the comparison table are rounded to 4 significant digits (see
`fmt_number`); `--compare-csv` renders a CSV saved earlier instead of running
`yucun compare`.

Needs only h5py, numpy, matplotlib (Agg) and the standard library. Exit status:
0 report written, 1 `yucun compare` failed, 2 bad input.
"""
import argparse
import stat
import base64
import csv
import datetime as dt
import html
import io
import math
import os
import re
import subprocess
import sys

import h5py
import numpy as np
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)
import matplotlib.ticker  # noqa: E402
from matplotlib import colors as mcolors  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DEFAULT_YUCUN = os.path.join(REPO, "build", "yucun")

COMPARE_HEADER = ["scenario", "file", "indicator", "where", "units", "period", "replicates",
                  "mean", "ci_low", "ci_high", "diff", "diff_ci_low", "diff_ci_high", "distinguishable",
                  "diff_method", "pct_change", "summary"]
NUMBER_FIELDS = ["mean", "ci_low", "ci_high", "diff", "diff_ci_low", "diff_ci_high", "pct_change"]
SIGNIFICANT_DIGITS = 4


class ReportError(Exception):
    """Bad input: exits with status 2 and the message."""


class CompareError(Exception):
    """`yucun compare` failed: exits with status 1 and the message."""


# What a yucun result can hold (as `yucun compare` checks it): larger declared sizes
# mean a damaged or crafted file, refused before anything is read into memory.
MAX_YEARS = 1000
MAX_DAYS = 366_000
MAX_VILLAGES = 100_000
MAX_ELEMENTS = 2_000_000_000


def check_input_file(path):
    """A result file must be a regular file: a FIFO would block the reader for ever, a
    device or a folder is no result."""
    try:
        st = os.stat(path)
    except OSError as e:
        raise ReportError(f"{path}: {e.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        kind = "a folder" if stat.S_ISDIR(st.st_mode) else "a FIFO" if stat.S_ISFIFO(st.st_mode) else "not a regular file"
        raise ReportError(f"{path} is {kind}, not a result file")


def check_output(path, inputs):
    """The report's name: never one of its inputs, never a folder or a device."""
    real = os.path.realpath(path)
    for p in inputs:
        if p and os.path.exists(p) and os.path.realpath(p) == real:
            raise ReportError(f"-o {path} is one of the input files; choose another name for the report")
    if os.path.lexists(path) and not os.path.isfile(path):
        raise ReportError(f"-o {path} exists and is not a regular file (a folder, a device, a FIFO or a broken link)")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise ReportError(f"-o {path}: the folder {folder} does not exist")


# ---------------------------------------------------------------------------
# Statistics helpers (tested by tests/analysis/test_report_stats.py)


def _betacf(a, b, x):
    """Continued fraction of the regularized incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 400):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def _betainc(a, b, x):
    """Regularized incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    lbeta = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
    front = math.exp(lbeta + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def t_cdf(t, df):
    """Cumulative distribution function of Student's t with df degrees of freedom."""
    x = df / (df + t * t)
    tail = 0.5 * _betainc(df / 2.0, 0.5, x)
    return 1.0 - tail if t > 0 else tail


def t_quantile(p, df):
    """Quantile of Student's t (0.5 < p < 1); the normal quantile for df = inf."""
    if not 0.5 < p < 1.0:
        raise ValueError("t_quantile needs 0.5 < p < 1")
    if math.isinf(df):
        lo, hi = 0.0, 40.0
        f = lambda z: 0.5 * math.erfc(-z / math.sqrt(2.0))  # noqa: E731
    else:
        if df <= 0:
            raise ValueError("t_quantile needs df > 0")
        lo, hi = 0.0, 1.0
        f = lambda z: t_cdf(z, df)  # noqa: E731
        while f(hi) < p:
            hi *= 2.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if f(mid) < p:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-12 * max(1.0, hi):
            break
    return 0.5 * (lo + hi)


def mean_ci(samples, axis=0, level=0.95):
    """Mean over replicates (along `axis`) and its Student-t confidence interval.

    Returns (mean, low, high) as arrays (floats for 1-d input). With one replicate
    the interval is NaN: there is nothing to estimate the spread from.
    """
    x = np.asarray(samples, dtype=float)
    n = x.shape[axis]
    mean = x.mean(axis=axis)
    if n < 2:
        nan = np.full_like(mean, np.nan)
        return mean, nan, nan.copy()
    sd = x.std(axis=axis, ddof=1)
    half = t_quantile(0.5 + level / 2.0, n - 1) * sd / math.sqrt(n)
    return mean, mean - half, mean + half


def lorenz_points(shares):
    """Lorenz curve from income shares of equal-sized groups ranked poorest first.

    Returns (population share, income share), both starting at 0 and ending at 1.
    Shares are normalised to add up to 1 (so fractions or percentages both work).
    """
    s = np.asarray(shares, dtype=float)
    total = s.sum()
    if not total > 0:
        raise ValueError("income shares do not add up to a positive total")
    cum = np.concatenate([[0.0], np.cumsum(s) / total])
    return np.linspace(0.0, 1.0, len(s) + 1), cum


def lorenz_gini(shares):
    """Gini coefficient of the grouped distribution (trapezoids under the Lorenz curve)."""
    p, L = lorenz_points(shares)
    return float(1.0 - np.sum((p[1:] - p[:-1]) * (L[1:] + L[:-1])))


def monthly(values, months, how):
    """Aggregate a daily array to calendar months.

    `values` has time on axis 1 (axis 0 is the replicate); `months` holds one
    datetime64[M] per day, in order. `how` is "sum" (flows), "mean" (rates) or
    "last" (the value on the month's last day in the run: statistics that the
    model updates at month ends). Returns (the months, the aggregated array with
    months on axis 1).
    """
    months = np.asarray(months)
    starts = np.flatnonzero(np.concatenate([[True], months[1:] != months[:-1]]))
    if how == "last":
        ends = np.concatenate([starts[1:], [len(months)]]) - 1
        return months[starts], np.take(np.asarray(values, dtype=float), ends, axis=1)
    sums = np.add.reduceat(np.asarray(values, dtype=float), starts, axis=1)
    if how == "sum":
        out = sums
    elif how == "mean":
        counts = np.diff(np.concatenate([starts, [len(months)]]))
        shape = [1] * sums.ndim
        shape[1] = len(counts)
        out = sums / counts.reshape(shape)
    else:
        raise ValueError(f"unknown aggregation {how!r}")
    return months[starts], out


def fmt_number(x, digits=SIGNIFICANT_DIGITS):
    """The table's rounding rule: `digits` significant digits, thousands separated
    by commas, no exponent. 1148237 -> '1,148,000'; 45419.3 -> '45,420';
    0.24531 -> '0.2453'; -0.0123456 -> '-0.01235'; 0 -> '0'; NaN/None -> ''."""
    if x is None:
        return ""
    x = float(x)
    if math.isnan(x):
        return ""
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    if x == 0:
        return "0"
    decimals = digits - 1 - math.floor(math.log10(abs(x)))
    rounded = round(x, decimals)
    # rounding may carry into the next power of ten (9.9996 -> 10.000): one digit fewer
    if rounded != 0 and math.floor(math.log10(abs(rounded))) > math.floor(math.log10(abs(x))):
        decimals -= 1
        rounded = round(x, decimals)
    if decimals <= 0:
        return f"{int(round(rounded)):,}"
    return f"{rounded:,.{decimals}f}"


# ---------------------------------------------------------------------------
# Reading result files


def _text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, np.ndarray) and value.shape == ():
        return _text(value[()])
    return str(value)


class Result:
    """One result file: a single run or a replicate file, seen as replicates."""

    def __init__(self, path):
        self.path = path
        check_input_file(path)
        try:
            self.file = h5py.File(path, "r")
        except OSError as e:
            raise ReportError(f"{path}: cannot open as HDF5 ({e})") from None
        f = self.file
        for need in ("time", "village_name", "year"):
            if need not in f:
                raise ReportError(f"{path}: not a yucun result file (no '{need}')")
            if not isinstance(f[need], h5py.Dataset):
                raise ReportError(f"{path}: '{need}' is a group, not a dataset: the file is damaged or not a yucun result")
        for name, limit in (("time", MAX_DAYS), ("year", MAX_YEARS), ("village_name", MAX_VILLAGES)):
            if f[name].ndim != 1 or f[name].shape[0] > limit:
                raise ReportError(f"{path}: '{name}' has shape {f[name].shape}; a yucun result has one dimension of "
                                  f"at most {limit:,}: the file is damaged or not a yucun result")
        years = f["year"][:]
        if not np.all(np.isfinite(years.astype(float))):
            raise ReportError(f"{path}: 'year' holds a value that is not a number (NaN): the file is damaged")
        time_values = f["time"][:]
        if not np.all(np.isfinite(time_values.astype(float))):
            raise ReportError(f"{path}: 'time' holds a value that is not a number (NaN): the file is damaged")
        self.scenario_name = _text(f.attrs.get("scenario_name", os.path.splitext(os.path.basename(path))[0]))
        self.stem = os.path.splitext(os.path.basename(path))[0]
        self.label = self.scenario_name
        self.model_version = _text(f.attrs.get("model_version", "?"))
        units = _text(f["time"].attrs.get("units", ""))
        m = re.fullmatch(r"days since (\d{4})-(\d{2})-(\d{2})", units)
        if not m:
            raise ReportError(f"{path}: time units {units!r} are not 'days since YYYY-MM-DD'")
        epoch = np.datetime64(f"{m.group(1)}-{m.group(2)}-{m.group(3)}")
        self.dates = epoch + time_values.astype("int64").astype("timedelta64[D]")
        self.months = self.dates.astype("datetime64[M]")
        self.day_years = self.dates.astype("datetime64[Y]").astype(int) + 1970
        self.years = [int(y) for y in years]
        self.villages = [_text(n) for n in f["village_name"][:]]
        self.townships = ([_text(n) for n in f["village_township"][:]]
                          if "village_township" in f else [""] * len(self.villages))
        self.x = f["village_x"][:] if "village_x" in f else None
        self.y = f["village_y"][:] if "village_y" in f else None
        self.has_run_dim = "run" in f and isinstance(f["run"], h5py.Dataset)
        if self.has_run_dim:
            # `replicate` holds each run's --run number; `run` is the position in the file
            runs = f["replicate"] if "replicate" in f else f["run"]
            self.runs = [int(r) for r in runs[:]]
            self.seeds = ([int(s) for s in f["seed"][:]] if "seed" in f
                          else [int(f.attrs.get("seed", 0))] * len(self.runs))
        else:
            self.runs = [int(f.attrs.get("run", 0))]
            self.seeds = [int(f.attrs.get("seed", 0))]
        self.replicates = len(self.runs)
        # Runs drawn from a calibration's posterior (yucun run --posterior):
        # their spread includes parameter uncertainty.
        self.posterior = _text(f.attrs["posterior_calibration"]) if "posterior_calibration" in f.attrs else None
        self.gateway = None  # the tourism gateway's name; the attribute holds its village index
        if "gateway_village" in f.attrs:
            g = f.attrs["gateway_village"]
            if isinstance(g, (bytes, str)):
                self.gateway = _text(g)
            elif 0 <= int(g) < len(self.villages):
                self.gateway = self.villages[int(g)]

    def has(self, name):
        return name in self.file and isinstance(self.file[name], h5py.Dataset)

    def read(self, name, base_ndim):
        """The variable as (replicate, ...) whether or not the file has a run dimension.

        `base_ndim` is the variable's rank in a single-run file (e.g. 2 for
        visitors(time, village), 1 for gini(time))."""
        if not self.has(name):
            raise ReportError(f"{self.path}: no variable '{name}'")
        ds = self.file[name]
        if ds.size > MAX_ELEMENTS:
            raise ReportError(f"{self.path}: '{name}' declares {ds.size:,} values (shape {ds.shape}), more than a yucun "
                              f"result holds ({MAX_ELEMENTS:,}): the file is damaged or not a yucun result")
        if self.has_run_dim and ds.ndim == base_ndim + 1:
            if ds.shape[0] != self.replicates:
                raise ReportError(f"{self.path}: '{name}' has {ds.shape[0]} runs, the file {self.replicates}")
            return ds[...]
        if ds.ndim == base_ndim:
            return ds[...][np.newaxis, ...]
        raise ReportError(f"{self.path}: '{name}' has {ds.ndim} dimensions, expected {base_ndim}"
                          f"{' (+ run)' if self.has_run_dim else ''}")

    def units(self, name):
        return _text(self.file[name].attrs.get("units", "")) if self.has(name) else ""

    def long_name(self, name):
        return _text(self.file[name].attrs.get("long_name", name)) if self.has(name) else name

    def year_index(self, year):
        return self.years.index(year)

    def last_day_of(self, year):
        idx = np.flatnonzero(self.day_years == year)
        if idx.size == 0:
            raise ReportError(f"{self.path}: no days in {year}")
        return int(idx[-1])

    def period(self):
        return f"{self.dates[0]} to {self.dates[-1]}"

    def roads(self):
        """(from, to) index pairs, or None when the file has no road variables."""
        if self.has("road_from") and self.has("road_to"):
            return list(zip((int(v) for v in self.file["road_from"][:]),
                            (int(v) for v in self.file["road_to"][:])))
        return None


def load_results(paths):
    results = [Result(p) for p in paths]
    for r in results:
        design = r.file.attrs.get("design")
        if design is not None:
            design = design.decode() if isinstance(design, bytes) else str(design)
            raise ReportError(f"{r.path} is a sweep ({design} design): the report treats a file's runs as "
                              "replicates of one scenario, and a sweep's runs are different scenarios; use "
                              f"`yucun table {r.path}` for its runs by design point, with their parameters")
    names = [r.scenario_name for r in results]
    for r in results:
        if names.count(r.scenario_name) > 1:
            r.label = r.stem
    labels = [r.label for r in results]
    for lab in labels:
        if labels.count(lab) > 1:
            raise ReportError(f"two files are both labelled '{lab}' (same scenario name and file stem)")
    first = results[0]
    for r in results[1:]:
        if r.villages != first.villages:
            raise ReportError(f"{r.path}: its villages differ from {first.path}'s; the report compares "
                              "scenarios of the same world")
    return results


# ---------------------------------------------------------------------------
# Figures


def png_data_uri(fig):
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight", facecolor="white")
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def scenario_colours(results):
    cycle = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    return {r.label: cycle[i % len(cycle)] for i, r in enumerate(results)}


def monthly_series(r, spec):
    """Per-replicate monthly values of one panel's quantity: (months, array[rep, month])."""
    kind = spec["kind"]
    if kind == "area_visitors":
        daily = r.read("visitors", 2).sum(axis=2)
        return monthly(daily, r.months, "sum")
    if kind == "weighted_share":
        share = r.read("visitors_outside_core_share", 1).astype(float)
        if r.has("visitors_total"):
            weight = r.read("visitors_total", 1).astype(float)
        else:
            weight = r.read("visitors", 2).sum(axis=2).astype(float)
        m, num = monthly(share * weight, r.months, "sum")
        _, den = monthly(weight, r.months, "sum")
        with np.errstate(invalid="ignore", divide="ignore"):
            return m, np.where(den > 0, num / den, np.nan) * 100.0
    return monthly(r.read(spec["var"], 1), r.months, spec["kind"])


TIME_PANELS = [
    {"title": "Visitors per month, all villages", "kind": "area_visitors", "need": ["visitors"],
     "ylabel": "person-visits per month"},
    {"title": "Rural income per capita (past 12 months)", "kind": "last", "var": "rural_income_per_capita",
     "need": ["rural_income_per_capita"], "ylabel": "yuan per person per year"},
    {"title": "Gini of household income per capita", "kind": "last", "var": "gini", "need": ["gini"],
     "ylabel": "Gini coefficient"},
    {"title": "Visits outside the gateway village", "kind": "weighted_share",
     "need": ["visitors_outside_core_share", "visitors"], "ylabel": "% of the month's village visits"},
]


@matplotlib.ticker.FuncFormatter
def THOUSANDS(value, _pos):
    """Axis labels with thousands separators instead of an offset like '1e6'."""
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:g}"


def figure_time_series(results, colours):
    fig, axes = plt.subplots(2, 2, figsize=(13, 8))
    notes = []
    for ax, spec in zip(axes.flat, TIME_PANELS):
        drawn = False
        for r in results:
            if not all(r.has(v) for v in spec["need"]):
                notes.append(f"{r.label}: no {', '.join(spec['need'])}")
                continue
            months, reps = monthly_series(r, spec)
            mean, lo, hi = mean_ci(reps, axis=0)
            x = months.astype("datetime64[D]").astype(object)
            x = [d + dt.timedelta(days=14) for d in x]  # mid-month
            c = colours[r.label]
            ax.plot(x, mean, color=c, lw=1.6, label=f"{r.label} (n={r.replicates})")
            if r.replicates > 1:
                ax.fill_between(x, lo, hi, color=c, alpha=0.25, lw=0)
            drawn = True
        ax.set_title(spec["title"], fontsize=11)
        ax.set_ylabel(spec["ylabel"])
        ax.grid(alpha=0.3)
        ax.yaxis.set_major_formatter(THOUSANDS)
        if drawn:
            ax.legend(fontsize=8, loc="best")
        else:
            ax.text(0.5, 0.5, "not in the result files", ha="center", va="center", transform=ax.transAxes)
    fig.autofmt_xdate()
    fig.tight_layout()
    return png_data_uri(fig), notes


def yearly_village(r, name, year):
    """Per-replicate values of `<name>_yearly` for `year`: array[rep, village]."""
    data = r.read(f"{name}_yearly", 2)
    return data[:, r.year_index(year), :].astype(float)


def to_display_units(values, units):
    """Money is written in fen (1/100 yuan): shown in yuan ('fen', 'fen/year', ...)."""
    if units == "fen" or units.startswith("fen/"):
        return values / 100.0, "yuan" + units[3:]
    return values, units


def figure_village_bars(results, colours, year):
    panels = [("visitors", "Visitors by village", "person-visits in {year}"),
              ("village_income_per_capita", "Village income per capita", "yuan per person in {year}")]
    fig, axes = plt.subplots(2, 1, figsize=(14, 9))
    nv = len(results[0].villages)
    width = 0.8 / len(results)
    notes = []
    for ax, (name, title, ylabel) in zip(axes, panels):
        for i, r in enumerate(results):
            if not r.has(f"{name}_yearly"):
                notes.append(f"{r.label}: no {name}_yearly")
                continue
            vals, _ = to_display_units(yearly_village(r, name, year), r.units(f"{name}_yearly"))
            mean, lo, hi = mean_ci(vals, axis=0)
            pos = np.arange(nv) - 0.4 + width * (i + 0.5)
            yerr = None if r.replicates < 2 else np.vstack([mean - lo, hi - mean])
            ax.bar(pos, mean, width, color=colours[r.label], yerr=yerr, capsize=2,
                   error_kw={"elinewidth": 0.8}, label=f"{r.label} (n={r.replicates})")
        ax.set_xticks(np.arange(nv))
        ax.set_xticklabels(results[0].villages, rotation=60, ha="right", fontsize=8)
        ax.set_title(f"{title}, {year}", fontsize=11)
        ax.set_ylabel(ylabel.format(year=year))
        ax.grid(axis="y", alpha=0.3)
        ax.yaxis.set_major_formatter(THOUSANDS)
        ax.legend(fontsize=8)
    fig.tight_layout()
    return png_data_uri(fig), notes


def figure_map(results, baseline, indicator, year):
    """Village network coloured by the indicator: the difference from the baseline
    for each other scenario, or the level when there is only one scenario."""
    base = baseline
    if base.x is None or base.y is None:
        return None, ["the result files have no village_x / village_y"]
    name = f"{indicator}_yearly"
    for r in results:
        if not r.has(name) or r.file[name].ndim not in (2, 3) or r.file[name].shape[-1] != len(r.villages):
            return None, [f"{r.label}: no per-village yearly summary '{name}'"]
    others = [r for r in results if r is not base]
    raw_units = base.units(name)
    if others:
        base_mean, _ = to_display_units(yearly_village(base, indicator, year).mean(axis=0), raw_units)
        panels = []
        for r in others:
            mean, units = to_display_units(yearly_village(r, indicator, year).mean(axis=0), raw_units)
            panels.append((f"{r.label} − {base.label}", mean - base_mean))
        what = f"difference in {indicator}, {year} ({units})"
        limit = max(float(np.nanmax(np.abs(v))) for _, v in panels) or 1.0
        norm = mcolors.TwoSlopeNorm(vcenter=0.0, vmin=-limit, vmax=limit)
        cmap = "RdBu"
    else:
        mean, units = to_display_units(yearly_village(base, indicator, year).mean(axis=0), raw_units)
        panels = [(base.label, mean)]
        what = f"{indicator}, {year} ({units})"
        norm = mcolors.Normalize(vmin=float(np.nanmin(mean)), vmax=float(np.nanmax(mean)) or 1.0)
        cmap = "viridis"
    notes = []
    roads = base.roads()
    if roads is None:
        notes.append("the result files have no road_from / road_to: villages are drawn without roads")
    ncols = min(len(panels), 2)
    nrows = math.ceil(len(panels) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(7.5 * ncols, 6.8 * nrows), squeeze=False)
    for ax, (title, values) in zip(axes.flat, panels):
        if roads:
            for a, b in roads:
                ax.plot([base.x[a], base.x[b]], [base.y[a], base.y[b]], color="#999999", lw=1.0, zorder=1)
        sc = ax.scatter(base.x, base.y, c=values, cmap=cmap, norm=norm, s=170,
                        edgecolors="#333333", linewidths=0.7, zorder=2)
        for i, v in enumerate(base.villages):
            gateway = v == base.gateway
            ax.annotate(f"{v} (gateway)" if gateway else v, (base.x[i], base.y[i]), xytext=(6, 5),
                        textcoords="offset points", fontsize=7.5, zorder=3,
                        fontweight="bold" if gateway else "normal")
        ax.set_title(title, fontsize=11)
        ax.set_xlabel("km east of the gateway")
        ax.set_ylabel("km north")
        ax.set_aspect("equal", adjustable="datalim")
        ax.grid(alpha=0.2)
        fig.colorbar(sc, ax=ax, shrink=0.8, label=what, format=THOUSANDS)
    for ax in list(axes.flat)[len(panels):]:
        ax.axis("off")
    fig.tight_layout()
    return png_data_uri(fig), notes


def decile_values(r, name, year):
    """Per-replicate values of a (time, decile) series on the last day of `year`
    (a rolling-year statistic: on 31 December it is that calendar year's)."""
    data = r.read(name, 2)
    return data[:, r.last_day_of(year), :].astype(float)


def figure_income(results, colours, year):
    need = ["income_decile_share", "income_decile_per_capita"]
    have = [r for r in results if all(r.has(v) for v in need)]
    notes = [f"{r.label}: no {' / '.join(v for v in need if not r.has(v))}" for r in results if r not in have]
    if not have:
        return None, notes
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(14, 5.5), gridspec_kw={"width_ratios": [1.5, 1]})
    width = 0.8 / len(have)
    for i, r in enumerate(have):
        pc = decile_values(r, "income_decile_per_capita", year)
        mean, lo, hi = mean_ci(pc, axis=0)
        nd = pc.shape[1]
        pos = np.arange(nd) - 0.4 + width * (i + 0.5)
        yerr = None if r.replicates < 2 else np.vstack([mean - lo, hi - mean])
        ax1.bar(pos, mean, width, color=colours[r.label], yerr=yerr, capsize=2,
                error_kw={"elinewidth": 0.8}, label=f"{r.label} (n={r.replicates})")
        shares = decile_values(r, "income_decile_share", year).mean(axis=0)
        p, L = lorenz_points(shares)
        if r.has("gini"):
            g = float(r.read("gini", 1)[:, r.last_day_of(year)].mean())
            glabel = f"{r.label}: Gini {g:.3f}"
        else:
            glabel = f"{r.label}: Gini (deciles) {lorenz_gini(shares):.3f}"
        ax2.plot(p, L, marker="o", ms=3, color=colours[r.label], label=glabel)
    ax1.set_xticks(np.arange(nd))
    ax1.set_xticklabels([f"D{k + 1}" for k in range(nd)])
    ax1.set_xlabel("tenth of households ranked by income per capita (D1 poorest)")
    ax1.set_ylabel(have[0].units("income_decile_per_capita") or "yuan per person per year")
    ax1.set_title(f"Income per capita by decile, {year}", fontsize=11)
    ax1.grid(axis="y", alpha=0.3)
    ax1.yaxis.set_major_formatter(THOUSANDS)
    ax1.legend(fontsize=8)
    ax2.plot([0, 1], [0, 1], color="#666666", ls="--", lw=1, label="equality")
    ax2.set_xlim(0, 1)
    ax2.set_ylim(0, 1)
    ax2.set_aspect("equal")
    ax2.set_xlabel("share of households (poorest first)")
    ax2.set_ylabel("share of household income")
    ax2.set_title(f"Lorenz curves, {year}", fontsize=11)
    ax2.grid(alpha=0.3)
    ax2.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    return png_data_uri(fig), notes


# ---------------------------------------------------------------------------
# The comparison table


def run_compare(yucun, results, baseline, year):
    cmd = [yucun, "compare", *[r.path for r in results], "--baseline", baseline.path,
           "--format", "csv", "--year", str(year)]
    shown = " ".join(cmd)
    if not os.path.exists(yucun):
        raise CompareError(f"cannot run `{shown}`: no yucun binary at {yucun} (build it, or pass --yucun PATH)")
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    except OSError as e:
        raise CompareError(f"cannot run `{shown}`: {e}") from None
    except subprocess.TimeoutExpired:
        raise CompareError(f"`{shown}` did not finish within 10 minutes") from None
    if p.returncode == 2:  # compare refused the input: bad input here too
        raise ReportError(f"`{shown}` refused the files:\n{p.stderr.strip() or '(it printed no message)'}")
    if p.returncode != 0:
        raise CompareError(f"`{shown}` failed with exit status {p.returncode}:\n{p.stderr.strip() or '(it printed no message)'}")
    return p.stdout, p.stderr


def parse_compare_csv(text):
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or rows[0] != COMPARE_HEADER:
        got = ",".join(rows[0]) if rows else "(nothing)"
        raise CompareError("`yucun compare --format csv` printed an unexpected header:\n  "
                           f"{got}\nexpected:\n  {','.join(COMPARE_HEADER)}")
    out = []
    for n, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != len(COMPARE_HEADER):
            raise CompareError(f"compare CSV line {n}: {len(row)} fields, expected {len(COMPARE_HEADER)}")
        rec = dict(zip(COMPARE_HEADER, row))
        for k in NUMBER_FIELDS:
            if rec[k] != "":
                try:
                    rec[k] = float(rec[k])
                except ValueError:
                    raise CompareError(f"compare CSV line {n}: {k} = {rec[k]!r} is not a number") from None
            else:
                rec[k] = None
        out.append(rec)
    return out


TOWNSHIP_FORMS = (re.compile(r"^township[: ]\s*(.+)$", re.I), re.compile(r"^(.+?)\s*\(township\)$", re.I),
                  re.compile(r"^(.+?)\s+township$", re.I))


def where_group(where, villages, townships):
    """'area', 'township' or 'village' for a compare row's `where`. A name that is
    both a village and a township (Shanchuan, Shangshu) counts as a village unless
    compare marks it ('township:X', 'X (township)', 'X township')."""
    if where == "area":
        return "area"
    for form in TOWNSHIP_FORMS:
        m = form.match(where)
        if m and m.group(1) in townships:
            return "township"
    if where in villages:
        return "village"
    if where in townships:
        return "township"
    return "other"


def place_label(where, townships):
    """How a compare row's place is shown: 'township:Shanchuan' as 'Shanchuan (township)'."""
    for form in TOWNSHIP_FORMS:
        m = form.match(where)
        if m and m.group(1) in townships:
            return f"{m.group(1)} (township)"
    return where


def render_table(indexed_rows, townships=frozenset()):
    """One HTML table of (csv row number, row) pairs. Each <tr> carries data-row
    (the row's position among compare's data rows, from 0) and
    data-scenario/indicator/where; each number cell data-field."""
    e = html.escape
    out = ['<table class="compare">',
           "<thead><tr><th>indicator</th><th>where</th><th>scenario</th><th>units</th><th>period</th>"
           "<th>n</th><th>mean</th><th>95% CI low</th><th>95% CI high</th>"
           "<th>difference</th><th>diff CI low</th><th>diff CI high</th><th>change, %</th><th>distinguishable</th>"
           "<th>interval</th></tr></thead>",
           "<tbody>"]
    last_key = None
    for index, rec in indexed_rows:
        key = (rec["indicator"], rec["where"])
        dist = rec["distinguishable"].strip().lower()
        is_base = dist == "" and rec["diff"] is None
        cls = ["baseline"] if is_base else (["indist"] if dist == "no" else ["dist"] if dist == "yes" else [])
        if key != last_key:
            cls.append("first")
            last_key = key
        cells = [f'<td>{e(rec["indicator"])}</td>', f'<td>{e(place_label(rec["where"], townships))}</td>',
                 f'<td>{e(rec["scenario"])}</td>', f'<td>{e(rec["units"])}</td>',
                 f'<td>{e(rec["period"])}</td>', f'<td class="n">{e(rec["replicates"])}</td>']
        for k in NUMBER_FIELDS:
            cells.append(f'<td class="num" data-field="{k}">{e(fmt_number(rec[k]))}</td>')
        value = e(rec["distinguishable"])
        if is_base:
            mark = "baseline"
        elif dist == "no":
            mark = "≈ not distinguishable"
        elif dist == "yes":
            mark = "✔ yes"
        elif dist == "n/a":
            mark = "n/a (one replicate)"
        else:
            mark = value
        cells.append(f'<td class="mark" data-field="distinguishable" data-value="{value}">{mark}</td>')
        method = rec.get("diff_method", "")
        cells.append(f'<td data-field="diff_method" data-value="{e(method)}">'
                     + ("paired by replicate" if method == "paired" else "Welch (unpaired)" if method == "welch" else "")
                     + "</td>")
        out.append(f'<tr class="{" ".join(cls)}" data-row="{index}" data-scenario="{e(rec["scenario"])}" '
                   f'data-indicator="{e(rec["indicator"])}" data-where="{e(rec["where"])}">' + "".join(cells)
                   + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def render_compare(rows, villages, townships):
    """The comparison in three tables: whole area, townships, villages (folded away).
    Within a table rows keep compare's order, grouped by indicator and place."""
    groups = {"area": [], "township": [], "village": [], "other": []}
    for i, rec in enumerate(rows):
        groups[where_group(rec["where"], villages, townships)].append((i, rec))
    titles = {"area": "Whole area", "township": "By township", "village": "By village", "other": "Other places"}
    parts = []
    for g in ("area", "township", "village", "other"):
        recs = groups[g]
        if not recs:
            continue
        # stable sort: by where (first seen), then indicator (first seen), then compare's order
        where_order, ind_order = {}, {}
        for _, rec in recs:
            where_order.setdefault(rec["where"], len(where_order))
            ind_order.setdefault(rec["indicator"], len(ind_order))
        recs = sorted(recs, key=lambda ir: (where_order[ir[1]["where"]], ind_order[ir[1]["indicator"]], ir[0]))
        table = render_table(recs, townships)
        if g == "village":
            parts.append(f"<details><summary>{titles[g]} ({len(recs)} rows; click to open)</summary>"
                         f"{table}</details>")
        else:
            parts.append(f"<h3>{titles[g]}</h3>{table}")
    if not rows:
        parts.append('<p class="note">yucun compare printed no rows.</p>')
    return "\n".join(parts)


# ---------------------------------------------------------------------------
# The page

CSS = """
body{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:24px auto;max-width:1400px;
 color:#222;padding:0 16px;line-height:1.4}
h1{margin-bottom:4px} h2{border-bottom:2px solid #ddd;padding-bottom:4px;margin-top:36px}
img{max-width:100%;border:1px solid #eee}
table{border-collapse:collapse;font-size:13px;margin:8px 0 16px}
th,td{border:1px solid #ddd;padding:3px 7px;text-align:left}
th{background:#f2f4f7} td.num,td.n{text-align:right;font-variant-numeric:tabular-nums}
table.compare tr.first td{border-top:2px solid #aaa}
tr.baseline td{background:#f7f7f7}
tr.indist td{color:#888} tr.indist td.mark{color:#b35900;font-weight:bold}
tr.dist td.mark{color:#1a7f37;font-weight:bold}
.note{color:#8a5a00;background:#fff8e5;border-left:4px solid #f0b400;padding:6px 10px;margin:8px 0}
.caption{color:#555;font-size:14px;max-width:1100px}
details summary{cursor:pointer;font-weight:bold;margin:12px 0}
"""


def notes_html(notes):
    return "".join(f'<p class="note">{html.escape(n)}</p>' for n in notes)


def figure_html(title, uri, caption, notes, missing):
    parts = [f"<h2>{html.escape(title)}</h2>", f'<p class="caption">{caption}</p>']
    if uri:
        parts.append(f'<img alt="{html.escape(title)}" src="{uri}">')
    else:
        parts.append(f'<p class="note">Figure skipped: {html.escape(missing)}</p>')
    parts.append(notes_html(notes))
    return "\n".join(parts)


def seeds_text(r):
    seeds = sorted(set(r.seeds))
    runs = r.runs
    if len(runs) > 1 and runs == list(range(runs[0], runs[0] + len(runs))):
        runs_text = f"{runs[0]}–{runs[-1]}"
    else:
        runs_text = ", ".join(map(str, runs))
    return ", ".join(map(str, seeds)), runs_text


def build_report(results, baseline, indicator, year, compare_rows, compare_notes=()):
    colours = scenario_colours(results)
    versions = sorted({r.model_version for r in results})
    e = html.escape
    head = ["<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">",
            f"<title>yucun report: {e(', '.join(r.label for r in results))}</title>",
            f"<style>{CSS}</style></head><body>",
            "<h1>yucun scenario report</h1>",
            f"<p>yucun version {e(', '.join(versions))} · baseline <b>{e(baseline.label)}</b> · "
            f"year shown in bars, maps and table: <b>{year}</b> · "
            f"95% confidence intervals across replicates (Student t)</p>",
            "<h2>Scenarios</h2><table class=\"files\"><thead><tr><th>scenario</th><th>file</th>"
            "<th>scenario name</th><th>replicates</th><th>seed</th><th>runs</th><th>period</th>"
            "<th>yucun version</th></tr></thead><tbody>"]
    for r in results:
        seeds, runs = seeds_text(r)
        head.append(f"<tr><td><b>{e(r.label)}</b>{' (baseline)' if r is baseline else ''}</td>"
                    f"<td>{e(os.path.abspath(r.path))}</td><td>{e(r.scenario_name)}</td>"
                    f'<td class="n">{r.replicates}</td><td>{e(seeds)}</td><td>{e(runs)}</td>'
                    f"<td>{e(r.period())}</td><td>{e(r.model_version)}</td></tr>")
    head.append("</tbody></table>")
    if len(versions) > 1:
        head.append(notes_html(["the files were written by different yucun versions"]))
    head.append(notes_html([f"{r.label}: its {r.replicates} runs are draws from the posterior of calibration "
                            f"'{r.posterior}' (yucun run --posterior), each with its own random streams: its "
                            "intervals include parameter uncertainty as well as run-to-run noise"
                            for r in results if r.posterior]))

    body = []
    uri, notes = figure_time_series(results, colours)
    body.append(figure_html(
        "1. Over time", uri,
        "Monthly values: visitors are summed over the month and the villages; income per capita and "
        "Gini (both over the past twelve months, updated at month ends) are monthly means of the daily "
        "values; the share of visits outside the gateway village is the month's visits outside it over "
        "all the month's village visits. Lines are the mean over replicates, shaded bands the 95% "
        "confidence interval of that mean (none with one replicate).", notes, ""))
    uri, notes = figure_village_bars(results, colours, year)
    body.append(figure_html(
        f"2. Villages in {year}", uri,
        f"Person-visits in {year} and households' income per resident in {year}, by village, one bar "
        "per scenario (mean over replicates); whiskers are 95% confidence intervals of the mean.",
        notes, ""))
    uri, notes = figure_map(results, baseline, indicator, year)
    map_caption = (f"Villages at their (approximate) positions, roads as grey lines, coloured by "
                   f"<code>{e(indicator)}</code> in {year} (mean over replicates)")
    map_caption += (f": each map shows one scenario minus the baseline ({e(baseline.label)}); red is less, "
                    "blue more than the baseline." if len(results) > 1 else ".")
    body.append(figure_html("3. The village network", uri, map_caption, notes if uri else [],
                            "; ".join(notes)))
    uri, notes = figure_income(results, colours, year)
    body.append(figure_html(
        f"4. Income distribution in {year}", uri,
        "Households ranked by income per capita over the year and cut into tenths (deciles): left, the "
        "mean income per person of each tenth (whiskers: 95% CI across replicates); right, the Lorenz "
        "curve: the share of all household income received by the poorest x of households. The further "
        "below the dashed equality line, the more unequal; the legend gives the Gini coefficient "
        "(households, from the model's <code>gini</code> series).",
        notes if uri else [], "the result files have no income deciles (income_decile_share, "
        "income_decile_per_capita): " + "; ".join(notes)))
    villages, townships = results[0].villages, results[0].townships
    body.append("<h2>5. Comparison with the baseline</h2>")
    body.append('<p class="caption">From <code>yucun compare --format csv</code>: for each indicator and '
                "place, the mean over replicates with its 95% confidence interval, and the difference "
                f"from the baseline ({e(baseline.label)}) with its 95% interval and the change in percent. The "
                "interval is paired by replicate where both files hold the same seeds and replicates "
                "(replicate r of each shares its random streams, so their common noise cancels), else "
                "Welch's unpaired interval; the last column says which. Rows marked "
                "<b>≈ not distinguishable</b> (greyed) are differences whose 95% interval includes zero: the "
                "replicates cannot tell them apart from chance; <b>n/a</b>: a scenario with one replicate "
                "has no interval. Numbers are rounded to 4 significant digits.</p>")
    body.append(notes_html(f"yucun compare: {n}" for n in compare_notes))
    body.append(render_compare(compare_rows, villages, set(townships)))
    foot = [f'<p class="caption">Written by analysis/report.py on '
            f"{dt.datetime.now().strftime('%Y-%m-%d %H:%M')}.</p></body></html>"]
    return "\n".join(head + body + foot)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+", help="result files, one per scenario")
    ap.add_argument("-o", "--output", required=True, help="the HTML file to write")
    ap.add_argument("--baseline", help="the baseline's file (default: the first file)")
    ap.add_argument("--yucun", default=DEFAULT_YUCUN, help="the yucun binary (default: build/yucun in the repo)")
    ap.add_argument("--indicator", default="visitors",
                    help="per-village yearly series that colours the map (default: visitors)")
    ap.add_argument("--year", type=int, help="year for the bars, map, deciles and table (default: the last "
                    "year all files cover)")
    ap.add_argument("--compare-csv", help="render this CSV (from `yucun compare --format csv`) instead of "
                    "running yucun compare")
    args = ap.parse_args(argv)

    try:
        check_output(args.output, args.files + [args.compare_csv])
        if args.compare_csv:
            check_input_file(args.compare_csv)
        results = load_results(args.files)
        baseline = results[0]
        if args.baseline:
            match = [r for r in results if os.path.realpath(r.path) == os.path.realpath(args.baseline)]
            if not match:
                raise ReportError(f"--baseline {args.baseline} is not one of the files")
            baseline = match[0]
            results = [baseline] + [r for r in results if r is not baseline]
        common = sorted(set.intersection(*(set(r.years) for r in results)))
        if not common:
            raise ReportError("the files have no year in common")
        year = args.year if args.year is not None else common[-1]
        if year not in common:
            raise ReportError(f"--year {year}: not in every file (years in all files: "
                              f"{', '.join(map(str, common))})")
        compare_notes = ""
        if args.compare_csv:
            try:
                with open(args.compare_csv, encoding="utf-8") as fh:
                    text = fh.read()
            except OSError as e:
                raise ReportError(f"--compare-csv: {e}") from None
        else:
            text, compare_notes = run_compare(args.yucun, results, baseline, year)
        rows = parse_compare_csv(text)
        page = build_report(results, baseline, args.indicator, year, rows,
                            [line for line in compare_notes.splitlines() if line.strip()])
    except ReportError as e:
        print(f"report: error: {e}", file=sys.stderr)
        return 2
    except CompareError as e:
        print(f"report: error: {e}", file=sys.stderr)
        return 1
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, MemoryError, OSError) as e:
        # Content the checks above did not foresee (a damaged or crafted file): a message, not a traceback.
        print(f"report: error: cannot read the files ({type(e).__name__}: {str(e)[:300]}); "
              "are they damaged or not yucun results? (`yucun info FILE` describes a file)", file=sys.stderr)
        return 2
    # Written under a temporary name beside the report and renamed when complete.
    folder, name = os.path.split(os.path.abspath(args.output))
    tmp = os.path.join(folder, f".{name}.part-{os.getpid()}")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(page)
        os.replace(tmp, args.output)
    except OSError as e:
        if os.path.exists(tmp):
            os.unlink(tmp)
        print(f"report: error: writing {args.output}: {e.strerror or e}", file=sys.stderr)
        return 1
    print(f"report: wrote {args.output} ({len(page) // 1024} KiB; {len(results)} scenarios, year {year})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
