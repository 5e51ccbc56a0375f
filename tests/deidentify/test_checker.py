"""Unit tests of the de-identification checker on realistic Dutch incident descriptions."""

import logging
import threading

import pytest

from bench.deidentify_corpus import CASES, CLEAN, KINDS, clean_word_count
from incidents import deidentify
from incidents.deidentify import Finding, Patient
from project import checking


def _kinds_covering(findings, start, end):
    """The kinds of the findings that together cover [start, end)."""
    kinds = set()
    for i in range(start, end):
        here = [f.kind for f in findings if f.start <= i < f.end]
        if not here:
            return None
        kinds.update(here)
    return kinds


def _patient(case):
    if case.patient_first_names or case.patient_surname:
        return Patient(case.patient_first_names, case.patient_surname)
    return None


def assert_well_formed(text, findings):
    previous_end = 0
    for finding in findings:
        assert isinstance(finding, Finding)
        assert 0 <= finding.start < finding.end <= len(text)
        assert finding.text == text[finding.start : finding.end]
        assert finding.start >= previous_end, "findings overlap or are unsorted"
        assert finding.kind in deidentify.KIND_LABELS
        previous_end = finding.end


@pytest.mark.parametrize(
    "case", CASES, ids=[f"{i:02d}-{c.planted[0][0]}" for i, c in enumerate(CASES)]
)
def test_planted_identifiers_are_found_with_their_kind(checker, case):
    findings = checker.scan(case.text, case.known, patient=_patient(case))
    assert_well_formed(case.text, findings)
    for kind, start, end in case.spans():
        kinds = _kinds_covering(findings, start, end)
        assert kinds is not None, f"{kind} {case.text[start:end]!r} not found in {findings}"
        assert kind in kinds, f"{case.text[start:end]!r} found as {kinds}, expected {kind}"


def test_corpus_plants_every_kind():
    planted = {kind for case in CASES for kind, _ in case.planted}
    assert planted == set(KINDS)


def test_clean_prose_gives_few_findings(checker):
    findings = [f for text in CLEAN for f in checker.scan(text)]
    assert len(findings) * 100 / clean_word_count() < 1.0, findings


# --- Known names --------------------------------------------------------------------------------

KNOWN_NAMES = ("Zoë van der Meulen-Özdemir", "Bram Pietersen")


@pytest.mark.parametrize(
    "mention",
    [
        "Zoë van der Meulen-Özdemir",  # whole name
        "zoë van der meulen-özdemir",  # case
        "ZOE VAN DER MEULEN-OZDEMIR",  # case and diacritics stripped
        "Zoe",  # part, diacritics stripped
        "Meulen",  # part
        "van der Meulen",  # surname with particles
        "Özdemir",  # part of a double surname
        "Ozdemir",  # diacritics stripped
        "Bram",  # staff first name
        "PIETERSEN",  # staff surname, upper case
        "Piëtersen",  # diacritics added
    ],
)
def test_known_names_in_every_variant(checker, mention):
    text = f"Tijdens het consult noemde de assistente {mention} hardop in de wachtkamer."
    findings = checker.scan(text, KNOWN_NAMES)
    start = text.index(mention)
    assert _kinds_covering(findings, start, start + len(mention)) == {"known"}, findings


@pytest.mark.parametrize("short_part", ["van", "der", "Zo"])
def test_particles_and_short_parts_of_known_names_alone_are_not_known(checker, short_part):
    text = f"Het ging om {short_part} en niet om iets anders."
    findings = checker.scan(text, ["Zo van der Berg"])
    assert not [f for f in findings if f.kind == "known"], findings


def test_known_name_is_not_found_inside_other_words(checker):
    findings = checker.scan("De bakkerij en de Bakkerstraat liggen verderop.", ["Eva Bakker"])
    assert not [f for f in findings if f.kind == "known"], findings


def test_patient_metadata_names_are_known(checker):
    text = "Later belde Femke Jansen terug; F. Jansen had de afspraak gemist."
    findings = checker.scan(text, patient=Patient(first_names=["Femke"], surname="Jansen"))
    start = text.index("Femke Jansen")
    assert _kinds_covering(findings, start, start + len("Femke Jansen")) == {"known"}
    second = text.index("Jansen", start + 6)
    assert "known" in _kinds_covering(findings, second, second + 6)


# --- Known birth dates in every notation --------------------------------------------------------

NOTATIONS = ["3-4-1987", "03/04/1987", "3 april 1987", "1987-04-03"]
MORE_NOTATIONS = ["03-04-1987", "3/4/1987", "03.04.1987", "3 apr. 1987", "3-4-87", "03 04 1987"]


@pytest.mark.parametrize("given", NOTATIONS)
@pytest.mark.parametrize("written", NOTATIONS + MORE_NOTATIONS)
def test_known_birth_date_in_any_notation_is_found_in_every_other(checker, given, written):
    text = f"Op het etiket stond geboortedatum {written}, dat was van een andere cliënt."
    findings = checker.scan(text, ["Karin Smits", given])
    start = text.index(written)
    assert _kinds_covering(findings, start, start + len(written)) == {"known"}, findings


