#!/usr/bin/python3
"""The sensitivity estimators of analysis/sensitivity.py, tested apart from the model.

    tests/analysis/test_sensitivity.py <path-to-yucun> <source-dir>

The designs come from the C++ code (`yucun sweep ... --plan --format csv` on
tests/data/ishigami_sobol.yaml and ishigami_morris.yaml); the outputs are the
Ishigami function f = sin x1 + a sin^2 x2 + b x3^4 sin x1 (a = 7, b = 0.1) on
[-pi, pi]^3, evaluated here. Analytic indices (Ishigami & Homma 1990; Saltelli
et al. 2008): S1 = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437).

Tolerance for the Sobol' indices, N = 4096 base samples: |error| < 0.02. With
plain Monte Carlo points the bootstrap standard error of S1 at this N is about
0.02 (the 95% intervals are +-0.04 wide); the quasi-random Saltelli design does
far better (|error| < 0.001 when this was written), so 0.02 leaves room for a
change of sequence or skip while any wrong estimator (a missing variance
term, a swapped A and B, a mis-ordered block) misses by more than 0.05.

Then the file reader: a small sweep file written with h5py (replicates,
failed runs, village dimension) is analysed by the command line and must give
the estimator's numbers.
"""
import csv
import io
import json
import math
import os
import subprocess
import sys
import tempfile

import numpy as np

if len(sys.argv) != 3:
    print(f"usage: {sys.argv[0]} <path-to-yucun> <source-dir>", file=sys.stderr)
    sys.exit(2)
YUCUN, SRC = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
sys.path.insert(0, os.path.join(SRC, "analysis"))
import sensitivity  # noqa: E402

A, B = 7.0, 0.1
S1_TRUE = np.array([0.3139, 0.4424, 0.0])
ST_TRUE = np.array([0.5576, 0.4424, 0.2437])

failures = []


def check(ok, what):
    print(("PASS  " if ok else "FAIL  ") + what)
    if not ok:
        failures.append(what)


def ishigami(x):
    return np.sin(x[:, 0]) + A * np.sin(x[:, 1]) ** 2 + B * x[:, 2] ** 4 * np.sin(x[:, 0])


