#!/usr/bin/python3
"""Re-measures the coefficients of `yucun sweep --plan`'s estimate
(sim/experiments/size_estimate.hpp) on this machine and prints them with the
fits they come from.

    bench/sweep_costs.py [YUCUN]      (default: build/yucun; a Release build)

It runs, each as its own process timed by wait4 (user + system CPU, peak RSS):
sweeps of 2 runs of the baseline and of `yucun generate` worlds (1 thread;
years, spin-up, visitors and households varied) for the CPU rates; sweeps of
the 4-point test grid at 1 and 2 threads, with summary and full output, 1 and
3 years, for the memory of a sweep process, the bytes of its file and of a
run's checkpoint (a sweep stopped by SIGTERM); an 80- and a 10,240-run Sobol'
sweep stopped after their first run, for the memory each run holds; and
`yucun merge` of two shards, for the merge's memory. About 4 minutes on 2
cores; run it on a quiet machine (CPU time grows with the load: up to 15% at
load 5 on 2 cores). Paste the printed constants into size_estimate.hpp; the
e2e test tests/e2e/test_plan_estimate.py checks that --plan stays within 30%
of a measured sweep. The merge's memory per byte of the merged file needs
merges of 40 MB or more to show (size_estimate.hpp says which).
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
YUCUN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "yucun"))


def measure(args, cwd):
    """(cpu seconds, peak RSS bytes, wall seconds) of one process."""
    start = time.monotonic()
    p = subprocess.Popen([YUCUN] + args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    err = p.stderr.read().decode()
    if p.returncode != 0:
        sys.exit(f"sweep_costs: {' '.join(args)} exited {p.returncode}: {err}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, time.monotonic() - start


def solve(a, b):
    """x with a x = b, by Gaussian elimination with partial pivoting."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c and m[c][c]:
                f = m[r][c] / m[c][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[c])]
    return [m[i][n] / m[i][i] if m[i][i] else 0.0 for i in range(n)]


def fit(rows, names):
    """Least squares of y on the columns, of relative errors (the estimate is
    judged by its ratio to the measure); prints and returns the coefficients.
    Plain Python: numpy in this process would inflate the children's peak RSS
    (a child's ru_maxrss counts the parent's pages it was forked with)."""
    a = [[float(x) / y for x in cols] for cols, y in rows]
    k = len(names)
    ata = [[sum(r[i] * r[j] for r in a) for j in range(k)] for i in range(k)]
    atb = [sum(r[i] for r in a) for i in range(k)]
    coef = solve(ata, atb)
    worst = max(abs(sum(c * float(x) for c, x in zip(coef, cols)) - y) / y for cols, y in rows)
    print("  fit: " + ", ".join(f"{n} = {c:.4g}" for n, c in zip(names, coef)) + f"  (worst point off by {worst:.0%})")
    return coef


def sweep_file(path, base, years, replicates, output, spin_up=0, visitors=(1320000, 2640000), minutes=(0.04, 0.08)):
    """A grid sweep of visitors x travel-time dislike; replicates set the runs."""
    with open(path, "w") as f:
        f.write(f"""name: cost
base: "{base}"
set:
  calendar.years: {years}
  spin_up.years: {spin_up}
seed: 5
replicates: {replicates}
output: {output}
design: grid
parameters:
  - key: tourism.annual_visitors
    values: [{", ".join(str(v) for v in visitors)}]
  - key: tourism.choice_minutes
    values: [{", ".join(str(m) for m in minutes)}]
""")


def series_bytes_per_run(sweep, cwd):
    """The uncompressed bytes per run the estimate reckons with (its `estimate:` line)."""
    out = subprocess.run([YUCUN, "sweep", sweep], cwd=cwd, capture_output=True, text=True, check=True).stdout
    m = re.search(r"^estimate: (\d+) runs?, .* up to ([\d.]+) (\w+) of output", out, re.M)
    return float(m.group(2)) * {"B": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9}[m.group(3)] / int(m.group(1))