def test_other_dates_are_dates_not_known(checker):
    text = "Geboren 3-4-1987; de fout gebeurde op 4-3-1987."
    findings = checker.scan(text, ["3 april 1987"])
    assert [(f.kind, f.text) for f in findings] == [("known", "3-4-1987"), ("date", "4-3-1987")]


# --- Names of other people ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Mevrouw Hoekstra had de oefeningen niet begrepen.", "Hoekstra"),
        ("Ik sprak meneer Van den Heuvel na afloop nog even.", "Van den Heuvel"),
        ("Mw. Ter Haar belde met vragen over de nota.", "Ter Haar"),
        ("Dhr. De Boer wilde zijn dossier inzien.", "De Boer"),
        ("De heer van der Veen kwam te laat voor zijn afspraak.", "van der Veen"),
        ("Sophie Mulder zat in dezelfde groep.", "Sophie Mulder"),
        ("Het verslag ging naar Daan de Vries en niet naar de cliënt.", "Daan de Vries"),
    ],
)
def test_names_of_other_people(checker, text, name):
    findings = checker.scan(text)
    start = text.index(name)
    assert "name" in (_kinds_covering(findings, start, start + len(name)) or set()), findings


# --- Other kinds, spot checks -------------------------------------------------------------------


@pytest.mark.parametrize(
    "bsn", ["123456782", "123 456 782", "123.456.782", "1234.56.782", "12.34.56.782"]
)
def test_bsn_with_any_separators(checker, bsn):
    text = f"Op de brief stond BSN {bsn} van een andere cliënt."
    findings = checker.scan(text)
    assert ("bsn", bsn) in [(f.kind, f.text) for f in findings], findings


def test_nine_digits_failing_the_elfproef_are_not_a_bsn(checker):
    findings = checker.scan("Het ordernummer 123456789 stond op de doos.")
    assert "bsn" not in {f.kind for f in findings}


@pytest.mark.parametrize(
    "phone",
    [
        "06-12345678",
        "06 12 34 56 78",
        "0612345678",
        "+31 6 12345678",
        "+31612345678",
        "+31 (0)6 1234 5678",
        "0031 6 1234 5678",
        "0031-6-12345678",
        "020-1234567",
        "020 123 45 67",
        "(030) 2345678",
        "+31 30 234 5678",
        "0031 70 3456789",
        "0541-123456",
    ],
)
def test_phone_numbers_in_every_format(checker, phone):
    text = f"Er werd teruggebeld naar {phone} in plaats van naar de cliënt."
    findings = checker.scan(text)
    assert ("phone", phone) in [(f.kind, f.text) for f in findings], findings


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("Een 94-jarige cliënte viel in de gang.", "94"),
        ("Patiënt (leeftijd: 90) kreeg de verkeerde dosis.", "90"),
        ("De man, 103 jr., woont zelfstandig.", "103"),
    ],
)
def test_ages_above_89(checker, text, age):
    findings = checker.scan(text)
    start = text.index(age)
    assert "age" in (_kinds_covering(findings, start, start + len(age)) or set()), findings


@pytest.mark.parametrize(
    "text",
    ["Een 45-jarige man kwam voor controle.", "Zij is 89 jaar en woont zelfstandig."],
)
def test_ages_up_to_89_are_not_findings(checker, text):
    assert "age" not in {f.kind for f in checker.scan(text)}


@pytest.mark.parametrize(
    "dose",
    ["Hij kreeg 1000 IE vitamine D.", "Zij gebruikt 2000 MG per dag.", "Vanaf 1500 ml alarm."],
)
def test_doses_are_not_postcodes(checker, dose):
    assert "postcode" not in {f.kind for f in checker.scan(dose)}
    assert "address" not in {f.kind for f in checker.scan(dose)}


# --- Robustness, shape, HTML ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\x00\x01\x02\x7f\u200b\ufeff",
        "🙂🧑‍⚕️👩🏽‍🦰 " * 50,
        "\ud800 lone surrogate",
        "a" * 5000,
        "1" * 5000,
        "Mevrouw " * 2000,
        ("Mevrouw Jansen, BSN 123456782, 06-12345678, 3 april 1987. " * 2000),
        "\r\n\t" * 1000,
    ],
    ids=[
        "empty",
        "space",
        "control",
        "emoji",
        "surrogate",
        "letters",
        "digits",
        "titles",
        "huge",
        "ws",
    ],
)
def test_never_raises_on_odd_text(checker, text):
    findings = checker.scan(text, ["Jansen", "3-4-1987", "", "\x00"])
    assert_well_formed(text, findings)


def test_findings_are_sorted_and_do_not_overlap(checker):
    text = CASES[-2].text
    findings = checker.scan(text, ["Kramer", "Van Leeuwen"])
    assert_well_formed(text, findings)
    assert len(findings) >= 7


