"""Names that Deduce misses because they are written in lower (or upper) case.

Deduce finds a name mostly by its capital and its context; "ik sprak anna gisteren", "de cliënt,
jansen, viel", "j. de vries" and "VAN DIJK" slip through. ``lower_case_names(text, lexicon)``
returns ``("name", start, end)`` candidates for those, deciding per word with Deduce's own
lists and the context (the rules in detail: docs/deidentify.md, "How the checker decides"):

* A word that is in Deduce's first-name or surname lists and is not an ordinary word is a name
  wherever it stands ("anna", "jansen", "mohammed"). "Ordinary" means: in Deduce's whitelist
  (common words, medical terms, stop words), or a lower-case word of the Dutch or English
  dictionary (``incidents/data/name_words.txt``). A few first names that the dictionaries also
  list but that in care prose are names ("piet", "kees", "mark", "thomas") count as names too,
  unless an article stands before them ("de mark").
* A name-list word that is also an ordinary word ("bakker", "bos", "de vries", "wit") is a name
  only where the context says so: after a form of address ("mevrouw bakker"), after initials
  ("j. de vries"), after a first name found as above ("kees bakker", "anna de jong"), after
  "van der"/"van den" ("van den berg"), after a role or relation word when it is a common
  surname ("cliënt mulder", "de huisarts, de wit,", "collega van leeuwen"), or when it is a
  first name listed with a name ("roos, anna en max").
* Upper case is read like lower case ("VAN DIJK"); capitalised words are left to Deduce.

Initials and particles before a name, and particles with a surname after a first name, join the
finding. ``Lexicon.from_deduce(structs)`` builds the word sets once (~20 ms) from a loaded Deduce.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

_DATA = Path(__file__).resolve().parent / "data" / "name_words.txt"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# First names that the dictionaries list as words but that in care prose are names.
NAME_FIRST = _words(
    """
    aad aagje aalt aaltje aart abraham adam amanda amber anita ank arend augustijn aurora
    axel barend bas beate benjamin bente berber berthe bill billy bob bobby bram brandon cas
    chris christin clara daisy darren dean demi dick dirk dolf donna dries eddy ellen els
    erica eva ferry fleur floor franca franco geert geertje gerold gerrit griet
    grietje hannes hans harry hendrik henry herwin inga jack jan janet jantje jasmijn jasper
    jimmy joe joel joep john joke jonas jonathan joop josh jozef juan julienne kaatje karen
    kees keesje kelly kelvin kim klaas koen krijn kris lammert liesje lieven lubbert maarten
    madelief margriet maria marien marina marjolein mark marten martin mary mees mia mickey
    miep mies mike mila mimi mirte nel nelson nick noël pascal peter petertje piet pietje
    rachel reinier ria rik rob robbert robert robin roger rosemary ruby sander sara sem
    serge sjaak sjonnie spencer steef steven terry thomas tjerk tom tommy tony victor walt
    willie wim wout wouter zander
    """
)

# Surnames that are also ordinary words, common enough to be taken for a name after a role or
# relation word or a first name: on their own ("cliënt mulder", "kees bakker") ...
BARE_SURNAME_WORDS = _words(
    """
    bakker bakkers visser smit mulder dekker brouwer kok bos vos koster kramer kuiper kuipers
    prins blom vink schouten huisman jonker maas koning schipper molenaar timmerman storm
    """
)
# ... or after a particle ("cliënte de vries", "collega van leeuwen", "de huisarts, de wit,").
SURNAME_WORDS = BARE_SURNAME_WORDS | _words(
    """
    boer vries jong jonge wit groot graaf haan bruin bruijn ruiter lange leeuw leeuwen heuvel
    berg linden brink dijk dam veen wal ven beek broek bosch velde horst hoek wijk vliet meulen
    rijn hof zanden poel kamp laan valk zwart wolf haas kroon meer haar heer ridder winter
    """
)

PARTICLES = _words(
    "van de der den het 't te ten ter in op von du da la le el al ben bin ibn abu vd v.d."
)
# After these a particle-and-word is not a name's particle: "gaf de cliënt de sleutel".
_DETERMINERS = _words("de het een deze dit geen mijn zijn haar hun onze ons uw jouw elke ieder")
# Adjectives and adverbs that are also surnames: after "cliënt" they say how, not who.
_NOT_AFTER_ROLE = _words(
    """
    pas best stil kort wel boven groot klein oud jong droog koel stijf schoon mooi stout tam
    ruig bruin groen blauw wit zwart smal kaal rijk vlug slim wijs knap eng zoet bitter wilde
    zelf ook nog weer thuis alleen samen graag direct meteen eerst later soms vaak nooit
    """
)
_SURNAME_PARTICLES = _words("van de der den ter ten te 't")
_PREPOSITIONS = _words(
    """
    bij van met aan voor door naar over volgens namens tegen zonder na om uit tot onder tussen
    via vanwege
    """
)
# Dotted abbreviations that look like initials.
_ABBREVIATIONS = _words(
    """
    o.a. i.v.m. d.w.z. t.a.v. m.b.t. z.n. a.s. n.a.v. o.b.v. i.o.m. m.u.v. i.p.v. e.a. e.d.
    c.q. t.z.t. z.s.m. s.v.p. v.w.b. p.o. i.m. s.c. i.v. j.l. a.u.b. d.d. m.i.v. m.n. o.l.v.
    b.v. bv. t.b.v. i.c.m. i.s.m. n.v.t. p.w. z.o.z. a.n. o.i.d. e.v. v.v. r.i.p. p.m.
    n.b. z.g.a.n. t.o.v. v.a. m.a.w. ca. nl. vnl. evt. bijv. resp.
    """
)
_ROLE_WORDS = (
    r"cli[eë]nte?|pati[eë]nte?|bewoner|bewoonster|deelnemer|deelneemster|familie|moeder|vader|zoon|"
    r"dochter|partner|echtgeno(?:o|)te?|man|vrouw|broer|zus|zuster|broeder|oom|tante|opa|oma|"
    r"neef|nicht|kleinzoon|kleindochter|schoonzoon|schoondochter|schoonmoeder|schoonvader|"
    r"stiefvader|stiefmoeder|buurman|buurvrouw|vriend|vriendin|collega|stagiaire?|huisarts|"
    r"arts|dokter|verpleegkundige|verzorgende|assistente?|doktersassistente|behandelaar|"
    r"therapeut|fysiotherapeut|psycholoog|psychiater|mantelzorger|begeleider|begeleidster|"
    r"casemanager|invaller|invalkracht|mentor|bewindvoerder|tolk|apotheker|"
    r"praktijkondersteuner|specialist|verloskundige|wijkverpleegkundige|chauffeur|"
    r"vrijwilliger|co[oö]rdinator|teamleider|leidinggevende|manager|directeur|zorgverlener"
)
_ROLE_RE = re.compile(_ROLE_WORDS)  # fullmatch on a lower-case word
_TITLE_RE = re.compile(
    r"(?i)(?<![\w.])(?:mevrouw|mevr\.|mw\.|meneer|mnr\.|dhr\.|de\s+heer|mej\.|juffrouw|"
    r"dr\.|drs\.|prof\.|mr\.|ir\.)\s+\Z"
)
_INITIALS_RE = re.compile(r"(?<![\w.])((?:[a-zA-Z]\.\s?){1,4})\s*\Z")
_LETTERS = r"(?:[^\W\d_]|[\u0300-\u036f])+"
_TOKEN_RE = re.compile(rf"{_LETTERS}(?:['\u2019]{_LETTERS})*|['\u2019]t(?![^\W\d_])")
# A word touching these is part of an address, a file name or code, not a name in prose.
_EMBEDDED_BEFORE = frozenset("_@/\\.#$=:+*&%<")
_EMBEDDED_AFTER = frozenset("_@/\\=#$+*&%(")


@dataclass(frozen=True)
class Lexicon:
    """Lower-case word sets from Deduce's lists."""

    first_names: frozenset[str]
    surnames: frozenset[str]  # surnames and the surnames that follow a particle ("vries")
    ordinary: frozenset[str]  # Deduce's whitelist and stop words
    also_words: frozenset[str]  # name-list words that are ordinary dictionary words
    relevant: frozenset[str] = frozenset()  # every word a name rule can start with

    @classmethod
    def from_deduce(cls, structs: Any) -> Lexicon:
        def singles(trie: Any) -> set[str]:
            return {token.lower() for token, child in trie.children.items() if child.is_terminal}

        return cls(
            first_names=frozenset(singles(structs["first_name"])),
            surnames=frozenset(
                singles(structs["surname"])
                | {item.lower() for item in structs["interfix_surname"].items()}
            ),
            ordinary=frozenset(
                {item.lower() for item in structs["whitelist"].items()}
                | {item.lower() for item in structs["stop_word"].items()}
            ),
            also_words=_also_words(),
        )

    def __post_init__(self) -> None:
        relevant = self.first_names | self.surnames | PARTICLES
        object.__setattr__(self, "relevant", frozenset(relevant))

    def in_lists(self, word: str) -> bool:
        return word in self.first_names or word in self.surnames

    def only_a_name(self, word: str) -> bool:
        """A name-list word that is no ordinary word (or a first name that is mostly a name)."""
        if len(word) < 3 or word in self.ordinary:
            return False
        if word in NAME_FIRST:
            return True
        return self.in_lists(word) and word not in self.also_words

    def surname_like(self, word: str) -> bool:
        return len(word) >= 2 and word not in self.ordinary and word in self.surnames

    def name_like(self, word: str) -> bool:
        return len(word) >= 2 and word not in self.ordinary and self.in_lists(word)


