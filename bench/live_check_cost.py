"""What the checker adds to a chat message on the live path: prints a table, asserts nothing.

One member's websocket on a real uvicorn server (bench/live_check_app.py: the app, where a
client id starting with "unchecked-" skips the check), a live meeting whose current item was
shared from an incident (so the check also resolves that incident's known identifiers). The same
clean chat message is posted N times with the check and N times without, alternating, one at a
time; each is timed from send to its ack (checked, recorded, broadcast). Two placements of the
checker, each in its own server:

- worker: as in production, the web process sends the text and the item's id to the checker
  worker (`celery worker --queues checker`) through Redis and waits for the answer;
- inline: as `make run`, the checker runs in the web process itself.

Usage (PostgreSQL and Redis required; the database is migrated and written to):
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/vim_bench REDIS_URL=redis://127.0.0.1:6379/7 \
    .venv/bin/python bench/live_check_cost.py [--n 200] [--placements worker,inline]

bench/deidentify_recall.py runs it too (its last table) when both variables are set.
"""

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.bench_live_settings")
os.environ.setdefault("CHANNEL_LAYER_PREFIX", f"vimkring-bench-check-{os.getpid()}")
os.environ.setdefault("CACHE_KEY_PREFIX", f"vimkring-bench-check-{os.getpid()}")

import django  # noqa: E402

django.setup()

import websockets  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

MESSAGE = (
    "Bij ons gebeurde iets vergelijkbaars: twee verpakkingen leken sterk op elkaar. Sindsdien "
    "liggen ze op aparte planken, met een kaartje erbij, en kijkt een tweede collega mee bij "
    "het klaarzetten."
)
LOAD_TIMEOUT = 900
WARM_UP = 10

PLACEMENTS = {
    "worker": {"TASKS_INLINE": "0", "DEIDENTIFY_IN_WORKER": "1", "DEIDENTIFY_PRELOAD": "0"},
    "inline": {"TASKS_INLINE": "1", "DEIDENTIFY_IN_WORKER": "0", "DEIDENTIFY_PRELOAD": "1"},
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_world() -> tuple[int, str]:
    """A live meeting whose current item was shared from an incident; a member's cookie."""
    from groups import services as group_services
    from meetings.models import AgendaItem, Meeting
    from project.models import User
    from sharing.models import SharedItem
    from tests.meetings.conftest import make_incident
    from tests.meetings.live_fixtures import make_signed_members, session_cookie

    tag = f"{os.getpid()}-{time.monotonic_ns()}"
    chair = User.objects.create_user(email=f"chair-{tag}@example.org", full_name="Anna Bench")
    group = group_services.group_create(actor=chair, name=f"Bench {tag}")
    group_services.signature_sign(
        actor=chair, group=group, declaration=group.current_declaration, typed_name="Anna Bench"
    )
    [member] = make_signed_members(group, 1, prefix=f"check-{tag}-")
    meeting = Meeting.objects.create(
        group=group, starts_at=timezone.now(), chair=chair, created_by=chair, status="live"
    )
    item = AgendaItem.objects.create(
        meeting=meeting, owner=chair, title="Verwisseling", status="accepted", position=1
    )
    SharedItem.objects.create(item=item, incident=make_incident(chair))
    Meeting.objects.filter(pk=meeting.pk).update(current_item=item, started_at=timezone.now())
    return meeting.pk, session_cookie(member)


def start(command: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env})


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def healthz(port: int) -> dict:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            return json.loads(response.read())
    except OSError:
        return {}


