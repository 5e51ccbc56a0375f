"""anna chairs a live meeting in one browser, bram and carla take part in two others: every step
reaches everyone without a reload (a message the chair removes too, and one the checker holds
back until its author confirms it), and the minutes show the outcome after closing."""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.urls import reverse
from playwright.sync_api import expect

from groups import services as group_services
from groups.models import Membership
from meetings.models import Meeting, Message
from tests.conftest import password_of
from tests.groups import conftest as groups_conftest
from tests.meetings import conftest as meetings_conftest
from tests.meetings.conftest import make_item

create_group = groups_conftest.create_group
meeting_world = meetings_conftest.meeting_world
checker = meetings_conftest.checker
pytestmark = pytest.mark.e2e


def open_live_page(page, user, url):
    page.goto("/accounts/login/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(password_of(user))
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.wait_for_url(lambda current: "/accounts/login/" not in current)
    page.goto(url)
    expect(page.locator("#live-connection")).to_have_text("Verbonden.")
    # A marker that a reload would wipe: every later check proves the page updated in place.
    page.evaluate("window.__sameDocument = true")


@pytest.mark.usefixtures("checker")  # every text passes it: loaded once, before the browsers
def test_anna_runs_the_meeting_and_bram_and_carla_follow_every_step_live(
    new_page, meeting_world, anna, bram, carla
):
    meeting = meeting_world.meeting
    item = make_item(meeting, bram, title="Medicatie verwisseld", status="accepted")
    make_item(meeting, carla, title="Val bij transfer", status="accepted")
    url = reverse("meetings:live", kwargs={"pk": meeting.pk})
    chair, member, other = new_page(), new_page(), new_page()
    for page, user in ((chair, anna), (member, bram), (other, carla)):
        open_live_page(page, user, url)
    everyone = (chair, member, other)

    chair.get_by_label("Ik start bewust eerder dan gepland").check()
    chair.get_by_role("button", name="Bespreking starten").click()
    for page in everyone:
        expect(page.locator("#live-status")).to_contain_text("bezig")
        expect(page.locator("#live-presence")).to_contain_text("Carla")

    chair.locator(f"#agenda-item-{item.pk}").get_by_role("button", name="Openen").click()
    for page in everyone:
        expect(page.locator("#current-item h2")).to_have_text("Medicatie verwisseld")

    other.get_by_label("Uw bericht").fill("Wat stond er op het etiket?")
    other.get_by_role("button", name="Versturen").click()
    for page in everyone:
        expect(page.locator(f"#thread-{item.pk}")).to_contain_text("Wat stond er op het etiket?")

    held_back_message_step(other, (chair, member), item)

    # A slip in the thread: carla posts it, anna removes it, and it leaves every screen.
    slip = "Dit hoort niet in de groep"
    other.get_by_label("Uw bericht").fill(slip)
    other.get_by_role("button", name="Versturen").click()
    expect(member.locator(f"#thread-{item.pk}")).to_contain_text(slip)
    remove = member.locator(f"#thread-{item.pk}").get_by_role("button", name="Bericht verwijderen")
    expect(remove).to_have_count(0)  # bram neither chairs nor wrote it
    chair.locator(f"#thread-{item.pk} .message-entry", has_text=slip).get_by_role(
        "button", name="Bericht verwijderen"
    ).click()
    for page in everyone:
        thread = page.locator(f"#thread-{item.pk}")
        expect(thread).to_contain_text("bericht verwijderd door de voorzitter")
        expect(thread).not_to_contain_text(slip)
        expect(thread).to_contain_text("Wat stond er op het etiket?")

    member.get_by_role("button", name="Hand opsteken").click()
    for page in everyone:
        expect(page.locator("#live-hands")).to_contain_text("Bram")

    chair.get_by_label("Besproken / resultaat").fill("Dubbele controle bij gelijkende verpakkingen")
    chair.get_by_role("button", name="Resultaat vastleggen").click()
    chair.get_by_text("Maatregel voorstellen").click()
    chair.get_by_label("Maatregel (wat)").fill("Verpakkingen apart zetten")
    chair.get_by_role("button", name="Voorstellen").click()
    chair.locator(f"#measures-{item.pk}").get_by_role("button", name="Bevestigen").click()
    for page in everyone:
        expect(page.locator(f"#result-{item.pk}")).to_contain_text("Dubbele controle")
        expect(page.locator(f"#measures-{item.pk}")).to_contain_text("afgesproken")
        expect(page.locator("#live-announcer")).not_to_be_empty()

    # Closing asks for confirmation on its own page (the undiscussed item is listed there).
    chair.get_by_role("link", name="Bespreking afsluiten").click()
    expect(chair.locator("main")).to_contain_text("Val bij transfer")
    chair.get_by_role("button", name="Bespreking afsluiten").click()
    # A closed meeting's page is its minutes; the members' open live pages say it closed.
    expect(chair.get_by_role("heading", level=1)).to_contain_text("Notulen")
    for page in (member, other):
        expect(page.locator("#live-status")).to_contain_text("afgesloten")
    for page in (member, other):
        assert page.evaluate("window.__sameDocument === true")

    member.get_by_role("link", name="Notulen bekijken").click()
    expect(member.get_by_role("heading", level=1)).to_contain_text("Notulen")
    expect(member.locator("main")).to_contain_text("Dubbele controle bij gelijkende verpakkingen")
    expect(member.locator("main")).to_contain_text("Verpakkingen apart zetten")
    expect(member.locator("main")).not_to_contain_text("Wat stond er op het etiket?")


# --- Step: a message the checker holds back (issue 14) ------------------------------------------

HELD_BACK = "Ik sprak mevrouw Jansen over het etiket."


def held_back_message_step(author, others, item):
    """The author types a patient's name: the checker holds the message back, for the author's
    page only. The typed text stays in the box and the finding is marked; once the author
    confirms it, the message reaches everyone and the box empties."""
    box = author.get_by_label("Uw bericht")
    box.fill(HELD_BACK)
    author.get_by_role("button", name="Versturen").click()
    held = author.locator(".live-form .held-findings")
    expect(held).to_contain_text("Nog niet verstuurd")
    expect(held.locator("mark.mark-finding")).to_have_text("mevrouw Jansen")
    expect(box).to_have_value(HELD_BACK)
    # The server answered "held": nothing was recorded, so nothing can reach the others.
    assert not Message.objects.filter(body__contains="Jansen").exists()
    held.get_by_label(re.compile("mevrouw Jansen")).check()
    held.get_by_role("button", name="Bevestigen en versturen").click()
    for page in (author, *others):
        expect(page.locator(f"#thread-{item.pk}")).to_contain_text(HELD_BACK)
    expect(box).to_have_value("")
    expect(held).to_have_count(0)
    assert author.evaluate("window.__sameDocument === true")


# --- End of the held-back step ------------------------------------------------------------


def off_the_browsers_loop(service, **arguments):
    """Call a service as a request would: not on the thread Playwright's event loop runs on
    (its after-commit broadcast cannot block on that loop)."""

    def call():
        try:
            return service(**arguments)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


def test_bram_is_told_why_his_live_page_stopped_and_it_does_not_reconnect(
    new_page, meeting_world, anna, bram
):
    url = reverse("meetings:live", kwargs={"pk": meeting_world.meeting.pk})
    page = new_page()
    open_live_page(page, bram, url)
    # Logging out in another tab of the same browser ends this tab's live access too.
    other_tab = page.context.new_page()
    other_tab.goto("/")
    other_tab.get_by_role("button", name="Uitloggen").click()
    expect(page.locator("#live-ended")).to_have_text("U bent uitgelogd — log opnieuw in.")
    expect(page.get_by_role("link", name="log opnieuw in")).to_be_visible()
    expect(page.locator("#live-connection")).to_have_text("")
    assert page.evaluate("window.__sameDocument === true")


def test_carla_removed_mid_meeting_reads_that_she_is_no_longer_a_member(
    new_page, meeting_world, anna, carla
):
    url = reverse("meetings:live", kwargs={"pk": meeting_world.meeting.pk})
    page = new_page()
    open_live_page(page, carla, url)
    membership = Membership.objects.get(group=meeting_world.group, user=carla)
    off_the_browsers_loop(group_services.membership_remove, actor=anna, membership=membership)
    expect(page.locator("#live-ended")).to_have_text("U bent geen lid meer van deze groep.")
    expect(page.locator("#live-connection")).to_have_text("")


def test_a_message_too_large_for_the_server_is_refused_in_the_page(new_page, meeting_world, carla):
    meeting = meeting_world.meeting
    item = make_item(meeting, carla, title="Val bij transfer", status="accepted")
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.LIVE, current_item=item)
    page = new_page()
    open_live_page(page, carla, reverse("meetings:live", kwargs={"pk": meeting.pk}))
    page.get_by_label("Uw bericht").fill("€" * 6000)  # 6000 characters, 18000 bytes
    page.get_by_role("button", name="Versturen").click()
    expect(page.locator("#live-error")).to_have_text("Het bericht is te groot.")
    expect(page.locator("#live-connection")).to_have_text("Verbonden.")
    assert not Message.objects.exists()
