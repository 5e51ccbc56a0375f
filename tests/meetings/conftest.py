"""The meeting world of the stories: anna chairs "Intervisiegroep Utrecht"; bram and carla are
signed members; erik joined but has not signed; dirk is an outsider. The group has one upcoming
meeting, chaired by anna."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from groups.models import IncidentGroup
from meetings.models import AgendaItem, Meeting
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
