"""Closing an account (SCAG: "bij opzeggen geanonimiseerd"): bram closes his account. His group
memberships end and his messages read "voormalig lid"; his incidents under retention are kept,
sealed, readable only by the successor he named; what retention no longer protects is purged;
his name, e-mail address and profession are gone from everything else."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import get_perms

from groups.models import Invitation, Membership, Signature
from incidents import permissions, services
from incidents.models import Incident
from meetings.models import Message
from project.models import AccessLogEntry, User
from tests.conftest import password_of
from tests.groups import conftest as groups_conftest
from tests.incidents.conftest import vim_fields
from tests.meetings import conftest as meetings_conftest

create_group = groups_conftest.create_group
meeting_world = meetings_conftest.meeting_world
make_item = meetings_conftest.make_item

CLOSE = reverse("sharing:account_close")


def _file(user, register=None, **fields):
    return services.incident_create(
        actor=user, register=register or user.register, fields=vim_fields(**fields)
    )


def _close(client, user):
    return client.post(CLOSE, {"password": password_of(user), "confirm": "on"})


@pytest.fixture
def brams_practice(meeting_world, settings):
    """bram's register: an incident under retention (with a patient name), one past it; carla
    investigates in it; bram reports in anna's register; he wrote in a meeting thread."""
    world = meeting_world
    bram, carla, anna = world.bram, world.carla, world.anna
    kept = _file(bram, patient_names="Marieke Smit", description="Verkeerde brief")
    old = _file(bram, description="Oude melding")
    Incident.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=366 * settings.RETENTION_YEARS + 2)
    )
    services.register_member_add(
        actor=bram, register=bram.register, user=carla, role="investigator"
    )
    services.register_member_add(actor=anna, register=anna.register, user=bram, role="reporter")
    in_annas = _file(bram, register=anna.register, reporter_name="Bram Jansen")
    item = make_item(world.meeting, bram)
    message = Message.objects.create(item=item, author=bram, body="<p>Mijn bijdrage</p>")
    return {"kept": kept, "old": old, "in_annas": in_annas, "message": message, **vars(world)}


def test_the_page_says_what_happens_before_anything_does(brams_practice, client_for):
    bram = brams_practice["bram"]
    page = client_for(bram).get(CLOSE).content.decode()
    assert "1 melding valt nog binnen de bewaartermijn" in page
    assert "1 melding is ouder dan de bewaartermijn en wordt direct verwijderd" in page
    assert "U heeft geen opvolger aangewezen" in page
    assert User.objects.get(pk=bram.pk).is_active


def test_a_wrong_password_or_no_confirmation_changes_nothing(brams_practice, client_for):
    bram = brams_practice["bram"]
    client = client_for(bram)
    refused = client.post(CLOSE, {"password": "fout", "confirm": "on"})
    assert "Dit wachtwoord klopt niet." in refused.content.decode()
    refused = client.post(CLOSE, {"password": password_of(bram)})
    assert "Vink aan dat u uw account wilt opzeggen." in refused.content.decode()
    assert User.objects.get(pk=bram.pk).full_name == bram.full_name
    assert Membership.objects.filter(user=bram).exists()


def test_closing_removes_name_email_and_profession_and_every_way_in(brams_practice, client_for):
    bram = brams_practice["bram"]
    email, password = bram.email, password_of(bram)
    Invitation.objects.create(
        group=brams_practice["group"],
        email=email,
        invited_by=brams_practice["anna"],
        token_sha256="x" * 64,
        expires_at=timezone.now() + datetime.timedelta(days=3),
    )
    client = client_for(bram)
    response = _close(client, bram)
    assert response.status_code == 302

    closed = User.objects.get(pk=bram.pk)
    assert closed.full_name == "voormalig lid"
    assert email not in closed.email and closed.email.endswith(".invalid")
    assert closed.profession == "overig" and closed.registration_number == ""
    assert not closed.is_active and not closed.has_usable_password()
    assert not EmailAddress.objects.filter(user=closed).exists()
    assert not EmailAddress.objects.filter(email__iexact=email).exists()
    assert not Invitation.objects.filter(email__iexact=email).exists()
    assert authenticate(email=email, password=password) is None
    assert client.get(reverse("incidents:register")).status_code == 302  # logged out


