"""Exports: the CSV overview without patient fields; print-ready, confidential-marked pages."""

import csv
import io

from django.urls import reverse

from incidents import services
from project.models import AccessLogEntry


def _rows(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_register_csv_lists_the_overview_without_patient_fields(anna, client_for, file_incident):
    incident = file_incident(
        anna,
        patient_names="Karel Appel",
        patient_birth_dates="01-01-1950",
        place="=HYPERLINK(evil)",
        analysis="Adresboek zocht op naam.",
        discussed="ja",
        discussion_result="Altijd de AGB-code controleren.",
    )
    services.measure_add(
        actor=anna, incident=incident, description="x", owner_name="A", due_on=incident.reported_on
    )
    response = client_for(anna).get(reverse("incidents:register_csv", args=[anna.register.pk]))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, *rows = _rows(response)
    assert header[0] == "Nummer" and "Stap" in header
    assert not any("patiënt" in column.lower() or "geboorte" in column.lower() for column in header)
    assert rows[0][0] == incident.number
    assert rows[0][header.index("Stap")] == "Maatregel"
    assert rows[0][header.index("Plaats")].startswith("'=")  # no formula injection
    body = response.content.decode()
    assert "Karel" not in body and "1950" not in body
    assert AccessLogEntry.objects.filter(action="register.exported", actor=anna).exists()


def test_csv_follows_the_register_filters(anna, client_for, file_incident):
    medication = file_incident(anna, category="medicatie")
    file_incident(anna, category="verwijzing")
    url = reverse("incidents:register_csv", args=[anna.register.pk])
    rows = _rows(client_for(anna).get(url, {"category": "medicatie"}))[1:]
    assert [row[0] for row in rows] == [medication.number]


def test_print_pages_are_marked_confidential(anna, client_for, file_incident):
    incident = file_incident(anna)
    client = client_for(anna)
    for url in [
        reverse("incidents:incident_print", args=[incident.pk]),
        reverse("incidents:register_print", args=[anna.register.pk]),
    ]:
        html = client.get(url).content.decode()
        assert "VERTROUWELIJK" in html and incident.number in html
        assert "js/incidents.js" in html and "<script>" not in html
    actions = set(AccessLogEntry.objects.values_list("action", flat=True))
    assert {"incident.printed", "register.printed"} <= actions


def test_the_incident_print_says_exactly_what_it_leaves_out(anna, client_for, file_incident):
    incident = file_incident(
        anna,
        patient_names="Karel Appel",
        patient_birth_dates="01-01-1950",
        description="Mevrouw Jansen kreeg de brief van een andere cliënt.",
    )
    html = client_for(anna).get(reverse("incidents:incident_print", args=[incident.pk]))
    html = html.content.decode()
    assert "Karel" not in html and "1950" not in html
    # The free text is printed, and the page says so instead of claiming otherwise.
    assert "Mevrouw Jansen" in html
    assert "Patiëntgegevens zijn weggelaten" not in html
    statement = html.split('id="wat-is-afgedrukt"')[1].split("</div>")[0]
    assert "'Naam/namen van betrokken patiënt(en)' en 'Geboortedatum/-data'" in statement
    assert "ook de vrije tekst: de beschrijving" in statement
    assert "staan ook op deze afdruk" in statement


def test_the_register_print_leaves_out_the_free_text_it_says_it_leaves_out(
    anna, client_for, file_incident
):
    incident = file_incident(
        anna,
        patient_names="Karel Appel",
        reporter_name="Wim Meijer",
        involved_staff="Petra Post",
        description="Mevrouw Jansen kreeg de brief van een andere cliënt.",
        analysis="Adresboek van dokter Bakker",
    )
    services.measure_add(
        actor=anna,
        incident=incident,
        description="Sjabloon aanpassen",
        owner_name="Anna",
        due_on=incident.reported_on,
    )
    html = client_for(anna).get(reverse("incidents:register_print", args=[anna.register.pk]))
    html = html.content.decode()
    for left_out in ("Karel", "Jansen", "Petra Post", "Bakker", "Meijer"):
        assert left_out not in html, left_out
    assert "Sjabloon aanpassen" in html
    statement = html.split('id="wat-is-afgedrukt"')[1].split("</div>")[0]
    assert "Niet afgedrukt:" in statement and "de beschrijving" in statement
    assert "de maatregelen zijn vrije tekst" in statement
