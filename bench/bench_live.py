"""Live meeting fan-out benchmark: prints a table, asserts nothing.

One meeting, N members connected over real websockets to real uvicorn servers (one or two
processes, Redis layer), one sender. For the bare baseline (bench/bench_live_bare.py: a consumer
that only group_sends) and the app's consumer (meetings/consumers.py, with its database write,
rendering and catch-up), it measures:
- steady: end-to-end latency p50/p99 from send to receipt at every member at RATE msg/s;
- burst: BURST messages sent at once, delivered messages per second until all arrived;
- lost: deliveries that never arrived (the app's catch-up fills layer drops, so they count as
  arrived, late).

Usage (PostgreSQL and Redis required):
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/vim_bench REDIS_URL=redis://127.0.0.1:6379/7 \
    .venv/bin/python bench/bench_live.py --n 200 --rate 20 --seconds 10 --burst 1000
"""

import argparse
import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.bench_live_settings")
os.environ.setdefault("CHANNEL_LAYER_PREFIX", f"vimkring-bench-{os.getpid()}")

import django  # noqa: E402

django.setup()

import websockets  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

BENCH_ID = re.compile(rb"bench (\d+) ")
PROBE = 999_999


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_servers(app: str, count: int) -> list[tuple[subprocess.Popen, int]]:
    servers = []
    for _ in range(count):
        port = free_port()
        process = subprocess.Popen(
            [
                sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port),
                "--lifespan", "off", "--ws-ping-interval", "30", "--ws-ping-timeout", "120",
                "--ws-per-message-deflate", "false",
                "--log-level", "warning", "--no-access-log",
            ],
            cwd=ROOT,
            env=os.environ.copy(),
        )  # fmt: skip
        servers.append((process, port))
    for process, port in servers:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"server on {port} did not start") from None
                time.sleep(0.1)  # polling a port that is not open yet
    return servers


def stop_servers(servers):
    for process, _port in servers:
        process.terminate()
    for process, _port in servers:
        process.wait(timeout=30)


def make_world(n: int):
    """A fresh meeting with a current item, N signed members and their session cookies."""
    from groups import services as group_services
    from meetings.models import AgendaItem, Meeting
    from tests.meetings.live_fixtures import make_signed_members, session_cookie

    tag = f"{os.getpid()}-{time.time_ns()}"
    chair = make_signed_members_chair(tag)
    group = group_services.group_create(actor=chair, name=f"Bench {tag}")
    group_services.signature_sign(
        actor=chair,
        group=group,
        declaration=group.current_declaration,
        typed_name=chair.full_name,
    )
    members = make_signed_members(group, n, prefix=f"b{tag}-")
    meeting = Meeting.objects.create(
        group=group, starts_at=timezone.now(), chair=chair, created_by=chair, status="live"
    )
    item = AgendaItem.objects.create(
        meeting=meeting, owner=chair, title="Bench", status="accepted", position=1
    )
    Meeting.objects.filter(pk=meeting.pk).update(current_item=item, started_at=timezone.now())
    return meeting.pk, session_cookie(chair), [session_cookie(m) for m in members]


def make_signed_members_chair(tag: str):
    from project.models import User

    return User.objects.create_user(email=f"chair-{tag}@example.org", full_name="Anna Bench")


class Receiver:
    def __init__(self):
        self.received: dict[int, float] = {}
        self.ready = asyncio.Event()

    async def run(self, url: str, cookie: str | None, ready_marker: bytes):
        headers = [("Origin", "http://127.0.0.1")] + ([("Cookie", cookie)] if cookie else [])
        self.ws = await websockets.connect(
            url,
            additional_headers=headers,
            max_queue=None,
            open_timeout=120,
            max_size=None,
            # The client library's own 20 s keepalive closed busy connections mid-burst (1006);
            # the server's keepalive is the one under test.
            ping_interval=None,
        )
        async for raw in self.ws:
            data = raw.encode() if isinstance(raw, str) else raw
            match = BENCH_ID.search(data)
            if match:
                self.received.setdefault(int(match.group(1)), time.perf_counter())
            elif ready_marker in data:
                self.ready.set()


