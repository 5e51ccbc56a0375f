"""Sending the reminders that are due, and each person's choice of how often.

Every reminder is recorded as a `ReminderSent` row before anything is sent; its unique
constraint (user, kind, key, day) makes a second run on the same day, or two runs at once, send
nothing twice. The e-mail holds a link to the dashboard and nothing else; the notice on the
dashboard holds a line of dates and counts.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from reminders import sources
from reminders.due import Due
from reminders.models import Frequency, Kind, Preference, ReminderSent

WEEK = datetime.timedelta(days=7)


def _wanted(dues: list[Due], today: datetime.date) -> list[Due]:
    """The reminders each person wants: not switched off, at most once a week when weekly, each
    one once, and only to active users (three queries)."""
    user_ids = {due.user_id for due in dues}
    active = set(
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .values_list("pk", flat=True)
    )
    frequency = {
        (user_id, kind): value
        for user_id, kind, value in Preference.objects.filter(user__in=active).values_list(
            "user_id", "kind", "frequency"
        )
    }
    sent_this_week = set(
        ReminderSent.objects.filter(user__in=active, sent_on__gt=today - WEEK).values_list(
            "user_id", "kind", "key"
        )
    )
    wanted, seen = [], set()
    for due in dues:
        ident = (due.user_id, due.kind, due.key)
        chosen = frequency.get((due.user_id, due.kind), Frequency.DAILY)
        if due.user_id not in active or ident in seen or chosen == Frequency.OFF:
            continue
        if chosen == Frequency.WEEKLY and ident in sent_this_week:
            continue
        seen.add(ident)
        wanted.append(due)
    return wanted


def _record(due: Due, today: datetime.date) -> bool:
    """Record the reminder; False when it was already sent today."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                user_id=due.user_id,
                kind=due.kind,
                key=due.key,
                sent_on=today,
                line=due.line[:200],
                url=due.url,
            )
    except IntegrityError:
        return False
    return True


def _send_mails(user_ids: list[int]) -> None:
    # Outside a request there is no host to build a link from: SITE_URL names it.
    url = settings.SITE_URL.rstrip("/") + reverse("home")
    subject = _("Herinnering van VIM-kring")
    body = render_to_string("reminders/email/reminder.txt", {"url": url})
    emails = get_user_model().objects.filter(pk__in=user_ids).values_list("email", flat=True)
    for email in emails:
        if email:
            send_mail(subject, body, None, [email])


@transaction.atomic
def reminders_send_due(*, today: datetime.date) -> dict[int, int]:
    """Record every reminder due today that its person wants and has not had today, then e-mail
    each person who got at least one a link (after commit). Answers {user id: reminders}."""
    counts: dict[int, int] = defaultdict(int)
    for due in _wanted(sources.due_on(today), today):
        if _record(due, today):
            counts[due.user_id] += 1
    if counts:
        user_ids = sorted(counts)
        transaction.on_commit(lambda: _send_mails(user_ids))
    return dict(counts)


@transaction.atomic
def preferences_save(*, actor, frequencies: dict[str, str]) -> None:
    """Store how often `actor` wants each kind of reminder."""
    for kind, frequency in frequencies.items():
        if kind in Kind.values and frequency in Frequency.values:
            Preference.objects.update_or_create(
                user=actor, kind=kind, defaults={"frequency": frequency}
            )
