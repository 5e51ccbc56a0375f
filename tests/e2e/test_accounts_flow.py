"""A practitioner signs up, confirms the e-mail, enrols TOTP, and logs in with a code."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.conftest import totp_code

pytestmark = pytest.mark.e2e

EMAIL = "eva@praktijk-deboer.nl"
PASSWORD = "Zorgvuldig-melden-2026"


def log_in(page, email=EMAIL, password=PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen", exact=True).click()


def log_out(page):
    page.get_by_role("button", name="Uitloggen").first.click()
    expect(page.get_by_role("link", name="Inloggen").first).to_be_visible()


def test_sign_up_confirm_enrol_totp_and_log_in_with_codes(page):
    page.goto("/accounts/signup/")
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label("Wachtwoord:", exact=True).fill(PASSWORD)
    page.get_by_label("Wachtwoord (nogmaals)").fill(PASSWORD)
    page.get_by_label("Volledige naam").fill("Eva de Boer")
    page.get_by_label("Beroep").select_option("fysiotherapeut")
    page.get_by_role("button", name="Account aanmaken").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("e-mailadres")

    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Bevestigen").click()

    log_in(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom, Eva")

    page.goto("/accounts/2fa/totp/activate/")
    # allauth always asks for the password again before a factor is added.
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Bevestigen").click()
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticatorcode").fill(totp_code(secret))
    page.get_by_role("button", name="Aanzetten").click()

    page.goto("/accounts/2fa/recovery-codes/")
    codes = page.locator("#recovery_codes").input_value().split()
    assert len(codes) >= 5
    log_out(page)

    log_in(page)
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page.get_by_text("Ongeldige code.")).to_be_visible()
    page.get_by_label("Code").fill(totp_code(secret, step_offset=1))
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom, Eva")
    log_out(page)

    log_in(page)
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom, Eva")
