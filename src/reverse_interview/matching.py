"""Step 5: what the organisation really offers this candidate, why, and what it cannot.

Pure: chosen arenas, growth preferences and a catalogue in; offerings with reasons a person can
say out loud, and honest gaps, out. No terminal, no disk, no database.

How an offering is scored for an arena, in integer points so that ordering is exact:
- its best mode among the candidate's preferences (1st choice counts most);
- each of the candidate's words (what they want to learn, their obstacles, and for their own
  arena its name) found in the offering's tags, title or summary (tags weigh most);
- each obstacle it removes ("no time" -> an offering that gives time).
Ties are broken by offering id, so the same input always gives the same output.
"""

from __future__ import annotations

import bisect
import functools
import gc
import itertools
import operator
import re
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from reverse_interview.errors import Refused
from reverse_interview.models import (
    CATEGORIES,
    ArenaAnswers,
    Catalogue,
    Gap,
    Growth,
    Match,
    MatchedOffering,
    Offering,
)

# --- words: what a person would call the same word ------------------------------------------


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that say nothing about what someone needs: function words, and the filler of anyone
# talking about their growth ("I'd really like to get better at...").
_STOP_WORDS = _word_set(
    """
    a about above after again against all also am an and any are as at be been before being
    below between both but by can could did do does doing done down during each either else
    enough etc even ever every few for from further get gets getting got had has have having
    he her here hers him his how however i id if im in into is it its itd ive just let lets
    me mine more most much must my myself no nor not now of off on once one only onto or other
    others our ours out over own per quite rather really same shall she should since so some
    something somehow still such than that thats the their theirs them then there theres these
    they this those though through thus to too under until up upon us very via was we were
    what when where whether which while who whom whose why will with within without would yet
    you your yours

    able always become better bit day dont doesnt didnt cant wont isnt arent wasnt want wants
    wanted wanting like would love lot lots improve improving improvement learn learning learned
    learnt grow growing growth develop development skill skills thing things stuff way ways
    work working good great new next make making use using help helping need needs needed try
    trying know knowing really well many maybe also kind sort currently especially area areas
    give gives giving take takes taking go goes going
    people person someone anyone everyone anything everything front back part place
    """
)

# Irregular forms, folded to the word whose stem they share.
_IRREGULAR = {
    "led": "lead",
    "taught": "teach",
    "learnt": "learn",
    "spoke": "speak",
    "spoken": "speak",
    "wrote": "write",
    "written": "write",
    "built": "build",
    "people": "person",
    "children": "child",
    "analyses": "analysis",
}

# Words the suffix rules would only damage.
_KEEP = frozenset({"kubernetes", "analysis", "series", "news", "business", "always", "towards"})

# Suffixes stripped, longest first; (suffix, shortest stem left behind). Applied up to three
# times, so that "leadership" -> "leader" -> "lead".
_SUFFIXES: tuple[tuple[str, int], ...] = (
    ("ation", 3),
    ("ating", 3),
    ("ated", 3),
    ("ator", 3),
    ("ship", 3),
    ("ment", 3),
    ("ness", 3),
    ("ity", 3),
    ("ful", 3),
    ("ing", 3),
    ("ate", 3),
    ("ed", 3),
    ("er", 3),
    ("ly", 4),
)
_NO_UNDOUBLE = frozenset("aeioulsfzy")
_BRITISH_IZ = re.compile(r"iz(e|es|ed|er|ers|ing|ation|ations)$")


def stem(word: str) -> str:
    """A plain-English stem: `leaders`, `leading`, `leadership` -> `lead`; `teams` -> `team`.

    Small on purpose: plurals, -ing/-ed/-er, a few derivations, US/UK `-ize`/`-ise`. It only
    has to fold the forms a candidate and a catalogue are likely to use for the same idea.
    """
    word = _IRREGULAR.get(word, word)
    if len(word) <= 3 or word in _KEEP or not word.isalpha():
        return word
    word = _BRITISH_IZ.sub(r"is\1", word)
    word = _singular(word)
    if word in _KEEP:
        return word
    if word in _IRREGULAR:  # peoples -> people -> person
        return stem(_IRREGULAR[word])
    changed = False
    for _ in range(3):
        for suffix, shortest in _SUFFIXES:
            if (
                word.endswith(suffix)
                and len(word) - len(suffix) >= shortest
                and not (suffix == "er" and word.endswith("eer"))
            ):
                word = word[: -len(suffix)]
                changed = True
                break
        else:
            break
    if word.endswith("e") and len(word) >= 4:
        word = word[:-1]
        changed = True
    if changed and len(word) >= 4 and word[-1] == word[-2] and word[-1] not in _NO_UNDOUBLE:
        word = word[:-1]
    return word


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith(("ies", "ied")):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


