"""The register's rules: numbering, the derived step, calamity and art. 10, measures."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from incidents import services
from incidents.models import Incident, Register, Step

TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)


def test_every_new_account_gets_its_own_register(practitioner_factory):
    user = practitioner_factory("eva")
    assert Register.objects.get(owner=user) == user.register


def test_numbers_run_per_register_and_year(anna, bram, file_incident):
    year = TODAY.year
    assert [file_incident(anna).number for _ in range(3)] == [
        f"{year}-001",
        f"{year}-002",
        f"{year}-003",
    ]
    assert file_incident(bram).number == f"{year}-001"


def test_numbering_restarts_in_a_new_year_and_never_reuses_a_number(anna, file_incident):
    register = anna.register
    Register.objects.filter(pk=register.pk).update(number_year=TODAY.year - 1, number_last=41)
    first = file_incident(anna)
    assert first.number == f"{TODAY.year}-001"
    Incident.objects.filter(pk=first.pk).delete()
    assert file_incident(anna).number == f"{TODAY.year}-002"


def _step_in_sql(incident):
    return Incident.objects.with_progress().get(pk=incident.pk).step


def _measure(actor, incident, **extra):
    return services.measure_add(
        actor=actor,
        incident=incident,
        description="Dubbelcheck bij verwijzingen",
        owner_name="Anna",
        due_on=TODAY + datetime.timedelta(days=30),
        **extra,
    )


def test_step_follows_what_is_filled_in_and_sql_agrees(anna, file_incident):
    incident = file_incident(anna)
    # Registered: the first open step is Analyse.
    assert incident.step == _step_in_sql(incident) == Step.ANALYSIS

    fields = {"analysis": "Twee cliënten met dezelfde achternaam."}
    incident = services.incident_update(
        actor=anna, incident=incident, fields=fields, expected_version=incident.version
    )
    assert incident.step == _step_in_sql(incident) == Step.DISCUSSION

    incident = services.incident_discussion_record(
        actor=anna,
        incident=incident,
        discussed_on=YESTERDAY,
        discussed_in="Intervisiegroep Utrecht",
        result="Altijd geboortedatum controleren.",
    )
    assert incident.step == _step_in_sql(incident) == Step.MEASURE

    measure = _measure(anna, incident)
    incident = Incident.objects.get(pk=incident.pk)
    assert incident.step == _step_in_sql(incident) == Step.MEASURE

    services.measure_complete(actor=anna, measure=measure, done_on=TODAY)
    incident = Incident.objects.get(pk=incident.pk)
    assert incident.step == _step_in_sql(incident) == Step.DONE

    _measure(anna, incident)  # a new open measure reopens the last step
    incident = Incident.objects.get(pk=incident.pk)
    assert incident.step == _step_in_sql(incident) == Step.MEASURE


def test_imported_discussion_and_measures_move_the_step_on_by_themselves(anna, file_incident):
    incident = file_incident(anna, analysis="Adresboek zocht op naam.")
    services.incident_discussion_record(
        actor=anna, incident=incident, discussed_on=TODAY, discussed_in="Groep", result="Leerpunt"
    )
    measure = _measure(anna, incident, source_label="Bespreking 12 mei", source_ref="agenda:7")
    assert measure.source_label == "Bespreking 12 mei"
    services.measure_complete(actor=anna, measure=measure, done_on=TODAY)
    assert Incident.objects.get(pk=incident.pk).step == Step.DONE


def test_a_near_miss_is_no_calamity_and_cannot_be_reported_to_the_igj(anna, file_incident):
    incident = file_incident(anna)
    assert not incident.is_possible_calamity and not incident.is_calamity
    assert not incident.calamity_overdue
    with pytest.raises(ValidationError):
        services.incident_igj_report_record(actor=anna, incident=incident, reported_on=TODAY)
    with pytest.raises(ValidationError):
        services.incident_calamity_assess(
            actor=anna, incident=incident, assessment="vastgesteld", established_on=TODAY
        )


def test_other_category_needs_its_description(anna, file_incident):
    with pytest.raises(ValidationError) as refused:
        file_incident(anna, category="anders")
    assert "category_other" in refused.value.message_dict
    assert file_incident(anna, category="anders", category_other="Sleutel kwijt").category_display


def test_the_event_cannot_be_after_the_report(anna, file_incident):
    with pytest.raises(ValidationError) as refused:
        file_incident(anna, occurred_on=TODAY + datetime.timedelta(days=1))
    assert "occurred_on" in refused.value.message_dict


def test_overdue_measures_stand_out(anna, file_incident):
    incident = file_incident(anna)
    late = services.measure_add(
        actor=anna,
        incident=incident,
        description="Protocol herzien",
        owner_name="Anna",
        due_on=YESTERDAY,
    )
    _measure(anna, incident)
    assert late.is_overdue
    row = Incident.objects.with_progress().get(pk=incident.pk)
    assert (row.measures_open, row.measures_overdue) == (2, 1)
    services.measure_complete(actor=anna, measure=late, done_on=TODAY)
    assert not late.is_overdue
    assert Incident.objects.with_progress().get(pk=incident.pk).measures_overdue == 0


def test_a_measure_cannot_be_done_in_the_future(anna, file_incident):
    measure = _measure(anna, file_incident(anna))
    with pytest.raises(ValidationError):
        services.measure_complete(
            actor=anna, measure=measure, done_on=TODAY + datetime.timedelta(days=3)
        )


def test_a_stale_update_is_refused_and_changes_nothing(anna, bram, file_incident):
    services.register_member_add(actor=anna, register=anna.register, user=bram, role="investigator")
    incident = file_incident(anna)
    services.incident_update(
        actor=bram, incident=incident, fields={"place": "Wachtkamer"}, expected_version=1
    )
    with pytest.raises(services.StaleEdit) as refused:
        services.incident_update(
            actor=anna, incident=incident, fields={"place": "Spreekkamer"}, expected_version=1
        )
    assert "Bram Jansen" in refused.value.messages[0]
    assert Incident.objects.get(pk=incident.pk).place == "Wachtkamer"