@lru_cache(maxsize=1)
def _also_words() -> frozenset[str]:
    lines = _DATA.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


class _Token(NamedTuple):
    start: int
    end: int
    word: str  # lower case
    cased: bool  # written in lower or upper case, not capitalised
    upper: bool  # written in capitals ("VAN DIJK")


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for match in _TOKEN_RE.finditer(text):
        raw = match.group()
        end = match.end()
        if len(raw) > 4 and raw[-2] in "'\u2019" and raw[-1] in "sS":
            raw, end = raw[:-2], end - 2  # "anna's moeder": the name without its 's
        upper = raw.isupper() and len(raw) > 1
        word = raw.lower()
        if not word.isascii():
            word = unicodedata.normalize("NFC", word.replace("\u2019", "'"))
        cased = upper or raw.islower()
        tokens.append(_Token(match.start(), end, word, cased, upper))
    return tokens


def _embedded(text: str, token: _Token) -> bool:
    """Part of an e-mail address, path, identifier or number ("ltab.len", "apt/mark")."""
    before = text[token.start - 1] if token.start else " "
    after = text[token.end : token.end + 2]
    return (
        before in _EMBEDDED_BEFORE
        or before.isdigit()
        or (after[:1] in _EMBEDDED_AFTER and after[:1] != "")
        or after[:1].isdigit()
        or (after[:1] == "." and after[1:2].isalnum())
    )


