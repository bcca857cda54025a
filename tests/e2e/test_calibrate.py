#!/usr/bin/env python3
"""End-to-end test of `yucun calibrate` on a small calibration of a three-village
scenario (two parameters, 16 particles, 3 generations of one-year runs):

    /usr/bin/python3 tests/e2e/test_calibrate.py <path-to-yucun>

The calibration (tests/data/calibration/cal.yaml) is run once at 2 threads; at 1 thread, and killed (SIGKILL)
after its first checkpoint then resumed, it must give the same bytes (`cmp`).
The file is read with h5py; --summary, --export-scenario (a scenario `yucun
validate` accepts, holding the printed medians) and --export-sample are checked.
Prints one line per test and "N passed, M failed"; exits non-zero when any failed.
"""

import filecmp
import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np
import yaml

from harness import run_tests

YUCUN = None
TMP = None
REFERENCE = None  # the calibration at 2 threads

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "calibration")


def path(name):
    return os.path.join(TMP, name)


def yucun(*args, timeout=300):
    return subprocess.run([YUCUN, *args], capture_output=True, text=True, timeout=timeout, cwd=TMP)


def check(proc, code=0):
    assert proc.returncode == code, f"exit {proc.returncode}, expected {code}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    return proc


def test_file_holds_every_generation():
    with h5py.File(REFERENCE, "r") as f:
        text = lambda v: v.decode() if isinstance(v, bytes) else v  # noqa: E731
        assert text(f.attrs["file_kind"]) == "yucun calibration"
        assert text(f.attrs["stop_reason"]) == "max_generations"
        G = int(f.attrs["generations"])
        assert G == 3, G
        assert f["theta"].shape == (G, 16, 2)
        assert f["target_value"].shape == (G, 16, 2)
        assert np.allclose(f["weight"][:].sum(axis=1), 1.0)
        eps = f["epsilon"][:]
        assert np.isinf(eps[0]) and eps[1] > eps[2] > 0, eps
        assert np.all(f["distance"][2] <= eps[2])
        keys = [k.decode() if isinstance(k, bytes) else k for k in f["parameter_key"][:]]
        assert keys == ["labour.county_wage_yuan", "tea.picking.migrant_pickers_per_mu"], keys
        theta = f["theta"][:]
        assert theta[:, :, 0].min() >= 2000 and theta[:, :, 0].max() <= 9000
        assert theta[:, :, 1].min() >= 0.1 and theta[:, :, 1].max() <= 4
        assert "mini-calibration" in f["calibration_yaml"][()].decode()


def test_one_thread_gives_the_same_bytes():
    check(yucun("calibrate", "cal.yaml", "-o", "one.h5", "--threads", "1", "-q"))
    assert filecmp.cmp(REFERENCE, path("one.h5"), shallow=False)


