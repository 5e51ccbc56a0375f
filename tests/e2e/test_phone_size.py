"""At 390 x 844 (a phone) no page a practitioner uses scrolls sideways: tables become stacked
rows, actions stay on the screen, and headings keep their distance from the header bar.

The world is the demo (`seed_demo`) with its upcoming meeting started: an item open, a message
in its thread, a raised hand, a proposed measure and a result; plus a measure and an
invitation with long texts, the kind that push a layout off the screen.
"""

import datetime
import io
from dataclasses import dataclass

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from groups import services as group_services
from groups.models import IncidentGroup
from incidents import services as incident_services
from incidents.models import Incident, Measure, Register
from meetings import live
from meetings.models import AgendaItem, Meeting
from project.models import User
from tests.conftest import login_client
from tests.e2e.test_live_meeting import off_the_browsers_loop

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
# The room a heading keeps below the header bar, in CSS pixels.
HEADING_GAP = 8

# Every visible element whose right edge passes the viewport (outermost ones named), and how
# far the page itself scrolls sideways. What sits in a screen-reader-only box (1 x 1 px,
# clipped) is not on the screen and does not count.
LAYOUT_CHECK = """() => {
  const width = document.documentElement.clientWidth;
  const srOnly = (el) => {
    for (let box = el; box; box = box.parentElement) {
      const rect = box.getBoundingClientRect();
      if (rect.width <= 1 && rect.height <= 1 && getComputedStyle(box).overflow === "hidden") {
        return true;
      }
    }
    return false;
  };
  const sticksOut = (el) => {
    const box = el.getBoundingClientRect();
    return (box.width > 0 || box.height > 0) && box.right > width + 0.5 && !srOnly(el);
  };
  const nameOf = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (el.classList.length ? "." + Array.from(el.classList).join(".") : "");
  const offenders = [];
  for (const el of document.querySelectorAll("body *")) {
    if (!sticksOut(el) || (el.parentElement && sticksOut(el.parentElement))) { continue; }
    const right = Math.round(el.getBoundingClientRect().right);
    offenders.push(nameOf(el) + " (right edge " + right + ")");
  }
  const header = document.querySelector(".site-header").getBoundingClientRect();
  const heading = document.querySelector("main h1");
  return {
    scrollWidth: document.scrollingElement.scrollWidth,
    clientWidth: document.scrollingElement.clientWidth,
    offenders: offenders,
    headingGap: heading ? heading.getBoundingClientRect().top - header.bottom : null,
  };
}"""


def layout_problems(page, name: str) -> list[str]:
    """What is wrong with the page now at phone size, each problem naming the page."""
    found = page.evaluate(LAYOUT_CHECK)
    problems = []
    if found["scrollWidth"] > found["clientWidth"]:
        problems.append(
            f"{name}: the page scrolls sideways ({found['scrollWidth']} > {found['clientWidth']})"
        )
    problems += [f"{name}: {offender} is off the screen" for offender in found["offenders"]]
    if found["headingGap"] is not None and found["headingGap"] < HEADING_GAP:
        problems.append(f"{name}: the heading touches the header bar ({found['headingGap']} px)")
    return problems