def plan(sweep):
    """The design of a sweep file, from the C++ code: (rows of the CSV plan, names)."""
    p = subprocess.run([YUCUN, "sweep", os.path.join(SRC, "tests", "data", sweep), "--plan", "--format", "csv", "--yes"],
                       capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        print(p.stderr, file=sys.stderr)
        raise SystemExit(f"yucun sweep {sweep} --plan failed with exit {p.returncode}")
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    return rows


def columns(rows, names):
    return np.array([[float(r[n]) for n in names] for r in rows])


# ---- Sobol' indices on the Ishigami function, design from C++ -------------------------

rows = plan("ishigami_sobol.yaml")
check(len(rows) == 4096 * 5, f"the Saltelli plan has N (k + 2) = 20480 runs (got {len(rows)})")
check([r["block"] for r in rows[:5]] == ["A", "AB1", "AB2", "AB3", "B"], "blocks in the order A, AB1..ABk, B")
x = columns(rows, ["x1", "x2", "x3"])
check(bool(np.all(np.abs(x) <= math.pi)), "values within [-pi, pi]")
y = ishigami(x)
ya, yb, yab = sensitivity.saltelli_blocks(y, 3)
out = sensitivity.sobol_indices(ya, yb, yab, bootstrap=1000, seed=1)
print(f"      S1 = {np.round(out['S1'], 4)} (analytic {S1_TRUE})")
print(f"      ST = {np.round(out['ST'], 4)} (analytic {ST_TRUE})")
check(bool(np.all(np.abs(out["S1"] - S1_TRUE) < 0.02)), "first-order indices within 0.02 of the analytic values")
check(bool(np.all(np.abs(out["ST"] - ST_TRUE) < 0.02)), "total-order indices within 0.02 of the analytic values")
check(bool(np.all((out["S1_lo"] <= S1_TRUE) & (S1_TRUE <= out["S1_hi"]))), "95% bootstrap intervals of S1 cover the analytic values")
check(bool(np.all((out["ST_lo"] <= ST_TRUE) & (ST_TRUE <= out["ST_hi"]))), "95% bootstrap intervals of ST cover the analytic values")
check(bool(np.all(out["S1_hi"] - out["S1_lo"] < 0.12)), "the intervals are informative (narrower than 0.12)")

# Shifted and scaled outputs (f + 1000, 50 f - 3): the same indices, the same
# intervals (the estimators centre the outputs; uncentred, S1's bootstrap
# interval would be hundreds wide). On a small design (N = 256) as sweeps use.
small = slice(0, 256)
base = sensitivity.sobol_indices(ya[small], yb[small], yab[small], bootstrap=500, seed=2)
for label, a_, b_ in (("f + 1000", 1.0, 1000.0), ("50 f - 3", 50.0, -3.0)):
    moved = sensitivity.sobol_indices(a_ * ya[small] + b_, a_ * yb[small] + b_, a_ * yab[small] + b_, bootstrap=500,
                                      seed=2)
    same = all(np.allclose(moved[key], base[key], atol=1e-9) for key in ("S1", "ST", "S1_lo", "S1_hi", "ST_lo", "ST_hi"))
    check(bool(same), f"Sobol' indices and intervals of {label} equal those of f (S1 {np.round(moved['S1'], 3)})")
check(bool(np.all(base["S1_hi"] - base["S1_lo"] < 0.6)), f"N = 256: S1 intervals informative "
      f"(widths {np.round(base['S1_hi'] - base['S1_lo'], 3)})")

# Coverage over repeated designs: the 95% bootstrap intervals of N = 512
# random base samples (independent uniforms, not the Sobol' sequence) cover the
# analytic indices about 95% of the time (at least 85% of 3 x 40 intervals).
rng_c = np.random.default_rng(11)
covered_s1 = covered_st = 0
for rep in range(40):
    xa_c = rng_c.uniform(-math.pi, math.pi, (512, 3))
    xb_c = rng_c.uniform(-math.pi, math.pi, (512, 3))
    xab_c = np.repeat(xa_c[:, None, :], 3, axis=1)
    for i in range(3):
        xab_c[:, i, i] = xb_c[:, i]
    o = sensitivity.sobol_indices(ishigami(xa_c), ishigami(xb_c), ishigami(xab_c.reshape(-1, 3)).reshape(-1, 3),
                                  bootstrap=300, seed=rep)
    covered_s1 += int(np.sum((o["S1_lo"] <= S1_TRUE) & (S1_TRUE <= o["S1_hi"])))
    covered_st += int(np.sum((o["ST_lo"] <= ST_TRUE) & (ST_TRUE <= o["ST_hi"])))
check(covered_s1 >= 102 and covered_st >= 102,
      f"bootstrap intervals cover the analytic indices: S1 {covered_s1}/120, ST {covered_st}/120 (nominal 95%)")

# PRCC (Marino et al. 2008) on known monotone functions of a random design:
# y = exp(x1) - x2^3 + noise-free, x3 irrelevant. x1 and x2 monotone: PRCC
# near +1 and -1; x3's 95% interval covers 0 about 95% of the time.
rng_p = np.random.default_rng(5)
covered = 0
for rep in range(60):
    xp = rng_p.uniform(0, 1, (120, 3))
    yp = np.exp(3 * xp[:, 0]) - 8 * xp[:, 1] ** 3 + 0.5 * rng_p.normal(size=120)
    o = sensitivity.prcc(xp, yp)
    if rep == 0:
        check(bool(o["PRCC"][0] > 0.8 and o["PRCC"][1] < -0.6 and o["PRCC_lo"][0] > 0 and o["PRCC_hi"][1] < 0),
              f"PRCC: monotone effects found with their signs ({np.round(o['PRCC'], 3)})")
        # Ranks make it invariant to monotone transforms of the output.
        o2 = sensitivity.prcc(xp, np.exp(yp / 10) + 1000)
        check(bool(np.allclose(o2["PRCC"], o["PRCC"])), "PRCC unchanged by a monotone transform of the output")
    covered += int(o["PRCC_lo"][2] <= 0 <= o["PRCC_hi"][2])
check(covered >= 51, f"PRCC of an irrelevant parameter: 95% intervals cover 0 in {covered}/60 designs")

# A wrong layout must show: swapping A and B changes S1 a lot.
s1_swapped, _ = sensitivity.sobol_point_estimates(yb, ya, yab)
check(bool(np.max(np.abs(s1_swapped - S1_TRUE)) > 0.05), "the test would catch A and B swapped")

# The estimators alone: a linear function of independent uniforms.
rng = np.random.default_rng(3)
xa, xb = rng.random((32768, 3)), rng.random((32768, 3))
lin = lambda z: 3 * z[:, 0] + 1 * z[:, 1]  # noqa: E731  S = (0.9, 0.1, 0) exactly
xab = np.repeat(xa[:, None, :], 3, axis=1)
for i in range(3):
    xab[:, i, i] = xb[:, i]
s1, st = sensitivity.sobol_point_estimates(lin(xa), lin(xb), lin(xab.reshape(-1, 3)).reshape(-1, 3))
check(bool(np.all(np.abs(s1 - [0.9, 0.1, 0]) < 0.03) and np.all(np.abs(st - [0.9, 0.1, 0]) < 0.03)),
      f"additive function: S1 = ST = (0.9, 0.1, 0) (got {np.round(s1, 3)}, {np.round(st, 3)})")

# ---- Morris on the Ishigami function, design from C++ -------------------------------------

# On the 4-level grid (-pi, -pi/3, pi/3, pi), delta = 2/3 of the range:
#   x2: |d sin^2| = 3/4 at every step, so mu*_2 = 7 * 0.75 / (2/3) = 7.875 exactly;
#   x1: |d sin x1| = sin(pi/3), times 1 + 0.1 x3^4 with |x3| = pi or pi/3 equally
#       often: mu*_1 = sin(pi/3) / (2/3) * (2 + 0.1 (pi^4 + (pi/3)^4)) / 2 = 7.704;
#       every step of x1 raises sin x1, so mu_1 = mu*_1;
#   x3: 0.1 (pi^4 - (pi/3)^4) sin x1 / (2/3), with |sin x1| = sin(pi/3) half the
#       time and 0 otherwise: mu*_3 = 6.249.
# r = 1000 trajectories: the standard error of mu*_1 and mu*_3 is about 0.2.
rows = plan("ishigami_morris.yaml")
check(len(rows) == 1000 * 4, f"the Morris plan has r (k + 1) = 4000 runs (got {len(rows)})")
unit = columns(rows, ["unit_x1", "unit_x2", "unit_x3"])
y = ishigami(columns(rows, ["x1", "x2", "x3"]))
effects = sensitivity.morris_elementary_effects(unit, y, 3)
m = sensitivity.morris_measures(effects, bootstrap=1000, seed=1)
c = math.sin(math.pi / 3) / (2 / 3)
mu_star_true = np.array([c * (2 + 0.1 * (math.pi ** 4 + (math.pi / 3) ** 4)) / 2, 7 * 0.75 / (2 / 3),
                         0.1 * (math.pi ** 4 - (math.pi / 3) ** 4) * c / 2])
print(f"      mu* = {np.round(m['mu_star'], 3)} (expected {np.round(mu_star_true, 3)}), sigma = {np.round(m['sigma'], 3)}")
check(abs(m["mu_star"][1] - 7.875) < 1e-9, "mu* of x2 is exactly 7.875")
check(bool(np.all(np.abs(m["mu_star"] - mu_star_true) < 0.6)), "mu* within 3 standard errors of the expected values")
check(abs(m["mu"][0] - m["mu_star"][0]) < 1e-9, "every elementary effect of x1 is positive (mu = mu*)")
check(m["mu_star"][1] > m["mu_star"][0] > m["mu_star"][2], "mu* ranks x2, x1 above x3")
check(bool(np.all((m["mu_star_lo"] <= mu_star_true + 1e-9) & (mu_star_true - 1e-9 <= m["mu_star_hi"]))),
      "bootstrap intervals of mu* cover the expected values")

# ---- The file reader and the command line on a small h5py-made sweep file ---------------------

import h5py  # noqa: E402

rows = plan("ishigami_sobol.yaml")[: 256 * 5]  # the first 256 base samples
names = ["x1", "x2", "x3"]
x = columns(rows, names)
u = columns(rows, ["unit_" + n for n in names])
points = len(rows)
K = 2
runs = points * K
point = np.repeat(np.arange(points), K)
replicate = np.tile(np.arange(K), points)
f_point = ishigami(x)
noise = np.where(replicate == 0, 0.25, -0.25)  # replicates average out exactly
status = np.zeros(runs, dtype=np.int8)
status[3] = 1                                  # point 1, replicate 1 failed: point 1 uses replicate 0
status[2 * 7 * 5] = status[2 * 7 * 5 + 1] = 2  # point 35 (sample 7) never ran: sample 7 is left out
villages = ["Yucun", "Wuhe"]
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "ishigami-sweep.h5")
    with h5py.File(path, "w") as f:
        f.attrs["design"] = "sobol"
        f.attrs["parameters"] = ",".join(names)
        f.attrs["sobol_n"] = 256
        f.attrs["replicates"] = K
        f["run"] = np.arange(runs)
        f["point"] = point
        f["replicate"] = replicate.astype(np.uint32)
        f["seed"] = np.arange(runs, dtype=np.uint64) * 7919
        f["status"] = status
        for i, n in enumerate(names):
            f[f"param_{n}"] = x[point, i]
            f[f"unit_{n}"] = u[point, i]
        f["year"] = np.array([2023, 2024], dtype=np.int32)
        f["village_name"] = np.array(villages, dtype=h5py.string_dtype())
        y_run = f_point[point] + noise
        y_run[status != 0] = 1e9  # what a failed run left must not count
        f["score_yearly"] = np.stack([np.zeros(runs), y_run], axis=1)                       # (run, year)
        f["split_yearly"] = np.stack([np.zeros((runs, 2)), np.stack([0.25 * y_run, 0.75 * y_run], axis=1)], axis=1)  # (run, year, village)

    keep = np.ones(256, dtype=bool)
    keep[7] = False
    y_expect = f_point.copy()
    y_expect[1] += 0.25  # only its replicate 0 ran
    yy = y_expect.reshape(256, 5)[keep]
    expect = sensitivity.sobol_indices(yy[:, 0], yy[:, 4], yy[:, 1:4], bootstrap=200, seed=4)

    def cli(*args):
        return subprocess.run([sys.executable, os.path.join(SRC, "analysis", "sensitivity.py"), path, *args],
                              capture_output=True, text=True, timeout=300, cwd=tmp)

    p = cli("--indicator", "score", "--format", "json", "--bootstrap", "200", "--seed", "4", "--plot", "s.png")
    check(p.returncode == 0, f"sensitivity.py reads the sweep file (exit {p.returncode}) {p.stderr.strip()}")
    if p.returncode == 0:
        got = json.loads(p.stdout)
        s1 = np.array([r["S1"] for r in got["parameters"]])
        st = np.array([r["ST"] for r in got["parameters"]])
        lo = np.array([r["S1_lo"] for r in got["parameters"]])
        check(got["year"] == 2024 and got["base_samples"] == 255 and got["dropped_samples"] == 1
              and got["failed_runs"] == 3,
              "last year by default; the sample of a point that never ran is left out; failed runs counted")
        check(bool(np.allclose(s1, expect["S1"]) and np.allclose(st, expect["ST"]) and np.allclose(lo, expect["S1_lo"])),
              "the file's indices equal the estimator's (replicates averaged, failed runs ignored)")
        check(os.path.getsize(os.path.join(tmp, "s.png")) > 1000, "the bar plot is written")
    p = cli("--indicator", "split", "--format", "csv", "--bootstrap", "0", "--no-plot")
    check(p.returncode == 0 and p.stdout.splitlines()[0] == "parameter,S1,S1_lo,S1_hi,ST,ST_lo,ST_hi",
          "a per-village indicator summed over villages, as CSV")
    if p.returncode == 0:
        s1_csv = np.array([float(line.split(",")[1]) for line in p.stdout.splitlines()[1:]])
        check(bool(np.allclose(s1_csv, expect["S1"], atol=1e-5)), "the village sum gives the same indices")
    p = cli("--indicator", "split", "--village", "Wuhe", "--no-plot")
    check(p.returncode == 0 and "Sobol' indices of split_yearly in 2024 (Wuhe)" in p.stdout, "one village, as a table")
    p = cli("--indicator", "visitors", "--no-plot")
    check(p.returncode == 2 and "no variable 'visitors_yearly'" in p.stderr and "score" in p.stderr,
          "an unknown indicator is refused, naming those there are")
    p = cli("--indicator", "score", "--year", "2030", "--no-plot")
    check(p.returncode == 2 and "year 2030 is not in the file" in p.stderr, "a year outside the file is refused")
    with h5py.File(path, "a") as f:
        f.attrs["design"] = "grid"
    p = cli("--indicator", "score", "--no-plot")
    check(p.returncode == 0 and "Partial rank correlations (PRCC) of score_yearly" in p.stdout,
          "a grid (or lhs) sweep gets partial rank correlations")
    with h5py.File(path, "a") as f:
        f.attrs["design"] = "factorial"
    p = cli("--indicator", "score", "--no-plot")
    check(p.returncode == 2 and "sweep with design sobol" in p.stderr, "an unknown design is refused with what to do")

    # Morris through the file: the trajectories of the C++ design.
    rows = plan("ishigami_morris.yaml")[: 50 * 4]
    x = columns(rows, names)
    u = columns(rows, ["unit_" + n for n in names])
    path = os.path.join(tmp, "morris.h5")
    with h5py.File(path, "w") as f:
        f.attrs["design"] = "morris"
        f.attrs["parameters"] = ",".join(names)
        f.attrs["morris_levels"] = 4
        f["point"] = np.arange(len(rows))
        f["status"] = np.zeros(len(rows), dtype=np.int8)
        for i, n in enumerate(names):
            f[f"param_{n}"] = x[:, i]
            f[f"unit_{n}"] = u[:, i]
        f["year"] = np.array([2023], dtype=np.int32)
        f["score_yearly"] = ishigami(x)[:, None]
    p = subprocess.run([sys.executable, os.path.join(SRC, "analysis", "sensitivity.py"), path, "--indicator", "score",
                        "--format", "json", "--bootstrap", "0", "--no-plot"], capture_output=True, text=True, timeout=120)
    check(p.returncode == 0, f"Morris sweep file read (exit {p.returncode}) {p.stderr.strip()}")
    if p.returncode == 0:
        got = json.loads(p.stdout)
        m = sensitivity.morris_measures(sensitivity.morris_elementary_effects(u, ishigami(x), 3), bootstrap=0)
        check(got["trajectories"] == 50 and np.allclose([r["mu_star"] for r in got["parameters"]], m["mu_star"]),
              "the file's mu* equal the estimator's")

print(f"{len(failures)} failed" if failures else "all passed")
sys.exit(1 if failures else 0)
