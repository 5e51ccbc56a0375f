"""Where the de-identification checker lives, measured: prints tables, asserts nothing.

* memory: resident memory per host of the production web command (bin/serve) at 1, 2 and 4
  uvicorn workers, before (every web worker loads the checker, as the image used to) and after
  (web workers without it, plus one checker worker: `celery worker --queues checker`).
* gc: the pause of a full garbage collection (gen 2, timed with gc.callbacks) of a process with
  the app loaded: without the checker (a web process now), with the checker loaded and not
  frozen (a web process before), and with the checker frozen (the checker worker now).
* latency: a check of a 300-word text end to end from a web-like process (a task round trip to
  the checker worker through Redis): p50 / p99 over N checks.

Usage (PostgreSQL and Redis required; uses and recreates the database named in DATABASE_URL):
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/vim_bench REDIS_URL=redis://127.0.0.1:6379/13 \
    [WORKERS=1,2,4] .venv/bin/python bench/checker_placement.py [memory] [gc] [latency]
"""

import gc
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PY = sys.executable
SENTENCES = (
    "Bij de overdracht van de avonddienst naar de nachtdienst werd de medicatielijst van de "
    "cliënt niet volledig doorgenomen. De verpleegkundige merkte later op dat een dosis was "
    "overgeslagen en heeft direct de arts gebeld. Er is geen blijvende schade ontstaan. "
)
WORDS = SENTENCES.split()
TEXT_300 = " ".join([*(WORDS * (300 // len(WORDS) + 1))[:299], "Jansen."])


def _env(**extra) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "project.settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "k" * 50,
        "FIELD_ENCRYPTION_KEYS": "YmVuY2gtb25seS1maWVsZC1rZXktbm90LXNlY3JldCE=",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "PYTHON": PY,
        **extra,
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _tree(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [pid] + [p for child in children for p in _tree(int(child))]


def _healthz(port: int) -> dict:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
            return json.loads(r.read())
    except OSError:
        return {}


def _settle(pids_of, minimum_kib: int, timeout: float = 600) -> list[int]:
    """Wait until every process's RSS is at least minimum_kib and stable for 3 s."""
    deadline, last = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        sizes = [_rss_kib(pid) for pid in pids_of()]
        if sizes and min(sizes) >= minimum_kib and sizes == last:
            return sizes
        last = sizes
        time.sleep(3)
    return last or []


def _start_checker(env: dict) -> subprocess.Popen:
    command = "-m celery -A project worker --queues checker --pool threads --concurrency 2"
    return subprocess.Popen(
        [PY, *command.split(), "--loglevel", "WARNING"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def memory() -> None:
    subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=_env(), check=True)
    rows = []
    for workers in WORKER_COUNTS:
        row = {"workers": workers}
        for placement in ("before", "after"):
            port = _free_port()
            env = _env(
                PORT=str(port),
                HOST="127.0.0.1",
                WEB_CONCURRENCY=str(workers),
                DEIDENTIFY_IN_WORKER="0" if placement == "before" else "1",
                # Before, a worker whose loader thread holds the interpreter misses uvicorn's
                # 5 s health check and is killed and restarted (seen here under load).
                UVICORN_TIMEOUT_WORKER_HEALTHCHECK="900",
            )
            log = open(f"/tmp/checker-placement-web-{port}.log", "w+b")  # noqa: S108, SIM115
            web = subprocess.Popen(
                ["sh", "bin/serve"],
                cwd=ROOT,
                env=env,
                start_new_session=True,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            checker = None
            try:
                while not _healthz(port):
                    time.sleep(1)

                def web_workers(web=web):
                    # With one worker uvicorn serves from its own process, without children.
                    return [
                        p
                        for p in _tree(web.pid)[1:]
                        if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()
                    ] or [web.pid]

                if placement == "before":
                    # Every worker logs once when its checker is loaded.
                    while Path(log.name).read_bytes().count(b"checker loaded in") < workers:
                        time.sleep(2)
                    sizes = _settle(web_workers, 900 * 1024)
                    total = sum(_rss_kib(p) for p in _tree(web.pid))
                    row["before_web"] = max(sizes)
                    row["before_total"] = total
                else:
                    checker = _start_checker(env)
                    while _healthz(port).get("checker") != "ready":
                        time.sleep(1)
                    sizes = _settle(web_workers, 1)
                    checker_total = sum(_rss_kib(p) for p in _tree(checker.pid))
                    row["after_web"] = max(sizes)
                    row["after_checker"] = checker_total
                    row["after_total"] = sum(_rss_kib(p) for p in _tree(web.pid)) + checker_total
            finally:
                _stop(web)
                log.close()
                if checker is not None:
                    _stop(checker)
        rows.append(row)
        print(json.dumps(row), flush=True)
    mib = lambda kib: f"{kib / 1024:.0f} MiB"  # noqa: E731
    print(
        "\n| web workers | before: per web worker | before: host total | after: per web "
        "worker | after: checker worker | after: host total |"
    )
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['workers']} | {mib(r['before_web'])} | {mib(r['before_total'])} | "
            f"{mib(r['after_web'])} | {mib(r['after_checker'])} | {mib(r['after_total'])} |"
        )


GC_PROBE = r"""
import gc, json, os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
import django
django.setup()
import project.asgi  # the web application, as a uvicorn worker imports it
from incidents import deidentify
pauses, started = [], []
def timer(phase, info):
    if info["generation"] == 2:
        if phase == "start":
            started.append(time.perf_counter())
        else:
            pauses.append((time.perf_counter() - started.pop()) * 1000)
gc.callbacks.append(timer)
def full(n=5):
    pauses.clear()
    for _ in range(n):
        gc.collect()
    return sorted(pauses), sum(gc.get_count()), len(gc.get_objects())
result = {"web_now": full()}
instance = deidentify._build_instance()  # loaded, not frozen: every web worker before
result["web_before"] = full()
gc.freeze()
result["checker_frozen"] = full()
print(json.dumps(result))
"""


def gc_pauses() -> None:
    out = subprocess.run(
        [PY, "-c", GC_PROBE],
        cwd=ROOT,
        env=_env(DEIDENTIFY_PRELOAD="0"),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    labels = {
        "web_now": "web process now (no checker)",
        "web_before": "web process before (checker loaded, not frozen)",
        "checker_frozen": "checker worker now (checker loaded, gc.freeze())",
    }
    print("\n| process | full GC pause, 5 runs (ms) | tracked objects |")
    print("|---|---|---|")
    for key, label in labels.items():
        pauses, _count, objects = result[key]
        print(f"| {label} | {', '.join(f'{p:.0f}' for p in pauses)} | {objects:,} |")


LATENCY_PROBE = r"""
import json, os, sys, time, statistics
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
import django
django.setup()
from incidents import checker
from incidents.models import Incident
text, n = sys.argv[1], int(sys.argv[2])
incident_id = Incident.objects.values_list("pk", flat=True).first()
while not checker.is_ready():
    time.sleep(0.5)
checker.scan(text, source=("incident", incident_id))  # warm-up
times = []
for _ in range(n):
    started = time.perf_counter()
    findings = checker.scan(text, source=("incident", incident_id))
    times.append((time.perf_counter() - started) * 1000)
times.sort()
print(json.dumps({"n": n, "p50": statistics.median(times), "p99": times[int(0.99 * (n - 1))],
                  "max": times[-1], "findings": len(findings),
                  "deduce_in_web": "deduce" in sys.modules}))
"""

SEED = (
    "from tests.conftest import make_practitioner; "
    "from incidents.services import incident_create; "
    "from tests.incidents.conftest import vim_fields; "
    "from incidents.models import Incident; "
    "anna = make_practitioner('anna') if not Incident.objects.exists() else None; "
    "anna and incident_create(actor=anna, register=anna.register, "
    "fields=vim_fields(patient_names='Henk Jansen'))"
)


def latency(n: int = 200) -> None:
    env = _env(DEIDENTIFY_IN_WORKER="1")
    subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [PY, "manage.py", "shell", "--no-imports", "-c", SEED], cwd=ROOT, env=env, check=True
    )
    checker = _start_checker(env)
    try:
        out = subprocess.run(
            [PY, "-c", LATENCY_PROBE, TEXT_300, str(n)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=900,
        ).stdout
    finally:
        _stop(checker)
    result = json.loads(out.strip().splitlines()[-1])
    print(
        f"\ncheck of a {len(TEXT_300.split())}-word text from a web process, "
        f"{result['n']} checks: p50 {result['p50']:.0f} ms, p99 {result['p99']:.0f} ms, "
        f"max {result['max']:.0f} ms ({result['findings']} finding(s); "
        f"Deduce loaded in the web process: {result['deduce_in_web']})"
    )


WORKER_COUNTS = [int(n) for n in os.environ.get("WORKERS", "1,2,4").split(",")]

if __name__ == "__main__":
    gc.disable()
    wanted = sys.argv[1:] or ["gc", "latency", "memory"]
    if "gc" in wanted:
        gc_pauses()
    if "latency" in wanted:
        latency()
    if "memory" in wanted:
        memory()
