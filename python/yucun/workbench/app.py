"""The workbench's web application (FastAPI): the page, its data, saved scenarios,
background runs and their comparison, and the downloads.

Safe to leave running: request bodies are limited in size; a job has at most
MAX_SCENARIOS_PER_JOB scenarios and MAX_REPLICATES replicates; jobs wait in a bounded
queue for a fixed number of workers; scenario names are checked against the
workspace's own listing and no path sent by the browser is ever opened; every input is
validated on the server. Bound to a non-loopback address, every request needs the
access token printed at start-up.
"""

import hmac
import os
import threading

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles

from . import excel, jobs, report, results
from .catalog import Catalog
from .scenario_forms import NAME_RE, FormError, Workspace

from .report import STATIC, VENDOR
MAX_BODY = 64 * 1024
BASELINE = "baseline"


class BodyLimit:
    """ASGI middleware: refuses request bodies over MAX_BODY bytes (declared or sent)."""

    def __init__(self, app, limit=MAX_BODY):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            return await _plain(send, 413, "request body too large")
        seen = 0

        async def limited():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise HTTPException(413, "request body too large")
            return message

        return await self.app(scope, limited, send)


class TokenCheck:
    """ASGI middleware: with a token set, the page and the API need it (query `token`
    or header X-Yucun-Token); the page's own scripts and styles do not."""

    def __init__(self, app, token):
        self.app, self.token = app, token

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not self.token or scope["path"].startswith(("/static/", "/vendor/")):
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        given = headers.get(b"x-yucun-token", b"").decode("latin-1")
        if not given:
            for part in scope.get("query_string", b"").decode("latin-1").split("&"):
                if part.startswith("token="):
                    given = part[6:]
        if not hmac.compare_digest(given, self.token):
            return await _plain(send, 401, "this workbench needs its access token: open the address yucun serve printed")
        return await self.app(scope, receive, send)