def phone_page(browser, live_server, user):
    """A page in a phone-sized, touch context, logged in as user (second factor passed)."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="nl-NL",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(15_000)
    session = login_client(user).cookies[django_settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    return context, context.new_page()


def walk(browser, live_server, user, pages: list[tuple[str, str]]) -> list[str]:
    context, page = phone_page(browser, live_server, user)
    problems = []
    try:
        for name, url in pages:
            response = page.goto(url)
            assert response.ok, f"{name}: {url} answered {response.status}"
            if url.endswith("/live/"):
                page.locator("#live-connection").filter(has_text="Verbonden.").wait_for()
            problems += layout_problems(page, f"{name} ({user.full_name})")
    finally:
        context.close()
    return problems


@dataclass
class PhoneWorld:
    anna: User
    bram: User
    register: Register
    incident: Incident
    measure: Measure
    group: IncidentGroup
    meeting: Meeting
    closed: Meeting


def _start_the_meeting(meeting: Meeting, anna: User, bram: User) -> None:
    item = AgendaItem.objects.filter(meeting=meeting, status="accepted").order_by("position")[0]
    live.meeting_start(actor=anna, meeting=meeting, early=True)
    live.item_open(actor=anna, meeting=meeting, item_id=item.pk)
    live.message_post(
        actor=bram,
        meeting=meeting,
        body="De overdracht ging mondeling; niemand heeft het middel schriftelijk bevestigd.",
    )
    live.hand_raise(actor=bram, meeting=meeting)
    live.measure_propose(
        actor=bram, meeting=meeting, description="Medicatie bij elke overdracht schriftelijk"
    )
    live.result_record(actor=anna, meeting=meeting, result="Overdracht altijd schriftelijk.")


@pytest.fixture
def phone_world(browser, live_server, settings) -> PhoneWorld:
    settings.DEBUG = True  # seed_demo refuses to run without it
    off_the_browsers_loop(call_command, command_name="seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    anna = User.objects.get(email__startswith="anna@")
    bram = User.objects.get(email__startswith="bram@")
    register = Register.objects.get(owner=anna)
    incident = (
        Incident.objects.filter(register=register)
        .annotate(measure_count=Count("measures"))
        .order_by("-measure_count", "pk")
        .first()
    )
    measure = incident_services.measure_add(
        actor=anna,
        incident=incident,
        description="Verzendprotocol herschrijven met een controlestap voor naam, "
        "geboortedatum en ontvanger, en het protocol bespreken in het teamoverleg",
        owner_name="Anna de Vries en de praktijkondersteuner",
        due_on=timezone.localdate() + datetime.timedelta(days=21),
    )
    group = IncidentGroup.objects.get(name="Intervisiegroep Utrecht")
    group_services.invitation_create(
        actor=anna,
        group=group,
        email="praktijkondersteuner.ggz-basiszorg@praktijk-de-linde-utrecht.nl",
        site_url="http://testserver",
    )
    meeting = Meeting.objects.get(group=group, status=Meeting.Status.SCHEDULED)
    off_the_browsers_loop(_start_the_meeting, meeting=meeting, anna=anna, bram=bram)
    return PhoneWorld(
        anna=anna,
        bram=bram,
        register=register,
        incident=incident,
        measure=measure,
        group=group,
        meeting=meeting,
        closed=Meeting.objects.get(group=group, status=Meeting.Status.CLOSED),
    )


def test_the_register_an_incident_the_group_and_the_live_page_fit_a_phone(
    browser, live_server, phone_world
):
    world = phone_world
    pages = [
        ("register", reverse("incidents:register")),
        ("incident", reverse("incidents:incident_detail", args=[world.incident.pk])),
        ("group page", reverse("groups:detail", args=[world.group.pk])),
        ("live page", reverse("meetings:live", args=[world.meeting.pk])),
    ]
    problems = walk(browser, live_server, world.anna, pages)
    # A member sees the group and the live page without the chair's controls.
    problems += walk(browser, live_server, world.bram, pages[2:])
    assert problems == []


def test_every_other_page_a_practitioner_uses_fits_a_phone(browser, live_server, phone_world):
    world = phone_world
    incident, register, group = world.incident.pk, world.register.pk, world.group.pk
    pages = [
        ("dashboard", reverse("home")),
        ("account", reverse("account")),
        ("new incident", reverse("incidents:incident_create", args=[register])),
        ("incident edit", reverse("incidents:incident_edit", args=[incident])),
        ("measure add", reverse("incidents:measure_add", args=[incident])),
        ("measure edit", reverse("incidents:measure_update", args=[world.measure.pk])),
        ("incident log", reverse("incidents:incident_log", args=[incident])),
        ("register log", reverse("incidents:register_log", args=[register])),
        ("register members", reverse("incidents:register_members", args=[register])),
        ("procedure", reverse("incidents:register_procedure", args=[register])),
        ("groups", reverse("groups:list")),
        ("invitations", reverse("groups:invite", args=[group])),
        ("declaration", reverse("groups:declaration", args=[group])),
        ("meeting", reverse("meetings:detail", args=[world.meeting.pk])),
        ("close the meeting", reverse("meetings:close", args=[world.meeting.pk])),
        ("minutes", reverse("meetings:minutes", args=[world.closed.pk])),
        ("thread", reverse("meetings:thread", args=[world.closed.pk])),
        ("trends", reverse("insights:trends")),
        ("group trends", reverse("insights:group_trends", args=[group])),
        ("share an incident", reverse("sharing:share", args=[incident])),
        ("e-mail addresses", reverse("account_email")),
        ("password", reverse("account_change_password")),
        ("second factor", reverse("mfa_index")),
        ("authenticator app", reverse("mfa_activate_totp")),
        ("close the account", reverse("sharing:account_close")),
    ]
    problems = walk(browser, live_server, world.anna, pages)
    bram_incident = Incident.objects.filter(register__owner=world.bram).order_by("pk").first()
    problems += walk(
        browser,
        live_server,
        world.bram,
        [
            ("register", reverse("incidents:register")),
            ("incident", reverse("incidents:incident_detail", args=[bram_incident.pk])),
            ("dashboard", reverse("home")),
        ],
    )
    assert problems == []


def test_the_check_sees_a_page_that_scrolls_sideways_and_a_heading_under_the_bar(
    browser, live_server, phone_world
):
    context, page = phone_page(browser, live_server, phone_world.anna)
    page.goto(reverse("incidents:register"))
    assert layout_problems(page, "register") == []
    page.evaluate(
        """() => {
          const wide = document.createElement("p");
          wide.id = "too-wide";
          wide.style.width = "600px";
          wide.textContent = "breed";
          document.querySelector("main").appendChild(wide);
          document.querySelector("main").style.paddingTop = "0";
        }"""
    )
    problems = layout_problems(page, "register")
    context.close()
    assert any("scrolls sideways" in problem for problem in problems)
    assert any("p#too-wide" in problem for problem in problems)
    assert any("touches the header bar" in problem for problem in problems)
