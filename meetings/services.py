"""Every write with rules on meetings and their agenda: one function per use case.

Keyword-only, actor first, transactional. Check (NotFound when the actor may not do it,
ValidationError with a Dutch message when a rule refuses), do, then notify after commit. A text
that reaches the group (a free topic, a meeting's notes) passes the checker first
(meetings/checking.py), before the transaction opens: the check may be a round trip to the
checker worker, and nothing may wait on it holding a lock.
Sharing an incident onto an agenda is the sharing app's (sharing.services.agenda_item_share): it
vets the texts and calls agenda_item_propose here, which holds the agenda's own rules.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from groups.models import IncidentGroup
from groups.permissions import is_signed_member, require_chair
from groups.selectors import signed_members
from groups.services import require_active
from meetings import selectors
from meetings.checking import as_stored, vet
from meetings.models import AgendaItem, AgreedMeasure, Meeting
from meetings.permissions import (
    VISIBLE_ITEM_STATUSES,
    require_chair_meeting,
    require_view_meeting,
)
from meetings.sanitize import html_to_text, sanitize_html, text_to_html
from project.errors import NotFound
from project.sockets import access_changed
from project.tasks import enqueue_on_commit

MEETING_FIELDS = ("starts_at", "duration_minutes", "location", "video_url", "notes", "chair")


def _require_scheduled(meeting: Meeting) -> None:
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ValidationError(
            _("Deze bespreking is al begonnen, afgesloten of geannuleerd."), code="not_scheduled"
        )


def _check_chair_is_member(group: IncidentGroup, chair) -> None:
    if chair is None or not is_signed_member(chair, group):
        raise ValidationError(
            {"chair": _("Kies een lid dat de geheimhoudingsverklaring heeft getekend.")}
        )


def _notify_members(meeting: Meeting, *, kind: str, site_url: str) -> None:
    """E-mail every signed member (one task each) with the meeting's .ics, after commit."""
    for membership in signed_members(meeting.group):
        if membership.user.email:
            enqueue_on_commit(
                "meetings.notice_send", meeting.pk, kind, membership.user_id, site_url
            )


def meeting_schedule(
    *, actor, group: IncidentGroup, fields: dict, site_url: str = "", accepted=()
) -> Meeting:
    """A chair of the group schedules a meeting; signed members get an e-mail with the .ics.
    Its notes pass the checker first (HeldBack: nothing is scheduled)."""
    require_chair(actor, group)
    vet({"notes": fields.get("notes", "")}, accepted=accepted)
    return _meeting_schedule(actor=actor, group=group, fields=fields, site_url=site_url)


@transaction.atomic
def _meeting_schedule(*, actor, group: IncidentGroup, fields: dict, site_url: str) -> Meeting:
    require_chair(actor, group)
    require_active(group)
    fields = {key: fields[key] for key in MEETING_FIELDS if key in fields}
    _check_chair_is_member(group, fields.get("chair"))
    meeting = Meeting(group=group, created_by=actor, **fields)
    meeting.full_clean()
    meeting.save()
    _notify_members(meeting, kind="scheduled", site_url=site_url)
    followups_propose(meeting=meeting)
    return meeting


def meeting_update(
    *, actor, meeting: Meeting, fields: dict, site_url: str = "", accepted=()
) -> Meeting:
    """The meeting's chair (or a group chair) changes a scheduled meeting; members are told.
    Changed notes pass the checker first (HeldBack: nothing changes)."""
    require_chair_meeting(actor, meeting)
    _require_scheduled(meeting)
    if "notes" in fields and fields["notes"] != meeting.notes:
        vet({"notes": fields["notes"]}, accepted=accepted)
    return _meeting_update(actor=actor, meeting=meeting, fields=fields, site_url=site_url)


@transaction.atomic
def _meeting_update(*, actor, meeting: Meeting, fields: dict, site_url: str) -> Meeting:
    meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    require_chair_meeting(actor, meeting)
    _require_scheduled(meeting)
    fields = {key: fields[key] for key in MEETING_FIELDS if key in fields}
    if "chair" in fields:
        _check_chair_is_member(meeting.group, fields["chair"])
    changed = [key for key, value in fields.items() if getattr(meeting, key) != value]
    for key in changed:
        setattr(meeting, key, fields[key])
    if changed:
        meeting.full_clean()
        meeting.save()
        _notify_members(meeting, kind="changed", site_url=site_url)
    return meeting