# A word, with inner apostrophes (don't, O'Reilly); hyphenated words are kept together so that
# both their parts and their joined form can match (front-end: front, end, frontend).
_ATOM = r"[^\W_]+(?:['’‘][^\W_]+)*"
_WORD = re.compile(rf"{_ATOM}(?:-{_ATOM})*")
_APOSTROPHES = re.compile(r"['’‘]")
_POSSESSIVE = re.compile(r"['’‘]s$")


def _fold(word: str) -> str:
    """Lower case, accents, possessives and apostrophes dropped: `Café` -> `cafe`,
    `team's` -> `team`, `don't` -> `dont`."""
    word = word.casefold()
    if not word.isascii():
        word = unicodedata.normalize("NFKD", word)
        word = "".join(c for c in word if not unicodedata.combining(c))
    return _APOSTROPHES.sub("", _POSSESSIVE.sub("", word))


_STOP_STEMS = frozenset(stem(w) for w in _STOP_WORDS)
# A word as written -> its stem. Catalogues and answers repeat their words: remembering the
# stems keeps matching against a large catalogue cheap.
_STEMS: dict[str, str] = {}
_STEMS_LIMIT = 200_000


def _plain_stem(part: str) -> str:
    """The stem of one word as written (stop words included)."""
    found = _STEMS.get(part)
    if found is None:
        found = stem(_fold(part))
        if len(_STEMS) >= _STEMS_LIMIT:
            _STEMS.clear()
        _STEMS[part] = found
    return found


def _stem_of(part: str) -> str:
    """The stem of one word as written, or "" when it says nothing (stop word, lone letter)."""
    found = _plain_stem(part)
    if len(found) < 2 or found in _STOP_STEMS or _fold(part) in _STOP_WORDS:
        return ""
    return found


def words(text: str) -> frozenset[str]:
    """The normalised word stems `text` is matched on: no case, accents, punctuation, stop words.

    Hyphenated words count both split and joined: `public-speaking` -> public, speak,
    publicspeak.
    """
    return frozenset(term.stem for term in _terms(text))


@dataclass(frozen=True, slots=True)
class _Term:
    """One of the candidate's words: its stem, and the word as they wrote it (lower case)."""

    stem: str
    shown: str


def _terms(text: str | None) -> list[_Term]:
    if not text:
        return []
    found = []
    for group in _WORD.findall(unicodedata.normalize("NFC", text)):
        parts = group.casefold().split("-")
        if len(parts) > 1:
            parts.append("".join(parts))
        for part in parts:
            stemmed = _stem_of(part)
            if stemmed:
                found.append(_Term(stemmed, group.lower()))
    return found


# --- obstacles: what stands in the way, and what removes it ---------------------------------


@dataclass(frozen=True)
class _Need:
    """Something an obstacle says is missing, and how an offering can be seen to provide it.

    `triggers` are phrases (word sequences) that name the obstacle; an offering removes it if
    it is in one of `categories`, has one of `modes`, or its text holds all words of a `gives`.
    """

    id: str
    triggers: tuple[tuple[str, ...], ...]
    gives: tuple[tuple[str, ...], ...]
    categories: frozenset[str] = frozenset()
    modes: frozenset[str] = frozenset()


def _phrases(text: str) -> tuple[tuple[str, ...], ...]:
    """`"no time | too busy"` -> the stemmed word sequences (("no", "tim"), ("too", "busy"))."""
    return tuple(tuple(stem(_fold(w)) for w in phrase.split()) for phrase in text.split("|"))


