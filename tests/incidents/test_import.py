"""Bringing an existing register in: an Excel or CSV file, mapped, previewed, imported all or
nothing, patient fields encrypted, each incident logged as imported."""

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from incidents import importing, services
from incidents.models import Incident, Register
from project.errors import NotFound
from project.models import AccessLogEntry

HEADER = [
    "Datum gebeurtenis",
    "Plaats",
    "Naam van de melder",
    "Type melding",
    "Beschrijving",
    "Gevolgen",
    "Patiënt",
]
GOOD_ROWS = [
    [
        "03-02-2025",
        "Praktijk",
        "Anna",
        "Medicatie",
        "Verkeerde dosis genoteerd",
        "bijna-incident",
        "Karel Appel",
    ],
    ["2025-03-04", "Huisbezoek", "Anna", "overdracht", "Brief kwijt", "Geen merkbare gevolgen", ""],
]
MAPPING = {
    "occurred_on": 0,
    "place": 1,
    "reporter_name": 2,
    "category": 3,
    "description": 4,
    "severity": 5,
    "patient_names": 6,
}


def xlsx(rows, header=HEADER) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(data: bytes, name="register.xlsx"):
    return SimpleUploadedFile(name, data)


def _post_mapping(client, register, mapping=MAPPING, **extra):
    url = reverse("incidents:register_import_map", args=[register.pk])
    data = {name: "" for name in importing.IMPORT_FIELDS}
    data.update({name: str(index) for name, index in mapping.items() if index is not None})
    data.update(extra)
    return client.post(url, data)


def _upload(client, register, data, name="register.xlsx"):
    url = reverse("incidents:register_import", args=[register.pk])
    return client.post(url, {"file": upload(data, name)})


def test_owner_imports_an_excel_register_after_a_preview(anna, client_for):
    client = client_for(anna)
    response = _upload(client, anna.register, xlsx(GOOD_ROWS))
    assert response.status_code == 302
    mapping_page = client.get(response["Location"]).content.decode()
    assert "Verkeerde dosis" not in mapping_page  # the page shows columns, not content
    preview = _post_mapping(client, anna.register, preview="1")
    assert "Alle regels kloppen." in preview.content.decode()
    assert not Incident.objects.exists()  # a preview saves nothing
    response = _post_mapping(client, anna.register, **{"import": "1"})
    assert response.status_code == 302
    imported = list(Incident.objects.order_by("number_seq"))
    assert [i.category for i in imported] == ["medicatie", "overdracht"]
    assert str(imported[0].occurred_on) == "2025-02-03"
    assert imported[0].patient_names == "Karel Appel"
    assert imported[1].severity == "geen-merkbare-gevolgen"
    assert imported[0].reported_on == imported[0].occurred_on  # no Datum melding column
    logged = AccessLogEntry.objects.filter(action="incident.imported", actor=anna)
    assert {entry.incident_id for entry in logged} == {i.pk for i in imported}
    assert not AccessLogEntry.objects.filter(action="incident.created").exists()


def test_columns_are_guessed_from_the_form_labels():
    assert importing.guess_mapping(["Type melding", "x", "Naam van de melder", "plaats"]) == {
        "category": 0,
        "reporter_name": 2,
        "place": 3,
    }


def test_preview_lists_each_rows_errors_in_dutch_and_refuses_to_import(anna, client_for):
    rows = [
        GOOD_ROWS[0],
        ["31-02-2025", "Praktijk", "Anna", "Medicatie", "x", "bijna-incident", ""],
        ["01-01-2025", "", "Anna", "Vliegtuig", "x", "bijna-incident", ""],
        ["01-01-2025", "Praktijk", "Anna", "Medicatie", "x", "Ernstige gevolgen", ""],
    ]
    client = client_for(anna)
    _upload(client, anna.register, xlsx(rows))
    body = _post_mapping(client, anna.register, **{"import": "1"}).content.decode()
    assert "Sommige regels kloppen nog niet" in body
    assert "&#x27;31-02-2025&#x27; is geen datum" in body
    assert "&#x27;Vliegtuig&#x27; is geen geldige keuze" in body
    assert "Plaats: Dit veld kan niet leeg zijn" in body
    assert "moet u vastleggen of de patiënt is ingelicht" in body  # the model's own rule
    results = importing.check_rows(importing.Table(HEADER, rows), MAPPING)
    assert [r.line for r in results if r.errors] == [3, 4, 5]
    assert not Incident.objects.exists()


