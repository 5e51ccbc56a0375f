"""Several ASGI processes sharing PostgreSQL and Redis serve one meeting: two uvicorn servers
(subprocesses) on the test database and the Redis layer, real websocket clients split between
them, and, as in production, one checker worker that checks every message for both (the web
processes never load the checker). Every client sees every event in the same order; an idle
meeting still delivers; 200 members joining at once all get in."""

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import websockets
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from incidents import checker as placement
from meetings.models import Attendance, Meeting
from tests.conftest import require_service, uses_postgresql, uses_redis
from tests.meetings import live_fixtures
from tests.meetings.live_fixtures import items_of, make_signed_members, session_cookie

live_meeting = live_fixtures.live_meeting
pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
WAIT = 30  # seconds any one wait may take before the test fails
CHECKER_LOAD = 600  # seconds the checker worker may take to load (a bound, not a timing)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


UVICORN = (sys.executable, "-m", "uvicorn", "project.asgi:application")


def _production_env() -> dict:
    """The test database and Redis, with checks going to the checker worker (a task round
    trip through Redis), as in production."""
    return {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CHANNEL_LAYER_PREFIX": settings.CHANNEL_LAYERS["default"]["CONFIG"]["prefix"],
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "TASKS_INLINE": "0",
        "DEIDENTIFY_IN_WORKER": "1",
    }


@pytest.fixture(scope="module")
def checker_worker(django_db_setup, django_db_blocker):
    """One checker worker on the test database, for the module's servers."""
    require_service(uses_postgresql() and uses_redis(), "needs PostgreSQL and Redis")
    with django_db_blocker.unblock():
        cache.delete(placement.READY_KEY)
        process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "project", "worker", "--queues",
                placement.QUEUE, "--pool", "threads", "--concurrency", "2", "--loglevel", "WARNING",
                "--hostname", f"checker-two-processes-{os.getpid()}@%h",
            ],
            cwd=ROOT,
            env=_production_env(),
        )  # fmt: skip
        try:
            deadline = time.monotonic() + CHECKER_LOAD
            while cache.get(placement.READY_KEY) is None:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the checker worker did not become ready")
                time.sleep(0.5)  # polling the worker's ready mark while it loads
            yield process
        finally:
            process.terminate()
            process.wait(timeout=WAIT)
            cache.delete(placement.READY_KEY)


class Server:
    def __init__(self, launcher: tuple = UVICORN):
        self.port = _free_port()
        env = _production_env()
        self.process = subprocess.Popen(
            [
                *launcher,
                "--host", "127.0.0.1", "--port", str(self.port), "--lifespan", "off",
                "--ws-ping-interval", "30", "--ws-ping-timeout", "120",
                "--log-level", "warning", "--no-access-log",
            ],
            cwd=ROOT,
            env=env,
        )  # fmt: skip

    def wait_ready(self):
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"server on port {self.port} exited with {self.process.returncode}"
                )
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)  # polling a port that is not open yet
        raise RuntimeError(f"server on port {self.port} did not start")

    def url(self, meeting_pk: int, last_seq: int = 0) -> str:
        return f"ws://127.0.0.1:{self.port}/ws/besprekingen/{meeting_pk}/?last_seq={last_seq}"

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=WAIT)


@pytest.fixture
def servers(postgresql, redis_layer, checker_worker, transactional_db):
    started = [Server(), Server()]
    try:
        for server in started:
            server.wait_ready()
        yield started
    finally:
        for server in started:
            server.stop()


class Client:
    def __init__(self, name: str, url: str, cookie: str, user_pk: int):
        self.name, self.url, self.cookie, self.user_pk = name, url, cookie, user_pk
        self.events: list[tuple[int, str]] = []
        self.replies: asyncio.Queue = asyncio.Queue()
        self.present = asyncio.Event()

    async def __aenter__(self):
        self.ws = await websockets.connect(
            self.url,
            additional_headers=[("Cookie", self.cookie), ("Origin", "http://127.0.0.1")],
            max_queue=None,
            open_timeout=120,
        )
        self.reader = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *exc):
        await self.ws.close()
        self.reader.cancel()

    async def _read(self):
        async for raw in self.ws:
            message = json.loads(raw)
            if message["type"] == "event":
                self.events.append((message["seq"], message["event"]))
                target = message["data"].get("target")
                if message["event"] == "member.joined" and target == f"present-{self.user_pk}":
                    self.present.set()
            else:
                await self.replies.put(message)

    async def act(self, type: str, data: dict, client_id: str) -> dict:
        await self.ws.send(json.dumps({"type": type, "client_id": client_id, "data": data}))
        return await asyncio.wait_for(self.replies.get(), WAIT)

    async def until_seq(self, seq: int):
        while not self.events or self.events[-1][0] < seq:
            await asyncio.sleep(0.01)


