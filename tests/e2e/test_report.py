#!/usr/bin/python3
"""End-to-end test of the planner's HTML report (analysis/report.py).

    /usr/bin/python3 tests/e2e/test_report.py <path-to-yucun> <source-dir>

Runs two scenarios for one year with 3 replicates each (`yucun run --replicates 3`),
writes the report, then:
  - renders it in headless Chromium and checks the screenshot is not blank;
  - dumps the rendered DOM, parses the comparison table and checks every number
    in it against `yucun compare --format csv` under the report's rounding rule
    (4 significant digits), and the "not distinguishable" marks;
  - checks the page is self-contained (figures are data: URIs, no external links).
Skips (exit 0, message "SKIP") only when chromium is not installed.
"""
import csv
import html.parser
import io
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np
import matplotlib

matplotlib.use("Agg")
import matplotlib.image as mpimg  # noqa: E402

REPLICATES = 3
SIGNIFICANT_DIGITS = 4
FIELDS = ["mean", "ci_low", "ci_high", "diff", "diff_ci_low", "diff_ci_high", "pct_change"]
COMPARE_HEADER = ["scenario", "file", "indicator", "where", "units", "period", "replicates",
                  "mean", "ci_low", "ci_high", "diff", "diff_ci_low", "diff_ci_high", "distinguishable",
                  "diff_method", "pct_change", "summary"]
SMALL = ["--set", "calendar.years=1"]
POLICY = ["--set", "name=more-beds", "--set", "world.villages.Shanhe.homestay_beds=900",
          "--set", "world.villages.Daxi.homestay_beds=900", "--set", "world.villages.Wuhe.homestay_beds=900"]

failures = []


def check(cond, msg):
    if cond:
        print(f"  ok: {msg}")
    else:
        print(f"  FAIL: {msg}")
        failures.append(msg)
    return cond


