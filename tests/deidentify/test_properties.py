"""Property tests of the de-identification checker (hypothesis; modest example counts)."""

import unicodedata
from datetime import date

import phonenumbers
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from stdnum.nl import bsn as stdnum_bsn

from .test_checker import _kinds_covering, assert_well_formed

SETTINGS = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

SENTENCES = [
    "Tijdens het consult werd {} hardop genoemd in de wachtkamer.",
    "De assistente noteerde {} in het verkeerde dossier.",
    "{} stond op de verwijsbrief die bij de buren terechtkwam.",
    "Na de behandeling (zie {}) is de fout besproken.",
]


@SETTINGS
@given(text=st.text(max_size=400), known=st.lists(st.text(max_size=30), max_size=4))
def test_never_raises_and_offsets_are_valid(checker, text, known):
    assert_well_formed(text, checker.scan(text, known))


@SETTINGS
@given(
    text=st.lists(
        st.sampled_from(
            [
                "Mevrouw",
                "de",
                "van",
                "Jansen",
                "3-4-1987",
                "06-1234",
                "5678",
                "1234",
                "AB",
                "@",
                "www.",
                ".nl",
                "jaar",
                "93",
                "NL91",
                "ABNA",
                " ",
                ", ",
                "\n",
                "straat",
                "12",
            ]
        ),
        max_size=40,
    ).map("".join)
)
def test_identifier_like_fragments_never_break_it(checker, text):
    assert_well_formed(text, checker.scan(text, ["Jansen", "3 april 1987"]))


# --- BSN ----------------------------------------------------------------------------------------


@st.composite
def bsns(draw):
    """A random valid BSN: eight random digits and the check digit the elfproef demands."""
    first = draw(st.integers(1, 9))
    rest = draw(st.lists(st.integers(0, 9), min_size=7, max_size=7))
    digits = [first, *rest]
    check = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
    assume(check != 10)
    number = "".join(map(str, digits)) + str(check)
    assert stdnum_bsn.is_valid(number)
    return number


BSN_FORMATS = [
    lambda n: n,
    lambda n: f"{n[:3]} {n[3:6]} {n[6:]}",
    lambda n: f"{n[:3]}.{n[3:6]}.{n[6:]}",
    lambda n: f"{n[:4]}.{n[4:6]}.{n[6:]}",
    lambda n: f"{n[:4]} {n[4:6]} {n[6:]}",
    lambda n: f"{n[:2]}.{n[2:4]}.{n[4:6]}.{n[6:]}",
]


@SETTINGS
@given(number=bsns(), fmt=st.sampled_from(BSN_FORMATS), sentence=st.sampled_from(SENTENCES))
def test_planted_bsn_is_found(checker, number, fmt, sentence):
    planted = fmt(number)
    text = sentence.format(f"BSN {planted}")
    start = text.index(planted)
    assert _kinds_covering(checker.scan(text), start, start + len(planted)) == {"bsn"}


# --- Phone numbers -------------------------------------------------------------------------------

AREA_CODES = ["10", "13", "15", "20", "23", "24", "26", "30", "33", "35", "38", "40", "43",
              "45", "50", "53", "55", "58", "70", "71", "72", "73", "76", "78", "79", "111",
              "162", "183", "226", "251", "318", "341", "413", "475", "511", "541",
              "592"]  # fmt: skip


@st.composite
def phone_numbers(draw):
    """(area, subscriber) of a random valid Dutch mobile or landline number."""
    if draw(st.booleans()):
        area = "6"
        subscriber = str(draw(st.integers(1, 5))) + draw(st.from_regex(r"\A\d{7}\Z"))
    else:
        area = draw(st.sampled_from(AREA_CODES))
        length = 9 - len(area)
        subscriber = str(draw(st.integers(2, 9))) + draw(st.from_regex(rf"\A\d{{{length - 1}}}\Z"))
    parsed = phonenumbers.parse(f"0{area}{subscriber}", "NL")
    assume(phonenumbers.is_valid_number(parsed))
    return area, subscriber


def _grouped(digits, sizes):
    parts, position = [], 0
    for size in sizes:
        if position < len(digits):
            parts.append(digits[position : position + size])
            position += size
    if position < len(digits):
        parts.append(digits[position:])
    return " ".join(parts)


