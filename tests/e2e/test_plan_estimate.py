#!/usr/bin/python3
"""`yucun sweep --plan` against a measured sweep: the planned CPU time, peak memory
per process, shard and merged file sizes, work folder and merge memory are each
within 30% of what a sweep of 12 runs (yearly summaries) in two shards of 2 threads,
and one of 8 runs with daily series in two shards of 1 thread, and their merges,
measure (user + system CPU and peak RSS from wait4, file sizes, the checkpoints seen
in the work folders while the shards run).

    test_plan_estimate.py YUCUN [BUILD_TYPE]

Exit 77 (skipped) for builds whose speed and memory the coefficients do not describe:
sanitizer builds, and builds other than Release or RelWithDebInfo. CPU time is user +
system, not wall time, so a loaded machine slows it without failing it, and is scaled
by this machine's speed against the coefficients' (machine_speed_factor); each shard
runs 4 to 6 runs of about 0.4 s, so start-up is a small part. The coefficients come from
bench/sweep_costs.py (sim/experiments/size_estimate.hpp)."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_tests  # noqa: E402

YUCUN = os.path.abspath(sys.argv[1])
BUILD_TYPE = sys.argv[2] if len(sys.argv) > 2 else "Release"
TOLERANCE = 0.30

SWEEP = """name: plan-check
base: "@baseline"
set:
  calendar.years: 1
  spin_up.years: 0
seed: 7
replicates: 3
output: summary
design: grid
parameters:
  - key: tourism.annual_visitors
    values: [1320000, 2640000]
  - key: tourism.choice_minutes
    values: [0.04, 0.08]
"""

UNITS = {"B": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12}


def size(text):
    number, unit = text.split()
    return float(number) * UNITS[unit]


def plan(sweep, *extra):
    out = subprocess.run([YUCUN, "sweep", sweep, "--plan", *extra], capture_output=True, text=True, check=True).stdout
    figures = {}
    m = re.search(r"^estimate: (\d+) runs?\b", out, re.M)
    figures["runs"] = int(m.group(1))
    m = re.search(r"CPU time +.* in all, ([\d.]+) s a run", out)
    figures["cpu_s"] = float(m.group(1)) * figures["runs"]
    m = re.search(r"memory +([\d.]+ \w+) peak per process", out)
    figures["process_rss"] = size(m.group(1))
    m = re.search(r"output +([\d.]+ \w+) on disk \(\w+\)(?:, from shard files of ([\d.]+ \w+) each)?", out)
    figures["file"] = size(m.group(1))
    figures["shard_file"] = size(m.group(2)) if m.group(2) else figures["file"]
    m = re.search(r"work folder +([\d.]+ \w+) at most", out)
    figures["work_folder"] = size(m.group(1))
    m = re.search(r"merge +([\d.]+ \w+) peak memory", out)
    figures["merge_rss"] = size(m.group(1))
    m = re.search(r"wall time +.* shards? of up to (\d+) runs", out)
    figures["runs_per_shard"] = int(m.group(1))
    return out, figures


def measured(args, cwd, watch_folder=None):
    """(CPU seconds, peak RSS bytes, largest checkpoint bytes seen) of one process."""
    p = subprocess.Popen([YUCUN, *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    checkpoint = [0]
    done = threading.Event()

    def watch():
        while not done.is_set():
            try:
                for name in os.listdir(watch_folder):
                    if name.startswith("run-"):
                        checkpoint[0] = max(checkpoint[0], os.path.getsize(os.path.join(watch_folder, name)))
            except OSError:
                pass
            time.sleep(0.02)

    watcher = threading.Thread(target=watch) if watch_folder else None
    if watcher:
        watcher.start()
    _, status, usage = os.wait4(p.pid, 0)
    done.set()
    if watcher:
        watcher.join()
    err = p.stderr.read().decode()
    assert os.waitstatus_to_exitcode(status) == 0, f"{args}: exit {status}: {err}"
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, checkpoint[0]


def within(what, planned, actual, tolerance=TOLERANCE):
    ratio = planned / actual
    print(f"      {what}: planned {planned:.4g}, measured {actual:.4g} (x{ratio:.2f})")
    assert abs(ratio - 1) <= tolerance, f"{what}: planned {planned:.4g} is not within {tolerance:.0%} of {actual:.4g}"


def test_plan_prints_every_figure_without_yes_for_a_large_sweep():
    tmp = tempfile.mkdtemp(prefix="plan-")
    try:
        big = os.path.join(tmp, "big.yaml")
        with open(big, "w") as f:
            f.write(SWEEP.replace("replicates: 3", "replicates: 2000"))
        r = subprocess.run([YUCUN, "sweep", big, "--plan", "--shards", "32", "--threads", "16"], capture_output=True,
                           text=True)
        assert r.returncode == 0, r.stderr
        for line in ("estimate: 8000 runs", "CPU time", "32 shards of up to 250 runs on 16 cores", "peak per process",
                     "on disk", "work folder", "merge"):
            assert line in r.stdout, f"{line!r} not in:\n{r.stdout}"
        assert "the list of the 8000 runs is left out" in r.stderr and "--yes" in r.stderr, r.stderr
        assert "\n     0 " not in r.stdout, "the runs were listed without --yes"
        # the list of runs itself still needs --yes; as CSV, nothing else would be printed
        r = subprocess.run([YUCUN, "sweep", big, "--plan", "--format", "csv"], capture_output=True, text=True)
        assert r.returncode == 2 and r.stdout == "" and "estimate: 8000 runs" in r.stderr, (r.returncode, r.stderr)
        r = subprocess.run([YUCUN, "sweep", big, "--plan", "--yes"], capture_output=True, text=True)
        assert r.returncode == 0 and re.search(r"^ +7999 ", r.stdout, re.M), r.stderr
    finally:
        shutil.rmtree(tmp)


# The coefficients' CPU times are this machine kind's (bench/sweep_costs.py). On
# another kind of CPU every run is faster or slower by about one factor, so the CPU
# check first measures that factor on a reference run unlike the checked sweeps
# (three simulated years, two of them spin-up, one thread) and compares the plan
# times it: the check is of how the estimate scales with years, households,
# visitors, threads and output, not of the machine's clock speed. The factor is
# printed; on the machine the coefficients were measured on it is about 1.
REFERENCE = """name: speed-reference
base: "@baseline"
set:
  calendar.years: 1
  spin_up.years: 2