# In our own words: the ways people describe what holds them back, grouped by what would help.
_NEEDS: tuple[_Need, ...] = (
    _Need(
        "time",
        triggers=_phrases(
            "time | busy | deadline | workload | overtime | overload | overloaded | firefighting"
            " | bandwidth | swamped | hours | schedule | too much work | no space"
        ),
        gives=_phrases("time | work hours | working hours | sabbatical | study day | protected"),
    ),
    _Need(
        "people",
        triggers=_phrases(
            "mentor | senior | nobody | alone | isolated | isolation | lonely | guidance"
            " | role model | no one | by myself | on my own | learn from | expert"
            " | sounding board | support"
        ),
        gives=(),
        categories=frozenset({"people"}),
        modes=frozenset({"mentoring", "coaching", "apprenticeship", "peer-learning"}),
    ),
    _Need(
        "money",
        triggers=_phrases(
            "budget | money | expensive | afford | cost | funding | fund | pay | price | pricey"
        ),
        gives=_phrases(
            "budget | stipend | funded | allowance | reimbursed | grant | voucher | expenses"
        ),
    ),
    _Need(
        "feedback",
        triggers=_phrases("feedback | critique | review | how i am doing"),
        gives=_phrases("feedback | review | critique | retrospective | 360"),
        modes=frozenset({"coaching"}),
    ),
    _Need(
        "confidence",
        triggers=_phrases(
            "confidence | confident | shy | nervous | anxious | anxiety | imposter | impostor"
            " | fear | afraid | scared | intimidated | intimidating | doubt | stage fright"
        ),
        gives=_phrases("confidence | practice | rehearse | toastmasters"),
        modes=frozenset({"coaching"}),
    ),
    _Need(
        "opportunity",
        triggers=_phrases(
            "opportunity | chance | exposure | visibility | stuck | boring | bored | plateau"
            " | repetitive | same thing | never get to"
        ),
        gives=_phrases("stretch | rotation | hackathon | secondment"),
        categories=frozenset({"opportunities"}),
        modes=frozenset({"stretch-assignments"}),
    ),
    _Need(
        "direction",
        triggers=_phrases(
            "direction | roadmap | unclear | lost | where to start | career path | no plan"
            " | next step"
        ),
        gives=_phrases("plan | path | career | ladder | progression | roadmap"),
        modes=frozenset({"coaching", "mentoring"}),
    ),
    _Need(
        "access",
        triggers=_phrases(
            "access | tools | licence | license | lab | sandbox | equipment | hardware | books"
            " | environment to practise | environment to practice"
        ),
        gives=_phrases("access | licence | license | lab | sandbox | subscription"),
        categories=frozenset({"resources"}),
    ),
)

# Clauses of an obstacle answer: one obstacle each, quoted back in the reason.
_CLAUSE = re.compile(
    r"[,.;:!?()\[\]\n\r\t–—]+|\s-+\s|\s+(?:and|but|so|because|as|or|while)\s+", re.I
)
# Words that open a clause without saying anything: "I have [no time]", "there's [no budget]".
_LEAD_IN = _word_set(
    """
    i im ive id we were weve there theres is are was have has had it its my our the a an just
    really also well currently often usually sometimes mostly basically honestly that this then
    and but so because or me to always constantly
    """
)
_QUOTE_WORDS = 8


@dataclass(frozen=True)
class _Obstacle:
    need: _Need
    said: str  # the candidate's own words, trimmed to the obstacle


def _obstacles(text: str | None) -> list[_Obstacle]:
    """The needs an obstacle answer names, each with the words that named it (first only)."""
    if not text:
        return []
    found: dict[str, _Obstacle] = {}
    for clause in _CLAUSE.split(unicodedata.normalize("NFC", text)):
        spans = [m.span() for m in _WORD.finditer(clause)]
        if not spans:
            continue
        # One entry per word part, pointing back at the span it came from.
        stems: list[str] = []
        owner: list[int] = []
        for index, (start, end) in enumerate(spans):
            for part in clause[start:end].split("-"):
                stems.append(_plain_stem(part))
                owner.append(index)
        for need in _NEEDS:
            if need.id in found:
                continue
            hit = _find_phrase(stems, need.triggers)
            if hit is None:
                continue
            first, last = hit
            found[need.id] = _Obstacle(need, _quote(clause, spans, owner[first], owner[last]))
    return list(found.values())


def _find_phrase(stems: list[str], phrases: tuple[tuple[str, ...], ...]) -> tuple[int, int] | None:
    """Where the first of `phrases` to occur in `stems` starts and ends."""
    for position in range(len(stems)):
        for phrase in phrases:
            if tuple(stems[position : position + len(phrase)]) == phrase:
                return position, position + len(phrase) - 1
    return None


def _quote(clause: str, spans: list[tuple[int, int]], first: int, last: int) -> str:
    """The clause around a trigger, without its lead-in words and at most a few words long."""
    start, end = 0, len(spans) - 1
    if end - start + 1 > _QUOTE_WORDS:
        start = max(0, first - 2)
        end = min(end, last + 3, start + _QUOTE_WORDS - 1)
    while start < first and _fold(clause[spans[start][0] : spans[start][1]]) in _LEAD_IN:
        start += 1
    said = clause[spans[start][0] : spans[end][1]].split()
    said[0] = _in_sentence(said[0])
    return " ".join(said)


# --- the catalogue, indexed once ------------------------------------------------------------


# Points an offering earns; integers so that ordering is exact.
_MODE_POINTS = (10, 7, 5, 3)
_MODE_POINTS_LATER = 2
_TAG_POINTS = 9
_TITLE_POINTS = 6
_SUMMARY_POINTS = 3
_NEED_POINTS = 12
_SHOWN_WORDS = 6


