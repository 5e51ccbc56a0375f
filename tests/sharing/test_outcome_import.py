# ruff: noqa: F811 - the fixtures imported from outcome_world are redefined as arguments
"""Importing a meeting's outcome into the private incident: content, idempotence, a changed
outcome, who may import, the access log and the derived step."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from incidents import services
from incidents.models import Measure, Step, StepState
from incidents.selectors import register_incidents
from meetings.models import AgendaItem
from project.errors import NotFound
from project.models import AccessLogEntry
from sharing.models import OutcomeImport
from sharing.selectors import discussion_history, pending_outcomes_for
from sharing.services import import_outcome
from tests.incidents.conftest import vim_fields
from tests.sharing.outcome_world import (  # noqa: F401  (fixtures)
    AGREED,
    EARLIER_RESULT,
    PROPOSED_ONLY,
    RESULT,
    create_group,
    make_item,
    meeting_world,
    outcome_world,
    reopen_and_change,
    run_meeting,
)

pytestmark = pytest.mark.django_db


def test_import_fills_the_discussion_and_appends_the_result(outcome_world):
    bram, incident = outcome_world.world.bram, outcome_world.incident

    result = import_outcome(actor=bram, item=outcome_world.item)

    assert result.created
    incident.refresh_from_db()
    assert incident.discussed == "ja"
    assert incident.discussed_on == timezone.localdate(outcome_world.meeting.starts_at)
    assert incident.discussed_in == "Intervisiegroep Utrecht"
    assert incident.discussion_result.startswith(EARLIER_RESULT + "\n\n")
    assert "Bespreking in Intervisiegroep Utrecht op" in incident.discussion_result
    assert "gewijzigde uitkomst" not in incident.discussion_result
    assert incident.discussion_result.endswith(RESULT)


def test_import_creates_one_measure_per_agreed_measure_with_owner_due_date_and_source(
    outcome_world,
):
    world, item = outcome_world.world, outcome_world.item

    import_outcome(actor=world.bram, item=item)

    measures = {m.description: m for m in outcome_world.incident.measures.all()}
    assert set(measures) == {AGREED, "Adresboek opschonen"}
    assert PROPOSED_ONLY not in measures
    agreed = item.measures.get(description=AGREED)
    assert measures[AGREED].owner_name == world.carla.full_name
    assert measures[AGREED].due_on == agreed.due_on
    # No owner agreed: the item's owner; no date agreed: four weeks after the meeting.
    assert measures["Adresboek opschonen"].owner_name == world.bram.full_name
    assert (
        measures["Adresboek opschonen"].due_on - timezone.localdate(item.meeting.starts_at)
    ).days == 28
    for measure in measures.values():
        assert measure.source_label.startswith("Bespreking in Intervisiegroep Utrecht op ")
        assert measure.source_ref.startswith(f"agendaitem:{item.pk}/")
        assert measure.done_on is None


def test_importing_twice_changes_nothing_the_second_time(outcome_world):
    bram, incident = outcome_world.world.bram, outcome_world.incident
    import_outcome(actor=bram, item=outcome_world.item)
    incident.refresh_from_db()
    before = (incident.version, incident.discussion_result, incident.measures.count())
    log_before = AccessLogEntry.objects.count()

    again = import_outcome(actor=bram, item=outcome_world.item)

    assert not again.created
    incident.refresh_from_db()
    assert (incident.version, incident.discussion_result, incident.measures.count()) == before
    assert AccessLogEntry.objects.count() == log_before
    assert OutcomeImport.objects.count() == 1
    assert list(pending_outcomes_for(bram)) == []


def test_a_changed_outcome_shows_as_new_and_imports_without_overwriting(
    outcome_world, django_capture_on_commit_callbacks
):
    world, item, incident = outcome_world.world, outcome_world.item, outcome_world.incident
    import_outcome(actor=world.bram, item=item)
    services.incident_update(
        actor=world.bram,
        incident=incident,
        fields={"discussion_result": "Mijn eigen samenvatting van de bespreking."},
        expected_version=incident.__class__.objects.get(pk=incident.pk).version,
    )

    imported_version = item.outcome_version
    with django_capture_on_commit_callbacks(execute=True):
        reopen_and_change(world.anna, world.meeting, item, result="Toch: een vaste verwijsroute.")

    item.refresh_from_db()
    assert item.outcome_version > imported_version
    assert pending_outcomes_for(world.bram).get().imported_before is True
    assert list(pending_outcomes_for(world.bram)) == [item]
    assert import_outcome(actor=world.bram, item=item).created
    incident.refresh_from_db()
    assert incident.discussion_result.startswith("Mijn eigen samenvatting van de bespreking.\n\n")
    assert "(gewijzigde uitkomst)" in incident.discussion_result
    assert incident.discussion_result.endswith("Toch: een vaste verwijsroute.")
    # The measures did not change: no second copy of them.
    assert incident.measures.count() == 2
    assert OutcomeImport.objects.filter(item=item).count() == 2


def test_a_changed_agreed_measure_is_added_as_a_new_measure(outcome_world):
    world, item, incident = outcome_world.world, outcome_world.item, outcome_world.incident
    import_outcome(actor=world.bram, item=item)
    agreed = item.measures.get(description=AGREED)
    agreed.description = "Checklijst verwijsbrief invoeren, ook voor de waarnemer"
    agreed.save()
    AgendaItem.objects.filter(pk=item.pk).update(outcome_version=item.outcome_version + 1)
    item.refresh_from_db()

    import_outcome(actor=world.bram, item=item)

    assert sorted(incident.measures.values_list("description", flat=True)) == [
        "Adresboek opschonen",
        AGREED,
        "Checklijst verwijsbrief invoeren, ook voor de waarnemer",
    ]


@pytest.mark.parametrize("persona", ["carla", "anna", "erik", "dirk"])
def test_only_the_owner_may_import(outcome_world, persona):
    actor = outcome_world.world.persona(persona)

    with pytest.raises(NotFound):
        import_outcome(actor=actor, item=outcome_world.item)

    outcome_world.incident.refresh_from_db()
    assert outcome_world.incident.measures.count() == 0
    assert not OutcomeImport.objects.exists()


def test_an_owner_who_lost_access_to_the_incident_is_told_why(
    meeting_world,
    practitioner_factory,
    django_capture_on_commit_callbacks,
):
    world = meeting_world
    practice_owner = practitioner_factory("frank")
    practice = practice_owner.register
    services.register_member_add(
        actor=practice_owner, register=practice, user=world.bram, role="reporter"
    )
    incident = services.incident_create(
        actor=world.bram, register=practice, fields=vim_fields(reporter_name="Bram Jansen")
    )
    item = make_item(world.meeting, world.bram, status="accepted", source_incident=incident)
    with django_capture_on_commit_callbacks(execute=True):
        run_meeting(world.anna, world.meeting, item)
    services.register_member_remove(actor=practice_owner, register=practice, user=world.bram)

    with pytest.raises(ValidationError) as refused:
        import_outcome(actor=world.bram, item=item)

    assert refused.value.code == "no_access"
    assert "geen toegang meer tot de melding" in refused.value.messages[0]
    assert incident.measures.count() == 0
    [pending] = pending_outcomes_for(world.bram)
    assert pending == item and pending.incident_visible is False


def test_an_open_meeting_or_a_missing_result_cannot_be_imported(meeting_world, file_incident):
    world = meeting_world
    incident = file_incident(world.bram)
    item = make_item(world.meeting, world.bram, status="accepted", source_incident=incident)

    with pytest.raises(ValidationError) as open_meeting:
        import_outcome(actor=world.bram, item=item)
    assert open_meeting.value.code == "not_closed"

    world.meeting.status = "closed"
    world.meeting.save()
    with pytest.raises(ValidationError) as no_result:
        import_outcome(actor=world.bram, item=item)
    assert no_result.value.code == "no_result"
    assert list(pending_outcomes_for(world.bram)) == []


def test_the_import_is_written_to_the_access_log(outcome_world):
    bram, incident = outcome_world.world.bram, outcome_world.incident

    import_outcome(actor=bram, item=outcome_world.item)

    entry = AccessLogEntry.objects.get(action="outcome.imported")
    assert entry.actor == bram
    assert entry.incident_id == incident.pk
    assert entry.register_id == incident.register_id
    assert entry.origin == "import"
    assert "Intervisiegroep Utrecht" in entry.detail
    assert RESULT not in entry.detail


def test_the_step_moves_to_maatregel_then_afgerond_once_all_measures_are_done(outcome_world):
    bram, incident = outcome_world.world.bram, outcome_world.incident
    # Analysed and discussed, no measure yet: Maatregel is the first open step.
    assert incident.step_states()[Step.DISCUSSION] == StepState.DONE
    assert incident.step == Step.MEASURE

    import_outcome(actor=bram, item=outcome_world.item)

    assert _step(bram, incident) == Step.MEASURE
    for measure in Measure.objects.filter(incident=incident):
        services.measure_complete(actor=bram, measure=measure, done_on=timezone.localdate())
    assert _step(bram, incident) == Step.DONE


def _step(user, incident):
    fresh = incident.__class__.objects.get(pk=incident.pk)
    annotated = register_incidents(user, incident.register).get(pk=incident.pk)
    assert fresh.step == annotated.step
    return fresh.step


def test_the_history_lists_each_meeting_with_its_outcome_only_for_the_owner(outcome_world):
    world, incident = outcome_world.world, outcome_world.incident
    [before] = discussion_history(incident, owner=world.bram)
    assert before.is_imported is False
    assert [m.description for m in before.agreed_measures] == [AGREED, "Adresboek opschonen"]

    import_outcome(actor=world.bram, item=outcome_world.item)

    [after] = discussion_history(incident, owner=world.bram)
    assert after.is_imported is True
    assert discussion_history(incident, owner=world.anna) == []