async def run_case(kind: str, procs: int, args) -> dict:
    app = "bench.bench_live_bare:application" if kind == "bare" else "project.asgi:application"
    if kind == "bare":
        meeting_pk, sender_cookie, cookies = 0, None, [None] * args.n
        path = "/ws/bare/"
        marker = b'"ready"'
    else:
        meeting_pk, sender_cookie, cookies = await asyncio.to_thread(make_world, args.n)
        path = f"/ws/besprekingen/{meeting_pk}/?last_seq=0"
        marker = b'"member.joined"'
    servers = start_servers(app, procs)
    try:
        receivers = [Receiver() for _ in cookies]
        tasks = []
        for index, (receiver, cookie) in enumerate(zip(receivers, cookies, strict=True)):
            port = servers[index % procs][1]
            tasks.append(
                asyncio.create_task(receiver.run(f"ws://127.0.0.1:{port}{path}", cookie, marker))
            )
            if index % 20 == 19:
                await asyncio.sleep(0.05)  # pace the connects a little; the join storm is a test
        ready = asyncio.gather(*(r.ready.wait() for r in receivers))
        await asyncio.wait(
            {asyncio.ensure_future(ready), *tasks}, timeout=300, return_when="FIRST_COMPLETED"
        )
        for task in tasks:
            if task.done():
                task.result()  # a receiver that failed to connect fails the run loudly
        if not ready.done():
            raise RuntimeError("not every receiver got in")
        sender = await websockets.connect(
            f"ws://127.0.0.1:{servers[0][1]}{path}",
            additional_headers=[("Origin", "http://127.0.0.1")]
            + ([("Cookie", sender_cookie)] if sender_cookie else []),
            max_queue=None,
            max_size=None,
            ping_interval=None,
        )
        replies: dict[str, int] = {}
        drain = asyncio.create_task(_drain(sender, replies))

        def envelope(i: int) -> str:
            if kind == "bare":
                return json.dumps({"type": "bench", "body": f"bench {i} "})
            return json.dumps(
                {"type": "message.post", "client_id": f"m{i}", "data": {"body": f"bench {i} x"}}
            )

        # A probe sent after every join: once all have it, the joins' own broadcasts are done.
        await sender.send(envelope(PROBE))
        await _settle(receivers, [PROBE], quiet=120)

        # Steady rate.
        sent: dict[int, float] = {}
        count = int(args.rate * args.seconds)
        start = time.perf_counter()
        for i in range(count):
            target = start + i / args.rate
            delay = target - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            sent[i] = time.perf_counter()
            await sender.send(envelope(i))
        steady_ids = range(count)
        await _settle(receivers, steady_ids)
        latencies = [
            (r.received[i] - sent[i]) * 1000
            for r in receivers
            for i in steady_ids
            if i in r.received
        ]
        steady_lost = len(receivers) * count - len(latencies)

        # Burst.
        burst_ids = range(count, count + args.burst)
        burst_start = time.perf_counter()
        for i in burst_ids:
            sent[i] = time.perf_counter()
            await sender.send(envelope(i))
        await _settle(receivers, burst_ids)
        arrivals = [r.received[i] for r in receivers for i in burst_ids if i in r.received]
        burst_elapsed = (max(arrivals) - burst_start) if arrivals else float("nan")
        burst_lost = len(receivers) * args.burst - len(arrivals)

        drain.cancel()
        closed_early = sender.close_code
        await sender.close()
        for receiver in receivers:
            await receiver.ws.close()
        for task in tasks:
            task.cancel()
        latencies.sort()
        return {
            "kind": kind,
            "procs": procs,
            "p50": statistics.median(latencies),
            "p99": latencies[int(len(latencies) * 0.99) - 1],
            "steady_lost": steady_lost,
            "burst_rate": len(arrivals) / burst_elapsed,
            "burst_lost": burst_lost,
            "sender_replies": replies,
            "sender_closed_early": closed_early,
        }
    finally:
        stop_servers(servers)


async def _drain(ws, replies: dict):
    """Read the sender's own replies; count acks and errors by code (a refused post is no loss
    of the fan-out, but the benchmark must say it happened)."""
    async for raw in ws:
        message = json.loads(raw)
        if message.get("type") in {"ack", "error"}:
            key = message["type"] if message["type"] == "ack" else f"error:{message.get('code')}"
            replies[key] = replies.get(key, 0) + 1


async def _settle(receivers, ids, quiet: float = 10.0):
    """Until every receiver has every id, or nothing has arrived for `quiet` seconds."""
    ids = list(ids)
    last_total, last_change = -1, time.perf_counter()
    while True:
        total = sum(1 for r in receivers for i in ids if i in r.received)
        if total == len(receivers) * len(ids):
            return
        if total != last_total:
            last_total, last_change = total, time.perf_counter()
        elif time.perf_counter() - last_change > quiet:
            return
        await asyncio.sleep(0.2)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--rate", type=float, default=20)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--burst", type=int, default=1000)
    parser.add_argument("--procs", default="1,2")
    args = parser.parse_args()
    if not settings.REDIS_URL or "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        sys.exit("bench_live needs DATABASE_URL (PostgreSQL) and REDIS_URL")
    call_command("migrate", verbosity=0)
    results = []
    for procs in [int(p) for p in args.procs.split(",")]:
        for kind in ("bare", "app"):
            result = asyncio.run(run_case(kind, procs, args))
            results.append(result)
            print(f"done: {result}", flush=True)
    print(
        f"\nN={args.n}, {args.rate:g} msg/s for {args.seconds:g} s, burst {args.burst}; "
        "uvicorn, Redis layer; clients on the same machine\n"
    )
    header = (
        f"{'consumer':<8} {'procs':>5} {'p50 ms':>8} {'p99 ms':>8} {'lost':>6} "
        f"{'burst/s':>9} {'b.lost':>7} {'p99/bare':>9} {'burst/bare':>11}"
    )
    print(header)
    print("-" * len(header))
    for result in results:
        bare = next(r for r in results if r["kind"] == "bare" and r["procs"] == result["procs"])
        print(
            f"{result['kind']:<8} {result['procs']:>5} {result['p50']:>8.1f} {result['p99']:>8.1f} "
            f"{result['steady_lost']:>6} {result['burst_rate']:>9.0f} {result['burst_lost']:>7} "
            f"{result['p99'] / bare['p99']:>9.2f} "
            f"{result['burst_rate'] / bare['burst_rate']:>11.2f}"
        )
    print("\ntarget: app p99 <= 1.25 x bare, nothing lost, app burst >= 0.8 x bare")


if __name__ == "__main__":
    main()
