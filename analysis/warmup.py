#!/usr/bin/python3
"""Choose the spin-up length with MSER-5 on the model's own ratios.

    analysis/warmup.py [--yucun build/yucun] [--years 8] [--set KEY=VALUE ...] [--trace FILE.csv]

Runs `yucun spinup --years N --csv` (outside drivers held at their start-year
levels, levers off: the spin-up's own conditions), removes each ratio's
seasonal profile (the month-of-year means of the second half, where the state
is settled), and applies MSER-5 (White 1997; White, Cobb & Spratt 2000): the
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
    ap.add_argument("--trace", help="keep the trace CSV here")
    ap.add_argument("scenario", nargs="?", default=None)
    args = ap.parse_args()

    trace = args.trace or os.path.join(os.environ.get("TMPDIR", "/tmp"), f"yucun-warmup-{os.getpid()}.csv")
    cmd = [args.yucun, "spinup", "--years", str(args.years), "--csv", trace]
    if args.scenario:
        cmd.append(args.scenario)
    for s in args.set:
        cmd += ["--set", s]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        return 2
    with open(trace) as f:
        data = read_trace(f.read())
    if not args.trace:
        os.remove(trace)
    months = len(data["month"])
    print(f"MSER-5 on {months} months of spin-up (drivers held, levers off), seasonal profile removed")
    print(f"{'ratio':<22}{'truncation (months)':>20}{'settled mean':>16}")
    worst, unsettled = 0, []
    for name, values in data.items():
        if name == "month":
            continue
        x = deseasonalise(values)
        ok = np.isfinite(x)
        first = int(np.argmax(ok)) if ok.any() else months
        if months - first < 20:
            continue
        cut, at_limit = mser5(x[first:])
        cut += first
        worst = max(worst, cut)
        if at_limit:
            unsettled.append(name)
        settled = np.asarray(values[cut:], dtype=float)
        print(f"{name:<22}{cut:>20}{np.nanmean(settled):>16.4g}{'  (at the search limit)' if at_limit else ''}")
    years = max(1, math.ceil(worst / 12))
    print(f"largest truncation {worst} months: warm-up length {years} year(s)")
    return 1 if unsettled else 0


if __name__ == "__main__":
    sys.exit(main())