def test_killed_and_resumed_gives_the_same_bytes():
    proc = subprocess.Popen([YUCUN, "calibrate", "cal.yaml", "-o", "killed.h5", "-q"], cwd=TMP,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    folder = path(".killed.h5.calibration")
    deadline = time.time() + 120
    while time.time() < deadline and not glob.glob(os.path.join(folder, "g*.bin")) and proc.poll() is None:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not os.path.exists(path("killed.h5"))
    assert glob.glob(os.path.join(folder, "g*.bin")), "no checkpoint before the kill"
    refused = check(yucun("calibrate", "cal.yaml", "-o", "killed.h5"), 2)
    assert "--resume" in refused.stderr, refused.stderr
    check(yucun("calibrate", "cal.yaml", "-o", "killed.h5", "--resume", "-q"))
    assert filecmp.cmp(REFERENCE, path("killed.h5"), shallow=False)
    assert not os.path.exists(folder)


def test_interrupted_by_sigterm_resumes():
    proc = subprocess.Popen([YUCUN, "calibrate", "cal.yaml", "-o", "term.h5", "-q"], cwd=TMP,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    folder = path(".term.h5.calibration")
    deadline = time.time() + 120
    while time.time() < deadline and not glob.glob(os.path.join(folder, "g*.bin")) and proc.poll() is None:
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, (proc.returncode, err)
    assert "--resume" in err, err
    check(yucun("calibrate", "cal.yaml", "-o", "term.h5", "--resume", "-q"))
    assert filecmp.cmp(REFERENCE, path("term.h5"), shallow=False)


def test_summary_prints_posterior_and_fit():
    out = check(yucun("calibrate", "--summary", "ref.h5")).stdout
    for text in ["posterior (16 particles of generation 2)", "labour.county_wage_yuan", "tea.picking.migrant_pickers_per_mu",
                 "correlations", "target fit", "rural_income", "dry_tea", "stopped by max_generations"]:
        assert text in out, f"{text!r} not in:\n{out}"


def test_export_scenario_holds_the_medians_and_validates():
    check(yucun("calibrate", "--summary", "ref.h5", "--export-scenario", "post.yaml"))
    text = open(path("post.yaml")).read()
    doc = yaml.safe_load(text)
    assert doc["extends"] == "mini.yaml", doc
    wage = doc["labour"]["county_wage_yuan"]
    pickers = doc["tea"]["picking"]["migrant_pickers_per_mu"]
    with h5py.File(REFERENCE, "r") as f:
        theta, w = f["theta"][-1], f["weight"][-1]
    for k, value in enumerate([wage, pickers]):
        # The weighted median (interpolated between the particles'
        # cumulative-weight midpoints) has at most half the weight, give or
        # take one particle's, on either side.
        below, above = w[theta[:, k] < value].sum(), w[theta[:, k] > value].sum()
        assert below <= 0.5 + w.max() and above <= 0.5 + w.max(), (k, value, below, above)
    check(yucun("validate", "post.yaml"))
    check(yucun("calibrate", "--summary", "ref.h5", "--export-scenario", "mode.yaml", "--estimate", "map"))
    mode = yaml.safe_load(open(path("mode.yaml")).read())
    particle = [mode["labour"]["county_wage_yuan"], mode["tea"]["picking"]["migrant_pickers_per_mu"]]
    assert any(np.allclose(particle, row) for row in theta), particle  # the mode is one of the particles
    check(yucun("run", "post.yaml", "-o", "post.h5", "-q"))


def test_export_sample_draws_particles_by_weight():
    check(yucun("calibrate", "--summary", "ref.h5", "--export-sample", "400", "-o", "draws.csv"))
    rows = open(path("draws.csv")).read().strip().split("\n")
    assert rows[0] == "draw,particle,labour.county_wage_yuan,tea.picking.migrant_pickers_per_mu", rows[0]
    assert len(rows) == 401
    with h5py.File(REFERENCE, "r") as f:
        w = f["weight"][-1]
    counts = np.bincount([int(r.split(",")[1]) for r in rows[1:]], minlength=len(w))
    assert np.all(np.abs(counts - 400 * w) <= 1.0 + 1e-9), (counts, 400 * w)


def test_runs_over_the_posterior_record_their_draws():
    check(yucun("run", "mini.yaml", "--posterior", "ref.h5", "--replicates", "6", "-o", "post_runs.h5", "-q"))
    with h5py.File(REFERENCE, "r") as f:
        theta, w = f["theta"][-1], f["weight"][-1]
    with h5py.File(path("post_runs.h5"), "r") as f:
        particle = f["posterior_particle"][:]
        drawn = np.stack([f["param_county_wage"][:], f["param_pickers"][:]], axis=1)
        assert np.array_equal(drawn, theta[particle]), (drawn, theta[particle])
        note = f.attrs["posterior_note"]
        assert b"parameter uncertainty" in (note if isinstance(note, bytes) else note.encode())
        income = f["rural_income_per_capita_yearly"][:, -1]
    # Each run simulated its own draw: the run with the highest county wage earns more than the lowest.
    assert income[np.argmax(drawn[:, 0])] > income[np.argmin(drawn[:, 0])]
    # Run r is exactly the single run of the scenario with draw r's values and --run r.
    r = 2
    check(yucun("run", "mini.yaml", "--set", f"labour.county_wage_yuan={drawn[r, 0]!r}",
                "--set", f"tea.picking.migrant_pickers_per_mu={drawn[r, 1]!r}", "--run", str(r), "-o", "single.h5", "-q"))
    with h5py.File(path("single.h5"), "r") as f:
        assert f["rural_income_per_capita_yearly"][-1] == income[r]
    check(yucun("run", "mini.yaml", "--replicates", "3", "-o", "plain.h5", "-q"))
    out = check(yucun("compare", "plain.h5", "post_runs.h5")).stdout + check(yucun("compare", "plain.h5", "post_runs.h5")).stderr
    assert "draws from the posterior of calibration 'mini-calibration'" in out, out
    assert "needs --replicates" not in out
    refused = check(yucun("run", "mini.yaml", "--posterior", "ref.h5", "-o", "x.h5"), 2)
    assert "--replicates N" in refused.stderr, refused.stderr


def test_diagnostics_report_matches_the_summary():
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "analysis", "calibration_report.py")
    proc = subprocess.run(["/usr/bin/python3", script, "ref.h5", "-o", "cal.html"], capture_output=True, text=True,
                          cwd=TMP, timeout=120)
    assert proc.returncode == 0, proc.stderr
    page = open(path("cal.html")).read()
    assert page.count('src="data:image/png;base64,') == 4, "generations, marginals, pairs and target fit"
    summary = check(yucun("calibrate", "--summary", "ref.h5")).stdout
    for key in ["labour.county_wage_yuan", "tea.picking.migrant_pickers_per_mu"]:
        row = next(line for line in summary.split("\n") if line.startswith(key))
        median = float(row.split()[3])
        cells = page.split(f"<code>{key}</code>")[1].split("</tr>")[0]
        shown = [float(c.split("<")[0].replace(",", "")) for c in cells.split('<td class="n">')[1:]]
        assert abs(shown[1] - median) <= 1e-3 * abs(median), (key, shown, median)
    bad = subprocess.run(["/usr/bin/python3", script, "mini.yaml"], capture_output=True, text=True, cwd=TMP)
    assert bad.returncode == 2 and "error:" in bad.stderr, bad.stderr


FAILING = """\
name: failing-candidates
base: mini.yaml
targets_file: targets.yaml
# Each bound is valid alone; a candidate whose minimum exceeds its maximum is
# refused by the scenario: that run fails and its candidate is never accepted.
parameters:
  - key: tea.picking.own_kg_per_day_min
    lo: 1.0
    hi: 1.9
  - key: tea.picking.own_kg_per_day_max
    lo: 1.5
    hi: 2.5
targets: [dry_tea]
seed: 4
method: {particles: 12, generations: 2}
"""


def test_failed_runs_are_recorded_and_never_accepted():
    with open(path("failing.yaml"), "w") as f:
        f.write(FAILING)
    proc = check(yucun("calibrate", "failing.yaml", "-o", "failing.h5"))
    assert "runs failed (their candidates were rejected)" in proc.stderr, proc.stderr
    with h5py.File(path("failing.h5"), "r") as f:
        assert int(f.attrs["failed_runs"]) > 0
        theta = f["theta"][:]
        assert np.all(theta[:, :, 0] <= theta[:, :, 1]), "an accepted candidate had min > max"
        assert np.all(np.isfinite(f["distance"][:]))
    assert "failed)" in check(yucun("calibrate", "--summary", "failing.h5")).stdout


def test_bad_use_is_refused():
    assert "give either" in check(yucun("calibrate", "cal.yaml", "--summary", "ref.h5"), 2).stderr
    assert "-o OUT.h5" in check(yucun("calibrate", "cal.yaml"), 2).stderr
    assert "exists" in check(yucun("calibrate", "cal.yaml", "-o", "ref.h5"), 2).stderr


def main():
    global YUCUN, TMP, REFERENCE
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    YUCUN = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="yucun-calibrate-") as tmp:
        TMP = tmp
        for name in ["mini.yaml", "targets.yaml", "cal.yaml"]:
            shutil.copy(os.path.join(DATA, name), path(name))
        REFERENCE = path("ref.h5")
        started = time.time()
        check(yucun("calibrate", "cal.yaml", "-o", "ref.h5", "--threads", "2", "-q"))
        print(f"reference calibration in {time.time() - started:.1f} s")
        return run_tests(globals())


if __name__ == "__main__":
    sys.exit(main())
