"""The checker sees through disguised identifiers and reports them in the original text.

A disguise is what someone (or a copy-paste) does to an identifier so that it no longer matches
letter for letter: invisible characters inserted, letters swapped for look-alikes from other
scripts, full-width forms, letters spaced or dotted out. Every finding must still cover all the
characters that formed the identifier, so that highlighting and redaction take all of it.
"""

import itertools
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidents.normalise import normalise

from .test_checker import assert_well_formed
from .test_properties import NAME_PARTS, SENTENCES, bsns

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

INVISIBLES = [
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u2060",  # word joiner
    "\ufeff",  # byte-order mark / zero-width no-break space
    "\u00ad",  # soft hyphen
    "\u200e",  # left-to-right mark
    "\u200f",  # right-to-left mark
    "\u202a",  # left-to-right embedding
    "\u202e",  # right-to-left override
    "\u202c",  # pop directional formatting
    "\u2066",  # left-to-right isolate
    "\u2069",  # pop directional isolate
    "\u034f",  # combining grapheme joiner
    "\ufe0f",  # variation selector
]

# Cyrillic and Greek letters that look like a Latin one (written as escapes: they are the point).
LOOK_ALIKES = {
    "a": ["\u0430", "\u03b1"],
    "c": ["\u0441"],
    "e": ["\u0435"],
    "i": ["\u0456", "\u03b9"],
    "j": ["\u0458"],
    "o": ["\u043e", "\u03bf"],
    "p": ["\u0440", "\u03c1"],
    "s": ["\u0455"],
    "x": ["\u0445"],
    "y": ["\u0443"],
    "v": ["\u03bd"],
    "ë": ["\u0451"],
    "ï": ["\u0457"],
    "A": ["\u0410", "\u0391"],
    "B": ["\u0412", "\u0392"],
    "C": ["\u0421"],
    "E": ["\u0415", "\u0395"],
    "H": ["\u041d", "\u0397"],
    "I": ["\u0406", "\u0399"],
    "J": ["\u0408"],
    "K": ["\u041a", "\u039a"],
    "M": ["\u041c", "\u039c"],
    "N": ["\u039d"],
    "O": ["\u041e", "\u039f"],
    "P": ["\u0420", "\u03a1"],
    "S": ["\u0405"],
    "T": ["\u0422", "\u03a4"],
    "X": ["\u0425", "\u03a7"],
    "Y": ["\u03a5"],
    "Z": ["\u0396"],
}


def full_width(char):
    """The full-width form of a printable ASCII character (U+FF01..U+FF5E), else the character."""
    return chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else char


def _covering(findings, start, end):
    """The one finding that covers [start, end) whole, or None."""
    return next((f for f in findings if f.start <= start and end <= f.end), None)


def assert_found_whole(text, findings, disguised, *kinds):
    """A finding of one of ``kinds`` covers the disguised identifier; its span round-trips."""
    assert_well_formed(text, findings)
    start = text.index(disguised)
    finding = _covering(findings, start, start + len(disguised))
    assert finding is not None, (disguised, [(f.kind, f.text) for f in findings])
    assert finding.kind in kinds, (disguised, finding)
    assert disguised in text[finding.start : finding.end]


# --- Disguises, as hypothesis strategies ----------------------------------------------------------


@st.composite
def look_alikes(draw, value):
    """``value`` with some letters swapped for a Cyrillic or Greek look-alike."""
    return "".join(
        draw(st.sampled_from(LOOK_ALIKES[char]))
        if char in LOOK_ALIKES and draw(st.booleans())
        # Hypothesis shrinks towards False: unswapped letters are the simple case.
        else char
        for char in value
    )


@st.composite
def full_widths(draw, value):
    """``value`` with some characters in their full-width form."""
    return "".join(full_width(char) if draw(st.booleans()) else char for char in value)


@st.composite
def spaced(draw, value):
    """``value`` with a separator between every two letters or digits.

    Names are spaced or dotted out; numbers only spaced out (a dot or hyphen between digits is
    part of the number's own notation).
    """
    names = value.replace(" ", "").isalpha()
    separator = draw(st.sampled_from([" ", ".", ". ", "-", "_", "\u00b7"] if names else [" "]))
    chars = [value[0]]
    for previous, char in itertools.pairwise(value):
        if previous.isalnum() and char.isalnum():
            chars.append(separator)
        chars.append(char)
    return "".join(chars)


