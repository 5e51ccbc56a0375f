"""Reminders from the incident groups: a meeting in two days, a declaration to sign, a status
asked for a measure followed up on the agenda."""

import datetime

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from groups.selectors import unsigned_memberships
from meetings.selectors import followups_awaiting_status, meetings_on
from reminders.due import Due
from reminders.models import Kind

MEETING_DAYS_AHEAD = 2


def meeting_reminders(today: datetime.date) -> list[Due]:
    """Two days before a meeting, to every signed member: when, and how many items (no
    titles)."""
    day = today + datetime.timedelta(days=MEETING_DAYS_AHEAD)
    found = []
    for meeting in meetings_on(day):
        line = ngettext(
            "Over twee dagen, op %(date)s, is er een bespreking met %(count)d agendapunt.",
            "Over twee dagen, op %(date)s, is er een bespreking met %(count)d agendapunten.",
            meeting.item_count,
        ) % {"date": formats.date_format(day, "j F Y"), "count": meeting.item_count}
        url = reverse("meetings:detail", args=[meeting.pk])
        found += [
            Due(kind=Kind.MEETING, user_id=user_id, key=f"meeting:{meeting.pk}", line=line, url=url)
            for user_id in meeting.attendee_ids
        ]
    return found


def declaration_reminders(today: datetime.date) -> list[Due]:
    """A member who has not signed the group's current declaration (new, or a new version)."""
    return [
        Due(
            kind=Kind.DECLARATION,
            user_id=membership.user_id,
            key=f"declaration:{membership.group.current_declaration_id}",
            line=_("Er is een geheimhoudingsverklaring die u nog moet tekenen."),
            url=reverse("groups:declaration", args=[membership.group_id]),
        )
        for membership in unsigned_memberships()
    ]


def followup_reminders(today: datetime.date) -> list[Due]:
    """To the owner of a follow-up on a meeting still to come, until they give its status: the
    meeting's date, no title and no measure."""
    found = []
    for item in followups_awaiting_status():
        day = timezone.localdate(item.meeting.starts_at)
        line = _(
            "Voor de bespreking van %(date)s wordt u gevraagd om in één regel de stand van "
            "zaken van een afgesproken maatregel te geven."
        ) % {"date": formats.date_format(day, "j F Y")}
        url = reverse("meetings:detail", args=[item.meeting_id]) + f"#item-{item.pk}"
        found.append(
            Due(
                kind=Kind.FOLLOWUP,
                user_id=item.owner_id,
                key=f"followup:{item.pk}",
                line=line,
                url=url,
            )
        )
    return found


def due_on(today: datetime.date) -> list[Due]:
    return [*meeting_reminders(today), *declaration_reminders(today), *followup_reminders(today)]
