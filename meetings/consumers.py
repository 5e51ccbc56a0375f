"""The live meeting's websocket: parse the envelope, call a service, reply. Nothing else.

Envelope in: {"type": "message.post", "client_id": "…", "data": {…}}; out: events
{"type": "event", "seq": 42, "event": "message.posted", "data": {…}}, and per client message an
{"type": "ack", …} or {"type": "error", …}. The database is the record and the channel layer only
the doorbell: a broadcast that skips a sequence number (channels-redis drops over capacity) is
filled from the database, so a client sees every event once, in order.
"""

import json
import time
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from meetings import events, live, protocol
from meetings.models import Meeting
from meetings.permissions import can_view_thread, get_meeting_for_user
from project.auth import is_fully_authenticated, session_keep_alive
from project.errors import NotFound

CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_REVOKED = 4410
SYNC = "sync"
LIVE_STATUSES = (Meeting.Status.SCHEDULED, Meeting.Status.LIVE, Meeting.Status.CLOSED)


class TokenBucket:
    """Per-connection flood control: `burst` messages at once, then `rate` per second."""

    def __init__(self, rate: float, burst: int):
        self.rate, self.burst = rate, burst
        self.tokens, self.at = float(burst), time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


def _last_seq(value) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0


class MeetingConsumer(AsyncWebsocketConsumer):
    meeting_pk: int
    last_seq = 0
    joined = False

    async def connect(self):
        self.meeting_pk = self.scope["url_route"]["kwargs"]["pk"]
        self.user = self.scope.get("user")
        close_code = await database_sync_to_async(self._admit)()
        if close_code:
            await self.close(code=close_code)
            return
        self.bucket = TokenBucket(
            getattr(settings, "LIVE_THROTTLE_RATE", 10.0),
            getattr(settings, "LIVE_THROTTLE_BURST", 30),
        )
        # Join the groups before reading the catch-up, so no event falls between the two.
        self.live_groups = [
            events.meeting_group_name(self.meeting_pk),
            events.user_group_name(self.user.pk),
        ]
        for group in self.live_groups:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        query = parse_qs(self.scope.get("query_string", b"").decode())
        self.last_seq = _last_seq(query.get("last_seq", ["0"])[0])
        await self._catch_up(self.last_seq)
        if not self.read_only:
            await database_sync_to_async(live.attendance_join)(
                actor=self.user, meeting=self.meeting_pk, channel_name=self.channel_name
            )
            self.joined = True

    def _admit(self) -> int | None:
        if not is_fully_authenticated(self.user, self.scope.get("session")):
            return CLOSE_UNAUTHENTICATED
        try:
            meeting = get_meeting_for_user(self.user, self.meeting_pk)
        except NotFound:
            return CLOSE_FORBIDDEN
        if meeting.status not in LIVE_STATUSES:
            return CLOSE_FORBIDDEN
        # A closed meeting's record replays its thread: only for those who could follow it live.
        if meeting.status == Meeting.Status.CLOSED and not can_view_thread(self.user, meeting):
            return CLOSE_FORBIDDEN
        self.group_id = meeting.group_id
        self.read_only = meeting.status == Meeting.Status.CLOSED
        return None

    async def disconnect(self, code):
        for group in getattr(self, "live_groups", []):
            await self.channel_layer.group_discard(group, self.channel_name)
        if self.joined:
            await database_sync_to_async(live.attendance_leave)(
                actor=self.user, meeting=self.meeting_pk, channel_name=self.channel_name
            )

    async def receive(self, text_data=None, bytes_data=None):
        raw = text_data if text_data is not None else bytes_data
        if len(raw.encode() if isinstance(raw, str) else raw) > settings.LIVE_MAX_MESSAGE_BYTES:
            await self._error("too_large", _("Het bericht is te groot."))
            return
        if not self.bucket.take():
            await self._error("throttled", _("Te veel berichten tegelijk; probeer het zo opnieuw."))
            return
        try:
            envelope = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            await self._error("malformed", _("Het bericht is onleesbaar."))
            return
        if (
            not isinstance(envelope, dict)
            or not isinstance(envelope.get("type"), str)
            or not isinstance(envelope.get("data", {}), dict)
            or not isinstance(envelope.get("client_id", ""), str)
        ):
            await self._error("malformed", _("Het bericht is onleesbaar."))
            return
        kind, client_id = envelope["type"], envelope.get("client_id", "")
        data = envelope.get("data", {})
        if kind == SYNC:
            await self._catch_up(_last_seq(data.get("last_seq")))
            return
        if kind not in protocol.ACTIONS:
            await self._error("unknown_type", _("Onbekend berichttype."), client_id)
            return
        reply = await database_sync_to_async(self._perform)(kind, data, client_id)
        await self.send(text_data=json.dumps(reply))

    def _perform(self, kind: str, data: dict, client_id: str) -> dict:
        # The second factor was checked on connect. A logout deletes the session and idleness
        # expires it: either refuses the next message; any other message extends it.
        if not session_keep_alive(self.scope["session"]):
            return self._error_reply("unauthenticated", _("Meld u opnieuw aan."), client_id)
        try:
            event = protocol.perform(
                actor=self.user, meeting=self.meeting_pk, type=kind, data=data, client_id=client_id
            )
        except NotFound:
            return self._error_reply("not_found", _("Dat mag u hier niet doen."), client_id)
        except ValidationError as error:
            return self._error_reply("invalid", " ".join(error.messages), client_id)
        return {"type": "ack", "client_id": client_id, "seq": event.seq}

    @staticmethod
    def _error_reply(code: str, message: str, client_id: str = "") -> dict:
        return {"type": "error", "code": code, "message": message, "client_id": client_id}

    async def _error(self, code: str, message: str, client_id: str = ""):
        await self.send(text_data=json.dumps(self._error_reply(code, message, client_id)))

    async def _catch_up(self, since: int):
        """Send every stored event after `since`, in order."""
        while True:
            batch = await database_sync_to_async(events.events_since)(self.meeting_pk, since)
            for seq, payload in batch:
                await self.send(text_data=payload)
                since = seq
                self.last_seq = max(self.last_seq, seq)
            if len(batch) < events.CATCH_UP_BATCH:
                return

    async def dispatch(self, message):
        # Channels hops to the database thread before every handler to close stale connections.
        # The broadcast handler reads no database (its catch-up goes through
        # database_sync_to_async, which closes them itself), and with 200 members that hop per
        # delivery, queued behind the services' database work, was most of the server's time.
        if message["type"] == "event.broadcast":
            await self.event_broadcast(message)
        else:
            await super().dispatch(message)

    async def event_broadcast(self, message):
        seq = message["seq"]
        if seq <= self.last_seq:
            return
        if seq == self.last_seq + 1:
            self.last_seq = seq
            await self.send(text_data=message["text"])
            return
        # A broadcast went missing (or arrives ahead of one still on its way): fill from the record.
        await self._catch_up(self.last_seq)

    async def membership_revoked(self, message):
        if message.get("group_id") != self.group_id:
            return
        if not await database_sync_to_async(self._still_member)():
            await self.close(code=CLOSE_REVOKED)

    def _still_member(self) -> bool:
        try:
            get_meeting_for_user(self.user, self.meeting_pk)
        except NotFound:
            return False
        return True
