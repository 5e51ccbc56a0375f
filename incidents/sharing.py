"""The incident side of sharing: from a private incident to a de-identified agenda item.

This is the privacy boundary (DESIGN.md). Only what the owner wrote and confirmed crosses into a
group: a title, the category code, the sanitised summary and the hulpvraag. The incident's
number, patient fields, birth dates and reporter never do. Every text that crosses is scanned
by the de-identification checker with the incident's known identifiers; a known identifier
cannot be waved through, every other finding must be confirmed one by one as not identifying,
and the owner confirms the whole. Re-exported from incidents.services, which is how meetings
reaches it.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents import deidentify
from incidents.models import Incident
from incidents.selectors import get_owned_incident
from meetings.models import AgendaItem, Meeting
from meetings.permissions import require_view_meeting
from meetings.sanitize import html_to_text, text_to_html
from meetings.services import next_position
from project import access_log
from project.errors import NotFound

SHARED_FIELDS = ("title", "summary", "question")
_SPLIT_RE = re.compile(r"[\n;,]+")

CheckerNotReady = deidentify.CheckerNotReady
checker_is_ready = deidentify.is_ready
checker_start_loading = deidentify.start_loading_in_background


def shareable_incident(*, actor, pk) -> Incident:
    """One of the actor's own incidents (in the register they own); NotFound otherwise."""
    return get_owned_incident(actor, pk)


def _parts(value: str) -> list[str]:
    return [part.strip() for part in _SPLIT_RE.split(value or "") if part.strip()]


def known_identifiers(*, actor, incident: Incident) -> list[str]:
    """What the checker must find: patient names and birth dates, involved staff, the reporter
    when it is someone else."""
    known = _parts(incident.patient_names) + _parts(incident.patient_birth_dates)
    known += [line.strip() for line in incident.involved_staff.splitlines() if line.strip()]
    if incident.reporter_name and incident.reporter_name.strip() != actor.full_name.strip():
        known.append(incident.reporter_name.strip())
    return known


def share_draft(*, actor, incident: Incident) -> dict:
    """The prefill of the share form: the owner edits rather than retypes."""
    incident = shareable_incident(actor=actor, pk=incident.pk)
    return {
        "title": "",
        "category": incident.category,
        "category_label": incident.get_category_display(),
        "summary": incident.description,
        "question": "",
        "known": known_identifiers(actor=actor, incident=incident),
    }


@dataclass
class FieldCheck:
    name: str
    text: str
    findings: list = field(default_factory=list)

    @property
    def highlighted(self):
        return deidentify.highlight_html(self.text, self.findings)


@dataclass
class ShareCheck:
    fields: list[FieldCheck]
    unconfirmed: list = field(default_factory=list)

    @property
    def known(self) -> list:
        return [f for check in self.fields for f in check.findings if f.kind == "known"]

    @property
    def others(self) -> list:
        """The distinct findings the owner may confirm as not identifying."""
        seen, result = set(), []
        for check in self.fields:
            for finding in check.findings:
                key = finding_key(finding)
                if finding.kind != "known" and key not in seen:
                    seen.add(key)
                    result.append(finding)
        return result

    @property
    def confirmable(self) -> list[dict]:
        """The other findings as the form offers them: key, text and Dutch label."""
        return [
            {"key": finding_key(f), "text": f.text, "label": deidentify.label_for(f.kind)}
            for f in self.others
        ]

    @property
    def blocked(self) -> bool:
        return bool(self.known or self.unconfirmed)

    @property
    def findings_count(self) -> int:
        return sum(len(check.findings) for check in self.fields)


def finding_key(finding) -> str:
    return f"{finding.kind}:{finding.text.casefold()}"


class ShareBlocked(ValidationError):
    """The texts still hold identifying data; `check` says where."""

    def __init__(self, check: ShareCheck):
        self.check = check
        super().__init__(
            _("De samenvatting bevat nog gegevens die tot een persoon te herleiden kunnen zijn."),
            code="identifying",
        )


def _number_findings(text: str, number: str) -> list:
    return [
        deidentify.Finding("known", m.start(), m.end(), m.group())
        for m in re.finditer(re.escape(number), text)
    ]


def share_check(
    *, actor, incident: Incident, texts: dict[str, str], accepted: set[str] = frozenset()
) -> ShareCheck:
    """Scan the texts that would cross; raises deidentify.CheckerNotReady while it loads."""
    known = known_identifiers(actor=actor, incident=incident)
    checks = []
    for name, text in texts.items():
        findings = deidentify.scan(text, known)
        extra = [
            f
            for f in _number_findings(text, incident.number)
            if not any(f.start < g.end and g.start < f.end for g in findings)
        ]
        checks.append(FieldCheck(name, text, sorted(findings + extra, key=lambda f: f.start)))
    check = ShareCheck(checks)
    check.unconfirmed = [f for f in check.others if finding_key(f) not in accepted]
    return check


@transaction.atomic
def agenda_item_share(
    *,
    actor,
    incident: Incident,
    meeting: Meeting,
    title: str,
    summary: str,
    question: str,
    accepted: set[str] = frozenset(),
    confirmed: bool = False,
    request=None,
) -> AgendaItem:
    """The owner proposes a de-identified summary of their incident for an upcoming meeting.

    Re-checks everything itself: the texts exactly as they will be stored are scanned; known
    identifiers block, other findings block until confirmed, and the owner must confirm the
    whole as de-identified. Raises ShareBlocked, ValidationError or CheckerNotReady.
    """
    incident = shareable_incident(actor=actor, pk=incident.pk)
    meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    require_view_meeting(actor, meeting)
    if meeting.status != Meeting.Status.SCHEDULED or meeting.starts_at <= timezone.now():
        raise NotFound
    title, question = title.strip(), question.strip()
    summary_html = text_to_html(summary)
    if not title or not summary_html:
        raise ValidationError(_("Vul een titel en een samenvatting in."), code="required")
    check = share_check(
        actor=actor,
        incident=incident,
        texts={"title": title, "summary": html_to_text(summary_html), "question": question},
        accepted=accepted,
    )
    if check.blocked:
        raise ShareBlocked(check)
    if not confirmed:
        raise ValidationError(
            {
                "confirmed": _(
                    "Bevestig dat u heeft gecontroleerd dat de samenvatting niet tot een patiënt "
                    "te herleiden is."
                )
            }
        )
    item = AgendaItem(
        meeting=meeting,
        owner=actor,
        source_incident=incident,
        title=title,
        category=incident.category,
        summary=summary_html,
        question=question,
        confirmed_deidentified_at=timezone.now(),
        status=AgendaItem.Status.PROPOSED,
        position=next_position(meeting),
    )
    item.full_clean()
    item.save()
    access_log.record(
        actor=actor,
        action="summary.created",
        incident=incident,
        request=request,
        detail=f"{meeting.group.name} · {timezone.localtime(meeting.starts_at):%d-%m-%Y}",
    )
    return item
