"""The meeting world of the stories: anna chairs "Intervisiegroep Utrecht"; bram and carla are
signed members; erik joined but has not signed; dirk is an outsider. The group has one upcoming
meeting, chaired by anna."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from groups.models import IncidentGroup
from meetings.models import AgendaItem, AgreedMeasure, Meeting
from meetings.services import followups_propose
from project.models import User
from tests.groups.conftest import create_group, join  # noqa: F401  (create_group is a fixture)


def make_meeting(group: IncidentGroup, chair: User, *, days: int = 7, **extra) -> Meeting:
    starts_at = (timezone.now() + timedelta(days=days)).replace(
        hour=19, minute=30, second=0, microsecond=0
    )
    return Meeting.objects.create(
        group=group,
        starts_at=starts_at,
        duration_minutes=extra.pop("duration_minutes", 90),
        location=extra.pop("location", "Praktijk De Linde, Utrecht"),
        chair=chair,
        created_by=chair,
        **extra,
    )


def make_item(meeting: Meeting, owner: User, **extra) -> AgendaItem:
    position = meeting.items.count() + 1
    return AgendaItem.objects.create(
        meeting=meeting,
        owner=owner,
        title=extra.pop("title", f"Agendapunt {position}"),
        summary=extra.pop("summary", "<p>Een geanonimiseerde samenvatting.</p>"),
        question=extra.pop("question", "Hoe hadden we dit kunnen voorkomen?"),
        confirmed_deidentified_at=extra.pop("confirmed_deidentified_at", timezone.now()),
        position=extra.pop("position", position),
        **extra,
    )


def make_followup(world, *, owner: User | None = None) -> AgendaItem:
    """A follow-up on the world's meeting of a measure (owner: bram) agreed at a closed meeting
    two weeks ago and overdue since three days."""
    earlier = make_meeting(world.group, world.anna, days=-14, status=Meeting.Status.CLOSED)
    item = make_item(earlier, world.bram, title="Eerder besproken", status="accepted")
    AgreedMeasure.objects.create(
        item=item,
        description="Verwijssjabloon aanpassen",
        owner=owner or world.bram,
        due_on=timezone.localdate() - timedelta(days=3),
        status=AgreedMeasure.Status.AGREED,
        proposed_by=world.anna,
    )
    [followup] = followups_propose(meeting=world.meeting)
    return followup


@dataclass
class MeetingWorld:
    group: IncidentGroup
    meeting: Meeting
    anna: User
    bram: User
    carla: User
    erik: User
    dirk: User

    def persona(self, key: str) -> User:
        return getattr(self, key)


@pytest.fixture
def meeting_world(anna, bram, carla, dirk, practitioner_factory, create_group) -> MeetingWorld:  # noqa: F811
    group = create_group(anna)
    join(anna, group, bram)
    join(anna, group, carla)
    erik = practitioner_factory("erik")
    join(anna, group, erik, signed=False)
    return MeetingWorld(
        group=group,
        meeting=make_meeting(group, anna),
        anna=anna,
        bram=bram,
        carla=carla,
        erik=erik,
        dirk=dirk,
    )


@pytest.fixture
def meeting(meeting_world) -> Meeting:
    return meeting_world.meeting


PATIENT_NAME = "Henk Zwanenburg"
PATIENT_BIRTH_DATE = "12-03-1950"
STAFF_NAME = "Ilse Brouwer"
DESCRIPTION = (
    "Bij de overdracht kreeg Henk Zwanenburg de verwijsbrief van een andere patiënt mee. "
    "De assistente merkte het de volgende ochtend op."
)
CLEAN_SUMMARY = (
    "Bij een overdracht kreeg een patiënt de verwijsbrief van een andere patiënt mee. "
    "Een collega merkte het de volgende ochtend op."
)


def make_incident(owner: User, **fields):
    """An incident in owner's own register, filed through the incidents service."""
    from incidents import services as incident_services
    from incidents.models import Register

    register = Register.objects.get(owner=owner)
    values = {
        "occurred_on": timezone.localdate() - timedelta(days=3),
        "place": "praktijk",
        "reporter_name": owner.full_name,
        "patient_names": PATIENT_NAME,
        "patient_birth_dates": PATIENT_BIRTH_DATE,
        "involved_staff": STAFF_NAME,
        "category": "overdracht",
        "description": DESCRIPTION,
        "severity": "bijna-incident",
    }
    values.update(fields)
    return incident_services.incident_create(actor=owner, register=register, fields=values)


@pytest.fixture
def bram_incident(meeting_world):
    return make_incident(meeting_world.bram)


@pytest.fixture(scope="session")
def checker():
    """The de-identification checker, loaded once per test session (~6 s, ~1.1 GB)."""
    from incidents import deidentify

    assert deidentify.wait_until_ready(timeout=600), "the checker did not load"
    return deidentify
