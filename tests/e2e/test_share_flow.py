"""bram shares an incident whose description names his patient: the checker blocks the share
with the name highlighted; he rewrites, confirms, and the item is on the agenda. anna (chair)
accepts and reorders it; dirk, an outsider, cannot reach the meeting."""

import pytest
from playwright.sync_api import expect

from tests.conftest import password_of
from tests.meetings.conftest import (  # noqa: F401  (fixtures)
    CLEAN_SUMMARY,
    bram_incident,
    checker,
    create_group,
    make_item,
    meeting_world,
)

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("checker")]

TITLE = "Verwisselde verwijsbrief"


def log_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(password_of(user))
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page.get_by_role("button", name="Uitloggen").first).to_be_visible()


def agenda_titles(page):
    return page.locator("#agenda .agenda-item h3")


def test_bram_shares_through_the_checker_anna_accepts_and_reorders_dirk_is_refused(
    new_page,
    meeting_world,  # noqa: F811
    bram_incident,  # noqa: F811
):
    w = meeting_world
    make_item(w.meeting, w.carla, title="Dubbele afspraak", status="accepted")
    meeting_url = f"/besprekingen/{w.meeting.pk}/"

    bram = new_page()
    log_in(bram, w.bram)
    bram.goto(f"/register/melding/{bram_incident.pk}/")
    bram.get_by_role("link", name="Bespreken in groep").click()
    expect(bram.get_by_role("heading", level=1)).to_have_text("Bespreken in groep")
    summary = bram.get_by_label("Geanonimiseerde samenvatting")
    expect(summary).to_have_value(bram_incident.description)
    bram.get_by_label("Titel").fill(TITLE)
    bram.get_by_label("Hulpvraag").fill("Hoe borgen jullie de controle bij de overdracht?")
    bram.get_by_label("Ik heb gecontroleerd").check()
    bram.get_by_role("button", name="Controleren en inbrengen").click()

    expect(bram.get_by_role("heading", name="Nog niet gedeeld")).to_be_visible()
    expect(bram.locator("mark.mark-finding", has_text="Henk Zwanenburg")).to_be_visible()
    assert not w.meeting.items.filter(title=TITLE).exists()

    summary.fill(CLEAN_SUMMARY)
    bram.get_by_label("Ik heb gecontroleerd").check()
    bram.get_by_role("button", name="Controleren en inbrengen").click()
    expect(bram.get_by_text("Uw agendapunt is ingebracht")).to_be_visible()
    expect(agenda_titles(bram)).to_have_text(["Dubbele afspraak", TITLE])
    expect(bram.locator("#agenda")).not_to_contain_text("Zwanenburg")

    anna = new_page()
    log_in(anna, w.anna)
    anna.goto(meeting_url)
    anna.get_by_role("button", name=f"Accepteer “{TITLE}”").click()
    anna.get_by_role("button", name=f"“{TITLE}” omhoog").click()
    expect(agenda_titles(anna)).to_have_text([TITLE, "Dubbele afspraak"])
    item = w.meeting.items.get(title=TITLE)
    assert item.status == "accepted" and item.position == 1

    dirk = new_page()
    log_in(dirk, w.dirk)
    response = dirk.goto(meeting_url)
    assert response.status == 404
    expect(dirk.get_by_text(TITLE)).to_have_count(0)
