"""The de-identification checker: finds identifying data in Dutch free text.

``scan(text, known=(), *, patient=None)`` returns a list of :class:`Finding` (``kind``,
``start``, ``end``, ``text``), sorted by ``start`` and never overlapping. It is built on Deduce
(pattern- and lookup-based de-identification for Dutch medical text, with Dutch name, street and
place lists) and complemented where Deduce misses:

* ``known`` strings (the incident's patient names, birth dates and the names of involved staff):
  whole names and every part of three or more letters (particles such as "van" and "der"
  excepted), case- and diacritic-insensitively; birth dates in every common Dutch notation.
* python-stdnum for BSN (elfproef, with or without spaces, dots or hyphens) and IBAN check digits;
* phonenumbers (``PhoneNumberMatcher``, region NL) for ``+31``/``0031``/spaced numbers;
* small regular expressions for dates, postcodes, street addresses, e-mail addresses, URLs,
  forms of address followed by a name, and ages above 89 ("94-jarige", "een vrouw van 92",
  "mevrouw is 96", "de bewoner, 93,", "(94)" after a person or a name, "95e levensjaar", a birth
  year 90 or more years ago);
* ``incidents.deidentify_names`` for names Deduce misses in lower or upper case ("ik sprak
  anna", "de cliënt, jansen,", "j. de vries", "VAN DIJK"), decided with Deduce's own name and
  word lists and the context.

Disguised identifiers (invisible characters, bidi controls, soft hyphens, Cyrillic or Greek
look-alike letters, full-width forms, "J a n s e n") are found by scanning the text a second
time as ``incidents.normalise`` reads it; their spans still point into the original text.

Loading. Deduce takes ~6 s and ~1.1 GB to load (much longer the first time, when it builds its
lookup cache: build it at install with ``python -m incidents.deidentify --build-cache``). One
instance is loaded per process, never inside a request: ``start_loading_in_background()`` starts
a daemon thread (idempotent) and ``is_ready()`` tells whether it is done. **``scan()`` raises
:class:`CheckerNotReady` when called before the instance is loaded** (the caller shows
"controle wordt voorbereid"); if loading failed it raises :class:`CheckerFailed`, a subclass, so
catching ``CheckerNotReady`` is always safe. Tests and management commands call
``wait_until_ready(timeout)``, which starts loading if needed and blocks.

The cache folder is Deduce's default (inside site-packages) unless the environment variable
``DEDUCE_CACHE_PATH`` names a writable folder.

Nothing here logs the text it scans.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import re
import sys
import threading
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from incidents.normalise import normalise

logger = logging.getLogger(__name__)

__all__ = [
    "KIND_LABELS",
    "CheckerFailed",
    "CheckerNotReady",
    "Finding",
    "Patient",
    "is_ready",
    "label_for",
    "scan",
    "start_loading_in_background",
    "wait_until_ready",
]


# --- Public types -------------------------------------------------------------------------------


class CheckerNotReady(RuntimeError):
    """The checker is still loading: show "controle wordt voorbereid" and let the user retry."""


class CheckerFailed(CheckerNotReady):
    """Loading the checker failed; it will not become ready without a new load attempt."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One identifying span: ``text == original[start:end]``."""

    kind: str
    start: int
    end: int
    text: str

    @property
    def label(self) -> Any:
        return label_for(self.kind)


@dataclass(frozen=True)
class Patient:
    """The incident's patient, handed to Deduce as metadata (its names are also ``known``)."""

    first_names: Sequence[str] = field(default_factory=tuple)
    surname: str = ""


KIND_LABELS = {
    "known": _("bekende naam of geboortedatum"),
    "name": _("naam"),
    "date": _("datum"),
    "bsn": _("BSN"),
    "phone": _("telefoonnummer"),
    "email": _("e-mailadres"),
    "postcode": _("postcode"),
    "address": _("adres"),
    "iban": _("IBAN"),
    "url": _("webadres"),
    "age": _("leeftijd boven 89"),
    "number": _("identificatienummer"),
    "place": _("plaatsnaam"),
    "institution": _("zorginstelling"),
    "other": _("mogelijk identificerend gegeven"),
}


def label_for(kind: str) -> Any:
    """The Dutch label of a finding kind (lazy)."""
    return KIND_LABELS.get(kind, KIND_LABELS["other"])


# --- Loading Deduce once per process ------------------------------------------------------------

_lock = threading.Lock()
_ready = threading.Event()
_deduce: Any = None
_person_cls: Any = None
_thread: threading.Thread | None = None
_lexicon: Any = None
_load_error: BaseException | None = None
_scan_lock = threading.Lock()
# Set in the checker worker, which loads the checker even when DEIDENTIFY_IN_WORKER is on.
_checker_process = False


