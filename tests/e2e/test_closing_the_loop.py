"""Closing the loop, as the practitioners live it: bram registers an incident with serious
consequences, establishes that it is a calamity and records its report to the IGJ, and shares a
de-identified summary with his group; anna runs the meeting and records the result and a
measure; bram imports the outcome, sees the incident in the step Maatregel with the imported
measure, completes it, and the incident shows as Afgerond."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import AgendaItem
from tests.conftest import password_of
from tests.groups import conftest as groups_conftest
from tests.meetings import conftest as meetings_conftest

create_group = groups_conftest.create_group
meeting_world = meetings_conftest.meeting_world
checker = meetings_conftest.checker
pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("checker")]

TITLE = "Verwijsbrief bij de verkeerde huisarts"
SUMMARY = (
    "Een verwijsbrief ging naar een huisarts met dezelfde achternaam als de bedoelde "
    "huisarts. De fout werd de volgende dag ontdekt."
)
RESULT = "Bij elke verwijzing de AGB-code van de huisarts controleren."
MEASURE = "AGB-code opnemen in het verwijssjabloon"


def log_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(password_of(user))
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.wait_for_url(lambda current: "/accounts/login/" not in current)


def register_incident(page):
    page.get_by_role("link", name="Mijn register").first.click()
    page.get_by_role("link", name="Nieuwe melding").click()
    occurred = timezone.localdate() - datetime.timedelta(days=2)
    page.get_by_label("Datum gebeurtenis").fill(occurred.isoformat())
    page.get_by_label("Plaats").fill("Praktijk")
    page.get_by_label("Type melding").select_option("verwijzing")
    page.get_by_label("Beschrijving van het (bijna-)incident").fill(SUMMARY)
    page.get_by_label("Ernstige gevolgen").check()
    page.locator("#veld-client_informed").get_by_label("Ja").check()
    page.get_by_label("Zo ja, wanneer").fill(occurred.isoformat())
    page.get_by_label("Zo ja, door wie").fill("Bram")
    page.get_by_label("Mondeling").check()
    page.locator("#veld-client_informed_noted").get_by_label("Ja").check()
    page.get_by_label("Analyse: wat is er gebeurd en hoe kon het gebeuren?").fill(
        "Het adresboek zocht op naam; de AGB-code werd niet gecontroleerd."
    )
    page.get_by_role("button", name="Melding registreren").click()
    # A possible calamity keeps Registratie open until it is assessed (and, if it is one,
    # reported to the IGJ).
    expect(page.locator("#incident-step")).to_have_text("Registratie")


def assess_the_calamity(page):
    card = page.locator("#calamiteit")
    expect(card).to_contain_text("Nog niet beoordeeld")
    expect(card).to_contain_text("Vaststellen uiterlijk")
    today = timezone.localdate()
    expect(card.get_by_label("Vastgesteld als calamiteit op")).to_be_hidden()
    card.get_by_label("Vastgesteld als calamiteit", exact=True).check()
    expect(card.get_by_label("Geen calamiteit, omdat")).to_be_hidden()
    card.get_by_label("Vastgesteld als calamiteit op").fill(today.isoformat())
    card.get_by_role("button", name="Beoordeling vastleggen").click()
    card = page.locator("#calamiteit")
    expect(card).to_contain_text("Nog niet gemeld bij de IGJ")
    expect(card).to_contain_text("nog 3 werkdagen")
    report_date = card.get_by_label("Gemeld bij de IGJ op")
    expect(report_date).to_have_value("")  # never prefilled
    report_date.fill(today.isoformat())
    card.get_by_role("button", name="Melding bij de IGJ vastleggen").click()
    expect(page.locator("#calamiteit")).to_contain_text("Gemeld bij de IGJ op")
    expect(page.locator("#incident-step")).to_have_text("Bespreking")


def share_with_the_group(page):
    page.get_by_role("link", name="Bespreken in groep").click()
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_label("Geanonimiseerde samenvatting").fill(SUMMARY)
    page.get_by_label("Hulpvraag").fill("Hoe voorkomen jullie verwisseling van huisartsen?")
    page.get_by_label("Ik heb gecontroleerd").check()
    page.get_by_role("button", name="Controleren en inbrengen").click()
    expect(page.locator("main")).to_contain_text("Uw agendapunt is ingebracht")


def run_the_meeting(page, meeting, item):
    page.goto(reverse("meetings:detail", args=[meeting.pk]))
    page.get_by_role("button", name=f"Accepteer “{TITLE}”").click()
    page.goto(reverse("meetings:live", kwargs={"pk": meeting.pk}))
    expect(page.locator("#live-connection")).to_have_text("Verbonden.")
    page.get_by_label("Ik start bewust eerder dan gepland").check()
    page.get_by_role("button", name="Bespreking starten").click()
    expect(page.locator("#live-status")).to_contain_text("bezig")
    page.locator(f"#agenda-item-{item.pk}").get_by_role("button", name="Openen").click()
    expect(page.locator("#current-item h2")).to_have_text(TITLE)
    page.get_by_label("Besproken / resultaat").fill(RESULT)
    page.get_by_role("button", name="Resultaat vastleggen").click()
    expect(page.locator(f"#result-{item.pk}")).to_contain_text(RESULT)
    page.get_by_text("Maatregel voorstellen").click()
    page.get_by_label("Maatregel (wat)").fill(MEASURE)
    due = timezone.localdate() + datetime.timedelta(days=14)
    page.get_by_label("Uiterlijk op (wanneer)").fill(due.isoformat())
    page.get_by_role("button", name="Voorstellen").click()
    page.locator(f"#measures-{item.pk}").get_by_role("button", name="Bevestigen").click()
    expect(page.locator(f"#measures-{item.pk}")).to_contain_text("afgesproken")
    page.get_by_role("link", name="Bespreking afsluiten").click()
    page.get_by_role("button", name="Bespreking afsluiten").click()
    # A closed meeting's page is its minutes.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Notulen")


def test_bram_imports_the_outcome_of_annas_meeting_and_completes_the_measure(
    new_page, meeting_world, anna, bram
):
    meeting = meeting_world.meeting
    member, chair = new_page(), new_page()

    log_in(member, bram)
    register_incident(member)
    assess_the_calamity(member)
    share_with_the_group(member)
    item = AgendaItem.objects.get(meeting=meeting, owner=bram)

    log_in(chair, anna)
    run_the_meeting(chair, meeting, item)

    member.get_by_role("link", name="Mijn register").first.click()
    outcome = member.locator("#uitkomsten")
    expect(outcome).to_contain_text("Uitkomst van de bespreking in Intervisiegroep Utrecht op")
    expect(outcome).to_contain_text(RESULT)
    expect(outcome).to_contain_text(MEASURE)
    outcome.get_by_role("button", name="Importeren in mijn register").click()

    expect(member.locator("main")).to_contain_text("De uitkomst is geïmporteerd in melding")
    expect(member.locator("#incident-step")).to_have_text("Maatregel")
    measures = member.locator("#maatregelen")
    expect(measures).to_contain_text(MEASURE)
    expect(measures).to_contain_text("Herkomst: Bespreking in Intervisiegroep Utrecht op")
    expect(member.locator("#besprekingen")).to_contain_text("geïmporteerd")

    member.get_by_role("link", name="Terug naar het register").click()
    expect(member.locator("#uitkomsten")).to_have_count(0)
    row = member.locator("table.register tbody tr").first
    expect(row).to_contain_text("Maatregel")
    row.get_by_role("link").first.click()

    member.locator("#maatregelen").get_by_role("button", name="Afronden").click()
    expect(member.locator("#incident-step")).to_have_text("Afgerond")
    member.get_by_role("link", name="Terug naar het register").click()
    expect(member.locator("table.register tbody tr").first).to_contain_text("Afgerond")
