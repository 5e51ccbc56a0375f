"""The live meeting's websocket: parse the envelope, call a service, reply. Nothing else.

Envelope in: {"type": "message.post", "client_id": "…", "data": {…}}; out: events
{"type": "event", "seq": 42, "event": "message.posted", "data": {…}}, and per client message an
{"type": "ack", …}, {"type": "error", …}, or {"type": "held", …} when the checker holds a
text back (meetings/checking.py: the author's own text with the findings as spans, to the author
only). The database is the record and the channel layer only
the doorbell: a broadcast that skips a sequence number (channels-redis drops over capacity) is
filled from the database, so a client sees every event once, in order.
"""

import asyncio
import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs

from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django.utils import timezone
from django.utils.translation import gettext as _
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from meetings import checking, events, limits, live, protocol
from meetings.permissions import Closed, LiveAccess, live_access
from project.errors import NotFound
from project.sockets import meeting_group_name, session_fingerprint, user_group_name

logger = logging.getLogger(__name__)

SYNC = "sync"
# Close codes of the websocket standard for a server-side hiccup: the page reconnects with its
# last sequence number (these are not in its list of reasons to stop).
SERVICE_RESTART = 1012  # the channel layer lost Redis: what was published meanwhile is gone
TRY_AGAIN_LATER = 1013  # the database (or the cache that holds the limits) is unreachable
UNAVAILABLE = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)

# The live path's database work runs on threads of its own, not on asgiref's one shared
# thread that every synchronous view of the process also uses: a slow page does not stall a
# meeting, and several meetings' actions run at once (each holds only its own meeting's lock).
_executor = ThreadPoolExecutor(max_workers=settings.LIVE_DB_THREADS, thread_name_prefix="live-db")
_waiting = 0  # client messages of this process waiting for or in the live database threads


async def live_db(function, *args, **kwargs):
    """function(*args, **kwargs) on the live database threads; the broadcasts it makes are
    sent afterwards from the event loop (not from the database thread, which would wait for
    Redis), in the order they were made."""

    def run():
        close_old_connections()
        try:
            with events.collected_broadcasts() as broadcasts:
                return function(*args, **kwargs), broadcasts
        finally:
            close_old_connections()

    result, broadcasts = await asyncio.get_running_loop().run_in_executor(_executor, run)
    await events.send_broadcasts(broadcasts)
    return result


def _busy() -> bool:
    return _waiting >= settings.LIVE_MAX_WAITING_ACTIONS


def _last_seq(value) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0


def _parse(raw: str | bytes) -> tuple[str, str, dict] | None:
    """(type, client_id, data) of a well-formed envelope, or None."""
    try:
        envelope = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):  # deep nesting is malformed too
        return None
    if (
        not isinstance(envelope, dict)
        or not isinstance(envelope.get("type"), str)
        or not isinstance(envelope.get("data", {}), dict)
        or not isinstance(envelope.get("client_id", ""), str)
    ):
        return None
    return envelope["type"], envelope.get("client_id", ""), envelope.get("data", {})


def _error_reply(code: str, message: str, client_id: str = "") -> dict:
    return {"type": "error", "code": code, "message": message, "client_id": client_id}


def _unavailable(client_id: str = "") -> dict:
    message = _("De verbinding is even weg; uw bericht wordt zo opnieuw verstuurd.")
    return _error_reply("unavailable", message, client_id)


def _busy_reply(client_id: str = "") -> dict:
    message = _("Het is nu erg druk; uw bericht wordt zo opnieuw verstuurd.")
    return _error_reply("busy", message, client_id)


def _refusal(error: NotFound | ValidationError, client_id: str) -> dict:
    if isinstance(error, NotFound):
        return _error_reply("not_found", _("Dat mag u hier niet doen."), client_id)
    if checking.not_ready(error):
        return _error_reply("checker_not_ready", " ".join(error.messages), client_id)
    return _error_reply("invalid", " ".join(error.messages), client_id)