def _cache_path() -> str | None:
    return os.environ.get("DEDUCE_CACHE_PATH") or None


def _import_deduce() -> tuple[Any, Any]:
    # deduce.deduce calls logging.basicConfig(stream=sys.stdout, level=DEBUG) on import, which
    # would send every library's debug records to stdout. basicConfig does nothing when the root
    # logger has a handler, so lend it one for the duration of the import.
    root = logging.getLogger()
    placeholder = logging.NullHandler()
    root.addHandler(placeholder)
    try:
        from deduce import Deduce
        from deduce.person import Person
    finally:
        root.removeHandler(placeholder)
    return Deduce, Person


def _build_instance(rebuild: bool = False) -> Any:
    deduce_cls, _person = _import_deduce()
    kwargs: dict[str, Any] = {"build_lookup_structs": rebuild}
    if _cache_path():
        kwargs["cache_path"] = _cache_path()
    return deduce_cls(**kwargs)


def _load() -> None:
    global _deduce, _person_cls, _load_error, _lexicon
    started = time.monotonic()
    try:
        instance = _build_instance()
        _deduce_cls, person_cls = _import_deduce()
        from incidents.deidentify_names import Lexicon

        lexicon = Lexicon.from_deduce(instance.lookup_structs)
    except BaseException as error:
        _load_error = error
        logger.exception("Loading the de-identification checker (Deduce) failed")
        return
    _deduce, _person_cls, _lexicon = instance, person_cls, lexicon
    # Deduce's ~4.6 M long-lived objects would make every full collection of this process take
    # seconds (a stop-the-world pause): collect once, then move everything loaded so far out of
    # the collector's reach for good.
    gc.collect()
    gc.freeze()
    _ready.set()
    logger.info(
        "De-identification checker loaded in %.1f s; %d objects frozen",
        time.monotonic() - started,
        gc.get_freeze_count(),
    )


def _loads_elsewhere() -> bool:
    """True in a web process whose checks go to the checker worker (DEIDENTIFY_IN_WORKER)."""
    if _checker_process:
        return False
    from django.conf import settings

    return settings.configured and bool(getattr(settings, "DEIDENTIFY_IN_WORKER", False))


def load_in_this_process() -> bool:
    """The checker worker: load now, blocking, whatever DEIDENTIFY_IN_WORKER says."""
    global _checker_process
    _checker_process = True
    return wait_until_ready()


def loaded_here() -> bool:
    """Whether this process holds a loaded checker."""
    return _ready.is_set()


def start_loading_in_background() -> None:
    """Start loading Deduce in a daemon thread; idempotent (and retries after a failure).

    Does nothing in a process whose checks run in the checker worker: a web process never
    loads the checker (see incidents/checker.py).
    """
    global _thread, _load_error
    if _loads_elsewhere():
        return
    with _lock:
        if _ready.is_set() or (_thread is not None and _thread.is_alive()):
            return
        _load_error = None
        _thread = threading.Thread(target=_load, name="deidentify-loader", daemon=True)
        _thread.start()


def is_ready() -> bool:
    return _ready.is_set()


def wait_until_ready(timeout: float | None = None) -> bool:
    """Start loading if needed and wait until ready; False on timeout or failed load."""
    start_loading_in_background()
    with _lock:
        thread = _thread
    if thread is not None:
        thread.join(timeout)
    return _ready.is_set()


# --- Text helpers -------------------------------------------------------------------------------


def _fold(text: str) -> tuple[str, list[int] | None]:
    """Lower-case, strip diacritics; return the folded text and a map folded index -> original.

    The map is None when folding kept every index (ASCII text).
    """
    if text.isascii():
        return text.lower(), None
    out: list[str] = []
    index: list[int] = []
    for i, char in enumerate(text):
        for part in unicodedata.normalize("NFKD", char):
            if unicodedata.combining(part):
                continue
            for folded in part.casefold():
                out.append(folded)
                index.append(i)
    return "".join(out), index


def _unfold_span(index: list[int] | None, start: int, end: int) -> tuple[int, int]:
    if index is None:
        return start, end
    return index[start], index[end - 1] + 1


