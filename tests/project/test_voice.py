"""One Dutch voice: every allauth page and e-mail the app uses says "u", never "je" or English.

The pages are fetched in each state a practitioner meets them (anonymous, logged in, halfway
through the second step, with and without an authenticator); the e-mails are triggered into the
outbox. Each text is stripped of markup, URLs and e-mail addresses, then checked for the informal
"je" forms and for common English words.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import allauth
import polib
import pytest
from allauth.account.adapter import get_adapter
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.core import context
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from tests.conftest import enrol_totp, login_client, password_of

INFORMAL = re.compile(r"\b(je|jouw|jij|jezelf|jou|jullie)\b", re.IGNORECASE)
ENGLISH = re.compile(
    r"\b(the|your|you|please|password|sign in|sign up|sign out|email address|click|enter|"
    r"with|this|and|security key|recovery codes?|two-factor|verification|verify|account "
    r"inactive|forgot|remember me|trust|already)\b",
    re.IGNORECASE,
)
# Addresses, links and names that are not sentences.
NOT_WORDS = re.compile(r"https?://\S+|\S+@\S+|/accounts/\S*")
VISIBLE_ATTRIBUTES = {"placeholder", "title", "aria-label", "alt"}


class _Text(HTMLParser):
    """The text a user reads or hears: content outside scripts, and visible attributes."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if value and (name in VISIBLE_ATTRIBUTES or (name == "value" and tag == "button")):
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def readable_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return NOT_WORDS.sub(" ", " ".join(parser.parts))


def voice_problems(text: str) -> list[str]:
    text = NOT_WORDS.sub(" ", text)
    return [m.group(0) for m in INFORMAL.finditer(text)] + [
        m.group(0) for m in ENGLISH.finditer(text)
    ]


def assert_one_voice(text: str, where: str) -> None:
    problems = voice_problems(text)
    assert problems == [], f"{where}: {problems} in {' '.join(text.split())[:2000]}"


def assert_page_speaks_u(response, where: str) -> None:
    assert response.status_code == 200, (where, response.status_code)
    assert_one_voice(readable_text(response.content.decode()), where)


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db):
    cache.clear()


def test_the_checker_catches_je_and_english():
    assert voice_problems("Vul je wachtwoord in") == ["je"]
    assert voice_problems("Heb jij jouw code?") == ["jij", "jouw"]
    assert voice_problems("Forgot your password?") == ["Forgot", "your", "password"]
    assert voice_problems("Vul uw wachtwoord in via https://example.org/the/you") == []


ANONYMOUS_PAGES = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key_done",
    "account_email_verification_sent",
    "account_inactive",
]


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_anonymous_allauth_pages_speak_u(client, db, name):
    assert_page_speaks_u(client.get(reverse(name)), name)


@override_settings(ACCOUNT_SIGNUP_OPEN=False)
def test_the_closed_signup_page_speaks_u(client, db):
    assert_page_speaks_u(client.get(reverse("account_signup")), "signup closed")


def test_form_errors_speak_u(client, bram):
    login = client.post(reverse("account_login"), {"login": bram.email, "password": "fout"})
    assert_page_speaks_u(login, "wrong login")
    signup = client.post(
        reverse("account_signup"),
        {"email": "geen-adres", "password1": "Zorgvuldig-2026!", "password2": "anders"},
    )
    assert_page_speaks_u(signup, "signup errors")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": bram.email, "password": "fout"})
    locked = client.post(reverse("account_login"), {"login": bram.email, "password": "fout"})
    assert_page_speaks_u(locked, "locked")


def test_confirmation_and_reset_links_speak_u(client, bram):
    unconfirmed = EmailAddress.objects.create(user=bram, email="bram@elders.nl", verified=False)
    key = EmailConfirmationHMAC(unconfirmed).key
    confirm = client.get(reverse("account_confirm_email", args=[key]))
    assert_page_speaks_u(confirm, "confirm e-mail")
    assert "bram@elders.nl" in confirm.content.decode()
    assert_page_speaks_u(
        client.get(reverse("account_confirm_email", args=["ongeldig"])), "bad confirm key"
    )
    reset = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(bram),
            "key": default_token_generator.make_token(bram),
        },
    )
    form = client.get(reset, follow=True)
    assert_page_speaks_u(form, "reset form")
    assert b'name="password1"' in form.content
    assert_page_speaks_u(client.get("/accounts/password/reset/key/1-abc-def/", follow=True), "bad")


LOGGED_IN_PAGES = [
    "account_logout",
    "account_email",
    "account_change_password",
    "account_reauthenticate",
    "mfa_index",
    "mfa_activate_totp",
    "mfa_list_webauthn",
    "mfa_add_webauthn",
]


@pytest.mark.parametrize("name", LOGGED_IN_PAGES)
def test_logged_in_allauth_pages_speak_u(anna, name):
    client = login_client(anna, second_factor=False)
    assert_page_speaks_u(client.get(reverse(name), follow=True), name)


WITH_TOTP_PAGES = [
    "mfa_index",
    "mfa_deactivate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_reauthenticate",
    "account_email",
]


@pytest.mark.parametrize("name", WITH_TOTP_PAGES)
def test_allauth_pages_with_an_authenticator_speak_u(anna, name):
    enrol_totp(anna)
    RecoveryCodes.activate(anna)
    client = login_client(anna)
    assert_page_speaks_u(client.get(reverse(name), follow=True), name)


