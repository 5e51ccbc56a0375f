"""The second option for the second factor: a security key (WebAuthn), added and then used to log
in, with Chromium's virtual authenticator standing in for the key."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.test import override_settings
from playwright.sync_api import expect

from tests.conftest import password_of

pytestmark = pytest.mark.e2e


def add_virtual_security_key(page) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )


# With REQUIRE_2FA on, reaching the home page proves the key counts as the second step.
@override_settings(MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN=True, REQUIRE_2FA=True)
def test_a_practitioner_adds_a_security_key_and_logs_in_with_it(browser, live_server, bram):
    # WebAuthn refuses an IP address as relying party: use the name localhost.
    context = browser.new_context(base_url=f"http://localhost:{live_server.port}", locale="nl-NL")
    context.set_default_timeout(15_000)
    page = context.new_page()
    add_virtual_security_key(page)

    def log_in():
        page.goto("/accounts/login/")
        page.get_by_label("E-mailadres").fill(bram.email)
        page.get_by_label("Wachtwoord").fill(password_of(bram))
        page.get_by_role("button", name="Inloggen", exact=True).click()

    log_in()
    # No second factor yet: every page sends bram to enrol one first.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/$"))
    page.goto("/accounts/2fa/webauthn/add/")
    page.get_by_label("Wachtwoord").fill(password_of(bram))
    page.get_by_role("button", name="Bevestigen").click()
    page.locator("form").get_by_role("textbox").first.fill("Sleutel van Bram")
    page.locator("#mfa_webauthn_add").click()
    expect(page).not_to_have_url(re.compile(r"/webauthn/add/$"))
    assert Authenticator.objects.filter(user=bram, type=Authenticator.Type.WEBAUTHN).exists()

    page.get_by_role("button", name="Uitloggen").first.click()
    log_in()
    page.locator("#mfa_webauthn_authenticate").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom, Bram")
    context.close()