_PARTICLES = frozenset(
    ("van", "de", "der", "den", "het", "'t", "te", "ten", "ter", "in", "op", "aan", "bij", "uit",
     "von", "zu", "du", "da", "la", "le", "el", "al", "dos", "des", "del", "di", "vd", "v.d.",
     "v/d")
)  # fmt: skip
_TITLES = (
    r"mevrouw|mevr\.?|mw\.?|mej\.?|meneer|mnr\.?|dhr\.?|de\s+heer|heer|juffrouw|mr\.?|dr\.?|"
    r"drs\.?|ir\.?|ing\.?|prof\.?|zuster|broeder|dokter|tante|oom|opa|oma"
)
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'\u2019]+(?:-[A-ZÀ-ÖØ-Þ]?[a-zà-öø-ÿ'\u2019]+)*"
_PARTICLE_RE = r"(?:van|de|der|den|het|'t|te|ten|ter|in|op|von|du|da|la|le|el|al|vd|v\.d\.)"
_TITLE_NAME_RE = re.compile(
    rf"(?<![\w.])(?i:{_TITLES})\s+(?:[A-Z]\.\s?){{0,4}}(?:(?i:{_PARTICLE_RE})\s+){{0,3}}"
    rf"{_NAME_WORD}(?:\s+{_NAME_WORD})?"
)

_MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "febr": 2, "maart": 3, "mrt": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8,
    "aug": 8, "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_RES = (
    # 3-4-1987, 03/04/1987, 3.4.87
    re.compile(
        r"(?<!\d)(?<!\d[-/.])(?P<d>[0-3]?\d)(?P<s>[-/.])(?P<m>[01]?\d)(?P=s)"
        r"(?P<y>\d{4}|\d{2})(?!\d)(?![-/.]\d)"
    ),
    # 03 04 1987
    re.compile(r"(?<![\d.,])(?P<d>[0-3]?\d) (?P<m>[01]?\d) (?P<y>(?:18|19|20)\d{2})(?![\d.,]\d)"),
    # 1987-04-03, 1987/4/3
    re.compile(
        r"(?<!\d)(?<!\d[-/.])(?P<y>\d{4})(?P<s>[-/.])(?P<m>[01]?\d)(?P=s)(?P<d>[0-3]?\d)"
        r"(?!\d)(?![-/.]\d)"
    ),
    # 3 april 1987, 3 apr. '87, 3-apr-1987, 3e april 1987
    re.compile(
        rf"(?i)(?<![\d.,])(?P<d>[0-3]?\d)(?:e|ste|de)?[\s\-/.]{{0,3}}(?P<mn>{_MONTH_RE})\.?"
        r"[\s\-/.,]{0,3}(?P<y>\d{4}|['\u2019`]\d{2})(?!\d)"
    ),
)


@dataclass(frozen=True, slots=True)
class _DateHit:
    start: int
    end: int
    day: int
    month: int
    year: int
    two_digit_year: bool


def _date_hits(text: str) -> list[_DateHit]:
    hits = []
    for pattern in _DATE_RES:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            day = int(groups["d"])
            month = _MONTHS[groups["mn"].lower()] if groups.get("mn") else int(groups["m"])
            year_text = groups["y"].lstrip("'\u2019`")
            year = int(year_text)
            two_digit = len(year_text) == 2
            full_year = year + 2000 if two_digit else year
            try:
                date(full_year, month, day)
            except ValueError:
                if not two_digit:
                    continue
                try:
                    date(year + 1900, month, day)
                except ValueError:
                    continue
            if not two_digit and not 1800 <= year <= 2199:
                continue
            hits.append(_DateHit(match.start(), match.end(), day, month, year, two_digit))
    return hits


def _parse_known_date(value: str) -> date | None:
    """A known string that is one date in any notation, else None."""
    stripped = value.strip()
    for hit in _date_hits(stripped):
        if hit.start == 0 and hit.end == len(stripped) and not hit.two_digit_year:
            return date(hit.year, hit.month, hit.day)
    return None


# --- Candidate findings -------------------------------------------------------------------------

_PRIORITY = {
    "known": 100, "bsn": 90, "iban": 85, "email": 80, "url": 75, "phone": 70, "postcode": 65,
    "date": 60, "address": 55, "age": 50, "number": 45, "name": 40, "institution": 35,
    "place": 30, "other": 10,
}  # fmt: skip
# Overlapping candidates of these kinds merge into one finding of the higher-priority kind;
# "known" absorbs whatever it overlaps. Other overlaps are trimmed off the lower-priority one.
_MERGEABLE = {
    frozenset({"address", "place"}),
    frozenset({"name", "institution"}),
}

_Candidate = tuple[str, int, int]  # kind, start, end


