"""The production shape, end to end, without a Docker daemon: the image's own build script
(bin/build) in a copy of the tree, then the image's own web command (bin/serve: DEBUG off, real
secrets from the environment, two uvicorn worker processes, PostgreSQL and Redis), a task worker
and the de-identification checker's worker. A real Chromium logs in with TOTP, loads a page with
its hashed stylesheet and script (no CSP violation, no console error) and joins a live meeting
over the websocket with a second member.

Separate database (`<name>_production`) and Redis database; every wait is bounded, every process
it starts is stopped (by its own process group), and a taken port fails the test loudly.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import environ
import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from cryptography.fernet import Fernet
from playwright.sync_api import expect

from tests.conftest import require_service

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
# What .dockerignore keeps out of the image.
NOT_IN_IMAGE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "venv",
    "__pycache__",
    "*.pyc",
    "staticfiles",
    ".cache",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    "*.sqlite3*",
    "test-results",
    "node_modules",
    ".env",
)
BUILD_TIMEOUT = 900
START_TIMEOUT = 180
CHECKER_TIMEOUT = 300


def _wait(predicate, timeout: float, what: str, alive=()):
    """Poll `predicate` until true; fail when `timeout` passes or a process in `alive` exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for service in alive:
            service.require_running()
        if predicate():
            return
        threading.Event().wait(0.25)
    pytest.fail(f"{what} within {timeout:.0f} s")


def _port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Service:
    """A process of the production shape, in its own process group, logging to a file."""

    def __init__(self, name: str, args: list[str], *, cwd: Path, env: dict, logs: Path):
        self.name = name
        self.log_path = logs / f"{name}.log"
        self.log = open(self.log_path, "wb")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            args,
            cwd=cwd,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self) -> str:
        self.log.flush()
        return self.log_path.read_text(errors="replace")

    def require_running(self) -> None:
        if self.process.poll() is not None:
            pytest.fail(
                f"{self.name} exited with {self.process.returncode}:\n{self.output()[-4000:]}"
            )

    def children_rss_kib(self) -> list[int]:
        """Resident memory of the uvicorn worker processes started by this one."""
        sizes = []
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        for pid in children.read_text().split():
            if b"spawn_main" not in Path(f"/proc/{pid}/cmdline").read_bytes():
                continue  # not a worker (multiprocessing's resource tracker)
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]))
        return sizes

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)
        self.log.close()


