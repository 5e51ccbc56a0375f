"""A practitioner fills in the complete VIM form, finds the incident in the register with its
number and step, adds and completes a measure, and downloads the register as CSV."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from incidents.models import Incident
from tests.conftest import password_of

pytestmark = pytest.mark.e2e


def log_in(page, user):
    page.goto("/accounts/login/")
    page.locator("[name=login]").fill(user.email)
    page.locator("[name=password]").fill(password_of(user))
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")


def test_practitioner_files_the_complete_form_adds_a_measure_and_exports(page, anna):
    today = timezone.localdate()
    occurred = (today - datetime.timedelta(days=3)).isoformat()
    log_in(page, anna)

    page.get_by_role("link", name="Mijn register").first.click()
    page.get_by_role("link", name="Nieuwe melding").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("VIM-formulier")
    expect(page.get_by_label("Naam van de melder")).to_have_value("Anna de Vries")

    page.get_by_label("Datum gebeurtenis").fill(occurred)
    page.get_by_label("Plaats").fill("Praktijk Utrecht, spreekkamer 2")
    page.get_by_label("Functie van de melder").fill("GZ-psycholoog")
    page.get_by_label("Naam/namen van betrokken patiënt(en)").fill("Marieke Smit")
    page.get_by_label("Geboortedatum/-data").fill("12-05-1979")
    page.get_by_label("Betrokken medewerkers").fill("Praktijkondersteuner")

    # The conditional fields appear once the answer that asks for them is given.
    expect(page.get_by_label("Anders, namelijk").first).to_be_hidden()
    page.get_by_label("Type melding").select_option("anders")
    page.get_by_label("Anders, namelijk").first.fill("Sleutel van de praktijk kwijt")
    page.get_by_label("Beschrijving van het (bijna-)incident").fill(
        "Cliënt kreeg een verkeerde vervolgafspraak doorgegeven en kwam voor niets."
    )
    page.get_by_label("Anderen gewaarschuwd, namelijk, met de volgende maatregelen").fill(
        "Secretariaat op de hoogte gebracht."
    )
    page.get_by_label("Zelf actie ondernomen met de volgende maatregelen").fill(
        "Cliënt gebeld en nieuwe afspraak gemaakt."
    )
    page.get_by_label("Merkbare gevolgen", exact=True).check()
    page.get_by_label("Beschrijf de toestand van de patiënt").fill("Teleurgesteld, geen schade.")

    fieldset = page.locator("#veld-client_informed")
    fieldset.get_by_label("Ja").check()
    page.get_by_label("Zo ja, wanneer").fill(today.isoformat())
    page.get_by_label("Zo ja, door wie").fill("Anna de Vries")
    page.get_by_label("Mondeling").check()
    page.locator("#veld-client_informed_noted").get_by_label("Ja").check()

    page.get_by_label("Analyse: wat is er gebeurd en hoe kon het gebeuren?").fill(
        "Twee agenda's naast elkaar in gebruik."
    )
    page.get_by_label("Organisatorisch").check()
    page.get_by_label("Technisch").check()
    page.get_by_label("Toelichting op de factoren").fill("Oude agenda nog niet uitgezet.")
    page.locator("#veld-discussed").get_by_label("Ja").check()
    page.get_by_label("Besproken op").fill(today.isoformat())
    page.get_by_label("Besproken in").fill("Intervisiegroep")
    page.get_by_label("Wat is het resultaat?").fill("Eén agenda, de andere afsluiten.")
    page.get_by_label(
        "Wat gaat u doen om vergelijkbare situaties in de toekomst te voorkomen?"
    ).fill("Oude agenda afsluiten.")
    page.get_by_role("button", name="Melding registreren").click()

    number = f"{today.year}-001"
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Melding {number}")
    expect(page.locator("#incident-step")).to_have_text("Maatregel")
    incident = Incident.objects.get()
    assert incident.patient_names == "Marieke Smit"
    assert incident.contributing_factors == ["organisatorisch", "technisch"]
    assert incident.category_other == "Sleutel van de praktijk kwijt"
    assert incident.client_informed_how == "mondeling"

    measures = page.locator("#maatregelen")
    measures.get_by_label(re.compile(r"^Maatregel")).fill("Oude agenda definitief uitzetten")
    measures.get_by_label("Wie voert het uit").fill("Anna")
    measures.get_by_label("Uiterste datum").fill((today + datetime.timedelta(days=14)).isoformat())
    measures.get_by_role("button", name="Maatregel toevoegen").click()
    expect(measures.get_by_role("cell", name="Oude agenda definitief uitzetten")).to_be_visible()

    page.get_by_role("link", name="Terug naar het register").click()
    row = page.get_by_role("row").filter(has_text=number)
    expect(row).to_contain_text("Maatregel")
    expect(row).to_contain_text("1 open")
    expect(page.get_by_text("Marieke Smit")).to_have_count(0)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Exporteren (CSV)").click()
    content = open(download_info.value.path(), encoding="utf-8-sig").read()  # noqa: SIM115
    assert number in content and "Maatregel" in content
    assert "Marieke" not in content and "1979" not in content

    row.get_by_role("link", name=number).click()
    page.get_by_role("button", name="Afronden").click()
    expect(page.locator("#incident-step")).to_have_text("Afgerond")
