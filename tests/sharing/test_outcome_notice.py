# ruff: noqa: F401, F811 - fixtures imported from outcome_world are redefined as arguments
"""Closing a meeting tells each owner of an item with a recorded result, once per outcome
version: in the app, and by an e-mail that carries nothing of the discussion."""

import pytest

from meetings.models import AgendaItem
from project import tasks
from sharing.models import OutcomeNotice
from sharing.selectors import pending_outcomes_for
from sharing.tasks import outcome_notices_send
from tests.sharing.outcome_world import (
    AGREED,
    RESULT,
    create_group,
    make_item,
    meeting_world,
    outcome_world,
    reopen_and_change,
    run_meeting,
)

pytestmark = pytest.mark.django_db


def test_closing_the_meeting_e_mails_the_owner_without_any_content(outcome_world, mailoutbox):
    world, item = outcome_world.world, outcome_world.item

    [mail] = mailoutbox
    assert mail.to == [world.bram.email]
    text = f"{mail.subject}\n{mail.body}"
    for secret in (RESULT, AGREED, item.title, item.summary, item.question, world.group.name):
        assert secret not in text
    assert outcome_world.incident.number not in text
    assert "/register/" in mail.body
    assert OutcomeNotice.objects.filter(item=item, outcome_version=item.outcome_version).exists()


def test_the_owner_sees_the_outcome_in_the_app_and_no_one_else_does(outcome_world):
    world = outcome_world.world

    assert list(pending_outcomes_for(world.bram)) == [outcome_world.item]
    for persona in ("anna", "carla", "erik", "dirk"):
        assert list(pending_outcomes_for(world.persona(persona))) == []


def test_saving_a_closed_meeting_again_tells_no_one_twice(
    outcome_world, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = outcome_world.meeting

    with django_capture_on_commit_callbacks(execute=True):
        meeting.notes = "Notulen nagekeken."
        meeting.save()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.run("sharing.outcome_notices_send", meeting.pk)

    assert len(mailoutbox) == 1
    assert OutcomeNotice.objects.count() == 1


def test_the_notice_task_is_registered_by_name_for_meetings_to_enqueue():
    tasks.autodiscover()
    assert tasks._registry["sharing.outcome_notices_send"] is outcome_notices_send


def test_a_changed_outcome_is_announced_again(
    outcome_world, mailoutbox, django_capture_on_commit_callbacks
):
    world, item = outcome_world.world, outcome_world.item

    with django_capture_on_commit_callbacks(execute=True):
        reopen_and_change(world.anna, world.meeting, item, result="Toch: een vaste verwijsroute.")

    assert len(mailoutbox) == 2
    assert mailoutbox[1].to == [world.bram.email]
    assert "vaste verwijsroute" not in mailoutbox[1].body
    assert OutcomeNotice.objects.filter(item=item).count() == 2


def test_items_without_a_result_or_without_an_incident_tell_no_one(
    meeting_world, file_incident, mailoutbox, django_capture_on_commit_callbacks
):
    world = meeting_world
    discussed = make_item(
        world.meeting, world.bram, status="accepted", source_incident=file_incident(world.bram)
    )
    make_item(
        world.meeting, world.carla, status="accepted", source_incident=file_incident(world.carla)
    )
    AgendaItem.objects.create(
        meeting=world.meeting, owner=world.anna, title="Vrij onderwerp", status="accepted"
    )

    with django_capture_on_commit_callbacks(execute=True):
        run_meeting(world.anna, world.meeting, discussed)

    assert [mail.to for mail in mailoutbox] == [[world.bram.email]]
    assert OutcomeNotice.objects.get().item == discussed
