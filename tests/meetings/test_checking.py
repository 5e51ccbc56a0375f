"""Every text that reaches the group passes the checker (meetings/checking.py, through the seam
project/checking.py): thread messages, free topics, results, agreed measures and their edits,
meeting notes. A text with findings is held back and comes back to its author only, with the
findings as spans of their own text; confirmed finding by finding it goes. In the thread of a
shared item the source incident's known identifiers block whoever writes, without ever reaching
a client. The check runs before the meeting's lock; without a ready checker the author reads a
calm refusal and loses nothing."""

import json
import threading

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from incidents import checker as placement
from incidents import deidentify
from meetings import checking as meetings_checking
from meetings import live, protocol
from meetings.models import AgendaItem, AgreedMeasure, Meeting, MeetingEvent, Message
from project import checking
from project.errors import NotFound
from sharing.models import SharedItem
from tests.meetings import live_fixtures
from tests.meetings.conftest import PATIENT_BIRTH_DATE, make_incident
from tests.meetings.live_fixtures import current_seq, db, items_of, join

live_meeting = live_fixtures.live_meeting
fresh_channel_layer = live_fixtures.fresh_channel_layer

# Deduce finds the name after a form of address and the date on its own.
SLIP = "Ik sprak mevrouw Jansen over de afspraak van 12-05-2026."
SLIP_FINDINGS = [("name", "mevrouw Jansen"), ("date", "12-05-2026")]
CLEAN = "Wat stond er op het etiket?"
NOT_READY = "De controle wordt voorbereid"
PATIENT = "Jan Visser"


def _keys(reply: dict) -> list[str]:
    return [finding["key"] for field in reply["fields"] for finding in field["findings"]]


def _found(reply: dict) -> list[tuple[str, str]]:
    return [(f["kind"], f["text"]) for field in reply["fields"] for f in field["findings"]]


def _open(meeting: Meeting, item: AgendaItem) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(current_item=item)


@pytest.fixture
def opened(live_meeting):
    """The live meeting with bram's item open."""
    _open(live_meeting, items_of(live_meeting)[0])
    live_meeting.refresh_from_db()
    return live_meeting


@pytest.fixture
def shared(opened, bram):
    """bram's open item was shared from his incident (patient Jan Visser)."""
    incident = make_incident(bram, patient_names=PATIENT)
    item = items_of(opened)[0]
    SharedItem.objects.create(item=item, incident=incident)
    return item, incident


def _known_slip(incident) -> str:
    # The surname as an ordinary word, and the number: nothing the checker finds on its own.
    return f"Kwam de visser van de zorgboerderij ook, net als in {incident.number}?"


# A slip in the thread, over the websocket: held back for its author only, then confirmed.


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("fresh_channel_layer")
async def test_a_message_with_a_patient_name_comes_back_to_its_author_only(opened, anna, carla):
    chair = await join(anna, opened.pk)
    author = await join(carla, opened.pk)
    before = await db(current_seq, opened.pk)

    held = await author.act("message.post", {"body": SLIP}, client_id="m1")
    assert held["type"] == "held" and held["client_id"] == "m1"
    assert held["message"].startswith("Nog niet verstuurd")
    [field] = held["fields"]
    assert (field["name"], field["text"]) == ("body", SLIP)
    assert _found(held) == SLIP_FINDINGS
    for finding in field["findings"]:
        assert SLIP[finding["start"] : finding["end"]] == finding["text"]
        assert finding["known"] is False
    assert await db(current_seq, opened.pk) == before
    assert not await db(Message.objects.exists)

    # Nothing reached anyone else, and nothing was recorded: the chair's next action is the
    # very next event.
    raised = await chair.act("hand.raise", client_id="h1")
    assert raised == {"type": "ack", "client_id": "h1", "seq": before + 1}
    assert "Jansen" not in json.dumps(chair.events)

    # One finding confirmed is not enough; both are.
    one = await author.act(
        "message.post", {"body": SLIP, "accepted": _keys(held)[:1]}, client_id="m2"
    )
    assert one["type"] == "held" and _found(one) == SLIP_FINDINGS
    sent = await author.act("message.post", {"body": SLIP, "accepted": _keys(held)}, "m3")
    assert sent["type"] == "ack"
    posted = await chair.until_event("message.posted")
    assert "mevrouw Jansen" in posted["data"]["html"]
    await chair.close()
    await author.close()


