"""The comparison as an Excel workbook (.xlsx, openpyxl): a summary sheet, wide tables
by year and by village, each policy's settings, and `yucun compare`'s rows as they
came (the same numbers, unrounded: the workbook's cells equal the CLI's output)."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .results import CSV_COLUMNS

HEAD = Font(bold=True)
FILL = PatternFill("solid", fgColor="DDE8F0")

WORDS = {
    "summary": ("Summary", "摘要"), "by_year": ("By year", "分年度"), "diff_by_year": ("Difference by year", "分年度差值"),
    "by_village": ("By village", "分村"), "settings": ("Settings", "政策设置"), "compare": ("yucun compare", "对比数据"),
    "indicator": ("Indicator", "指标"), "unit": ("Unit", "单位"), "scenario": ("Scenario", "情景"),
    "policy": ("Policy", "政策情景"),
    "net_public_cost": ("Net public cost, change over the period (yuan, capital costs included)", "财政净支出变化（全时段合计，元，含建设购置费用）"),
    "household_income": ("Households' income, change over the period (yuan, sum of the sources)", "农户总收入变化（全时段合计，元，各来源之和）"),
    "income_pc": ("Rural income per person, change in the last year (yuan)", "末年农村居民人均收入变化（元）"),
    "outside": ("Share of visits outside Yucun, change", "余村以外游客占比变化"),
    "gini": ("Gini coefficient, change in the last year", "末年基尼系数变化"),
    "ratio": ("Net public cost per yuan of households' income gained", "每增加1元农户收入的财政净支出（元）"),
    "title": ("Policy comparison (yucun workbench)", "政策情景对比（yucun 工作台）"),
    "note": ("Means over {n} paired replicates; differences from the baseline with 95% intervals. Money in yuan.",
             "{n}次配对重复模拟的平均值；与基准情景的差值及95%区间。货币单位：元。"),
    "setting": ("Setting", "设置项"), "value": ("Value", "取值"), "lever": ("Lever", "政策措施"),
}


def _w(key, lang):
    return WORDS[key][1 if lang == "zh" else 0]


def _header(ws, row, values):
    for j, v in enumerate(values, 1):
        c = ws.cell(row=row, column=j, value=v)
        c.font, c.fill = HEAD, FILL


def _autosize(ws, widest=60):
    for col in ws.columns:
        width = max((len(str(c.value)) if c.value is not None else 0) for c in col)
        ws.column_dimensions[get_column_letter(col[0].column)].width = min(widest, max(10, width + 2))


def workbook(result, catalog, settings, lang="en"):
    """`settings`: {label: [(lever label, setting label, value), ...]}. Returns .xlsx bytes."""
    ind = catalog.glossary.get("indicators", {})
    name = (lambda i: ind.get(i, {}).get("zh" if lang == "zh" else "en", i))
    unit = (lambda i, fallback: ind.get(i, {}).get("unit_zh" if lang == "zh" else "unit_en", fallback))
    wb = Workbook()

    ws = wb.active
    ws.title = _w("summary", lang)
    ws.cell(row=1, column=1, value=_w("title", lang)).font = Font(bold=True, size=14)
    ws.cell(row=2, column=1, value=_w("note", lang).format(n=result["replicates"]))
    r = 4
    for s in result["summaries"]:
        ws.cell(row=r, column=1, value=s["label"]).font = HEAD
        r += 1
        for sen in s["sentences"]:
            ws.cell(row=r, column=1, value=sen["zh" if lang == "zh" else "en"])
            r += 1
        r += 1
    _header(ws, r, [_w("policy", lang), _w("net_public_cost", lang), _w("household_income", lang), _w("income_pc", lang),
                    _w("outside", lang), _w("gini", lang), _w("ratio", lang)])
    for c in result["costs"]:
        r += 1
        cells = [c["label"],
                 c["net_public_cost"]["diff"] if c["net_public_cost"] else None,
                 c["household_income"]["diff"] if c["household_income"] else None,
                 c["income_per_capita_last_year"]["diff"] if c["income_per_capita_last_year"] else None,
                 c["visitors_outside_core_share"]["diff"] if c["visitors_outside_core_share"] else None,
                 c["gini_last_year"]["diff"] if c["gini_last_year"] else None,
                 c["public_cost_per_yuan_of_income"]]
        for j, v in enumerate(cells, 1):
            ws.cell(row=r, column=j, value=v)
    ws.column_dimensions["A"].width = 30
    for col in "BCDEFG":
        ws.column_dimensions[col].width = 24

    years = result["years"]
    for sheet, field in (("by_year", "mean"), ("diff_by_year", "diff")):
        ws = wb.create_sheet(_w(sheet, lang))
        _header(ws, 1, [_w("indicator", lang), "code", _w("unit", lang), _w("scenario", lang), *years])
        r = 1
        for indicator, per_label in result["series"].items():
            for label, cells in per_label.items():
                if field == "diff" and label == result["baseline"]:
                    continue
                if not any(cells):
                    continue
                r += 1
                first = next(c for c in cells if c)
                ws.cell(row=r, column=1, value=name(indicator))
                ws.cell(row=r, column=2, value=indicator)
                ws.cell(row=r, column=3, value=unit(indicator, first["units"]))
                ws.cell(row=r, column=4, value=label)
                for j, c in enumerate(cells):
                    ws.cell(row=r, column=5 + j, value=None if c is None else c[field])
        _autosize(ws)

    ws = wb.create_sheet(_w("by_village", lang))
    villages = [v["name"] for v in catalog.villages]
    zh_of = {v["name"]: v["name_zh"] or v["name"] for v in catalog.villages}
    _header(ws, 1, [_w("indicator", lang), "code", _w("unit", lang), _w("scenario", lang),
                    *[zh_of[v] if lang == "zh" else v for v in villages]])
    r = 1
    for indicator, per_label in result["villages"].items():
        for label, places in per_label.items():
            cells = [places.get(v) for v in villages]
            if not any(cells):
                continue
            r += 1
            first = next(c for c in cells if c)
            ws.cell(row=r, column=1, value=name(indicator))
            ws.cell(row=r, column=2, value=indicator)
            ws.cell(row=r, column=3, value=unit(indicator, first["units"]) + f" ({result['period']})")
            ws.cell(row=r, column=4, value=label)
            for j, c in enumerate(cells):
                ws.cell(row=r, column=5 + j, value=None if c is None else c["mean"])
    _autosize(ws, 24)

    ws = wb.create_sheet(_w("settings", lang))
    _header(ws, 1, [_w("scenario", lang), _w("lever", lang), _w("setting", lang), _w("value", lang)])
    r = 1
    for label, rows in settings.items():
        for lever, setting, value in rows:
            r += 1
            for j, v in enumerate((label, lever, setting, value), 1):
                ws.cell(row=r, column=j, value=v).alignment = Alignment(wrap_text=False)
    _autosize(ws)

    ws = wb.create_sheet(_w("compare", lang))
    cols = CSV_COLUMNS  # the full CSV's columns: the workbook's sheet holds the same rows
    ws.cell(row=1, column=1, value=" | ".join(result["compare_commands"]))
    _header(ws, 2, cols)
    r = 2
    for rows in (result["rows"]["per_year"], result["rows"]["places"]):
        for row in rows:
            r += 1
            for j, k in enumerate(cols, 1):
                ws.cell(row=r, column=j, value=row.get(k))
    _autosize(ws, 30)

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