def _known_candidates(text: str, known: Iterable[str]) -> list[_Candidate]:
    names: set[str] = set()
    dates: set[date] = set()
    for value in known:
        if not isinstance(value, str) or not value.strip():
            continue
        parsed = _parse_known_date(value)
        if parsed is not None:
            dates.add(parsed)
            continue
        folded, _index = _fold(value)
        tokens = [token for token in re.split(r"[\W_]+", folded) if token]
        if not tokens:
            continue
        letters = sum(len(token) for token in tokens)
        if letters >= 2:
            names.add(r"[\W_]{0,3}".join(re.escape(token) for token in tokens))
        if len(tokens) > 1:
            tokens = tokens[:12]
            for first in range(len(tokens)):
                for last in range(first, len(tokens)):
                    # Each part ("Horst"), and each run of parts ending in one ("ter Horst").
                    token = tokens[last]
                    if len(token) < 3 or token in _PARTICLES or token.isdigit():
                        continue
                    run = tokens[first : last + 1]
                    names.add(r"[\W_]{0,3}".join(re.escape(part) for part in run))
    found: list[_Candidate] = []
    if names:
        folded_text, index = _fold(text)
        alternatives = "|".join(sorted(names, key=len, reverse=True))
        pattern = re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])")
        for match in pattern.finditer(folded_text):
            start, end = _unfold_span(index, match.start(), match.end())
            found.append(("known", start, end))
    if dates:
        for hit in _date_hits(text):
            for known_date in dates:
                if (hit.day, hit.month) == (known_date.day, known_date.month) and (
                    hit.year == known_date.year
                    or (hit.two_digit_year and hit.year == known_date.year % 100)
                ):
                    found.append(("known", hit.start, hit.end))
                    break
    return found


_BSN_RE = re.compile(r"(?<!\d)(?<!\d[ .\-])\d(?:[ .\-]?\d){8}(?![ .\-]?\d)")
_IBAN_RE = re.compile(r"(?i)(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}")
_EMAIL_RE = re.compile(r"(?<![\w.+\-%])[\w.+\-%]+@[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,}(?!\w)")
_URL_RE = re.compile(
    r"(?i)(?<![\w@.\-])(?:(?:https?://|www\.)[^\s<>\"'()]+|"
    r"(?:[a-z0-9\-]+\.)+(?:nl|com|org|net|eu|be|de|info|nu|io|care|online)"
    r"(?![\w\-@])(?:/[^\s<>\"'()]*)?)"
)
_POSTCODE_RE = re.compile(
    r"(?<![\w\-])[1-9]\d{3}(?: ?(?!SA|SD|SS|IE|MG|ML|KG|GR|CM|MM|KM)[A-Z]{2}|"
    r"(?!sa|sd|ss|ie|mg|ml|kg|gr|cm|mm|km|mu)[a-z]{2})(?![\w\-])"
)
_STREET_SUFFIX = (
    r"straat|str\.|laan|weg|plein|gracht|kade|singel|dijk|dreef|hof|park|pad|steeg|markt|baan|"
    r"wal|plantsoen|erf|haven|veld|akker|hoek|kamp|dam|dwarsstraat|boulevard|allee|passage|"
    r"ring|kanaal|wetering|vaart|zijde"
)
_ADDRESS_RE = re.compile(
    rf"(?<![\w-])(?:(?:[A-Z][\w'\u2019\-]*|(?i:{_PARTICLE_RE}))\s+){{0,3}}"
    rf"[A-Z][\w'\u2019\-]*(?:{_STREET_SUFFIX})\s+\d{{1,5}}(?:\s?-?\s?[a-zA-Z](?![\w])|-\d{{1,4}}|"
    r"\s?(?:bis|hs|huis|I{1,3}))?(?![\w])"
)
_AGE_RE = re.compile(
    r"(?i)(?<![\d,.])(?P<n>\d{2,3})(?:[,.]5)?\s?-?\s?(?:jaar|jarige?|jr\.?)(?!\w)|"
    r"leeftijd(?:\s+van)?\s*:?\s*(?P<n2>\d{2,3})(?:\s?-?\s?(?:jaar|jr\.?))?(?!\w|[,.]\d)|"
    r"(?<!\w)(?:(?:een|twee|drie|vier|vijf|zes|zeven|acht|negen)[eë]n)?negentig"
    r"(?:[\s\-]?jarige?|\s+jaar)(?!\w)|(?<!\w)honderd\w*?(?:[\s\-]?jarige?|\s+jaar)(?!\w)"
)


