"""The group world of the stories: anna chairs "Intervisiegroep Utrecht" and signed; bram and
erik are signed members; carla joined but has not signed; dirk has a pending invitation; eva is
an outsider."""

from dataclasses import dataclass

import pytest

from groups import services
from groups.models import IncidentGroup, Invitation, Membership
from project.models import User

SITE = "http://testserver/"


def sign(user: User, group: IncidentGroup):
    group.refresh_from_db()
    return services.signature_sign(
        actor=user, group=group, declaration=group.current_declaration, typed_name=user.full_name
    )


def invite(chair: User, group: IncidentGroup, email: str) -> tuple[Invitation, str]:
    return services.invitation_create(actor=chair, group=group, email=email, site_url=SITE)


def join(chair: User, group: IncidentGroup, user: User, *, signed: bool = True) -> Membership:
    _invitation, token = invite(chair, group, user.email)
    membership = services.invitation_accept(actor=user, token=token)
    if signed:
        sign(user, group)
    return membership


@dataclass
class World:
    group: IncidentGroup
    chair: User
    signed: User
    unsigned: User
    invited: User
    outsider: User
    extra: User
    invitation: Invitation
    token: str

    def persona(self, key: str) -> User:
        return getattr(self, key)


@pytest.fixture
def create_group():
    def make(chair: User, name: str = "Intervisiegroep Utrecht") -> IncidentGroup:
        group = services.group_create(actor=chair, name=name, description="Onze groep.")
        sign(chair, group)
        return group

    return make


@pytest.fixture
def world(anna, bram, carla, dirk, practitioner_factory, create_group) -> World:
    group = create_group(anna)
    join(anna, group, bram)
    join(anna, group, carla, signed=False)
    erik = practitioner_factory("erik")
    join(anna, group, erik)
    invitation, token = invite(anna, group, dirk.email)
    return World(
        group=group,
        chair=anna,
        signed=bram,
        unsigned=carla,
        invited=dirk,
        outsider=practitioner_factory("eva"),
        extra=erik,
        invitation=invitation,
        token=token,
    )