def _gap(text: str, left: _Token, right: _Token) -> str:
    return text[left.end : right.start]


def _joined(text: str, left: _Token, right: _Token) -> bool:
    """Whether two tokens are next to each other within one name: a space or a hyphen."""
    return _gap(text, left, right) in (" ", "-")


def _surname_after(
    text: str, tokens: list[_Token], index: int, lexicon: Lexicon, *, mode: str
) -> int | None:
    """End index (exclusive) of "[particles] surname" starting at ``index``, or None.

    ``mode`` says how sure the context is that a name follows:
    "sure" (after a form of address): any name-list word that is not a common word;
    "initials": the same, and after a particle any surname ("m. de lange");
    "after first name" ("kees bakker", "anna de jong"): a word that is only a name, a common
    surname, or any surname after a particle;
    "role" (after a role or relation word): a word that is only a name, or a common surname;
    "role without article" ("cliënte bouwman"): also any other surname that is no adjective
    or adverb.
    After "van der"/"van den" any word will do in every mode.
    """
    i = index
    while i < len(tokens) and tokens[i].word in PARTICLES and tokens[i].cased and i - index < 3:
        if i > index and not _joined(text, tokens[i - 1], tokens[i]):
            return None
        i += 1
    particles = i - index
    if (
        i >= len(tokens)
        or not tokens[i].cased
        or _embedded(text, tokens[i])
        or tokens[i].word in PARTICLES
    ):
        return None
    if particles and not _joined(text, tokens[i - 1], tokens[i]):
        return None
    word = tokens[i].word
    van_der = (
        particles >= 2
        and tokens[index].word == "van"
        and tokens[index + 1].word
        in (
            "der",
            "den",
        )
    )
    if van_der:
        ok = len(word) >= 2 and word not in _DETERMINERS
    elif mode == "sure":
        # "meneer ter haar": after "ter" a surname may be a common word.
        ok = lexicon.name_like(word) or (
            particles == 1 and tokens[index].word == "ter" and word in lexicon.surnames
        )
    elif mode == "initials":
        # "j. bakker"; "m. de lange": after initials and a particle, any surname.
        ok = lexicon.name_like(word) or (particles > 0 and word in lexicon.surnames)
    elif mode == "after first name":
        ok = lexicon.only_a_name(word) or (
            (particles or word in BARE_SURNAME_WORDS) and lexicon.surname_like(word)
        )
    elif mode == "role without article" and not particles:
        # "cliënte bouwman", "patiënt mulder": no article before the role word, so what
        # follows it is a name unless it says how ("cliënt stil").
        ok = lexicon.only_a_name(word) or (
            len(word) >= 3 and lexicon.surname_like(word) and word not in _NOT_AFTER_ROLE
        )
    else:
        common = SURNAME_WORDS if particles else BARE_SURNAME_WORDS
        ok = lexicon.only_a_name(word) or (word in common and lexicon.surname_like(word))
    if not ok:
        return None
    end = i + 1
    # A double surname: "jansen-bakker", "de jong-van dijk".
    if end < len(tokens) and _gap(text, tokens[end - 1], tokens[end]) == "-":
        tail = _surname_after(text, tokens, end, lexicon, mode="sure")
        if tail is not None:
            end = tail
    return end


