"""Undo the disguises an identifier can wear, keeping a map back to the original text.

The de-identification checker scans the normalised text besides the original, so that "Jansen"
is found however it is written:

* invisible characters are dropped: Unicode format characters (category Cf: zero-width space,
  (non-)joiners, word joiner, byte-order mark, soft hyphen, bidi controls, tag characters) and
  the other default-ignorable fillers (variation selectors, combining grapheme joiner, Hangul
  fillers);
* compatibility forms are folded (NFKC): full-width and mathematical letters and digits,
  ligatures, non-breaking and other spaces;
* letters that look like a Latin letter or digit are replaced by it, from Unicode's confusables
  table (UTS #39, via ``confusable-homoglyphs``): Cyrillic a (U+0430), Greek omicron, dotless i,
  and accented look-alikes such as Cyrillic io (U+0451, becomes e-diaeresis);
* runs of three or more single letters or digits separated by spaces, dots, slashes, hyphens,
  underscores or middle dots are joined: ``J a n s e n`` and ``J.a.n.s.e.n`` become ``Jansen``,
  ``0 6 1 2 3 4 5 6 7 8`` becomes ``0612345678``. Next to a digit only the spaces go, so
  ``0 3 - 0 4 - 1 9 8 7`` keeps its shape as ``03-04-1987``.

``normalise(text).original_span(start, end)`` maps a span of the normalised text to the original
characters that formed it, widened over invisible characters directly before and after it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Normalised", "normalise"]

# Default-ignorable code points that are not format characters (those are all dropped).
_FILLERS = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0")
_VARIATION_SELECTORS = ((0x180B, 0x180F), (0xFE00, 0xFE0F), (0xE0100, 0xE01EF))

_SEPARATOR = r"[ ./\-_\u00b7\u2022\u2027\u2219]"
_SEPARATOR_RUN = re.compile(rf"{_SEPARATOR}+")
_SPACED = re.compile(rf"(?<![^\W_])[^\W_](?:{_SEPARATOR}{{1,3}}[^\W_]){{2,}}(?![^\W_])")


def _invisible(char: str) -> bool:
    if unicodedata.category(char) == "Cf" or char in _FILLERS:
        return True
    code = ord(char)
    return any(low <= code <= high for low, high in _VARIATION_SELECTORS)


@lru_cache(maxsize=4096)
def _look_alike(char: str) -> str:
    """The ASCII letter or digit ``char`` is confusable with, or ``char`` itself."""
    if char.isascii() or not char.isalpha():
        return char
    from confusable_homoglyphs.confusables import confusables_data

    for glyph in confusables_data.get(char, ()):
        candidate = glyph["c"]
        if candidate.isascii() and candidate.isalnum():
            # The table's skeleton writes capital I as "l"; keep the case of a capital.
            return "I" if candidate == "l" and char.isupper() else candidate
    decomposed = unicodedata.normalize("NFD", char)
    if len(decomposed) > 1 and not decomposed[0].isascii():
        base = _look_alike(decomposed[0])
        if base != decomposed[0]:
            return unicodedata.normalize("NFC", base + decomposed[1:])
    return char


@dataclass(frozen=True, slots=True)
class Normalised:
    """``text`` with, for each of its characters, the original span it came from."""

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original that formed ``text[start:end]`` (a non-empty span)."""
        original_start, original_end = self.starts[start], self.ends[end - 1]
        while original_start > 0 and _invisible(self.original[original_start - 1]):
            original_start -= 1
        while original_end < len(self.original) and _invisible(self.original[original_end]):
            original_end += 1
        return original_start, original_end


def _clusters(text: str) -> list[tuple[int, int, str]]:
    """Visible characters grouped with their combining marks: (start, end, characters)."""
    clusters: list[tuple[int, int, str]] = []
    for index, char in enumerate(text):
        if _invisible(char):
            continue
        if clusters and unicodedata.combining(char):
            start, _end, chars = clusters[-1]
            clusters[-1] = (start, index + 1, chars + char)
        else:
            clusters.append((index, index + 1, char))
    return clusters


def _fold(text: str) -> tuple[str, list[int], list[int]]:
    """Drop invisibles, apply NFKC and replace look-alikes; with the original span per char."""
    if text.isascii():  # no invisible, compatibility or look-alike character in ASCII
        return text, list(range(len(text))), list(range(1, len(text) + 1))
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for start, end, cluster in _clusters(text):
        for char in unicodedata.normalize("NFKC", cluster):
            for folded in _look_alike(char):
                chars.append(folded)
                starts.append(start)
                ends.append(end)
    return "".join(chars), starts, ends


def normalise(text: str) -> Normalised:
    """``text`` without the disguises listed in this module's docstring, mapped back."""
    folded, starts, ends = _fold(text)
    drop: set[int] = set()
    for match in _SPACED.finditer(folded):
        for separator in _SEPARATOR_RUN.finditer(folded, match.start(), match.end()):
            # Between two letters the separator goes; next to a digit only its spaces go.
            letters = folded[separator.start() - 1].isalpha() and folded[separator.end()].isalpha()
            drop.update(
                index
                for index in range(separator.start(), separator.end())
                if letters or folded[index] == " "
            )
    if not drop:
        return Normalised(text, folded, tuple(starts), tuple(ends))
    kept = [index for index in range(len(folded)) if index not in drop]
    return Normalised(
        text,
        "".join(folded[index] for index in kept),
        tuple(starts[index] for index in kept),
        tuple(ends[index] for index in kept),
    )