_SEARCH_POINTS = {"summary": 1, "tags": 2, "title": 3, "id": 4}
# Words joined by hyphens or apostrophes, found again as one word: front-end -> frontend.
_JOINED = re.compile(r"[^\W_]+(?:[-'’‘][^\W_]+)+")
_JOINERS = re.compile(r"[-'’‘]")
# The ASCII characters that are neither in a word nor join words (hyphens, apostrophes), as
# spaces: str.split then finds a text's runs of words at C speed, several times faster than a
# regex. As str.translate is fast for ASCII text only, other texts go through their UTF-8
# bytes, where every ASCII byte is an ASCII character.
_BLANK = {c: " " for c in map(chr, range(128)) if not c.isalnum() and c not in "-'\n"}
_BLANK_ASCII = str.maketrans(_BLANK)
_BLANK_BYTES = bytes.maketrans(b"".join(c.encode() for c in _BLANK), b" " * len(_BLANK))
_ASCII_BYTES = bytes(range(128))


class _Field:
    """One field of the offerable offerings, as an index of its (case- and accent-folded) words.

    Each word points at the texts that hold it. The words are kept in order, so that those
    starting with a key are found by bisection, and only they are stemmed, when a lookup needs
    them: a large catalogue has far more words than a candidate ever says.
    """

    def __init__(
        self, name: str, points: int, texts: list[str], owners: list[list[int]] | None = None
    ) -> None:
        self.name = name
        self.points = points
        self.texts = texts
        # The positions of the offerings holding each text; None: text i is offering i's.
        self.owners = owners
        self.postings = _postings(self.texts)
        self.words = sorted(self.postings)
        self._scanned: list[tuple[str, list[int]]] | None = None

    def holding(self, key: str, accept: Callable[[str], bool] | None = None) -> Iterable[int]:
        """Positions of the offerings with a word starting with `key` (and `accept`ed), maybe
        more than once."""
        if key.isalnum():
            words = [word for word in self._starting(key) if accept is None or accept(word)]
            texts: Iterable[int] = itertools.chain.from_iterable(
                map(self.postings.__getitem__, words)
            )
        else:
            texts = self._scan(key, accept)
        if self.owners is None:
            return texts
        return itertools.chain.from_iterable(map(self.owners.__getitem__, set(texts)))

    def _starting(self, key: str) -> Iterator[str]:
        """The words that start with `key`, found by bisection in the sorted words."""
        at = bisect.bisect_left(self.words, key)
        while at < len(self.words) and self.words[at].startswith(key):
            yield self.words[at]
            at += 1

    def _scan(self, key: str, accept: Callable[[str], bool] | None) -> set[int]:
        """The texts with a word starting with a key that is not one word: folding can make
        more than a word of a letter (½ -> 1⁄2), which is then looked for in the texts."""
        if self._scanned is None:
            folded = [_prefold(text) for text in self.texts]
            joined = [
                " ".join(form for group in _JOINED.findall(text) for form in _joined_forms(group))
                for text in folded
            ]
            self._scanned = [_joined(folded), _joined(joined)]
        pattern = _starting_with(key)
        held: set[int] = set()
        for text, starts in self._scanned:
            for hit in pattern.finditer(text):
                if accept is None or accept(hit.group()):
                    held.add(bisect.bisect_right(starts, hit.start()) - 1)
        return held


def _postings(texts: list[str]) -> dict[str, list[int]]:
    """Each word of `texts`, folded, -> the indices of the texts that hold it (maybe repeated).

    The texts are folded and blanked in one go and each is split at C speed, so that the only
    Python step is one per word: that is what indexing a 10,000-offering catalogue costs.
    """
    lines = _blanked(_prefold("\n".join(texts))).split("\n")
    if len(lines) != len(texts):  # some text has line breaks of its own
        lines = [_blanked(_prefold(text)) for text in texts]
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for index, words in enumerate(map(str.split, lines)):
        for word in words:
            postings[word].append(index)
    # A run with hyphens or apostrophes is the words it holds. Catalogues repeat such runs
    # (self-directed, on-call), so each distinct one is split once.
    for run in list(itertools.filterfalse(str.isalnum, postings)):
        holding = postings.pop(run)
        for word in _run_words(run):
            postings[word].extend(holding)
    return postings


def _run_words(run: str) -> list[str]:
    """The words of a run with hyphens or apostrophes, as a regex over the text would find
    them: its plain words, and the forms that only exist joined (`front-end`: front, end,
    frontend; `o'reilly`: o, reilly, oreilly)."""
    parts = run.split("-")
    if not ("'" in run or "’" in run or "‘" in run):
        # Hyphens only: the parts, and each stretch of two or more parts that single hyphens
        # join, joined up (`a-b--c`: a, b, c, ab).
        words = [part for part in parts if part]
        for joined, stretch in itertools.groupby(parts, key=bool):
            stretched = list(stretch)
            if joined and len(stretched) > 1:
                words.append("".join(stretched))
        return words
    if len(parts) == 1:  # apostrophes only, between letters: don't, team's, o'reilly
        parts = run.replace("’", "'").replace("‘", "'").split("'")
        if all(parts):
            return [*parts, "".join(parts)]
    return _PLAIN_WORD.findall(run) + [
        form for group in _JOINED.findall(run) for form in _joined_forms(group)
    ]


