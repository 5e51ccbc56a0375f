import asyncio

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import get_channel_layer
from django.core.exceptions import ValidationError
from django.urls import reverse
from guardian.shortcuts import get_user_perms

from groups import services
from groups.models import Role
from groups.permissions import is_chair, is_signed_member


def _heard(user, act):
    """(what `act` returned, the first message the user's sockets heard while it ran).

    One event loop listens throughout: a pub/sub layer subscribes per loop, so the channel
    must be made, joined and read on the same one. `act` runs on this (the test's) thread.
    """

    async def listen():
        layer = get_channel_layer()
        channel = await layer.new_channel()
        await layer.group_add(f"user.{user.pk}", channel)
        result = await sync_to_async(act)()
        return result, await asyncio.wait_for(layer.receive(channel), 10)

    return async_to_sync(listen)()


def test_leaving_revokes_everything_and_closes_live_connections(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.signed)

    def leave():
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("groups:leave", args=[world.group.pk]))

    response, heard = _heard(world.signed, leave)
    assert response.url == reverse("groups:list")
    assert not get_user_perms(world.signed, world.group).exists()
    assert not world.group.memberships.filter(user=world.signed).exists()
    assert client.get(reverse("groups:detail", args=[world.group.pk])).status_code == 404
    assert heard == {"type": "access.changed"}


def test_removal_revokes_everything_and_closes_live_connections(
    world, client_for, django_capture_on_commit_callbacks
):
    membership = world.group.memberships.get(user=world.signed)

    def remove():
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = client_for(world.chair).post(
                reverse("groups:member_remove", args=[world.group.pk, membership.pk])
            )
        return response, callbacks

    (response, callbacks), heard = _heard(world.signed, remove)
    assert response.status_code == 302
    # The disconnect, and the withdrawal of their agenda items (meetings.member_items_withdraw).
    assert len(callbacks) == 2
    assert not is_signed_member(world.signed, world.group)
    assert not get_user_perms(world.signed, world.group).exists()
    detail = reverse("groups:detail", args=[world.group.pk])
    assert client_for(world.signed).get(detail).status_code == 404
    assert heard == {"type": "access.changed"}


def test_no_message_is_sent_when_the_removal_is_rolled_back(
    world, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        pytest.raises(ValidationError),
    ):
        services.membership_leave(actor=world.chair, group=world.group)
    assert callbacks == []


def test_a_removed_chair_loses_the_chair_permission_too(world):
    services.membership_change_role(
        actor=world.chair, membership=world.group.memberships.get(user=world.signed), role="chair"
    )
    assert is_chair(world.signed, world.group)
    services.membership_remove(
        actor=world.chair, membership=world.group.memberships.get(user=world.signed)
    )
    assert not get_user_perms(world.signed, world.group).exists()


def test_the_last_chair_cannot_leave_while_others_remain(world, client_for):
    response = client_for(world.chair).post(reverse("groups:leave", args=[world.group.pk]))
    assert response.status_code == 200
    assert "laatste voorzitter" in response.content.decode()
    assert is_chair(world.chair, world.group)


def test_the_last_chair_cannot_step_down_while_others_remain(world, client_for):
    own = world.group.memberships.get(user=world.chair)
    client = client_for(world.chair)
    response = client.post(
        reverse("groups:member_role", args=[world.group.pk, own.pk]),
        {"role": "member"},
        follow=True,
    )
    assert "minstens één voorzitter" in response.content.decode()
    own.refresh_from_db()
    assert own.role == Role.CHAIR
    assert is_chair(world.chair, world.group)


def test_a_chair_can_step_down_once_another_member_chairs(world):
    services.membership_change_role(
        actor=world.chair, membership=world.group.memberships.get(user=world.signed), role="chair"
    )
    services.membership_change_role(
        actor=world.chair, membership=world.group.memberships.get(user=world.chair), role="member"
    )
    assert not is_chair(world.chair, world.group)
    assert is_signed_member(world.chair, world.group)
    assert is_chair(world.signed, world.group)
    services.membership_leave(actor=world.chair, group=world.group)
    assert not world.group.memberships.filter(user=world.chair).exists()


def test_the_only_member_may_leave(anna, create_group):
    group = create_group(anna, name="Alleen")
    services.membership_leave(actor=anna, group=group)
    assert not group.memberships.exists()
    assert not get_user_perms(anna, group).exists()


def test_an_unsigned_member_can_leave_without_seeing_anything(world, client_for):
    client = client_for(world.unsigned)
    page = client.get(reverse("groups:leave", args=[world.group.pk])).content.decode()
    assert "Bram Jansen" not in page
    assert client.post(reverse("groups:leave", args=[world.group.pk])).status_code == 302
    assert not world.group.memberships.filter(user=world.unsigned).exists()


def test_making_a_member_chair_grants_the_chair_permission_only_through_the_service(world):
    membership = world.group.memberships.get(user=world.signed)
    assert not is_chair(world.signed, world.group)
    services.membership_change_role(actor=world.chair, membership=membership, role="chair")
    assert is_chair(world.signed, world.group)
    services.membership_change_role(actor=world.signed, membership=membership, role="member")
    assert not is_chair(world.signed, world.group)


def test_a_member_cannot_remove_another(world):
    with pytest.raises(services.NotFound):
        services.membership_remove(
            actor=world.signed, membership=world.group.memberships.get(user=world.extra)
        )
    assert is_signed_member(world.extra, world.group)