_PERSON_WORDS = (
    r"vrouw|man|meneer|mevrouw|heer|dame|patiënte?|cliënte?|bewoner|bewoonster|moeder|vader|"
    r"oma|opa|weduwe|weduwnaar|hij|zij|ze"
)
# A number that is not followed by a unit: "92 kg" and "94 procent" are no age.
_NO_UNIT = (
    r"(?!\w|[,.]\d|/|\s*(?:%|mg|kg|cm|ml|mm|procent|minuten|min|uur|dagen|weken|maanden|"
    r"euro|kilo|meter|keer|maal|punten|slagen|per\b|mmhg))"
)
# "een vrouw van 92": an age after a word for a person, without a unit.
_PERSON_OF_AGE_RE = re.compile(
    rf"(?i)(?<!\w)(?:{_PERSON_WORDS})\s+van\s+(?P<n>\d{{2,3}}){_NO_UNIT}"
)
# "mevrouw is 96", "hij werd vorige maand 90", "meneer is onlangs 90 geworden".
_PERSON_IS_AGE_RE = re.compile(
    rf"(?i)(?<!\w)(?:{_PERSON_WORDS})\s+(?:is|werd|wordt|was)\s+(?:[a-z]+\s+){{0,2}}?"
    rf"(?P<n>\d{{2,3}}){_NO_UNIT}"
)
# "de bewoner, 93, kreeg": an age in apposition to a word for a person.
_PERSON_COMMA_AGE_RE = re.compile(
    rf"(?i)(?<!\w)(?:{_PERSON_WORDS}),\s*(?P<n>\d{{2,3}})\s*(?=[,;)])"
)
# "(94)" or "(94 jr)" right after a word for a person or a name (checked in _candidates).
_PAREN_AGE_RE = re.compile(r"\(\s*(?P<n>\d{2,3})(?:\s*(?:jaar|jr\.?|j\.?))?\s*\)")
_PERSON_BEFORE_RE = re.compile(rf"(?i)(?<!\w)(?:{_PERSON_WORDS})\s*\Z")
# "in haar 95e levensjaar", "zijn 100ste verjaardag".
_ORDINAL_AGE_RE = re.compile(
    r"(?i)(?<!\d)(?P<n>\d{2,3})(?:e|ste|de)\s+(?:levensjaar|verjaardag)(?!\w)"
)
# "geboren in 1931", "geboortejaar 1931", "(geb. 1931)": a birth year that makes one over 89.
_BIRTH_YEAR_RE = re.compile(
    r"(?i)(?<!\w)(?:geboren(?:\s+in)?|geboortejaar:?|geb\.(?:\s+in)?)"
    r"\s*(?P<year>1[89]\d{2})(?![\d\-/.]\d)"
)


# Every age pattern below needs one of these numbers: 90-99, 100-199 or a year 1000-1999.
_AGE_NUMBER_RE = re.compile(r"(?<!\d)(?:9\d|1\d{2,3})(?!\d)")


