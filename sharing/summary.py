"""The summary check: what the de-identification checker finds in texts about to cross.

Only what the owner wrote and confirmed crosses into a group: a title, the category code, the
sanitised summary and the hulpvraag. The incident's number, patient fields, birth dates and
reporter never do. Every text that crosses is scanned by the checker with the incident's known
identifiers; a known identifier cannot be waved through, every other finding must be confirmed
one by one as not identifying (sharing.services.agenda_item_share enforces it).
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from incidents import checker, deidentify
from incidents.models import Incident
from incidents.selectors import known_identifiers


def share_draft(*, actor, incident: Incident) -> dict:
    """The prefill of the share form (incident: one of actor's own): edit rather than retype."""
    return {
        "title": "",
        "category": incident.category,
        "category_label": incident.get_category_display(),
        "summary": incident.description,
        "question": "",
        "known": known_identifiers(incident, actor=actor),
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
    """Scan the texts that would cross; raises deidentify.CheckerNotReady while none is ready."""
    checks = []
    for name, text in texts.items():
        # Where the checker runs (incidents/checker.py): only the text and the incident's id go
        # there; the known identifiers are read on that side.
        findings = checker.scan(text, incident_id=incident.pk)
        extra = [
            f
            for f in _number_findings(text, incident.number)
            if not any(f.start < g.end and g.start < f.end for g in findings)
        ]
        checks.append(FieldCheck(name, text, sorted(findings + extra, key=lambda f: f.start)))
    check = ShareCheck(checks)
    check.unconfirmed = [f for f in check.others if finding_key(f) not in accepted]
    return check