def stopped_rss(tmp, sweep):
    """Peak RSS of a sweep stopped by SIGTERM once its first run is done."""
    out = os.path.join(tmp, "stopped.h5")
    folder = os.path.join(tmp, ".stopped.h5.sweep")
    p = subprocess.Popen([YUCUN, "sweep", sweep, "-o", out, "--threads", "1", "-q", "--force", "--yes"], cwd=tmp,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while not (os.path.isdir(folder) and any(f.startswith("run-") for f in os.listdir(folder))):
        time.sleep(0.05)
    p.send_signal(signal.SIGTERM)
    _, _, usage = os.wait4(p.pid, 0)
    shutil.rmtree(folder)
    return usage.ru_maxrss * 1024


def checkpoint_bytes(tmp, sweep):
    """Bytes of one run's checkpoint: a sweep stopped by SIGTERM once a run is done."""
    out = os.path.join(tmp, "stopped.h5")
    folder = os.path.join(tmp, ".stopped.h5.sweep")
    p = subprocess.Popen([YUCUN, "sweep", sweep, "-o", out, "--threads", "1", "-q", "--force"], cwd=tmp,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while p.poll() is None:
        runs = [f for f in os.listdir(folder) if f.startswith("run-")] if os.path.isdir(folder) else []
        if runs:
            p.send_signal(signal.SIGTERM)
            break
        time.sleep(0.05)
    p.wait()
    sizes = [os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder) if f.startswith("run-")]
    shutil.rmtree(folder)
    return sum(sizes) / len(sizes)


def main():
    tmp = tempfile.mkdtemp(prefix="sweep-costs-")
    try:
        run(tmp)
    finally:
        shutil.rmtree(tmp)


def run(tmp):
    print(f"yucun: {YUCUN}; {os.cpu_count()} cores")
    baseline_households, baseline_visitors = 9260, 1.32e6
    # CPU of one run of a sweep: start + simulated years x (households and
    # visitors), from sweeps of 2 runs (one point, summary output, 1 thread).
    print("CPU of a sweep's runs (2 runs each, 1 thread, user + system):")
    worlds = {"@baseline": baseline_households}
    for hh in (20000, 40000):
        w = os.path.join(tmp, f"w{hh}.yaml")
        subprocess.run([YUCUN, "generate", "--households", str(hh), "-o", w], check=True, stdout=subprocess.DEVNULL)
        worlds[w] = hh  # generate gives the baseline's visitors per household
    rows = []
    cases = [("@baseline", 1, 0, 1.98e6), ("@baseline", 3, 0, 1.98e6), ("@baseline", 1, 2, 1.98e6),
             ("@baseline", 1, 0, 0.7e6), ("@baseline", 1, 0, 1.0e6), ("@baseline", 1, 0, 1.32e6),
             ("@baseline", 1, 0, 2.64e6), ("@baseline", 3, 2, 1.5e6)]
    cases += [(w, 1, 0, baseline_visitors * hh / baseline_households) for w, hh in worlds.items() if w != "@baseline"]
    cases += [(w, 1, 0, 1.98e6) for w, hh in worlds.items() if hh == 40000]  # households apart from visitors
    for world, years, spin_up, visitors in cases:
        hh = worlds[world]
        s = os.path.join(tmp, "cpu.yaml")
        sweep_file(s, world, years, 2, "summary", spin_up, visitors=(round(visitors),), minutes=(0.08,))
        cpu = measure(["sweep", s, "-o", os.path.join(tmp, "cpu.h5"), "--threads", "1", "-q", "--force"], tmp)[0] / 2
        sim_years = years + spin_up
        print(f"  {os.path.basename(world):>10} {hh:>6} households {visitors / 1e6:5.2f} M visitors {years} y + {spin_up} y "
              f"spin-up: {cpu:.3f} s a run")
        rows.append(([1, sim_years * hh, sim_years * visitors], cpu))
    fit(rows, ["kCpuSecondsPerRunStart", "kCpuSecondsPerHouseholdYear", "kCpuSecondsPerVisitorYear"])

    # Memory of a sweep process per thread, against households (summary output).
    print("memory per thread (summary output, 8 runs, 1 and 2 threads):")
    rows = []
    for world, hh in worlds.items():
        if hh == 20000:
            continue
        s = os.path.join(tmp, "mem.yaml")
        sweep_file(s, world, 1, 2, "summary")
        for threads in (1, 2):
            _, rss, _ = measure(["sweep", s, "-o", os.path.join(tmp, "mem.h5"), "--threads", str(threads), "-q",
                                 "--force"], tmp)
            print(f"  {hh:>6} households, {threads} threads: peak {rss / 1e6:.1f} MB")
            rows.append(([1, threads, threads * hh], rss))
    process = fit(rows, ["kRssProcessBytes", "kRssRunBytes", "kRssBytesPerHousehold"])

    # A sweep process: memory, file and checkpoint bytes. The test grid is 4
    # points; replicates set the runs.
    print("sweep processes (the 4-point grid, 1 year, no spin-up):")
    mem_rows, file_rows = {"summary": [], "full": []}, {"summary": [], "full": []}
    per_run, fitted, files, cpus, full_rss = {}, {}, {}, {}, []
    for output in ("summary", "full"):
        for replicates, threads in ((2, 1), (2, 2), (6, 1)):
            s = os.path.join(tmp, f"s-{output}-{replicates}.yaml")
            sweep_file(s, "@baseline", 1, replicates, output)
            out = os.path.join(tmp, "s.h5")
            cpu, rss, _ = measure(["sweep", s, "-o", out, "--threads", str(threads), "-q", "--force"], tmp)
            size = os.path.getsize(out)
            runs = 4 * replicates
            print(f"  {output:>7} {runs:>3} runs {threads} threads: {cpu:.2f} s CPU, peak {rss / 1e6:.1f} MB, "
                  f"file {size / 1e3:.0f} kB")
            mem_rows[output].append(([1, threads, size], rss))
            if output == "full":
                full_rss.append((threads, rss))
            if threads == 1:
                file_rows[output].append(([1, runs], size))
                cpus.setdefault(output, cpu / runs)
        print(f"  {output}: peak RSS = process + threads x run + held x file bytes")
        per_run[output] = series_bytes_per_run(os.path.join(tmp, f"s-{output}-2.yaml"), tmp)
        fitted[output] = fit(mem_rows[output], ["process", "per thread", "per file byte"])
        print(f"  {output}: file bytes = fixed + runs x per run")
        files[output] = fit(file_rows[output], ["fixed", "per run"])
        s = os.path.join(tmp, f"s-{output}-2.yaml")
        checkpoint = checkpoint_bytes(tmp, s)
        print(f"  {output}: one run's checkpoint: {checkpoint:.0f} bytes; series {per_run[output]:.0f} bytes a run "
              f"uncompressed")
        print(f"  kFileFixedBytes{output.capitalize()} = {files[output][0]:.4g}, kFileShare{output.capitalize()} = "
              f"{files[output][1] / per_run[output]:.3g}, kCheckpointFixedBytes ({output}) = "
              f"{checkpoint - per_run[output]:.4g}")
    # Full output: each running run's series and one finished run's on its way
    # into the file, (threads + 1) x the coefficient x the series; 1 and 3 years.
    s3 = os.path.join(tmp, "s-full-3y.yaml")
    sweep_file(s3, "@baseline", 3, 1, "full")
    per_run["full-3y"] = series_bytes_per_run(s3, tmp)
    for threads in (1, 2):
        rss = measure(["sweep", s3, "-o", os.path.join(tmp, "s3.h5"), "--threads", str(threads), "-q", "--force"], tmp)[1]
        print(f"  full, 3 years, 4 runs, {threads} threads: peak {rss / 1e6:.1f} MB")
        full_rss.append((threads, rss, per_run["full-3y"]))
    shares = []
    for row in full_rss:
        threads, rss = row[0], row[1]
        kept = row[2] if len(row) > 2 else per_run["full"]
        rest = rss - process[0] - threads * (process[1] + process[2] * baseline_households)
        shares.append(rest / ((threads + 1) * kept))
    print(f"  kRssPerKeptSeriesByte = {sum(shares) / len(shares):.3g} (from {', '.join(f'{x:.2f}' for x in shares)})")
    print(f"  kRssPerOutputFileByte = {fitted['full'][2]:.3g} (full output)")
    print(f"  kCpuSecondsPerFullSeriesByte = {(cpus['full'] - cpus['summary']) / per_run['full']:.3g}")

    # What each run of a sweep holds from the start: a 10,240-run Sobol' sweep
    # against an 80-run one, each stopped after its first run.
    rss = {}
    for n in (16, 2048):
        s = os.path.join(tmp, f"sobol{n}.yaml")
        with open(s, "w") as f:
            f.write(f"""base: "@baseline"
set: {{calendar.years: 1, spin_up.years: 0}}
design: {{kind: sobol, n: {n}}}
parameters:
  - {{key: tourism.annual_visitors, lo: 700000, hi: 2300000}}
  - {{key: tourism.choice_minutes, lo: 0.04, hi: 0.12}}
  - {{key: labour.migrant_penalty, lo: 0.5, hi: 1.3}}
""")
        rss[n] = stopped_rss(tmp, s)
    print(f"  kRssBytesPerRun = {(rss[2048] - rss[16]) / (2048 * 5 - 16 * 5):.4g} "
          f"(80 runs: {rss[16] / 1e6:.1f} MB, 10240 runs: {rss[2048] / 1e6:.1f} MB)")

    print("merge of two shards:")
    merge_rows = []
    for output, s in (("summary", "s-summary-6.yaml"), ("full", "s-full-2.yaml"), ("full", "s-full-6.yaml"),
                      ("full-3y", "s-full-3y.yaml")):
        s = os.path.join(tmp, s)
        shards = [os.path.join(tmp, f"shard{i}.h5") for i in range(2)]
        for i, shard in enumerate(shards):
            measure(["sweep", s, "--shard", f"{i}/2", "-o", shard, "--threads", "1", "-q", "--force"], tmp)
        out = os.path.join(tmp, "merged.h5")
        _, rss, _ = measure(["merge", *shards, "-o", out, "--force", "-q"], tmp)
        size = os.path.getsize(out)
        print(f"  {os.path.basename(s)}: merged file {size / 1e6:.2f} MB, merge peak {rss / 1e6:.1f} MB")
        merge_rows.append(([1, output != "summary", per_run[output], size], rss))
    fit(merge_rows, ["kMergeRssBytes", "kMergeFullOutputBytes", "kMergeRssPerKeptSeriesByte",
                     "kMergeRssPerOutputFileByte"])


if __name__ == "__main__":
    main()