seed: 11
replicates: 1
output: summary
design: grid
parameters:
  - key: tourism.annual_visitors
    values: [2760000]
"""
_speed = []


def machine_speed_factor():
    """Measured CPU of the reference run over its planned CPU (once per test run)."""
    if not _speed:
        tmp = tempfile.mkdtemp(prefix="plan-")
        try:
            ref = os.path.join(tmp, "reference.yaml")
            with open(ref, "w") as f:
                f.write(REFERENCE)
            _, planned = plan(ref)
            cpu, _, _ = measured(["sweep", ref, "-o", os.path.join(tmp, "reference.h5"), "--threads", "1", "-q"], tmp)
            _speed.append(cpu / planned["cpu_s"])
            print(f"      this machine's speed factor: x{_speed[0]:.2f} the coefficients' CPU time "
                  f"(reference run: planned {planned['cpu_s']:.3g} s, measured {cpu:.3g} s)")
        finally:
            shutil.rmtree(tmp)
    return _speed[0]


def check_against_measure(sweep_text, runs, threads):
    """Plans the sweep as 2 shards of `threads`, runs and merges them, and compares."""
    tmp = tempfile.mkdtemp(prefix="plan-")
    try:
        sweep = os.path.join(tmp, "plan.yaml")
        with open(sweep, "w") as f:
            f.write(sweep_text)
        text, planned = plan(sweep, "--shards", "2", "--threads", str(threads))
        print("      " + text[text.index("estimate:"):].rstrip().replace("\n", "\n      "))
        assert planned["runs"] == runs and planned["runs_per_shard"] == runs // 2, planned
        cpu, rss, files, checkpoints = 0.0, 0, [], []
        for i in range(2):
            out = os.path.join(tmp, f"shard-{i}.h5")
            c, m, checkpoint = measured(["sweep", sweep, "--shard", f"{i}/2", "-o", out, "--threads", str(threads), "-q"],
                                        tmp, watch_folder=os.path.join(tmp, f".shard-{i}.h5.sweep"))
            cpu += c
            rss = max(rss, m)
            files.append(os.path.getsize(out))
            checkpoints.append(checkpoint)
        merged = os.path.join(tmp, "merged.h5")
        _, merge_rss, _ = measured(["merge", *[os.path.join(tmp, f"shard-{i}.h5") for i in range(2)], "-o", merged, "-q"],
                                   tmp)
        within("CPU time of all runs, user + system (s), planned x this machine's speed factor",
               planned["cpu_s"] * machine_speed_factor(), cpu)
        within("peak memory per process (bytes)", planned["process_rss"], rss)
        within("shard file (bytes)", planned["shard_file"], max(files))
        within("merged output file (bytes)", planned["file"], os.path.getsize(merged))
        assert min(checkpoints) > 0, "no checkpoint seen in the work folders"
        within("work folder of a shard (bytes)", planned["work_folder"], max(checkpoints) * planned["runs_per_shard"])
        within("merge memory (bytes)", planned["merge_rss"], merge_rss)
    finally:
        shutil.rmtree(tmp)


def test_plan_within_30_percent_of_a_measured_sweep_in_shards_and_its_merge():
    check_against_measure(SWEEP, 12, threads=2)


def test_plan_within_30_percent_with_daily_series():
    check_against_measure(SWEEP.replace("replicates: 3", "replicates: 2").replace("output: summary", "output: full"), 8,
                          threads=1)


if __name__ == "__main__":
    with open(YUCUN, "rb") as f:
        binary = f.read()
    if b"__asan_init" in binary or b"__tsan_init" in binary or BUILD_TYPE not in ("Release", "RelWithDebInfo"):
        print(f"SKIP  the estimate's coefficients describe Release builds without sanitizers ({BUILD_TYPE})")
        sys.exit(77)
    sys.exit(run_tests(globals(), timed=True))
