"""The live page after a reload, as the server renders it: it shows the state the events built
(the current item marked, the result box holding what was saved, the one hand button in the
member's own state, the time the item was opened), never replays the thread as banners, and
keeps a message the plain-HTTP fallback refused."""

import json
import re

import pytest
from django.urls import reverse

from meetings import events, live
from meetings.models import AgendaItem, AgreedMeasure, HandRaise, MeetingEvent
from project.errors import NotFound
from tests.meetings import live_fixtures
from tests.meetings.live_fixtures import items_of

live_meeting = live_fixtures.live_meeting


def page_of(client, meeting) -> str:
    response = client.get(reverse("meetings:live", kwargs={"pk": meeting.pk}))
    assert response.status_code == 200
    return response.content.decode()


def tag(html: str, pattern: str) -> str:
    """The one opening tag matching pattern."""
    found = re.findall(rf"<[^>]*{pattern}[^>]*>", html)
    assert len(found) == 1, found
    return found[0]


def hand_button(html: str) -> tuple[str, str, str]:
    """(the action it posts, aria-pressed, its label) of the page's one hand button."""
    form = re.search(r"<form[^>]*data-hand-toggle[^>]*>(.*?)</form>", html, re.S).group(1)
    kind = re.search(r'name="type" value="([^"]+)"', form).group(1)
    pressed, label = re.search(r'aria-pressed="(\w+)"[^>]*>([^<]+)</button>', form).groups()
    return kind, pressed, label


def test_the_current_item_stays_marked_in_the_agenda_after_a_reload(live_meeting, anna, client_for):
    first, second = items_of(live_meeting)
    live.item_open(actor=anna, meeting=live_meeting, item_id=second.pk)
    html = page_of(client_for(anna), live_meeting)
    assert "aria-current" in tag(html, f'id="agenda-item-{second.pk}"')
    assert "aria-current" not in tag(html, f'id="agenda-item-{first.pk}"')
    assert html.count('aria-current="step"') == 1


def test_no_item_is_marked_before_one_is_opened(live_meeting, bram, client_for):
    html = page_of(client_for(bram), live_meeting)
    assert 'aria-current="step"' not in html
    # The message form says where a message would go: nowhere yet, and what is typed stays.
    assert "Er is nog geen agendapunt geopend. Wat u typt, blijft staan" in html


def test_the_message_form_says_which_item_a_message_goes_to(live_meeting, anna, bram, client_for):
    live.item_open(actor=anna, meeting=live_meeting, item_id=items_of(live_meeting)[1].pk)
    html = page_of(client_for(bram), live_meeting)
    assert '<strong id="live-body-item">Val bij transfer</strong>' in html
    assert "hidden>Er is nog geen agendapunt geopend" in html


def test_the_result_box_holds_what_was_saved_after_saving_and_after_a_reload(
    live_meeting, anna, client_for
):
    item = items_of(live_meeting)[0]
    live.item_open(actor=anna, meeting=live_meeting, item_id=item.pk)
    event = live.result_record(actor=anna, meeting=live_meeting, result="Vier ogen bij uitgifte")
    box = re.compile(
        r'<textarea id="live-result" name="result"[^>]*>Vier ogen bij uitgifte</textarea>'
    )
    # After saving: the broadcast re-renders the box with the saved text (and this item's id).
    assert box.search(event.data["html"])
    assert f'name="item_id" value="{item.pk}"' in event.data["html"]
    # After a reload.
    assert box.search(page_of(client_for(anna), live_meeting))


def test_the_result_box_belongs_to_the_item_it_shows(live_meeting, anna, client_for):
    first, second = items_of(live_meeting)
    live.item_open(actor=anna, meeting=live_meeting, item_id=first.pk)
    live.result_record(actor=anna, meeting=live_meeting, result="Eerste punt besproken")
    event = live.item_open(actor=anna, meeting=live_meeting, item_id=second.pk)
    assert "Eerste punt besproken" not in event.data["html"]
    assert f'name="item_id" value="{second.pk}"' in event.data["html"]


def test_one_hand_button_follows_the_members_own_hand(live_meeting, bram, carla, client_for):
    client = client_for(bram)
    assert hand_button(page_of(client, live_meeting)) == ("hand.raise", "false", "Hand opsteken")
    live.hand_raise(actor=carla, meeting=live_meeting)  # someone else's hand changes nothing
    assert hand_button(page_of(client, live_meeting)) == ("hand.raise", "false", "Hand opsteken")
    live.hand_raise(actor=bram, meeting=live_meeting)
    html = page_of(client, live_meeting)
    assert hand_button(html) == ("hand.clear", "true", "Hand laten zakken")
    assert html.count("data-hand-toggle") == 1
    # The hands list names whose hand each is, so the page can follow it after every event.
    hand = HandRaise.objects.get(user=bram, cleared_at=None)
    assert f'data-user-id="{bram.pk}"' in tag(html, f'id="hand-{hand.pk}"')
    live.hand_clear(actor=bram, meeting=live_meeting)
    assert hand_button(page_of(client, live_meeting)) == ("hand.raise", "false", "Hand opsteken")


