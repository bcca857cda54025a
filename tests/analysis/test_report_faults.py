#!/usr/bin/python3
"""analysis/report.py on damaged and hostile input: a message and exit 2 (bad input) or
1 (a write failed), never a traceback, a hang, an overwritten input or a left .part file.
Issue 18, fault 17.

    /usr/bin/python3 tests/analysis/test_report_faults.py <path-to-yucun> <source-dir>
"""
import os
import shutil
import subprocess
import sys
import tempfile

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from harness import Checks  # noqa: E402

check = Checks()


def main():
    yucun, source = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    report = os.path.join(source, "analysis", "report.py")
    work = tempfile.mkdtemp(prefix="yucun-report-faults-")
    try:
        good = os.path.join(work, "good.h5")
        subprocess.run([yucun, "run", "--set", "calendar.years=1", "--set", "spin_up.years=0",
                        "--replicates", "2", "-q", "-o", good], check=True)

        def variant(name, change):
            path = os.path.join(work, name + ".h5")
            shutil.copy(good, path)
            with h5py.File(path, "r+") as f:
                change(f)
            return path

        def replace(f, name, data=None, **kw):
            attrs = dict(f[name].attrs) if name in f and isinstance(f[name], h5py.Dataset) else {}
            del f[name]
            ds = f.create_dataset(name, data=data, **kw)
            for k, v in attrs.items():
                if k not in ("DIMENSION_LIST", "REFERENCE_LIST", "CLASS", "NAME"):
                    ds.attrs[k] = v

        cases = {
            "NaN year": variant("nan_year", lambda f: replace(f, "year", np.array([np.nan]))),
            "a group where 'time' should be": variant("group_time", lambda f: (f.__delitem__("time"), f.create_group("time"))),
            "a 2^40-long 'year'": variant("huge_year", lambda f: replace(f, "year", shape=(2 ** 40,), dtype="f8", chunks=(1024,))),
            "all-NaN visitors": variant("nan_data", lambda f: f["visitors"].__setitem__(Ellipsis, np.nan)
                                        if f["visitors"].dtype.kind == "f" else replace(f, "visitors", np.full(f["visitors"].shape, np.nan))),
        }
        fifo = os.path.join(work, "fifo.h5")
        os.mkfifo(fifo)
        cases["a FIFO as input"] = fifo
        cases["a folder as input"] = work
        for what, path in cases.items():
            out = os.path.join(work, "r.html")
            if os.path.exists(out):
                os.unlink(out)
            try:
                p = subprocess.run(["/usr/bin/python3", report, good, path, "--yucun", yucun, "-o", out],
                                   capture_output=True, text=True, timeout=120)
            except subprocess.TimeoutExpired:
                check(False, f"{what}: the report hung")
                continue
            if what == "all-NaN visitors":  # values that are missing, not a damaged file: reported as missing
                check(p.returncode in (0, 2) and "Traceback" not in p.stderr,
                      f"{what}: no traceback ({p.returncode}: {p.stderr.strip()[:150]})")
                continue
            check(p.returncode == 2 and "Traceback" not in p.stderr and "error" in p.stderr,
                  f"{what}: exit 2 with a message ({p.returncode}: {p.stderr.strip()[:150]})")
            check(not os.path.exists(out), f"{what}: no report written")

        before = open(good, "rb").read()
        p = subprocess.run(["/usr/bin/python3", report, good, "--yucun", yucun, "-o", good], capture_output=True, text=True)
        check(p.returncode == 2 and open(good, "rb").read() == before, f"-o naming an input: refused, input intact ({p.stderr.strip()[:120]})")
        p = subprocess.run(["/usr/bin/python3", report, good, "--yucun", yucun, "-o", work], capture_output=True, text=True)
        check(p.returncode == 2 and "not a regular file" in p.stderr, f"-o a folder: refused ({p.stderr.strip()[:120]})")
        p = subprocess.run(["/usr/bin/python3", report, good, "--yucun", yucun, "-o", "/dev/full"], capture_output=True, text=True)
        check(p.returncode == 2, f"-o a device: refused ({p.stderr.strip()[:120]})")
        # a write that fails (a file-size limit of 1 KB, as a full disk would): exit 1, nothing left
        out = os.path.join(work, "small.html")
        p = subprocess.run(["/bin/sh", "-c", f"ulimit -f 1; exec /usr/bin/python3 {report} {good} --yucun {yucun} -o {out}"],
                           capture_output=True, text=True)
        leftovers = [f for f in os.listdir(work) if ".part" in f]
        check(p.returncode == 1 and "writing" in p.stderr and not os.path.exists(out) and not leftovers,
              f"a failed write: exit 1, no report, no .part ({p.returncode}: {p.stderr.strip()[-150:]}; {leftovers})")
        p = subprocess.run(["/usr/bin/python3", report, good, "--yucun", yucun, "-o", os.path.join(work, "ok.html")],
                           capture_output=True, text=True)
        check(p.returncode == 0, f"the good file still gives a report ({p.stderr.strip()[-150:]})")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return check.exit_status("report faults")


if __name__ == "__main__":
    sys.exit(main())
