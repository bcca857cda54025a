#!/usr/bin/python3
"""Each policy scenario's effect against the baseline, paired by replicate.

    analysis/policy_effects.py [--yucun build/yucun] [--replicates 4] [--out DIR] [--markdown]

Runs the baseline and every policy scenario in scenarios/ (those that switch a
lever on) with the same seed and replicates 0..N-1, so replicate r shares its
random streams across scenarios, and prints, per scenario, the paired
difference (mean and 95 % t interval over replicates) from the baseline of:
persons arriving, Yucun's visits, the share of visits outside Yucun, rural
income per capita, tea households' income (all, and from visitors), the Gini,
the urban-rural ratio and the net public cost (capital costs included), in
the last year and over the whole reported period (sums of flows, means of
rates). `--markdown` prints the table docs/calibration.md carries.
"""
import argparse
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from report import mean_ci  # noqa: E402  (the report's Student-t interval)


def policy_scenarios():
    out = []
    for name in sorted(os.listdir(os.path.join(ROOT, "scenarios"))):
        if not name.endswith(".yaml") or name == "baseline.yaml":
            continue
        with open(os.path.join(ROOT, "scenarios", name)) as fh:
            spec = yaml.safe_load(fh)
        if any(isinstance(l, dict) and l.get("enabled") for l in (spec.get("policies") or {}).values()):
            out.append(name)
    return out


def names_of(f):
    return [n.decode() if isinstance(n, bytes) else n for n in f["village_name"][:]]


def indicators(path):
    """Per replicate: {indicator: (last year value, whole-period value)}."""
    with h5py.File(path, "r") as f:
        yucun = names_of(f).index("Yucun")
        visits = f["visitors_yearly"][:].astype(float)          # run, year, village
        arrivals = f["persons_arrived_yearly"][:].astype(float)  # run, year
        tea = f["income_tea_yearly"][:].astype(float).sum(axis=2) / 100
        tea_visitors = f["tea_tourism_income_yearly"][:].astype(float).sum(axis=2) / 100
        income = f["rural_income_per_capita_yearly"][:].astype(float)
        gini = f["gini_yearly"][:].astype(float)
        ratio = f["urban_rural_ratio_yearly"][:].astype(float)
        cost = f["net_public_cost_yearly"][:].astype(float) / 100
        outside = 1 - visits[:, :, yucun] / visits.sum(axis=2)
        whole_outside = 1 - visits[:, :, yucun].sum(axis=1) / visits.sum(axis=(1, 2))
        return {
            "arrivals": (arrivals[:, -1], arrivals.sum(axis=1)),
            "yucun_visits": (visits[:, -1, yucun], visits[:, :, yucun].sum(axis=1)),
            "outside_yucun_share": (outside[:, -1], whole_outside),
            "rural_income": (income[:, -1], income.mean(axis=1)),
            "tea_income": (tea[:, -1], tea.sum(axis=1)),
            "tea_income_from_visitors": (tea_visitors[:, -1], tea_visitors.sum(axis=1)),
            "gini": (gini[:, -1], gini.mean(axis=1)),
            "ratio": (ratio[:, -1], ratio.mean(axis=1)),
            "net_public_cost": (cost[:, -1], cost.sum(axis=1)),
        }


def paired(a, b):
    """Mean of the per-replicate differences b - a and the half-width of its 95 % t interval."""
    mean, low, high = mean_ci(np.asarray(b, float) - np.asarray(a, float))
    return float(mean), float(high - mean)


LABELS = {
    "arrivals": ("persons arriving", "{:+,.0f}"),
    "yucun_visits": ("Yucun visits", "{:+,.0f}"),
    "outside_yucun_share": ("share of visits outside Yucun", "{:+.4f}"),
    "rural_income": ("rural income per capita, yuan", "{:+,.0f}"),
    "tea_income": ("tea households' income, yuan", "{:+,.0f}"),
    "tea_income_from_visitors": ("... of it from visitors, yuan", "{:+,.0f}"),
    "gini": ("Gini", "{:+.4f}"),
    "ratio": ("urban-rural ratio", "{:+.4f}"),
    "net_public_cost": ("net public cost, yuan", "{:+,.0f}"),
}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--yucun", default=os.path.join(ROOT, "build", "yucun"))
    parser.add_argument("--replicates", type=int, default=4)
    parser.add_argument("--out", help="keep the result files here (default: a temporary folder)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--only", nargs="*", help="scenario files to include (default: all policy scenarios)")
    parser.add_argument("--reuse", action="store_true", help="read result files already in --out instead of running")
    args = parser.parse_args(argv)
    if args.replicates < 2:
        parser.error("--replicates must be at least 2 for an interval")
    out = args.out or tempfile.mkdtemp(prefix="yucun-policy-")
    os.makedirs(out, exist_ok=True)

    def run(name, scenario):
        path = os.path.join(out, name + ".h5")
        if args.reuse and os.path.exists(path):
            return indicators(path)
        cmd = [args.yucun, "run", *([scenario] if scenario else []), "--replicates", str(args.replicates),
               "-q", "--force", "-o", path]
        subprocess.run(cmd, check=True)
        return indicators(path)

    base = run("baseline", None)
    scenarios = args.only or policy_scenarios()
    rows = []
    for s in scenarios:
        effect = run(os.path.splitext(os.path.basename(s))[0], os.path.join(ROOT, "scenarios", os.path.basename(s)))
        for key, (label, fmt) in LABELS.items():
            last = paired(base[key][0], effect[key][0])
            whole = paired(base[key][1], effect[key][1])
            rows.append((os.path.basename(s), label, fmt, last, whole))
    if args.markdown:
        # Two wide tables, last year and whole period: a row per scenario, a
        # column per indicator, each cell the paired difference ± half-width.
        keys = list(LABELS)
        for title, which in (("last year", 3), ("whole period (sums of flows, means of rates)", 4)):
            print(f"**{title}**\n")
            print("| scenario | " + " | ".join(LABELS[k][0] for k in keys) + " |")
            print("|---|" + "---|" * len(keys))
            for s in scenarios:
                cells = []
                for key in keys:
                    r = next(r for r in rows if r[0] == os.path.basename(s) and r[1] == LABELS[key][0])
                    m, fmt = r[which], r[2]
                    cells.append(f"{fmt.format(m[0])} ± {fmt.format(m[1]).lstrip('+')}")
                print(f"| {os.path.basename(s)} | " + " | ".join(cells) + " |")
            print()
    else:
        for s, label, fmt, last, whole in rows:
            print(f"{s:28s} {label:34s} {fmt.format(last[0]):>14s} ± {fmt.format(last[1]).lstrip('+'):>12s}   "
                  f"{fmt.format(whole[0]):>16s} ± {fmt.format(whole[1]).lstrip('+'):>12s}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
