"""The counts `manage.py seed_demo` prints (run by `make run`) are what the demo users see: the
output is parsed and every count compared with the page it names, as that persona sees it."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from groups.models import IncidentGroup
from project.management.commands.seed_demo import DEMO_DOMAIN, PERSONAS
from project.models import User
from tests.conftest import login_client

pytestmark = pytest.mark.django_db

COUNT = r"(\d+) \w+"
PATTERNS = {
    "register": re.compile(rf"^VIM-register van (.+): {COUNT}; op het Overzicht {COUNT} binnen"),
    "groups": re.compile(rf"^Mijn groepen van (.+): {COUNT}$"),
    "members": re.compile(rf"^Groep (.+): {COUNT}$"),
    "meetings": re.compile(r"^Besprekingen van (.+): (\d+) komende, (\d+) eerdere$"),
    "agenda": re.compile(
        rf"^Bespreking van (\d\d-\d\d-\d{{4}} \d\d:\d\d): {COUNT}, waarvan {COUNT}$"
    ),
    "outcomes": re.compile(rf"^Uitkomsten om te importeren voor (.+): {COUNT}$"),
    "users": re.compile(r"^Demo-inloggegevens \((\d+) gebruikers?,"),
}


def _seed() -> list[str]:
    out = io.StringIO()
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=out)
    return out.getvalue().splitlines()


def _summary(lines: list[str]) -> dict[str, list[tuple[str, ...]]]:
    """The summary's counts by kind; every summary line must be one the test understands."""
    start = lines.index("Demo-overzicht (wat de demogebruikers in de app zien):")
    found: dict[str, list[tuple[str, ...]]] = {kind: [] for kind in PATTERNS}
    for line in [line.strip() for line in lines[start + 1 :]]:
        if line.startswith("Demo-inloggegevens"):
            found["users"].append(PATTERNS["users"].match(line).groups())
            break
        kinds = [kind for kind, pattern in PATTERNS.items() if pattern.match(line)]
        assert len(kinds) == 1, f"a summary line the test does not check: {line!r}"
        found[kinds[0]].append(PATTERNS[kinds[0]].match(line).groups())
    return found


def _client(full_name: str):
    return login_client(User.objects.get(full_name=full_name, email__endswith=DEMO_DOMAIN))


@pytest.mark.parametrize("runs", [1, 2])
def test_every_printed_count_is_what_the_demo_users_see(runs):
    for _run in range(runs):
        lines = _seed()
    # Before the summary, the seeding lines print no counts that could go stale.
    before = lines[: lines.index("Demo-overzicht (wat de demogebruikers in de app zien):")]
    assert not [line for line in before if re.search(r"\b\d+ (melding|agendapunt|lid|leden)", line)]
    summary = _summary(lines)

    assert len(summary["register"]) == len(PERSONAS)
    for name, incidents, due in summary["register"]:
        client = _client(name)
        page = client.get(reverse("incidents:register"))
        assert page.context["page"].paginator.count == int(incidents), name
        home = client.get(reverse("home"))
        assert len(home.context["measures_due"]) == int(due), name

    assert len(summary["groups"]) == len(PERSONAS)
    for name, groups in summary["groups"]:
        page = _client(name).get(reverse("groups:list"))
        assert len(page.context["groups"]) == int(groups), name

    [(group_name, members)] = summary["members"]
    group = IncidentGroup.objects.get(name=group_name)
    chair = _client("Anna de Vries")
    page = chair.get(reverse("groups:detail", args=[group.pk]))
    assert len(page.context["members"]) == int(members)

    [(group_name, upcoming, past)] = summary["meetings"]
    assert len(page.context["meetings"]["upcoming"]) == int(upcoming)
    assert len(page.context["meetings"]["past"]) == int(past)

    assert len(summary["agenda"]) == int(upcoming)
    for when, items, followups in summary["agenda"]:
        [meeting] = [
            m
            for m in page.context["meetings"]["upcoming"]
            if f"{timezone.localtime(m.starts_at):%d-%m-%Y %H:%M}" == when
        ]
        for name in ("Anna de Vries", "Bram Jansen", "Carla Bakker"):
            # The chair's visit would propose any follow-up the demo had not: there is none.
            detail = _client(name).get(reverse("meetings:detail", args=[meeting.pk]))
            shown = list(detail.context["items"])
            assert len(shown) == int(items), name
            assert sum(item.is_followup for item in shown) == int(followups), name
            assert detail.content.decode().count('class="agenda-item agenda-item-') == int(items)

    assert len(summary["outcomes"]) == len(PERSONAS)
    for name, outcomes in summary["outcomes"]:
        home = _client(name).get(reverse("home"))
        assert len(home.context["outcomes_waiting"]) == int(outcomes), name

    [(users,)] = summary["users"]
    assert int(users) == User.objects.filter(email__endswith=DEMO_DOMAIN).count()
    credentials = [line for line in lines if DEMO_DOMAIN in line]
    assert len(credentials) == int(users)
    for line in credentials:
        email, password = line.split()[-2:]
        assert User.objects.get(email=email).check_password(password)
