"""The admin shows no group content to a superuser (no member, signed nothing) and changes
nothing: metadata only, every write refused."""

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import AgendaItem, AgreedMeasure, Meeting, Message
from project import access_log
from project.models import AccessLogEntry
from tests.conftest import enrol_totp, login_client, make_practitioner
from tests.meetings.conftest import make_item

SECRETS = [
    "Intervisiegroep Utrecht",
    "Onze groep.",
    "Praktijk De Linde",
    "Geheime toelichting bij de bespreking",
    "Geheime titel van het agendapunt",
    "Geheime samenvatting",
    "Geheime hulpvraag",
    "Geheim resultaat",
    "Geheim bericht in de draad",
    "Geheime afgesproken maatregel",
]


@pytest.fixture
def superuser_client(db):
    frank = make_practitioner("frank", is_staff=True, is_superuser=True)
    enrol_totp(frank)
    return login_client(frank)


@pytest.fixture
def content(meeting_world):
    meeting = meeting_world.meeting
    meeting.notes = "Geheime toelichting bij de bespreking"
    meeting.save(update_fields=["notes"])
    item = make_item(
        meeting,
        meeting_world.bram,
        title="Geheime titel van het agendapunt",
        summary="<p>Geheime samenvatting</p>",
        question="Geheime hulpvraag",
        result="Geheim resultaat",
        result_recorded_at=timezone.now(),
    )
    message = Message.objects.create(
        item=item, author=meeting_world.carla, body="<p>Geheim bericht in de draad</p>"
    )
    measure = AgreedMeasure.objects.create(
        item=item, description="Geheime afgesproken maatregel", proposed_by=meeting_world.anna
    )
    return {
        "groups_incidentgroup": meeting_world.group,
        "meetings_meeting": meeting,
        "meetings_agendaitem": item,
        "meetings_message": message,
        "meetings_agreedmeasure": measure,
    }


MODELS = [
    "groups_incidentgroup",
    "meetings_meeting",
    "meetings_agendaitem",
    "meetings_message",
    "meetings_agreedmeasure",
]


def _assert_no_content(response):
    assert response.status_code == 200
    body = response.content.decode()
    for secret in SECRETS:
        assert secret not in body


@pytest.mark.parametrize("model", MODELS)
def test_the_changelist_shows_metadata_only(superuser_client, content, model):
    response = superuser_client.get(reverse(f"admin:{model}_changelist"))
    _assert_no_content(response)
    assert str(content[model].pk) in response.content.decode()


@pytest.mark.parametrize("model", MODELS)
def test_the_object_page_shows_metadata_only_and_no_form(superuser_client, content, model):
    obj = content[model]
    response = superuser_client.get(reverse(f"admin:{model}_change", args=[obj.pk]))
    _assert_no_content(response)
    body = response.content.decode()
    assert 'name="_save"' not in body
    assert reverse(f"admin:{model}_delete", args=[obj.pk]) not in body


@pytest.mark.parametrize("model", MODELS)
def test_every_write_is_refused(superuser_client, content, model):
    obj = content[model]
    before = type(obj).objects.count()
    change = reverse(f"admin:{model}_change", args=[obj.pk])
    assert superuser_client.post(change, {"status": "live", "name": "x"}).status_code == 403
    assert superuser_client.post(reverse(f"admin:{model}_add"), {}).status_code == 403
    delete = reverse(f"admin:{model}_delete", args=[obj.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    history = reverse(f"admin:{model}_history", args=[obj.pk])
    assert superuser_client.get(history).status_code == 403
    changelist = reverse(f"admin:{model}_changelist")
    action = {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    superuser_client.post(changelist, action)
    assert type(obj).objects.count() == before


def test_a_meeting_cannot_be_set_back_to_live_nor_given_an_outsider_as_chair(
    superuser_client, content, meeting_world
):
    meeting = content["meetings_meeting"]
    meeting.status = Meeting.Status.CLOSED
    meeting.save(update_fields=["status"])
    response = superuser_client.post(
        reverse("admin:meetings_meeting_change", args=[meeting.pk]),
        {"status": "live", "chair": meeting_world.dirk.pk},
    )
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert (meeting.status, meeting.chair_id) == ("closed", meeting_world.anna.pk)


def test_an_agenda_item_cannot_be_reopened(superuser_client, content):
    item = content["meetings_agendaitem"]
    url = reverse("admin:meetings_agendaitem_change", args=[item.pk])
    assert superuser_client.post(url, {"status": "open", "result": ""}).status_code == 403
    assert AgendaItem.objects.get(pk=item.pk).result == "Geheim resultaat"


def test_the_access_log_stays_read_only(superuser_client, anna):
    entry = access_log.record(actor=anna, action="register.viewed", register=anna.register)
    changelist = superuser_client.get(reverse("admin:project_accesslogentry_changelist"))
    assert changelist.status_code == 200
    url = reverse("admin:project_accesslogentry_change", args=[entry.pk])
    assert superuser_client.post(url, {"action": "x"}).status_code == 403
    delete = reverse("admin:project_accesslogentry_delete", args=[entry.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    assert AccessLogEntry.objects.get(pk=entry.pk).action == "register.viewed"