@transaction.atomic
def meeting_cancel(*, actor, meeting: Meeting, site_url: str = "") -> Meeting:
    """The chair cancels a scheduled meeting; members get the cancellation for their calendar."""
    meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    require_chair_meeting(actor, meeting)
    _require_scheduled(meeting)
    meeting.status = Meeting.Status.CANCELLED
    meeting.save(update_fields=["status", "updated_at"])
    _notify_members(meeting, kind="cancelled", site_url=site_url)
    access_changed(meeting_pks=[meeting.pk])
    return meeting


def _lock_meeting(meeting: Meeting) -> Meeting:
    """The meeting row is the agenda's lock: positions are handed out one at a time."""
    return Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)


def next_position(meeting: Meeting) -> int:
    last = AgendaItem.objects.filter(meeting=meeting).aggregate(last=Max("position"))["last"]
    return (last or 0) + 1


def agenda_topic_add(
    *,
    actor,
    meeting: Meeting,
    title: str,
    summary: str = "",
    question: str = "",
    expected_minutes: int | None = None,
    accepted=(),
) -> AgendaItem:
    """The chair adds a free topic (no incident) to a scheduled meeting; it is accepted at once.
    Its texts pass the checker first (HeldBack: nothing is added)."""
    require_chair_meeting(actor, meeting)
    _require_scheduled(meeting)
    vet(
        {"title": title.strip(), "summary": as_stored(summary), "question": question.strip()},
        accepted=accepted,
    )
    return _agenda_topic_add(
        actor=actor,
        meeting=meeting,
        title=title,
        summary=summary,
        question=question,
        expected_minutes=expected_minutes,
    )


@transaction.atomic
def _agenda_topic_add(
    *, actor, meeting: Meeting, title: str, summary: str, question: str, expected_minutes
) -> AgendaItem:
    meeting = _lock_meeting(meeting)
    require_chair_meeting(actor, meeting)
    _require_scheduled(meeting)
    require_active(meeting.group)
    item = AgendaItem(
        meeting=meeting,
        owner=actor,
        title=title.strip(),
        summary=text_to_html(summary),
        question=question.strip(),
        expected_minutes=expected_minutes,
        status=AgendaItem.Status.ACCEPTED,
        position=next_position(meeting),
    )
    item.full_clean()
    item.save()
    return item


def _vetted_texts(
    title: str, summary: str, question: str, vet: Callable[[dict[str, str]], None] | None
) -> tuple[str, str, str]:
    """An item's texts as they will be stored (the summary as sanitised HTML), required ones
    present and passed through `vet`, which sees the summary as plain text."""
    title, question = title.strip(), question.strip()
    summary_html = text_to_html(summary)
    if not title or not summary_html:
        raise ValidationError(_("Vul een titel en een samenvatting in."), code="required")
    if vet is not None:
        vet({"title": title, "summary": html_to_text(summary_html), "question": question})
    return title, summary_html, question


@transaction.atomic
def agenda_item_propose(
    *,
    actor,
    meeting: Meeting,
    title: str,
    summary: str,
    question: str,
    category: str = "",
    vet: Callable[[dict[str, str]], None] | None = None,
) -> AgendaItem:
    """A member proposes a de-identified item for an upcoming meeting; the chair decides on it.

    Under the meeting's lock: the member must see the meeting, which must still be to come, and
    a title and summary are required. `vet` receives the texts exactly as they will be stored
    (title, summary as plain text, question) and raises to refuse them.
    """
    meeting = _lock_meeting(meeting)
    require_view_meeting(actor, meeting)
    if meeting.status != Meeting.Status.SCHEDULED or meeting.starts_at <= timezone.now():
        raise NotFound
    require_active(meeting.group)
    title, summary_html, question = _vetted_texts(title, summary, question, vet)
    item = AgendaItem(
        meeting=meeting,
        owner=actor,
        title=title,
        category=category,
        summary=summary_html,
        question=question,
        confirmed_deidentified_at=timezone.now(),
        status=AgendaItem.Status.PROPOSED,
        position=next_position(meeting),
    )
    item.full_clean()
    item.save()
    return item


