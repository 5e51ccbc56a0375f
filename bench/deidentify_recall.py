"""Recall per kind and false findings per 100 words of the de-identification checker.

Runs the corpus of ``bench/deidentify_corpus.py`` through Deduce alone (its annotations mapped
to our kinds, with the patient as metadata), through the checker's own additions alone (known
strings, validators, regexes), through the checker as it was at an earlier commit ("before",
``--before REF``, by default the commit before issue 14's second round of name rules; read with
``git show``, sharing this process's Deduce), and through the full checker, and prints a table.
The last column runs the full checker on the same cases with every planted identifier disguised
(an invisible character inside, a soft hyphen, full-width forms, a Cyrillic look-alike letter,
or the letters spaced out, in turn; see ``disguise``), the known strings left as they are. Then
it times a scan per text, before and after, on the same texts in alternating rounds.

    .venv/bin/python bench/deidentify_recall.py [--before REF]

A planted identifier counts as found when findings cover all of it; "known (as known)" also
requires the covering finding to be of kind ``known``, the kind the owner cannot wave through.
Loads Deduce once (~6 s, ~1.1 GB).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.deidentify_corpus import CASES, CLEAN, KINDS, Case, clean_word_count
from incidents import deidentify

Scanner = Callable[[Case, str], list[deidentify.Finding]]

ROOT = Path(__file__).resolve().parent.parent
# main before issue 14's second round (bare and apposed lower-case names, initials, more ages).
BEFORE_REF = "7fc8e0d4d705df96e7d6bd8b109464ca6e5eb5cb"


def covered(findings: list[deidentify.Finding], start: int, end: int, kind: str | None) -> bool:
    """Whether findings (of ``kind``, if given) cover every non-space character of the span."""
    relevant = [f for f in findings if kind is None or f.kind == kind]
    return all(any(f.start <= i < f.end for f in relevant) for i in range(start, end))


# Cyrillic letters that look like these Latin ones.
LOOK_ALIKES = dict(
    zip(
        "acejopsxyABCEHIJKMOPSTX",
        "\u0430\u0441\u0435\u0458\u043e\u0440\u0455\u0445\u0443\u0410\u0412\u0421\u0415\u041d\u0406\u0408\u041a\u041c\u041e\u0420\u0405\u0422\u0425",
        strict=True,
    )
)


def disguise(number: int, value: str) -> str:
    """The ``number``-th disguise of a planted identifier (the five take turns)."""
    middle = len(value) // 2
    way = number % 5
    if way == 0:
        return value[:1] + "\u200b" + value[1:]
    if way == 1:
        return value[:middle] + "\u00ad" + value[middle:]
    if way == 2:
        return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in value)
    if way == 3 and any(char in LOOK_ALIKES for char in value):
        index = next(i for i, char in enumerate(value) if char in LOOK_ALIKES)
        return value[:index] + LOOK_ALIKES[value[index]] + value[index + 1 :]
    if way == 4 and value.isalpha():
        return " ".join(value)
    return "\u2066" + value + "\u2069"


def disguised(cases: list[Case]) -> list[Case]:
    """``cases`` with each planted identifier disguised in the text (where it occurs once)."""
    result, number = [], 0
    for case in cases:
        text, planted = case.text, []
        for kind, substring in case.planted:
            if text.count(substring) == 1:
                number += 1
                text = text.replace(substring, disguise(number, substring))
                substring = disguise(number, substring)
            planted.append((kind, substring))
        result.append(replace(case, text=text, planted=tuple(planted)))
    return result


def measure(scanner: Scanner, cases: list[Case] = CASES) -> tuple[dict[str, tuple[int, int]], int]:
    hits: dict[str, list[int]] = {kind: [0, 0] for kind in (*KINDS, "known (as known)")}
    for case in cases:
        findings = scanner(case, case.text)
        for kind, start, end in case.spans():
            hits[kind][1] += 1
            hits[kind][0] += covered(findings, start, end, None)
            if kind == "known":
                hits["known (as known)"][1] += 1
                hits["known (as known)"][0] += covered(findings, start, end, "known")
    false = sum(len(scanner(Case(text, ()), text)) for text in CLEAN)
    return {kind: (found, total) for kind, (found, total) in hits.items()}, false


def _patient(case: Case) -> deidentify.Patient | None:
    if not (case.patient_first_names or case.patient_surname):
        return None
    return deidentify.Patient(case.patient_first_names, case.patient_surname)


def deduce_alone(case: Case, text: str) -> list[deidentify.Finding]:
    return deidentify.deduce_only(text, patient=_patient(case))


def additions_alone(case: Case, text: str) -> list[deidentify.Finding]:
    return deidentify.scan_without_deduce(text, case.known)


def checker(case: Case, text: str) -> list[deidentify.Finding]:
    return deidentify.scan(text, case.known, patient=_patient(case))


def checker_at(ref: str) -> ModuleType | None:
    """``incidents/deidentify.py`` as it was at ``ref``, sharing the loaded Deduce; or None."""
    try:
        source = subprocess.run(
            ["git", "show", f"{ref}:incidents/deidentify.py"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as file:
        file.write(source)
    name = "deidentify_before"
    spec = importlib.util.spec_from_file_location(name, file.name)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        os.unlink(file.name)
    module._deduce, module._person_cls = deidentify._deduce, deidentify._person_cls
    module._ready.set()
    return module


def scanner_of(module: ModuleType) -> Scanner:
    def scan(case: Case, text: str) -> list[deidentify.Finding]:
        patient = None
        if case.patient_first_names or case.patient_surname:
            patient = module.Patient(case.patient_first_names, case.patient_surname)
        return module.scan(text, case.known, patient=patient)

    return scan


def per_text_ms(
    scans: dict[str, Callable[[str], object]], texts: list[str], rounds: int = 11
) -> dict[str, tuple[float, float]]:
    """(fastest, median) over rounds of the mean scan time per text, scanners alternating.

    The fastest round is the one least disturbed by other work on a shared machine.
    """
    times: dict[str, list[float]] = {name: [] for name in scans}
    for _round in range(rounds):
        for name, scan in scans.items():
            started = time.perf_counter()
            for text in texts:
                scan(text)
            times[name].append((time.perf_counter() - started) / len(texts) * 1000)
    return {name: (min(values), statistics.median(values)) for name, values in times.items()}


def print_table(columns: dict[str, tuple[dict[str, tuple[int, int]], int]], words: int) -> None:
    width = max(len(kind) for kind in columns["checker"][0]) + 2
    header = f"{'kind':<{width}}{'n':>4}" + "".join(f"{name:>20}" for name in columns)
    print(header)
    print("-" * len(header))
    for kind in columns["checker"][0]:
        total = columns["checker"][0][kind][1]
        row = f"{kind:<{width}}{total:>4}"
        for recall, _false in columns.values():
            found = recall[kind][0]
            row += f"{f'{found}/{total} {100 * found / total:5.1f}%':>20}"
        print(row)
    print("-" * len(header))
    found_all = {name: sum(r[k][0] for k in KINDS) for name, (r, _f) in columns.items()}
    total_all = sum(columns["checker"][0][k][1] for k in KINDS)
    row = f"{'all kinds':<{width}}{total_all:>4}"
    for name in columns:
        row += f"{f'{found_all[name]}/{total_all} {100 * found_all[name] / total_all:5.1f}%':>20}"
    print(row)
    row = f"{'false / 100 words':<{width}}{'':>4}"
    for _recall, false in columns.values():
        row += f"{f'{false} in {words} = {100 * false / words:.2f}':>20}"
    print(row)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default=BEFORE_REF, help="git ref of the 'before' checker")
    args = parser.parse_args(argv)
    started = time.monotonic()
    if not deidentify.wait_until_ready(timeout=600):
        print("The checker did not load.", file=sys.stderr)
        return 1
    load_seconds = time.monotonic() - started
    before = checker_at(args.before)
    columns = {"Deduce alone": measure(deduce_alone), "additions alone": measure(additions_alone)}
    if before is not None:
        columns[f"before ({args.before[:7]})"] = measure(scanner_of(before))
    columns["checker"] = measure(checker)
    columns["checker, disguised"] = measure(checker, disguised(CASES))
    words = clean_word_count()
    print_table(columns, words)

    texts = [case.text for case in CASES] + list(CLEAN)
    scans: dict[str, Callable[[str], object]] = {}
    if before is not None:
        scans["before"] = before.scan
    scans["after"] = deidentify.scan
    timing = per_text_ms(scans, texts)
    planted = sum(len(case.planted) for case in CASES)
    print(
        f"\n{len(CASES)} cases, {planted} planted identifiers, {len(CLEAN)} clean texts "
        f"({words} words); Deduce load {load_seconds:.1f} s (pid {os.getpid()})."
    )
    print(
        "scan per text, ms (fastest / median of 11 rounds): "
        + ", ".join(f"{name} {fast:.2f} / {median:.2f}" for name, (fast, median) in timing.items())
        + ("" if before is not None else f" (no 'before': git show {args.before} failed)")
    )
    return 0


# --- The check's cost per chat message on the live path (bench/live_check_cost.py) ------------


def live_check_cost() -> int:
    """The added p99 per chat message when the checker is on the live path: run in its own
    process (it starts a uvicorn server and a checker worker), when PostgreSQL and Redis are
    configured; otherwise say how."""
    postgresql = os.environ.get("DATABASE_URL", "").startswith("postgres")
    if not (postgresql and os.environ.get("REDIS_URL")):
        print(
            "\nPer-message check cost on the live path: set DATABASE_URL (PostgreSQL, a bench "
            "database) and REDIS_URL, or run bench/live_check_cost.py."
        )
        return 0
    import subprocess

    script = Path(__file__).resolve().parent / "live_check_cost.py"
    return subprocess.run([sys.executable, str(script)], check=False).returncode


if __name__ == "__main__":
    sys.exit(main() or live_check_cost())
