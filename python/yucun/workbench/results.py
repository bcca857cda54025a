"""A finished job's comparison: every number comes from `yucun compare` of its result
files (so the page, the Excel workbook and the CLI agree), put into plain-language
sentences in English and Chinese, a cost-effectiveness table, yearly series,
per-village values and the income distribution.
"""

import json
import subprocess


import h5py
import numpy as np

from .catalog import SUMMARY_INDICATORS, load_yaml

# The households' income by source: their sum is the change in all households' income.
INCOME_SOURCES = ["income_tea", "income_homestay", "income_wage", "income_business", "income_dividend",
                  "income_transfer", "income_remittance", "income_interest", "income_enterprise"]
PUBLIC_MONEY = ["policy_spending", "policy_revenue", "public_spending"]
ALL_INDICATORS = SUMMARY_INDICATORS + ["income_per_capita"] + INCOME_SOURCES + PUBLIC_MONEY
# The key indicators with a value for each village and township (`yucun table FILE --list`).
PLACE_INDICATORS = ["visitors", "overnight_share", "collective_income", "tea_income", "income_per_capita"]

CHANCE_EN = {"yes": "clear of chance variation", "no": "not distinguishable from chance variation",
             "n/a": "too few replicates to tell it from chance"}
CHANCE_ZH = {"yes": "差异超出随机波动，结果可信", "no": "与随机波动无法区分", "n/a": "重复模拟次数太少，无法判断是否超出随机波动"}


class CompareFailed(Exception):
    pass


