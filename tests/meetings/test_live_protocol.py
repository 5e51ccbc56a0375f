"""The live meeting's protocol: every action type has a form that validates its data, names
what is wrong in Dutch, and hands the use case exactly the arguments it takes. The websocket
and the plain-HTTP fallback refuse the same data with the same words."""

import inspect
import re
from datetime import date
from html import unescape

import pytest
from django.urls import reverse

from meetings import protocol
from meetings.models import HandRaise, Meeting
from tests.conftest import login_client
from tests.meetings import live_fixtures
from tests.meetings.live_fixtures import current_seq, db, items_of, join

live_meeting = live_fixtures.live_meeting
fresh_channel_layer = live_fixtures.fresh_channel_layer

# type: (valid data, what the use case gets, invalid data, the refusal)
EXAMPLES = {
    "meeting.start": ({"early": "on"}, {"early": True}, None, None),
    "item.open": (
        {"item_id": "7"},
        {"item_id": 7},
        {"item_id": "abc"},
        "Ongeldig gegeven: item_id.",
    ),
    "item.move": (
        {"direction": "previous"},
        {"direction": "previous"},
        {"direction": "sideways"},
        "Onbekende richting.",
    ),
    "item.mark": (
        {"discussion": "skipped"},
        {"discussion": "skipped", "item_id": None},
        {"discussion": "perhaps"},
        "Kies besproken of overgeslagen.",
    ),
    "result.record": (
        {"result": " Dubbele controle ", "item_id": 3},
        {"result": "Dubbele controle", "item_id": 3},
        {"result": "   "},
        "Vul het resultaat in.",
    ),
    "measure.propose": (
        {"description": "Checklist", "due_on": "2027-01-31", "owner_id": "", "agree": "on"},
        {"description": "Checklist", "owner_id": None, "due_on": date(2027, 1, 31)}
        | {"item_id": None, "agree": True},
        {"description": "Checklist", "due_on": "gisteren"},
        "Ongeldige datum.",
    ),
    "measure.edit": (
        {"measure_id": 4, "description": "Vier ogen", "owner_id": 2},
        {"measure_id": 4, "description": "Vier ogen", "owner_id": 2, "due_on": None},
        {"description": "Vier ogen"},
        "Er ontbreekt een gegeven: measure_id.",
    ),
    "measure.confirm": (
        {"measure_id": "4"},
        {"measure_id": 4},
        {"measure_id": "-4"},
        "Ongeldig gegeven: measure_id.",
    ),
    "message.post": (
        {"body": "Goed punt"},
        {"body": "Goed punt", "item_id": None},
        {"body": "x" * (protocol.MAX_TEXT + 1)},
        "De tekst is te lang.",
    ),
    "message.redact": (
        {"message_id": "12"},
        {"message_id": 12},
        {},
        "Er ontbreekt een gegeven: message_id.",
    ),
    "hand.raise": ({}, {}, None, None),
    "hand.give": (
        {"hand_id": 9},
        {"hand_id": 9},
        {"hand_id": str(2**64)},
        "Ongeldig gegeven: hand_id.",
    ),
    "hand.clear": ({}, {"hand_id": None}, {"hand_id": "x"}, "Ongeldig gegeven: hand_id."),
    "meeting.close": (
        {"confirmed": True, "move_item_ids": ["3", 4]},
        {"confirmed": True, "move_item_ids": [3, 4]},
        {"confirmed": True, "move_item_ids": ["x"]},
        "Ongeldig gegeven: move_item_ids.",
    ),
    "meeting.reopen": ({}, {}, None, None),
}


def test_every_action_type_has_an_example():
    assert set(EXAMPLES) == set(protocol.ACTIONS)


@pytest.mark.parametrize("kind", sorted(protocol.ACTIONS))
def test_each_form_gives_its_use_case_exactly_the_arguments_it_takes(kind):
    form_class = protocol.ACTIONS[kind]
    parameters = set(inspect.signature(form_class.use_case).parameters)
    assert parameters == {"actor", "meeting", *form_class.base_fields} - protocol.CHECK_ONLY


@pytest.mark.parametrize("kind", sorted(EXAMPLES))
def test_each_form_accepts_good_data_and_refuses_bad_data_in_dutch(kind):
    valid, cleaned, invalid, refusal = EXAMPLES[kind]
    form = protocol.ACTIONS[kind](valid)
    assert form.is_valid(), form.errors
    # What the use case gets; the confirmed findings stop at the check.
    confirmed = form.cleaned_data.pop("accepted", set())
    assert form.cleaned_data == cleaned and confirmed == set()
    if invalid is not None:
        form = protocol.ACTIONS[kind](invalid)
        assert not form.is_valid()
        assert form.error_list() == [refusal]


def test_text_that_is_no_string_is_refused_by_name():
    form = protocol.ACTIONS["message.post"]({"body": ["Goed", "punt"]})
    assert form.error_list() == ["Ongeldig gegeven: body."]


ERROR = re.compile(r'<li class="message message-error">(.*?)</li>')
REFUSED = [
    (kind, invalid, refusal)
    for kind, (_valid, _cleaned, invalid, refusal) in EXAMPLES.items()
    if invalid is not None
] + [("meeting.delete", {}, "Onbekend berichttype.")]


def _http_refusal(user, meeting_pk, kind, data) -> list[str]:
    response = login_client(user).post(
        reverse("meetings:live_action", kwargs={"pk": meeting_pk}),
        {"type": kind, **{key: str(value) for key, value in data.items()}},
        follow=True,
    )
    assert response.status_code == 200
    return [unescape(text) for text in ERROR.findall(response.content.decode())]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("fresh_channel_layer")
@pytest.mark.parametrize("kind,data,refusal", REFUSED, ids=[kind for kind, *_ in REFUSED])
async def test_websocket_and_http_fallback_refuse_the_same_data_with_the_same_words(
    live_meeting, anna, kind, data, refusal
):
    items = await db(items_of, live_meeting)
    await db(Meeting.objects.filter(pk=live_meeting.pk).update, current_item=items[0])
    await db(HandRaise.objects.create, meeting=live_meeting, user=anna)
    chair = await join(anna, live_meeting.pk)
    before = await db(current_seq, live_meeting.pk)
    reply = await chair.act(kind, {key: str(value) for key, value in data.items()})
    over_http = await db(_http_refusal, anna, live_meeting.pk, kind, data)
    assert reply["type"] == "error" and reply["message"] == refusal
    assert over_http == [refusal]
    assert await db(current_seq, live_meeting.pk) == before
    await chair.close()