def test_the_hand_button_posts_over_plain_http_as_it_shows(live_meeting, bram, client_for):
    client = client_for(bram)
    action = reverse("meetings:live_action", kwargs={"pk": live_meeting.pk})
    for expected in ("hand.raise", "hand.clear"):
        kind, _pressed, _label = hand_button(page_of(client, live_meeting))
        assert kind == expected
        assert client.post(action, {"type": kind}).status_code == 302
    assert not HandRaise.objects.filter(user=bram, cleared_at__isnull=True).exists()
    assert HandRaise.objects.filter(user=bram).count() == 1


def test_earlier_messages_never_show_as_banners_on_a_reload(live_meeting, anna, carla, client_for):
    live.item_open(actor=anna, meeting=live_meeting, item_id=items_of(live_meeting)[0].pk)
    for n in range(3):
        live.message_post(actor=carla, meeting=live_meeting, body=f"Bijdrage nummer {n}")
    html = page_of(client_for(anna), live_meeting)
    assert 'class="messages"' not in html and "message message-" not in html
    for n in range(3):
        assert html.count(f"Bijdrage nummer {n}") == 1  # once, in the thread
    # The page is rendered at the last event: the socket replays nothing older.
    assert f'data-last-seq="{live_meeting.events.count()}"' in html


def test_the_page_knows_when_the_current_item_was_opened_and_its_planned_minutes(
    live_meeting, anna, client_for
):
    item = items_of(live_meeting)[1]
    AgendaItem.objects.filter(pk=item.pk).update(expected_minutes=20)
    live.item_open(actor=anna, meeting=live_meeting, item_id=item.pk)
    opened = MeetingEvent.objects.filter(type="item.opened").latest("seq")
    section = tag(page_of(client_for(anna), live_meeting), 'id="current-item"')
    assert f'data-opened-at="{int(opened.created_at.timestamp())}"' in section
    assert 'data-planned-minutes="20"' in section
    # The opening event carries the same moment for the screens that are open.
    assert f'data-opened-at="{int(opened.created_at.timestamp())}"' in opened.data["html"]


def test_the_chairs_clock_and_controls_are_on_the_chairs_page_only(
    live_meeting, anna, bram, client_for
):
    chair = page_of(client_for(anna), live_meeting)
    member = page_of(client_for(bram), live_meeting)
    for control in ('id="live-clock"', 'value="next"', "Woord geven", "Bespreking afsluiten"):
        assert control not in member
    for control in ('id="live-clock"', 'value="next"', "Bespreking afsluiten", 'name="agree"'):
        assert control in chair
    assert 'name="agree"' not in member
    assert chair.count('id="live-hands"') == member.count('id="live-hands"') == 1


def test_a_message_the_fallback_refused_is_offered_again(live_meeting, carla, client_for):
    client = client_for(carla)
    action = reverse("meetings:live_action", kwargs={"pk": live_meeting.pk})
    response = client.post(action, {"type": "message.post", "body": "Mijn vraag aan de groep"})
    assert response.status_code == 302
    html = page_of(client, live_meeting)
    assert "Er is nog geen agendapunt geopend." in html  # the refusal, said
    assert re.search(r'<textarea id="live-body"[^>]*>Mijn vraag aan de groep</textarea>', html)
    # Offered once: the next page starts empty.
    assert re.search(r'<textarea id="live-body"[^>]*></textarea>', page_of(client, live_meeting))


def test_the_chair_agrees_a_measure_in_one_step(live_meeting, anna, client_for):
    item = items_of(live_meeting)[0]
    live.item_open(actor=anna, meeting=live_meeting, item_id=item.pk)
    live.result_record(actor=anna, meeting=live_meeting, result="Besproken")
    event = live.measure_propose(
        actor=anna, meeting=live_meeting, description="Etiketten apart", agree=True
    )
    measure = AgreedMeasure.objects.get()
    assert measure.status == AgreedMeasure.Status.AGREED
    assert "afgesproken" in event.data["html"] and "Bevestigen" not in event.data["html"]
    # An agreed measure after the result changes the outcome, as a confirmation would.
    assert AgendaItem.objects.get(pk=item.pk).outcome_version == 1


def test_a_member_cannot_agree_a_measure_by_themselves(live_meeting, anna, bram):
    live.item_open(actor=anna, meeting=live_meeting, item_id=items_of(live_meeting)[0].pk)
    with pytest.raises(NotFound):
        live.measure_propose(actor=bram, meeting=live_meeting, description="Zelf", agree=True)
    assert not AgreedMeasure.objects.exists()


def test_a_catch_up_is_marked_as_a_replay_and_a_broadcast_is_not(live_meeting, anna, carla):
    live.item_open(actor=anna, meeting=live_meeting, item_id=items_of(live_meeting)[0].pk)
    live.message_post(actor=carla, meeting=live_meeting, body="Eerder gezegd")
    replayed = [json.loads(text) for _seq, text in events.events_since(live_meeting.pk, 0)]
    assert [event["event"] for event in replayed] == ["item.opened", "message.posted"]
    assert all(event["replay"] is True for event in replayed)
    broadcast = json.loads(events.payload(MeetingEvent.objects.latest("seq")))
    assert "replay" not in broadcast