async def _plain(send, status, text):
    body = text.encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def create_app(workspace, executable=None, workers=1, threads_per_run=0, token=""):
    import yucun
    engine = yucun._engine()
    executable = executable or yucun.executable()
    version = engine.__version__
    os.makedirs(workspace, exist_ok=True)
    catalog = Catalog(engine)
    store = Workspace(workspace, engine, catalog)
    cache = jobs.RunCache(os.path.join(workspace, "cache"), version)
    queue = jobs.JobQueue(executable, cache, workers=workers, threads_per_run=threads_per_run)
    compare_lock = threading.Lock()

    app = FastAPI(title="yucun workbench", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.queue = queue
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for name, folder in VENDOR.items():
        if os.path.isdir(folder):
            app.mount(f"/vendor/{name}", StaticFiles(directory=folder), name=name)

    def error(status, en, zh, field=""):
        return JSONResponse({"errors": [{"field": field, "message_en": en, "message_zh": zh}]}, status_code=status)

    @app.get("/", response_class=HTMLResponse)
    def page():
        return FileResponse(os.path.join(STATIC, "index.html"), media_type="text/html")

    @app.get("/api/meta")
    def meta():
        return catalog.meta(version)

    @app.get("/api/scenarios")
    def scenarios():
        out = []
        for name in store.names():
            try:
                form = store.form(name)
            except ValueError as e:  # a file edited by hand into something the engine refuses
                out.append({"name": name, "description": "", "levers": [], "error": str(e)[:500]})
                continue
            on = [k for k, v in form["levers"].items() if v.get("enabled")]
            out.append({"name": name, "description": form["description"], "levers": on})
        return out

    @app.get("/api/scenarios/{name}")
    def scenario(name: str):
        if not NAME_RE.fullmatch(name) or name not in store.names():
            return error(404, f"no saved scenario '{name[:40]}'", f"没有名为“{name[:40]}”的情景")
        try:
            return store.form(name)
        except ValueError as e:
            return error(422, str(e)[:2000], "情景文件有误（见英文说明）")

    @app.get("/api/scenarios/{name}/yaml")
    def scenario_yaml(name: str):
        if not NAME_RE.fullmatch(name) or name not in store.names():
            return error(404, f"no saved scenario '{name[:40]}'", f"没有名为“{name[:40]}”的情景")
        return PlainTextResponse(store.text(name), media_type="application/x-yaml",
                                 headers={"Content-Disposition": f"attachment; filename*=UTF-8''{_quote(name)}.yaml"})

    @app.delete("/api/scenarios/{name}")
    def delete_scenario(name: str):
        if not NAME_RE.fullmatch(name) or not store.delete(name):
            return error(404, f"no saved scenario '{name[:40]}'", f"没有名为“{name[:40]}”的情景")
        return {"deleted": name}

    @app.post("/api/scenarios")
    async def save(request: Request):
        form = await _json(request)
        try:
            name, scenario = store.save(form)
        except FormError as e:
            return JSONResponse({"errors": e.errors}, status_code=422)
        return {"name": name, "warnings": scenario.warnings()}

    @app.post("/api/validate")
    async def validate(request: Request):
        form = await _json(request)
        _, text, scenario, errs = store.check(form)
        return {"errors": errs, "yaml": "" if errs else text, "warnings": scenario.warnings() if scenario else []}

    @app.post("/api/jobs")
    async def submit(request: Request):
        body = await _json(request)
        names = body.get("scenarios") if isinstance(body, dict) else None
        replicates = body.get("replicates", 4) if isinstance(body, dict) else None
        if not isinstance(names, list) or not 1 <= len(names) <= jobs.MAX_SCENARIOS_PER_JOB - 1 or \
                len(set(map(str, names))) != len(names):
            return error(422, f"choose 1 to {jobs.MAX_SCENARIOS_PER_JOB - 1} different saved scenarios to compare with the baseline",
                         f"请选择1至{jobs.MAX_SCENARIOS_PER_JOB - 1}个不同的已保存情景与基准情景对比", "scenarios")
        if not isinstance(replicates, int) or isinstance(replicates, bool) or not 2 <= replicates <= jobs.MAX_REPLICATES:
            return error(422, f"replicates: expected a whole number from 2 to {jobs.MAX_REPLICATES}",
                         f"重复模拟次数应为2至{jobs.MAX_REPLICATES}之间的整数", "replicates")
        runs = []
        for name in [BASELINE, *names]:
            if name == BASELINE:
                s = catalog.baseline
            else:
                if not isinstance(name, str) or not NAME_RE.fullmatch(name) or name not in store.names():
                    return error(422, f"no saved scenario '{str(name)[:40]}'", f"没有名为“{str(name)[:40]}”的情景", "scenarios")
                try:
                    s = engine.load_scenario(store.path(name), [])
                except ValueError as e:
                    return error(422, f"{name}: {str(e)[:1500]}", f"情景“{name}”有误（见英文说明）", "scenarios")
            runs.append(jobs.RunItem(label=name, resolved_yaml=s.to_yaml(), years=s.years))
        try:
            job = queue.submit(replicates, runs)
        except jobs.QueueFull as e:
            return error(503, str(e), "等待运行的任务已满，请稍后再试")
        return job.public()

    def find(job_id):
        job = queue.get(job_id) if isinstance(job_id, str) and len(job_id) < 64 else None
        if job is None:
            raise HTTPException(404, "no such job")
        return job

    @app.get("/api/jobs/{job_id}")
    def job_status(job_id: str):
        return find(job_id).public()

    @app.post("/api/jobs/{job_id}/cancel")
    def cancel(job_id: str):
        find(job_id)
        return queue.cancel(job_id).public()

    def comparison(job_id):
        job = find(job_id)
        if job.state != "finished":
            raise HTTPException(409, f"the job is {job.state}, not finished")
        with compare_lock:
            if job.comparison is None:
                try:
                    job.comparison = results.build(job, cache, executable, catalog, [r.label for r in job.runs])
                except results.CompareFailed as e:
                    raise HTTPException(500, f"yucun compare failed: {e}")
            return job, job.comparison

    @app.get("/api/jobs/{job_id}/comparison")
    def job_comparison(job_id: str):
        job, result = comparison(job_id)
        with compare_lock:  # built once per job: the page, its polls and the report ask again and again
            if getattr(job, "public_comparison", None) is None:
                job.public_comparison = report.public_comparison(job, result, catalog)
            return job.public_comparison

    @app.get("/api/jobs/{job_id}/comparison.xlsx")
    def download_xlsx(job_id: str, lang: str = "en"):
        lang = "zh" if lang == "zh" else "en"
        job, result = comparison(job_id)
        data = excel.workbook(result, catalog, results.settings_rows(job, catalog, lang), lang)
        return Response(data, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f"attachment; filename=yucun-comparison-{lang}.xlsx"})

    @app.get("/api/jobs/{job_id}/comparison.csv")
    def download_csv(job_id: str):
        _, result = comparison(job_id)
        return Response(results.rows_csv(result).encode("utf-8-sig"), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": "attachment; filename=yucun-comparison.csv"})

    @app.get("/api/jobs/{job_id}/by-{kind}.csv")
    def download_wide(job_id: str, kind: str, lang: str = "en"):
        if kind not in ("year", "village"):
            raise HTTPException(404, "by-year.csv or by-village.csv")
        lang = "zh" if lang == "zh" else "en"
        _, result = comparison(job_id)
        text = results.wide_csv(result, catalog, kind, lang)
        return Response(text.encode("utf-8-sig"), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f"attachment; filename=yucun-by-{kind}-{lang}.csv"})

    @app.get("/api/jobs/{job_id}/report.html")
    def download_report(job_id: str, lang: str = "en"):
        lang = "zh" if lang == "zh" else "en"
        job, result = comparison(job_id)
        public = {**job_comparison(job_id), "job": None}
        yamls = {label: (store.text(label) or "") for label in [r.label for r in job.runs][1:]}
        downloads = report.downloads_of(job, result, catalog, yamls)
        html = report.render(catalog.meta(version), public, downloads, lang)
        return Response(html.encode("utf-8"), media_type="text/html; charset=utf-8",
                        headers={"Content-Disposition": f"attachment; filename=yucun-report-{lang}.html"})

    return app


async def _json(request):
    import json
    try:
        body = await request.body()
        return json.loads(body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise HTTPException(400, "the request body is not JSON")


def _quote(name):
    from urllib.parse import quote
    return quote(name, safe="")


def wrap(app, token):
    """The app with its request-size limit and, when set, the token check."""
    return BodyLimit(TokenCheck(app, token))