def _joined_forms(group: str) -> list[str]:
    """The words of a hyphenated or apostrophed group that only exist once joined:
    `o'reilly-press` -> `oreilly`, `oreillypress` (its plain parts are found as they are)."""
    parts = group.split("-")
    forms = [_APOSTROPHES.sub("", part) for part in parts if _APOSTROPHES.search(part)]
    if len(parts) > 1:
        forms.append(_JOINERS.sub("", group))
    return forms


@functools.lru_cache(maxsize=1024)
def _starting_with(key: str) -> re.Pattern[str]:
    """A word that starts with `key`. The look-behind comes after the key, so that the regex
    engine can still scan for the key itself, fast."""
    return re.compile(rf"{re.escape(key)}(?<![^\W_].{{{len(key)}}})[^\W_]*")


def _prefold(text: str) -> str:
    """Lower case, accents dropped. A whole field is folded at once, at C speed."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFC", text).casefold())
    for mark in _beyond_ascii(text):
        if unicodedata.combining(mark):
            text = text.replace(mark, "")
    return text


def _blanked(folded: str) -> str:
    """A folded text with every character that is neither in a word nor joins words made a
    space: its runs of joined words are then what str.split finds."""
    if folded.isascii():
        return folded.translate(_BLANK_ASCII)
    blanked = _utf8(folded).translate(_BLANK_BYTES).decode(errors="surrogatepass")
    for other in _beyond_ascii(blanked):
        if not other.isalnum() and other not in "’‘":
            blanked = blanked.replace(other, " ")
    return blanked


def _beyond_ascii(text: str) -> set[str]:
    """The characters of `text` that are not ASCII, found at C speed through its bytes."""
    return set(_utf8(text).translate(None, _ASCII_BYTES).decode(errors="surrogatepass"))


def _utf8(text: str) -> bytes:
    return text.encode(errors="surrogatepass")


def _joined(texts: list[str]) -> tuple[str, list[int]]:
    """The texts joined by newlines, and where each one starts."""
    starts = list(itertools.accumulate([len(text) + 1 for text in texts], initial=0))[:-1]
    return "\n".join(texts), starts


def _keys(stemmed: str) -> tuple[str, ...]:
    """What a word with this stem starts with: a stem is its word's beginning, but for
    `-ies` -> `y` (studies: study), `-ize` -> `-ise` and the irregular forms."""
    keys = [stemmed[:-1] if stemmed.endswith("y") and len(stemmed) > 2 else stemmed]
    if stemmed.endswith("is"):
        keys.append(stemmed[:-1] + "z")
    keys.extend(_IRREGULAR_BY_STEM.get(stemmed, ()))
    return tuple(keys)


_IRREGULAR_BY_STEM: dict[str, list[str]] = {}
for _irregular, _regular in _IRREGULAR.items():
    _IRREGULAR_BY_STEM.setdefault(stem(_regular), []).append(_irregular)


class _Index:
    """What matching needs from a catalogue, computed once per catalogue (and lazily).

    Offerable offerings only, sorted by id: a position in `offerings` breaks ties by id.
    """

    def __init__(self, catalogue: Catalogue) -> None:
        self.offerings: list[Offering] = sorted(catalogue.offerable, key=operator.attrgetter("id"))
        # The positions of the offerings in each arena, category and mode, and of those sharing
        # each summary and tag (offerings share tags, and often summaries: each distinct one
        # is indexed once). In one pass: with 10,000 offerings, every step of the loop counts.
        self.by_arena: defaultdict[str, list[int]] = defaultdict(list)
        self.by_category: defaultdict[str, list[int]] = defaultdict(list)
        self.by_mode: defaultdict[str, list[int]] = defaultdict(list)
        by_summary: defaultdict[str, list[int]] = defaultdict(list)
        by_tag: defaultdict[str, list[int]] = defaultdict(list)
        for position, offering in enumerate(self.offerings):
            for arena in offering.arenas:
                self.by_arena[arena].append(position)
            self.by_category[offering.category].append(position)
            for mode in offering.modes:
                self.by_mode[mode].append(position)
            by_summary[offering.summary].append(position)
            for tag in offering.tags:
                by_tag[tag].append(position)
        # In rising points, so that the best field holding a word is the one remembered.
        self.fields = (
            _Field("summary", _SUMMARY_POINTS, list(by_summary), list(by_summary.values())),
            _Field("title", _TITLE_POINTS, self._column("title")),
            _Field("tags", _TAG_POINTS, list(by_tag), list(by_tag.values())),
        )
        self._holders: dict[str, dict[int, int]] = {}
        self._meets: dict[str, frozenset[int]] = {}
        self._search_fields: tuple[_Field, ...] | None = None
        self._by_title: list[Offering] | None = None

    def _column(self, attribute: str) -> list[Any]:
        """One attribute of every offering, in order (at C speed, unlike a comprehension)."""
        return list(map(operator.attrgetter(attribute), self.offerings))

    def holders(self, stemmed: str) -> dict[int, int]:
        """Offerings with a word of this stem: position -> points of the best field holding it."""
        found = self._holders.get(stemmed)
        if found is None:
            found = {}

            def same_stem(word: str) -> bool:
                return _plain_stem(word) == stemmed

            for field in self.fields:
                for key in _keys(stemmed):
                    found.update(dict.fromkeys(field.holding(key, same_stem), field.points))
            self._holders[stemmed] = found
        return found

    def meets(self, need: _Need) -> frozenset[int]:
        """Positions of the offerings that remove this need."""
        cached = self._meets.get(need.id)
        if cached is None:
            found: set[int] = set()
            for category in need.categories:
                found.update(self.by_category.get(category, ()))
            for mode in need.modes:
                found.update(self.by_mode.get(mode, ()))
            for phrase in need.gives:
                holding = [self.holders(stemmed).keys() for stemmed in phrase]
                found.update(set(holding[0]).intersection(*holding[1:]))
            cached = frozenset(found)
            self._meets[need.id] = cached
        return cached

    def search_fields(self) -> tuple[_Field, ...]:
        """The fields the highlight picker searches, in rising points: summary .. id."""
        if self._search_fields is None:
            ids = _Field("id", _SEARCH_POINTS["id"], self._column("id"))
            by_name = {field.name: field for field in (*self.fields, ids)}
            self._search_fields = tuple(
                sorted(by_name.values(), key=lambda field: _SEARCH_POINTS[field.name])
            )
        return self._search_fields

    def by_title(self) -> list[Offering]:
        if self._by_title is None:
            self._by_title = sorted(self.offerings, key=lambda o: (o.title.casefold(), o.id))
        return self._by_title

    def search_scores(self, word: str) -> dict[int, int]:
        """Offerings with a word that starts like `word` (as typed) or shares its stem."""
        stemmed = _plain_stem(word)

        def same_stem(found: str) -> bool:
            return _plain_stem(found) == stemmed

        scores: dict[int, int] = {}
        for field in self.search_fields():
            holding = set(field.holding(word))
            if len(word) > 3:
                for key in _keys(stemmed):
                    holding.update(field.holding(key, same_stem))
            scores.update(dict.fromkeys(holding, _SEARCH_POINTS[field.name]))
        return scores


_INDEXING = threading.Lock()  # `ri run` builds the index ahead, in the background


def prepare(catalogue: Catalogue) -> None:
    """Build what matching and the highlight search need, ahead of step 5 (`ri run` does it
    in the background while the first steps are asked)."""
    _index(catalogue)


def _index(catalogue: Catalogue) -> _Index:
    # Cached on the frozen catalogue, as models.Catalogue does for its id index.
    cached = catalogue.__dict__.get("_matching_index")
    if isinstance(cached, _Index):
        return cached
    with _INDEXING:
        cached = catalogue.__dict__.get("_matching_index")
        if not isinstance(cached, _Index):
            # The index is thousands of lists that make no reference cycles: the cycle
            # collector, run every few hundred of them, would walk the whole catalogue again
            # and again.
            paused = gc.isenabled()
            gc.disable()
            try:
                cached = _Index(catalogue)
            finally:
                if paused:
                    gc.enable()
            object.__setattr__(catalogue, "_matching_index", cached)
    return cached


# --- matching -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatchResult:
    """Step 5's outcome: one Match per chosen arena (in their order), then the gaps."""

    matches: tuple[Match, ...]
    gaps: tuple[Gap, ...]