class MeetingConsumer(AsyncWebsocketConsumer):
    """One member's socket on one meeting.

    Access is meetings.permissions.live_access, applied on connect, to every message, to `sync`,
    before every broadcast is forwarded, whenever a path that takes access away rings
    `access.changed` (project/sockets.py), and every LIVE_ACCESS_RECHECK_SECONDS for a socket
    that only listens. Between database checks a delivery relies on the last verdict only while
    the session's known expiry has not passed and the verdict is fresh (the periodic re-check
    is not late); otherwise it asks the database first. When the rule fails the socket leaves
    its groups and closes with the rule's code (meetings.permissions.Closed).
    """

    meeting_pk: int
    last_seq = 0
    joined = False
    ended = False
    read_only = False
    slot: str | None = None
    recheck_task: asyncio.Task | None = None
    session_expires_at = None
    checked_at = 0.0

    async def connect(self):
        self.meeting_pk = self.scope["url_route"]["kwargs"]["pk"]
        self.user = self.scope.get("user")
        self.session_key = getattr(self.scope.get("session"), "session_key", None)
        if self.user is None or not self.user.is_authenticated:
            await self.close(code=Closed.SESSION_ENDED)
            return
        try:
            access, self.slot = await live_db(self._admit)
        except UNAVAILABLE:
            await self.close(code=TRY_AGAIN_LATER)
            return
        if access.closed is not None:
            refused = Closed.SESSION_ENDED if access.closed == Closed.SESSION_ENDED else None
            await self.close(code=refused or Closed.FORBIDDEN)
            return
        if self.slot is None:
            await self.close(code=Closed.TOO_MANY_CONNECTIONS)
            return
        self.read_only = access.read_only
        self._note(access)
        # Join the groups before reading the catch-up, so no event falls between the two.
        self.live_groups = [meeting_group_name(self.meeting_pk), user_group_name(self.user.pk)]
        try:
            for group in self.live_groups:
                await self.channel_layer.group_add(group, self.channel_name)
        except Exception:  # Redis is unreachable: no doorbell, so no live meeting yet
            logger.warning("Live socket refused: the channel layer is unavailable")
            await self.close(code=SERVICE_RESTART)
            return
        await self.accept()
        query = parse_qs(self.scope.get("query_string", b"").decode())
        self.last_seq = _last_seq(query.get("last_seq", ["0"])[0])
        try:
            await self._catch_up(self.last_seq)
            if not self.read_only:
                await live_db(
                    live.attendance_join,
                    actor=self.user,
                    meeting=self.meeting_pk,
                    channel_name=self.channel_name,
                )
                self.joined = True
        except UNAVAILABLE:
            await self.close(code=TRY_AGAIN_LATER)
            return
        self.recheck_task = asyncio.create_task(self._recheck_periodically())

    def _access(self, *, keep_alive: bool = False) -> LiveAccess:
        return live_access(
            user_pk=self.user.pk,
            session_key=self.session_key,
            meeting_pk=self.meeting_pk,
            keep_alive=keep_alive,
        )

    def _admit(self) -> tuple[LiveAccess, str | None]:
        access = self._access()
        if access.closed is not None:
            return access, None
        return access, limits.claim_connection(self.user.pk, self.meeting_pk, self.channel_name)

    async def disconnect(self, code):
        if self.recheck_task is not None:
            self.recheck_task.cancel()
        await self._leave_groups()
        try:
            if self.slot is not None:
                await live_db(limits.release_connection, self.slot, self.channel_name)
                self.slot = None
            if self.joined:
                await live_db(
                    live.attendance_leave,
                    actor=self.user,
                    meeting=self.meeting_pk,
                    channel_name=self.channel_name,
                )
        except UNAVAILABLE:
            # The slot expires by itself; the presence keeper clears attendance it cannot see.
            logger.warning("Live socket left while the database was unreachable")

    async def _leave_groups(self):
        for group in getattr(self, "live_groups", []):
            try:
                await self.channel_layer.group_discard(group, self.channel_name)
            except Exception:  # Redis is gone; the subscription went with it
                logger.warning("Live socket could not leave a channel group")
        self.live_groups = []

    # The rule's verdict.

    def _note(self, access: LiveAccess) -> None:
        self.session_expires_at = access.session_expires_at
        self.checked_at = time.monotonic()

    async def _apply(self, access: LiveAccess) -> bool:
        """Keep the verdict, or end the socket with its code; True while access holds."""
        if self.ended:
            return False
        if access.closed is not None:
            await self._end(access.closed)
            return False
        self._note(access)
        return True

    async def _end(self, code: Closed) -> None:
        if self.ended:
            return
        self.ended = True
        await self._leave_groups()
        await self.close(code=code)

    async def _recheck(self) -> bool:
        try:
            access = await live_db(self._access)
        except UNAVAILABLE:
            await self._end(TRY_AGAIN_LATER)
            return False
        return await self._apply(access)

    async def _may_deliver(self) -> bool:
        if self.ended:
            return False
        # The periodic re-check keeps the verdict younger than the interval; a verdict twice
        # as old means that check is late, and the delivery asks the database itself.
        fresh = time.monotonic() - self.checked_at < 2 * settings.LIVE_ACCESS_RECHECK_SECONDS
        if fresh and timezone.now() < self.session_expires_at:
            return True
        return await self._recheck()

    async def _recheck_periodically(self):
        while not self.ended:
            await asyncio.sleep(settings.LIVE_ACCESS_RECHECK_SECONDS)
            if await self._recheck():
                try:
                    await live_db(limits.renew_connection, self.slot, self.channel_name)
                except UNAVAILABLE:
                    await self._end(TRY_AGAIN_LATER)

    async def access_changed(self, message):
        if message.get("ended_session") == session_fingerprint(self.session_key):
            await self._end(Closed.SESSION_ENDED)
        else:
            await self._recheck()

    async def layer_overflow(self, message):
        """This socket's queue overflowed and was emptied: what it held is in the record."""
        if await self._recheck():
            await self._catch_up_or_end(self.last_seq)

    async def layer_lost(self, message):
        """The layer lost Redis: broadcasts may be gone; the page reconnects and catches up."""
        await self._end(SERVICE_RESTART)

    # Messages from the client.

    async def receive(self, text_data=None, bytes_data=None):
        if self.ended:
            return
        raw = text_data if text_data is not None else bytes_data
        if len(raw.encode() if isinstance(raw, str) else raw) > settings.LIVE_MAX_MESSAGE_BYTES:
            await self._send_json(_error_reply("too_large", _("Het bericht is te groot.")))
            return
        envelope = _parse(raw)
        client_id = envelope[1] if envelope else ""
        if _busy():
            # Bounded work: past this many waiting messages the process says so at once
            # instead of queueing without end; the page resends the same client id later.
            await self._send_json(_busy_reply(client_id))
            return
        global _waiting
        _waiting += 1
        try:
            reply, access = await self._handle(envelope)
        except UNAVAILABLE:
            # Nothing half-written: the action's transaction rolled back, or it committed and
            # a resend with the same client id is answered with the event it made.
            reply, access = _unavailable(client_id), None
        finally:
            _waiting -= 1
        if reply is not None:
            await self._send_json(reply)
        if access is not None and await self._apply(access) and reply is None:
            await self._catch_up_or_end(_last_seq(envelope[2].get("last_seq")))

    async def _handle(self, envelope) -> tuple[dict | None, LiveAccess | None]:
        reply, access, action = await live_db(self._answer, envelope)
        if action is not None:
            # The check is a round trip to the checker worker (or the checker itself, inline):
            # it runs on a thread of its own, so it holds up neither the meeting's lock nor the
            # live database threads.
            loop = asyncio.get_running_loop()
            reply = await loop.run_in_executor(None, self._check_on_its_own_thread, action)
            if reply is None:
                reply = await live_db(self._record, action)
        return reply, access

    def _answer(
        self, envelope: tuple[str, str, dict] | None
    ) -> tuple[dict | None, LiveAccess | None, protocol.Action | None]:
        """The reply to one client message (None for a `sync` to answer with the catch-up, or
        for an action whose text must be checked first: then the action), and the access
        verdict it was given under (None when the message never got that far)."""
        if not limits.take_message(self.user.pk, self.meeting_pk):
            message = _("Te veel berichten tegelijk; probeer het zo opnieuw.")
            return _error_reply("throttled", message), None, None
        if envelope is None:
            return _error_reply("malformed", _("Het bericht is onleesbaar.")), None, None
        kind, client_id, data = envelope
        if kind != SYNC and kind not in protocol.ACTIONS:
            return _error_reply("unknown_type", _("Onbekend berichttype."), client_id), None, None
        # A message is the user's activity: it extends the session's idle timeout.
        access = self._access(keep_alive=True)
        if access.closed == Closed.SESSION_ENDED:
            reply = _error_reply("unauthenticated", _("Meld u opnieuw aan."), client_id)
            return reply, access, None
        if access.closed is not None:
            return _refusal(NotFound(), client_id), access, None
        if kind == SYNC:
            return None, access, None
        try:
            action = protocol.validate(
                actor=self.user, meeting=self.meeting_pk, type=kind, data=data, client_id=client_id
            )
        except (NotFound, ValidationError) as error:
            return _refusal(error, client_id), access, None
        if action.needs_check:
            return None, access, action
        return self._record(action), access, None

    def _check(self, action: protocol.Action) -> dict | None:
        """None when the action's text may go; otherwise the reply that holds it back, to
        this socket only (not an event, not broadcast, not stored)."""
        try:
            protocol.check(action)
        except checking.HeldBack as held:
            reply = checking.held_reply(held.check)
            return {"type": "held", "client_id": action.client_id, **reply}
        except ValidationError as error:
            return _refusal(error, action.client_id)
        return None

    def _check_on_its_own_thread(self, action: protocol.Action) -> dict | None:
        # A plain executor thread, not sync_to_async's: no context is carried over, so a
        # database connection the check opens (inline, the source's known identifiers) belongs
        # to this thread alone and goes back to the pool when it is done. With a checker
        # worker the check opens none.
        try:
            return self._check(action)
        finally:
            connections.close_all()

    def _record(self, action: protocol.Action) -> dict:
        try:
            event = protocol.apply(action)
        except (NotFound, ValidationError) as error:
            return _refusal(error, action.client_id)
        return {"type": "ack", "client_id": action.client_id, "seq": event.seq}

    async def _send_json(self, reply: dict) -> None:
        await self.send(text_data=json.dumps(reply))

    async def _catch_up_or_end(self, since: int) -> None:
        try:
            await self._catch_up(since)
        except UNAVAILABLE:
            await self._end(TRY_AGAIN_LATER)

    async def _catch_up(self, since: int):
        """Send every stored event after `since`, in order."""
        while True:
            batch = await live_db(events.events_since, self.meeting_pk, since)
            for seq, payload in batch:
                await self.send(text_data=payload)
                since = seq
                self.last_seq = max(self.last_seq, seq)
            if len(batch) < events.CATCH_UP_BATCH:
                return

    async def dispatch(self, message):
        # Channels hops to its database thread before every handler to close stale
        # connections. No handler here touches that thread's connection (live_db closes its
        # own threads' connections), and with 200 members that hop per delivery was most of
        # the server's time.
        handler = getattr(self, message["type"].replace(".", "_"), None)
        if handler is None or message["type"].startswith("_"):
            await super().dispatch(message)
        else:
            await handler(message)

    async def event_broadcast(self, message):
        seq = message["seq"]
        if seq <= self.last_seq or not await self._may_deliver():
            return
        if seq == self.last_seq + 1:
            self.last_seq = seq
            await self.send(text_data=message["text"])
            return
        # A broadcast went missing (or arrives ahead of one still on its way): fill from the record.
        await self._catch_up_or_end(self.last_seq)
