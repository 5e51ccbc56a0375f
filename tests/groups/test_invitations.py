import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from groups import services
from groups.models import Invitation, Membership
from project.adapters import INVITATION_SESSION_KEY
from tests.groups.conftest import invite


def _state(group):
    return (
        sorted(Membership.objects.filter(group=group).values_list("user_id", "role")),
        sorted(Invitation.objects.filter(group=group).values_list("pk", "used_at", "revoked_at")),
    )


def test_a_chair_invites_by_email_with_a_single_use_link(
    world, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.chair).post(
            reverse("groups:invite", args=[world.group.pk]), {"email": "Nieuw@Example.org"}
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nieuw@example.org"]
    assert "Intervisiegroep Utrecht" in message.subject
    token = re.search(r"/groepen/uitnodiging/([^/\s]+)/", message.body).group(1)
    invitation = Invitation.objects.get(email="nieuw@example.org")
    assert token not in invitation.token_sha256
    assert invitation.expires_at - invitation.created_at == timedelta(days=14)
    assert services.invitation_check(actor=None, token=token) == invitation


def test_the_invitee_accepts_and_lands_on_the_declaration(world, client_for):
    client = client_for(world.invited)
    url = reverse("groups:invitation", args=[world.token])
    assert "Uitnodiging aannemen" in client.get(url).content.decode()
    response = client.post(url)
    assert response.url == reverse("groups:declaration", args=[world.group.pk])
    world.invitation.refresh_from_db()
    assert world.invitation.used_by == world.invited
    membership = Membership.objects.get(group=world.group, user=world.invited)
    assert membership.role == "member"
    detail = client.get(reverse("groups:detail", args=[world.group.pk]))
    assert detail.url == reverse("groups:declaration", args=[world.group.pk])


def test_a_logged_out_invitee_is_offered_login_and_signup_that_come_back(world, client, settings):
    settings.ACCOUNT_SIGNUP_OPEN = False
    url = reverse("groups:invitation", args=[world.token])
    page = client.get(url).content.decode()
    assert f"?next={url}" in page.replace("%2F", "/")
    assert client.session[INVITATION_SESSION_KEY] == world.token
    # Sign-up, closed to the public, opens for someone holding a valid invitation.
    closed = "account/signup_closed.html"
    assert closed not in [t.name for t in client.get(reverse("account_signup")).templates]
    assert closed in [t.name for t in Client().get(reverse("account_signup")).templates]
    assert not Membership.objects.filter(user=world.invited).exists()


def _expire(world):
    Invitation.objects.filter(pk=world.invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )


def _use(world):
    services.invitation_accept(actor=world.invited, token=world.token)


def _revoke(world):
    services.invitation_revoke(actor=world.chair, invitation=world.invitation)


BAD_CASES = [
    ("forged", "invited", None, 404, "ongeldig"),
    ("expired", "invited", _expire, 410, "verlopen"),
    ("used", "invited", _use, 410, "al gebruikt"),
    ("revoked", "invited", _revoke, 410, "ingetrokken"),
    ("already_member", "signed", None, 409, "al lid"),
    ("other_account", "outsider", None, 403, "ander account"),
]


@pytest.mark.parametrize(
    ("case", "persona", "prepare", "status", "words"), BAD_CASES, ids=[c[0] for c in BAD_CASES]
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_bad_invitation_says_why_and_changes_nothing(
    world, client_for, case, persona, prepare, status, words, method
):
    if case == "already_member":
        _invitation, token = invite(world.chair, world.group, "bram.tweede@example.org")
        Invitation.objects.filter(pk=_invitation.pk).update(email=world.signed.email)
    else:
        token = "vervalst-" + world.token[9:] if case == "forged" else world.token
    if prepare:
        prepare(world)
    before = _state(world.group)
    client = client_for(world.persona(persona))
    url = reverse("groups:invitation", args=[token])
    response = client.get(url) if method == "get" else client.post(url)
    assert response.status_code == status
    assert words in response.content.decode()
    assert _state(world.group) == before


def test_a_bad_link_also_says_why_when_logged_out(world, client):
    _revoke(world)
    response = client.get(reverse("groups:invitation", args=[world.token]))
    assert response.status_code == 410
    assert "ingetrokken" in response.content.decode()
    assert INVITATION_SESSION_KEY not in client.session


def test_a_new_invitation_to_the_same_address_replaces_the_old_link(world):
    _new, token = invite(world.chair, world.group, world.invited.email)
    with pytest.raises(services.InvitationError) as error:
        services.invitation_check(actor=world.invited, token=world.token)
    assert error.value.code == "revoked"
    assert services.invitation_check(actor=world.invited, token=token) == _new


def test_inviting_a_member_is_refused(world, client_for):
    before = _state(world.group)
    response = client_for(world.chair).post(
        reverse("groups:invite", args=[world.group.pk]), {"email": world.signed.email}
    )
    assert "al lid" in response.content.decode()
    assert _state(world.group) == before


def test_a_chair_revokes_a_pending_invitation(world, client_for):
    response = client_for(world.chair).post(
        reverse("groups:invitation_revoke", args=[world.group.pk, world.invitation.pk])
    )
    assert response.status_code == 302
    world.invitation.refresh_from_db()
    assert world.invitation.revoked_at is not None