def match(
    arenas: Sequence[ArenaAnswers],
    growth: Growth,
    catalogue: Catalogue,
    *,
    per_arena: int = 4,
) -> MatchResult:
    """The best few offerable offerings for each arena, with reasons, and the honest gaps."""
    index = _index(catalogue)
    ranks: dict[str, int] = {}
    for mode in growth.preferred:
        ranks.setdefault(mode, len(ranks) + 1)
    matches = []
    gaps: list[Gap] = []
    for answers in arenas:
        arena_match, arena_gaps = _match_arena(answers, ranks, catalogue, index, per_arena)
        matches.append(arena_match)
        gaps.extend(arena_gaps)
    return MatchResult(tuple(matches), tuple(gaps))


def _match_arena(
    answers: ArenaAnswers,
    ranks: dict[str, int],
    catalogue: Catalogue,
    index: _Index,
    per_arena: int,
) -> tuple[Match, list[Gap]]:
    custom = answers.custom or catalogue.arena(answers.id) is None
    name = (answers.name or answers.id) if custom else catalogue.arena_name(answers.id)
    obstacles = _obstacles(answers.obstacles)
    # Words that named an obstacle are answered by the need, not matched again as words.
    said_by_needs = {s for o in obstacles for phrase in o.need.triggers for s in phrase}
    terms = _terms(answers.name) if custom else []
    terms += _terms(answers.learn)
    terms += [t for t in _terms(answers.obstacles) if t.stem not in said_by_needs]
    stems = sorted({t.stem for t in terms})

    if custom:
        # Matched on words alone: the candidates are the offerings that share a word.
        earned_by_words: dict[int, int] = {}
        for stemmed in stems:
            holders = index.holders(stemmed)
            _add(earned_by_words, holders.keys(), holders.values())
        members: Collection[int] = earned_by_words.keys()
    else:
        members = index.by_arena.get(answers.id, [])
    # Each offering earns the points of its best-ranked mode: the worst ranks are written first
    # so that better ones overwrite them.
    points = dict.fromkeys(members, 0)
    for mode, rank in sorted(ranks.items(), key=lambda item: -item[1]):
        holding = points.keys() & index.by_mode.get(mode, ())
        points.update(dict.fromkeys(holding, _mode_points(rank)))
    if custom:
        _add(points, earned_by_words.keys(), earned_by_words.values())
    else:
        for stemmed in stems:
            holders = index.holders(stemmed)
            held = holders.keys() & points.keys()
            _add(points, held, map(holders.__getitem__, held))
    for obstacle in obstacles:
        _add(points, points.keys() & index.meets(obstacle.need), itertools.repeat(_NEED_POINTS))

    chosen = _choose(points, index, per_arena)
    offered = tuple(
        _explain(
            position, points[position], custom, name, terms, obstacles, ranks, catalogue, index
        )
        for position in chosen
    )
    gaps = _gaps(answers.id, name, points, ranks, catalogue, index)
    return Match(arena=answers.id, offerings=offered), gaps