def test_a_required_field_must_be_mapped_and_a_column_used_once(anna, client_for):
    client = client_for(anna)
    _upload(client, anna.register, xlsx(GOOD_ROWS))
    body = _post_mapping(client, anna.register, {**MAPPING, "place": None}).content.decode()
    assert "Kies de kolom voor dit verplichte veld." in body
    body = _post_mapping(client, anna.register, {**MAPPING, "reporter_role": 2}).content.decode()
    assert "Elke kolom kan maar voor één veld worden gebruikt." in body


def test_any_failing_row_rolls_the_whole_import_back(anna, file_incident):
    file_incident(anna)
    register = Register.objects.get(pk=anna.register.pk)
    table = importing.Table(HEADER, GOOD_ROWS)
    rows = [r.fields for r in importing.check_rows(table, MAPPING)]
    rows.append({**rows[0], "description": ""})
    with pytest.raises(ValidationError):
        services.incident_import(actor=anna, register=register, rows=rows)
    assert Incident.objects.count() == 1
    assert Register.objects.get(pk=register.pk).number_last == register.number_last
    assert not AccessLogEntry.objects.filter(action="incident.imported").exists()


def test_only_the_owner_may_import(anna, bram):
    services.register_member_add(actor=anna, register=anna.register, user=bram, role="reporter")
    with pytest.raises(NotFound):
        services.incident_import(actor=bram, register=anna.register, rows=[])


def test_patient_fields_are_encrypted_on_the_way_in(anna, client_for):
    client = client_for(anna)
    _upload(client, anna.register, xlsx(GOOD_ROWS))
    _post_mapping(client, anna.register, **{"import": "1"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT patient_names FROM incidents_incident WHERE patient_names <> ''")
        stored = [row[0] for row in cursor.fetchall()]
    assert len(stored) == 1 and "Karel" not in stored[0]
    # Between the steps the table sat in the session encrypted, and is gone after the import.
    assert f"incident_import:{anna.register.pk}" not in client.session


def test_session_holds_the_table_encrypted(anna, client_for):
    client = client_for(anna)
    _upload(client, anna.register, xlsx(GOOD_ROWS))
    token = client.session[f"incident_import:{anna.register.pk}"]
    assert "Karel" not in token
    assert importing.unseal(token).rows[0][6] == "Karel Appel"


def test_csv_with_semicolons_is_read(anna, client_for):
    text = "Datum gebeurtenis;Plaats;Naam van de melder;Type melding;Beschrijving;Gevolgen\n"
    text += "03-02-2025;Praktijk;Anna;Medicatie;Dosis;bijna-incident\n"
    client = client_for(anna)
    assert _upload(client, anna.register, text.encode(), "register.csv").status_code == 302
    mapping = {k: v for k, v in MAPPING.items() if k != "patient_names"}
    _post_mapping(client, anna.register, mapping, **{"import": "1"})
    assert Incident.objects.get().category == "medicatie"


def _with_macro(data: bytes) -> bytes:
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\x00macro")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("register.xlsx", lambda: _with_macro(xlsx(GOOD_ROWS)), "bevat macro&#x27;s"),
        ("register.xlsm", lambda: xlsx(GOOD_ROWS), "Bestanden met macro&#x27;s"),
        ("register.xlsx", lambda: b"not a zip", "geen geldig Excel-bestand"),
        ("register.pdf", lambda: b"%PDF", "Kies een Excel-bestand"),
        ("register.xlsx", lambda: xlsx([]), "geen regels onder de kopregel"),
    ],
)
def test_refused_files_say_why(anna, client_for, name, make, message):
    response = _upload(client_for(anna), anna.register, make(), name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert f"incident_import:{anna.register.pk}" not in client_for(anna).session


def test_files_over_the_limit_are_refused(anna, client_for, settings):
    settings.INCIDENT_IMPORT_MAX_BYTES = 1024 * 1024
    data = xlsx(GOOD_ROWS) + b"\x00" * (1024 * 1024)
    response = _upload(client_for(anna), anna.register, data)
    assert "groter dan 1 MB" in response.content.decode()


def test_formulas_are_read_as_values_never_as_formula_text(anna):
    data = xlsx(
        [["03-02-2025", '=HYPERLINK("http://x")', "Anna", "Medicatie", "x", "bijna-incident"]]
    )
    table = importing.read_upload(upload(data))
    # openpyxl wrote no cached value, so the value Excel would show is empty; the formula is gone.
    assert table.rows[0][1] == ""
    assert "HYPERLINK" not in str(table.rows)


def test_a_session_table_that_cannot_be_decrypted_starts_over(anna, client_for):
    client = client_for(anna)
    session = client.session
    session[f"incident_import:{anna.register.pk}"] = "not-a-token"
    session.save()
    response = client.get(reverse("incidents:register_import_map", args=[anna.register.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith(
        reverse("incidents:register_import", args=[anna.register.pk])
    )
