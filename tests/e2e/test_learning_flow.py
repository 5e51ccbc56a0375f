"""A practitioner brings an existing Excel register in, finds it in the register, generates the
visitation report (PDF) and views the anonymous trends, chart included, under the CSP."""

import datetime
import io

import openpyxl
import pypdf
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from incidents.models import Incident
from insights import services as insight_services
from tests.e2e.test_register_flow import log_in

pytestmark = pytest.mark.e2e

HEADER = [
    "Datum gebeurtenis",
    "Plaats",
    "Naam van de melder",
    "Type melding",
    "Beschrijving van het (bijna-)incident",
    "(Mogelijke) gevolgen van de gebeurtenis",
    "Naam/namen van betrokken patiënt(en)",
]


def _excel_register(day: datetime.date, rows: int) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for n in range(rows):
        sheet.append(
            [day, "Praktijk", "Anna", "Medicatie", f"Dosis {n} verkeerd", "bijna-incident", "Jan"]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_practitioner_imports_an_excel_register_reports_and_views_trends(page, anna):
    today = timezone.localdate()
    day = today - datetime.timedelta(days=1)
    csp_errors = []
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    log_in(page, anna)

    page.get_by_role("link", name="Mijn register").first.click()
    page.get_by_role("link", name="Register importeren").click()
    page.get_by_label("Bestand (Excel .xlsx of CSV)").set_input_files(
        {
            "name": "register.xlsx",
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": _excel_register(day, 6),
        }
    )
    page.get_by_role("button", name="Bestand lezen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kolommen koppelen")
    # The columns were matched to the form's fields by their headings.
    expect(page.locator("#id_place")).to_have_value("1")
    page.get_by_role("button", name="Voorvertoning").click()
    expect(page.get_by_text("Alle regels kloppen.")).to_be_visible()
    page.get_by_role("button", name="6 meldingen importeren").click()

    expect(page.get_by_role("status")).to_contain_text("6 meldingen geïmporteerd.")
    expect(page.get_by_role("link", name=f"{today.year}-006")).to_be_visible()
    assert Incident.objects.filter(register=anna.register).count() == 6

    page.get_by_role("link", name="Visitatierapport").click()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Rapport maken (PDF)").click()
    path = download_info.value.path()
    reader = pypdf.PdfReader(path)
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Aantal (bijna-)incidenten in de periode: 6" in text
    assert "Medicatie (Medication/IV fluids): 6" in text
    assert "Jan" not in text.replace("Januari", "").replace("januari", "")

    page.goto("/trends/")
    page.get_by_role("button", name="Meedoen met mijn register").click()
    expect(page.get_by_role("button", name="Stoppen met meedoen")).to_be_visible()
    insight_services.aggregate()  # the scheduled job
    page.reload()
    expect(page.get_by_text("Meldingen in deze selectie: 6")).to_be_visible()
    chart = page.get_by_role("img", name="Staafdiagram: Type melding", exact=False)
    expect(chart).to_be_visible()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=chart.element_handle()
    )
    assert csp_errors == []