@pytest.mark.parametrize("persona", ["anna", "carla", "bram"])
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("fresh_channel_layer")
async def test_the_source_incidents_known_identifiers_block_anyone_in_its_thread(
    persona, shared, meeting_world
):
    """The chair, a member and the item's own owner alike; the reply holds nothing but spans of
    the sender's own text, and a known identifier cannot be confirmed away."""
    item, incident = shared
    text = await db(_known_slip, incident)
    assert deidentify.scan(text) == []  # the checker alone would let it through
    author = await join(meeting_world.persona(persona), item.meeting_id)
    before = await db(current_seq, item.meeting_id)

    held = await author.act("message.post", {"body": text}, client_id="k1")
    assert held["type"] == "held"
    assert _found(held) == [("known", "visser"), ("known", incident.number)]
    assert held["known_text"]
    assert set(held) == {"type", "client_id", "message", "known_text", "fields"}
    for field in held["fields"]:
        assert field["text"] == text
        for finding in field["findings"]:
            assert text[finding["start"] : finding["end"]] == finding["text"]
    reply = json.dumps(held, ensure_ascii=False)
    for secret in ("Jan", "Visser", PATIENT_BIRTH_DATE, "1950", "Ilse", "Brouwer"):
        assert secret not in reply

    again = await author.act("message.post", {"body": text, "accepted": _keys(held)}, "k2")
    assert again["type"] == "held" and again["known_text"]
    assert await db(current_seq, item.meeting_id) == before
    assert not await db(Message.objects.exists)
    await author.close()


def test_known_identifiers_hold_only_in_their_own_items_thread(shared, anna, carla):
    item, incident = shared
    text = _known_slip(incident)
    with pytest.raises(meetings_checking.HeldBack):
        protocol.perform(
            actor=carla, meeting=item.meeting, type="message.post", data={"body": text}
        )
    other = items_of(item.meeting)[1]  # carla's item: not shared
    live.item_open(actor=anna, meeting=item.meeting, item_id=other.pk)
    event = protocol.perform(
        actor=carla, meeting=item.meeting, type="message.post", data={"body": text}
    )
    assert Message.objects.get().item == other and event.type == "message.posted"


# Results and measures: the same check, the same confirmation, over the websocket.


def _measure(meeting, anna) -> AgreedMeasure:
    return AgreedMeasure.objects.create(
        item=items_of(meeting)[0], description="Verpakkingen apart zetten", proposed_by=anna
    )


ACTIONS = {
    "result": ("result.record", "result"),
    "measure": ("measure.propose", "description"),
    "measure edit": ("measure.edit", "description"),
}


@pytest.mark.parametrize("what", list(ACTIONS))
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("fresh_channel_layer")
async def test_a_result_or_measure_with_a_patient_name_is_held_back_until_confirmed(
    what, opened, anna
):
    kind, field_name = ACTIONS[what]
    data = {field_name: SLIP}
    if kind == "measure.edit":
        data["measure_id"] = (await db(_measure, opened, anna)).pk
    chair = await join(anna, opened.pk)
    before = await db(current_seq, opened.pk)

    held = await chair.act(kind, data, client_id="a1")
    assert held["type"] == "held"
    assert [field["name"] for field in held["fields"]] == [field_name]
    assert _found(held) == SLIP_FINDINGS
    assert await db(current_seq, opened.pk) == before

    sent = await chair.act(kind, {**data, "accepted": _keys(held)}, client_id="a2")
    assert sent["type"] == "ack"
    await chair.close()
    if kind == "result.record":
        assert (await db(items_of, opened))[0].result == SLIP
    else:
        assert (await db(AgreedMeasure.objects.latest, "updated_at")).description == SLIP


# The forms over plain HTTP: findings highlighted, what was typed kept, confirm boxes.


def test_a_free_topic_with_a_name_is_held_back_with_the_findings_and_the_typed_text(
    meeting, anna, client_for
):
    client = client_for(anna)
    url = reverse("meetings:topic_add", args=[meeting.pk])
    data = {"title": "Werkdruk", "summary": "Mevrouw De Vries belde om 10 uur."}
    page = client.post(url, data).content.decode()
    assert not AgendaItem.objects.exists()
    assert '<mark class="mark-finding" data-kind="name"' in page
    assert "Mevrouw De Vries belde om 10 uur.</textarea>" in page
    assert 'value="name:mevrouw de vries"' in page
    response = client.post(url, {**data, "accepted": "name:mevrouw de vries"})
    assert response.status_code == 302
    assert AgendaItem.objects.get().title == "Werkdruk"


