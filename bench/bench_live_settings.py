"""Settings for bench_live.py's servers: the test settings, with the per-person flood
throttle opened up so the benchmark's single sender can send its burst."""

from tests.settings import *  # noqa: F403

LIVE_THROTTLE_MESSAGES = 1_000_000
