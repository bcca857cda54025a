#!/usr/bin/python3
"""Sensitivity analysis of a yucun sweep: Sobol' indices, Morris screening or PRCC.

    analysis/sensitivity.py SWEEP.h5 --indicator NAME [--year Y]
                            [--village NAME | --aggregate sum|mean]
                            [--format table|csv|json] [--plot OUT.png | --no-plot]
                            [--bootstrap B] [--confidence 0.95] [--seed S]

From a `sobol` sweep: first-order (S1, Saltelli et al. 2010) and total-order
(ST, Jansen 1999) Sobol' indices with bootstrap confidence intervals. From a
`morris` sweep: the elementary effects' mean mu, mean absolute value mu* and
standard deviation sigma (Morris 1991, Campolongo et al. 2007), with a
bootstrap interval for mu*. From an `lhs` or `grid` sweep: partial rank
correlation coefficients (PRCC, Marino et al. 2008) with Fisher-z intervals.
The output is the yearly summary
`<NAME>_yearly(run, year[, village])` in year Y (default: the last), for one
village or summed (or averaged) over villages.

Prints a table (or CSV, JSON) and writes a bar plot (default
`<sweep>-<indicator>-sensitivity.png` in the current folder).

The sweep file contract (docs/output.md, "Sweep files"): a `run` dimension;
`point(run)`, `replicate(run)`, `status(run)` (0 = ran; others are left out),
`param_<name>(run)` and `unit_<name>(run)` per parameter; root attributes
`design` ("sobol", "morris", ...), `parameters` (the names, comma-separated,
in design order) and `sobol_n` / `morris_levels`. Replicates of a point are
averaged. Points follow Saltelli's layout (sample j: A, AB_1..AB_k, B) or
Morris trajectories (k + 1 points each), as `yucun sweep --plan` lists them.

The estimators below take plain numpy arrays, so they are tested apart from
the model (tests/analysis/test_sensitivity.py, on the Ishigami function).
Needs only numpy, h5py and matplotlib. Exit status: 0 done, 2 bad input.
"""
import argparse
import json
import os
import sys

import numpy as np


class SensitivityError(Exception):
    """Bad input: the message says what and where."""


# ---- Estimators (numpy arrays in, numpy arrays out) -------------------------------


def saltelli_blocks(y, k):
    """Outputs in Saltelli's point order, N * (k + 2) of them, as (yA, yB, yAB).

    yA and yB have shape (N,), yAB shape (N, k): yAB[:, i] is the output at A
    with column i taken from B.
    """
    y = np.asarray(y, dtype=float)
    if y.ndim != 1 or y.size % (k + 2) != 0:
        raise SensitivityError(f"a Saltelli design of {k} parameters has a multiple of {k + 2} points, got {y.size}")
    rows = y.reshape(-1, k + 2)
    return rows[:, 0], rows[:, k + 1], rows[:, 1:k + 1]


def sobol_point_estimates(ya, yb, yab):
    """First-order (Saltelli 2010) and total-order (Jansen 1999) indices.

    S1_i = mean(yB * (yAB_i - yA)) / V,  ST_i = mean((yA - yAB_i)^2) / (2 V),
    V the variance of yA and yB together. The outputs are centred first (on the
    mean of yA, yB and yAB together, per bootstrap sample, as SALib does):
    uncentred, S1's estimator has a variance that grows with the output's
    squared mean, so an output far from 0 (a ratio of 1.6 with sd 0.05) gives
    noise; centred, the indices do not move when the output is shifted. Arrays
    may carry leading bootstrap axes: ya, yb (..., N), yab (..., N, k); returns
    S1, ST of shape (..., k).
    """
    ya = np.asarray(ya, dtype=float)
    yb = np.asarray(yb, dtype=float)
    yab = np.asarray(yab, dtype=float)
    centre = (ya.sum(axis=-1) + yb.sum(axis=-1) + yab.sum(axis=(-2, -1))) / (2 * ya.shape[-1] + yab.shape[-2] * yab.shape[-1])
    ya = ya - centre[..., None]
    yb = yb - centre[..., None]
    yab = yab - centre[..., None, None]
    variance = np.var(np.concatenate([ya, yb], axis=-1), axis=-1)[..., None]
    with np.errstate(invalid="ignore", divide="ignore"):
        s1 = np.mean(yb[..., None] * (yab - ya[..., None]), axis=-2) / variance
        st = 0.5 * np.mean((ya[..., None] - yab) ** 2, axis=-2) / variance
    return s1, st


