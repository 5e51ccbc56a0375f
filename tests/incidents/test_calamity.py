"""Calamities (Wkkgz art. 11) as the IGJ asks them: a possible calamity is established or not
(with a reason) within 6 weeks of Datum melding; an established one is reported within 3 working
days, weekends and Dutch public holidays not counted; never "Afgerond" while either is open."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from incidents import calamity, services
from incidents.models import Incident, Step, StepState
from project.models import AccessLogEntry
from tests.incidents.conftest import form_data

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def possible_calamity(anna, file_incident):
    """anna's incident with serious harm, reported a week ago: analysed, discussed, one measure
    done, so only the calamity keeps it from being Afgerond."""

    def make(**overrides):
        fields = {
            "severity": "ernstige-gevolgen",
            "reported_on": TODAY - 7 * DAY,
            "occurred_on": TODAY - 9 * DAY,
            "client_informed": "ja",
            "client_informed_on": TODAY - 7 * DAY,
            "client_informed_by": "Anna",
            "client_informed_how": "mondeling",
            "client_informed_noted": "ja",
            "analysis": "Signalen niet op tijd herkend.",
            "discussed": "ja",
            "discussion_result": "Vaste vragenlijst bij intake.",
            **overrides,
        }
        incident = file_incident(anna, **fields)
        services.measure_add(
            actor=anna,
            incident=incident,
            description="Vragenlijst invoeren",
            owner_name="Anna",
            due_on=TODAY,
            done_on=TODAY,
        )
        return Incident.objects.get(pk=incident.pk)

    return make


def _fresh(incident):
    return Incident.objects.with_progress().get(pk=incident.pk)


# --- Working days -----------------------------------------------------------------------------


def test_reporting_skips_the_weekend():
    friday = datetime.date(2026, 3, 13)
    assert calamity.report_due(friday) == datetime.date(2026, 3, 18)  # Wednesday


def test_reporting_skips_good_friday_and_easter_monday():
    # Established on the Thursday before Easter 2026: Good Friday (3 April), the weekend and
    # Easter Monday (6 April) are no working days.
    maundy_thursday = datetime.date(2026, 4, 2)
    assert calamity.report_due(maundy_thursday) == datetime.date(2026, 4, 9)
    assert calamity.report_due(datetime.date(2026, 4, 3)) == datetime.date(2026, 4, 9)


def test_reporting_skips_kings_day():
    friday = datetime.date(2026, 4, 24)  # Monday 27 April is King's Day
    assert calamity.report_due(friday) == datetime.date(2026, 4, 30)


def test_working_days_count_down_and_past_the_due_date():
    wednesday = datetime.date(2026, 4, 1)
    due = datetime.date(2026, 4, 9)
    # Thursday 2, then (after Good Friday, the weekend and Easter Monday) Tuesday to Thursday.
    assert calamity.working_days_between(wednesday, due) == 4
    assert calamity.working_days_between(due, due) == 0
    assert calamity.working_days_between(datetime.date(2026, 4, 13), due) == -2


@override_settings(CALAMITY_REPORT_WORKING_DAYS=5, CALAMITY_ASSESSMENT_WEEKS=2)
def test_the_numbers_are_settings():
    assert calamity.report_due(datetime.date(2026, 3, 13)) == datetime.date(2026, 3, 20)
    assert calamity.assessment_due(datetime.date(2026, 3, 13)) == datetime.date(2026, 3, 27)


def test_establishing_is_due_six_weeks_after_datum_melding(possible_calamity):
    incident = possible_calamity()
    deadline = incident.calamity_assessment_deadline
    assert deadline.due_on == incident.reported_on + datetime.timedelta(weeks=6)
    assert deadline.open and not deadline.overdue
    assert deadline.working_days_left == calamity.working_days_between(TODAY, deadline.due_on)


# --- Assessment -------------------------------------------------------------------------------


def test_a_possible_calamity_is_not_yet_a_calamity_and_keeps_registration_open(
    possible_calamity,
):
    incident = possible_calamity()
    assert incident.is_possible_calamity and incident.calamity_unassessed
    assert not incident.is_calamity and incident.igj_report_deadline is None
    assert incident.step_states()[Step.REGISTRATION] == StepState.OPEN
    assert incident.step == _fresh(incident).step == Step.REGISTRATION


def test_geen_calamiteit_needs_a_reason(anna, possible_calamity):
    incident = possible_calamity()
    with pytest.raises(ValidationError) as refused:
        services.incident_calamity_assess(
            actor=anna, incident=incident, assessment="geen", rejected_reason="  "
        )
    assert "calamity_rejected_reason" in refused.value.message_dict
    assert Incident.objects.get(pk=incident.pk).calamity_assessment == ""


def test_geen_calamiteit_with_a_reason_lets_the_incident_be_afgerond(anna, possible_calamity):
    incident = possible_calamity()
    services.incident_calamity_assess(
        actor=anna,
        incident=incident,
        assessment="geen",
        rejected_reason="Bekende complicatie van de behandeling.",
    )
    incident = _fresh(incident)
    assert not incident.is_calamity and not incident.calamity_overdue
    assert incident.calamity_rejected_reason == "Bekende complicatie van de behandeling."
    assert Incident.objects.get(pk=incident.pk).step == incident.step == Step.DONE
    entry = AccessLogEntry.objects.get(action="incident.calamity_assessed")
    assert entry.actor == anna and "Bekende" not in entry.detail


def test_an_established_calamity_is_not_afgerond_until_reported(anna, possible_calamity):
    incident = possible_calamity()
    services.incident_calamity_assess(
        actor=anna, incident=incident, assessment="vastgesteld", established_on=TODAY
    )
    incident = _fresh(incident)
    assert incident.is_calamity and incident.igj_report_missing
    assert incident.step == Incident.objects.get(pk=incident.pk).step == Step.REGISTRATION
    deadline = incident.igj_report_deadline
    assert deadline.due_on == calamity.report_due(TODAY) and not deadline.overdue

    services.incident_igj_report_record(actor=anna, incident=incident, reported_on=TODAY)
    incident = _fresh(incident)
    assert incident.igj_reported_on == TODAY and not incident.igj_report_missing
    assert incident.step == Incident.objects.get(pk=incident.pk).step == Step.DONE


def test_a_report_later_than_three_working_days_is_overdue(anna, possible_calamity):
    incident = possible_calamity(reported_on=TODAY - 30 * DAY, occurred_on=TODAY - 30 * DAY)
    established = TODAY - 20 * DAY
    services.incident_calamity_assess(
        actor=anna, incident=incident, assessment="vastgesteld", established_on=established
    )
    incident = _fresh(incident)
    assert incident.igj_report_deadline.overdue and incident.calamity_overdue
    assert incident.igj_report_deadline.days_overdue == calamity.working_days_between(
        calamity.report_due(established), TODAY
    )


def test_an_unassessed_calamity_past_six_weeks_is_overdue(possible_calamity):
    incident = possible_calamity(reported_on=TODAY - 43 * DAY, occurred_on=TODAY - 50 * DAY)
    assert incident.calamity_assessment_deadline.overdue and incident.calamity_overdue


@pytest.mark.parametrize(
    ("established_on", "field"),
    [
        (TODAY + DAY, "calamity_established_on"),  # in the future
        (TODAY - 30 * DAY, "calamity_established_on"),  # before the event
        (None, "calamity_established_on"),  # no date
    ],
)
def test_the_establishing_date_must_lie_between_the_event_and_today(
    anna, possible_calamity, established_on, field
):
    incident = possible_calamity()
    with pytest.raises(ValidationError) as refused:
        services.incident_calamity_assess(
            actor=anna, incident=incident, assessment="vastgesteld", established_on=established_on
        )
    assert field in refused.value.message_dict


@pytest.mark.parametrize(
    "reported_on",
    [TODAY + DAY, TODAY - 30 * DAY, TODAY - 3 * DAY],
    ids=["future", "before-the-event", "before-establishing"],
)
def test_the_igj_date_cannot_be_in_the_future_or_before_the_event_or_establishing(
    anna, possible_calamity, reported_on
):
    incident = possible_calamity()
    services.incident_calamity_assess(
        actor=anna, incident=incident, assessment="vastgesteld", established_on=TODAY - 2 * DAY
    )
    incident = Incident.objects.get(pk=incident.pk)
    with pytest.raises(ValidationError) as refused:
        services.incident_igj_report_record(actor=anna, incident=incident, reported_on=reported_on)
    assert "igj_reported_on" in refused.value.message_dict
    assert Incident.objects.get(pk=incident.pk).igj_reported_on is None


def test_no_igj_report_before_the_calamity_is_established(anna, possible_calamity):
    incident = possible_calamity()
    with pytest.raises(ValidationError):
        services.incident_igj_report_record(actor=anna, incident=incident, reported_on=TODAY)


def test_only_the_owner_assesses_and_reports(anna, bram, possible_calamity):
    services.register_member_add(actor=anna, register=anna.register, user=bram, role="investigator")
    incident = possible_calamity()
    with pytest.raises(services.NotFound):
        services.incident_calamity_assess(
            actor=bram, incident=incident, assessment="vastgesteld", established_on=TODAY
        )
    services.incident_calamity_assess(
        actor=anna, incident=incident, assessment="vastgesteld", established_on=TODAY
    )
    with pytest.raises(services.NotFound):
        services.incident_igj_report_record(
            actor=bram, incident=Incident.objects.get(pk=incident.pk), reported_on=TODAY
        )


def test_the_assessment_stands_once_reported(anna, possible_calamity):
    incident = possible_calamity()
    services.incident_calamity_assess(
        actor=anna, incident=incident, assessment="vastgesteld", established_on=TODAY
    )
    services.incident_igj_report_record(actor=anna, incident=incident, reported_on=TODAY)
    with pytest.raises(ValidationError):
        services.incident_calamity_assess(
            actor=anna, incident=incident, assessment="geen", rejected_reason="Toch niet."
        )


# --- Pages ------------------------------------------------------------------------------------


def test_the_pages_show_both_deadlines_as_dates_and_overdue_in_red(
    anna, client_for, possible_calamity
):
    late = possible_calamity(reported_on=TODAY - 43 * DAY, occurred_on=TODAY - 50 * DAY)
    due = late.calamity_assessment_deadline.due_on
    client = client_for(anna)
    page = client.get(late.get_absolute_url()).content.decode()
    assert 'class="card calamity overdue"' in page
    assert f'class="deadline overdue">Vaststellen uiterlijk: {due.day} ' in page
    assert "te laat" in page or "termijn verstreken" in page
    assert "uiterlijk 3 werkdagen na het vaststellen" in page
    assert "style=" not in page.split('id="calamiteit"')[1].split("</section>")[0]

    register = client.get(reverse("incidents:register")).content.decode()
    assert "mogelijke calamiteit" in register and 'class="deadline overdue"' in register

    client.post(
        reverse("incidents:incident_calamity", args=[late.pk]),
        {"calamiteit-assessment": "vastgesteld", "calamiteit-established_on": TODAY.isoformat()},
    )
    report_due = calamity.report_due(TODAY)
    page = client.get(late.get_absolute_url()).content.decode()
    assert f"Melden bij de IGJ uiterlijk: {report_due.day} " in page
    assert "nog 3 werkdagen" in page
    assert f"Vastgesteld als calamiteit op {TODAY.day} " in page


def test_geen_calamiteit_without_a_reason_is_refused_on_the_page(
    anna, client_for, possible_calamity
):
    incident = possible_calamity()
    response = client_for(anna).post(
        reverse("incidents:incident_calamity", args=[incident.pk]),
        {"calamiteit-assessment": "geen", "calamiteit-rejected_reason": ""},
        follow=True,
    )
    assert "Leg vast waarom het geen calamiteit is" in response.content.decode()
    assert Incident.objects.get(pk=incident.pk).calamity_unassessed


def test_only_the_owner_sees_the_assessment_form(anna, bram, client_for, possible_calamity):
    services.register_member_add(actor=anna, register=anna.register, user=bram, role="investigator")
    incident = possible_calamity()
    assert (
        'name="calamiteit-assessment"'
        in client_for(anna).get(incident.get_absolute_url()).content.decode()
    )
    page = client_for(bram).get(incident.get_absolute_url()).content.decode()
    assert 'name="calamiteit-assessment"' not in page
    assert "De eigenaar van het register legt de beoordeling vast." in page
    refused = client_for(bram).post(
        reverse("incidents:incident_calamity", args=[incident.pk]),
        {"calamiteit-assessment": "geen", "calamiteit-rejected_reason": "Nee"},
    )
    assert refused.status_code == 404


def test_the_dashboard_lists_the_open_calamity_deadlines(anna, client_for, possible_calamity):
    late = possible_calamity(reported_on=TODAY - 43 * DAY, occurred_on=TODAY - 50 * DAY)
    settled = possible_calamity()
    services.incident_calamity_assess(
        actor=anna, incident=settled, assessment="geen", rejected_reason="Complicatie"
    )
    response = client_for(anna).get(reverse("incidents:register"))
    assert response.context["dashboard"]["calamities_open"] == [late]
    block = response.content.decode().split('id="open-calamiteiten"')[1].split("</div>")[0]
    assert late.number in block and 'class="deadline overdue"' in block
    assert settled.number not in block


def test_an_edit_that_breaks_a_calamity_date_is_refused_with_a_message(
    anna, client_for, possible_calamity
):
    incident = possible_calamity()
    services.incident_calamity_assess(
        actor=anna, incident=incident, assessment="vastgesteld", established_on=TODAY - 5 * DAY
    )
    incident = Incident.objects.get(pk=incident.pk)
    fields = {
        "severity": "ernstige-gevolgen",
        "reported_on": TODAY - 7 * DAY,
        "occurred_on": TODAY - 3 * DAY,  # now after the date of establishing
        "client_informed": "ja",
        "client_informed_on": TODAY - DAY,
        "client_informed_by": "Anna",
        "client_informed_how": "mondeling",
        "client_informed_noted": "ja",
    }
    response = client_for(anna).post(
        reverse("incidents:incident_edit", args=[incident.pk]), form_data(incident, **fields)
    )
    assert response.status_code == 200
    assert "vóór de datum van de gebeurtenis" in " ".join(
        response.context["form"].non_field_errors()
    )
    assert Incident.objects.get(pk=incident.pk).occurred_on == TODAY - 9 * DAY


def test_a_gap_from_before_a_rule_does_not_block_the_assessment(anna, possible_calamity):
    incident = possible_calamity()
    # Filed before the date informed was asked: the art. 10 gap is not the calamity's business.
    Incident.objects.filter(pk=incident.pk).update(client_informed_on=None)
    incident = Incident.objects.get(pk=incident.pk)
    services.incident_calamity_assess(
        actor=anna, incident=incident, assessment="geen", rejected_reason="Complicatie"
    )
    assert Incident.objects.get(pk=incident.pk).calamity_assessment == "geen"
