"""The checking seam: how any app has a text checked for identifying data, without importing
the checker.

The de-identification checker lives in `incidents` (incidents/deidentify.py, run where
incidents/checker.py says: the checker worker, or inline), and what must always be found in a
text about a shared incident (its patient names, birth dates and number) is known only to
`incidents` and `sharing`. Yet every text a member writes into a group passes the checker, and
`meetings` may import neither (docs/architecture.md). So, like project/pages.py and
project/tasks.py, this module holds two registries that higher apps fill from their
AppConfig.ready:

* the scanner: `incidents` registers its round trip to the checker (`register_scanner`);
* known-identifier providers, one per kind of source: `incidents` provides "incident" (an
  incident id → its known identifiers), `sharing` provides "agenda_item" (an agenda item id →
  the known identifiers of the incident it was shared from, or nothing for a free topic).

Callers name the source of a text by kind and id only: ``scan(text, source=("agenda_item",
item.pk))``. Only the text, the kind and the id go to the checker; the scanner's side (the
checker worker) resolves the known identifiers through `known_for`, so a web process never holds
them and they never reach a client. A finding is a span of the caller's own text and nothing
more. `check_texts` applies the one rule every form shares: a known identifier always blocks,
every other finding blocks until it is confirmed one by one (by its `finding_key`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

Source = tuple[str, int]
KNOWN = "known"


class CheckerNotReady(RuntimeError):
    """No checker can answer now (loading, or its worker is away): say "wordt voorbereid"."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One identifying span of the checked text: ``text == checked_text[start:end]``."""

    kind: str
    start: int
    end: int
    text: str

    @property
    def known(self) -> bool:
        """A known identifier of the text's source: it cannot be confirmed, only removed."""
        return self.kind == KNOWN

    @property
    def label(self) -> Any:
        return label_for(self.kind)

    @property
    def key(self) -> str:
        return finding_key(self)


@dataclass(frozen=True)
class Scanner:
    scan: Callable[[str, Source | None], list[Finding]]
    is_ready: Callable[[], bool]
    label: Callable[[str], Any]


_scanner: Scanner | None = None
_providers: dict[str, Callable[[int], list[str]]] = {}


def register_scanner(
    *,
    scan: Callable[[str, Source | None], list[Finding]],
    is_ready: Callable[[], bool],
    label: Callable[[str], Any],
) -> None:
    """Register the checker: `scan(text, source)` → findings (raising CheckerNotReady when it
    cannot answer), `is_ready()`, and `label(kind)`, a finding kind's Dutch label."""
    global _scanner
    _scanner = Scanner(scan=scan, is_ready=is_ready, label=label)


def provides(kind: str) -> Callable[[Callable[[int], list[str]]], Callable[[int], list[str]]]:
    """Register `func(source_id) → known identifiers` for sources of `kind`."""

    def register(func: Callable[[int], list[str]]) -> Callable[[int], list[str]]:
        _providers[kind] = func
        return func

    return register


def known_for(source: Source | None) -> list[str]:
    """The known identifiers of `source`: for the scanner's side only (the checker worker)."""
    if source is None:
        return []
    kind, source_id = source
    if kind not in _providers:
        raise LookupError(f"no known-identifier provider for {kind!r}")
    return _providers[kind](source_id)


def is_ready() -> bool:
    """Whether a check can be answered now (asking may start loading an inline checker)."""
    return _scanner is not None and _scanner.is_ready()


def scan(text: str, *, source: Source | None = None) -> list[Finding]:
    """The findings in `text`, with the known identifiers of `source` (kind, id) if given.

    Raises CheckerNotReady while no checker can answer. May be a round trip to the checker
    worker: call it outside any transaction and never while holding a lock.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    if _scanner is None:
        raise CheckerNotReady("no checker is registered")
    return _scanner.scan(text, source)


def label_for(kind: str) -> Any:
    if _scanner is None:
        return kind
    return _scanner.label(kind)


# --- The rule every form shares ------------------------------------------------------------------


def finding_key(finding: Finding) -> str:
    """What the author confirms: the same text of the same kind, wherever it occurs."""
    return f"{finding.kind}:{finding.text.casefold()}"


def highlight_html(text: str, findings: Iterable[Finding]) -> SafeString:
    """`text` as HTML, each finding in ``<mark class="mark-finding">``, everything escaped.

    Findings that overlap an earlier one or fall outside `text` are skipped.
    """
    parts: list[str] = []
    position = 0
    for finding in sorted(findings, key=lambda f: (f.start, f.end)):
        if finding.start < position or finding.end > len(text) or finding.start >= finding.end:
            continue
        parts.append(escape(text[position : finding.start]))
        parts.append(
            f'<mark class="mark-finding" data-kind="{escape(finding.kind)}" '
            f'title="{escape(label_for(finding.kind))}">'
            f"{escape(text[finding.start : finding.end])}</mark>"
        )
        position = finding.end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped


@dataclass
class FieldCheck:
    """One checked text: the field's name and label, the text as checked, its findings."""

    name: str
    text: str
    findings: list[Finding] = field(default_factory=list)
    label: Any = ""

    @property
    def highlighted(self) -> SafeString:
        return highlight_html(self.text, self.findings)


@dataclass
class TextCheck:
    """The findings in a form's texts, and which of them still block."""

    fields: list[FieldCheck]
    unconfirmed: list[Finding] = field(default_factory=list)

    @property
    def known(self) -> list[Finding]:
        return [f for check in self.fields for f in check.findings if f.known]

    @property
    def others(self) -> list[Finding]:
        """The distinct findings the author may confirm as not identifying."""
        seen, result = set(), []
        for check in self.fields:
            for finding in check.findings:
                if not finding.known and finding.key not in seen:
                    seen.add(finding.key)
                    result.append(finding)
        return result

    @property
    def confirmable(self) -> list[dict]:
        """The other findings as a form offers them: key, text and Dutch label."""
        return [{"key": f.key, "text": f.text, "label": f.label} for f in self.others]

    @property
    def blocked(self) -> bool:
        return bool(self.known or self.unconfirmed)

    @property
    def findings_count(self) -> int:
        return sum(len(check.findings) for check in self.fields)


def check_texts(
    texts: Mapping[str, str],
    *,
    source: Source | None = None,
    accepted: Iterable[str] = (),
    labels: Mapping[str, Any] | None = None,
) -> TextCheck:
    """Scan each of `texts` ({field name: text as it will be stored}) with the known identifiers
    of `source`; a finding blocks unless it is not known and its key is in `accepted`. Raises
    CheckerNotReady while no checker can answer."""
    accepted = set(accepted)
    checks = []
    for name, text in texts.items():
        findings = scan(text, source=source)
        checks.append(FieldCheck(name, text, findings, (labels or {}).get(name, name)))
    check = TextCheck(checks)
    check.unconfirmed = [f for f in check.others if f.key not in accepted]
    return check
