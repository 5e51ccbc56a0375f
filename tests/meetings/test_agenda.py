"""The agenda: the chair decides, orders and times items; owners withdraw; hidden items vanish."""

import pytest
from django.urls import reverse

from meetings.models import AgendaItem, Meeting
from tests.meetings.conftest import make_item


def _titles(client, meeting):
    response = client.get(reverse("meetings:detail", args=[meeting.pk]))
    assert response.status_code == 200
    return [item.title for item in response.context["items"]]


def test_chair_accepts_and_declines_proposed_items(meeting, meeting_world, client_for):
    w = meeting_world
    keep = make_item(meeting, w.bram, title="Verwisselde brief")
    drop = make_item(meeting, w.carla, title="Dubbele afspraak")
    chair = client_for(w.anna)
    chair.post(reverse("meetings:item_accept", args=[keep.pk]))
    chair.post(reverse("meetings:item_decline", args=[drop.pk]))
    keep.refresh_from_db()
    drop.refresh_from_db()
    assert keep.status == AgendaItem.Status.ACCEPTED
    assert drop.status == AgendaItem.Status.DECLINED


def test_a_declined_or_withdrawn_item_disappears_for_other_members(
    meeting, meeting_world, client_for
):
    w = meeting_world
    declined = make_item(meeting, w.carla, title="Afgewezen punt", status="declined")
    withdrawn = make_item(meeting, w.bram, title="Ingetrokken punt", status="withdrawn")
    make_item(meeting, w.bram, title="Zichtbaar punt")
    assert _titles(client_for(w.anna), meeting) == ["Zichtbaar punt"]
    assert _titles(client_for(w.carla), meeting) == [declined.title, "Zichtbaar punt"]
    assert _titles(client_for(w.bram), meeting) == [withdrawn.title, "Zichtbaar punt"]


def test_chair_reorders_items(meeting, meeting_world, client_for):
    w = meeting_world
    first = make_item(meeting, w.bram, title="Eerste")
    make_item(meeting, w.carla, title="Tweede")
    third = make_item(meeting, w.carla, title="Derde")
    chair = client_for(w.anna)
    chair.post(reverse("meetings:item_move", args=[third.pk]), {"direction": "up"})
    assert _titles(chair, meeting) == ["Eerste", "Derde", "Tweede"]
    chair.post(reverse("meetings:item_move", args=[first.pk]), {"direction": "down"})
    assert _titles(chair, meeting) == ["Derde", "Eerste", "Tweede"]
    # Moving the first item up changes nothing.
    chair.post(reverse("meetings:item_move", args=[third.pk]), {"direction": "up"})
    assert _titles(chair, meeting) == ["Derde", "Eerste", "Tweede"]


def test_chair_adds_a_free_topic_and_sets_expected_minutes(meeting, meeting_world, client_for):
    w = meeting_world
    chair = client_for(w.anna)
    chair.post(
        reverse("meetings:topic_add", args=[meeting.pk]),
        {"title": "Nieuwe richtlijn", "summary": "<p onclick='x()'>Lezen</p>"},
    )
    topic = AgendaItem.objects.get(title="Nieuwe richtlijn")
    assert topic.is_free_topic and topic.status == AgendaItem.Status.ACCEPTED
    assert topic.summary == "<p>Lezen</p>"
    chair.post(reverse("meetings:item_minutes", args=[topic.pk]), {"expected_minutes": "20"})
    topic.refresh_from_db()
    assert topic.expected_minutes == 20
    chair.post(reverse("meetings:item_minutes", args=[topic.pk]), {"expected_minutes": "999"})
    topic.refresh_from_db()
    assert topic.expected_minutes == 20


def test_owner_withdraws_until_the_meeting_starts(meeting, meeting_world, client_for):
    w = meeting_world
    item = make_item(meeting, w.bram)
    later = make_item(meeting, w.bram, title="Later")
    client_for(w.bram).post(reverse("meetings:item_withdraw", args=[item.pk]))
    item.refresh_from_db()
    assert item.status == AgendaItem.Status.WITHDRAWN
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.LIVE)
    client_for(w.bram).post(reverse("meetings:item_withdraw", args=[later.pk]))
    later.refresh_from_db()
    assert later.status == AgendaItem.Status.PROPOSED


def test_the_agenda_cannot_change_once_the_meeting_is_over(meeting, meeting_world, client_for):
    w = meeting_world
    item = make_item(meeting, w.bram)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CLOSED)
    client_for(w.anna).post(reverse("meetings:item_decline", args=[item.pk]))
    item.refresh_from_db()
    assert item.status == AgendaItem.Status.PROPOSED


def test_summaries_render_sanitised_and_titles_escaped(meeting, meeting_world, client_for):
    w = meeting_world
    make_item(meeting, w.bram, title="<script>alert(1)</script>", summary="<p><em>Kort</em></p>")
    page = client_for(w.carla).get(reverse("meetings:detail", args=[meeting.pk]))
    html = page.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<p><em>Kort</em></p>" in html


@pytest.mark.parametrize("rows", [1, 500])
def test_meeting_page_query_count_is_flat(
    rows, meeting, meeting_world, client_for, django_assert_max_num_queries
):
    w = meeting_world
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            owner=w.bram if index % 2 else w.carla,
            title=f"Punt {index}",
            summary="<p>Kort.</p>",
            position=index,
        )
        for index in range(rows)
    )
    client = client_for(w.anna)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("meetings:detail", args=[meeting.pk]))
    assert len(response.context["items"]) == rows


def test_an_appointed_chair_who_is_a_plain_member_runs_the_agenda(
    meeting, meeting_world, client_for
):
    w = meeting_world
    Meeting.objects.filter(pk=meeting.pk).update(chair=w.carla)
    item = make_item(meeting, w.bram)
    client_for(w.carla).post(reverse("meetings:item_accept", args=[item.pk]))
    item.refresh_from_db()
    assert item.status == AgendaItem.Status.ACCEPTED
    # The group chair keeps the controls too; another plain member does not get them.
    page = client_for(w.bram).get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Wijs “" not in page
    assert (
        reverse("meetings:item_decline", args=[item.pk])
        in client_for(w.anna).get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    )