def _production_database() -> tuple[str, dict]:
    url = os.environ.get("DATABASE_URL", "")
    require_service(url.startswith("postgres"), "the production smoke test needs DATABASE_URL")
    config = environ.Env.db_url_config(url)
    name = f"{config['NAME']}_production"
    import psycopg

    admin = {
        "host": config["HOST"] or "127.0.0.1",
        "port": config["PORT"] or 5432,
        "user": config["USER"],
        "password": config["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**admin) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    database_url = url.rsplit("/", 1)[0] + f"/{name}"
    return database_url, admin | {"name": name}


def _drop_database(admin: dict) -> None:
    import psycopg

    name = admin.pop("name")
    with psycopg.connect(**admin) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _production_redis() -> str:
    url = os.environ.get("REDIS_URL", "")
    require_service(bool(url), "the production smoke test needs REDIS_URL")
    base, _, number = url.rpartition("/")
    # Its own Redis database, away from the test run's: eight above the suite's.
    return f"{base}/{(int(number or 0) + 8) % 16}"


def _flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (a local URL)
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError:
        return 0, b""


@pytest.fixture(scope="module")
def production():
    require_service(shutil.which("msgfmt") is not None, "no msgfmt (apt-get install gettext)")
    database_url, admin = _production_database()
    redis_url = _production_redis()
    _flush_redis(redis_url)
    workdir = Path(tempfile.mkdtemp(prefix="vimkring-production-"))
    tree, logs = workdir / "app", workdir / "logs"
    shutil.copytree(ROOT, tree, ignore=NOT_IN_IMAGE)
    logs.mkdir()
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TMPDIR"}}
    build = subprocess.run(
        ["sh", "bin/build"],
        cwd=tree,
        env={**clean, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
    )
    assert build.returncode == 0, (
        f"bin/build failed:\n{build.stdout[-3000:]}\n{build.stderr[-3000:]}"
    )
    port = _free_port()
    env = {
        **clean,
        "PYTHON": sys.executable,
        "DJANGO_SETTINGS_MODULE": "project.settings",
        "DEBUG": "0",
        "SECRET_KEY": Fernet.generate_key().decode() * 2,
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "EMAIL_URL": "consolemail://",
        # The TLS-terminating proxy is not part of this test: plain HTTP on the loopback.
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
    }
    services = []
    try:
        if not _port_is_free(port):
            pytest.fail(f"port {port} is taken; the production smoke test needs it free")
        web = Service("web", ["sh", "bin/serve"], cwd=tree, env=env, logs=logs)
        services.append(web)
        celery = [sys.executable, "-m", "celery", "-A", "project", "worker", "--loglevel", "INFO"]
        worker = Service(
            "worker",
            [*celery, "--queues", "celery", "--pool", "solo"],
            cwd=tree,
            env=env,
            logs=logs,
        )
        checker = Service(
            "checker",
            [
                *celery,
                "--queues",
                "checker",
                "--pool",
                "threads",
                "--concurrency",
                "2",
                "--hostname",
                f"checker-smoke-{port}@%h",
            ],
            cwd=tree,
            env=env,
            logs=logs,
        )
        services += [worker, checker]
        url = f"http://127.0.0.1:{port}"
        _wait(
            lambda: _get(f"{url}/healthz")[0] == 200, START_TIMEOUT, "the web never answered", [web]
        )
        # Every page renders with DEBUG off (a missing static manifest made each one a 500).
        status, _body = _get(f"{url}/accounts/login/")
        assert status == 200, f"the login page answered {status}:\n{web.output()[-3000:]}"
        seeded = subprocess.run(
            [sys.executable, "-m", "tests.e2e.production_world"],
            cwd=tree,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert seeded.returncode == 0, seeded.stderr[-3000:]
        world = json.loads(seeded.stdout.strip().splitlines()[-1])
        yield {
            "database_url": database_url,
            "url": url,
            "env": env,
            "tree": tree,
            "world": world,
            "web": web,
            "worker": worker,
            "checker": checker,
        }
    finally:
        for service in reversed(services):
            service.stop()
        _flush_redis(redis_url)
        _drop_database(admin)
        shutil.rmtree(workdir, ignore_errors=True)


_used_steps: dict[str, set[int]] = {}


def _totp(secret: str) -> str:
    """A code for now, or a neighbouring step (MFA_TOTP_TOLERANCE) when now's was used: allauth
    refuses a code twice."""
    now = int(time.time() // 30)
    used = _used_steps.setdefault(secret, set())
    step = next(step for step in (now, now + 1, now - 1) if step not in used)
    used.add(step)
    return format_hotp_value(hotp_value(secret, step))


# The login and second-step buttons ("Aanmelden" here; "Inloggen" once the wording is unified).
LOG_IN = re.compile(r"^(Aanmelden|Inloggen)$")


def _log_in(page, person: dict) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-mailadres").fill(person["email"])
    page.get_by_label("Wachtwoord").fill(person["password"])
    page.get_by_role("button", name=LOG_IN).click()
    page.get_by_label("Code").fill(_totp(person["totp"]))
    page.get_by_role("button", name=LOG_IN).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")


def _watch(page, problems: list[str]) -> None:
    """Every console error or warning (CSP violations are console errors), page error and
    failed response goes into `problems`."""
    page.on(
        "console",
        lambda message: (
            problems.append(f"console {message.type}: {message.text}")
            if message.type in ("error", "warning")
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )


HASHED = re.compile(r"/static/.+\.[0-9a-f]{12}\.(css|js)$")


def _assert_hashed_assets_loaded(page) -> None:
    """The page's stylesheets are applied and its scripts come from the static manifest."""
    assets = page.evaluate(
        """() => ({
            sheets: [...document.querySelectorAll('link[rel=stylesheet]')]
                .map(link => ({
                    href: link.href,
                    rules: link.sheet ? link.sheet.cssRules.length : 0,
                })),
            scripts: [...document.querySelectorAll('script[src]')].map(script => script.src),
        })"""
    )
    assert assets["sheets"], "no stylesheet on the page"
    for sheet in assets["sheets"]:
        assert HASHED.search(sheet["href"]), sheet  # served from the manifest
        assert sheet["rules"] > 0, sheet  # loaded and applied
    assert assets["scripts"] and all(HASHED.search(src) for src in assets["scripts"])


def test_the_production_shape_serves_logs_in_with_totp_and_runs_a_live_meeting(production, browser):
    world, problems = production["world"], []
    pages = []
    for _person in ("anna", "bram"):
        context = browser.new_context(base_url=production["url"], locale="nl-NL")
        context.set_default_timeout(20_000)
        page = context.new_page()
        _watch(page, problems)
        pages.append(page)
    chair, member = pages
    try:
        _log_in(chair, world["people"]["anna"])
        _log_in(member, world["people"]["bram"])
        for page in (chair, member):
            page.goto(world["live"])
            # Set by the page's script once its websocket is open.
            expect(page.locator("#live-connection")).to_have_text("Verbonden.")
        _assert_hashed_assets_loaded(chair)
        # The meeting is tomorrow evening: the chair confirms starting early.
        chair.get_by_label("Ik start bewust eerder dan gepland").check()
        chair.get_by_role("button", name="Bespreking starten").click()
        for page in (chair, member):
            expect(page.locator("#live-status")).to_contain_text("bezig")
            expect(page.locator("#live-presence")).to_contain_text("Bram")
    finally:
        for page in pages:
            page.context.close()
    assert problems == [], problems
    production["web"].require_running()


def test_checks_run_in_the_checker_worker_and_web_processes_stay_small(production):
    url, web = production["url"], production["web"]
    _wait(
        lambda: json.loads(_get(f"{url}/healthz")[1] or b"{}").get("checker") == "ready",
        CHECKER_TIMEOUT,
        "no checker worker became ready",
        [web, production["checker"]],
    )
    checked = subprocess.run(
        [sys.executable, "-m", "tests.e2e.production_check", str(production["world"]["incident"])],
        cwd=production["tree"],
        env=production["env"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stderr[-3000:]
    answer = json.loads(checked.stdout.strip().splitlines()[-1])
    texts = [text for _kind, text in answer["findings"]]
    assert "Henk Zwanenburg" in texts and "12-03-1950" in texts
    assert answer["deduce_loaded_here"] is False
    # Two uvicorn workers, neither holding the checker.
    sizes = web.children_rss_kib()
    assert len(sizes) == 2
    assert all(size < 250 * 1024 for size in sizes), sizes


def test_e_mail_is_sent_by_the_task_worker(production):
    # Seeding invited nieuw@example.org: the invitation went to the worker through Redis.
    worker = production["worker"]
    _wait(
        lambda: "To: nieuw@example.org" in worker.output(),
        60,
        "the task worker never sent the invitation",
        [worker],
    )


def test_a_forged_x_forwarded_for_is_ignored(production, browser):
    """With FORWARDED_ALLOW_IPS unset the web trusts no proxy: the access log (and the
    per-address login limit, which reads the same address) sees the real peer."""
    import psycopg

    world = production["world"]
    context = browser.new_context(base_url=production["url"], locale="nl-NL")
    context.set_default_timeout(20_000)
    try:
        page = context.new_page()
        _log_in(page, world["people"]["anna"])
        context.set_extra_http_headers({"X-Forwarded-For": "203.0.113.9"})
        response = page.goto(world["incident_url"])
        assert response.status == 200
    finally:
        context.close()
    with psycopg.connect(production["database_url"].replace("postgres://", "postgresql://")) as db:
        addresses = {
            str(row[0])
            for row in db.execute(
                "SELECT ip_address FROM project_accesslogentry WHERE incident_id = %s",
                [world["incident"]],
            )
        }
    assert "127.0.0.1" in addresses
    assert "203.0.113.9" not in addresses
