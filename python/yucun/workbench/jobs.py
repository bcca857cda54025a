"""Runs in the background: a bounded queue, a fixed number of worker threads, and a
cache of result files keyed by what decides them.

A job runs a baseline and up to a few policy scenarios with the same replicates.
Each scenario is run as `yucun run RESOLVED.yaml --replicates N -o KEY.h5`, where
RESOLVED.yaml is the scenario as the engine resolved it (`yucun show`) and KEY is a
hash of that text, the replicate count and the engine's version: the seed is in the
text, so the same request gives the same key and a second request for it is served
from the cache at once. Replicate r of every scenario uses the same random streams
(the seed and r), so the comparison is paired.

Why processes and not the in-process engine: a run can then be cancelled (the
process is stopped), and a crash or an out-of-memory run cannot take the server down.
"""

import hashlib
import itertools
import os
import queue
import subprocess
import threading
import time
from dataclasses import dataclass, field

# Bounds that keep the server safe to leave running (docs/workbench.md).
MAX_QUEUED_JOBS = 32
MAX_KEPT_JOBS = 200
MAX_SCENARIOS_PER_JOB = 6
MAX_REPLICATES = 16


class QueueFull(Exception):
    pass


@dataclass
class RunItem:
    label: str            # the scenario's name in the workspace ("baseline" for the built-in one)
    resolved_yaml: str    # what the engine resolved: the text that is run and hashed
    years: int
    key: str = ""
    state: str = "queued"  # queued, running, done, cached, failed, cancelled
    seconds: float = 0.0


@dataclass
class Job:
    id: str
    replicates: int
    runs: list
    state: str = "queued"  # queued, running, finished, failed, cancelled
    error: str = ""
    created: float = field(default_factory=time.time)
    started: float = 0.0
    finished: float = 0.0
    cancel: threading.Event = field(default_factory=threading.Event)
    # the run in progress: when it started and how long it is expected to take
    current_start: float = 0.0
    current_expected: float = 1.0
    comparison: object = None  # filled by results.py when first asked for
    signature: tuple = ()      # (replicates, ((label, result key), ...)): what was asked for

    def progress(self):
        """Share of the job done: finished runs, plus the running one's share by elapsed
        over expected time (capped below 1: it is an estimate)."""
        if self.state == "finished":
            return 1.0
        done = sum(1 for r in self.runs if r.state in ("done", "cached"))
        part = 0.0
        if any(r.state == "running" for r in self.runs):
            part = min(0.95, (time.time() - self.current_start) / max(self.current_expected, 0.1))
        return (done + part) / len(self.runs)

    def public(self):
        return {
            "id": self.id,
            "state": self.state,
            "error": self.error,
            "replicates": self.replicates,
            "progress": round(self.progress(), 3),
            "runs": [{"label": r.label, "state": r.state, "seconds": round(r.seconds, 2), "result": r.key}
                     for r in self.runs],
            "elapsed": round((self.finished or time.time()) - self.started, 1) if self.started else 0.0,
        }


class RunCache:
    """Result files under WORKSPACE/cache, named by the hash of what decides them."""

    def __init__(self, directory, version):
        self.directory = directory
        self.version = version
        os.makedirs(directory, exist_ok=True)

    def key(self, resolved_yaml, replicates):
        h = hashlib.sha256()
        h.update(f"yucun {self.version}\nreplicates {replicates}\n".encode())
        h.update(resolved_yaml.encode())
        return h.hexdigest()[:32]

    def result(self, key):
        return os.path.join(self.directory, key + ".h5")

    def scenario(self, key):
        return os.path.join(self.directory, key + ".yaml")

    def spin_ups(self):
        """Spin-ups shared by the baseline and every policy of the same world, seed
        and replicate (yucun run --spin-up-cache): computed once, then read."""
        return os.path.join(self.directory, "spin-ups")

    def has(self, key):
        return os.path.isfile(self.result(key))


