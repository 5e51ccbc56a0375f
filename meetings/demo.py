"""Demo for `seed_demo`: an upcoming meeting of "Intervisiegroep Utrecht" with two shared items,
one of bram's incidents and one of carla's. Idempotent (the meeting's notes mark that it ran)."""

import datetime

from django.utils import timezone

from groups.demo import DEMO_GROUP
from groups.models import IncidentGroup
from meetings.models import AgendaItem, Meeting
from meetings.sanitize import text_to_html
from meetings.selectors import agenda_items, group_meetings
from project.management.commands.seed_demo import counted

DEMO_NOTES = "Iedereen brengt gerust een eigen casus in. Koffie staat klaar vanaf 19.15 uur."
ITEMS = [
    (
        "bram",
        "medicatie",
        "Ander middel dan in de overdracht",
        "Een cliënt vertelde dat de huisarts een ander middel had voorgeschreven dan in de "
        "overdracht stond. De overdracht was mondeling gegaan en niet schriftelijk bevestigd.",
        "Hoe leggen jullie een mondelinge overdracht over medicatie vast?",
        "accepted",
    ),
    (
        "carla",
        "communicatie",
        "Verbinding weg tijdens een crisisgesprek",
        "Tijdens een online crisisgesprek viel de verbinding weg. De cliënt kon niet direct "
        "worden teruggebeld, omdat er geen telefoonnummer bij de afspraak stond.",
        "Welke afspraken maken jullie vooraf voor als een videogesprek wegvalt?",
        "proposed",
    ),
]


def seed(users, stdout) -> None:
    anna = users["anna"]
    group = IncidentGroup.objects.filter(name=DEMO_GROUP, created_by=anna).first()
    if group is None:
        stdout.write("Besprekingen-demo overgeslagen: de demogroep ontbreekt.")
        return
    if Meeting.objects.filter(group=group, notes=DEMO_NOTES).exists():
        return
    starts_at = timezone.localtime(timezone.now() + datetime.timedelta(days=14)).replace(
        hour=19, minute=30, second=0, microsecond=0
    )
    meeting = Meeting.objects.create(
        group=group,
        starts_at=starts_at,
        duration_minutes=90,
        location="Praktijk De Linde, Utrecht",
        notes=DEMO_NOTES,
        chair=anna,
        created_by=anna,
    )
    # Demo shortcut: these fixed, de-identified texts go on the agenda directly instead of through
    # the share form (which runs the checker); sharing.demo links each to its owner's incident.
    for position, (key, category, title, summary, question, status) in enumerate(ITEMS, 1):
        owner = users[key]
        AgendaItem.objects.create(
            meeting=meeting,
            owner=owner,
            title=title,
            category=category,
            summary=text_to_html(summary),
            question=question,
            confirmed_deidentified_at=timezone.now(),
            status=status,
            position=position,
            expected_minutes=30,
        )
    stdout.write(f"Bespreking: {DEMO_GROUP}, {starts_at:%d-%m-%Y %H:%M}")


def summary(users) -> list[str]:
    """The demo group's meetings as its page lists them, and the next one's agenda as its chair
    sees it (follow-ups included)."""
    group = IncidentGroup.objects.filter(name=DEMO_GROUP, created_by=users["anna"]).first()
    if group is None:
        return []
    meetings = group_meetings(group)
    lines = [
        f"Besprekingen van {DEMO_GROUP}: "
        f"{len(meetings['upcoming'])} komende, "
        f"{len(meetings['past'])} eerdere"
    ]
    for meeting in meetings["upcoming"]:
        items = list(agenda_items(meeting.chair, meeting))
        followups = sum(1 for item in items if item.is_followup)
        when = timezone.localtime(meeting.starts_at)
        lines.append(
            f"Bespreking van {when:%d-%m-%Y %H:%M}: "
            f"{counted(len(items), 'agendapunt', 'agendapunten')}, "
            f"waarvan {counted(followups, 'opvolging', 'opvolgingen')}"
        )
    return lines
