#!/usr/bin/python3
"""Choose the spin-up length with MSER-5 on the model's own ratios.

    analysis/warmup.py [--yucun build/yucun] [--years 8] [--replicates 8] [--set KEY=VALUE ...] [--trace FILE.csv]

Runs `yucun spinup --years N --csv` for seeds 1..R and averages the traces
(Welch 1983) (outside drivers held at their start-year
levels, levers off: the spin-up's own conditions), removes each ratio's
seasonal profile (the month-of-year means of the second half, where the state
is settled) and the straight-line drift of the second half, and applies MSER-5 (White 1997; White, Cobb & Spratt 2000): the
truncation d, in batches of five months, minimising

    MSER(d) = sum_{j>d} (Z_j - mean_{j>d} Z)^2 / (n - d)^2

over d <= n/2, where Z_j are the batch means. Prints each ratio's truncation
in months and the whole years that cover the largest: the warm-up length.
Exits 1 when a ratio's truncation reaches the search limit (no settled state
found within the run). docs/ODD.md (Initialisation) records the figures.
"""
import argparse
import csv
import io
import math
import os
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def mser5(values):
    """MSER-5 truncation of a series, in observations (a multiple of 5)."""
    x = np.asarray(values, dtype=float)
    n = len(x) // 5
    if n < 4:
        raise ValueError("MSER-5 needs at least 20 observations")
    z = x[: n * 5].reshape(n, 5).mean(axis=1)
    best_d, best = 0, math.inf
    for d in range(0, n // 2 + 1):
        tail = z[d:]
        stat = float(((tail - tail.mean()) ** 2).sum()) / (len(tail) ** 2)
        if stat < best - 1e-15 * abs(best if math.isfinite(best) else 0):
            best_d, best = d, stat
    return best_d * 5, best_d >= n // 2


def deseasonalise(values):
    """Each month over its month-of-year mean in the second half of the run."""
    x = np.asarray(values, dtype=float)
    half = len(x) // 2
    profile = np.ones(12)
    for m in range(12):
        settled = x[half:][(np.arange(half, len(x)) % 12) == m]
        settled = settled[np.isfinite(settled)]
        if len(settled) and settled.mean() != 0:
            profile[m] = settled.mean()
    return x / profile[np.arange(len(x)) % 12]


def detrend(values):
    """Remove the straight line fitted to the second half (the slow drift of a
    settled state, e.g. firms leaving one by one), so that MSER-5 sees the
    start-up transient and not the trend."""
    x = np.asarray(values, dtype=float)
    t = np.arange(len(x), dtype=float)
    half = len(x) // 2
    ok = np.isfinite(x[half:])
    if ok.sum() < 3:
        return x
    slope, _ = np.polyfit(t[half:][ok], x[half:][ok], 1)
    return x - slope * (t - t[half:].mean())


def read_trace(text):
    rows = list(csv.reader(io.StringIO(text)))
    names = [h.strip() for h in rows[0]]
    data = {n: [] for n in names}
    for row in rows[1:]:
        for n, v in zip(names, row):
            data[n].append(float(v))
    return data


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--yucun", default=os.path.join(HERE, "..", "build", "yucun"))
    ap.add_argument("--years", type=int, default=8, help="spin-up years to trace (default 8)")
    ap.add_argument("--set", action="append", default=[], help="scenario override key=value")
    ap.add_argument("--replicates", type=int, default=8, help="replicates (seeds 1..R) averaged (default 8)")
    ap.add_argument("--tol", type=float, default=0.03, help="year-on-year change of a settled ratio (default 0.03)")
    ap.add_argument("--trace", help="keep the mean trace CSV here")
    ap.add_argument("scenario", nargs="?", default=None)
    args = ap.parse_args()

    # Welch's averaging: the mean trace over replicates (seeds 1..R) takes
    # out most of the noise, so the truncation measures the transient.
    runs = []
    for seed in range(1, args.replicates + 1):
        trace = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"yucun-warmup-{os.getpid()}-{seed}.csv")
        cmd = [args.yucun, "spinup", "--years", str(args.years), "--csv", trace, "--set", f"seed={seed}"]
        if args.scenario:
            cmd.append(args.scenario)
        for s in args.set:
            cmd += ["--set", s]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            sys.stderr.write(done.stderr)
            return 2
        with open(trace) as f:
            runs.append(read_trace(f.read()))
        os.remove(trace)
    data = {n: list(np.mean([r[n] for r in runs], axis=0)) for n in runs[0]}
    if args.trace:
        with open(args.trace, "w") as f:
            f.write(",".join(data) + "\n")
            for row in zip(*data.values()):
                f.write(",".join(f"{v:.6g}" for v in row) + "\n")
    months = len(data["month"])
    years_run = months // 12
    print(f"spin-up of {years_run} years traced (drivers held, levers off), mean of {args.replicates} replicates")
    print("Welch: yearly means of the replicate mean (a whole year takes out the season); a ratio has")
    print(f"warmed up after the first year k from which every later year-on-year change is within {args.tol:.0%}.")
    print("MSER-5 (second opinion): truncation of the deseasonalised, second-half-detrended monthly mean trace.")
    header = f"{'ratio':<22}" + "".join(f"{'y' + str(k + 1):>10}" for k in range(years_run))
    print(header + f"{'warm-up':>9}{'MSER-5':>8}")
    worst, unsettled = 0, []
    for name, values in data.items():
        if name == "month":
            continue
        x = np.asarray(values, dtype=float)
        yearly = np.array([np.nanmean(x[12 * k:12 * k + 12]) if np.isfinite(x[12 * k:12 * k + 12]).any() else np.nan
                           for k in range(years_run)])
        change = np.abs(yearly[1:] / yearly[:-1] - 1)  # change[k-1]: year k -> k+1
        warm = None
        for k in range(years_run):
            later = change[k:]
            if np.isfinite(yearly[k]) and np.all(np.isfinite(later)) and np.all(later <= args.tol):
                warm = k
                break
        if warm is None:
            unsettled.append(name)
            warm_text = "never"
        else:
            worst = max(worst, warm)
            warm_text = f"{warm} y"
        z = detrend(deseasonalise(values))
        ok = np.isfinite(z)
        first = int(np.argmax(ok)) if ok.any() else months
        mser = "-"
        if months - first >= 20:
            cut, at_limit = mser5(z[first:])
            mser = f"{cut + first}m" + ("*" if at_limit else "")
        print(f"{name:<22}" + "".join(f"{v:>10.4g}" for v in yearly) + f"{warm_text:>9}{mser:>8}")
    print("(* MSER-5 at its search limit: a trend, not a transient)")
    print(f"warm-up length: {max(1, worst)} year(s)" + (f"; never within {args.tol:.0%}: {', '.join(unsettled)}" if unsettled else ""))
    return 1 if unsettled else 0


if __name__ == "__main__":
    sys.exit(main())
