"""The visitation report: counts and dates per period as a PDF, with the written procedure; no
patient data and no free text."""

import datetime
import io

import pypdf
from django.urls import reverse
from django.utils import formats, timezone

from incidents import calamity, services
from incidents.models import Incident
from project.models import AccessLogEntry


def _text(response) -> str:
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _period(today):
    return {"start": (today - datetime.timedelta(days=60)).isoformat(), "end": today.isoformat()}


def _world(anna, file_incident, today):
    discussed_on = today - datetime.timedelta(days=1)
    medication = file_incident(
        anna,
        category="medicatie",
        patient_names="Karel Appel",
        patient_birth_dates="01-01-1950",
        description="Geheime beschrijving van het voorval",
        analysis="Geheime analyse",
        discussed="ja",
        discussed_on=discussed_on,
        discussed_in="Geheime intervisiegroep",
        discussion_result="Geheim resultaat",
    )
    services.measure_add(
        actor=anna,
        incident=medication,
        description="Geheime maatregel",
        owner_name="Anna",
        due_on=today - datetime.timedelta(days=5),
    )
    late = services.measure_add(
        actor=anna,
        incident=medication,
        description="Tweede maatregel",
        owner_name="Anna",
        due_on=today - datetime.timedelta(days=5),
    )
    services.measure_complete(actor=anna, measure=late, done_on=today)
    file_incident(anna, category="anders", category_other="Geheime categorie")
    # An established calamity reported on the day it was established: within the deadline.
    established = today - datetime.timedelta(days=10)
    serious = file_incident(anna, category="suicidaliteit")
    Incident.objects.filter(pk=serious.pk).update(
        severity="ernstige-gevolgen",
        calamity_assessment="vastgesteld",
        calamity_established_on=established,
        igj_reported_on=calamity.report_due(established),
    )
    # Outside the period: not counted.
    file_incident(
        anna,
        category="medicatie",
        reported_on=today - datetime.timedelta(days=400),
        occurred_on=today - datetime.timedelta(days=401),
    )
    return discussed_on


def test_owner_gets_a_pdf_with_counts_dates_and_the_procedure(anna, client_for, file_incident):
    today = timezone.localdate()
    discussed_on = _world(anna, file_incident, today)
    url = reverse("incidents:register_visitation", args=[anna.register.pk])
    response = client_for(anna).get(url, _period(today))
    assert response["Content-Type"] == "application/pdf"
    text = _text(response)
    assert "Visitatierapport VIM van de praktijk van Anna de Vries" in text
    assert "Aantal (bijna-)incidenten in de periode: 3" in text
    assert "Medicatie (Medication/IV fluids): 1" in text
    assert "Suïcidaliteit (Behaviour): 1" in text
    assert "Anders (Not classified): 1" in text
    assert "Ernstige gevolgen: 1" in text
    assert "Afgesproken: 2" in text
    assert "Uitgevoerd op tijd: 0" in text
    assert "Uitgevoerd na de uiterste datum: 1" in text
    assert "Waarvan de uiterste datum verstreken is: 1" in text
    assert "Binnen de termijn gemeld bij de IGJ: 1" in text
    assert formats.date_format(discussed_on) in text
    # The written procedure is attached.
    assert "VIM-procedure van de praktijk van Anna de Vries" in text
    assert "De vier stappen" in text


def test_report_holds_no_patient_data_and_no_free_text(anna, client_for, file_incident):
    today = timezone.localdate()
    _world(anna, file_incident, today)
    url = reverse("incidents:register_visitation", args=[anna.register.pk])
    text = _text(client_for(anna).get(url, _period(today)))
    for secret in ("Karel", "1950", "Geheim", "Praktijk Utrecht", "Brief teruggevraagd"):
        assert secret not in text


def test_generating_the_report_is_logged(anna, client_for):
    today = timezone.localdate()
    url = reverse("incidents:register_visitation", args=[anna.register.pk])
    client_for(anna).get(url, _period(today))
    entry = AccessLogEntry.objects.get(action="register.visitation_generated")
    assert entry.actor == anna and entry.register == anna.register


def test_without_a_period_the_form_is_shown_and_a_reversed_period_is_refused(anna, client_for):
    client = client_for(anna)
    url = reverse("incidents:register_visitation", args=[anna.register.pk])
    assert b"Rapport maken" in client.get(url).content
    today = timezone.localdate()
    response = client.get(url, {"start": today.isoformat(), "end": "2000-01-01"})
    assert response.status_code == 200
    assert "De begindatum ligt na de einddatum." in response.content.decode()
    assert client.get(url, {"start": "gisteren", "end": "x"}).status_code == 200
    assert not AccessLogEntry.objects.filter(action="register.visitation_generated").exists()
