"""Helpers for the live meeting tests: a live meeting with two accepted items, and websocket
clients that carry a persona's session cookie through the real ASGI stack (origin check,
session auth, routing)."""

import json

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.utils import timezone

from meetings.models import AgendaItem, Meeting
from tests.conftest import login_client
from tests.meetings.conftest import make_item, make_meeting  # noqa: F401  (re-exported)

ORIGIN = "http://testserver"
WAIT = 10  # seconds a receive may wait before the test fails (a bound, not a timing assertion)


@pytest.fixture
def live_meeting(meeting_world, checker) -> Meeting:
    """anna's meeting, started, with bram's and carla's accepted items; the checker every text
    passes is loaded (once per session), so no receive waits for it."""
    meeting = meeting_world.meeting
    make_item(meeting, meeting_world.bram, title="Medicatie verwisseld", status="accepted")
    make_item(meeting, meeting_world.carla, title="Val bij transfer", status="accepted")
    meeting.status = Meeting.Status.LIVE
    meeting.started_at = timezone.now()
    meeting.save()
    return meeting


def items_of(meeting: Meeting) -> list[AgendaItem]:
    return list(meeting.items.order_by("position"))


def session_headers(user, *, origin: str = ORIGIN, second_factor: bool = True) -> list:
    client = login_client(user, second_factor=second_factor)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return [(b"origin", origin.encode()), (b"cookie", cookie.encode())]


class LiveClient:
    """One websocket connection of a persona; collects the events it has seen."""

    def __init__(self, communicator: WebsocketCommunicator):
        self.ws = communicator
        self.events: list[dict] = []

    async def send(self, type: str, data: dict | None = None, client_id: str = "") -> None:
        await self.ws.send_json_to({"type": type, "client_id": client_id, "data": data or {}})

    async def receive(self) -> dict:
        message = await self.ws.receive_json_from(timeout=WAIT)
        if message["type"] == "event":
            self.events.append(message)
        return message

    async def reply(self) -> dict:
        """The next ack or error, collecting events that arrive before it."""
        while True:
            message = await self.receive()
            if message["type"] != "event":
                return message

    async def until_event(self, name: str) -> dict:
        while True:
            message = await self.receive()
            if message["type"] == "event" and message["event"] == name:
                return message

    async def until_seq(self, seq: int) -> None:
        while not self.events or self.events[-1]["seq"] < seq:
            await self.receive()

    async def act(self, type: str, data: dict | None = None, client_id: str = "") -> dict:
        await self.send(type, data, client_id)
        return await self.reply()

    async def close(self) -> None:
        await self.ws.disconnect()


async def open_socket(meeting_pk: int, headers: list, *, last_seq: int | None = None):
    from project.asgi import application

    path = f"/ws/besprekingen/{meeting_pk}/"
    if last_seq is not None:
        path += f"?last_seq={last_seq}"
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, code = await communicator.connect(timeout=WAIT)
    return communicator, connected, code


async def join(
    user,
    meeting_pk: int,
    *,
    last_seq: int | None = None,
    present: bool = True,
    headers: list | None = None,
) -> LiveClient:
    """A connected client (on a new session unless headers name one); with present, once its
    own arrival has been announced to it."""
    if headers is None:
        headers = await database_sync_to_async(session_headers)(user)
    before = await db(current_seq, meeting_pk)
    communicator, connected, code = await open_socket(meeting_pk, headers, last_seq=last_seq)
    assert connected, f"{user} was refused with code {code}"
    client = LiveClient(communicator)
    if present:
        while True:
            message = await client.receive()
            if (
                message["type"] == "event"
                and message["event"] == "member.joined"
                and message["seq"] > before
                and message["data"]["target"] == f"present-{user.pk}"
            ):
                break
    return client


@database_sync_to_async
def db(fn, *args, **kwargs):
    return fn(*args, **kwargs)


def current_seq(meeting_pk: int) -> int:
    return Meeting.objects.get(pk=meeting_pk).last_seq


def dumps(value) -> str:
    return json.dumps(value)


def session_cookie(user) -> str:
    """A session cookie value for user, as if they logged in and passed the second step."""
    client = login_client(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def make_signed_members(group, count: int, *, prefix: str = "lid") -> list:
    """count extra signed members of group, quickly (a join storm or a benchmark needs many)."""
    from guardian.shortcuts import assign_perm

    from groups.models import Membership
    from groups.permissions import VIEW_CONTENT_PERM
    from project.models import User

    group.refresh_from_db()
    users = [
        User.objects.create_user(
            email=f"{prefix}{n}@example.org", password=None, full_name=f"Lid {prefix} {n}"
        )
        for n in range(count)
    ]
    now = timezone.now()
    Membership.objects.bulk_create(
        Membership(
            group=group, user=user, signed_declaration=group.current_declaration, signed_at=now
        )
        for user in users
    )
    assign_perm(VIEW_CONTENT_PERM, User.objects.filter(pk__in=[u.pk for u in users]), group)
    return users


@pytest.fixture
def fresh_channel_layer():
    """A new channel layer per test: channels-redis binds its connections to the event loop that
    first used them, and every async test has its own loop."""
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()
