import io

from django.core.management import call_command
from django.utils import timezone

from meetings.models import AgendaItem, Meeting
from project.models import User


def test_seed_demo_adds_an_upcoming_meeting_with_items_of_bram_and_carla(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    meeting = Meeting.objects.get(
        group__name="Intervisiegroep Utrecht",
        status=Meeting.Status.SCHEDULED,
        starts_at__gt=timezone.now(),
    )
    items = AgendaItem.objects.filter(meeting=meeting, followed_measure=None).order_by("position")
    owners = [item.owner.email.split("@")[0] for item in items]
    assert owners == ["bram", "carla"]
    # The closed meeting's overdue measure is on the agenda as a follow-up, once.
    [followup] = AgendaItem.objects.filter(meeting=meeting, followed_measure__isnull=False)
    assert followup.owner.email.startswith("bram@")
    assert followup.status == AgendaItem.Status.PROPOSED
    assert not hasattr(followup, "shared")
    for item in items:
        assert item.shared.incident is not None
        assert item.shared.incident.register.owner == item.owner
        assert item.confirmed_deidentified_at is not None
    assert User.objects.get(email__startswith="anna@") == meeting.chair
