#!/usr/bin/python3
"""`yucun report`: one offline HTML file with the workbench's comparison.

    /usr/bin/python3 tests/e2e/test_workbench_report.py <path-to-yucun> <source-dir> [screenshot-dir]

Runs `yucun report scenarios/entry_fees.yaml --replicates 2 -o report.html`, then:
  - the file needs nothing outside itself (no <script src>, <link>, http addresses);
  - headless Chromium opens it from file://, shows each policy's settings, the summary
    and the map; it switches to Chinese; the embedded workbook is a real .xlsx whose
    rows equal `yucun compare`'s on the cached result files;
  - a second report with --force takes every run from the cache;
  - refusals: an existing output without --force, -o naming an input, a bad scenario,
    one replicate (exit 2, no file).
"""
import base64
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from harness import Checks  # noqa: E402

check = Checks()


def main():
    yucun, source = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    shots = sys.argv[3] if len(sys.argv) > 3 else None
    work = tempfile.mkdtemp(prefix="yucun-report-")
    policy = os.path.join(source, "scenarios", "entry_fees.yaml")
    out = os.path.join(work, "report.html")
    ws = os.path.join(work, "ws")
    try:
        argv = [yucun, "report", policy, "--replicates", "2", "-o", out, "--workspace", ws]
        p = subprocess.run(argv, capture_output=True, text=True)
        check(p.returncode == 0 and os.path.isfile(out), f"yucun report exits 0 and writes the file ({p.stderr.strip()[-300:]})")
        check(not [f for f in os.listdir(work) if ".part" in f], "no temporary file left")
        html = open(out, encoding="utf-8").read()
        markup = re.sub(r"<script>.*?</script>", "", html, flags=re.S)  # the page, less the inlined code
        check("<script src=" not in html and "<link " not in markup and not re.search(r"""(src|href)=["']https?://""", markup),
              "the report loads nothing from outside itself")

        # refusals
        for args, what in [([policy, "-o", out], "an existing output without --force"),
                           ([policy, "-o", policy, "--force"], "-o naming an input"),
                           ([os.path.join(source, "tests", "catalogue", "cases")], "a folder as a scenario"),
                           ([policy, "--replicates", "1", "-o", os.path.join(work, "r1.html")], "one replicate")]:
            if "-o" not in args:
                args = args + ["-o", os.path.join(work, "bad.html")]
            r = subprocess.run([yucun, "report", *args, "--workspace", ws], capture_output=True, text=True)
            check(r.returncode == 2 and r.stderr.strip(), f"refused: {what} (exit {r.returncode}: {r.stderr.strip()[:160]})")
        check(not os.path.exists(os.path.join(work, "bad.html")) and not os.path.exists(os.path.join(work, "r1.html")),
              "no report is written when refused")

        t0 = time.time()
        r = subprocess.run(argv + ["--force", "--lang", "zh"], capture_output=True, text=True)
        check(r.returncode == 0 and "2 from the cache" in r.stderr, f"a second report takes every run from the cache ({time.time() - t0:.1f} s)")

        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait
        o = Options()
        for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000"]:
            o.add_argument(a)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)
        try:
            driver.get("file://" + out)
            WebDriverWait(driver, 30).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "1")
            check("工作台" in driver.find_element(By.ID, "title").text, "the report opens in Chinese (--lang zh)")
            policy_card = driver.find_element(By.CSS_SELECTOR, '#policies [data-policy="entry-fees"]').text
            check("门票与停车收费" in policy_card, f"the policy's levers and settings are shown ({policy_card[:120]!r})")
            check(len(driver.find_elements(By.CSS_SELECTOR, '.summary[data-label="entry-fees"] li')) >= 8, "the summary sentences")
            check(len(driver.find_elements(By.CSS_SELECTOR, "#result-map path")) > 20, "the map draws villages and roads")
            check(not driver.find_element(By.CSS_SELECTOR, '.tab[data-tab="setup"]').is_displayed(), "no set-up page in a report")
            driver.find_element(By.ID, "lang").click()
            check("workbench" in driver.find_element(By.ID, "title").text, "it switches to English")
            if shots:
                os.makedirs(shots, exist_ok=True)
                h = driver.execute_script("return document.documentElement.scrollHeight")
                driver.set_window_size(1400, min(h + 150, 4000))
                time.sleep(0.3)
                driver.save_screenshot(os.path.join(shots, "report-en.png"))
            href = driver.find_element(By.ID, "dl-xlsx").get_attribute("href")
        finally:
            driver.quit()
        check(href.startswith("data:application/vnd.openxmlformats"), "the Excel download is inside the report")
        import openpyxl
        wb = openpyxl.load_workbook(io.BytesIO(base64.b64decode(href.split(",", 1)[1])))
        rows = list(wb["yucun compare"].iter_rows(min_row=3, values_only=True))
        # each file's means do not depend on which is the baseline: any order will do
        files = sorted(os.path.join(ws, "cache", f) for f in os.listdir(os.path.join(ws, "cache")) if f.endswith(".h5"))
        sys.path.insert(0, os.path.join(source, "python"))
        from yucun.workbench.results import compare_arguments
        cli = json.loads(subprocess.run([yucun, "compare", *files, "--format", "json", *compare_arguments(True)],
                                        capture_output=True, text=True).stdout)
        means = {(r["scenario"], r["indicator"], r["period"]): r["mean"] for r in cli}
        mismatch = [r for r in rows[: len(cli)] if means.get((r[1], r[2], r[5])) is None or
                    r[8] != float("%.16g" % means[(r[1], r[2], r[5])])]
        check(len(cli) > 100 and not mismatch, f"the workbook's means equal yucun compare's ({len(mismatch)} of {len(cli)} differ)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return check.exit_status("yucun report")


if __name__ == "__main__":
    sys.exit(main())