def _clients(servers, meeting, users):
    return [
        Client(user.email, servers[n % 2].url(meeting.pk), session_cookie(user), user.pk)
        for n, user in enumerate(users)
    ]


def test_clients_on_two_servers_see_every_event_in_the_same_order(
    servers, live_meeting, meeting_world
):
    Meeting.objects.filter(pk=live_meeting.pk).update(current_item=items_of(live_meeting)[0])
    users = [meeting_world.anna, meeting_world.bram, meeting_world.carla]
    users += make_signed_members(meeting_world.group, 5)
    clients = _clients(servers, live_meeting, users)

    async def scenario():
        for client in clients:
            await client.__aenter__()
        await asyncio.wait_for(asyncio.gather(*(c.present.wait() for c in clients)), WAIT)

        async def post(client, count):
            acks = []
            for n in range(count):
                body = f"Bijdrage {n} van deelnemer {client.user_pk}"
                reply = await client.act("message.post", {"body": body}, f"{n}")
                assert reply["type"] == "ack", reply
                acks.append(reply["seq"])
            return acks

        senders = clients[:4]  # two on each server, posting at the same time
        acks = await asyncio.gather(*(post(sender, 10) for sender in senders))
        last = max(max(a) for a in acks)
        await asyncio.wait_for(asyncio.gather(*(c.until_seq(last) for c in clients)), WAIT)
        for client in clients:
            await client.__aexit__()
        return last

    last = asyncio.run(scenario())
    reference = [event for event in clients[0].events if event[0] <= last]
    assert [seq for seq, _ in reference] == list(range(1, last + 1))
    assert sum(1 for _, name in reference if name == "message.posted") == 40
    for client in clients[1:]:
        assert [event for event in client.events if event[0] <= last] == reference


def test_an_idle_meeting_still_delivers_to_everyone_on_the_redis_layer(
    servers, live_meeting, meeting_world
):
    """Not a sleep over a race: 30 s of silence is the behaviour under test (redis-py's socket
    timeout used to drop idle consumers, DESIGN.md)."""
    Meeting.objects.filter(pk=live_meeting.pk).update(current_item=items_of(live_meeting)[0])
    clients = _clients(servers, live_meeting, [meeting_world.bram, meeting_world.carla])

    async def scenario():
        for client in clients:
            await client.__aenter__()
        await asyncio.wait_for(asyncio.gather(*(c.present.wait() for c in clients)), WAIT)
        await asyncio.sleep(31)
        reply = await clients[0].act("message.post", {"body": "Na een stilte"}, "idle-1")
        await asyncio.wait_for(asyncio.gather(*(c.until_seq(reply["seq"]) for c in clients)), 10)
        for client in clients:
            await client.__aexit__()
        return reply["seq"]

    seq = asyncio.run(scenario())
    for client in clients:
        assert (seq, "message.posted") in client.events


def _count_present(meeting_pk: int) -> int:
    try:
        return Attendance.objects.filter(meeting_id=meeting_pk).count()
    finally:
        connection.close()  # this worker thread's own connection


def test_two_hundred_members_joining_at_once_all_get_in(servers, live_meeting, meeting_world):
    users = make_signed_members(meeting_world.group, 200, prefix="storm")
    clients = [
        Client(u.email, servers[0].url(live_meeting.pk), session_cookie(u), u.pk) for u in users
    ]

    async def scenario():
        await asyncio.wait_for(asyncio.gather(*(c.__aenter__() for c in clients)), 120)
        await asyncio.wait_for(asyncio.gather(*(c.present.wait() for c in clients)), 120)
        present = await asyncio.to_thread(_count_present, live_meeting.pk)
        await asyncio.gather(*(c.__aexit__() for c in clients))
        return present

    assert asyncio.run(scenario()) == 200