def test_highlight_html_escapes_everything_but_the_marks(checker):
    text = '<script>alert("x")</script> Mevrouw <b>Jansen</b> belde & "hing op".'
    findings = checker.scan(text, ["Jansen"])
    html = checking.highlight_html(text, findings)
    assert "<script>" not in html
    assert "<b>" not in html
    assert "&lt;script&gt;" in html
    assert "&amp; &quot;hing op&quot;" in html
    assert '<mark class="mark-finding" data-kind="known"' in html
    assert ">Jansen</mark>" in html


def test_highlight_html_without_findings_is_escaped_text():
    assert checking.highlight_html("a < b", []) == "a &lt; b"


def test_highlight_html_skips_overlapping_and_out_of_range_findings():
    findings = [
        Finding("name", 0, 4, "Anna"),
        Finding("name", 2, 6, "na d"),
        Finding("x", 5, 99, ""),
    ]
    html = checking.highlight_html("Anna de Wit", findings)
    assert html.count("<mark") == 1


def test_every_kind_has_a_dutch_label():
    for kind in (*KINDS, "number", "place", "institution", "other"):
        assert str(deidentify.label_for(kind))
    assert str(deidentify.label_for("bsn")) == "BSN"
    assert str(deidentify.label_for("age")) == "leeftijd boven 89"
    assert deidentify.label_for("no-such-kind") == deidentify.KIND_LABELS["other"]


# --- Loading and failure states -------------------------------------------------------------------


def test_scan_before_ready_raises_checker_not_ready(monkeypatch):
    monkeypatch.setattr(deidentify, "_ready", threading.Event())
    monkeypatch.setattr(deidentify, "_load_error", None)
    assert not deidentify.is_ready()
    with pytest.raises(deidentify.CheckerNotReady):
        deidentify.scan("Mevrouw Jansen")


def test_scan_after_a_failed_load_raises_checker_failed(monkeypatch):
    monkeypatch.setattr(deidentify, "_ready", threading.Event())
    monkeypatch.setattr(deidentify, "_load_error", OSError("read-only cache"))
    with pytest.raises(deidentify.CheckerFailed) as raised:
        deidentify.scan("Mevrouw Jansen")
    assert isinstance(raised.value, deidentify.CheckerNotReady)


def test_start_loading_is_idempotent_once_ready(checker):
    thread = deidentify._thread
    checker.start_loading_in_background()
    checker.start_loading_in_background()
    assert deidentify._thread is thread
    assert checker.is_ready()
    assert checker.wait_until_ready(timeout=0)


def test_a_deduce_failure_flags_the_whole_text_and_logs_no_text(checker, monkeypatch, caplog):
    def broken(text, patient):
        raise RuntimeError(text)

    monkeypatch.setattr(deidentify, "_deduce_candidates", broken)
    text = "Vertrouwelijk verhaal over BSN 123456782."
    with caplog.at_level(logging.DEBUG):
        findings = checker.scan(text)
    # Everything is flagged: the validators' findings plus "other" around them.
    for i, char in enumerate(text):
        assert not char.isalnum() or any(f.start <= i < f.end for f in findings), i
    assert {f.kind for f in findings} == {"other", "bsn"}
    assert "Vertrouwelijk" not in caplog.text


def test_command_line_without_arguments_prints_help(capsys):
    assert deidentify.main([]) == 2
    assert "--build-cache" in capsys.readouterr().out


@pytest.mark.parametrize("written", ["09-09-2000", "9-9-2000", "2000-09-09", "01/02/1987"])
def test_a_date_written_with_dashes_is_a_date_not_a_phone_number(checker, written):
    # Found by hypothesis: phonenumbers accepts "09-09-2000" as a valid Dutch number.
    [finding] = checker.scan(f"Op {written} gebeurde het.")
    assert (finding.kind, finding.text) == ("date", written)


def test_nine_digits_at_the_end_of_a_phone_number_are_not_a_bsn(checker):
    # Found by hypothesis: "76 5737498" passes the BSN eleven-test by chance.
    [finding] = checker.scan("Bel +31 (0)76 5737498 morgen.")
    assert (finding.kind, finding.text) == ("phone", "+31 (0)76 5737498")


@pytest.mark.parametrize(
    "text",
    [
        "Mevrouw belde later terug en meneer was toen al vertrokken.",
        "Meneer kreeg de brief, mevrouw vroeg om uitleg.",
        "Een man van 45 en een vrouw van 92 kg kwamen op het spreekuur.",
        "Het Team Ouderenzorg sprak met de Wijkverpleging en de Diëtist.",
    ],
)
def test_ordinary_words_after_a_form_of_address_and_generic_teams_stay_clean(checker, text):
    assert checker.scan(text) == []


def test_a_lower_case_surname_after_a_form_of_address_is_a_name(checker):
    findings = checker.scan("Ik belde meneer de vries en mevrouw jansen-bakker.")
    assert [f.text for f in findings if f.kind == "name"] == ["de vries", "jansen-bakker"]