def test_group_memberships_end_and_messages_show_voormalig_lid(brams_practice, client_for):
    bram, group, message = (
        brams_practice["bram"],
        brams_practice["group"],
        brams_practice["message"],
    )
    name = bram.full_name
    assert Signature.objects.filter(user=bram, typed_name=name).exists()
    other_session = client_for(bram)
    _close(client_for(bram), bram)
    assert not Membership.objects.filter(user=bram).exists()
    assert set(Signature.objects.filter(user=bram).values_list("typed_name", flat=True)) == {
        "voormalig lid"
    }
    assert other_session.get(reverse("incidents:register")).status_code == 302
    assert get_perms(User.objects.get(pk=bram.pk), group) == []
    html = render_to_string(
        "meetings/live/_message.html", {"message": Message.objects.get(pk=message.pk)}
    )
    assert "voormalig lid" in html and name not in html


def test_incidents_under_retention_are_kept_sealed_and_the_old_one_purged(
    brams_practice, client_for
):
    bram, carla, kept = brams_practice["bram"], brams_practice["carla"], brams_practice["kept"]
    assert client_for(carla).get(kept.get_absolute_url()).status_code == 200
    _close(client_for(bram), bram)

    sealed = Incident.objects.get(pk=kept.pk)
    assert sealed.patient_names == "Marieke Smit"  # kept, not deleted early
    assert not Incident.objects.filter(pk=brams_practice["old"].pk).exists()
    assert Incident.objects.filter(pk=brams_practice["in_annas"].pk).exists()
    # Sealed: the investigator of the register lost access, like everyone else.
    assert client_for(carla).get(kept.get_absolute_url()).status_code == 404
    assert not permissions.incidents_visible_to(carla).filter(register=bram.register).exists()
    assert AccessLogEntry.objects.filter(action="register.sealed", register=bram.register).exists()
    assert AccessLogEntry.objects.filter(action="incident.purged", origin="account_closed").exists()


def test_sealed_incidents_are_purged_once_retention_ends(brams_practice, client_for, settings):
    bram, kept = brams_practice["bram"], brams_practice["kept"]
    _close(client_for(bram), bram)
    with pytest.raises(services.ValidationError):
        services.incident_purge(actor=None, incident=Incident.objects.get(pk=kept.pk))
    settings.RETENTION_YEARS = 0
    services.incident_purge(actor=None, incident=Incident.objects.get(pk=kept.pk))
    assert not Incident.objects.filter(pk=kept.pk).exists()


def test_the_successor_sees_the_register_and_nobody_else_does(brams_practice, client_for):
    bram, carla, dirk = brams_practice["bram"], brams_practice["carla"], brams_practice["dirk"]
    kept = brams_practice["kept"]
    response = client_for(bram).post(
        reverse("incidents:register_successor", args=[bram.register.pk]), {"email": dirk.email}
    )
    assert response.status_code == 302
    assert "Uw opvolger Dirk" in client_for(bram).get(CLOSE).content.decode()
    assert client_for(dirk).get(kept.get_absolute_url()).status_code == 404  # not before closing

    _close(client_for(bram), bram)

    successor = client_for(dirk)
    page = successor.get(kept.get_absolute_url()).content.decode()
    assert "Verkeerde brief" in page and "Marieke Smit" in page
    register = successor.get(reverse("incidents:register_detail", args=[bram.register.pk]))
    assert [i.number for i in register.context["page"]] == [kept.number]
    assert "Register van voormalig lid" in register.content.decode()
    assert (
        successor.get(reverse("incidents:register_log", args=[bram.register.pk])).status_code == 404
    )
    assert client_for(carla).get(kept.get_absolute_url()).status_code == 404


def test_only_the_owner_names_an_active_colleague_as_successor(brams_practice):
    bram, carla, anna = brams_practice["bram"], brams_practice["carla"], brams_practice["anna"]
    with pytest.raises(services.NotFound):
        services.register_successor_set(actor=carla, register=bram.register, user=carla)
    with pytest.raises(services.ValidationError):
        services.register_successor_set(actor=bram, register=bram.register, user=bram)
    services.register_successor_set(actor=bram, register=bram.register, user=anna)
    services.register_successor_set(actor=bram, register=bram.register, user=None)
    assert bram.register.successor is None


def test_the_last_chair_cannot_close_while_others_remain_and_nothing_changes(
    brams_practice, client_for
):
    anna = brams_practice["anna"]
    refused = _close(client_for(anna), anna)
    assert refused.status_code == 200
    assert "U bent de laatste voorzitter van Intervisiegroep Utrecht" in refused.content.decode()
    assert User.objects.get(pk=anna.pk).is_active
    assert Membership.objects.filter(user=anna).exists()
    assert anna.register.__class__.objects.get(pk=anna.register.pk).sealed_at is None
