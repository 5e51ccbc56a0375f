"""Page extensions: how a higher app adds to a lower app's page without the lower app importing it.

The dependency direction (docs/architecture.md) lets `meetings` import `groups` and `sharing`
import `incidents`, never the reverse. Yet the group page lists the group's meetings and the
incident page shows the outcomes of its discussions. So the lower app's view names its page and
calls `extend(page, request, context)`; a higher app registers, from its AppConfig.ready, an
`@extends(page)` function that adds to the context: data it reads itself (in the view, so query
counts see it), and template names appended to `context["sections"]`, which the page includes.
"""

from collections import defaultdict
from collections.abc import Callable

Extension = Callable[[object, dict], None]

_extensions: dict[str, list[Extension]] = defaultdict(list)


def extends(page: str) -> Callable[[Extension], Extension]:
    """Register `func(request, context)` as an extension of `page` (e.g. "groups.detail")."""

    def register(func: Extension) -> Extension:
        if func not in _extensions[page]:
            _extensions[page].append(func)
        return func

    return register


def extend(page: str, request, context: dict) -> dict:
    """`context`, after every extension registered for `page` has added to it."""
    context.setdefault("sections", [])
    for extension in _extensions[page]:
        extension(request, context)
    return context