@st.composite
def with_invisibles(draw, value):
    """``value`` with one to six invisible characters inserted anywhere, the ends included."""
    chars = list(value)
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(chars)))
        chars.insert(position, draw(st.sampled_from(INVISIBLES)))
    return "".join(chars)


@st.composite
def disguised(draw, value, *, letters=True, spacing=True):
    """``value`` in one or more disguises, always at least one."""
    kinds = draw(
        st.sets(
            st.sampled_from(
                ["invisible", "full-width"]
                + (["look-alike"] if letters else [])
                + (["spaced"] if spacing else [])
            ),
            min_size=1,
        )
    )
    original = value
    if "look-alike" in kinds:
        value = draw(look_alikes(value))
    if "spaced" in kinds:
        value = draw(spaced(value))
    if "full-width" in kinds:
        value = draw(full_widths(value))
    if "invisible" in kinds or value == original:
        value = draw(with_invisibles(value))
    return value


# --- Known names ----------------------------------------------------------------------------------


@SETTINGS
@given(
    data=st.data(),
    first=NAME_PARTS,
    last=NAME_PARTS,
    which=st.sampled_from(["whole", "first", "last"]),
    sentence=st.sampled_from(SENTENCES),
)
def test_disguised_known_name_is_found_whole(checker, data, first, last, which, sentence):
    known = f"{first.title()} van {last.title()}"
    planted = {"whole": known, "first": first.title(), "last": last.title()}[which]
    disguise = data.draw(disguised(planted))
    text = sentence.format(f"de naam {disguise}")
    assert_found_whole(text, checker.scan(text, [known]), disguise, "known")


@pytest.mark.parametrize(
    "disguise",
    [
        "J\u200ban\u200dse\u2060n",  # zero-width space, joiner, word joiner
        "\ufeffJansen",  # byte-order mark in front
        "Jansen\u200c",  # zero-width non-joiner behind
        "Jan\u00adsen",  # soft hyphen
        "\u202eJansen\u202c",  # right-to-left override and pop
        "\u2066Jan\u200fsen\u2069",  # isolate, right-to-left mark
        "J\u0430ns\u0435n",  # Cyrillic a and e
        "\u0408\u03b1nsen",  # Cyrillic J, Greek alpha
        "\uff2a\uff41\uff4e\uff53\uff45\uff4e",  # full-width
        "\U0001d409\U0001d41a\U0001d427\U0001d42c\U0001d41e\U0001d427",  # mathematical bold
        "J a n s e n",
        "J.a.n.s.e.n",
        "J. a. n. s. e. n.",
        "J-a-n-s-e-n",
        "J\u200b a n s\u00ad e n",  # spaced and invisible
    ],
)
def test_each_disguise_of_a_known_name_is_found_exactly(checker, disguise):
    text = f"Tijdens het consult werd {disguise} hardop genoemd in de wachtkamer."
    findings = checker.scan(text, ["Jansen"])
    known = [f.text for f in findings if f.kind == "known"]
    # The finding is exactly the disguised name: every character that formed it, nothing more
    # (a trailing dot of "J. a. n. s. e. n." ends the abbreviation-like spelling, not the name).
    assert known == [disguise.removesuffix(".")], findings


def test_disguised_letters_in_a_known_name_with_diacritics(checker):
    # Cyrillic io (looks like e-diaeresis) and Cyrillic yi (looks like i-diaeresis).
    disguise = "Pi\u0451tersen-No\u0457"
    text = f"De brief van {disguise} lag op de balie."
    assert_found_whole(text, checker.scan(text, ["Piëtersen-Noïs"]), disguise, "known")


@SETTINGS
@given(day=st.dates(date(1920, 1, 1), date(2020, 12, 31)), data=st.data())
def test_disguised_known_birth_date_is_found(checker, day, data):
    written = data.draw(disguised(f"{day.day:02d}-{day.month:02d}-{day.year}", letters=False))
    text = f"Op het etiket stond geboortedatum {written}, van een andere cliënt."
    findings = checker.scan(text, ["Karin Smits", f"{day.day} {day.month} {day.year}"])
    assert_found_whole(text, findings, written, "known")


# --- Names of other people ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["Hoe\u200bkstra", "H\u043eekstr\u0430", "H o e k s t r a", "\uff28oekstra"]
)
def test_disguised_name_after_a_form_of_address_is_a_name(checker, name):
    text = f"Mevrouw {name} had de oefeningen niet begrepen."
    assert_found_whole(text, checker.scan(text), name, "name")


