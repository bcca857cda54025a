#!/usr/bin/python3
"""End-to-end test of the planner's workbench (`yucun serve`) in a real browser.

    /usr/bin/python3 tests/e2e/test_workbench.py <path-to-yucun> [screenshot-dir]

Starts `yucun serve --port 0` on a fresh workspace and drives headless Chromium
(Selenium, Debian's chromium-driver) as a planner would:
  - opens the app and switches it to Chinese;
  - sets up a shuttle policy by clicking and typing (dates, villages, a budget typed
    as "600万" and "8,000");
  - types a malformed value and an out-of-range one and sees the schema's messages
    beside those fields (the CLI's words and the Chinese ones); corrects them; saves;
  - checks the saved file runs with the CLI unchanged (`yucun validate`);
  - runs it against the baseline with 4 replicates and waits for the comparison;
  - sees the summary sentences, the cost table and the map with the shuttle route;
  - downloads the Excel workbook and checks its numbers equal `yucun compare`'s for
    the same result files;
  - takes a screenshot of each page in both languages (checked not blank).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from harness import Checks  # noqa: E402

check = Checks()


def main():
    yucun = os.path.abspath(sys.argv[1])
    shots = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="yucun-shots-")
    os.makedirs(shots, exist_ok=True)
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait
        import openpyxl
        import fastapi  # noqa: F401  (the server needs it)
    except ImportError as e:
        print(f"FAIL: the workbench test needs scripts/setup's packages: {e}")
        return 1
    if not os.path.exists("/usr/bin/chromedriver"):
        print("FAIL: /usr/bin/chromedriver missing (scripts/setup installs chromium-driver)")
        return 1

    work = tempfile.mkdtemp(prefix="yucun-workbench-")
    server = subprocess.Popen([yucun, "serve", "--port", "0", "--workspace", os.path.join(work, "ws")],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    driver = None
    try:
        line = server.stdout.readline()
        check(line.startswith("yucun workbench: open http://127.0.0.1:"), f"yucun serve prints its address ({line.strip()})")
        url = line.split("open ", 1)[1].strip()
        base = url.rstrip("/")

        o = Options()
        for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000", "--lang=en-GB"]:
            o.add_argument(a)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)
        wait = WebDriverWait(driver, 30)
        driver.get(url)
        wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "1")
        check("workbench" in driver.find_element(By.ID, "title").text, "the page opens in English")

        def shot(name):
            path = os.path.join(shots, name + ".png")
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(1400, min(max(1000, height + 150), 4000))  # the whole page
            time.sleep(0.3)
            driver.save_screenshot(path)
            driver.set_window_size(1400, 1000)
            from PIL import Image
            with Image.open(path) as img:
                colours = len(set(img.convert("RGB").resize((200, 150)).getdata()))
            check(colours > 20, f"screenshot {name}.png is not blank ({colours} colours)")

        def tab(name):
            driver.find_element(By.CSS_SELECTOR, f'.tab[data-tab="{name}"]').click()
            time.sleep(0.3)

        shot("setup-en")
        tab("glossary")
        shot("glossary-en")
        tab("setup")

        # Chinese
        driver.find_element(By.ID, "lang").click()
        wait.until(lambda d: "工作台" in d.find_element(By.ID, "title").text)
        check(driver.find_element(By.CSS_SELECTOR, 'label[for="lever-shuttle"]').text == "旅游接驳公交",
              "lever names are in Chinese")

        # a shuttle policy, by clicking and typing
        driver.find_element(By.ID, "f-name").send_keys("shuttle-test")
        driver.find_element(By.ID, "f-description").send_keys("接驳车：余村—五鹤—大溪，2024年起")
        driver.find_element(By.ID, "lever-shuttle").click()
        villages = driver.find_element(By.CSS_SELECTOR, '.lever[data-lever="shuttle"] .villages').text
        check("余村" in villages and "五鹤村" in villages, "village names are in Chinese characters")
        start = driver.find_element(By.ID, "f-shuttle-start")
        start.click()
        start.send_keys("01012024")  # the date field in the en-GB browser locale: dd mm yyyy
        if start.get_attribute("value") != "2024-01-01":
            start.send_keys("2024-01-01")
        check(start.get_attribute("value") == "2024-01-01", f"start date typed ({start.get_attribute('value')})")
        for v in ["Yucun", "Shanhe", "Yinkeng", "Wuhe", "Daxi"]:
            driver.find_element(By.CSS_SELECTOR, f'.lever[data-lever="shuttle"] input[data-village="{v}"]').click()

        def typed(field_id, text):
            e = driver.find_element(By.ID, field_id)
            e.clear()
            e.send_keys(text)
            return e

        typed("f-shuttle-capital_cost_yuan", "600万")
        read = driver.find_element(By.CSS_SELECTOR, '[data-param="policies.shuttle.capital_cost_yuan"] .read').text
        check("6,000,000" in read, f"'600万' is read as 6,000,000 ({read})")
        typed("f-shuttle-operating_cost_yuan_per_day", "8,000")
        typed("f-shuttle-fare_yuan", "五元")          # malformed
        typed("f-shuttle-minutes_factor", "1.5")      # out of the schema's range (0, 1]
        driver.find_element(By.ID, "save").click()
        wait.until(lambda d: d.find_element(By.CSS_SELECTOR, '.field-error[data-for="policies.shuttle.fare_yuan"]').text)
        fare_error = driver.find_element(By.CSS_SELECTOR, '.field-error[data-for="policies.shuttle.fare_yuan"]').text
        check("不是数值" in fare_error and "not a number" in fare_error,
              f"a malformed fare shows a message beside the field, in Chinese and English ({fare_error!r})")
        factor_error = driver.find_element(By.CSS_SELECTOR, '.field-error[data-for="policies.shuttle.minutes_factor"]').text
        check("must be between 0 and 1, got 1.5" in factor_error and "应在0至1之间" in factor_error,
              f"an out-of-range factor shows the CLI's schema message beside the field ({factor_error!r})")
        shot("setup-errors-zh")
        check(not os.path.exists(os.path.join(work, "ws", "scenarios", "shuttle-test.yaml")), "nothing is saved with errors")

        typed("f-shuttle-fare_yuan", "5")
        typed("f-shuttle-minutes_factor", "0.6")
        driver.find_element(By.ID, "save").click()
        wait.until(lambda d: "已保存" in d.find_element(By.ID, "save-status").text)
        saved = os.path.join(work, "ws", "scenarios", "shuttle-test.yaml")
        check(os.path.isfile(saved), "the policy is saved as YAML in the workspace")
        v = subprocess.run([yucun, "validate", saved], capture_output=True, text=True)
        check(v.returncode == 0, f"yucun validate accepts the saved file ({v.stdout.strip()}{v.stderr.strip()})")
        text = open(saved, encoding="utf-8").read()
        check("capital_cost_yuan: 6000000" in text and "start: 2024-01-01" in text and "villages: [Yucun, Shanhe, Yinkeng, Wuhe, Daxi]" in text,
              "the file holds the typed settings")
        shot("setup-zh")

        # run against the baseline with 4 replicates
        tab("run")
        driver.find_element(By.CSS_SELECTOR, 'input[data-run="shuttle-test"]').click()
        reps = driver.find_element(By.ID, "replicates")
        reps.clear()
        reps.send_keys("4")
        driver.find_element(By.ID, "start-run").click()
        time.sleep(1.0)
        shot("run-zh")
        WebDriverWait(driver, 300).until(lambda d: not d.find_element(By.ID, "compare-body").get_attribute("class"))
        check(driver.find_element(By.ID, "job-status").get_attribute("data-state") == "finished", "the run finishes")

        sentences = driver.find_elements(By.CSS_SELECTOR, '.summary[data-label="shuttle-test"] li')
        check(len(sentences) >= 8, f"a summary sentence per indicator ({len(sentences)})")
        income = next((s.text for s in sentences if s.get_attribute("data-indicator") == "rural_income_per_capita"), "")
        check("2027年农村居民人均可支配收入比基准情景" in income, f"the income sentence reads in Chinese ({income[:80]}...)")
        check(any(w in income for w in ("超出随机波动", "与随机波动无法区分", "重复次数")), "it says in words whether the difference is clear of chance")
        check(len(driver.find_elements(By.CSS_SELECTOR, '#costs tr[data-label="shuttle-test"] td')) == 7, "the cost table has the policy's row")
        check(len(driver.find_elements(By.CSS_SELECTOR, "#result-map path.shuttle-route")) == 4,
              "the map draws the shuttle route (4 roads between the 5 villages)")
        shot("compare-zh")

        # the Excel workbook's numbers equal yucun compare's
        job = json.loads(urllib.request.urlopen(base + "/api/jobs/" + driver.execute_script("return JOB.id")).read())
        files = [os.path.join(work, "ws", "cache", r["result"] + ".h5") for r in job["runs"]]
        href = driver.find_element(By.ID, "dl-xlsx").get_attribute("href")
        check("lang=zh" in href, "the Excel link follows the language")
        data = urllib.request.urlopen(href).read()
        xlsx = os.path.join(work, "comparison.xlsx")
        open(xlsx, "wb").write(data)
        wb = openpyxl.load_workbook(xlsx)
        check(wb.sheetnames == ["摘要", "分年度", "分年度差值", "分村", "政策设置", "对比数据"], f"sheets {wb.sheetnames}")
        sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "python"))
        from yucun.workbench.results import compare_arguments
        cli = []
        for per_year in (True, False):
            out = subprocess.run([yucun, "compare", *files, "--format", "json", *compare_arguments(per_year)],
                                 capture_output=True, text=True, check=True).stdout
            cli += json.loads(out)
        ws = wb["对比数据"]
        header = [c.value for c in ws[2]]
        rows = [dict(zip(header, [c.value for c in r])) for r in ws.iter_rows(min_row=3)]
        check(len(rows) == len(cli), f"the workbook holds every row of yucun compare ({len(rows)} of {len(cli)})")
        # An .xlsx cell holds 16 significant digits (openpyxl writes "%.16g"; Excel keeps 15-17).
        as_xlsx = (lambda x: None if x is None else float("%.16g" % x))
        mismatched = [(k, a[k], b[k]) for a, b in zip(rows, cli)
                      for k in ("mean", "ci_low", "ci_high", "diff", "diff_ci_low", "diff_ci_high", "pct_change")
                      if a[k] != as_xlsx(b[k])]
        mismatched += [(k, a[k], b[k]) for a, b in zip(rows, cli) for k in ("scenario", "indicator", "where", "period", "distinguishable")
                       if a[k] != b[k]]
        check(not mismatched, f"every number equals yucun compare's to 16 significant digits ({len(mismatched)} differ: {mismatched[:3]})")
        by_year = wb["分年度"]
        years = [c.value for c in by_year[1]][4:]
        row = next(r for r in by_year.iter_rows(min_row=2, values_only=True) if r[1] == "rural_income_per_capita" and r[3] == "shuttle-test")
        expected = [next(c["mean"] for c in cli if c["indicator"] == "rural_income_per_capita" and c["scenario"] == "shuttle-test"
                         and c["period"] == y and c["where"] == "area") for y in years]
        check(list(row[4:]) == [as_xlsx(x) for x in expected], f"the by-year sheet's income row equals yucun compare's per-year means ({years})")
        # the wide CSV by year, in Chinese, rounded for reading
        import csv as _csv
        import io as _io
        text = urllib.request.urlopen(driver.find_element(By.ID, "dl-year").get_attribute("href")).read().decode("utf-8-sig")
        table = list(_csv.reader(_io.StringIO(text)))
        row = next(r for r in table if r[1] == "rural_income_per_capita" and r[3] == "shuttle-test")
        check(table[0][:4] == ["指标", "代码", "单位", "情景"] and row[0] == "农村居民人均可支配收入" and
              [float(x) for x in row[4:4 + len(years)]] == [float(f"{x:.0f}") for x in expected],
              f"the by-year CSV: Chinese headers, one row per indicator and scenario, yuan rounded ({row[:6]})")
        settings = [r for r in wb["政策设置"].iter_rows(min_row=2, values_only=True) if r[0] == "shuttle-test"]
        check(any(r[2].startswith("车辆购置费") and r[3] == 6000000 for r in settings), "the settings sheet lists the vehicle cost")

        driver.find_element(By.ID, "lang").click()
        wait.until(lambda d: "workbench" in d.find_element(By.ID, "title").text)
        sentences = driver.find_elements(By.CSS_SELECTOR, '.summary[data-label="shuttle-test"] li')
        check(any("Rural per-capita income in 2027" in s.text for s in sentences), "the summary switches to English")
        shot("compare-en")
        tab("run")
        shot("run-en")
        tab("glossary")
        shot("glossary-en")
        driver.find_element(By.ID, "lang").click()
        shot("glossary-zh")
    finally:
        if driver:
            driver.quit()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)
    print(f"screenshots in {shots}")
    return check.exit_status("workbench")


if __name__ == "__main__":
    sys.exit(main())