class JobQueue:
    """A fixed number of worker threads taking jobs in order from a bounded queue."""

    def __init__(self, executable, cache, workers=1, threads_per_run=0):
        self.executable = executable
        self.cache = cache
        self.threads_per_run = threads_per_run
        self._queue = queue.Queue(maxsize=MAX_QUEUED_JOBS)
        self._jobs = {}
        self._lock = threading.Lock()
        self._key_locks = {}
        self._ids = itertools.count(1)
        self._token = os.urandom(4).hex()
        # seconds per replicate-year per thread, measured on this machine as runs finish
        self._rate = 0.5
        self._workers = [threading.Thread(target=self._work, daemon=True, name=f"yucun-worker-{i}")
                         for i in range(max(1, workers))]
        for w in self._workers:
            w.start()

    # ---- requests ----
    def submit(self, replicates, runs):
        """A job for these runs; the same request as a job queued, running or finished
        (same scenarios, labels and replicates) gets that job back, comparison and all."""
        with self._lock:
            for r in runs:
                r.key = self.cache.key(r.resolved_yaml, replicates)
            signature = (replicates, tuple((r.label, r.key) for r in runs))
            for old in self._jobs.values():
                if old.signature == signature and old.state in ("queued", "running", "finished") and \
                        all(self.cache.has(r.key) for r in old.runs if old.state == "finished"):
                    old.created = time.time()  # recently asked for: kept longest
                    return old
            job = Job(id=f"{self._token}-{next(self._ids)}", replicates=replicates, runs=runs)
            job.signature = signature
            for r in runs:
                if self.cache.has(r.key):
                    r.state = "cached"
            if all(r.state == "cached" for r in runs):
                job.state, job.started, job.finished = "finished", time.time(), time.time()
            else:
                try:
                    self._queue.put_nowait(job)
                except queue.Full:
                    raise QueueFull(f"{MAX_QUEUED_JOBS} jobs are waiting already; try again when some have finished")
            self._jobs[job.id] = job
            self._forget_old()
            return job

    def get(self, job_id):
        with self._lock:
            return self._jobs.get(job_id)

    def cancel(self, job_id):
        job = self.get(job_id)
        if job is None:
            return None
        job.cancel.set()
        if job.state == "queued":
            job.state = "cancelled"
        return job

    def waiting(self):
        return self._queue.qsize()

    def _forget_old(self):
        if len(self._jobs) <= MAX_KEPT_JOBS:
            return
        done = [j for j in self._jobs.values() if j.state in ("finished", "failed", "cancelled")]
        for j in sorted(done, key=lambda j: j.created)[: len(self._jobs) - MAX_KEPT_JOBS]:
            del self._jobs[j.id]

    # ---- workers ----
    def _key_lock(self, key):
        with self._lock:
            return self._key_locks.setdefault(key, threading.Lock())

    def _work(self):
        while True:
            job = self._queue.get()
            try:
                if not job.cancel.is_set():
                    self._run_job(job)
            except Exception as e:  # a worker must survive anything one job does
                job.state, job.error = "failed", f"internal error: {e}"
            finally:
                if job.state not in ("finished", "failed", "cancelled"):
                    job.state = "cancelled" if job.cancel.is_set() else "failed"
                job.finished = job.finished or time.time()
                self._queue.task_done()

    def _run_job(self, job):
        job.state, job.started = "running", time.time()
        threads = self.threads_per_run or os.cpu_count() or 1
        for run in job.runs:
            if job.cancel.is_set():
                break
            with self._key_lock(run.key):  # two jobs asking for one result run it once
                if self.cache.has(run.key):
                    run.state = "cached"
                    continue
                run.state = "running"
                job.current_start = time.time()
                waves = -(-job.replicates // threads)
                job.current_expected = self._rate * run.years * waves
                ok, message = self._run_one(job, run, threads)
                run.seconds = time.time() - job.current_start
                if not ok:
                    run.state = "cancelled" if job.cancel.is_set() else "failed"
                    job.state = run.state
                    job.error = message
                    job.finished = time.time()
                    return
                run.state = "done"
                self._rate = 0.5 * self._rate + 0.5 * run.seconds / max(1, run.years * waves)
        if job.cancel.is_set():
            job.state = "cancelled"
        else:
            job.state = "finished"
        job.finished = time.time()

    def _run_one(self, job, run, threads):
        scenario_file = self.cache.scenario(run.key)
        part = scenario_file + f".part-{os.getpid()}"
        with open(part, "w", encoding="utf-8") as f:
            f.write(run.resolved_yaml)
        os.replace(part, scenario_file)
        argv = [self.executable, "run", scenario_file, "--replicates", str(job.replicates),
                "-o", self.cache.result(run.key), "--threads", str(threads), "-q",
                "--spin-up-cache", self.cache.spin_ups()]
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        while True:
            try:
                _, err = proc.communicate(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                if job.cancel.is_set():
                    proc.terminate()  # yucun removes its temporary file on SIGTERM
                    try:
                        proc.communicate(timeout=10)
                    except subprocess.TimeoutExpired:
                        proc.kill()
                        proc.communicate()
                    return False, "cancelled"
        if proc.returncode != 0:
            return False, (err or "").strip()[-2000:] or f"yucun run exited {proc.returncode}"
        return True, ""
