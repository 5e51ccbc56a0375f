"""Invitation-only sign-up (SIGNUP_OPEN=0): the invitation link lets exactly the invited address
sign up, prefilled and already verified by the link; any other address is refused."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from project.models import User
from tests.groups.conftest import invite

INVITED = "nieuw.lid@praktijk.nl"


def _signup_data(email: str) -> dict:
    return {
        "email": email,
        "password1": "Zorgvuldig-2026!",
        "password2": "Zorgvuldig-2026!",
        "full_name": "Nina Nieuw",
        "profession": "psycholoog",
        "registration_number": "",
    }


@pytest.fixture
def opened_invitation(client, anna, create_group):
    """An anonymous visitor who followed the link an invitation e-mail brought them."""
    group = create_group(anna)
    _invitation, token = invite(anna, group, INVITED)
    mail.outbox.clear()
    assert client.get(reverse("groups:invitation", args=[token])).status_code == 200
    return token


@override_settings(ACCOUNT_SIGNUP_OPEN=False)
def test_the_invited_address_is_prefilled_on_the_signup_form(client, opened_invitation):
    response = client.get(reverse("account_signup"))
    body = response.content.decode()
    assert response.status_code == 200
    assert f'value="{INVITED}"' in body
    assert "gesloten" not in body.lower()


@override_settings(ACCOUNT_SIGNUP_OPEN=False)
def test_the_invited_address_signs_up_verified_and_returns_to_the_invitation(
    client, opened_invitation
):
    response = client.post(reverse("account_signup"), _signup_data(INVITED))
    assert response.status_code == 302
    assert response.url == reverse("groups:invitation", args=[opened_invitation])
    user = User.objects.get(email=INVITED)
    assert EmailAddress.objects.get(user=user).verified
    assert not [m for m in mail.outbox if "confirm-email" in m.body]
    assert client.session["_auth_user_id"] == str(user.pk)


@override_settings(ACCOUNT_SIGNUP_OPEN=False)
@pytest.mark.parametrize("other", ["iemand.anders@praktijk.nl", "nieuw.lid@praktijk.nl.evil.nl"])
def test_any_other_address_is_refused_with_a_dutch_message(client, opened_invitation, other):
    response = client.post(reverse("account_signup"), _signup_data(other))
    assert response.status_code == 200
    assert "Aanmelden kan alleen op uitnodiging" in response.content.decode()
    assert INVITED in response.content.decode()
    assert not User.objects.filter(email=other).exists()
    assert not mail.outbox


@override_settings(ACCOUNT_SIGNUP_OPEN=False)
def test_the_address_is_matched_regardless_of_case(client, opened_invitation):
    response = client.post(reverse("account_signup"), _signup_data(INVITED.upper()))
    assert response.status_code == 302
    assert User.objects.filter(email__iexact=INVITED).exists()


@override_settings(ACCOUNT_SIGNUP_OPEN=False)
def test_an_invalid_link_opens_no_signup(client, db):
    client.get(reverse("groups:invitation", args=["vervalst"]))
    response = client.get(reverse("account_signup"))
    assert "alleen via een uitnodiging" in response.content.decode()
    client.post(reverse("account_signup"), _signup_data(INVITED))
    assert not User.objects.exists()


def test_with_open_signup_the_invited_address_is_still_verified_by_the_link(
    client, opened_invitation
):
    client.post(reverse("account_signup"), _signup_data(INVITED))
    assert EmailAddress.objects.get(email=INVITED).verified