PHONE_FORMATS = [
    lambda a, s: f"0{a}{s}",
    lambda a, s: f"0{a}-{s}",
    lambda a, s: f"0{a} {s}",
    lambda a, s: f"(0{a}) {s}",
    lambda a, s: f"0{a} {_grouped(s, [2, 2, 2, 2])}",
    lambda a, s: f"0{a} - {_grouped(s, [3, 2, 2])}",
    lambda a, s: f"+31 {a} {s}",
    lambda a, s: f"+31{a}{s}",
    lambda a, s: f"+31 (0){a} {s}",
    lambda a, s: f"+31 {a} {_grouped(s, [4, 4])}",
    lambda a, s: f"0031 {a} {s}",
    lambda a, s: f"0031-{a}-{s}",
    lambda a, s: f"0031 {a} {_grouped(s, [3, 2, 2])}",
]


@SETTINGS
@given(
    number=phone_numbers(), fmt=st.sampled_from(PHONE_FORMATS), sentence=st.sampled_from(SENTENCES)
)
def test_planted_phone_number_is_found(checker, number, fmt, sentence):
    planted = fmt(*number)
    text = sentence.format(f"telefoonnummer {planted}")
    start = text.index(planted)
    kinds = _kinds_covering(checker.scan(text), start, start + len(planted))
    assert kinds is not None and "phone" in kinds, (planted, kinds)


# --- Dates ----------------------------------------------------------------------------------------

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december"]  # fmt: skip
ABBREVIATIONS = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov",
                 "dec"]  # fmt: skip
DATE_FORMATS = [
    lambda d: f"{d.day}-{d.month}-{d.year}",
    lambda d: f"{d.day:02d}-{d.month:02d}-{d.year}",
    lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    lambda d: f"{d.day}/{d.month}/{d.year}",
    lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}",
    lambda d: f"{d.day} {ABBREVIATIONS[d.month - 1]}. {d.year}",
    lambda d: f"{d.year}-{d.month:02d}-{d.day:02d}",
]
DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))


@SETTINGS
@given(day=DATES, fmt=st.sampled_from(DATE_FORMATS), sentence=st.sampled_from(SENTENCES))
def test_planted_date_is_found(checker, day, fmt, sentence):
    planted = fmt(day)
    text = sentence.format(f"de datum {planted}")
    start = text.index(planted)
    kinds = _kinds_covering(checker.scan(text), start, start + len(planted))
    assert kinds == {"date"}, (planted, kinds)


@SETTINGS
@given(
    day=DATES,
    known_fmt=st.sampled_from(DATE_FORMATS),
    written_fmt=st.sampled_from(DATE_FORMATS),
    sentence=st.sampled_from(SENTENCES),
)
def test_known_date_in_one_notation_is_found_in_another(
    checker, day, known_fmt, written_fmt, sentence
):
    planted = written_fmt(day)
    text = sentence.format(f"geboortedatum {planted}")
    start = text.index(planted)
    kinds = _kinds_covering(checker.scan(text, [known_fmt(day)]), start, start + len(planted))
    assert kinds == {"known"}, (known_fmt(day), planted, kinds)


# --- Known names ----------------------------------------------------------------------------------

LETTERS = "abcdefghijklmnopqrstuvwxyzéëèïöüçñ"
# Parts of three letters or more that are particles, never matched alone as a known name.
PARTICLES = {"van", "der", "den", "ter", "ten", "het", "aan", "bij", "uit", "von", "dos", "des",
             "del"}  # fmt: skip


def _without_diacritics(part):
    return unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode()


# "dèr" is the particle "der" to the checker too (found by hypothesis).
NAME_PARTS = st.text(alphabet=LETTERS, min_size=3, max_size=12).filter(
    lambda part: _without_diacritics(part) not in PARTICLES
)


@SETTINGS
@given(
    first=NAME_PARTS,
    last=NAME_PARTS,
    which=st.sampled_from(["whole", "first", "last"]),
    case=st.sampled_from([str.lower, str.upper, str.title]),
    sentence=st.sampled_from(SENTENCES),
)
def test_planted_known_name_is_found(checker, first, last, which, case, sentence):
    known = f"{first.title()} van {last.title()}"
    planted = case({"whole": known, "first": first, "last": last}[which])
    text = sentence.format(f"de naam {planted}")
    start = text.index(planted)
    kinds = _kinds_covering(checker.scan(text, [known]), start, start + len(planted))
    assert kinds == {"known"}, (known, planted, kinds)
