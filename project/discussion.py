"""Where a practitioner discusses incidents, asked without the register knowing about groups.

`incidents` may not import `groups` (DESIGN.md, dependency direction). The groups app registers
the answer here when it starts (groups/apps.py); the register's written procedure asks it.
"""

from collections.abc import Callable

_providers: list[Callable] = []


def provide_discussion_places(func: Callable) -> Callable:
    """Register `func(user) -> list of names` of the places where `user` discusses incidents."""
    if func not in _providers:
        _providers.append(func)
    return func


def discussion_places(user) -> list[str]:
    return [name for provider in _providers for name in provider(user)]
