"""The comparison as one self-contained HTML file: the workbench's own page (its
script, styles, Leaflet and Chart.js inlined; the data embedded) opened on the
comparison, with each policy's settings, the glossary, and the Excel, CSV and YAML
downloads inside it. It works offline and from a file:// address.

`yucun report SCENARIO.yaml... [--replicates N] -o report.html` (this module's main)
runs what the workspace's cache lacks, exactly as the workbench would, and writes it.
"""

import argparse
import base64
import json
import os
import sys
import time

STATIC = os.path.join(os.path.dirname(__file__), "static")
VENDOR = {"leaflet": "/usr/share/javascript/leaflet", "chartjs": "/usr/share/javascript/chart.js"}

MIME_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def _data_uri(mime, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _script_text(text):
    # Inside <script>, "</" must not close the element early.
    return text.replace("</", "<\\/")


def render(meta, comparison, downloads, lang="en"):
    """The page with everything inlined. `comparison` is what /api/jobs/ID/comparison gives;
    `downloads` {"xlsx_en", "xlsx_zh", "csv", "yaml": {label: text}} as bytes or text."""
    page = _read(os.path.join(STATIC, "index.html"))
    leaflet = os.path.join(VENDOR["leaflet"], "leaflet.js")
    chart = os.path.join(VENDOR["chartjs"], "chart.min.js")
    replacements = {
        '<link rel="stylesheet" href="/vendor/leaflet/leaflet.css">':
            f"<style>{_read(os.path.join(VENDOR['leaflet'], 'leaflet.css'))}</style>",
        '<link rel="stylesheet" href="/static/app.css">': f"<style>{_read(os.path.join(STATIC, 'app.css'))}</style>",
        '<script src="/vendor/leaflet/leaflet.js"></script>': f"<script>{_script_text(_read(leaflet))}</script>",
        '<script src="/vendor/chartjs/chart.min.js"></script>': f"<script>{_script_text(_read(chart))}</script>",
    }
    for old, new in replacements.items():
        if old not in page:
            raise RuntimeError(f"index.html lacks {old!r}: the report cannot inline it")
        page = page.replace(old, new)
    embedded = {
        "lang": lang,
        "meta": meta,
        "comparison": comparison,
        "downloads": {
            "xlsx_en": _data_uri(MIME_XLSX, downloads["xlsx_en"]),
            "xlsx_zh": _data_uri(MIME_XLSX, downloads["xlsx_zh"]),
            "csv": _data_uri("text/csv", downloads["csv"]),
            **{f"{kind}_{lang}": _data_uri("text/csv", "\ufeff" + downloads[f"{kind}_{lang}"])
               for kind in ("year", "village") for lang in ("en", "zh")},
            "yaml": {label: _data_uri("application/x-yaml", text) for label, text in downloads["yaml"].items()},
        },
        "created": time.strftime("%Y-%m-%d %H:%M"),
    }
    data = _script_text(json.dumps(embedded, ensure_ascii=False, allow_nan=False, default=str))
    app = _script_text(_read(os.path.join(STATIC, "app.js")))
    page = page.replace('<script src="/static/app.js"></script>',
                        f"<script>window.YUCUN_STATIC = {data};</script>\n<script>{app}</script>")
    return page


def _finite(x):
    """JSON has no NaN: the comparison's NaN (a value that does not exist) becomes null."""
    if isinstance(x, float):
        return x if x == x and x not in (float("inf"), float("-inf")) else None
    if isinstance(x, dict):
        return {k: _finite(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_finite(v) for v in x]
    return x


def public_comparison(job, result, catalog):
    """What the page draws of a finished job: the comparison without compare's raw rows,
    with each scenario's map overlays and settings in both languages (NaN as null)."""
    from . import results
    return _finite({**{k: v for k, v in result.items() if k != "rows"}, "job": job.id,
                    "overlays": results.overlays(job, catalog),
                    "settings": {lang: results.settings(job, catalog, lang) for lang in ("en", "zh")}})


def downloads_of(job, result, catalog, yamls):
    """The files a report carries: both workbooks, the full CSV, the wide CSVs in both
    languages, and each policy's YAML (`yamls`: {label: text})."""
    from . import excel, results
    return {**{f"xlsx_{lang}": excel.workbook(result, catalog, results.settings_rows(job, catalog, lang), lang)
               for lang in ("en", "zh")},
            "csv": results.rows_csv(result), "yaml": yamls,
            **{f"{kind}_{lang}": results.wide_csv(result, catalog, kind, lang)
               for kind in ("year", "village") for lang in ("en", "zh")}}


def main(argv=None):
    p = argparse.ArgumentParser(prog="yucun report", description=(
        "Run policy scenarios against the baseline (what the workspace has not run yet) and write the "
        "planner's report: one HTML file that works offline, in Chinese and English."))
    p.add_argument("scenarios", nargs="+", help="policy scenario files (YAML)")
    p.add_argument("-o", "--output", required=True, help="the report (.html)")
    p.add_argument("--replicates", type=int, default=4, help="replicates of each scenario (default 4; 2-16)")
    p.add_argument("--baseline", default="@baseline", help="the scenario the others are compared with (default @baseline)")
    p.add_argument("--workspace", default="yucun-workspace",
                   help="folder of cached results, shared with yucun serve (default ./yucun-workspace)")
    p.add_argument("--lang", choices=["en", "zh"], default="en", help="language the report opens in (default en)")
    p.add_argument("--threads", type=int, default=0, help="threads per run (default: all cores)")
    p.add_argument("--force", action="store_true", help="overwrite an existing report")
    p.add_argument("--yucun", default=None, help="the yucun executable (default: the one built with the module)")
    args = p.parse_args(argv)

    from . import jobs, results
    from .catalog import Catalog
    import yucun

    def fail(message, code=2):
        print(f"error: {message}", file=sys.stderr)
        return code

    if not 2 <= args.replicates <= jobs.MAX_REPLICATES:
        return fail(f"--replicates: expected 2 to {jobs.MAX_REPLICATES}, got {args.replicates}")
    if len(args.scenarios) > jobs.MAX_SCENARIOS_PER_JOB - 1:
        return fail(f"at most {jobs.MAX_SCENARIOS_PER_JOB - 1} scenarios besides the baseline in one report")
    out = os.path.abspath(args.output)
    inputs = {os.path.abspath(s) for s in args.scenarios + [args.baseline]}
    if out in inputs:
        return fail(f"-o {args.output} is one of the scenario files")
    if os.path.lexists(out) and not args.force:
        return fail(f"{args.output} exists: give --force to overwrite it")
    if os.path.lexists(out) and not os.path.isfile(out):
        return fail(f"{args.output} is not a regular file")
    engine = yucun._engine()
    executable = args.yucun or yucun.executable()
    runs, texts = [], {}
    for i, path in enumerate([args.baseline, *args.scenarios]):
        try:
            s = engine.load_scenario(path, [])
        except ValueError as e:
            return fail(str(e))
        label = "baseline" if i == 0 else s.name
        if label in texts:
            return fail(f"two scenarios are named '{label}': give each its own `name:`")
        texts[label] = _read(path) if path != "@baseline" else s.to_yaml()
        runs.append(jobs.RunItem(label=label, resolved_yaml=s.to_yaml(), years=s.years))
    catalog = Catalog(engine)
    cache = jobs.RunCache(os.path.join(os.path.abspath(args.workspace), "cache"), engine.__version__)
    queue = jobs.JobQueue(executable, cache, workers=1, threads_per_run=args.threads)
    job = queue.submit(args.replicates, runs)
    cached = sum(r.state == "cached" for r in job.runs)
    print(f"report: {len(runs)} scenarios x {args.replicates} replicates ({cached} from the cache in {cache.directory})",
          file=sys.stderr)
    last = ""
    try:
        while job.state in ("queued", "running"):
            time.sleep(0.3)
            now = " ".join(f"{r.label}:{r.state}" for r in job.runs)
            if now != last:
                print(f"  {now}", file=sys.stderr)
                last = now
    except KeyboardInterrupt:
        queue.cancel(job.id)
        while job.state in ("queued", "running"):
            time.sleep(0.1)
        return fail("interrupted; no report written", 1)
    if job.state != "finished":
        return fail(f"the runs {job.state}: {job.error}", 1)
    labels = [r.label for r in runs]
    result = results.build(job, cache, executable, catalog, labels)
    comparison = {**public_comparison(job, result, catalog), "job": None}
    downloads = downloads_of(job, result, catalog, {label: texts[label] for label in labels[1:]})
    html = render(catalog.meta(engine.__version__), comparison, downloads, args.lang)
    part = f"{out}.part-{os.getpid()}"
    try:
        with open(part, "w", encoding="utf-8") as f:
            f.write(html)
        os.replace(part, out)
    except OSError as e:
        if os.path.exists(part):
            os.unlink(part)
        return fail(f"writing {args.output}: {e.strerror}", 1)
    print(f"wrote {args.output} ({len(html) / 1e6:.1f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