def _chair_item(actor, item: AgendaItem) -> tuple[Meeting, AgendaItem]:
    meeting = _lock_meeting(item.meeting)
    require_chair_meeting(actor, meeting)
    _require_scheduled(meeting)
    return meeting, AgendaItem.objects.get(pk=item.pk)


def _decide(actor, item: AgendaItem, status: str, reason: str = "") -> AgendaItem:
    _meeting, item = _chair_item(actor, item)
    if item.status not in VISIBLE_ITEM_STATUSES:
        raise NotFound
    item.status = status
    item.decline_reason = reason.strip()
    item.save(update_fields=["status", "decline_reason", "updated_at"])
    return item


@transaction.atomic
def agenda_item_accept(*, actor, item: AgendaItem) -> AgendaItem:
    """The chair puts a proposed item on the agenda."""
    return _decide(actor, item, AgendaItem.Status.ACCEPTED)


@transaction.atomic
def agenda_item_decline(*, actor, item: AgendaItem, reason: str = "") -> AgendaItem:
    """The chair declines an item, with an optional reason; it disappears for everyone but its
    owner, who sees the reason in the app and is told by e-mail (without content)."""
    item = _decide(actor, item, AgendaItem.Status.DECLINED, reason)
    enqueue_on_commit("meetings.item_declined_send", item.pk)
    return item


@transaction.atomic
def agenda_item_move(*, actor, item: AgendaItem, direction: str) -> AgendaItem:
    """The chair moves an item one place up or down among the visible items."""
    meeting, item = _chair_item(actor, item)
    if direction not in ("up", "down") or item.status not in VISIBLE_ITEM_STATUSES:
        raise NotFound
    items = list(
        AgendaItem.objects.filter(meeting=meeting, status__in=VISIBLE_ITEM_STATUSES).order_by(
            "position", "created_at", "pk"
        )
    )
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items, start=1):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position", "updated_at"])
    return next(other for other in items if other.pk == item.pk)


@transaction.atomic
def agenda_item_set_minutes(*, actor, item: AgendaItem, minutes: int | None) -> AgendaItem:
    """The chair sets the expected time for an item."""
    _meeting, item = _chair_item(actor, item)
    if minutes is not None and not 1 <= minutes <= 240:
        raise ValidationError({"expected_minutes": _("Kies tussen 1 en 240 minuten.")})
    item.expected_minutes = minutes
    item.save(update_fields=["expected_minutes", "updated_at"])
    return item


@transaction.atomic
def agenda_item_revise(
    *,
    actor,
    item: AgendaItem,
    title: str,
    summary: str,
    question: str,
    vet: Callable[[dict[str, str]], None] | None = None,
) -> AgendaItem:
    """The owner edits their proposed or accepted item until the meeting starts; `vet` checks
    the new texts exactly as they will be stored, as on proposing."""
    meeting = _lock_meeting(item.meeting)
    require_view_meeting(actor, meeting)
    item = AgendaItem.objects.get(pk=item.pk)
    if item.owner_id != actor.pk or item.status not in VISIBLE_ITEM_STATUSES or item.is_followup:
        raise NotFound
    if meeting.status != Meeting.Status.SCHEDULED or meeting.starts_at <= timezone.now():
        raise ValidationError(
            _("De bespreking is begonnen: het agendapunt kan niet meer worden gewijzigd."),
            code="started",
        )
    title, summary_html, question = _vetted_texts(title, summary, question, vet)
    item.title, item.summary, item.question = title, summary_html, question
    item.confirmed_deidentified_at = timezone.now()
    item.full_clean()
    item.save(
        update_fields=["title", "summary", "question", "confirmed_deidentified_at", "updated_at"]
    )
    return item


