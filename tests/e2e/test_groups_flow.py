"""anna forms a group and invites bram; bram joins through the e-mailed link and signs; anna
changes the declaration; bram sees only the declaration until he signs the new version."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.conftest import password_of

pytestmark = pytest.mark.e2e

NEW_TEXT = "Versie twee. Ik bespreek niets uit deze groep met anderen, ook niet anoniem."


def log_in(page, user):
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(password_of(user))
    page.get_by_role("button", name="Inloggen", exact=True).click()


def sign(page, user):
    page.get_by_label("Uw volledige naam").fill(user.full_name)
    page.get_by_label("Ik heb de geheimhoudingsverklaring gelezen").check()
    page.get_by_role("button", name="Tekenen").click()


def test_anna_forms_a_group_bram_joins_and_must_re_sign_after_a_change(new_page, anna, bram):
    chair = new_page()
    chair.goto("/accounts/login/")
    log_in(chair, anna)
    chair.goto("/groepen/nieuw/")
    chair.get_by_label("Naam").fill("Intervisiegroep Utrecht")
    chair.get_by_role("button", name="Groep aanmaken").click()
    expect(chair.get_by_role("heading", level=1)).to_have_text("Geheimhoudingsverklaring")
    sign(chair, anna)
    expect(chair.get_by_role("heading", level=1)).to_have_text("Intervisiegroep Utrecht")
    group_url = chair.url

    chair.get_by_role("link", name="Leden uitnodigen").click()
    chair.get_by_label("E-mailadres").fill(bram.email)
    chair.get_by_role("button", name="Uitnodiging versturen").click()
    expect(chair.get_by_role("cell", name=bram.email, exact=True)).to_be_visible()
    assert mail.outbox[-1].to == [bram.email]
    link = re.search(r"http://\S+/groepen/uitnodiging/\S+/", mail.outbox[-1].body).group(0)

    member = new_page()
    member.goto(link)
    member.get_by_role("link", name="Inloggen").last.click()
    log_in(member, bram)
    member.get_by_role("button", name="Uitnodiging aannemen").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Geheimhoudingsverklaring")
    expect(member.locator("#declaration-text")).to_contain_text("schuldvraag")
    sign(member, bram)
    expect(member.get_by_role("heading", level=1)).to_have_text("Intervisiegroep Utrecht")
    expect(member.get_by_role("cell", name="Anna de Vries")).to_be_visible()
    expect(member.get_by_text("Wat de incidentgroep niet doet")).to_be_visible()

    chair.goto(group_url)
    chair.get_by_role("link", name="Verklaring wijzigen").click()
    chair.get_by_label("Tekst van de geheimhoudingsverklaring").fill(NEW_TEXT)
    chair.get_by_role("button", name="Nieuwe versie vaststellen").click()
    expect(chair.locator("#declaration-text")).to_contain_text("Versie twee")

    member.goto(group_url)
    assert member.url.endswith("/verklaring/")
    expect(member.get_by_role("heading", level=1)).to_have_text("Geheimhoudingsverklaring")
    expect(member.locator("#declaration-text")).to_contain_text("Versie twee")
    expect(member.get_by_role("cell", name="Anna de Vries")).to_have_count(0)
    member.goto(group_url.rstrip("/") + "/uitnodigen/")
    assert member.url.endswith("/verklaring/")

    sign(member, bram)
    expect(member.get_by_role("heading", level=1)).to_have_text("Intervisiegroep Utrecht")
    expect(member.get_by_role("cell", name="Anna de Vries")).to_be_visible()