# --- Structured identifiers -----------------------------------------------------------------------


@SETTINGS
@given(number=bsns(), data=st.data(), sentence=st.sampled_from(SENTENCES))
def test_disguised_bsn_is_found(checker, number, data, sentence):
    planted = data.draw(disguised(number, letters=False))
    text = sentence.format(f"BSN {planted}")
    assert_found_whole(text, checker.scan(text), planted, "bsn")


MOBILE = st.from_regex(r"\A06[1-5][0-9]{7}\Z")


@SETTINGS
@given(number=MOBILE, data=st.data(), sentence=st.sampled_from(SENTENCES))
def test_disguised_phone_number_is_found(checker, number, data, sentence):
    written = data.draw(st.sampled_from([number, f"{number[:2]}-{number[2:]}"]))
    planted = data.draw(disguised(written, letters=False))
    text = sentence.format(f"telefoonnummer {planted}")
    assert_found_whole(text, checker.scan(text), planted, "phone")


LOCAL_PARTS = st.from_regex(r"\A[a-z]{3,10}(\.[a-z]{3,8})?\Z")
DOMAINS = st.sampled_from(["voorbeeld.nl", "zorgpost.nl", "huisarts-west.nl", "mail.com"])


@SETTINGS
@given(local=LOCAL_PARTS, domain=DOMAINS, data=st.data(), sentence=st.sampled_from(SENTENCES))
def test_disguised_email_address_is_found(checker, local, domain, data, sentence):
    planted = data.draw(disguised(f"{local}@{domain}", spacing=False))
    text = sentence.format(f"het adres {planted}")
    assert_found_whole(text, checker.scan(text), planted, "email")


@SETTINGS
@given(day=st.dates(date(1900, 1, 1), date(2099, 12, 31)), data=st.data())
def test_disguised_date_is_found(checker, day, data):
    written = data.draw(
        st.sampled_from(
            [f"{day.day:02d}-{day.month:02d}-{day.year}", f"{day.day}/{day.month}/{day.year}"]
        )
    )
    planted = data.draw(disguised(written, letters=False))
    text = f"De fout gebeurde op {planted} tijdens de nachtdienst."
    # Spaced out, some dates are also valid phone numbers ("0 9-0 9-2 0 0 0"); found either way.
    assert_found_whole(text, checker.scan(text), planted, "date", "phone")


@SETTINGS
@given(
    digits=st.integers(1000, 9999),
    letters=st.sampled_from(["AB", "BC", "HJ", "LP", "XR", "TZ", "EK", "PB"]),
    data=st.data(),
)
def test_disguised_postcode_is_found(checker, digits, letters, data):
    planted = data.draw(disguised(f"{digits} {letters}"))
    text = f"Het pakket ging naar postcode {planted} in plaats van naar de cliënt."
    assert_found_whole(text, checker.scan(text), planted, "postcode")


# --- No false findings, and sound offsets ---------------------------------------------------------


def test_clean_prose_with_typography_gives_no_findings(checker):
    # Non-breaking spaces, a micro sign, Greek alpha, an ellipsis, a superscript, a soft hyphen
    # and abbreviations written with dots: what normalising touches in ordinary clinical prose.
    text = (
        "De patiënt kreeg 5\u00a0µg/kg, d.w.z. de \u03b1-blokker werd i.v.m. bijwerkingen gestopt… "
        "Zie o.a. het wondoppervlak van 4\u00a0cm² en de medicatie\u00adoverdracht t.a.v. de "
        "avonddienst; z.s.m. evalueren met de h.a."
    )
    assert normalise(text).text != text
    assert checker.scan(text) == []


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200))
def test_normalised_spans_map_into_the_original(text):
    normalised = normalise(text)
    assert len(normalised.starts) == len(normalised.ends) == len(normalised.text)
    for index in range(len(normalised.text)):
        start, end = normalised.original_span(index, index + 1)
        assert 0 <= start < end <= len(text)
    assert list(normalised.starts) == sorted(normalised.starts)


@SETTINGS
@given(
    text=st.lists(
        st.sampled_from(
            [*INVISIBLES, *LOOK_ALIKES["a"], "Jansen", "J", " ", ".", "a", "\uff10", "06", "1"]
        ),
        max_size=40,
    ).map("".join)
)
def test_disguise_fragments_never_break_it(checker, text):
    assert_well_formed(text, checker.scan(text, ["Jansen"]))