def items_carry_over(*, meeting: Meeting, item_ids) -> list[AgendaItem]:
    """Move undiscussed items of `meeting` (locked by the caller, the closing use case) to the
    group's next scheduled meeting, at the end of its agenda; their owners are told."""
    item_ids = set(item_ids)
    if not item_ids:
        return []
    target = selectors.next_meeting(meeting)
    if target is None:
        raise ValidationError(
            _(
                "Er is nog geen volgende bespreking gepland. Plan die eerst, of sluit af zonder "
                "agendapunten te verplaatsen."
            ),
            code="no_next_meeting",
        )
    items = list(selectors.undiscussed_items(meeting).filter(pk__in=item_ids))
    if len(items) != len(item_ids):
        raise ValidationError(
            _("Alleen niet-besproken agendapunten kunnen worden verplaatst."), code="discussed"
        )
    target = _lock_meeting(target)
    position = next_position(target)
    for offset, item in enumerate(items):
        item.meeting, item.position = target, position + offset
        item.save(update_fields=["meeting", "position", "updated_at"])
    if meeting.current_item_id in item_ids:
        meeting.current_item = None
        meeting.save(update_fields=["current_item", "updated_at"])
    enqueue_on_commit("meetings.items_moved_send", *sorted(item_ids))
    return items


@transaction.atomic
def agenda_item_withdraw(*, actor, item: AgendaItem) -> AgendaItem:
    """The owner withdraws their item until the meeting starts."""
    meeting = _lock_meeting(item.meeting)
    require_view_meeting(actor, meeting)
    item = AgendaItem.objects.get(pk=item.pk)
    if item.owner_id != actor.pk:
        raise NotFound
    if item.is_followup:
        raise ValidationError(
            _("Over een opvolging beslist de voorzitter; geef wel een stand van zaken."),
            code="followup",
        )
    if meeting.status != Meeting.Status.SCHEDULED or meeting.starts_at <= timezone.now():
        raise ValidationError(
            _("De bespreking is begonnen: het agendapunt kan niet meer worden ingetrokken."),
            code="started",
        )
    item.status = AgendaItem.Status.WITHDRAWN
    item.save(update_fields=["status", "updated_at"])
    return item


# Follow-ups ("opvolging"): an agreed measure of an earlier meeting whose due date passed comes
# back on the group's next meeting by itself, as a proposed item the chair accepts or declines.
# The item holds the earlier item's title and the measure, nothing else (meetings never sees an
# incident; sharing.models.SharedItem is not copied); its owner, the measure's owner, adds a
# one-line status that is checked like any text the group reads.


def _followup_title(measure: AgreedMeasure) -> str:
    title = _("Opvolging: %(title)s") % {"title": measure.item.title}
    return title if len(title) <= 200 else title[:199] + "…"


def _followup_summary(measure: AgreedMeasure, status: str = "") -> str:
    """The follow-up's summary, as sanitised HTML: the measure, its due date and who carries it
    out, then the owner's status (and when it was reported done)."""
    description = "<br>".join(escape(line) for line in measure.description.strip().splitlines())
    lines = [(_("Maatregel"), description)]
    if measure.due_on is not None:
        lines.append((_("Uiterlijk op"), escape(formats.date_format(measure.due_on, "j F Y"))))
    if measure.owner is not None:
        lines.append((_("Uitvoerder"), escape(measure.owner.full_name or measure.owner.email)))
    if status:
        lines.append((_("Stand van zaken"), escape(status)))
    if measure.done_on is not None:
        lines.append((_("Uitgevoerd op"), escape(formats.date_format(measure.done_on, "j F Y"))))
    return sanitize_html(
        "".join(f"<p><strong>{escape(label)}:</strong> {text}</p>" for label, text in lines)
    )


def _may_get_followups(meeting: Meeting) -> bool:
    return (
        meeting.status == Meeting.Status.SCHEDULED
        and meeting.starts_at > timezone.now()
        and meeting.group.archived_at is None
    )


def followups_propose(*, meeting: Meeting, actor=None) -> list[AgendaItem]:
    """Propose a follow-up on `meeting` for every overdue agreed measure of the group's earlier
    meetings not yet followed up (selectors.followup_candidates), when `meeting` is the group's
    next scheduled meeting still to come. Idempotent: run when a meeting is scheduled, whenever
    its chair opens it (actor: the chair) and daily by the scheduler.

    Each follow-up belongs to the measure's owner, who is asked for a status (the reminder
    `reminders.models.Kind.FOLLOWUP`); to the meeting's chair when the measure has no owner
    who is still a signed member. A constant number of queries; when there is nothing to
    propose, one query and no transaction (a chair's page view takes no lock)."""
    if actor is not None:
        require_chair_meeting(actor, meeting)
    if not _may_get_followups(meeting):
        return []
    if not selectors.followup_candidates(meeting, today=timezone.localdate()).exists():
        return []
    return _followups_create(meeting)


