"""Demo for `seed_demo`: the meetings demo's items linked to their owners' demo incidents, and a
closed meeting of "Intervisiegroep Utrecht" with an outcome waiting for bram to import. Runs
after the incidents, groups and meetings demos; idempotent (the demo item marks that it ran)."""

import datetime

from django.utils import timezone

from groups.demo import DEMO_GROUP
from groups.models import IncidentGroup
from incidents import services
from meetings import demo as meetings_demo
from meetings import live
from meetings import services as meeting_services
from meetings.models import AgendaItem, AgreedMeasure, Meeting
from project.management.commands.seed_demo import counted
from sharing.models import SharedItem
from sharing.selectors import pending_outcomes_list

ITEM_TITLE = "Verwijsbrief bij de verkeerde huisarts"
RESULT = (
    "Herkenbaar voor meerdere leden: twee huisartsen met dezelfde naam in het adresboek. "
    "Afgesproken: bij elke verwijzing de AGB-code van de huisarts controleren."
)
# (description, due in days from today): the second was due two days ago, so it comes back on
# the next meeting's agenda as a follow-up ("opvolging").
MEASURES = [
    ("AGB-code van de huisarts opnemen in het verwijssjabloon", 14),
    ("Adresboek nalopen op dubbele namen", -2),
]


def _link_meeting_demo_items(group, users) -> None:
    """Each item of the meetings demo keeps its owner's demo incident of that category."""
    for key, category, title, *_rest in meetings_demo.ITEMS:
        owner = users[key]
        for item in AgendaItem.objects.filter(
            meeting__group=group, meeting__notes=meetings_demo.DEMO_NOTES, owner=owner, title=title
        ):
            SharedItem.objects.get_or_create(
                item=item,
                defaults={"incident": owner.register.incidents.filter(category=category).first()},
            )


def seed(users, stdout) -> None:
    anna, bram = users["anna"], users["bram"]
    group = IncidentGroup.objects.filter(name=DEMO_GROUP, created_by=anna).first()
    if group is None:
        stdout.write("Uitkomst-demo overgeslagen: de demogroep ontbreekt.")
        return
    _link_meeting_demo_items(group, users)
    if AgendaItem.objects.filter(meeting__group=group, owner=bram, title=ITEM_TITLE).exists():
        return
    today = timezone.localdate()
    incident = services.incident_create(
        actor=bram,
        register=bram.register,
        fields={
            "reported_on": today - datetime.timedelta(days=20),
            "occurred_on": today - datetime.timedelta(days=21),
            "place": "Praktijk",
            "reporter_name": bram.full_name,
            "category": "verwijzing",
            "description": "Verwijsbrief naar een huisarts met dezelfde naam gestuurd; de "
            "huisarts belde de volgende dag terug.",
            "severity": "bijna-incident",
            "analysis": "Adresboek zocht op naam; de AGB-code werd niet gecontroleerd.",
            "contributing_factors": ["technisch", "menselijk"],
        },
    )
    meeting = Meeting.objects.create(
        group=group,
        # Last week's evening meeting.
        starts_at=(timezone.localtime() - datetime.timedelta(days=7)).replace(
            hour=19, minute=30, second=0, microsecond=0
        ),
        location="Praktijk De Linde, Utrecht",
        chair=anna,
        created_by=anna,
    )
    # Demo shortcut: the item is put on the agenda directly instead of through the share form.
    item = AgendaItem.objects.create(
        meeting=meeting,
        owner=bram,
        title=ITEM_TITLE,
        category="verwijzing",
        summary="<p>Een verwijsbrief ging naar een huisarts met dezelfde naam als de bedoelde "
        "huisarts. De fout werd de volgende dag ontdekt.</p>",
        question="Hoe voorkomen jullie verwisseling van huisartsen met dezelfde naam?",
        confirmed_deidentified_at=timezone.now(),
        status=AgendaItem.Status.ACCEPTED,
        position=1,
    )
    SharedItem.objects.create(item=item, incident=incident)
    live.meeting_start(actor=anna, meeting=meeting, early=True)
    live.item_open(actor=anna, meeting=meeting, item_id=item.pk)
    live.result_record(actor=anna, meeting=meeting, result=RESULT, item_id=item.pk)
    for description, due_in in MEASURES:
        live.measure_propose(
            actor=anna,
            meeting=meeting,
            description=description,
            owner_id=bram.pk,
            due_on=today + datetime.timedelta(days=due_in),
            item_id=item.pk,
        )
        measure = AgreedMeasure.objects.filter(item=item).latest("pk")
        live.measure_confirm(actor=anna, meeting=meeting, measure_id=measure.pk)
    live.item_mark(
        actor=anna, meeting=meeting, discussion=AgendaItem.Discussion.DISCUSSED, item_id=item.pk
    )
    live.meeting_close(actor=anna, meeting=meeting, confirmed=True)
    # As when anna opens the next meeting: the overdue measure comes on as a follow-up.
    upcoming = Meeting.objects.filter(group=group, notes=meetings_demo.DEMO_NOTES).first()
    if upcoming is not None:
        meeting_services.followups_propose(meeting=upcoming)
    stdout.write(
        f"Bespreking van {DEMO_GROUP} afgesloten; uitkomst klaar voor {bram.full_name} "
        f"om te importeren (melding {incident.number})."
    )


def summary(users) -> list[str]:
    """Each persona's outcomes waiting for import, as their dashboard lists them."""
    return [
        f"Uitkomsten om te importeren voor {user.full_name}: "
        f"{counted(len(pending_outcomes_list(user)), 'uitkomst', 'uitkomsten')}"
        for user in users.values()
    ]
