"""The admin is no back door: it opens only through the app's login (allauth), with a second
factor used in this session, and Django's own password-only admin login form is gone."""

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from project.models import User
from tests.conftest import enrol_totp, login_client, make_practitioner, password_of
from tests.project.test_accounts import current_code

ADMIN = "/beheer/"
ADMIN_LOGIN = "/beheer/login/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db):
    cache.clear()


@pytest.fixture
def beheerder(db) -> User:
    """bram, made a superuser (persona password, verified address)."""
    return make_practitioner("bram", is_staff=True, is_superuser=True)


def _credentials(user: User) -> dict:
    return {"login": user.email, "password": password_of(user)}


def _follow_to_app_login(client: Client, url: str) -> str:
    """Follow the admin's redirects; return the allauth login URL they end at."""
    response = client.get(url)
    while response.status_code == 302 and not response.url.startswith(reverse("account_login")):
        response = client.get(response.url)
    assert response.status_code == 302
    return response.url


def test_anonymous_visitors_are_sent_to_the_app_login_not_to_a_password_form(client, db):
    login_url = _follow_to_app_login(client, ADMIN)
    assert login_url.startswith(reverse("account_login") + "?next=")
    assert client.get(ADMIN_LOGIN).url.startswith(reverse("account_login"))


def test_posting_a_password_to_the_admin_login_logs_nobody_in(client, beheerder):
    response = client.post(
        ADMIN_LOGIN,
        {"username": beheerder.email, "password": password_of(beheerder), "next": ADMIN},
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_staff_without_a_second_factor_are_refused_with_a_dutch_page(beheerder):
    client = login_client(beheerder, second_factor=False)
    response = client.get(ADMIN, follow=True)
    assert response.status_code == 403
    body = response.content.decode()
    assert "Tweede factor nodig voor het beheer" in body
    assert reverse("mfa_index") in body
    assert client.get(reverse("admin:project_accesslogentry_changelist")).status_code == 302


@override_settings(REQUIRE_2FA=False)
def test_a_second_factor_is_required_even_when_require_2fa_is_off(beheerder):
    client = login_client(beheerder, second_factor=True)  # claims mfa, but has no authenticator
    assert client.get(ADMIN, follow=True).status_code == 403


def test_a_password_only_session_of_staff_with_totp_is_refused(beheerder):
    enrol_totp(beheerder)
    client = login_client(beheerder, second_factor=False)
    response = client.get(ADMIN, follow=True)
    assert response.status_code == 403
    assert "niet met uw tweede factor ingelogd" in response.content.decode()


def test_a_password_only_session_cannot_read_the_recovery_codes(beheerder):
    enrol_totp(beheerder)
    client = login_client(beheerder, second_factor=False)
    response = client.get(reverse("mfa_view_recovery_codes"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_staff_who_log_in_through_the_app_with_totp_reach_the_admin(client, beheerder):
    secret = enrol_totp(beheerder)
    login_url = _follow_to_app_login(client, ADMIN)
    response = client.post(login_url, _credentials(beheerder))
    assert response.url == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302
    response = client.get(response.url, follow=True)
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == ADMIN
    assert "VIM-kring beheer" in response.content.decode()


def test_a_member_who_is_not_staff_gets_403(anna):
    enrol_totp(anna)
    client = login_client(anna)
    assert client.get(ADMIN_LOGIN).status_code == 403


def test_the_admin_login_is_rate_limited_after_repeated_failures(client, beheerder):
    enrol_totp(beheerder)
    for _ in range(5):
        client.post(ADMIN_LOGIN, {"username": beheerder.email, "password": "fout"})
    client.post(ADMIN_LOGIN, {"username": beheerder.email, "password": password_of(beheerder)})
    assert "_auth_user_id" not in client.session
    # The login the admin sends to counts failures and locks the account.
    login_url = _follow_to_app_login(client, ADMIN)
    for _ in range(5):
        client.post(login_url, {"login": beheerder.email, "password": "fout"})
    response = client.post(login_url, _credentials(beheerder))
    assert "Te veel mislukte inlogpogingen. Probeer het later opnieuw." in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not client.session.get("account_login_stage")