def test_the_second_step_of_logging_in_speaks_u(client, bram):
    enrol_totp(bram)
    response = client.post(
        reverse("account_login"), {"login": bram.email, "password": password_of(bram)}
    )
    assert response.url == reverse("mfa_authenticate")
    assert_page_speaks_u(client.get(response.url), "mfa_authenticate")
    assert_page_speaks_u(client.post(response.url, {"code": "000000"}), "wrong code")


def test_logging_in_and_out_says_so_with_u(client, bram):
    page = client.post(
        reverse("account_login"),
        {"login": bram.email, "password": password_of(bram)},
        follow=True,
    )
    assert "U bent ingelogd als" in page.content.decode()
    assert_page_speaks_u(page, "after login")
    out = client.post(reverse("account_logout"), follow=True)
    assert "U bent uitgelogd." in out.content.decode()
    assert_page_speaks_u(out, "after logout")


def test_the_login_page_uses_the_app_s_words(client, db):
    body = client.get(reverse("account_login")).content.decode()
    assert "Aanmelden" not in body and "Afmelden" not in body
    assert re.search(r"<button[^>]*>\s*Inloggen\s*</button>", body)


# --- E-mails ----------------------------------------------------------------------------------


def sent_mails():
    return [(m.subject, m.body) for m in mail.outbox]


def assert_mails_speak_u():
    assert mail.outbox, "no e-mail was sent"
    for subject, body in sent_mails():
        assert not subject.startswith("["), subject
        assert_one_voice(subject, f"subject {subject!r}")
        assert_one_voice(body, f"body of {subject!r}")


SIGNUP = {
    "password1": "Zorgvuldig-2026!",
    "password2": "Zorgvuldig-2026!",
    "full_name": "Eva de Boer",
    "profession": "fysiotherapeut",
}


def test_the_signup_confirmation_mail_speaks_u(client, db):
    client.post(reverse("account_signup"), {"email": "eva@praktijk.nl", **SIGNUP})
    assert [s for s, _b in sent_mails()] == ["Bevestig uw e-mailadres"]
    assert_mails_speak_u()


def test_the_account_exists_mail_speaks_u(client, bram):
    client.post(reverse("account_signup"), {"email": bram.email, **SIGNUP})
    assert [s for s, _b in sent_mails()] == ["Account bestaat al"]
    assert_mails_speak_u()


def test_the_password_reset_mails_speak_u(client, bram):
    client.post(reverse("account_reset_password"), {"email": bram.email})
    client.post(reverse("account_reset_password"), {"email": "niemand@praktijk.nl"})
    assert [s for s, _b in sent_mails()] == ["Nieuw wachtwoord instellen", "Onbekend account"]
    assert_mails_speak_u()


def test_the_resent_confirmation_mail_speaks_u(bram):
    EmailAddress.objects.create(user=bram, email="bram@elders.nl", verified=False)
    client = login_client(bram)
    client.post(reverse("account_email"), {"email": "bram@elders.nl", "action_send": ""})
    assert [s for s, _b in sent_mails()] == ["Bevestig uw e-mailadres"]
    assert_mails_speak_u()


ALLAUTH_TEMPLATES = Path(allauth.__file__).parent / "templates"
ALLAUTH_MAILS = sorted(
    {
        str(path.relative_to(path.parents[2])).removesuffix("_subject.txt")
        for app in ("account", "mfa")
        for path in (ALLAUTH_TEMPLATES / app).glob("email/*_subject.txt")
    }
)


@pytest.mark.parametrize("prefix", ALLAUTH_MAILS)
@override_settings(ACCOUNT_EMAIL_NOTIFICATIONS=True)
def test_every_allauth_mail_template_speaks_u(rf, bram, prefix):
    """Including the notifications the app does not send yet, should they be switched on."""
    request = rf.get("/")
    request.user = bram
    with context.request_context(request):
        message = get_adapter(request).render_mail(
            prefix,
            bram.email,
            {
                "user": bram,
                "email": bram.email,
                "current_site": type("Site", (), {"name": "VIM-kring", "domain": "testserver"}),
                "code": "ABC123",
                "activate_url": "https://testserver/x/",
                "password_reset_url": "https://testserver/x/",
                "signup_url": "https://testserver/x/",
                "from_email": "a@praktijk.nl",
                "to_email": "b@praktijk.nl",
                "deleted_email": "c@praktijk.nl",
                "ip": "192.0.2.1",
                "user_agent": "Firefox",
                "timestamp": "1 december 2026",
            },
        )
    assert not message.subject.startswith("[")
    assert_one_voice(message.subject, prefix)
    assert_one_voice(message.body, prefix)


# --- The compiled catalogue -------------------------------------------------------------------


def test_the_committed_catalogue_is_compiled_from_the_po_file():
    po_path = Path(settings.BASE_DIR, "locale/nl/LC_MESSAGES/django.po")
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
        for e in polib.mofile(str(po_path.with_suffix(".mo")))
    }
    stale = [
        e.msgid
        for e in polib.pofile(str(po_path))
        if compiled.get((e.msgctxt, e.msgid)) != (e.msgstr, e.msgstr_plural)
    ]
    assert stale == [], "compile it: msgfmt -o locale/nl/LC_MESSAGES/django.mo …/django.po"


def test_no_override_says_je():
    po = polib.pofile(str(Path(settings.BASE_DIR, "locale/nl/LC_MESSAGES/django.po")))
    informal = [e.msgid for e in po if INFORMAL.search(e.msgstr)]
    assert informal == []
