"""Group administration by its chair: rename and describe, archive, hand over the chair, and
the pending invitations with their expiry, resent or revoked."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from groups import services
from groups.models import Invitation, Membership, Role
from groups.permissions import is_chair
from tests.groups.conftest import SITE, invite


def test_the_chair_renames_and_describes_the_group(world, client_for):
    response = client_for(world.chair).post(
        reverse("groups:edit", args=[world.group.pk]),
        {"name": "Intervisiegroep Utrecht-Oost", "description": "Elke eerste dinsdag."},
    )
    assert response.url == reverse("groups:detail", args=[world.group.pk])
    world.group.refresh_from_db()
    assert world.group.name == "Intervisiegroep Utrecht-Oost"
    assert world.group.description == "Elke eerste dinsdag."


def test_a_group_without_a_name_is_refused_with_a_reason(world, client_for):
    response = client_for(world.chair).post(
        reverse("groups:edit", args=[world.group.pk]), {"name": "", "description": ""}
    )
    assert response.status_code == 200
    assert "Dit veld is verplicht" in response.content.decode()
    world.group.refresh_from_db()
    assert world.group.name == "Intervisiegroep Utrecht"


def test_an_archived_group_takes_no_invitations_and_no_edits(world, client_for):
    client_for(world.chair).post(reverse("groups:archive", args=[world.group.pk]))
    world.group.refresh_from_db()
    assert world.group.is_archived
    world.invitation.refresh_from_db()
    assert world.invitation.revoked_at is not None
    with pytest.raises(ValidationError, match="gearchiveerd"):
        invite(world.chair, world.group, "nieuw@example.org")
    page = client_for(world.signed).get(reverse("groups:detail", args=[world.group.pk]))
    assert "Gearchiveerd op" in page.content.decode()
    assert reverse("meetings:create", args=[world.group.pk]) not in page.content.decode()
    again = client_for(world.chair).post(reverse("groups:archive", args=[world.group.pk]))
    assert again.status_code == 302
    with pytest.raises(ValidationError):
        services.group_update(
            actor=world.chair,
            group=world.group,
            name="Nieuw",
            description="",
            region="",
            profession="",
        )


def test_the_chair_hands_over_the_chair_in_one_step(world, client_for):
    erik = world.group.memberships.get(user=world.extra)
    response = client_for(world.chair).post(
        reverse("groups:chair_handover", args=[world.group.pk, erik.pk])
    )
    assert response.url == reverse("groups:detail", args=[world.group.pk])
    roles = dict(world.group.memberships.values_list("user_id", "role"))
    assert roles[world.extra.pk] == Role.CHAIR
    assert roles[world.chair.pk] == Role.MEMBER
    assert is_chair(world.extra, world.group)
    assert not is_chair(world.chair, world.group)


def test_the_chair_is_not_handed_to_a_member_who_has_not_signed(world):
    carla = world.group.memberships.get(user=world.unsigned)
    with pytest.raises(ValidationError, match="getekend"):
        services.chair_hand_over(actor=world.chair, membership=carla)
    assert Membership.objects.get(pk=carla.pk).role == Role.MEMBER
    assert is_chair(world.chair, world.group)


def test_pending_invitations_show_their_expiry_and_can_be_resent(
    world, client_for, django_capture_on_commit_callbacks
):
    Invitation.objects.filter(pk=world.invitation.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    client = client_for(world.chair)
    page = client.get(reverse("groups:invite", args=[world.group.pk])).content.decode()
    assert world.invited.email in page
    assert "Verlopen" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("groups:invitation_resend", args=[world.group.pk, world.invitation.pk]))
    world.invitation.refresh_from_db()
    assert world.invitation.revoked_at is not None
    fresh = Invitation.objects.get(group=world.group, email=world.invited.email, revoked_at=None)
    assert fresh.expires_at > timezone.now() + timedelta(days=13)
    assert mail.outbox[0].to == [world.invited.email]
    token = re.search(r"/groepen/uitnodiging/([^/\s]+)/", mail.outbox[0].body).group(1)
    assert services.invitation_check(actor=world.invited, token=token) == fresh
    page = client.get(reverse("groups:invite", args=[world.group.pk])).content.decode()
    assert "Verlopen" not in page


def test_a_revoked_invitation_leaves_the_list_and_cannot_be_resent(world, client_for):
    client = client_for(world.chair)
    client.post(reverse("groups:invitation_revoke", args=[world.group.pk, world.invitation.pk]))
    page = client.get(reverse("groups:invite", args=[world.group.pk])).content.decode()
    assert world.invited.email not in page
    with pytest.raises(ValidationError):
        services.invitation_resend(actor=world.chair, invitation=world.invitation, site_url=SITE)
    assert not Invitation.objects.filter(group=world.group, revoked_at=None, used_at=None).exists()
