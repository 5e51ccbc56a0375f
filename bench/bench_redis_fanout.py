"""Raw Redis fan-out baseline for bench_live.py: prints figures, asserts nothing.

N subscriber connections on one Redis pub/sub channel and one publisher, all in this process (as
the websocket clients of bench_live.py are): latency from publish to receipt at each subscriber,
at RATE msg/s, p50 and p99. This is the floor under any channel layer: no ASGI server, no
websocket, no Django.

Usage: REDIS_URL=redis://127.0.0.1:6379/8 .venv/bin/python bench/bench_redis_fanout.py --n 200
"""

import argparse
import asyncio
import os
import statistics
import time

import redis.asyncio as redis

CHANNEL = f"bench-fanout-{os.getpid()}"


async def subscriber(url: str, ready: asyncio.Event, latencies: list, count: int, done):
    client = redis.from_url(url)
    pubsub = client.pubsub()
    await pubsub.subscribe(CHANNEL)
    ready.set()
    received = 0
    async for message in pubsub.listen():
        if message["type"] != "message":
            continue
        latencies.append((time.perf_counter() - float(message["data"])) * 1000)
        received += 1
        if received == count:
            break
    await pubsub.aclose()
    await client.aclose()
    done()


async def main(args):
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    latencies: list[float] = []
    count = int(args.rate * args.seconds)
    finished = asyncio.Event()
    remaining = [args.n]

    def done():
        remaining[0] -= 1
        if remaining[0] == 0:
            finished.set()

    readies = [asyncio.Event() for _ in range(args.n)]
    tasks = [
        asyncio.create_task(subscriber(url, ready, latencies, count, done)) for ready in readies
    ]
    await asyncio.gather(*(ready.wait() for ready in readies))
    publisher = redis.from_url(url)
    start = time.perf_counter()
    for i in range(count):
        delay = start + i / args.rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        await publisher.publish(CHANNEL, repr(time.perf_counter()))
    await asyncio.wait_for(finished.wait(), timeout=60)
    await publisher.aclose()
    await asyncio.gather(*tasks)
    latencies.sort()
    lost = args.n * count - len(latencies)
    print(
        f"raw Redis pub/sub, N={args.n}, {args.rate:g} msg/s for {args.seconds:g} s: "
        f"p50 {statistics.median(latencies):.1f} ms, "
        f"p99 {latencies[int(len(latencies) * 0.99) - 1]:.1f} ms, lost {lost}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--rate", type=float, default=20)
    parser.add_argument("--seconds", type=float, default=10)
    asyncio.run(main(parser.parse_args()))