def run_compare(executable, files, extra):
    proc = subprocess.run([executable, "compare", *files, "--format", "json", *extra],
                          capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        raise CompareFailed(proc.stderr.strip()[-2000:])
    return json.loads(proc.stdout)


def compare_arguments(per_year):
    """The `yucun compare` options behind the page's numbers (also printed in the workbook)."""
    if per_year:
        return ["--per-year", "--level", "area", "--indicator", *ALL_INDICATORS]
    return ["--level", "village", "--indicator", *PLACE_INDICATORS]


def _fmt(x, digits):
    return f"{x:,.{digits}f}"


def _digits(indicator, units):
    if units in ("1",) or "share" in indicator or indicator in ("gini", "urban_rural_ratio"):
        return 3
    if indicator == "visitor_spread":
        return 2
    return 0


def sentence(label, indicator, row, glossary, period_words):
    """One plain sentence on the change of `indicator` in `row` (a compare row of the policy)."""
    g = glossary.get(indicator, {})
    diff, pct, dist = row["diff"], row["pct_change"], row["distinguishable"] or "n/a"
    digits = _digits(indicator, row["units"])
    unit_en, unit_zh = g.get("unit_en", row["units"]), g.get("unit_zh", row["units"])
    if unit_en.startswith(("share", "index", "ratio")):
        unit_en = unit_zh = ""  # a share, an index or a ratio reads without its unit in a sentence
    if diff is None or not np.isfinite(diff):
        return {"indicator": indicator, "en": f"{g.get('en', indicator)}: no value.", "zh": f"{g.get('zh', indicator)}：无数据。",
                "distinguishable": "n/a"}
    higher = diff > 0
    pct_en = f" ({pct:+.1f}%)" if pct is not None and np.isfinite(pct) else ""
    pct_zh = f"（{pct:+.1f}%）" if pct is not None and np.isfinite(pct) else ""
    # A change that is clear of chance but rounds to zero is shown with more digits.
    while dist == "yes" and digits < 6 and diff != 0 and round(abs(diff), digits) == 0:
        digits += 1
    amount = _fmt(abs(diff), digits)
    if round(abs(diff), digits) == 0:
        en = f"{g.get('en', indicator)} {period_words[0]} is the same as in the baseline ({_fmt(row['mean'], digits)} {unit_en}); {CHANCE_EN[dist]}."
        zh = f"{period_words[1]}{g.get('zh', indicator)}与基准情景相同（{_fmt(row['mean'], digits)}{unit_zh}）；{CHANCE_ZH[dist]}。"
    else:
        en = (f"{g.get('en', indicator)} {period_words[0]} is {amount} {unit_en}{pct_en} {'higher' if higher else 'lower'} "
              f"than in the baseline ({_fmt(row['mean'], digits)} {unit_en} against {_fmt(row['mean'] - diff, digits)}); {CHANCE_EN[dist]}.")
        zh = (f"{period_words[1]}{g.get('zh', indicator)}比基准情景{'高' if higher else '低'}{amount}{unit_zh}{pct_zh}"
              f"（{_fmt(row['mean'], digits)}{unit_zh}，基准情景为{_fmt(row['mean'] - diff, digits)}{unit_zh}）；{CHANCE_ZH[dist]}。")
    en = en.replace("  ", " ").replace(" )", ")").replace(" ;", ";")
    return {"indicator": indicator, "en": en, "zh": zh, "distinguishable": dist}


def _period_words(period, first_year, last_year, total):
    if period == str(last_year) and first_year != last_year:
        return (f"in {last_year}", f"{last_year}年")
    if total:
        return (f"in total over {first_year}-{last_year}", f"{first_year}—{last_year}年合计")
    return (f"on average over {first_year}-{last_year}", f"{first_year}—{last_year}年平均")


def build(job, cache, executable, catalog, labels):
    files = [cache.result(r.key) for r in job.runs]
    period_rows = run_compare(executable, files, compare_arguments(per_year=True))
    place_rows = run_compare(executable, files, compare_arguments(per_year=False))
    by_file = {f: labels[i] for i, f in enumerate(files)}
    for r in period_rows + place_rows:
        r["label"] = by_file.get(r["file"], r["scenario"])
    whole = period_rows[0]["period"]
    periods = []
    for r in period_rows:
        if r["period"] not in periods:
            periods.append(r["period"])
    years = [p for p in periods if p != whole]
    first_year, last_year = int(years[0][:4]), int(years[-1][:4])
    glossary = catalog.glossary.get("indicators", {})

    def row(label, indicator, period, where="greater Yucun", rows=period_rows):
        for r in rows:
            if r["label"] == label and r["indicator"] == indicator and r["period"] == period and \
                    (r["where"] == where or where is None):
                return r
        return None

    area_where = period_rows[0]["where"]
    summaries, costs = [], []
    for label in labels[1:]:
        sentences = []
        for ind in SUMMARY_INDICATORS:
            total = row(labels[0], ind, whole, area_where) and row(labels[0], ind, whole, area_where)["summary"] == "total"
            period = whole if total else str(last_year)
            r = row(label, ind, period, area_where)
            if r is None:
                continue
            sentences.append(sentence(label, ind, r, glossary, _period_words(period, first_year, last_year, total)))
        summaries.append({"label": label, "sentences": sentences})
        costs.append(_cost_row(label, whole, str(last_year), area_where, row))
        costs[-1]["household_income"] = _household_income_change(files[0], files[labels.index(label)])
        costs[-1]["public_cost_per_yuan_of_income"] = cost_per_income(costs[-1])
    series = {}
    for ind in ALL_INDICATORS:
        series[ind] = {label: [row(label, ind, y, area_where) for y in years] for label in labels}
    villages = {ind: {label: {r["where"]: r for r in place_rows
                              if r["label"] == label and r["indicator"] == ind and r["where"] != area_where}
                      for label in labels}
                for ind in PLACE_INDICATORS}
    return {
        "labels": labels, "baseline": labels[0], "period": whole, "years": years,
        "first_year": first_year, "last_year": last_year, "area": area_where,
        "replicates": job.replicates,
        "summaries": summaries, "costs": costs, "series": series, "villages": villages,
        "distribution": _distribution(files, labels),
        "rows": {"per_year": period_rows, "places": place_rows},
        "compare_commands": [" ".join(["yucun compare", *[f"{lab}.h5" for lab in labels], "--format json",
                                       *compare_arguments(per_year)]) for per_year in (True, False)],
    }


def _cost_row(label, whole, last, area, row):
    """Net public cost over the period (capital costs are booked when paid) against what
    the policy changes: households' income (the sum of the income sources' changes),
    income per person in the last year, visits outside Yucun, Gini."""
    def diff(ind, period=whole):
        r = row(label, ind, period, area)
        return None if r is None else {"diff": r["diff"], "low": r["diff_ci_low"], "high": r["diff_ci_high"],
                                       "pct": r["pct_change"], "distinguishable": r["distinguishable"]}
    cost = diff("net_public_cost")
    return {
        "label": label,
        "net_public_cost": cost,
        "policy_spending": diff("policy_spending"),
        "policy_revenue": diff("policy_revenue"),
        "household_income": None,  # filled by _household_income_change
        "income_per_capita_last_year": diff("rural_income_per_capita", last),
        "visitors_outside_core_share": diff("visitors_outside_core_share"),
        "gini_last_year": diff("gini", last),
    }


def _household_income_change(baseline_file, policy_file):
    """All households' income over the whole run, policy less baseline: the sum of the
    income sources' yearly totals over villages and years, per replicate, and the paired
    95% interval of its mean difference (replicate r of both runs shares its random
    streams). In yuan. None when the files lack a source or differ in replicates."""
    import yucun

    def per_run(path):
        with h5py.File(path, "r") as h:
            total = None
            for source in INCOME_SOURCES:
                name = source + "_yearly"
                if name not in h:
                    return None
                x = np.asarray(h[name][...], dtype=np.float64)  # (run, year, village), fen
                x = x.reshape(x.shape[0], -1) if x.ndim == 3 else x.reshape(1, -1)
                total = x.sum(axis=1) if total is None else total + x.sum(axis=1)
            return total / 100.0
    try:
        a, b = per_run(baseline_file), per_run(policy_file)
    except (OSError, KeyError):
        return None
    if a is None or b is None or len(a) != len(b):
        return None
    diff, low, high, _ = yucun._engine().paired_interval(a.tolist(), b.tolist())
    return {"diff": diff, "low": low, "high": high,
            "pct": 100.0 * diff / float(np.mean(a)) if np.mean(a) else None,
            "distinguishable": "n/a" if not np.isfinite(low) else ("no" if low <= 0 <= high else "yes")}


def cost_per_income(cost):
    """Net public cost per yuan of households' income gained, where both are clear of chance
    and the income rises; None otherwise (a ratio of noise is not a figure)."""
    c, i = cost["net_public_cost"], cost["household_income"]
    if not c or not i or c["distinguishable"] != "yes" or i["distinguishable"] != "yes" or i["diff"] <= 0:
        return None
    return c["diff"] / i["diff"]


def _distribution(files, labels):
    """Mean per-capita income of each income decile in the last year, over replicates."""
    out = {}
    for f, label in zip(files, labels):
        try:
            with h5py.File(f, "r") as h:
                name = next((n for n in ("income_decile_per_capita_yearly", "income_decile_per_capita") if n in h), None)
                if name is None:
                    continue
                data = np.asarray(h[name][...], dtype=float)
        except (OSError, KeyError):
            continue
        # (run, year, decile) or (year, decile): the last year, averaged over runs
        last = data[..., -1, :] if data.ndim >= 2 else data
        last = last.reshape(-1, last.shape[-1])
        out[label] = [float(x) for x in np.nanmean(last, axis=0)]
    return out


DEFAULT_WINDOW = ("1900-01-01", "2199-12-31")  # a lever's start and end when not set: the whole run


def _policies(run):
    """The run's `policies:` section, parsed once (the resolved scenario is long)."""
    if getattr(run, "_policies", None) is None:
        resolved = load_yaml(run.resolved_yaml) or {}
        run._policies = (resolved.get("policies") or {}, resolved.get("description", ""))
    return run._policies


def settings(job, catalog, lang):
    """Each scenario's description and the levers it switches on, with every setting
    labelled in `lang`: what the policy is, next to what it does."""
    out = {}
    for run in job.runs:
        policies, description = _policies(run)
        levers = []
        for key, values in policies.items():
            if not values.get("enabled"):
                continue
            lever = catalog.lever(key) or {"en": key, "zh": key, "params": []}
            params = {p["key"]: p for p in lever["params"]}
            rows = []
            for k, v in values.items():
                if k == "enabled":
                    continue
                p = params.get(k, {})
                if k in ("start", "end") and str(v) in DEFAULT_WINDOW:
                    v = "—"
                elif isinstance(v, list):
                    v = ", ".join(_village_label(x, catalog, lang) if isinstance(x, str) else
                                  " ".join(f"{a}={_village_label(b, catalog, lang)}" for a, b in x.items())
                                  for x in v) or ("all" if lang == "en" else "全部")
                elif isinstance(v, float) and v.is_integer():
                    v = int(v)
                rows.append({"key": k, "label": p.get(lang, k), "unit": p.get(f"unit_{lang}", ""),
                             "value": v if isinstance(v, (int, float, bool)) else str(v)})
            levers.append({"key": key, "label": lever[lang], "settings": rows})
        if run.label == "baseline" and not levers:  # the built-in baseline, described in both languages
            description = catalog.glossary.get("ui", {}).get("baseline_description", {}).get(lang, description)
        out[run.label] = {"description": description, "levers": levers}
    return out


def _village_label(name, catalog, lang):
    if lang != "zh":
        return str(name)
    v = next((v for v in catalog.villages if v["name"] == name), None)
    return v["name_zh"] if v and v["name_zh"] else str(name)


def settings_rows(job, catalog, lang):
    """settings() as (lever, setting (unit), value) rows for the workbook."""
    out = {}
    for label, s in settings(job, catalog, lang).items():
        rows = [(lv["label"], r["label"] + (f" ({r['unit']})" if r["unit"] else ""), r["value"])
                for lv in s["levers"] for r in lv["settings"]]
        out[label] = rows or [("—", "—", "baseline: no lever switched on" if lang != "zh" else "基准情景：未启用政策措施")]
    return out


def overlays(job, catalog):
    """What each scenario draws on the map: its shuttle's roads and its greenway's links."""
    out = {}
    for run in job.runs:
        policies = _policies(run)[0]
        shuttle, greenway = [], []
        s = policies.get("shuttle") or {}
        if s.get("enabled"):
            listed = set(s.get("villages") or [])
            shuttle = [[r["from"], r["to"]] for r in catalog.roads
                       if ((r["from"] in listed and r["to"] in listed) if listed else r["shuttle"])]
        g = policies.get("greenway") or {}
        if g.get("enabled"):
            greenway = [[link.get("from"), link.get("to")] for link in g.get("links") or []]
        out[run.label] = {"shuttle": shuttle, "greenway": greenway}
    return out


CSV_COLUMNS = ["label", "scenario", "indicator", "where", "units", "period", "summary", "replicates", "mean", "ci_low",
               "ci_high", "diff", "diff_ci_low", "diff_ci_high", "pct_change", "distinguishable", "diff_method"]


def rows_csv(result):
    """yucun compare's rows (both calls) as CSV, with the workbench's scenario labels."""
    import csv
    import io
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for rows in (result["rows"]["per_year"], result["rows"]["places"]):
        w.writerows(rows)
    return out.getvalue()


def _rounded(indicator, x):
    """A value as a planner reads it: yuan and counts whole, shares and indices to 4 decimals."""
    if x is None:
        return ""
    digits = 4 if indicator in ("gini", "urban_rural_ratio", "visitors_outside_core_share", "overnight_share") else \
        2 if indicator == "visitor_spread" else 0
    return f"{x:.{digits}f}"


def wide_csv(result, catalog, kind, lang="en"):
    """The comparison as a wide table for a spreadsheet: `kind` "year" (a row per indicator
    and scenario, a column per year, then the differences from the baseline) or "village"
    (a column per village, whole-run values). Labels in `lang`; numbers rounded for reading
    (the exact numbers are in the full CSV and the workbook)."""
    import csv
    import io
    glossary = catalog.glossary.get("indicators", {})
    name = (lambda i: glossary.get(i, {}).get(lang, i))
    unit = (lambda i, fallback: glossary.get(i, {}).get(f"unit_{lang}", fallback))
    words = {"en": ("indicator", "code", "unit", "scenario", "value"), "zh": ("指标", "代码", "单位", "情景", "取值")}[lang]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    if kind == "year":
        years = result["years"]
        diff_word = "difference from the baseline" if lang == "en" else "与基准情景的差值"
        w.writerow([*words[:4], *years, *[f"{y} {diff_word}" for y in years]])
        for indicator, per_label in result["series"].items():
            for label, cells in per_label.items():
                if not any(cells):
                    continue
                first = next(c for c in cells if c)
                w.writerow([name(indicator), indicator, unit(indicator, first["units"]), label,
                            *[_rounded(indicator, c["mean"]) if c else "" for c in cells],
                            *[_rounded(indicator, c["diff"]) if c and label != result["baseline"] else "" for c in cells]])
    else:
        villages = catalog.villages
        w.writerow([*words[:4], *[(v["name_zh"] or v["name"]) if lang == "zh" else v["name"] for v in villages]])
        for indicator, per_label in result["villages"].items():
            for label, places in per_label.items():
                if not places:
                    continue
                first = next(iter(places.values()))
                w.writerow([name(indicator), indicator, f"{unit(indicator, first['units'])} ({result['period']})", label,
                            *[_rounded(indicator, places[v["name"]]["mean"]) if v["name"] in places else "" for v in villages]])
    return out.getvalue()