def run(cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        sys.exit(f"FAIL: `{' '.join(cmd)}` exited {p.returncode}\n{p.stdout}\n{p.stderr}")
    return p


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def make_results(yucun, tmp):
    """Two scenarios with REPLICATES replicates each; returns (baseline, policy) paths."""
    base, policy = os.path.join(tmp, "base.h5"), os.path.join(tmp, "beds.h5")
    for out, extra in ((base, []), (policy, POLICY)):
        run([yucun, "run", "-q", "--force", "--replicates", str(REPLICATES), "-o", out] + SMALL + extra)
    return base, policy


def chromium_cmd(chromium, profile):
    return [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}"]


class TableParser(html.parser.HTMLParser):
    """Collects the rows of tables with class 'compare': {attrs of tr, fields: {field: text}}."""

    def __init__(self):
        super().__init__()
        self.rows = []
        self.in_compare = 0
        self.row = None
        self.field = None
        self.text = []
        self.images = []
        self.links = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img":
            self.images.append(a.get("src", ""))
        if tag in ("link", "script") and (a.get("href") or a.get("src")):
            self.links.append(a.get("href") or a.get("src"))
        if tag == "a" and a.get("href", "").startswith(("http:", "https:")):
            self.links.append(a["href"])
        if tag == "table" and "compare" in a.get("class", "").split():
            self.in_compare += 1
        elif self.in_compare and tag == "tr" and "data-scenario" in a:
            self.row = {"attrs": a, "fields": {}}
        elif self.row is not None and tag == "td" and "data-field" in a:
            self.field = a["data-field"]
            self.text = []
            if "data-value" in a:
                self.row["fields"][self.field + ":value"] = a["data-value"]

    def handle_data(self, data):
        if self.field is not None:
            self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "td" and self.field is not None:
            self.row["fields"][self.field] = "".join(self.text).strip()
            self.field = None
        elif tag == "tr" and self.row is not None:
            self.rows.append(self.row)
            self.row = None
        elif tag == "table" and self.in_compare:
            self.in_compare -= 1


def shown_matches(text, value):
    """Is `text` (as the report shows it) `value` rounded to SIGNIFICANT_DIGITS digits?
    The rule: round half to even at 4 significant digits, commas between thousands."""
    if value is None or math.isnan(value):
        return text == ""
    if value == 0:
        return text == "0"
    if not re.fullmatch(r"-?\d{1,3}(,\d{3})*(\.\d+)?", text):
        return False
    shown = float(text.replace(",", ""))
    exponent = math.floor(math.log10(abs(value)))
    ulp = 10.0 ** (exponent - SIGNIFICANT_DIGITS + 1)
    if abs(shown - value) > 0.5 * ulp * (1 + 1e-9) + 1e-12 * abs(value):
        return False
    digits = re.sub(r"^[-0.,]*", "", text).replace(",", "").replace(".", "")
    # trailing zeros of an integer part are not significant: a number >= 10^4 shows
    # its first 4 digits then zeros
    return len(digits) == SIGNIFICANT_DIGITS or (exponent >= SIGNIFICANT_DIGITS and
                                                  set(digits[SIGNIFICANT_DIGITS:]) <= {"0"})


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: test_report.py <yucun> <source-dir>")
    yucun, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    chromium = find_chromium()
    if chromium is None:
        print("SKIP: chromium is not installed (scripts/setup installs Debian's chromium); "
              "the report was not rendered")
        return 0
    report = os.path.join(src, "analysis", "report.py")
    started = time.time()
    tmp = tempfile.mkdtemp(prefix="yucun-report-test-")
    try:
        base, policy = make_results(yucun, tmp)
        out = os.path.join(tmp, "report.html")
        p = run(["/usr/bin/python3", report, base, policy, "--baseline", base, "--yucun", yucun, "-o", out])
        print(p.stdout.strip())
        check(os.path.getsize(out) > 50_000, f"report written ({os.path.getsize(out)} bytes)")
        with h5py.File(base, "r") as f:
            year = int(f["year"][-1])
        compare = run([yucun, "compare", base, policy, "--baseline", base, "--format", "csv",
                       "--year", str(year)]).stdout

        # -- a bad --yucun fails clearly
        bad = subprocess.run(["/usr/bin/python3", report, base, policy, "--yucun", os.path.join(tmp, "nope"),
                              "-o", os.path.join(tmp, "bad.html")], capture_output=True, text=True)
        check(bad.returncode == 1 and "compare" in bad.stderr and not os.path.exists(os.path.join(tmp, "bad.html")),
              f"a missing yucun binary fails with a clear message: {bad.stderr.strip()[:120]!r}")

        # -- a sweep's file is refused, pointing to `yucun table` (its runs are not replicates)
        sweep = os.path.join(tmp, "sweep.h5")
        shutil.copy(policy, sweep)
        with h5py.File(sweep, "r+") as f:
            f.attrs["design"] = "lhs"
        refused = subprocess.run(["/usr/bin/python3", report, base, sweep, "--yucun", yucun,
                                  "-o", os.path.join(tmp, "sweep.html")], capture_output=True, text=True)
        check(refused.returncode == 2 and "yucun table" in refused.stderr
              and not os.path.exists(os.path.join(tmp, "sweep.html")),
              f"a sweep's file is refused with a pointer to yucun table: {refused.stderr.strip()[:120]!r}")

        # -- render and screenshot
        shot = os.path.join(tmp, "shot.png")
        run(chromium_cmd(chromium, os.path.join(tmp, "profile1")) +
            [f"--screenshot={shot}", "--window-size=1280,4000", "file://" + out], timeout=120)
        img = mpimg.imread(shot)
        rgb = (img[..., :3] * 255).round().astype(np.uint8) if img.dtype != np.uint8 else img[..., :3]
        non_white = float((rgb.min(axis=2) < 240).mean())
        colours = len(np.unique(rgb.reshape(-1, 3) // 8, axis=0))
        check(rgb.shape[0] >= 2000 and rgb.shape[1] >= 1000, f"screenshot {rgb.shape[1]}x{rgb.shape[0]}")
        check(non_white > 0.05, f"screenshot is not blank: {non_white:.1%} non-white pixels")
        check(colours > 200, f"screenshot has {colours} distinct colours (coarse bins), i.e. figures")

        # -- the rendered DOM: table numbers against yucun compare
        dom = run(chromium_cmd(chromium, os.path.join(tmp, "profile2")) + ["--dump-dom", "file://" + out],
                  timeout=120).stdout
        parser = TableParser()
        parser.feed(dom)
        check(len(parser.images) >= 3 and all(s.startswith("data:image/png;base64,") for s in parser.images),
              f"{len(parser.images)} figures, all embedded as data: URIs")
        check(not parser.links, f"no external links or scripts ({parser.links[:3]})")
        check("<h2>" in dom and "Comparison with the baseline" in dom, "comparison section rendered")

        rows = list(csv.reader(io.StringIO(compare)))
        check(rows[0] == COMPARE_HEADER, "compare CSV header")
        expected = [dict(zip(COMPARE_HEADER, row)) for row in rows[1:] if row]
        check(len(expected) > 0, f"compare printed {len(expected)} rows")
        shown = {}
        for r in parser.rows:
            shown.setdefault(int(r["attrs"].get("data-row", -1)), []).append(r)
        check(all(len(v) == 1 for v in shown.values()), "each compare row appears once in the table")
        check(set(shown) == set(range(len(expected))),
              f"the table shows all of compare's rows ({len(parser.rows)} shown, {len(expected)} from compare)")
        bad_numbers, bad_marks, indist = [], [], 0
        for i, rec in enumerate(expected):
            if i not in shown:
                continue
            row = shown[i][0]
            key = (rec["scenario"], rec["indicator"], rec["where"])
            got = (row["attrs"].get("data-scenario"), row["attrs"].get("data-indicator"),
                   row["attrs"].get("data-where"))
            if got != key:
                bad_numbers.append(f"row {i}: shown as {got}, compare has {key}")
                continue
            fields = row["fields"]
            for k in FIELDS:
                value = float(rec[k]) if rec[k] != "" else None
                if not shown_matches(fields.get(k, "<missing>"), value):
                    bad_numbers.append(f"{key} {k}: shown {fields.get(k)!r}, compare {rec[k]!r}")
            mark = fields.get("distinguishable:value")
            if mark != rec["distinguishable"]:
                bad_marks.append(f"{key}: shown {mark!r}, compare {rec['distinguishable']!r}")
            if rec["distinguishable"] == "no":
                indist += 1
                if "not distinguishable" not in fields.get("distinguishable", ""):
                    bad_marks.append(f"{key}: indistinguishable difference not marked visibly")
                if "indist" not in row["attrs"].get("class", "").split():
                    bad_marks.append(f"{key}: indistinguishable row not greyed")
        n_numbers = sum(1 for rec in expected for k in FIELDS if rec[k] != "")
        check(not bad_numbers, f"{n_numbers} numbers equal compare's at {SIGNIFICANT_DIGITS} significant digits"
              + ("" if not bad_numbers else ": " + "; ".join(bad_numbers[:5])))
        check(not bad_marks, f"distinguishable marks match ({indist} marked not distinguishable)"
              + ("" if not bad_marks else ": " + "; ".join(bad_marks[:5])))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    elapsed = time.time() - started
    print(f"{'FAILED' if failures else 'passed'} in {elapsed:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