def _initials_before(text: str, offset: int) -> re.Match[str] | None:
    """Initials ("j.", "j.p. ", "a. b.") right before ``offset``, not an abbreviation."""
    match = _INITIALS_RE.search(text, max(0, offset - 14), offset)
    if match and match.group(1).replace(" ", "").lower() not in _ABBREVIATIONS:
        return match
    return None


def lower_case_names(text: str, lexicon: Lexicon) -> list[tuple[str, int, int]]:
    """``("name", start, end)`` for each name in lower or upper case (see the module doc)."""
    tokens = _tokens(text)
    found: list[tuple[str, int, int]] = []
    covered_until = -1
    for index, token in enumerate(tokens):
        if (
            token.word not in lexicon.relevant
            or token.start < covered_until
            or not token.cased
            or _embedded(text, token)
        ):
            continue
        previous = tokens[index - 1] if index else None
        gap = _gap(text, previous, token) if previous is not None else ""
        if gap == "-" or _compound_before(text, tokens, index, lexicon):
            continue  # "apt-mark", "FACT-team": part of a compound word
        end_index: int | None = None
        first = token  # the first token of the name
        if _initials_before(text, token.start):
            # "j.p. jansen", "mw. j. de graaf", "m. de lange".
            end_index = _surname_after(text, tokens, index, lexicon, mode="initials")
        elif _TITLE_RE.search(text, max(0, token.start - 12), token.start):
            # "mevrouw jansen", "dhr. van der linden", "meneer ter haar".
            end_index = _surname_after(text, tokens, index, lexicon, mode="sure")
        elif token.word == "van" and _is_van_der(tokens, index):
            # "van den berg", "van der linden": nowadays only in names.
            end_index = _surname_after(text, tokens, index, lexicon, mode="role")
        elif (
            previous is not None
            and _ROLE_RE.fullmatch(previous.word)
            and gap.strip() in ("", ",", ":", "(")
        ):
            # "cliënt mulder", "de cliënt, jansen,", "collega van leeuwen", "zoon piet".
            # Only after a preposition ("bij cliënte bouwman") is the role word surely not the
            # subject of a verb that may look like a surname ("vader houdt").
            prepositional = index >= 2 and tokens[index - 2].word in _PREPOSITIONS
            mode = "role without article" if prepositional and not gap.strip() else "role"
            end_index = _surname_after(text, tokens, index, lexicon, mode=mode)
            if (
                end_index is not None
                and token.word in ("de", "het")
                and not gap.strip()
                and index >= 2
                and tokens[index - 2].word in _DETERMINERS
                and not lexicon.only_a_name(tokens[end_index - 1].word)
            ):
                end_index = None  # "gaf de cliënt de berg papieren"
        if end_index is None and token.upper and token.word in PARTICLES:
            # "VAN DIJK", "DE VRIES": a particle in capitals before a surname in capitals.
            candidate = _surname_after(text, tokens, index, lexicon, mode="sure")
            if candidate is not None and all(tokens[i].upper for i in range(index, candidate)):
                end_index = candidate
        if (
            end_index is None
            and token.word not in PARTICLES
            and lexicon.only_a_name(token.word)
            and not _not_a_name_here(text, token, previous, gap)
        ):
            # "anna", "jansen", "noor": a first name or surname that is no ordinary word. In
            # capitals only with a surname in capitals ("ANNA JANSEN"): alone, a capitalised
            # word is more often an abbreviation.
            end_index = index + 1
            if token.word in lexicon.surnames and not token.upper:
                # Its particles come with it: "familie de bruijn", "van eijk".
                start_index = index
                while (
                    start_index > 0
                    and tokens[start_index - 1].word in _SURNAME_PARTICLES
                    and tokens[start_index - 1].cased
                    and _gap(text, tokens[start_index - 1], tokens[start_index]) == " "
                ):
                    start_index -= 1
                first = tokens[start_index]
            if token.upper:
                tail = _surname_after(text, tokens, index + 1, lexicon, mode="after first name")
                if tail is None or not all(t.upper for t in tokens[index + 1 : tail]):
                    end_index = None
        if end_index is None:
            continue
        last = tokens[end_index - 1]
        if (
            last.word in lexicon.first_names
            and end_index < len(tokens)
            and _joined(text, last, tokens[end_index])
        ):
            # A surname after the first name: "kees bakker", "anna de jong".
            tail = _surname_after(text, tokens, end_index, lexicon, mode="after first name")
            if tail is not None and all(t.upper == last.upper for t in tokens[end_index:tail]):
                end_index = tail
        initials = _initials_before(text, first.start)
        start = initials.start(1) if initials else first.start
        end = tokens[end_index - 1].end
        found.append(("name", start, end))
        covered_until = end
    if found:
        found.extend(_listed_with(text, tokens, found, lexicon))
    return found