def test_a_topic_title_is_checked_too(meeting, anna, client_for):
    page = client_for(anna).post(
        reverse("meetings:topic_add", args=[meeting.pk]), {"title": "Val van mevrouw Jansen"}
    )
    assert 'data-field="title"' in page.content.decode()
    assert not AgendaItem.objects.exists()


def _meeting_data(meeting, **changes) -> dict:
    return {
        "starts_at": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": meeting.duration_minutes,
        "location": meeting.location,
        "video_url": "",
        "notes": meeting.notes,
        "chair": meeting.chair_id,
        **changes,
    }


@pytest.mark.parametrize("page", ["create", "edit"])
def test_meeting_notes_with_a_name_are_held_back_until_confirmed(page, meeting, anna, client_for):
    client = client_for(anna)
    url = (
        reverse("meetings:create", args=[meeting.group_id])
        if page == "create"
        else reverse("meetings:edit", args=[meeting.pk])
    )
    data = _meeting_data(meeting, notes=SLIP)
    held = client.post(url, data)
    assert held.status_code == 200
    body = held.content.decode()
    assert 'data-field="notes"' in body and f"{SLIP}</textarea>" in body
    assert Meeting.objects.filter(notes=SLIP).count() == 0
    keys = [f"{kind}:{text.casefold()}" for kind, text in SLIP_FINDINGS]
    assert client.post(url, {**data, "accepted": keys}).status_code == 302
    assert Meeting.objects.filter(notes=SLIP).count() == 1


def test_the_live_pages_plain_http_fallback_holds_back_and_keeps_the_text(
    opened, carla, client_for
):
    client = client_for(carla)
    url = reverse("meetings:live_action", args=[opened.pk])
    held = client.post(url, {"type": "message.post", "body": SLIP})
    assert held.status_code == 200
    page = held.content.decode()
    assert "Nog niet verstuurd" in page and '<mark class="mark-finding"' in page
    assert f"{SLIP}</textarea>" in page
    assert '<input type="hidden" name="type" value="message.post">' in page
    assert not Message.objects.exists()
    keys = [f"{kind}:{text.casefold()}" for kind, text in SLIP_FINDINGS]
    sent = client.post(url, {"type": "message.post", "body": SLIP, "accepted": keys})
    assert sent.status_code == 302 and Message.objects.count() == 1


# While no checker is ready: a calm refusal, nothing lost, nothing recorded.


@pytest.fixture
def not_ready(monkeypatch):
    def loading(*args, **kwargs):
        raise deidentify.CheckerNotReady("loading")

    monkeypatch.setattr(placement, "scan", loading)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("fresh_channel_layer")
async def test_without_a_ready_checker_a_message_is_refused_calmly(opened, carla, not_ready):
    author = await join(carla, opened.pk)
    before = await db(current_seq, opened.pk)
    reply = await author.act("message.post", {"body": CLEAN}, client_id="n1")
    assert reply["type"] == "error" and reply["code"] == "checker_not_ready"
    assert reply["message"].startswith(NOT_READY)
    assert await db(current_seq, opened.pk) == before
    await author.close()


def test_without_a_ready_checker_the_forms_keep_what_was_typed(
    opened, meeting_world, anna, carla, client_for, not_ready
):
    page = client_for(carla).post(
        reverse("meetings:live_action", args=[opened.pk]), {"type": "message.post", "body": CLEAN}
    )
    assert NOT_READY in page.content.decode() and f"{CLEAN}</textarea>" in page.content.decode()
    other = Meeting.objects.create(
        group=meeting_world.group,
        starts_at=opened.starts_at,
        location="Utrecht",
        chair=anna,
        created_by=anna,
    )
    page = client_for(anna).post(
        reverse("meetings:topic_add", args=[other.pk]), {"title": "Werkdruk"}
    )
    assert NOT_READY in page.content.decode() and 'value="Werkdruk"' in page.content.decode()
    assert not Message.objects.exists() and not other.items.exists()


# Where the check runs: outside any transaction, with no lock held, and only ids cross.


