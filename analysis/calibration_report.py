#!/usr/bin/python3
"""Diagnostics of a calibration (`yucun calibrate`): one self-contained HTML page.

    analysis/calibration_report.py CAL.h5 [-o calibration.html]

Sections:
  1. the tolerance and acceptance rate by generation;
  2. each parameter's marginal posterior (weighted histogram of the last
     generation) against its prior, with the 90% interval;
  3. pairs: the last generation's particles, two parameters at a time, sized
     by weight, with the weighted correlation;
  4. each target's fit: the particles' simulated values (weighted) against
     the published value and its tolerance.
The numbers printed beside the figures (medians, 90% intervals, shares meeting
each target) are those of `yucun calibrate --summary`: weighted quantiles
interpolated between cumulative-weight midpoints.
"""
import argparse
import html
import os
import sys

import h5py
import numpy as np
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report import png_data_uri, CSS  # noqa: E402


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def weighted_quantile(values, weights, q):
    """pyabc's rule, as `yucun calibrate --summary`: interpolation between the
    sorted values' cumulative-weight midpoints."""
    order = np.argsort(values, kind="stable")
    v, w = np.asarray(values, float)[order], np.asarray(weights, float)[order]
    w = w / w.sum()
    mid = np.cumsum(w) - 0.5 * w
    return float(np.interp(q, mid, v))


class Calibration:
    def __init__(self, path):
        with h5py.File(path, "r") as f:
            if text(f.attrs.get("file_kind", "")) != "yucun calibration":
                raise ValueError(f"{path} is not a calibration file (written by yucun calibrate)")
            self.name = text(f.attrs["calibration_name"])
            self.version = text(f.attrs["model_version"])
            self.stop = text(f.attrs["stop_reason"])
            self.runs = int(f.attrs["runs"])
            self.year = int(f.attrs["year"])
            self.names = [text(x) for x in f["parameter_name"][:]]
            self.keys = [text(x) for x in f["parameter_key"][:]]
            self.prior_kind = [text(x) for x in f["prior_kind"][:]]
            self.lo, self.hi = f["prior_lo"][:], f["prior_hi"][:]
            self.mean, self.sd = f["prior_mean"][:], f["prior_sd"][:]
            self.targets = [text(x) for x in f["target_name"][:]]
            self.figures = [text(x) for x in f["target_figure"][:]]
            self.centre, self.low, self.high = f["target_centre"][:], f["target_low"][:], f["target_high"][:]
            self.epsilon, self.acceptance = f["epsilon"][:], f["acceptance_rate"][:]
            self.candidates = f["candidates"][:]
            self.theta, self.weight = f["theta"][:], f["weight"][:]
            self.value, self.distance = f["target_value"][:], f["distance"][:]

    def summary(self, k):
        t, w = self.theta[-1][:, k], self.weight[-1]
        return (float(np.sum(w * t) / np.sum(w)), weighted_quantile(t, w, 0.5), weighted_quantile(t, w, 0.05),
                weighted_quantile(t, w, 0.95))


def figure_generations(c):
    fig, ax = plt.subplots(1, 2, figsize=(9, 3))
    g = np.arange(len(c.epsilon))
    finite = np.isfinite(c.epsilon)
    ax[0].plot(g[finite], c.epsilon[finite], "o-")
    ax[0].set_xlabel("generation")
    ax[0].set_ylabel("tolerance epsilon")
    ax[0].set_yscale("log")
    ax[1].plot(g, c.acceptance, "o-")
    ax[1].set_xlabel("generation")
    ax[1].set_ylabel("acceptance rate")
    fig.tight_layout()
    return png_data_uri(fig)


def prior_density(c, k, x):
    lo, hi = c.lo[k], c.hi[k]
    inside = (x >= lo) & (x <= hi)
    if c.prior_kind[k] == "uniform":
        return np.where(inside, 1.0 / (hi - lo), 0.0)
    if c.prior_kind[k] == "log_uniform":
        return np.where(inside, 1.0 / (x * np.log(hi / lo)), 0.0)
    d = np.exp(-0.5 * ((x - c.mean[k]) / c.sd[k]) ** 2)
    grid = np.linspace(lo, hi, 2001)
    norm = np.trapz(np.exp(-0.5 * ((grid - c.mean[k]) / c.sd[k]) ** 2), grid)
    return np.where(inside, d / norm, 0.0)


