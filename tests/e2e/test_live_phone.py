"""anna chairs a live meeting from her phone (390 x 844, touch) while bram and carla follow in
two desktop browsers: every chair control is in reach in one column, the page never scrolls
sideways, and the live page keeps what matters — a message typed before any item was open, the
current item after a reload, the hand button's state, the saved result — without announcing
the past again."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from meetings import live
from meetings.models import Meeting
from tests.e2e.test_live_meeting import off_the_browsers_loop, open_live_page
from tests.e2e.test_phone_size import PHONE, layout_problems
from tests.groups import conftest as groups_conftest
from tests.meetings import conftest as meetings_conftest
from tests.meetings.conftest import make_item

create_group = groups_conftest.create_group
meeting_world = meetings_conftest.meeting_world
pytestmark = pytest.mark.e2e

QUESTION = "Wat stond er op het etiket?"
RESULT = "Dubbele controle bij gelijkende verpakkingen"
MEASURE = "Verpakkingen apart zetten"


@pytest.fixture
def phone(browser, live_server):
    """A page in a phone-sized touch context of its own."""
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport=PHONE, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def hand_button(page):
    return page.locator("form[data-hand-toggle] button")


def test_anna_chairs_from_her_phone_while_bram_and_carla_follow(
    new_page, phone, meeting_world, anna, bram, carla
):
    meeting = meeting_world.meeting
    first = make_item(
        meeting, bram, title="Medicatie verwisseld", status="accepted", expected_minutes=20
    )
    make_item(meeting, carla, title="Val bij transfer", status="accepted")
    url = reverse("meetings:live", kwargs={"pk": meeting.pk})
    chair, member, other = phone, new_page(), new_page()
    for page, user in ((chair, anna), (member, bram), (other, carla)):
        open_live_page(page, user, url)
    everyone = (chair, member, other)
    thread = f"#thread-{first.pk}"

    assert layout_problems(chair, "live page before the start") == []
    chair.get_by_label("Ik start bewust eerder dan gepland").check()
    chair.get_by_role("button", name="Bespreking starten").tap()
    for page in everyone:
        expect(page.locator("#live-status")).to_contain_text("bezig")

    # carla types before any item is open: the page says so, the server refuses, the text stays.
    expect(other.locator("#live-body-target")).to_contain_text("nog geen agendapunt geopend")
    other.get_by_label("Uw bericht").fill(QUESTION)
    other.get_by_role("button", name="Versturen").click()
    expect(other.locator("#live-error")).to_have_text("Er is nog geen agendapunt geopend.")
    expect(other.get_by_label("Uw bericht")).to_have_value(QUESTION)

    # anna goes to the next item with her thumb; the agenda marks it, her clock starts.
    chair.get_by_role("button", name="Volgend agendapunt").tap()
    for page in everyone:
        expect(page.locator("#current-item h2")).to_have_text("Medicatie verwisseld")
        expect(page.locator(f"#agenda-item-{first.pk}")).to_have_attribute("aria-current", "step")
    expect(chair.locator("#live-clock")).to_have_text("Op dit punt: 0 van 20 min")
    expect(other.locator("#live-body-item")).to_have_text("Medicatie verwisseld")

    # The kept message goes now, to the open item, and only then leaves carla's box.
    other.get_by_role("button", name="Versturen").click()
    for page in everyone:
        expect(page.locator(thread)).to_contain_text(QUESTION)
    expect(other.get_by_label("Uw bericht")).to_have_value("")

    # One hand button for bram, following the server; anna gives him the floor from her bar.
    expect(hand_button(member)).to_have_text("Hand opsteken")
    expect(hand_button(member)).to_have_attribute("aria-pressed", "false")
    hand_button(member).click()
    expect(hand_button(member)).to_have_text("Hand laten zakken")
    expect(hand_button(member)).to_have_attribute("aria-pressed", "true")
    chair.locator(".chair-bar #live-hands").get_by_role("button", name="Woord geven").tap()
    for page in everyone:
        expect(page.locator("#live-hands")).to_contain_text("Bram Jansen — heeft het woord")
    hand_button(member).click()
    expect(hand_button(member)).to_have_text("Hand opsteken")
    expect(hand_button(member)).to_have_attribute("aria-pressed", "false")
    for page in everyone:
        expect(page.locator("#live-hands")).not_to_contain_text("Bram")

    # The result: everyone reads it, and anna's box keeps what she saved.
    chair.get_by_label("Besproken / resultaat").fill(RESULT)
    chair.get_by_role("button", name="Resultaat vastleggen").tap()
    for page in everyone:
        expect(page.locator(f"#result-{first.pk} .result-text")).to_have_text(RESULT)
    expect(chair.get_by_label("Besproken / resultaat")).to_have_value(RESULT)

    # A measure agreed in one step.
    chair.get_by_text("Maatregel voorstellen").tap()
    chair.get_by_label("Maatregel (wat)").fill(MEASURE)
    chair.get_by_label("Meteen afspreken").check()
    chair.get_by_role("button", name="Voorstellen").tap()
    for page in everyone:
        expect(page.locator(f"#measures-{first.pk}")).to_contain_text(MEASURE)
        expect(page.locator(f"#measures-{first.pk}")).to_contain_text("afgesproken")
    expect(chair.get_by_label("Maatregel (wat)")).to_have_value("")

    # With all of that on it, anna's page fits her phone.
    assert layout_problems(chair, "live page (chair)") == []

    # bram raises his hand again; then everyone reloads. The state is kept; nothing is
    # announced again, and no message comes back as a banner.
    hand_button(member).click()
    expect(chair.locator("#live-hands")).to_contain_text("Bram")
    for page in everyone:
        page.reload()
        expect(page.locator("#live-connection")).to_have_text("Verbonden.")
    for page in everyone:
        expect(page.locator(f"#agenda-item-{first.pk}")).to_have_attribute("aria-current", "step")
        expect(page.locator(f"{thread} .message-entry")).to_have_count(1)
        expect(page.locator(".messages")).to_have_count(0)
        expect(page.locator("#live-announcer")).to_be_empty()
    expect(chair.get_by_label("Besproken / resultaat")).to_have_value(RESULT)
    expect(chair.locator("#live-clock")).to_have_text(re.compile(r"^Op dit punt: \d+ van 20 min$"))
    expect(hand_button(member)).to_have_text("Hand laten zakken")
    expect(hand_button(member)).to_have_attribute("aria-pressed", "true")
    expect(hand_button(other)).to_have_attribute("aria-pressed", "false")

    # Closing from the phone: the confirmation lists the undiscussed item.
    chair.get_by_role("link", name="Bespreking afsluiten").tap()
    expect(chair.locator("main")).to_contain_text("Val bij transfer")
    assert layout_problems(chair, "close the meeting") == []
    chair.get_by_role("button", name="Bespreking afsluiten").tap()
    expect(chair.get_by_role("heading", level=1)).to_contain_text("Notulen")
    for page in (member, other):
        expect(page.locator("#live-status")).to_contain_text("afgesloten")
    assert layout_problems(chair, "minutes") == []


def test_a_reconnect_catches_up_silently_and_live_events_are_announced_again(
    new_page, meeting_world, anna, bram, carla
):
    meeting = meeting_world.meeting
    item = make_item(meeting, carla, title="Val bij transfer", status="accepted")
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.LIVE, current_item=item)
    page = new_page()
    sockets = []
    held_back = {"on": False}

    def route(socket):
        # The first connection loses what the server sends while held back, as a connection
        # that is about to drop does; later connections pass everything.
        server = socket.connect_to_server()
        first = not sockets

        def forward(message):
            if not (first and held_back["on"]):
                socket.send(message)

        server.on_message(forward)
        sockets.append((socket, server))

    page.route_web_socket(re.compile(r"/ws/besprekingen/"), route)
    open_live_page(page, bram, reverse("meetings:live", kwargs={"pk": meeting.pk}))
    thread = page.locator(f"#thread-{item.pk}")

    # Every text the screen reader is given, in order.
    page.evaluate(
        """() => {
          window.__announced = [];
          const announcer = document.getElementById("live-announcer");
          new MutationObserver(() => {
            if (announcer.textContent) { window.__announced.push(announcer.textContent); }
          }).observe(announcer, {childList: true, characterData: true, subtree: true});
        }"""
    )

    missed = "Gemist terwijl de verbinding wegviel"
    held_back["on"] = True
    off_the_browsers_loop(live.message_post, actor=carla, meeting=meeting, body=missed)
    socket, server = sockets[0]
    server.close()
    socket.close()  # the page reconnects with the last sequence number it saw
    expect(thread).to_contain_text(missed)  # caught up
    assert len(sockets) == 2

    off_the_browsers_loop(live.message_post, actor=anna, meeting=meeting, body="Nu live")
    expect(thread).to_contain_text("Nu live")
    expect(page.locator("#live-announcer")).to_have_text("Bericht van Anna de Vries.")
    # The live message was announced; the one replayed before it never was.
    assert page.evaluate("window.__announced") == ["Bericht van Anna de Vries."]
    expect(page.locator("#live-connection")).to_have_text("Verbonden.")