@pytest.fixture
def spy(monkeypatch):
    """The registered scanner, watched: whether a transaction was open and whether the meeting
    row could be locked by another connection at the moment of each check."""
    real = checking._scanner
    seen = []

    def lockable(meeting_pk: int) -> bool:
        result = []

        def probe():
            try:
                with transaction.atomic():
                    Meeting.objects.select_for_update(nowait=True).filter(pk=meeting_pk).exists()
                result.append(True)
            except Exception:  # a held lock: it could not be locked now
                result.append(False)
            finally:
                connection.close()

        thread = threading.Thread(target=probe)
        thread.start()
        thread.join()
        return result[0]

    def scan(text, source):
        meeting_pk = Meeting.objects.values_list("pk", flat=True).first()
        seen.append(
            {
                "in_transaction": transaction.get_connection().in_atomic_block,
                "lockable": lockable(meeting_pk),
                "source": source,
            }
        )
        return real.scan(text, source)

    monkeypatch.setattr(
        checking, "_scanner", checking.Scanner(scan=scan, is_ready=real.is_ready, label=real.label)
    )
    return seen


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("fresh_channel_layer")
async def test_the_check_runs_with_no_transaction_open_and_no_lock_held(
    postgresql, shared, carla, spy
):
    item, _incident = shared
    author = await join(carla, item.meeting_id)
    assert (await author.act("message.post", {"body": CLEAN}, client_id="s1"))["type"] == "ack"
    await author.close()
    assert spy == [{"in_transaction": False, "lockable": True, "source": ("agenda_item", item.pk)}]


@pytest.mark.django_db(transaction=True)
def test_over_http_too_the_check_runs_before_the_lock(postgresql, opened, carla, client_for, spy):
    client_for(carla).post(
        reverse("meetings:live_action", args=[opened.pk]), {"type": "message.post", "body": CLEAN}
    )
    assert [(s["in_transaction"], s["lockable"]) for s in spy] == [(False, True)]
    assert Message.objects.count() == 1


def test_a_refused_action_is_refused_before_the_check(opened, bram, spy):
    with pytest.raises(NotFound):
        protocol.perform(actor=bram, meeting=opened, type="result.record", data={"result": SLIP})
    assert spy == []


def test_only_the_text_and_the_items_id_go_to_the_checker_worker(
    shared, carla, settings, monkeypatch
):
    item, incident = shared
    settings.DEIDENTIFY_IN_WORKER = True
    cache.set(placement.READY_KEY, "checker@test", placement.READY_TTL)
    sent = []

    class Answer:
        def get(self, **kwargs):
            return {"ready": True, "findings": []}

        def forget(self):
            pass

    task = placement.engine_task(placement.TASK)
    monkeypatch.setattr(task, "apply_async", lambda args, **kw: sent.append(args) or Answer())
    try:
        protocol.perform(
            actor=carla, meeting=item.meeting, type="message.post", data={"body": CLEAN}
        )
    finally:
        cache.delete(placement.READY_KEY)
    assert sent == [(CLEAN, "agenda_item", item.pk)]
    assert incident.patient_names not in json.dumps(sent)


def test_the_worker_side_reads_the_items_known_identifiers_through_the_seam(shared, opened):
    item, incident = shared
    known = checking.known_for(("agenda_item", item.pk))
    assert PATIENT in known and incident.number in known
    assert checking.known_for(("agenda_item", items_of(opened)[1].pk)) == []
    with pytest.raises(LookupError):
        checking.known_for(("no-such-source", 1))


def test_a_message_checked_for_one_item_is_not_posted_under_another(opened, anna, carla):
    first, second = items_of(opened)
    live.item_open(actor=anna, meeting=opened, item_id=second.pk)
    with pytest.raises(ValidationError) as refused:
        live.message_post(actor=carla, meeting=opened, body=CLEAN, item_id=first.pk)
    assert refused.value.code == "moved_on"
    assert not Message.objects.exists()
    assert not MeetingEvent.objects.filter(type="message.posted").exists()


def test_a_known_identifier_in_a_shared_items_result_or_measure_holds_the_chair_too(shared, anna):
    item, incident = shared
    text = _known_slip(incident)
    for kind, data in (
        ("result.record", {"result": text}),
        ("measure.propose", {"description": text}),
    ):
        with pytest.raises(meetings_checking.HeldBack) as held:
            protocol.perform(actor=anna, meeting=item.meeting, type=kind, data=data)
        assert [f.kind for f in held.value.check.known] == ["known", "known"]
    item.refresh_from_db()
    assert item.result == "" and not AgreedMeasure.objects.exists()


@pytest.mark.parametrize(
    "accepted", [[1, 2], [{"key": "name:x"}], ["x" * 301], [f"name:{n}" for n in range(101)]]
)
def test_confirmations_that_are_no_short_list_of_keys_are_refused(accepted):
    form = protocol.ACTIONS["message.post"]({"body": CLEAN, "accepted": accepted})
    assert form.error_list() == ["Ongeldige bevestiging."]
