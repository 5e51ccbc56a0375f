"""Steps that tell the truth: each of Registratie, Analyse, Bespreking and Maatregel has its own
state (done / open / not applicable), the current step is the first open one, Afgerond needs
them all; the SQL twin agrees with the Python side for every combination."""

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from incidents import services
from incidents.models import Incident, Measure, Step, StepState
from tests.incidents.conftest import vim_fields

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)

CALAMITY = {
    "none": {},
    "unassessed": {"severity": "ernstige-gevolgen"},
    "established": {
        "severity": "overlijden",
        "calamity_assessment": "vastgesteld",
        "calamity_established_on": TODAY,
    },
    "reported": {
        "severity": "overlijden",
        "calamity_assessment": "vastgesteld",
        "calamity_established_on": TODAY,
        "igj_reported_on": TODAY,
    },
    "rejected": {
        "severity": "ernstige-gevolgen",
        "calamity_assessment": "geen",
        "calamity_rejected_reason": "Complicatie",
    },
    # A calamity assessment left over after the severity was lowered does not count.
    "downgraded": {"calamity_assessment": "vastgesteld", "calamity_established_on": TODAY},
}
ANALYSIS = {"no": {}, "yes": {"analysis": "Oorzaak"}}
DISCUSSION = {
    "blank": {},
    "nee": {"discussed": "nee"},
    "ja": {"discussed": "ja", "discussion_result": "Leerpunt"},
    "skipped": {"discussion_skipped_reason": "Alleen technisch"},
    "ja+skipped": {
        "discussed": "ja",
        "discussion_result": "Leerpunt",
        "discussion_skipped_reason": "x",
    },
}
MEASURES = {"none": [], "open": [None], "done": [TODAY], "mixed": [TODAY, None]}
COMBINATIONS = list(itertools.product(CALAMITY, ANALYSIS, DISCUSSION, MEASURES))


def expected_states(calamity, analysis, discussion, measures) -> dict:
    """An independent reading of the rules, to hold both implementations to."""
    return {
        Step.REGISTRATION: "open" if calamity in ("unassessed", "established") else "done",
        Step.ANALYSIS: "done" if analysis == "yes" else "open",
        Step.DISCUSSION: {"ja": "done", "ja+skipped": "done", "skipped": "nvt"}.get(
            discussion, "open"
        ),
        Step.MEASURE: "done" if measures == "done" else "open",
    }


@pytest.mark.django_db
def test_python_and_sql_agree_on_every_combination_of_step_states(anna):
    incidents = Incident.objects.bulk_create(
        Incident(
            register=anna.register,
            number=f"{TODAY.year}-{seq:03d}",
            number_year=TODAY.year,
            number_seq=seq,
            created_by=anna,
            **vim_fields(**CALAMITY[c], **ANALYSIS[a], **DISCUSSION[d]),
        )
        for seq, (c, a, d, _m) in enumerate(COMBINATIONS, start=1)
    )
    Measure.objects.bulk_create(
        Measure(incident=incident, description="M", owner_name="A", due_on=TODAY, done_on=done)
        for incident, (_c, _a, _d, m) in zip(incidents, COMBINATIONS, strict=True)
        for done in MEASURES[m]
    )
    in_sql = dict(Incident.objects.with_progress().values_list("pk", "step_code"))
    in_python = Incident.objects.prefetch_related("measures").in_bulk()
    seen = set()
    for incident, combination in zip(incidents, COMBINATIONS, strict=True):
        python = in_python[incident.pk]
        states = {step: state.value for step, state in python.step_states().items()}
        assert states == expected_states(*combination), combination
        first_open = next((s for s, v in states.items() if v == "open"), Step.DONE)
        assert python.step == Step(in_sql[incident.pk]) == first_open, combination
        seen.add(python.step)
    assert seen == set(Step)


def test_a_new_incident_with_prevention_filled_is_at_analyse_and_not_yet_discussed(
    anna, client_for, file_incident
):
    incident = file_incident(anna, prevention="Voortaan dubbel controleren.")
    assert incident.step == Step.ANALYSIS
    page = client_for(anna).get(incident.get_absolute_url()).content.decode()
    assert 'id="incident-step">Analyse<' in page
    assert "Nog niet besproken." in page
    steps = page.split('class="steps"')[1].split("</ol>")[0]
    assert '<li class="done">Registratie <span class="state">(gedaan)</span>' in steps
    assert '<li class="open current" aria-current="step">Analyse' in steps
    assert '<li class="open">Bespreking <span class="state">(open)</span>' in steps
    assert '<li class="open">Maatregel' in steps


def test_only_the_owner_marks_the_discussion_not_applicable_and_only_with_a_reason(
    anna, bram, client_for, file_incident
):
    services.register_member_add(actor=anna, register=anna.register, user=bram, role="investigator")
    incident = file_incident(anna, analysis="Oorzaak gevonden")
    with pytest.raises(ValidationError):
        services.incident_discussion_skip(actor=anna, incident=incident, reason="  ")
    with pytest.raises(services.NotFound):
        services.incident_discussion_skip(actor=bram, incident=incident, reason="Niet nodig")
    url = reverse("incidents:incident_discussion_skip", args=[incident.pk])
    assert client_for(bram).post(url, {"bespreking-reason": "Niet nodig"}).status_code == 404
    assert (
        'name="bespreking-reason"'
        not in client_for(bram).get(incident.get_absolute_url()).content.decode()
    )

    client_for(anna).post(url, {"bespreking-reason": "Technische oorzaak, al opgelost."})
    incident = Incident.objects.get(pk=incident.pk)
    assert incident.step_states()[Step.DISCUSSION] == StepState.NOT_APPLICABLE
    assert incident.step == Step.MEASURE
    page = client_for(anna).get(incident.get_absolute_url()).content.decode()
    assert "Niet van toepassing, omdat: Technische oorzaak, al opgelost." in page
    assert '<li class="nvt">Bespreking <span class="state">(niet van toepassing)</span>' in page


def test_afgerond_needs_every_step_done_or_not_applicable(anna, file_incident):
    incident = file_incident(anna, prevention="Dubbel controleren")
    measure = services.measure_add(
        actor=anna, incident=incident, description="Check", owner_name="Anna", due_on=TODAY
    )
    services.measure_complete(actor=anna, measure=measure, done_on=TODAY)
    incident = Incident.objects.get(pk=incident.pk)
    assert incident.step_states()[Step.MEASURE] == StepState.DONE
    assert incident.step == Step.ANALYSIS  # measures done is not enough

    incident = services.incident_update(
        actor=anna,
        incident=incident,
        fields={"analysis": "Oorzaak"},
        expected_version=incident.version,
    )
    assert incident.step == Step.DISCUSSION
    services.incident_discussion_skip(actor=anna, incident=incident, reason="Alleen technisch")
    assert Incident.objects.with_progress().get(pk=incident.pk).step == Step.DONE
