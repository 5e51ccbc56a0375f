"""Account flows: every form answers bad input with a clear Dutch message, never a 500."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from project.auth import is_fully_authenticated
from project.models import User
from tests.conftest import enrol_totp, login_client, password_of, totp_code

WRONG_LOGIN = "Het e-mailadres en/of wachtwoord dat u opgaf is niet juist."


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db):
    cache.clear()


def current_code(secret: str) -> str:
    return totp_code(secret)


def test_signup_creates_an_unverified_practitioner_and_mails_a_link(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "eva@praktijk.nl",
            "password1": "Zorgvuldig-2026!",
            "password2": "Zorgvuldig-2026!",
            "full_name": "Eva de Boer",
            "profession": "fysiotherapeut",
            "registration_number": "",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="eva@praktijk.nl")
    assert (user.full_name, user.profession) == ("Eva de Boer", "fysiotherapeut")
    assert len(mail.outbox) == 1
    assert re.search(r"/accounts/confirm-email/\S+/", mail.outbox[0].body)


def test_signup_with_bad_input_shows_dutch_errors_at_the_fields(client, db):
    response = client.post(
        reverse("account_signup"),
        {"email": "geen-adres", "password1": "kort", "password2": "anders", "full_name": ""},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Voer een geldig e-mailadres in." in body
    assert "Dit veld is verplicht." in body
    assert "Dit wachtwoord is te kort: gebruik minstens 10 tekens." in body
    assert not User.objects.exists()


def test_signup_with_a_taken_address_does_not_reveal_the_account(client, bram):
    response = client.post(
        reverse("account_signup"),
        {
            "email": bram.email,
            "password1": "Zorgvuldig-2026!",
            "password2": "Zorgvuldig-2026!",
            "full_name": "Iemand Anders",
            "profession": "overig",
        },
    )
    # Same answer as a fresh sign-up: off to "verify your e-mail"; bram gets a notice instead.
    assert response.status_code == 302
    assert User.objects.filter(email=bram.email).count() == 1


@override_settings(ACCOUNT_SIGNUP_OPEN=False)
def test_invitation_only_mode_closes_public_signup(client, db):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert "alleen via een uitnodiging" in response.content.decode().lower()


def test_wrong_password_gets_a_clear_message(client, bram):
    response = client.post(reverse("account_login"), {"login": bram.email, "password": "fout"})
    assert response.status_code == 200
    assert WRONG_LOGIN in response.content.decode()


def test_unknown_email_gets_the_same_message_as_a_wrong_password(client, db):
    response = client.post(
        reverse("account_login"), {"login": "niemand@example.nl", "password": "fout"}
    )
    assert WRONG_LOGIN in response.content.decode()


def test_repeated_failed_logins_lock_the_account_with_a_dutch_message(client, bram):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": bram.email, "password": "fout"})
    response = client.post(
        reverse("account_login"), {"login": bram.email, "password": password_of(bram)}
    )
    assert "_auth_user_id" not in client.session
    assert "Te veel mislukte inlogpogingen. Probeer het later opnieuw." in response.content.decode()


def test_password_reset_for_an_unknown_address_says_the_same_as_for_a_known_one(client, bram):
    known = client.post(reverse("account_reset_password"), {"email": bram.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "niemand@example.nl"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url


def test_an_invalid_reset_link_gets_a_clear_message(client, db):
    response = client.get("/accounts/password/reset/key/1-abc-def/", follow=True)
    assert response.status_code == 200
    assert "ongeldig" in response.content.decode().lower()


def test_a_used_reset_link_cannot_be_used_again(client, bram):
    client.post(reverse("account_reset_password"), {"email": bram.email})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[0].body)
    form_url = client.get(link.group(1), follow=True).redirect_chain[-1][0]
    new_password = "Nieuw-wachtwoord-2026"
    done = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert done.status_code == 302
    again = client.get(link.group(1), follow=True)
    assert "ongeldig" in again.content.decode().lower()


def test_login_with_totp_refuses_a_wrong_code_and_accepts_the_right_one(client, bram):
    secret = enrol_totp(bram)
    response = client.post(
        reverse("account_login"), {"login": bram.email, "password": password_of(bram)}
    )
    assert response.url == reverse("mfa_authenticate")
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert "Ongeldige code" in wrong.content.decode()
    right = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert right.status_code == 302
    assert is_fully_authenticated(bram, client.session)


def test_profile_form_rejects_an_unknown_profession(client_for, anna):
    client = client_for(anna)
    response = client.post(reverse("account"), {"full_name": "", "profession": "astroloog"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Dit veld is verplicht." in body
    assert "Selecteer een geldige keuze." in body


def test_profile_form_saves_valid_changes(client_for, anna):
    client = client_for(anna)
    client.post(
        reverse("account"),
        {
            "full_name": "Anna de Vries-Smit",
            "profession": "psychotherapeut",
            "registration_number": "19012345601",
        },
    )
    anna.refresh_from_db()
    assert (anna.full_name, anna.profession) == ("Anna de Vries-Smit", "psychotherapeut")


@override_settings(REQUIRE_2FA=True)
def test_required_2fa_sends_a_user_without_a_second_factor_to_enrol(anna):
    client = login_client(anna, second_factor=False)
    response = client.get(reverse("incidents:register"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_index")
    assert client.get(reverse("mfa_index")).status_code == 200


@override_settings(REQUIRE_2FA=True)
def test_required_2fa_lets_a_user_past_the_second_step_through(anna):
    enrol_totp(anna)
    assert login_client(anna).get(reverse("incidents:register")).status_code == 200


@override_settings(REQUIRE_2FA=True)
def test_required_2fa_stops_a_session_that_skipped_the_second_step(anna):
    enrol_totp(anna)
    client = login_client(anna, second_factor=False)
    assert client.get(reverse("incidents:register")).url == reverse("mfa_index")


def test_the_second_factor_check_refuses_anonymous_and_inactive_users(anna, client):
    from django.contrib.auth.models import AnonymousUser

    assert not is_fully_authenticated(AnonymousUser(), client.session)
    anna.is_active = False
    assert not is_fully_authenticated(anna, client.session)


def test_an_invitee_who_logs_in_without_next_is_brought_back_to_the_invitation(client, bram):
    from project.adapters import INVITATION_SESSION_KEY

    session = client.session
    session[INVITATION_SESSION_KEY] = "token-from-the-mail"
    session.save()
    response = client.post(
        reverse("account_login"), {"login": bram.email, "password": password_of(bram)}
    )
    assert response.status_code == 302
    assert response.url == reverse("groups:invitation", args=["token-from-the-mail"])


def test_a_login_without_a_pending_invitation_goes_home(client, bram):
    response = client.post(
        reverse("account_login"), {"login": bram.email, "password": password_of(bram)}
    )
    assert response.url == reverse("home")
