"""The reminder sources, one module per side of the privacy boundary (each reads through its
apps' selectors and never holds both incidents and meetings): `register` (measures and
calamities), `groups` (meetings and declarations), `outcomes` (outcomes to import)."""

import datetime

from reminders.due import Due
from reminders.sources import groups, outcomes, register


def due_on(today: datetime.date) -> list[Due]:
    """Every reminder due today, of every kind, before preferences and earlier sends."""
    return [*register.due_on(today), *groups.due_on(today), *outcomes.due_on(today)]