async def measure(port: int, meeting_pk: int, cookie: str, n: int) -> dict[str, list[float]]:
    url = f"ws://127.0.0.1:{port}/ws/besprekingen/{meeting_pk}/"
    times: dict[str, list[float]] = {"checked": [], "unchecked": []}
    async with websockets.connect(
        url, additional_headers=[("Cookie", cookie), ("Origin", "http://127.0.0.1")]
    ) as ws:

        async def post(client_id: str) -> float:
            started = time.perf_counter()
            envelope = {"type": "message.post", "client_id": client_id, "data": {"body": MESSAGE}}
            await ws.send(json.dumps(envelope))
            while True:
                reply = json.loads(await ws.recv())
                if reply.get("client_id") == client_id and reply["type"] != "event":
                    break
            if reply["type"] != "ack":
                raise RuntimeError(f"the message was not taken: {reply}")
            return (time.perf_counter() - started) * 1000

        for i in range(WARM_UP):
            await post(f"warm-{i}")
            await post(f"unchecked-warm-{i}")
        for i in range(n):
            # Alternate, so both see the same machine at the same moments.
            first, second = ("checked", "unchecked") if i % 2 else ("unchecked", "checked")
            for kind in (first, second):
                client_id = f"{'unchecked-' if kind == 'unchecked' else ''}{kind}-{i}"
                times[kind].append(await post(client_id))
    return times


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.99 * len(ordered)) - 1)]


def run_placement(placement: str, n: int) -> dict:
    env = {**PLACEMENTS[placement], "DJANGO_SETTINGS_MODULE": "bench.bench_live_settings"}
    meeting_pk, cookie = make_world()
    port = free_port()
    processes = []
    try:
        if placement == "worker":
            cache.delete("deidentify-checker-ready")
            processes.append(
                start(
                    [
                        sys.executable, "-m", "celery", "-A", "project", "worker", "--queues",
                        "checker", "--pool", "threads", "--concurrency", "2", "--loglevel",
                        "WARNING", "--hostname", f"bench-checker-{os.getpid()}@%h",
                    ],
                    env,
                )
            )  # fmt: skip
        processes.append(
            start(
                [
                    sys.executable, "-m", "uvicorn", "bench.live_check_app:application",
                    "--host", "127.0.0.1", "--port", str(port), "--lifespan", "off",
                    "--log-level", "warning", "--no-access-log",
                ],
                env,
            )
        )  # fmt: skip
        deadline = time.monotonic() + LOAD_TIMEOUT
        while healthz(port).get("checker") != "ready":
            if time.monotonic() > deadline or any(p.poll() is not None for p in processes):
                raise RuntimeError(f"{placement}: the checker never became ready")
            time.sleep(1)
        times = asyncio.run(measure(port, meeting_pk, cookie, n))
    finally:
        for process in reversed(processes):
            stop(process)
    checked, unchecked = times["checked"], times["unchecked"]
    return {
        "placement": placement,
        "n": n,
        "p50_with": statistics.median(checked),
        "p50_without": statistics.median(unchecked),
        "p99_with": p99(checked),
        "p99_without": p99(unchecked),
    }


def report(results: list[dict]) -> None:
    print(
        "\nPer chat message on the live path (send → ack, one member, the item shared from an "
        f"incident; {results[0]['n']} messages each way, alternating):\n"
    )
    print("| checker | p50 without | p50 with | p99 without | p99 with | added p99 | p99 ratio |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['placement']} | {r['p50_without']:.1f} ms | {r['p50_with']:.1f} ms | "
            f"{r['p99_without']:.1f} ms | {r['p99_with']:.1f} ms | "
            f"{r['p99_with'] - r['p99_without']:+.1f} ms | "
            f"{r['p99_with'] / r['p99_without']:.2f} |"
        )
    try:
        load = os.getloadavg()[0]
        print(f"\nload average at the end: {load:.1f} on {os.cpu_count()} cores")
    except OSError:
        pass


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--placements", default="worker,inline")
    args = parser.parse_args(argv)
    if not settings.REDIS_URL or "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        print("live_check_cost needs DATABASE_URL (PostgreSQL) and REDIS_URL", file=sys.stderr)
        return 2
    call_command("migrate", verbosity=0)
    results = []
    for placement in args.placements.split(","):
        result = run_placement(placement, args.n)
        results.append(result)
        print(f"done: {result}", flush=True)
    report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
