"""The outcome world: bram put a de-identified summary of his incident on anna's meeting of
"Intervisiegroep Utrecht"; anna ran the meeting through the live services, recorded the result,
agreed measures and closed it. Fixtures are imported by the test_outcome*.py modules."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from incidents.models import Incident
from meetings import live
from meetings.models import AgendaItem, AgreedMeasure, Meeting
from sharing.models import SharedItem
from tests.meetings.conftest import (  # noqa: F401  (fixtures)
    MeetingWorld,
    create_group,
    meeting_world,
)
from tests.meetings.conftest import make_item as make_meeting_item

RESULT = "Verwijsbrieven voortaan door een tweede persoon laten controleren op de huisarts."
AGREED = "Checklijst verwijsbrief invoeren in de praktijk"
EARLIER_RESULT = "Kort besproken met een collega: adresboek nakijken."
PROPOSED_ONLY = "Alle brieven alleen nog digitaal versturen"


def make_item(meeting: Meeting, owner, *, source_incident=None, **extra) -> AgendaItem:
    """An agenda item; with source_incident, shared from that incident (a SharedItem)."""
    item = make_meeting_item(meeting, owner, **extra)
    if source_incident is not None:
        SharedItem.objects.create(item=item, incident=source_incident)
    return item


def run_meeting(
    anna, meeting: Meeting, item: AgendaItem, *, result: str = RESULT, measures=()
) -> Meeting:
    """anna starts the meeting, opens the item, records the result, agrees the measures
    ((description, owner, due_on) tuples; an owner None means the item's owner) and closes."""
    live.meeting_start(actor=anna, meeting=meeting, early=True)
    live.item_open(actor=anna, meeting=meeting, item_id=item.pk)
    live.result_record(actor=anna, meeting=meeting, result=result, item_id=item.pk)
    for description, owner, due_on in measures:
        live.measure_propose(
            actor=anna,
            meeting=meeting,
            description=description,
            owner_id=owner.pk if owner else None,
            due_on=due_on,
            item_id=item.pk,
        )
        proposed = AgreedMeasure.objects.filter(item=item).latest("pk")
        live.measure_confirm(actor=anna, meeting=meeting, measure_id=proposed.pk)
    live.measure_propose(actor=anna, meeting=meeting, description=PROPOSED_ONLY, item_id=item.pk)
    live.meeting_close(actor=anna, meeting=meeting, confirmed=True)
    meeting.refresh_from_db()
    return meeting


def reopen_and_change(anna, meeting: Meeting, item: AgendaItem, *, result: str) -> None:
    """The chair reopens the meeting and changes the result: the live service bumps the
    outcome version; then closes again."""
    live.meeting_reopen(actor=anna, meeting=meeting)
    live.result_record(actor=anna, meeting=meeting, result=result, item_id=item.pk)
    live.meeting_close(actor=anna, meeting=meeting, confirmed=True)


@dataclass
class OutcomeWorld:
    world: MeetingWorld
    incident: Incident
    item: AgendaItem

    @property
    def meeting(self) -> Meeting:
        return self.world.meeting


@pytest.fixture
def outcome_world(meeting_world, file_incident, django_capture_on_commit_callbacks):  # noqa: F811
    """bram's incident (with his own earlier result text), discussed and closed: one measure
    agreed for carla with a date, one for bram without a date, one only proposed."""
    bram, anna = meeting_world.bram, meeting_world.anna
    incident = file_incident(
        bram,
        reporter_name=bram.full_name,
        analysis="Twee huisartsen met dezelfde naam in het adresboek.",
        discussed="ja",
        discussed_on=timezone.localdate() - timedelta(days=1),
        discussed_in="Collega in de praktijk",
        discussion_result=EARLIER_RESULT,
    )
    item = make_item(
        meeting_world.meeting,
        bram,
        title="Brief naar verkeerde huisarts",
        status=AgendaItem.Status.ACCEPTED,
        source_incident=incident,
    )
    due = timezone.localdate() + timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        run_meeting(
            anna,
            meeting_world.meeting,
            item,
            measures=[(AGREED, meeting_world.carla, due), ("Adresboek opschonen", None, None)],
        )
    item.refresh_from_db()
    return OutcomeWorld(world=meeting_world, incident=incident, item=item)