@transaction.atomic
def _followups_create(meeting: Meeting) -> list[AgendaItem]:
    """Under the meeting's lock, so two runs at once propose each measure once (the unique
    constraint is the backstop)."""
    meeting = _lock_meeting(meeting)
    if not _may_get_followups(meeting) or not selectors.is_next_meeting(meeting):
        return []
    measures = list(selectors.followup_candidates(meeting, today=timezone.localdate()))
    if not measures:
        return []
    signed = set(signed_members(meeting.group).values_list("user_id", flat=True))
    position = next_position(meeting)
    return AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            owner_id=measure.owner_id if measure.owner_id in signed else meeting.chair_id,
            title=_followup_title(measure),
            summary=_followup_summary(measure),
            followed_measure=measure,
            status=AgendaItem.Status.PROPOSED,
            position=position + offset,
        )
        for offset, measure in enumerate(measures)
    )


def followups_propose_due() -> int:
    """The scheduler's daily run: follow-ups for each active group's next meeting. Returns how
    many were proposed."""
    return sum(
        len(followups_propose(meeting=meeting)) for meeting in selectors.next_meetings_of_groups()
    )


def _followup_of(actor, item_pk: int) -> AgendaItem:
    """actor's own follow-up on a meeting they see, with its measure; NotFound otherwise."""
    item = (
        AgendaItem.objects.select_related(
            "meeting__group", "followed_measure__owner", "followed_measure__item"
        )
        .filter(pk=item_pk)
        .first()
    )
    if (
        item is None
        or not item.is_followup
        or item.owner_id != actor.pk
        or item.status not in VISIBLE_ITEM_STATUSES
    ):
        raise NotFound
    require_view_meeting(actor, item.meeting)
    return item


def _require_status_open(meeting: Meeting) -> None:
    require_active(meeting.group)
    if meeting.status != Meeting.Status.SCHEDULED or meeting.starts_at <= timezone.now():
        raise ValidationError(
            _("De bespreking is begonnen: de stand van zaken kan niet meer worden gewijzigd."),
            code="started",
        )


def followup_status_set(
    *, actor, item: AgendaItem, status: str, done: bool = False, accepted=frozenset()
) -> AgendaItem:
    """The owner of a follow-up gives its one-line status until the meeting starts, and may
    report the measure done (it is then not followed up again). The status, exactly as it will
    be stored, is checked first (meetings.checking.vet, outside the transaction); then it is
    stored under the meeting's lock, the rules checked again. Raises NotFound, HeldBack or
    ValidationError (code "checker_not_ready" while no checker is ready)."""
    item = _followup_of(actor, item.pk)
    _require_status_open(item.meeting)
    status = " ".join(status.split())
    if not status:
        raise ValidationError({"status": _("Vul in één regel de stand van zaken in.")})
    if len(status) > 200:
        raise ValidationError({"status": _("Houd de stand van zaken op één regel (200 tekens).")})
    # The earlier item names the source: the known identifiers of the incident it was shared
    # from (on the checker's side only) hold the status back whoever writes it.
    vet({"status": status}, item_id=item.followed_measure.item_id, accepted=accepted)
    return _followup_status_store(actor=actor, item=item, status=status, done=done)


@transaction.atomic
def _followup_status_store(*, actor, item: AgendaItem, status: str, done: bool) -> AgendaItem:
    meeting = _lock_meeting(item.meeting)
    item = _followup_of(actor, item.pk)
    _require_status_open(meeting)
    measure = item.followed_measure
    if done and measure.done_on is None:
        measure.done_on = timezone.localdate()
        measure.save(update_fields=["done_on", "updated_at"])
    item.followup_status = status
    item.followup_status_at = timezone.now()
    item.summary = _followup_summary(measure, status)
    item.save(update_fields=["followup_status", "followup_status_at", "summary", "updated_at"])
    return item
