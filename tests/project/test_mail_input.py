"""Bad input never 500s and never injects an e-mail header: every form field whose text feeds an
e-mail (group name and description, meeting place, notes and link, names) refuses line breaks
and control characters with a Dutch message, and what it accepts mails cleanly."""

import email
import email.policy
import itertools
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groups.models import IncidentGroup
from tests.groups.conftest import join, sign

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "\t", "\x00"]
INJECTED = st.builds(
    "".join,
    st.tuples(
        st.text(max_size=20),
        st.sampled_from([*BREAKS, "\nBcc: buit@example.org", "\r\nTo: buit@example.org"]),
        st.text(max_size=20),
    ),
)
# Arbitrary text (every code point but surrogates), and text built around a line break.
FIELD_TEXT = st.one_of(st.text(max_size=160), INJECTED)
HEADERS = {"content-type", "mime-version", "content-transfer-encoding", "subject", "from", "to"}
HEADERS |= {"date", "message-id"}
SINGLE_LINE_ERROR = "Dit veld moet één regel tekst zijn"

_addresses = itertools.count()


def _fresh_address() -> str:
    return f"genodigde{next(_addresses)}@praktijk.nl"


def assert_mails_are_clean(outbox):
    """Each mail renders, has only the expected headers, one recipient and a one-line subject."""
    for message in outbox:
        parsed = email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)
        assert {key.lower() for key in parsed} <= HEADERS
        assert len(parsed.get_all("To")) == 1
        assert str(parsed["To"]) == message.to[0]
        subject = str(parsed["Subject"])
        assert "\n" not in subject and "\r" not in subject


@pytest.fixture
def chair(anna, bram, create_group):
    group = create_group(anna)
    join(anna, group, bram)
    return anna


@pytest.fixture
def post(client_for, chair, django_capture_on_commit_callbacks):
    """post(url, data) as the chair, running the after-commit e-mails; refuses any 5xx."""
    client = client_for(chair)

    def send(url, data):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data)
        assert response.status_code < 500
        return response

    return send


@SETTINGS
@given(name=FIELD_TEXT, description=FIELD_TEXT, region=FIELD_TEXT)
def test_group_fields_never_break_the_invitation_mail(post, chair, name, description, region):
    mail.outbox.clear()
    data = {"name": name, "description": description, "region": region, "profession": ""}
    response = post(reverse("groups:create"), data)
    if response.status_code != 302:
        return
    group = IncidentGroup.objects.filter(created_by=chair).latest("pk")
    sign(chair, group)
    post(reverse("groups:invite", args=[group.pk]), {"email": _fresh_address()})
    assert len(mail.outbox) == 1
    assert_mails_are_clean(mail.outbox)


@SETTINGS
@given(address=FIELD_TEXT)
def test_the_invitation_address_never_breaks_a_mail(post, chair, address):
    mail.outbox.clear()
    group = IncidentGroup.objects.get(created_by=chair)
    post(reverse("groups:invite", args=[group.pk]), {"email": address})
    assert_mails_are_clean(mail.outbox)


@SETTINGS
@given(location=FIELD_TEXT, notes=FIELD_TEXT, video_url=FIELD_TEXT)
def test_meeting_fields_never_break_the_meeting_mail(post, chair, location, notes, video_url):
    mail.outbox.clear()
    group = IncidentGroup.objects.get(created_by=chair)
    starts_at = timezone.localtime() + timedelta(days=10)
    data = {
        "starts_at": starts_at.strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "90",
        "location": location,
        "video_url": video_url,
        "notes": notes,
        "chair": str(chair.pk),
    }
    response = post(reverse("meetings:create", args=[group.pk]), data)
    if response.status_code == 302:
        assert len(mail.outbox) == 2
    assert_mails_are_clean(mail.outbox)


@SETTINGS
@given(full_name=FIELD_TEXT, number=FIELD_TEXT)
def test_the_chairs_name_never_breaks_the_invitation_mail(post, chair, full_name, number):
    mail.outbox.clear()
    data = {"full_name": full_name, "profession": "psycholoog", "registration_number": number}
    post(reverse("account"), data)
    group = IncidentGroup.objects.get(created_by=chair)
    post(reverse("groups:invite", args=[group.pk]), {"email": _fresh_address()})
    assert len(mail.outbox) == 1
    assert_mails_are_clean(mail.outbox)


@pytest.mark.parametrize("name", ["Intervisie\nBcc: buit@example.org", "Intervisie\rUtrecht"])
def test_a_group_name_with_a_line_break_is_refused_in_dutch(post, chair, name):
    response = post(reverse("groups:create"), {"name": name, "description": "", "region": ""})
    assert response.status_code == 200
    assert SINGLE_LINE_ERROR in response.content.decode()
    assert not IncidentGroup.objects.filter(name=name).exists()


def test_a_name_with_a_bidi_override_is_refused(post, chair):
    data = {"full_name": "Anna \u202eseirV ed", "profession": "psycholoog"}
    response = post(reverse("account"), data)
    assert SINGLE_LINE_ERROR in response.content.decode()


def test_a_description_keeps_its_line_breaks_but_not_other_controls(post, chair):
    data = {"name": "Groep", "description": "Eerste regel.\r\nTweede regel.", "region": ""}
    assert post(reverse("groups:create"), data).status_code == 302
    data["description"] = "Regel\x1bmet een escape"
    response = post(reverse("groups:create"), data)
    assert "onzichtbare stuurtekens" in response.content.decode()