def figure_marginals(c):
    K = len(c.names)
    cols = min(3, K)
    rows = (K + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(4 * cols, 2.8 * rows), squeeze=False)
    for k in range(K):
        ax = axes[k // cols][k % cols]
        t, w = c.theta[-1][:, k], c.weight[-1]
        log = c.prior_kind[k] == "log_uniform"
        bins = np.geomspace(c.lo[k], c.hi[k], 25) if log else np.linspace(c.lo[k], c.hi[k], 25)
        ax.hist(t, bins=bins, weights=w, density=True, alpha=0.6, label="posterior")
        x = np.geomspace(c.lo[k], c.hi[k], 400) if log else np.linspace(c.lo[k], c.hi[k], 400)
        ax.plot(x, prior_density(c, k, x), "k--", lw=1, label="prior")
        _, median, q05, q95 = c.summary(k)
        ax.axvspan(q05, q95, color="tab:orange", alpha=0.15, label="90% interval")
        ax.axvline(median, color="tab:orange")
        if log:
            ax.set_xscale("log")
        ax.set_title(c.names[k], fontsize=9)
        if k == 0:
            ax.legend(fontsize=7)
    for k in range(K, rows * cols):
        axes[k // cols][k % cols].axis("off")
    fig.tight_layout()
    return png_data_uri(fig)


def weighted_correlation(x, y, w):
    w = w / w.sum()
    mx, my = np.sum(w * x), np.sum(w * y)
    cov = np.sum(w * (x - mx) * (y - my))
    sx, sy = np.sqrt(np.sum(w * (x - mx) ** 2)), np.sqrt(np.sum(w * (y - my) ** 2))
    return cov / (sx * sy) if sx > 0 and sy > 0 else float("nan")


def figure_pairs(c):
    K = len(c.names)
    if K < 2:
        return None
    fig, axes = plt.subplots(K, K, figsize=(1.9 * K + 1, 1.9 * K + 1), squeeze=False)
    w = c.weight[-1]
    for i in range(K):
        for j in range(K):
            ax = axes[i][j]
            if i == j:
                ax.hist(c.theta[-1][:, i], bins=15, weights=w, color="grey")
            elif i > j:
                ax.scatter(c.theta[-1][:, j], c.theta[-1][:, i], s=200 * w / w.max(), alpha=0.6)
                ax.set_xlim(c.lo[j], c.hi[j])
                ax.set_ylim(c.lo[i], c.hi[i])
            else:
                r = weighted_correlation(c.theta[-1][:, j], c.theta[-1][:, i], w)
                ax.text(0.5, 0.5, f"{r:+.2f}", ha="center", va="center", fontsize=11,
                        color="tab:red" if abs(r) > 0.5 else "black")
                ax.set_xticks([])
                ax.set_yticks([])
            ax.tick_params(labelsize=6)
            if i == K - 1:
                ax.set_xlabel(c.names[j], fontsize=7)
            if j == 0:
                ax.set_ylabel(c.names[i], fontsize=7)
    fig.tight_layout()
    return png_data_uri(fig)


def target_fit(c, m):
    v, w = c.value[-1][:, m], c.weight[-1]
    met = float(np.sum(w[(v >= c.low[m]) & (v <= c.high[m])]) / np.sum(w))
    return weighted_quantile(v, w, 0.5), weighted_quantile(v, w, 0.05), weighted_quantile(v, w, 0.95), met


def figure_targets(c):
    M = len(c.targets)
    fig, ax = plt.subplots(figsize=(8, 0.42 * M + 1))
    for m in range(M):
        scale = max(abs(c.high[m] - c.low[m]) / 2, 1e-300)
        v = (c.value[-1][:, m] - c.centre[m]) / scale
        ax.scatter(v, np.full_like(v, m), s=300 * c.weight[-1] / c.weight[-1].max(), alpha=0.4, color="tab:blue")
        ax.plot([(c.low[m] - c.centre[m]) / scale, (c.high[m] - c.centre[m]) / scale], [m, m], color="tab:green", lw=6,
                alpha=0.3)
    ax.axvline(0, color="k", lw=0.8)
    ax.set_yticks(range(M))
    ax.set_yticklabels(c.targets, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("(simulated - published) / half-width of the tolerance; green: values that meet the target")
    fig.tight_layout()
    return png_data_uri(fig)


def number(x):
    if not np.isfinite(x):
        return "inf" if x > 0 else "nan"
    return f"{x:.4g}" if (x != 0 and (abs(x) >= 1e6 or abs(x) < 1e-3)) else f"{x:,.4g}"


def build(c, path):
    e = html.escape
    out = ["<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">",
           f"<title>yucun calibration: {e(c.name)}</title><style>{CSS}</style></head><body>",
           f"<h1>Calibration <code>{e(c.name)}</code></h1>",
           f"<p>{e(os.path.abspath(path))} · yucun {e(c.version)} · ABC-SMC, {len(c.epsilon)} generations of "
           f"{c.theta.shape[1]} particles, {c.runs} model runs, stopped by {e(c.stop)} · targets of {c.year}</p>",
           "<h2>1. Generations</h2>", f'<img alt="tolerance and acceptance by generation" src="{figure_generations(c)}">',
           "<h2>2. Parameters: posterior against prior</h2>",
           f'<img alt="marginal posteriors" src="{figure_marginals(c)}">',
           "<table><thead><tr><th>parameter</th><th>key</th><th>prior</th><th>mean</th><th>median</th>"
           "<th>5%</th><th>95%</th></tr></thead><tbody>"]
    for k in range(len(c.names)):
        mean, median, q05, q95 = c.summary(k)
        prior = (f"normal({number(c.mean[k])}, {number(c.sd[k])}) in [{number(c.lo[k])}, {number(c.hi[k])}]"
                 if c.prior_kind[k] == "normal" else f"{c.prior_kind[k]} [{number(c.lo[k])}, {number(c.hi[k])}]")
        out.append(f"<tr><td>{e(c.names[k])}</td><td><code>{e(c.keys[k])}</code></td><td>{e(prior)}</td>"
                   f'<td class="n">{number(mean)}</td><td class="n">{number(median)}</td>'
                   f'<td class="n">{number(q05)}</td><td class="n">{number(q95)}</td></tr>')
    out.append("</tbody></table>")
    pairs = figure_pairs(c)
    if pairs:
        out += ["<h2>3. Pairs</h2>", "<p>Last generation's particles (size: weight); above the diagonal the weighted "
                "correlation. Strong correlations are trade-offs the targets cannot separate.</p>",
                f'<img alt="pairs" src="{pairs}">']
    out += ["<h2>4. Target fit</h2>", f'<img alt="target fit" src="{figure_targets(c)}">',
            "<table><thead><tr><th>target</th><th>figure</th><th>published</th><th>median</th><th>5%</th><th>95%</th>"
            "<th>posterior meeting it</th></tr></thead><tbody>"]
    for m in range(len(c.targets)):
        median, q05, q95, met = target_fit(c, m)
        out.append(f"<tr><td>{e(c.targets[m])}</td><td>{e(c.figures[m])}</td><td class=\"n\">{number(c.centre[m])}</td>"
                   f'<td class="n">{number(median)}</td><td class="n">{number(q05)}</td><td class="n">{number(q95)}</td>'
                   f'<td class="n">{100 * met:.0f}%</td></tr>')
    out.append("</tbody></table></body></html>")
    return "\n".join(out)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("calibration")
    p.add_argument("-o", "--output", default="calibration.html")
    a = p.parse_args(argv)
    try:
        c = Calibration(a.calibration)
    except (OSError, ValueError, KeyError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    page = build(c, a.calibration)
    with open(a.output, "w") as f:
        f.write(page)
    print(f"calibration report: wrote {a.output} ({len(page) // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