def _add(points: dict[int, int], positions: Collection[int], earned: Iterable[int]) -> None:
    """Adds to each position's points what it earned (in the order of `positions`; a new
    position starts at 0). At C speed: an arena of a big catalogue has thousands of them."""
    before = map(points.get, positions, itertools.repeat(0))
    points.update(zip(positions, map(operator.add, before, earned), strict=True))


def _best_rank(offering: Offering, ranks: dict[str, int]) -> int | None:
    best = None
    for mode in offering.modes:
        rank = ranks.get(mode)
        if rank is not None and (best is None or rank < best):
            best = rank
    return best


def _mode_points(rank: int) -> int:
    return _MODE_POINTS[rank - 1] if rank <= len(_MODE_POINTS) else _MODE_POINTS_LATER


def _choose(points: dict[int, int], index: _Index, per_arena: int) -> list[int]:
    """The best of each category first (so all three show when they can), then the best left.

    Best: most points, then lowest position (which is offering id order).
    """
    # A stable sort by points, descending, of positions already in order: ties stay by id.
    ranked = sorted(sorted(points), key=points.__getitem__, reverse=True)
    chosen: list[int] = []
    categories_seen: set[str] = set()
    for position in ranked:
        category = index.offerings[position].category
        if category not in categories_seen:
            categories_seen.add(category)
            chosen.append(position)
            if len(categories_seen) == len(CATEGORIES):
                break
    chosen = chosen[: max(per_arena, 0)]
    taken = set(chosen)
    for position in ranked:
        if len(chosen) >= per_arena:
            break
        if position not in taken:
            chosen.append(position)
    return sorted(chosen, key=lambda position: (-points[position], position))


def _explain(
    position: int,
    earned: int,
    custom: bool,
    arena_name: str,
    terms: list[_Term],
    obstacles: list[_Obstacle],
    ranks: dict[str, int],
    catalogue: Catalogue,
    index: _Index,
) -> MatchedOffering:
    offering = index.offerings[position]
    reasons = []
    if not custom:
        reasons.append(f"in {arena_name}")
    rank = _best_rank(offering, ranks)
    if rank is not None:
        mode = next(m for m in offering.modes if ranks.get(m) == rank)
        reasons.append(f"{_in_sentence(catalogue.mode_name(mode))} — their {_ordinal(rank)} choice")
    shown: dict[str, str] = {}  # stem -> the first word they used for it
    for term in terms:
        if term.stem not in shown and position in index.holders(term.stem):
            shown[term.stem] = term.shown
    shown_words = list(dict.fromkeys(shown.values()))
    if shown_words:
        reasons.append("matches their words: " + ", ".join(shown_words[:_SHOWN_WORDS]))
    for obstacle in obstacles:
        said = f"helps with their obstacle: {obstacle.said}"
        if position in index.meets(obstacle.need) and said not in reasons:
            reasons.append(said)
    return MatchedOffering(
        id=offering.id,
        title=offering.title,
        category=offering.category,
        reasons=tuple(reasons),
        score=float(earned),
    )