def _age_candidates(text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    if not _AGE_NUMBER_RE.search(text):
        return found
    for pattern in (
        _PERSON_OF_AGE_RE,
        _PERSON_IS_AGE_RE,
        _PERSON_COMMA_AGE_RE,
        _ORDINAL_AGE_RE,
    ):
        for match in pattern.finditer(text):
            if int(match.group("n")) >= 90:
                found.append(("age", match.start("n"), match.end("n")))
    this_year = date.today().year
    for match in _BIRTH_YEAR_RE.finditer(text):
        if this_year - int(match.group("year")) >= 90:
            found.append(("age", match.start("year"), match.end("year")))
    return found


def _paren_ages(text: str, candidates: list[_Candidate]) -> list[_Candidate]:
    """ "(94)" after a word for a person or after a name found in ``candidates``."""
    found: list[_Candidate] = []
    if "(" not in text:
        return found
    for match in _PAREN_AGE_RE.finditer(text):
        if int(match.group("n")) < 90:
            continue
        before = text[max(0, match.start() - 20) : match.start()]
        gap = len(before) - len(before.rstrip())
        after_name = any(
            kind in ("name", "known") and match.start() - gap - 1 <= end <= match.start()
            for kind, _start, end in candidates
        )
        if after_name or _PERSON_BEFORE_RE.search(before):
            found.append(("age", match.start("n"), match.end("n")))
    return found


def _name_lexicon() -> Any:
    """Deduce's name and word lists as sets for ``incidents.deidentify_names`` (built once)."""
    global _lexicon
    if _lexicon is None:
        from incidents.deidentify_names import Lexicon

        _lexicon = Lexicon.from_deduce(_deduce.lookup_structs)
    return _lexicon


def _lower_case_names(text: str) -> list[_Candidate]:
    # Needs Deduce's lists: the checker's additions measured alone (Deduce not loaded) go without.
    if getattr(_deduce, "lookup_structs", None) is None:
        return []
    from incidents.deidentify_names import lower_case_names

    return lower_case_names(text, _name_lexicon())


_DATE_LIKE_RE = re.compile(r"\d{1,2}([-/.])\d{1,2}\1\d{4}|\d{4}-\d{2}-\d{2}")


def _regex_candidates(text: str) -> list[_Candidate]:
    from phonenumbers import Leniency, PhoneNumberMatcher
    from stdnum import iban as stdnum_iban
    from stdnum.nl import bsn as stdnum_bsn

    found: list[_Candidate] = []
    for match in _BSN_RE.finditer(text):
        if stdnum_bsn.is_valid(re.sub(r"\D", "", match.group())):
            found.append(("bsn", match.start(), match.end()))
    for match in _IBAN_RE.finditer(text):
        candidate = match.group()
        # The greedy match may run into the following word: try shorter prefixes too.
        for end in range(len(candidate), 14, -1):
            prefix = candidate[:end]
            if prefix.endswith(" ") or (end < len(candidate) and candidate[end].isalnum()):
                continue
            if stdnum_iban.is_valid(prefix):
                found.append(("iban", match.start(), match.start() + end))
                break
    try:
        for phone in PhoneNumberMatcher(text, "NL", leniency=Leniency.VALID):
            # "09-09-2000" is a valid number to phonenumbers; written like that it is a date.
            if not _DATE_LIKE_RE.fullmatch(phone.raw_string.strip()):
                found.append(("phone", phone.start, phone.end))
    except Exception:  # phonenumbers must never take the checker down
        logger.warning("phonenumbers failed on a text; phone numbers come from Deduce only")
    for match in _EMAIL_RE.finditer(text):
        found.append(("email", match.start(), match.end()))
    for match in _URL_RE.finditer(text):
        end = match.end()
        while end > match.start() and text[end - 1] in ".,;:!?":
            end -= 1
        found.append(("url", match.start(), end))
    for match in _POSTCODE_RE.finditer(text):
        found.append(("postcode", match.start(), match.end()))
    for match in _ADDRESS_RE.finditer(text):
        start = match.start()
        words = match.group().split()
        # Drop a leading capitalised sentence word that is not part of the street name.
        if len(words) > 2 and words[0].lower() in _SENTENCE_STARTERS:
            start = text.index(words[1], start + len(words[0]))
        found.append(("address", start, match.end()))
    for hit in _date_hits(text):
        found.append(("date", hit.start, hit.end))
    for match in _AGE_RE.finditer(text):
        number = match.group("n") or match.group("n2")
        if number is None or int(number) >= 90:
            found.append(("age", match.start(), match.end()))
    found.extend(_age_candidates(text))
    for match in _TITLE_NAME_RE.finditer(text):
        found.append(("name", match.start(), match.end()))
    found.extend(_lower_case_names(text))
    # Nine digits at the end of a longer phone number ("+31 (0)76 5737498") can pass the BSN
    # check by chance: inside a phone number they are the phone number.
    phones = [(s, e) for kind, s, e in found if kind == "phone"]
    return [
        c
        for c in found
        if c[0] != "bsn"
        or not any(s <= c[1] and c[2] <= e and e - s > c[2] - c[1] for s, e in phones)
    ]


_SENTENCE_STARTERS = frozenset(
    ("in", "op", "aan", "bij", "naar", "via", "uit", "de", "het", "een", "hij", "zij", "ze", "we",
     "wij", "ik", "cliënt", "cliënte", "patiënt", "patiënte", "woont", "wonend", "adres", "thuis")
)  # fmt: skip


# Care roles, teams and kinds of service that Deduce takes for an institution when they are
# capitalised ("de Wijkverpleging", "de Diëtist"): they name no one.
_GENERIC_CARE_WORDS = frozenset(
    ("wijkverpleging", "wijkverpleegkundige", "thuiszorg", "diëtist", "dietist", "apotheek",
     "apotheker", "huisarts", "huisartsenpost", "huisartsenpraktijk", "ergotherapeut",
     "fysiotherapeut", "fysiotherapie", "logopedist", "praktijkondersteuner", "crisisdienst",
     "crisisteam", "wijkteam", "ggz", "spoedeisende", "hulp", "eerste", "polikliniek",
     "verpleeghuis", "ziekenhuis", "specialist", "ouderengeneeskunde", "psycholoog",
     "psychiater", "verloskundige", "kraamzorg", "tandarts", "mondhygiënist", "podotherapeut",
     "team", "afdeling", "sociaal", "maatschappelijk", "werk", "jeugdzorg", "dagbesteding",
     "fact", "act", "ambulant", "ambulante")
)  # fmt: skip


def _generic_care_term(span_text: str) -> bool:
    words = [w for w in re.split(r"[\s\-]+", span_text.casefold()) if w]
    words = [w for w in words if w not in ("de", "het", "een", "van", "en")]
    return bool(words) and all(word in _GENERIC_CARE_WORDS for word in words)


def _deduce_kind(tag: str, span_text: str) -> str | None:
    tag = tag.lower()
    if "patient" in tag:
        return "known"
    if "persoon" in tag or "naam" in tag:
        return "name"
    if tag == "datum":
        return "date"
    if tag == "leeftijd":
        numbers = [float(n.replace(",", ".")) for n in re.findall(r"\d+(?:[.,]\d+)?", span_text)]
        return "age" if numbers and max(numbers) >= 90 else None
    if tag == "bsn":
        return "bsn"
    if tag == "id":
        return "number"
    if tag == "telefoonnummer":
        return "phone"
    if tag == "emailadres":
        return "email"
    if tag == "url":
        return "url"
    if tag in ("locatie", "straat") or "huisnummer" in tag:
        if _POSTCODE_RE.fullmatch(span_text.strip()):
            return "postcode"
        if re.fullmatch(r"\d{4}\s?[A-Za-z]{2}", span_text.strip()):
            return None  # "1000 IE", "500 MG": a dose, not a postcode
        return "address" if any(char.isdigit() for char in span_text) else "place"
    if tag in ("ziekenhuis", "zorginstelling"):
        return None if _generic_care_term(span_text) else "institution"
    if tag.startswith("pseudo"):
        return None
    return "other"


def _deduce_candidates(text: str, patient: Patient | None) -> list[_Candidate]:
    metadata: dict[str, Any] = {}
    if patient is not None and (patient.first_names or patient.surname):
        metadata["patient"] = _person_cls(
            first_names=[name for name in patient.first_names if name] or None,
            surname=patient.surname or None,
        )
    with _scan_lock:
        document = _deduce.deidentify(text, metadata=metadata or None)
    found = []
    for annotation in document.annotations:
        kind = _deduce_kind(annotation.tag, annotation.text)
        if kind is not None:
            found.append((kind, annotation.start_char, annotation.end_char))
    return found


# --- Resolving overlaps -------------------------------------------------------------------------


def _meaningful(text: str, kind: str) -> bool:
    alnum = sum(char.isalnum() for char in text)
    if alnum < 2:
        return False
    if kind == "name":
        words = [word.strip(".").lower() for word in text.split()]
        titles = re.compile(rf"(?i:{_TITLES}|{_PARTICLE_RE})\Z")
        if all(titles.match(word + ".") or titles.match(word) for word in words):
            return False
    return True


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


def _resolve(
    text: str, candidates: list[_Candidate], preferred: Sequence[_Candidate] = ()
) -> list[Finding]:
    """Place candidates by priority, all ``preferred`` ones before the others."""
    accepted: list[list[Any]] = []  # [kind, start, end]

    def by_priority(group: Sequence[_Candidate]) -> list[_Candidate]:
        return sorted(
            (c for c in group if 0 <= c[1] < c[2] <= len(text)),
            key=lambda c: (-_PRIORITY.get(c[0], 0), -(c[2] - c[1]), c[1]),
        )

    queue = [*by_priority(preferred), *by_priority(candidates)]

    def place(kind: str, start: int, end: int) -> None:
        overlapping = [a for a in accepted if a[1] < end and start < a[2]]
        if not overlapping:
            accepted.append([kind, start, end])
            return
        blocking = [
            a
            for a in overlapping
            if not (
                a[0] == kind or "known" in (a[0], kind) or frozenset((a[0], kind)) in _MERGEABLE
            )
        ]
        if not blocking:
            union_kind = max([kind] + [a[0] for a in overlapping], key=lambda k: _PRIORITY[k])
            union_start = min([start] + [a[1] for a in overlapping])
            union_end = max([end] + [a[2] for a in overlapping])
            for a in overlapping:
                accepted.remove(a)
            accepted.append([union_kind, union_start, union_end])
            return
        # Cut the blocking spans out of the candidate and place what remains.
        pieces = [(start, end)]
        for a in blocking:
            next_pieces = []
            for piece_start, piece_end in pieces:
                if a[2] <= piece_start or piece_end <= a[1]:
                    next_pieces.append((piece_start, piece_end))
                    continue
                if piece_start < a[1]:
                    next_pieces.append((piece_start, a[1]))
                if a[2] < piece_end:
                    next_pieces.append((a[2], piece_end))
            pieces = next_pieces
        for piece_start, piece_end in pieces:
            piece_start, piece_end = _trim(text, piece_start, piece_end)
            piece = text[piece_start:piece_end]
            if piece_end <= piece_start or not _meaningful(piece, kind):
                continue
            piece_kind = kind
            if kind in ("address", "place"):
                piece_kind = "address" if any(char.isdigit() for char in piece) else "place"
            place(piece_kind, piece_start, piece_end)

    for kind, start, end in queue:
        place(kind, start, end)
    accepted.sort(key=lambda a: (a[1], a[2]))
    return [Finding(kind, start, end, text[start:end]) for kind, start, end in accepted]


# --- The checker --------------------------------------------------------------------------------


def scan(text: str, known: Iterable[str] = (), *, patient: Patient | None = None) -> list[Finding]:
    """Find identifying spans in ``text``; raises CheckerNotReady until Deduce is loaded.

    ``known``: the incident's patient names and birth dates and the names of involved staff.
    ``patient``: the incident's patient, passed to Deduce as metadata; its names count as known.
    """
    if not _ready.is_set():
        if _load_error is not None:
            raise CheckerFailed("the de-identification checker failed to load") from None
        raise CheckerNotReady("the de-identification checker is still loading")
    if not isinstance(text, str) or not text:
        return []
    known_values = [value for value in known if isinstance(value, str)]
    if patient is not None:
        known_values.extend(patient.first_names)
        if patient.surname:
            known_values.append(patient.surname)
            known_values.append(" ".join([*patient.first_names, patient.surname]))
    known_values = [normalise(value).text for value in known_values]
    candidates = _candidates(text, known_values, patient)
    normalised = normalise(text)
    if normalised.text == text:
        return _resolve(text, candidates)
    # An identifier disguised by invisible characters, look-alike letters, full-width forms or
    # spaced letters is found in the normalised text and reported in the original. Where the two
    # readings disagree, the normalised one (what a reader sees) wins: "0<ZWSP>612345678" is a
    # phone number, not a zero and a BSN.
    seen = [
        (kind, *normalised.original_span(start, end))
        for kind, start, end in _candidates(normalised.text, known_values, patient)
    ]
    return _resolve(text, candidates, preferred=seen)


def _candidates(text: str, known: list[str], patient: Patient | None) -> list[_Candidate]:
    candidates = _known_candidates(text, known)
    candidates += _regex_candidates(text)
    try:
        candidates += _deduce_candidates(text, patient)
    except Exception as error:
        # Deduce failing on some exotic input must not hide what the validators found, and
        # must not pass a text unchecked: report the whole text as one finding.
        logger.warning("Deduce failed on a text (%s); flagging it whole", type(error).__name__)
        candidates.append(("other", 0, len(text)))
    return candidates + _paren_ages(text, candidates)


def scan_without_deduce(text: str, known: Iterable[str] = ()) -> list[Finding]:
    """The checker's own additions alone, for measurement: known strings, validators, regexes,
    and (once Deduce is loaded, for its word lists) the lower-case name rules; not Deduce's
    annotator."""
    if not text:
        return []
    candidates = _known_candidates(text, known) + _regex_candidates(text)
    return _resolve(text, candidates + _paren_ages(text, candidates))


def deduce_only(text: str, patient: Patient | None = None) -> list[Finding]:
    """Deduce's own findings, mapped to our kinds; for measurement. Needs the checker ready."""
    if not _ready.is_set():
        raise CheckerNotReady("the de-identification checker is still loading")
    if not text:
        return []
    return _resolve(text, _deduce_candidates(text, patient))


# --- Command line: build the cache at install ---------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m incidents.deidentify",
        description="Build (or check) Deduce's lookup cache so that later loads take seconds.",
    )
    parser.add_argument(
        "--build-cache", action="store_true", help="load Deduce, building its cache if missing"
    )
    parser.add_argument(
        "--rebuild", action="store_true", help="rebuild the cache even if it is up to date"
    )
    args = parser.parse_args(argv)
    if not (args.build_cache or args.rebuild):
        parser.print_help()
        return 2
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    # Deduce validates its cache by comparing the source lists' mtimes, read as naive local
    # time, with the naive local time it saved at build. A server whose time zone lies east of
    # the builder's (Django sets TZ from TIME_ZONE) would then find a fresh cache "stale" and
    # rebuild it at start-up. Building at UTC+14, the easternmost offset, keeps it valid for
    # every time zone.
    os.environ["TZ"] = "<+14>-14"
    time.tzset()
    started = time.monotonic()
    _build_instance(rebuild=args.rebuild)
    where = _cache_path() or "the deduce package folder"
    print(f"Deduce lookup cache ready in {where} ({time.monotonic() - started:.1f} s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