def sobol_indices(ya, yb, yab, bootstrap=1000, confidence=0.95, seed=0):
    """Sobol' indices with percentile bootstrap intervals over the N base samples.

    Returns a dict of arrays of length k: S1, ST, and S1_lo, S1_hi, ST_lo,
    ST_hi (the bounds of the `confidence` interval); with bootstrap=0 the
    bounds are NaN.
    """
    ya = np.asarray(ya, dtype=float)
    yb = np.asarray(yb, dtype=float)
    yab = np.asarray(yab, dtype=float)
    n, k = yab.shape
    if ya.shape != (n,) or yb.shape != (n,):
        raise SensitivityError(f"yA and yB need {n} values like yAB's rows, got {ya.shape} and {yb.shape}")
    if n < 2:
        raise SensitivityError(f"Sobol' indices need at least 2 base samples, got {n}")
    s1, st = sobol_point_estimates(ya, yb, yab)
    out = {"S1": s1, "ST": st}
    nan = np.full(k, np.nan)
    out.update(S1_lo=nan, S1_hi=nan, ST_lo=nan, ST_hi=nan)
    if bootstrap > 0:
        rng = np.random.default_rng(seed)
        s1_b = np.empty((bootstrap, k))
        st_b = np.empty((bootstrap, k))
        chunk = max(1, 2_000_000 // max(1, n * k))  # bound the memory of one batch
        for start in range(0, bootstrap, chunk):
            stop = min(bootstrap, start + chunk)
            idx = rng.integers(0, n, size=(stop - start, n))
            s1_b[start:stop], st_b[start:stop] = sobol_point_estimates(ya[idx], yb[idx], yab[idx])
        tail = 100 * (1 - confidence) / 2
        out["S1_lo"], out["S1_hi"] = np.nanpercentile(s1_b, [tail, 100 - tail], axis=0)
        out["ST_lo"], out["ST_hi"] = np.nanpercentile(st_b, [tail, 100 - tail], axis=0)
    return out


def morris_elementary_effects(unit, y, k):
    """Elementary effects of Morris trajectories, as an (r, k) array.

    `unit` (r * (k + 1), k) holds the design's unit-cube coordinates in
    trajectory order, `y` the outputs. In each step exactly one coordinate
    moves, by +-delta; its effect is (y_after - y_before) / (u_after - u_before),
    in output units per whole range of the parameter.
    """
    unit = np.asarray(unit, dtype=float)
    y = np.asarray(y, dtype=float)
    if unit.ndim != 2 or unit.shape[1] != k or unit.shape[0] != y.size or y.size % (k + 1) != 0:
        raise SensitivityError(f"Morris trajectories of {k} parameters have (k + 1) * r points with k coordinates each; "
                               f"got coordinates {unit.shape} and {y.size} outputs")
    r = y.size // (k + 1)
    u = unit.reshape(r, k + 1, k)
    dy = np.diff(y.reshape(r, k + 1), axis=1)  # (r, k) by step
    du = np.diff(u, axis=1)                     # (r, k steps, k coordinates)
    moved = np.abs(du) > 1e-12
    if not np.all(moved.sum(axis=2) == 1):
        raise SensitivityError("not Morris trajectories: some step moves no parameter or several")
    which = np.argmax(moved, axis=2)            # (r, k): the parameter moved at each step
    step_du = np.take_along_axis(du, which[..., None], axis=2)[..., 0]
    effects = np.full((r, k), np.nan)
    rows = np.repeat(np.arange(r)[:, None], k, axis=1)
    effects[rows, which] = dy / step_du
    return effects


def morris_measures(effects, bootstrap=1000, confidence=0.95, seed=0):
    """mu, mu* and sigma of elementary effects (r, k), with a bootstrap interval
    of mu* over trajectories (mu_star_lo, mu_star_hi)."""
    effects = np.asarray(effects, dtype=float)
    r, k = effects.shape
    out = {
        "mu": np.mean(effects, axis=0),
        "mu_star": np.mean(np.abs(effects), axis=0),
        "sigma": np.std(effects, axis=0, ddof=1) if r > 1 else np.full(k, np.nan),
        "mu_star_lo": np.full(k, np.nan),
        "mu_star_hi": np.full(k, np.nan),
    }
    if bootstrap > 0 and r > 1:
        rng = np.random.default_rng(seed)
        idx = rng.integers(0, r, size=(bootstrap, r))
        boot = np.mean(np.abs(effects)[idx], axis=1)  # (B, k)
        tail = 100 * (1 - confidence) / 2
        out["mu_star_lo"], out["mu_star_hi"] = np.percentile(boot, [tail, 100 - tail], axis=0)
    return out


def _ranks(a):
    """Ranks 1..n along axis 0, ties given their mean rank."""
    a = np.asarray(a, dtype=float)
    out = np.empty_like(a)
    for j in range(a.shape[1]):
        col = a[:, j]
        order = np.argsort(col, kind="stable")
        ranks = np.empty(len(col))
        ranks[order] = np.arange(1, len(col) + 1)
        # ties: the mean of their ranks
        uniq, inverse, counts = np.unique(col, return_inverse=True, return_counts=True)
        if len(uniq) < len(col):
            sums = np.bincount(inverse, weights=ranks)
            ranks = (sums / counts)[inverse]
        out[:, j] = ranks
    return out


def prcc(x, y, confidence=0.95):
    """Partial rank correlation coefficients (Marino, Hogue, Ray and Kirschner
    2008, J. Theor. Biol. 254:178): for each parameter j, the correlation of
    the residuals of rank(x_j) and of rank(y), each regressed (least squares,
    with an intercept) on the ranks of the other parameters. For monotone
    effects of any shape, from any design (LHS, grid, random). Intervals by
    Fisher's z: tanh(atanh(r) -+ z_(1-a/2) / sqrt(n - 3 - (k - 1))).

    x: (n, k), y: (n,). Returns PRCC, PRCC_lo, PRCC_hi (length k); NaN for a
    parameter with no spread in the design.
    """
    from statistics import NormalDist

    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    n, k = x.shape
    if y.shape != (n,):
        raise SensitivityError(f"PRCC needs one output per design point: {n} points, {y.shape} outputs")
    if n < k + 3:
        raise SensitivityError(f"PRCC of {k} parameters needs at least {k + 3} design points, got {n}")
    rx, ry = _ranks(x), _ranks(y[:, None])[:, 0]
    r = np.full(k, np.nan)
    for j in range(k):
        others = np.column_stack([np.ones(n), np.delete(rx, j, axis=1)])
        coef_x, *_ = np.linalg.lstsq(others, rx[:, j], rcond=None)
        coef_y, *_ = np.linalg.lstsq(others, ry, rcond=None)
        ex, ey = rx[:, j] - others @ coef_x, ry - others @ coef_y
        denom = np.sqrt(np.sum(ex * ex) * np.sum(ey * ey))
        if denom > 0:
            r[j] = float(np.sum(ex * ey) / denom)
    zq = NormalDist().inv_cdf(0.5 + confidence / 2)
    df = n - 3 - (k - 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.arctanh(np.clip(r, -1 + 1e-15, 1 - 1e-15))
        half = zq / np.sqrt(df) if df > 0 else np.nan
        lo, hi = np.tanh(z - half), np.tanh(z + half)
    return {"PRCC": r, "PRCC_lo": lo, "PRCC_hi": hi}


# ---- Reading a sweep result file ----------------------------------------------------


def _text(value):
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, np.ndarray) and value.shape == ():
        return _text(value[()])
    return str(value)


class SweepResult:
    """A sweep result file, reduced to one output value per design point."""

    def __init__(self, path, indicator, year=None, village=None, aggregate="sum"):
        import h5py

        self.path = path
        try:
            f = h5py.File(path, "r")
        except (OSError, ValueError) as e:
            raise SensitivityError(f"{path}: cannot open as HDF5: {e}") from None
        with f:
            attrs = f.attrs
            for need in ("design", "parameters"):
                if need not in attrs:
                    raise SensitivityError(f"{path}: no root attribute '{need}': not a sweep result file")
            self.design = _text(attrs["design"])
            self.parameters = [p for p in _text(attrs["parameters"]).split(",") if p]
            self.k = len(self.parameters)
            self.attrs = {key: attrs[key] for key in attrs}
            for need in ("point",):
                if need not in f:
                    raise SensitivityError(f"{path}: no variable '{need}(run)': not a sweep result file")
            self.point = np.asarray(f["point"][:], dtype=np.int64)
            runs = self.point.size
            self.status = np.asarray(f["status"][:], dtype=np.int64) if "status" in f else np.zeros(runs, np.int64)
            self.replicate = np.asarray(f["replicate"][:], dtype=np.int64) if "replicate" in f else np.zeros(runs, np.int64)
            self.values = np.empty((runs, self.k))
            self.unit = np.full((runs, self.k), np.nan)
            for i, name in enumerate(self.parameters):
                if f"param_{name}" not in f:
                    raise SensitivityError(f"{path}: no variable 'param_{name}(run)' for parameter '{name}'")
                self.values[:, i] = f[f"param_{name}"][:]
                if f"unit_{name}" in f:
                    self.unit[:, i] = f[f"unit_{name}"][:]
            self.indicator, self.year, self.where, y = self._read_indicator(f, indicator, year, village, aggregate)
        self.runs = runs
        self.ok = self.status == 0
        self.points = int(self.point.max()) + 1 if runs else 0
        # One value per point: the mean of its replicates that ran.
        sums = np.bincount(self.point[self.ok], weights=y[self.ok], minlength=self.points)
        counts = np.bincount(self.point[self.ok], minlength=self.points)
        with np.errstate(invalid="ignore", divide="ignore"):
            self.y = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
        self.point_unit = np.full((self.points, self.k), np.nan)
        self.point_unit[self.point] = self.unit

    def _read_indicator(self, f, indicator, year, village, aggregate):
        name = indicator if indicator.endswith("_yearly") else f"{indicator}_yearly"
        if name not in f:
            yearly = sorted(key[:-7] for key in f if key.endswith("_yearly"))
            raise SensitivityError(f"{self.path}: no variable '{name}' (indicators with yearly summaries: "
                                   f"{', '.join(yearly) if yearly else 'none'})")
        data = f[name][...]
        if "year" not in f:
            raise SensitivityError(f"{self.path}: no 'year' coordinate")
        years = [int(v) for v in f["year"][:]]
        chosen = years[-1] if year is None else int(year)
        if chosen not in years:
            raise SensitivityError(f"{self.path}: year {chosen} is not in the file (years {years[0]}-{years[-1]})")
        data = data[:, years.index(chosen)]
        where = "area-wide"
        if data.ndim == 2:  # (run, village)
            names = [_text(v) for v in f["village_name"][:]] if "village_name" in f else []
            if village is not None:
                if village not in names:
                    raise SensitivityError(f"{self.path}: no village '{village}' (villages: {', '.join(names)})")
                data = data[:, names.index(village)]
                where = village
            else:
                data = data.sum(axis=1) if aggregate == "sum" else data.mean(axis=1)
                where = f"{aggregate} over villages"
        elif data.ndim != 1:
            raise SensitivityError(f"{self.path}: '{name}' has dims the analysis does not know (shape {f[name].shape})")
        elif village is not None:
            raise SensitivityError(f"{self.path}: '{name}' is area-wide; --village does not apply")
        return name, chosen, where, np.asarray(data, dtype=float)


def analyse_sobol(result, bootstrap, confidence, seed):
    k = result.k
    if result.points % (k + 2) != 0:
        raise SensitivityError(f"{result.path}: {result.points} points is not N * (k + 2) = N * {k + 2}")
    y = result.y.reshape(-1, k + 2)
    complete = np.all(np.isfinite(y), axis=1)
    n_total = y.shape[0]
    y = y[complete]
    if y.shape[0] < 2:
        raise SensitivityError(f"{result.path}: fewer than 2 complete base samples (of {n_total}) ran")
    ya, yb, yab = y[:, 0], y[:, k + 1], y[:, 1:k + 1]
    out = sobol_indices(ya, yb, yab, bootstrap=bootstrap, confidence=confidence, seed=seed)
    return out, {"base_samples": int(y.shape[0]), "dropped_samples": int(n_total - y.shape[0])}


def analyse_morris(result, bootstrap, confidence, seed):
    k = result.k
    if np.isnan(result.point_unit).all():
        raise SensitivityError(f"{result.path}: no unit_<name>(run) variables: Morris needs the design coordinates")
    if result.points % (k + 1) != 0:
        raise SensitivityError(f"{result.path}: {result.points} points is not r * (k + 1) = r * {k + 1}")
    y = result.y.reshape(-1, k + 1)
    unit = result.point_unit.reshape(-1, k + 1, k)
    complete = np.all(np.isfinite(y), axis=1)
    r_total = y.shape[0]
    if complete.sum() < 2:
        raise SensitivityError(f"{result.path}: fewer than 2 complete trajectories (of {r_total}) ran")
    effects = morris_elementary_effects(unit[complete].reshape(-1, k), y[complete].ravel(), k)
    out = morris_measures(effects, bootstrap=bootstrap, confidence=confidence, seed=seed)
    return out, {"trajectories": int(complete.sum()), "dropped_trajectories": int(r_total - complete.sum())}


def analyse_prcc(result, confidence):
    """PRCC of an lhs or grid sweep: one output per point (its replicates' mean),
    the points' parameter values as the design."""
    values = np.full((result.points, result.k), np.nan)
    values[result.point] = result.values
    ok = np.isfinite(result.y) & np.all(np.isfinite(values), axis=1)
    out = prcc(values[ok], result.y[ok], confidence=confidence)
    return out, {"points": int(ok.sum()), "dropped_points": int(result.points - ok.sum())}


# ---- Output -------------------------------------------------------------------------------

SOBOL_COLUMNS = ["S1", "S1_lo", "S1_hi", "ST", "ST_lo", "ST_hi"]
MORRIS_COLUMNS = ["mu", "mu_star", "sigma", "mu_star_lo", "mu_star_hi"]
PRCC_COLUMNS = ["PRCC", "PRCC_lo", "PRCC_hi"]


def rows_of(design, parameters, out):
    columns = SOBOL_COLUMNS if design == "sobol" else MORRIS_COLUMNS if design == "morris" else PRCC_COLUMNS
    return columns, [{"parameter": p, **{c: float(out[c][i]) for c in columns}} for i, p in enumerate(parameters)]


def format_table(result, out, info, confidence, bootstrap):
    pct = f"{100 * confidence:g}%"
    head = (f"{result.indicator} in {result.year} ({result.where}), {result.runs} runs "
            f"({int((~result.ok).sum())} failed or not run)")
    width = max(9, *(len(p) for p in result.parameters))
    lines = []
    if result.design == "sobol":
        lines.append(f"Sobol' indices of {head}; N = {info['base_samples']} base samples"
                     f"{'' if not info['dropped_samples'] else ' (' + str(info['dropped_samples']) + ' incomplete left out)'}")
        lines.append(f"first order S1 (Saltelli 2010), total order ST (Jansen), {pct} bootstrap intervals "
                     f"({bootstrap} resamples)")
        lines.append(f"{'parameter':<{width}}  {'S1':>7}  {pct + ' interval':<18}  {'ST':>7}  {pct + ' interval':<18}")
        for i, p in enumerate(result.parameters):
            lines.append(f"{p:<{width}}  {out['S1'][i]:7.3f}  [{out['S1_lo'][i]:6.3f}, {out['S1_hi'][i]:6.3f}]  "
                         f"{out['ST'][i]:7.3f}  [{out['ST_lo'][i]:6.3f}, {out['ST_hi'][i]:6.3f}]")
        lines.append(f"sum of S1 = {np.sum(out['S1']):.3f}: 1 - sum is the share of variance from interactions")
    elif result.design in ("lhs", "grid"):
        lines.append(f"Partial rank correlations (PRCC) of {head}; {info['points']} design points"
                     f"{'' if not info['dropped_points'] else ' (' + str(info['dropped_points']) + ' without a value left out)'}")
        lines.append(f"PRCC (Marino et al. 2008): monotone association with the output, the others' ranks held; "
                     f"{pct} Fisher-z intervals")
        lines.append(f"{'parameter':<{width}}  {'PRCC':>7}  {pct + ' interval':<18}")
        for i, p in enumerate(result.parameters):
            lines.append(f"{p:<{width}}  {out['PRCC'][i]:7.3f}  [{out['PRCC_lo'][i]:6.3f}, {out['PRCC_hi'][i]:6.3f}]")
    else:
        lines.append(f"Morris elementary effects of {head}; r = {info['trajectories']} trajectories"
                     f"{'' if not info['dropped_trajectories'] else ' (' + str(info['dropped_trajectories']) + ' incomplete left out)'}")
        lines.append("effects in output units per whole range of the parameter; rank by mu*, "
                     "sigma large against mu* = non-linear or interacting")
        lines.append(f"{'parameter':<{width}}  {'mu':>11}  {'mu*':>11}  {'sigma':>11}  {'mu* ' + pct + ' interval':<27}")
        order = np.argsort(-out["mu_star"])
        for i in order:
            lines.append(f"{result.parameters[i]:<{width}}  {out['mu'][i]:11.4g}  {out['mu_star'][i]:11.4g}  "
                         f"{out['sigma'][i]:11.4g}  [{out['mu_star_lo'][i]:11.4g}, {out['mu_star_hi'][i]:11.4g}]")
    return "\n".join(lines)


def plot(result, out, path, confidence):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = result.parameters
    x = np.arange(len(names))
    fig, ax = plt.subplots(figsize=(max(5, 1.2 * len(names) + 2), 4))
    if result.design == "sobol":
        w = 0.38
        for shift, key, label in ((-w / 2, "S1", "first order S1"), (w / 2, "ST", "total order ST")):
            err = np.vstack([out[key] - out[key + "_lo"], out[key + "_hi"] - out[key]])
            err = np.where(np.isfinite(err), np.maximum(err, 0), 0)
            ax.bar(x + shift, out[key], w, yerr=err, capsize=3, label=label)
        ax.set_ylabel("Sobol' index")
        ax.axhline(0, color="black", linewidth=0.6)
        ax.legend()
        ax.set_title(f"Sobol' indices: {result.indicator}, {result.year}")
    elif result.design in ("lhs", "grid"):
        err = np.vstack([out["PRCC"] - out["PRCC_lo"], out["PRCC_hi"] - out["PRCC"]])
        err = np.where(np.isfinite(err), np.maximum(err, 0), 0)
        ax.bar(x, out["PRCC"], 0.5, yerr=err, capsize=3)
        ax.axhline(0, color="black", linewidth=0.6)
        ax.set_ylim(-1.05, 1.05)
        ax.set_ylabel("partial rank correlation")
        ax.set_title(f"PRCC: {result.indicator}, {result.year}")
    else:
        err = np.vstack([out["mu_star"] - out["mu_star_lo"], out["mu_star_hi"] - out["mu_star"]])
        err = np.where(np.isfinite(err), np.maximum(err, 0), 0)
        ax.bar(x - 0.2, out["mu_star"], 0.4, yerr=err, capsize=3, label="mu*")
        ax.bar(x + 0.2, out["sigma"], 0.4, label="sigma")
        ax.set_ylabel("elementary effect (per whole range)")
        ax.legend()
        ax.set_title(f"Morris screening: {result.indicator}, {result.year}")
    ax.set_xticks(x)
    ax.set_xticklabels(names, rotation=30, ha="right")
    fig.text(0.01, 0.01, f"{os.path.basename(result.path)}; bars: {100 * confidence:g}% bootstrap intervals",
             fontsize=7, color="gray")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sweep", help="sweep result file (.h5): sobol (Sobol' indices), morris (elementary effects), "
                                  "lhs or grid (partial rank correlations)")
    ap.add_argument("--indicator", required=True, help="series with a yearly summary, e.g. visitors or gini")
    ap.add_argument("--year", type=int, help="calendar year (default: the last in the file)")
    ap.add_argument("--village", help="one village of a per-village indicator (default: all, see --aggregate)")
    ap.add_argument("--aggregate", choices=["sum", "mean"], default="sum",
                    help="how villages combine when --village is not given (default: sum)")
    ap.add_argument("--format", choices=["table", "csv", "json"], default="table")
    ap.add_argument("--plot", help="bar plot PNG (default: <sweep>-<indicator>-sensitivity.png here)")
    ap.add_argument("--no-plot", action="store_true", help="write no plot")
    ap.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples (default 1000; 0: no intervals)")
    ap.add_argument("--confidence", type=float, default=0.95, help="interval coverage (default 0.95)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the bootstrap (default 0)")
    args = ap.parse_args(argv)
    if not 0 < args.confidence < 1:
        ap.error("--confidence must lie between 0 and 1")
    if args.bootstrap < 0:
        ap.error("--bootstrap must not be negative")

    try:
        result = SweepResult(args.sweep, args.indicator, args.year, args.village, args.aggregate)
        if result.design == "sobol":
            out, info = analyse_sobol(result, args.bootstrap, args.confidence, args.seed)
        elif result.design == "morris":
            out, info = analyse_morris(result, args.bootstrap, args.confidence, args.seed)
        elif result.design in ("lhs", "grid"):
            out, info = analyse_prcc(result, args.confidence)
        else:
            raise SensitivityError(f"{args.sweep}: a '{result.design}' design has no sensitivity indices here; "
                                   "sweep with design sobol (indices), morris (screening), lhs or grid (PRCC)")
    except SensitivityError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2

    columns, rows = rows_of(result.design, result.parameters, out)
    if args.format == "json":
        print(json.dumps({"design": result.design, "indicator": result.indicator, "year": result.year,
                          "where": result.where, "runs": result.runs, "failed_runs": int((~result.ok).sum()),
                          "confidence": args.confidence, "bootstrap": args.bootstrap, **info,
                          "parameters": [{k: (None if isinstance(v, float) and not np.isfinite(v) else v)
                                          for k, v in row.items()} for row in rows]}, indent=2))
    elif args.format == "csv":
        print(",".join(["parameter"] + columns))
        for row in rows:
            print(",".join([row["parameter"]] + [f"{row[c]:.6g}" for c in columns]))
    else:
        print(format_table(result, out, info, args.confidence, args.bootstrap))
    if not args.no_plot:
        path = args.plot or f"{os.path.splitext(os.path.basename(args.sweep))[0]}-{args.indicator}-sensitivity.png"
        plot(result, out, path, args.confidence)
        if args.format == "table":
            print(f"plot: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