def _gaps(
    arena_id: str,
    arena_name: str,
    candidates: dict[int, int],
    ranks: dict[str, int],
    catalogue: Catalogue,
    index: _Index,
) -> list[Gap]:
    said_name = _in_sentence(arena_name)
    if not candidates:
        return [Gap(arena_id, None, f"We have nothing to offer for {said_name} today.")]
    top_two = sorted(ranks, key=ranks.__getitem__)[:2]
    return [
        Gap(
            arena_id,
            mode,
            f"We have no {_in_sentence(catalogue.mode_name(mode))} for {said_name} today.",
        )
        for mode in top_two
        if candidates.keys().isdisjoint(index.by_mode.get(mode, ()))
    ]


def _in_sentence(name: str) -> str:
    """A name as said mid-sentence: `Leadership growth` -> `leadership growth`, `AWS` kept."""
    return " ".join(w if any(c.isupper() for c in w[1:]) else w.lower() for w in name.split())


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# --- highlights: offerings the interviewer adds ---------------------------------------------


_PLAIN_WORD = re.compile(r"[^\W_]+")


def _plain_words(text: str) -> list[str]:
    """Words as a person would compare them: no case, accents or apostrophes; hyphens split."""
    text = text.casefold()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return _PLAIN_WORD.findall(_APOSTROPHES.sub("", text))


def search(catalogue: Catalogue, query: str, *, limit: int = 10) -> list[Offering]:
    """Offerable offerings for the highlight picker, best match for `query` first.

    Each query word may be the start of a word (as it is being typed) or another form of it.
    Offerings matching more of the query come first, then by where it matched (id and title,
    tags, summary), then by title. An empty query lists the first `limit` by title.
    """
    if limit <= 0:
        return []
    index = _index(catalogue)
    wanted = _plain_words(query or "")
    content = [w for w in wanted if w not in _STOP_WORDS]
    wanted = content or wanted
    if not wanted:
        return index.by_title()[:limit]
    matched: dict[int, int] = {}
    points: dict[int, int] = {}
    for word in dict.fromkeys(wanted):
        for position, earned in index.search_scores(word).items():
            matched[position] = matched.get(position, 0) + 1
            points[position] = points.get(position, 0) + earned
    exact = _title_key(query)

    def order(position: int) -> tuple[bool, int, int, str, str]:
        offering = index.offerings[position]
        is_exact = offering.id == exact or _title_key(offering.title) == exact
        return (
            not is_exact,
            -matched[position],
            -points[position],
            offering.title.casefold(),
            offering.id,
        )

    ranked = sorted(matched, key=order)
    return [index.offerings[position] for position in ranked[:limit]]


def _title_key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def find_offering(catalogue: Catalogue, text: str) -> Offering:
    """The offering a typed or chosen highlight names: its exact id, or exact title (any case).

    Refused, with the reason, when it is not in the catalogue, inactive, full, or ambiguous:
    a highlight is a promise, and only what exists can be promised.
    """
    wanted = _title_key(text or "")
    said = _said(text)
    offering = catalogue.offering(wanted)
    if offering is None:
        titled = [o for o in catalogue.offerings if _title_key(o.title) == wanted]
        if len(titled) > 1:
            ids = ", ".join(sorted(o.id for o in titled))
            raise Refused(f"'{said}' is the title of several offerings ({ids}): give its id")
        offering = titled[0] if titled else None
    if offering is None:
        raise Refused(
            f"'{said}' is not in the catalogue: it can't be promised" + _hint(catalogue, text)
        )
    if not offering.active:
        raise Refused(f"'{said}' is no longer offered (inactive)")
    if offering.capacity == 0:
        raise Refused(f"'{said}' has no places (capacity 0)")
    return offering


def _said(text: str | None) -> str:
    said = " ".join((text or "").split())
    return said if len(said) <= 60 else said[:59] + "…"


def _hint(catalogue: Catalogue, text: str) -> str:
    """` (did you mean ...?)` naming offerable offerings that hold every word typed."""
    wanted = _plain_words(text or "")
    if not wanted:
        return ""
    index = _index(catalogue)
    holding: set[int] | None = None
    for word in wanted:
        found = set(index.search_scores(word))
        holding = found if holding is None else holding & found
    close = sorted(holding or (), key=lambda p: (index.offerings[p].title.casefold(), p))[:3]
    if not close:
        return ""
    return f" (did you mean {' or '.join(index.offerings[p].id for p in close)}?)"
