#!/usr/bin/python3
"""The workbench's server is safe to leave running (docs/workbench.md, "Limits").

    /usr/bin/python3 tests/e2e/test_workbench_api.py <path-to-yucun> [--seconds S]

1. The job queue alone, with a stand-in `yucun` that sleeps: a full queue refuses
   (QueueFull), a cancelled run is stopped and leaves no result, and one result asked
   for by two jobs at once is run once.
2. `yucun serve --host 127.0.0.1 --token T`: every request without the token is
   refused (401); malformed requests get 4xx answers with messages, never a crash or
   a file opened from a path in the request (bad JSON, bodies over 64 KB, path names,
   NUL bytes, wrong types, too many scenarios or replicates, unknown jobs); a real run
   (2 replicates) is cached, so the same request again finishes at once.
3. Load: 20 clients on 127.0.0.1 for S seconds (default 15; the issue's figure is a
   minute: --seconds 60) fetch the page data, validate good and bad forms, submit the
   cached job, poll it and read its comparison; every response must be correct.
"""
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from harness import Checks  # noqa: E402

check = Checks()


def queue_checks(work):
    from yucun.workbench import jobs
    fake = os.path.join(work, "fake-yucun")
    with open(fake, "w") as f:
        # `fake run FILE --replicates N -o OUT ...`: sleeps as the scenario file says, then writes OUT
        f.write("#!/bin/sh\nout=$6\nsleep $(head -n 1 \"$2\")\necho $$ >> \"$(dirname \"$out\")/runs.log\"\n"
                "printf done > \"$out.part\" && mv \"$out.part\" \"$out\"\n")
    os.chmod(fake, os.stat(fake).st_mode | stat.S_IEXEC)
    cache = jobs.RunCache(os.path.join(work, "qcache"), "test")
    q = jobs.JobQueue(fake, cache, workers=1)

    def run(label, seconds):
        return jobs.RunItem(label=label, resolved_yaml=f"{seconds}\n# {label}\n", years=1)

    first = q.submit(2, [run("a", 2)])
    time.sleep(0.3)
    check(first.state == "running", "the first job runs at once")
    q.cancel(first.id)
    for _ in range(100):
        if first.state == "cancelled":
            break
        time.sleep(0.05)
    check(first.state == "cancelled", "a running job is cancelled")
    check(not cache.has(first.runs[0].key), "a cancelled run leaves no result")
    blocker = q.submit(2, [run("block", 3)])
    for _ in range(100):  # the worker takes it: the queue is empty again
        if blocker.state == "running":
            break
        time.sleep(0.05)
    waiting = [q.submit(2, [run(f"w{i}", 0)]) for i in range(jobs.MAX_QUEUED_JOBS)]
    try:
        q.submit(2, [run("over", 0)])
        check(False, "a full queue refuses a job")
    except jobs.QueueFull as e:
        check("waiting already" in str(e), f"a full queue refuses a job ({e})")
    q.cancel(blocker.id)
    for _ in range(200):
        if all(j.state == "finished" for j in waiting):
            break
        time.sleep(0.05)
    check(all(j.state == "finished" for j in waiting), "the queued jobs run once the queue moves")
    # one result asked for by two jobs at once runs once
    os.unlink(os.path.join(cache.directory, "runs.log"))
    q2 = jobs.JobQueue(fake, cache, workers=2)
    a, b = q2.submit(2, [run("same", 1)]), q2.submit(2, [run("same", 1)])
    for _ in range(100):
        if a.state == b.state == "finished":
            break
        time.sleep(0.05)
    runs = open(os.path.join(cache.directory, "runs.log")).read().split()
    check(a.state == b.state == "finished" and len(runs) == 1, f"two jobs asking for one result run it once ({len(runs)} runs)")


class Client:
    def __init__(self, base, token):
        self.base, self.token = base, token

    def request(self, method, path, body=None, token=True, raw=None, headers=None):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("X-Yucun-Token", self.token)
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                content = r.read()
                return r.status, content
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def json(self, method, path, body=None, **kw):
        status, content = self.request(method, path, body, **kw)
        try:
            return status, json.loads(content)
        except ValueError:
            return status, content


