"""The app as a web process serves it, for bench/live_check_cost.py only (never imported by the
app): a message whose client id starts with "unchecked-" skips the check, so one server answers
the same message with and without it, interleaved, in the same run.

    uvicorn bench.live_check_app:application
"""

# ruff: noqa: I001  (the app first: it sets Django up)
from project.asgi import application  # noqa: F401
from meetings import protocol

_needs_check = protocol.Action.needs_check


def _needs_check_unless_marked(action: protocol.Action) -> bool:
    return _needs_check.fget(action) and not action.client_id.startswith("unchecked-")


protocol.Action.needs_check = property(_needs_check_unless_marked)