_LIST_GAPS = frozenset((", ", ",", " & ", " / "))
_LIST_WORDS = frozenset(("en", "of"))


def _list_neighbours(text: str, tokens: list[_Token], index: int) -> list[int]:
    """Indexes of the items next to ``tokens[index]`` in a list ("a, b en c", "b of c")."""
    neighbours = []
    for step in (-1, 1):
        other = index + step
        if not 0 <= other < len(tokens):
            continue
        left, right = (tokens[other], tokens[index]) if step < 0 else (tokens[index], tokens[other])
        if _gap(text, left, right) in _LIST_GAPS:
            neighbours.append(other)
        elif tokens[other].word in _LIST_WORDS and 0 <= other + step < len(tokens):
            beyond = other + step
            first, middle, last = sorted((index, other, beyond))
            if _gap(text, tokens[first], tokens[middle]) == " " and (
                _gap(text, tokens[middle], tokens[last]) == " "
            ):
                neighbours.append(beyond)
    return neighbours


def _listed_with(
    text: str, tokens: list[_Token], found: list[tuple[str, int, int]], lexicon: Lexicon
) -> list[tuple[str, int, int]]:
    """First names listed with a name found ("anna, roos en iris"), though also words."""
    is_name = [any(s <= t.start and t.end <= e for _k, s, e in found) for t in tokens]
    added: list[tuple[str, int, int]] = []
    changed = True
    while changed:
        changed = False
        for index, token in enumerate(tokens):
            if is_name[index] or not token.cased or token.word not in lexicon.first_names:
                continue
            if token.word in lexicon.ordinary or len(token.word) < 3 or _embedded(text, token):
                continue
            if any(
                is_name[n] and tokens[n].word in lexicon.first_names
                for n in _list_neighbours(text, tokens, index)
            ):
                is_name[index] = changed = True
                added.append(("name", token.start, token.end))
    return added


_MONTH_ABBREVIATIONS = frozenset(("jan", "feb", "mrt", "apr", "jun", "jul", "aug", "sep", "okt"))


def _not_a_name_here(text: str, token: _Token, previous: _Token | None, gap: str) -> bool:
    """A name-only word used otherwise: "de mark", "3 jan", "jan." (a month)."""
    if token.word in NAME_FIRST and previous is not None and previous.word in _DETERMINERS:
        return gap == " "  # "de mark", "een piet"
    if token.word in _MONTH_ABBREVIATIONS:
        before = text[max(0, token.start - 3) : token.start]
        return bool(re.search(r"\d\s*\Z", before)) or text[token.end : token.end + 1] == "."
    return False


def _compound_before(text: str, tokens: list[_Token], index: int, lexicon: Lexicon) -> bool:
    """Whether the token starts a compound with a word that is no name ("anna-achtig")."""
    following = index + 1
    if following >= len(tokens) or _gap(text, tokens[index], tokens[following]) != "-":
        return False
    word = tokens[following].word
    return not (lexicon.name_like(word) or word in PARTICLES)


def _is_van_der(tokens: list[_Token], index: int) -> bool:
    return index + 1 < len(tokens) and tokens[index + 1].word in ("der", "den")