def server_checks(yucun, work, seconds):
    token = "test-token-123"
    server = subprocess.Popen([yucun, "serve", "--port", "0", "--host", "127.0.0.1", "--token", token,
                               "--workspace", os.path.join(work, "ws")],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = server.stdout.readline()
        check(f"?token={token}" in line, f"the address carries the token ({line.strip()})")
        base = line.split("open ", 1)[1].strip().split("?")[0].rstrip("/")
        c = Client(base, token)
        status, _ = c.request("GET", "/api/meta", token=False)
        check(status == 401, f"no token: refused ({status})")
        status, _ = c.request("GET", "/?token=wrong", token=False)
        check(status == 401, f"a wrong token: refused ({status})")
        status, _ = c.request("GET", f"/?token={token}", token=False)
        check(status == 200, "the page opens with the token in the address")
        status, meta = c.json("GET", "/api/meta")
        check(status == 200 and len(meta["villages"]) == 24 and len(meta["levers"]) == 12, "meta: 24 villages, 12 levers")

        # malformed requests
        cases = [
            ("POST", "/api/scenarios", None, b"{not json", 400, "bad JSON"),
            ("POST", "/api/validate", None, b"x" * (70 * 1024), 413, "a body over 64 KB"),
            ("POST", "/api/scenarios", [1, 2], None, 422, "a list instead of a form"),
            ("POST", "/api/scenarios", {"name": "../../etc/passwd", "levers": {}}, None, 422, "a path as a name"),
            ("POST", "/api/scenarios", {"name": "a\u0000b", "levers": {}}, None, 422, "a NUL in a name"),
            ("POST", "/api/scenarios", {"name": "ok-name", "levers": {"shuttle": {"enabled": True, "fare_yuan": {"x": 1}}}}, None, 422, "an object as a number"),
            ("POST", "/api/scenarios", {"name": "ok-name", "levers": {"nosuch": {"enabled": True}}}, None, 422, "an unknown lever"),
            ("POST", "/api/scenarios", {"name": "ok-name", "levers": {"shuttle": {"enabled": True, "villages": ["Atlantis"]}}}, None, 422, "an unknown village"),
            ("POST", "/api/scenarios", {"name": "ok-name", "levers": {"greenway": {"enabled": True, "links": [{"from": "Yucun"}] * 3}}}, None, 422, "incomplete greenway links"),
            ("GET", "/api/scenarios/..%2F..%2Fetc%2Fpasswd", None, None, 404, "a path in a scenario URL"),
            ("GET", "/api/scenarios/nosuch/yaml", None, None, 404, "an unknown scenario's YAML"),
            ("DELETE", "/api/scenarios/nosuch", None, None, 404, "deleting an unknown scenario"),
            ("POST", "/api/jobs", {"scenarios": [], "replicates": 4}, None, 422, "no scenario"),
            ("POST", "/api/jobs", {"scenarios": ["a", "b", "c", "d", "e", "f"], "replicates": 4}, None, 422, "six scenarios"),
            ("POST", "/api/jobs", {"scenarios": ["nosuch"], "replicates": 4}, None, 422, "an unknown scenario"),
            ("POST", "/api/jobs", {"scenarios": ["x"], "replicates": 17}, None, 422, "17 replicates"),
            ("POST", "/api/jobs", {"scenarios": ["x"], "replicates": True}, None, 422, "replicates: true"),
            ("POST", "/api/jobs", {"scenarios": "x", "replicates": 4}, None, 422, "scenarios as text"),
            ("GET", "/api/jobs/nosuch", None, None, 404, "an unknown job"),
            ("GET", "/api/jobs/" + "x" * 500, None, None, 404, "a long job id"),
            ("GET", "/api/jobs/nosuch/comparison.xlsx", None, None, 404, "an unknown job's workbook"),
            ("GET", "/static/../../../etc/passwd", None, None, 404, "a path out of the static folder"),
        ]
        for method, path, body, raw, expected, what in cases:
            status, answer = c.json(method, path, body, raw=raw)
            check(status == expected, f"{what}: {status} (expected {expected}) {str(answer)[:100]}")
        status, answer = c.json("POST", "/api/validate", {"name": "x", "levers": {"shuttle": {"enabled": True, "minutes_factor": "2"}}})
        check(status == 200 and any(e["field"] == "policies.shuttle.minutes_factor" and "between 0 and 1" in e["message_en"]
                                    for e in answer["errors"]), "validate: the engine's message on the field")
        check(server.poll() is None, "the server is still running after the malformed requests")

        # a real run is cached
        form = {"name": "fees-test", "description": "higher parking fee", "levers": {"fees": {"enabled": True, "parking_yuan": "20", "ticket_yuan": "-1"}}}
        status, answer = c.json("POST", "/api/scenarios", form)
        check(status == 200, f"a policy is saved ({answer})")
        status, job = c.json("POST", "/api/jobs", {"scenarios": ["fees-test"], "replicates": 2})
        check(status == 200 and job["state"] in ("queued", "running"), "a job starts")
        status, answer = c.json("GET", f"/api/jobs/{job['id']}/comparison")
        check(status == 409, f"an unfinished job's comparison: 409 ({status})")
        deadline = time.time() + 300
        while job["state"] in ("queued", "running") and time.time() < deadline:
            time.sleep(0.5)
            job = c.json("GET", f"/api/jobs/{job['id']}")[1]
        check(job["state"] == "finished", f"the job finishes ({job['state']} {job['error']})")
        t0 = time.time()
        status, again = c.json("POST", "/api/jobs", {"scenarios": ["fees-test"], "replicates": 2})
        check(status == 200 and again["state"] == "finished" and again["id"] == job["id"] and time.time() - t0 < 2,
              f"the same request again returns the finished job at once ({time.time() - t0:.2f} s)")
        # a new job runs only what the cache lacks (here: not the baseline); cancelled, it leaves nothing
        status, answer = c.json("POST", "/api/scenarios", {**form, "name": "fees-copy"})
        status, other = c.json("POST", "/api/jobs", {"scenarios": ["fees-copy"], "replicates": 2})
        check(status == 200 and [r["state"] for r in other["runs"]][0] == "cached",
              f"a new job takes the baseline from the cache ({[r['state'] for r in other['runs']]})")
        time.sleep(1)
        status, other = c.json("POST", f"/api/jobs/{other['id']}/cancel")
        while other["state"] in ("queued", "running"):
            time.sleep(0.2)
            other = c.json("GET", f"/api/jobs/{other['id']}")[1]
        check(other["state"] == "cancelled", f"the job is cancelled ({other['state']})")
        status, cmp = c.json("GET", f"/api/jobs/{again['id']}/comparison")
        check(status == 200 and cmp["labels"] == ["baseline", "fees-test"], "its comparison")
        leftovers = [f for f in os.listdir(os.path.join(work, "ws", "cache")) if ".part" in f]
        check(not leftovers, f"no temporary files left in the cache ({leftovers})")

        # load
        stop = time.time() + seconds
        counts, errors, latencies = {"ok": 0}, [], []
        lock = threading.Lock()

        def client(i):
            cl = Client(base, token)
            n = 0
            while time.time() < stop:
                n += 1
                t = time.time()
                step = (i + n) % 5
                if step == 0:
                    s, a = cl.json("GET", "/api/meta")
                    good = s == 200 and len(a["villages"]) == 24
                elif step == 1:
                    s, a = cl.json("POST", "/api/validate", {"name": f"c{i}", "levers": {"fees": {"enabled": True, "parking_yuan": "abc"}}})
                    good = s == 200 and a["errors"] and a["errors"][0]["field"] == "policies.fees.parking_yuan"
                elif step == 2:
                    s, a = cl.json("POST", "/api/jobs", {"scenarios": ["fees-test"], "replicates": 2})
                    good = s == 200 and a["state"] == "finished"
                    if good:
                        s, a = cl.json("GET", f"/api/jobs/{a['id']}")
                        good = s == 200 and a["progress"] == 1.0
                elif step == 3:
                    s, a = cl.json("GET", f"/api/jobs/{again['id']}/comparison")
                    good = s == 200 and a["summaries"][0]["label"] == "fees-test"
                else:
                    s, a = cl.json("POST", "/api/jobs", {"scenarios": ["../x"], "replicates": 2})
                    good = s == 422
                with lock:
                    latencies.append(time.time() - t)
                    if good:
                        counts["ok"] += 1
                    else:
                        errors.append((step, s, str(a)[:200]))

        threads = [threading.Thread(target=client, args=(i,)) for i in range(20)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        latencies.sort()
        median = latencies[len(latencies) // 2] if latencies else float("nan")
        print(f"  load: 20 clients for {seconds} s: {counts['ok']} correct responses, {len(errors)} wrong; "
              f"median latency {median * 1000:.0f} ms, slowest {latencies[-1] * 1000:.0f} ms")
        check(not errors and counts["ok"] > 100, f"every response under load is correct ({errors[:3]})")
        check(server.poll() is None, "the server is still running after the load")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def main():
    yucun = os.path.abspath(sys.argv[1])
    seconds = int(sys.argv[sys.argv.index("--seconds") + 1]) if "--seconds" in sys.argv else 15
    work = tempfile.mkdtemp(prefix="yucun-workbench-api-")
    try:
        queue_checks(work)
        server_checks(yucun, work, seconds)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return check.exit_status("workbench server")


if __name__ == "__main__":
    sys.exit(main())
