"""Meetings of an incident group, their agenda, and the live meeting's record.

No patient field lives here: an agenda item holds only what its owner wrote and confirmed as
de-identified. The link from an item to the incident it was shared from lives in
`sharing.models.SharedItem`, on the other side of the dependency direction.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from groups.models import IncidentGroup


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("gepland")
        LIVE = "live", _("bezig")
        CLOSED = "closed", _("afgesloten")
        CANCELLED = "cancelled", _("geannuleerd")

    group = models.ForeignKey(IncidentGroup, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("datum en tijd"))
    duration_minutes = models.PositiveSmallIntegerField(_("duur (minuten)"), default=90)
    location = models.CharField(_("plaats"), max_length=200, blank=True)
    video_url = models.URLField(_("videolink"), blank=True)
    notes = models.TextField(_("toelichting"), blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="chaired_meetings",
        verbose_name=_("voorzitter van deze bespreking"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    started_at = models.DateTimeField(_("gestart op"), null=True, blank=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    # When the thread and the event payloads were purged (meetings.services.thread_purge).
    purged_at = models.DateTimeField(_("gesprek verwijderd op"), null=True, blank=True)
    # The last MeetingEvent.seq handed out; bumped under a row lock in the same transaction.
    last_seq = models.PositiveIntegerField(default=0)
    current_item = models.ForeignKey(
        "AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("huidig agendapunt"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("bespreking")
        verbose_name_plural = _("besprekingen")
        indexes = [models.Index(fields=["group", "starts_at"])]

    def __str__(self):
        when = formats.date_format(timezone.localtime(self.starts_at), "DATETIME_FORMAT")
        return f"{self.group} · {when}"

    @property
    def thread_purged(self) -> bool:
        """The thread was purged after the meeting last closed (a reopened and closed again
        meeting has a new thread to keep for a while, and to purge)."""
        return self.purged_at is not None and (
            self.closed_at is None or self.purged_at >= self.closed_at
        )


class AgendaItem(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("voorgesteld")
        ACCEPTED = "accepted", _("geaccepteerd")
        DECLINED = "declined", _("afgewezen")
        WITHDRAWN = "withdrawn", _("ingetrokken")

    class Discussion(models.TextChoices):
        PENDING = "pending", _("nog niet besproken")
        DISCUSSED = "discussed", _("besproken")
        SKIPPED = "skipped", _("overgeslagen")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="agenda_items",
        verbose_name=_("ingebracht door"),
    )
    title = models.CharField(_("titel"), max_length=200)
    category = models.CharField(_("type melding"), max_length=40, blank=True)
    summary = models.TextField(_("geanonimiseerde samenvatting"), blank=True)
    question = models.TextField(_("hulpvraag"), blank=True)
    confirmed_deidentified_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    # The chair's optional reason, shown to the owner in the app only (never e-mailed).
    decline_reason = models.CharField(_("reden van afwijzing"), max_length=500, blank=True)
    expected_minutes = models.PositiveSmallIntegerField(
        _("verwachte tijd (minuten)"), null=True, blank=True
    )
    discussion = models.CharField(
        _("bespreking"), max_length=10, choices=Discussion.choices, default=Discussion.PENDING
    )
    result = models.TextField(_("besproken / resultaat"), blank=True)
    result_recorded_at = models.DateTimeField(null=True, blank=True)
    # Bumped whenever the result or the agreed measures change after being recorded, so a changed
    # outcome shows to the owner as a new outcome to import, never as a silent overwrite.
    outcome_version = models.PositiveIntegerField(default=0)
    # A follow-up ("opvolging"): proposed by the app for an agreed measure of an earlier meeting
    # whose due date passed. Its title and summary hold only the earlier item's title and the
    # measure (meetings/services.py, followups_propose); its owner adds a one-line status.
    followed_measure = models.ForeignKey(
        "AgreedMeasure",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followups",
        verbose_name=_("opvolging van maatregel"),
    )
    followup_status = models.CharField(_("stand van zaken"), max_length=200, blank=True)
    followup_status_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "created_at"]
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "followed_measure"],
                condition=Q(followed_measure__isnull=False),
                name="one_followup_per_measure_per_meeting",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_followup(self) -> bool:
        """Proposed by the app to follow up an overdue measure of an earlier meeting."""
        return self.followed_measure_id is not None

    @property
    def is_free_topic(self) -> bool:
        """Added by a chair, not proposed by a member as a de-identified summary."""
        return self.confirmed_deidentified_at is None and self.followed_measure_id is None


class Message(models.Model):
    """A contribution to an agenda item's live thread (sanitised HTML). A redacted message keeps
    its place in the thread with an empty body and who removed it."""

    class Redaction(models.TextChoices):
        CHAIR = "chair", _("bericht verwijderd door de voorzitter")
        AUTHOR = "author", _("bericht verwijderd door de schrijver")

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meeting_messages"
    )
    body = models.TextField(_("bericht"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    redacted_by = models.CharField(max_length=10, choices=Redaction.choices, blank=True)
    redacted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")

    def __str__(self):
        return f"{self.author} · {timezone.localtime(self.created_at):%H:%M}"


class AgreedMeasure(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("voorgesteld")
        AGREED = "agreed", _("afgesproken")

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="measures")
    description = models.TextField(_("maatregel"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uitvoerder"),
    )
    due_on = models.DateField(_("uiterlijk op"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    # Reported done by its owner (the status of a follow-up): no longer followed up.
    done_on = models.DateField(_("uitgevoerd op"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("afgesproken maatregel")
        verbose_name_plural = _("afgesproken maatregelen")

    def __str__(self):
        return self.description[:80]


class HandRaise(models.Model):
    """A member asking for the floor; the chair gives or clears it, in order of raising."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="hands")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    raised_at = models.DateTimeField(default=timezone.now)
    given_at = models.DateTimeField(null=True, blank=True)
    cleared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["raised_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(cleared_at__isnull=True),
                name="one_open_hand_per_member",
            )
        ]

    def __str__(self):
        return f"{self.user} · {timezone.localtime(self.raised_at):%H:%M}"


class Attendance(models.Model):
    """One open websocket connection of a member to a live meeting (presence across processes)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel_name = models.CharField(max_length=200, unique=True)
    joined_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.user} @ {self.meeting_id}"


class MeetingEvent(models.Model):
    """The record of every change in a live meeting, numbered per meeting.

    Written in the same transaction as the change and broadcast after commit; clients catch up
    by sequence number, so a dropped connection loses nothing.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField()
    type = models.CharField(max_length=40)
    data = models.JSONField(default=dict)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The sender's id for the message that caused this event: a resend is applied once.
    client_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "seq"], name="one_event_per_seq"),
            models.UniqueConstraint(
                fields=["meeting", "actor", "client_id"],
                condition=~Q(client_id=""),
                name="client_message_applied_once",
            ),
        ]

    def __str__(self):
        return f"{self.meeting_id}#{self.seq} {self.type}"
