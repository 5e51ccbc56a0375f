"""Real-browser harness: the system Chromium (never a downloaded one) driven by Playwright,
against a live ASGI server of the app (HTTP and websockets) in a thread of the test process.
"""

import os
import shutil
import socket
import tempfile
import threading

import pytest
import uvicorn
from django.test.utils import modify_settings

from tests.conftest import require_service

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    def __init__(self):
        from project.asgi import application

        self.port = _free_port()
        config = uvicorn.Config(
            application,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="off",
            ws_ping_interval=20,
            ws_ping_timeout=60,
            ws_per_message_deflate=False,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        # pytest-django's autouse helper expects this on any fixture named live_server.
        self._live_server_modified_settings = modify_settings(ALLOWED_HOSTS={"append": "127.0.0.1"})

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.thread.start()
        # Wait for readiness on uvicorn's own flag; fail loudly if it never binds.
        for _ in range(200):
            if self.server.started:
                return
            if not self.thread.is_alive():
                raise RuntimeError(f"live server could not start on port {self.port}")
            threading.Event().wait(0.05)
        raise RuntimeError(f"live server did not start on port {self.port} within 10 s")

    def stop(self):
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def live_server(transactional_db):
    server = LiveServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    require_service(
        os.path.exists(CHROMIUM_PATH) and os.access(CHROMIUM_PATH, os.X_OK),
        f"no Chromium at {CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)",
    )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in the test thread, which trips Django's
    # async-safety guard for the ORM calls tests make between browser steps (the documented
    # Django + Playwright setting). The websocket consumer tests run without it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    profile_home = tempfile.mkdtemp(prefix="vimkring-chromium-")
    os.environ.setdefault("XDG_CONFIG_HOME", profile_home)
    os.environ.setdefault("XDG_CACHE_HOME", profile_home)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    shutil.rmtree(profile_home, ignore_errors=True)


@pytest.fixture
def new_page(browser, live_server):
    """new_page() → a page in a fresh browser context (its own cookies), on the live server."""
    contexts = []

    def make():
        context = browser.new_context(base_url=live_server.url, locale="nl-NL")
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()
