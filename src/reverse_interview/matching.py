"""Step 5: what the organisation really offers this candidate, why, and what it cannot.

Pure: chosen arenas, the role, growth preferences and a catalogue in; offerings with reasons
a person can say out loud, and honest gaps, out. No terminal, no disk, no database.

Evidence first. An offering is shown in an arena only when what the candidate said there (what
they want to learn; for their own arena also its name and answers) meets its title, tags or
summary. Each word weighs what it tells: how few of this catalogue's offerings carry it, and
how much any word like it tells in the language (words.in_language); words for the same thing
count at half weight (words.related). What the candidate rules out anywhere in the interview is
never evidence, and an offering that is more about it than about what they want is not shown.
An obstacle they name that an offering `removes` strengthens it; on its own it brings in at most
one offering of the arena per obstacle. Arena membership and preferred modes only order.

Gaps are the candidate's wishes (clauses of what they want to learn) that nothing shown meets:
`full` when a full offering would have met it, `topic` otherwise; and `mode` for each of their
two most preferred modes that nothing shown in the arena offers.

Ties are broken by offering id, so the same input always gives the same output.
"""

from __future__ import annotations

import bisect
import functools
import gc
import heapq
import itertools
import math
import operator
import re
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from dataclasses import field as default
from typing import Any

from reverse_interview.errors import Refused
from reverse_interview.models import (
    ArenaAnswers,
    Catalogue,
    Gap,
    Growth,
    Match,
    MatchedOffering,
    Offering,
)
from reverse_interview.obstacles import NamedObstacle, recognise
from reverse_interview.text import in_sentence, ordinal
from reverse_interview.words import (
    APOSTROPHES,
    OTHER_SPELLINGS,
    STOP_WORDS,
    Clause,
    Term,
    in_language,
    plain_stem,
    read,
    related,
    stem,
    unaccented,
    words,
)

__all__ = ["MatchResult", "find_offering", "match", "search", "stem", "words"]

_APOSTROPHES = APOSTROPHES
_STOP_WORDS = STOP_WORDS
_plain_stem = plain_stem

# --- the catalogue, indexed once ------------------------------------------------------------


# How much a word found in each field of an offering counts (its best field only).
_FIELD_WEIGHT = {"title": 1.0, "tags": 0.8, "summary": 0.5}
# How many of the offerings that reach the bar in an arena are looked at, strongest first: far
# more than are ever shown, however many of a large catalogue's offerings share their words.
_LOOKED_AT = 60
# How many words' meetings (with their related words) an index remembers.
_MEETING_KEPT = 50_000
# What each other field that repeats the word adds: what an offering repeats, it is about.
_ANOTHER_FIELD = 0.15
_MOST_A_WORD_MEETS = _FIELD_WEIGHT["title"] + 2 * _ANOTHER_FIELD
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
    for index, found in enumerate(map(str.split, lines)):
        for word in found:
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
    `-ies` -> `y` (studies: study), `-ize` -> `-ise`, short forms and irregular forms."""
    keys = [stemmed[:-1] if stemmed.endswith("y") and len(stemmed) > 2 else stemmed]
    if stemmed.endswith("is"):
        keys.append(stemmed[:-1] + "z")
    keys.extend(OTHER_SPELLINGS.get(stemmed, ()))
    return tuple(keys)


class _Index:
    """What matching needs from some offerings, computed once per catalogue (and lazily).

    Sorted by id: a position in `offerings` breaks ties by id.
    """

    def __init__(self, offerings: Iterable[Offering]) -> None:
        self.offerings: list[Offering] = sorted(offerings, key=operator.attrgetter("id"))
        # The positions of the offerings in each arena, category and mode, and of those sharing
        # each summary and tag (offerings share tags, and often summaries: each distinct one
        # is indexed once). In one pass: with 10,000 offerings, every step of the loop counts.
        self.by_arena: defaultdict[str, list[int]] = defaultdict(list)
        self.by_category: defaultdict[str, list[int]] = defaultdict(list)
        self.by_mode: defaultdict[str, list[int]] = defaultdict(list)
        by_summary: defaultdict[str, list[int]] = defaultdict(list)
        by_tag: defaultdict[str, list[int]] = defaultdict(list)
        self.by_removes: defaultdict[str, list[int]] = defaultdict(list)
        for position, offering in enumerate(self.offerings):
            for kind in offering.removes:
                self.by_removes[kind].append(position)
            for arena in offering.arenas:
                self.by_arena[arena].append(position)
            self.by_category[offering.category].append(position)
            for mode in offering.modes:
                self.by_mode[mode].append(position)
            by_summary[offering.summary].append(position)
            for tag in offering.tags:
                by_tag[tag].append(position)
        # In rising weight, so that the best field holding a word is the one remembered.
        self.fields = (
            _Field("summary", 1, list(by_summary), list(by_summary.values())),
            _Field("tags", 2, list(by_tag), list(by_tag.values())),
            _Field("title", 3, self._column("title")),
        )
        self._holders: dict[str, dict[int, float]] = {}
        self._meeting: dict[tuple[str, frozenset[str]], dict[int, float]] = {}
        self._search_fields: tuple[_Field, ...] | None = None
        self._by_title: list[Offering] | None = None

    def _column(self, attribute: str) -> list[Any]:
        """One attribute of every offering, in order (at C speed, unlike a comprehension)."""
        return list(map(operator.attrgetter(attribute), self.offerings))

    def holders(self, stemmed: str) -> dict[int, float]:
        """Offerings with a word of this stem: position -> weight of the best field holding it."""
        found = self._holders.get(stemmed)
        if found is None:
            found = {}

            def same_stem(word: str) -> bool:
                return _plain_stem(word) == stemmed

            # The best field, and a little more for each other field that repeats the word.
            held = []
            for field in self.fields:  # in rising weight: the best field is written last
                positions: set[int] = set()
                for key in _keys(stemmed):
                    positions.update(field.holding(key, same_stem))
                found.update(dict.fromkeys(positions, _FIELD_WEIGHT[field.name]))
                held.append(positions)
            for twice in (held[0] & held[1]) | (held[0] & held[2]) | (held[1] & held[2]):
                found[twice] += _ANOTHER_FIELD
            for thrice in held[0] & held[1] & held[2]:
                found[thrice] += _ANOTHER_FIELD
            self._holders[stemmed] = found
        return found

    def meeting(self, stemmed: str, said_too: frozenset[str]) -> dict[int, float]:
        """Offerings a word meets: position -> weight of its best field, or of a word for the
        same thing (one not said as well), at `_RELATED_SHARE`."""
        key = (stemmed, said_too)
        found = self._meeting.get(key)
        if found is None:
            found = dict(self.holders(stemmed))
            for other in sorted(related(stemmed) - said_too):
                for position, field_weight in self.holders(other).items():
                    share = field_weight * _RELATED_SHARE
                    if share > found.get(position, 0.0):
                        found[position] = share
            if len(self._meeting) > _MEETING_KEPT:
                self._meeting.clear()
            self._meeting[key] = found
        return found

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


@dataclass
class _Catalogue:
    """A catalogue as matching reads it: the offerable offerings, the full ones and the
    withdrawn ones (for gaps only), and how many offerings each word is found in."""

    shown: _Index
    full: _Index
    gone: _Index
    total: int
    _weights: dict[str, float] = default(default_factory=dict)

    def rarity(self, stemmed: str) -> float:
        """1 for a word one offering has (or none), falling to 0 for a word every one has."""
        found = self._weights.get(stemmed)
        if found is None:
            count = len(self.shown.holders(stemmed)) + len(self.full.holders(stemmed))
            count += len(self.gone.holders(stemmed))
            if count == 0 or self.total <= 1:
                found = 1.0
            else:
                # Scaled so that a word only one offering has weighs 1, whatever the size.
                most = math.log((self.total + 1) / 1.5)
                found = math.log((self.total + 1) / (count + 0.5)) / most
                found = min(1.0, max(0.0, found))
            self._weights[stemmed] = found
        return found


def _index(catalogue: Catalogue) -> _Catalogue:
    # Cached on the frozen catalogue, as models.Catalogue does for its id index.
    cached = catalogue.__dict__.get("_matching_index")
    if isinstance(cached, _Catalogue):
        return cached
    with _INDEXING:
        cached = catalogue.__dict__.get("_matching_index")
        if not isinstance(cached, _Catalogue):
            # The index is thousands of lists that make no reference cycles: the cycle
            # collector, run every few hundred of them, would walk the whole catalogue again
            # and again.
            paused = gc.isenabled()
            gc.disable()
            try:
                shown = _Index(catalogue.offerable)
                full = _Index(o for o in catalogue.offerings if o.active and o.capacity == 0)
                gone = _Index(o for o in catalogue.offerings if not o.active)
                cached = _Catalogue(shown, full, gone, len(catalogue.offerings))
            finally:
                if paused:
                    gc.enable()
            object.__setattr__(catalogue, "_matching_index", cached)
    return cached


# --- matching -------------------------------------------------------------------------------

# What it takes to be shown: the weight of the evidence, in words that one offering alone has
# found in its title (1.0). A rare word in the tags and summary passes; a word half the
# catalogue has does not, nor does a rare word only in a summary.
_ENOUGH = 0.85
# A word counts for something when it brings this much; one such word alone is evidence only
# when the offering is about it: it is in its title, or in both its tags and its summary.
_A_WORD = 0.15
_ABOUT = _FIELD_WEIGHT["tags"] + _ANOTHER_FIELD
# A wish whose one word carries this much of its weight (and weighs this much) is about that
# word: an offering about it (title, or tags and summary) meets the wish on its own.
_MAIN_SHARE = 0.6
_MAIN_WORD = 0.5
# Words for the same thing count for this much of the word itself.
_RELATED_SHARE = 0.5
# Words of their own arena's other answers count for this much of its name and wish; a word
# they use for what they are already good at counts for this much as a wish.
_OBSTACLES_SHARE = 0.5
_STRENGTHS_SHARE = 0.5
# Words of a name of their own arena this telling are what it is about: an offering shown
# there meets one of them.
_NAME_WORD = 0.3
# An obstacle brings an offering in on its own only when a word this telling points at it.
_LINK_WORD = 0.5
# An offering at least this much about what they rule out (against what they want) is not shown.
_RULED_OUT_SHARE = 0.4
# Added to the evidence for ordering: each obstacle removed, a 1st/2nd/... choice of mode.
_OBSTACLE_BONUS = 0.5
_MODE_BONUS = (0.3, 0.2, 0.1)
# Beside offerings shown, a wish is a gap only for a word this telling that the catalogue
# knows (an offering has it, maybe full or withdrawn) and nothing shown meets.
_WISH_WORD = 0.5
_SHOWN_WORDS = 6
_WISH_WORDS = 14


@dataclass(frozen=True)
class MatchResult:
    """Step 5's outcome: one Match per chosen arena (in their order), then the gaps."""

    matches: tuple[Match, ...]
    gaps: tuple[Gap, ...]


@dataclass
class _Found:
    """What an offering has for one arena: the weight of the evidence and of what is ruled out,
    and the candidate's words that met it (stem -> as they wrote it)."""

    weight: float = 0.0
    against: float = 0.0
    said: dict[str, str] = default(default_factory=dict)
    obstacles: list[NamedObstacle] = default(default_factory=list)
    words: int = 0  # how many of their words count for something
    titled: bool = False  # the offering is about one of those: in its title, or tags and summary
    main: bool = False  # it is about the one word a wish of theirs is about


def match(
    arenas: Sequence[ArenaAnswers],
    growth: Growth,
    catalogue: Catalogue,
    *,
    role: str | None = None,
    per_arena: int = 4,
) -> MatchResult:
    """The offerable offerings the candidate's words call for in each arena, with reasons,
    and the honest gaps."""
    index = _index(catalogue)
    ranks: dict[str, int] = {}
    for mode in growth.preferred:
        ranks.setdefault(mode, len(ranks) + 1)
    ruled_out = _ruled_out(arenas, growth)
    fits = _role_fit(role)
    matches = []
    gaps: list[Gap] = []
    for answers in arenas:
        arena_match, arena_gaps = _match_arena(
            answers, ranks, ruled_out, fits, catalogue, index, per_arena
        )
        matches.append(arena_match)
        gaps.extend(arena_gaps)
    return MatchResult(tuple(matches), tuple(gaps))


def _ruled_out(arenas: Sequence[ArenaAnswers], growth: Growth) -> set[str]:
    """Every stem the candidate rules out anywhere in the interview."""
    texts = [growth.note]
    for answers in arenas:
        texts += [answers.name, answers.strengths, answers.learn, answers.obstacles]
    return {t.stem for text in texts for clause in read(text) for t in clause.terms if t.negated}


def _role_fit(role: str | None) -> Callable[[Offering], bool]:
    """Whether an offering is for someone in `role`: no `roles`, or the role names one of them
    as a whole word or phrase, in any case."""
    said = " " + " ".join(_plain_words(role or "")) + " "
    cache: dict[tuple[str, ...], bool] = {}

    def fits(offering: Offering) -> bool:
        if not offering.roles:
            return True
        found = cache.get(offering.roles)
        if found is None:
            found = any(
                (" " + " ".join(_plain_words(r)) + " ") in said
                for r in offering.roles
                if _plain_words(r)
            )
            cache[offering.roles] = found
        return found

    return fits


@dataclass(frozen=True)
class _Wish:
    """What the candidate said in an arena, as matching weighs it."""

    name: list[Clause]  # their own arena's name ([] for the catalogue's arenas)
    learn: list[Clause]  # what they want to learn
    strengths: list[Clause]
    obstacles: list[Clause]
    custom: bool

    @property
    def clauses(self) -> list[Clause]:
        """Their wishes: their own arena's name, and what they want to learn."""
        return self.name + self.learn


def _match_arena(
    answers: ArenaAnswers,
    ranks: dict[str, int],
    ruled_out: set[str],
    fits: Callable[[Offering], bool],
    catalogue: Catalogue,
    index: _Catalogue,
    per_arena: int,
) -> tuple[Match, list[Gap]]:
    custom = answers.custom or catalogue.arena(answers.id) is None
    name = (answers.name or answers.id) if custom else catalogue.arena_name(answers.id)
    wish = _Wish(
        name=read(answers.name) if custom else [],
        learn=read(answers.learn),
        strengths=read(answers.strengths),
        obstacles=read(answers.obstacles),
        custom=custom,
    )
    wanted = _wanted(wish, index)
    against = {
        s: index.rarity(s) * in_language(s) for s in ruled_out - set(wanted) if in_language(s) > 0
    }
    named_stems = {t.stem for c in wish.name for t in c.terms if _weight(t, index) >= _NAME_WORD}
    named = recognise(answers.obstacles, catalogue.obstacles)

    def belongs(offering: Offering) -> bool:
        return custom or answers.id in offering.arenas

    def passes(offering: Offering, found: _Found, *, anyone: bool = False) -> bool:
        """Enough evidence, for them (`anyone`: whatever their role), and more about what they
        want than what they rule out."""
        if found.weight < _ENOUGH and not found.main:
            return False
        if found.against >= _RULED_OUT_SHARE * found.weight:
            return False
        if found.words < 2 and not found.titled:  # one word it only mentions is not enough
            return False
        if named_stems and not _names_arena(found, named_stems):
            return False
        return belongs(offering) and (anyone or fits(offering))

    main = _main_words(wish, index)
    found = _evidence(index.shown, wanted, against, main)
    shown = {p: f for p, f in found.items() if passes(index.shown.offerings[p], f)}
    links = _links(wish, index)
    for obstacle in named:
        holding = index.shown.by_removes.get(obstacle.kind.id, ())
        for position in holding:
            if position in shown:
                shown[position].obstacles.append(obstacle)
        # On its own, an obstacle brings in the one offering of the arena that best fits: one
        # of their modes, and something else they said in the arena points at it.
        alone = [
            p
            for p in holding
            if p not in shown
            and not custom
            and belongs(index.shown.offerings[p])
            and fits(index.shown.offerings[p])
            and found.get(p, _Found()).against == 0
            and _best_rank(index.shown.offerings[p], ranks) is not None
            and _linked(index.shown, p, links)
        ]
        if alone:
            best = min(alone, key=lambda p: (_best_rank(index.shown.offerings[p], ranks), p))
            shown[best] = _Found(obstacles=[obstacle])

    def order(position: int) -> tuple[float, int]:
        f = shown[position]
        rank = _best_rank(index.shown.offerings[position], ranks)
        bonus = _MODE_BONUS[rank - 1] if rank is not None and rank <= len(_MODE_BONUS) else 0.0
        return (-(f.weight + _OBSTACLE_BONUS * len(f.obstacles) + bonus), position)

    chosen = sorted(shown, key=order)[: max(per_arena, 0)]
    offered = tuple(_explain(index.shown.offerings[p], shown[p], ranks, catalogue) for p in chosen)
    # What would meet their words but they cannot have: full, withdrawn, for other roles.
    unavailable = [
        (index.full.offerings[p], f, "full")
        for p, f in sorted(_evidence(index.full, wanted, against).items())
        if passes(index.full.offerings[p], f)
    ]
    unavailable += [
        (index.gone.offerings[p], f, "gone")
        for p, f in sorted(_evidence(index.gone, wanted, against).items())
        if passes(index.gone.offerings[p], f, anyone=True)
    ]
    unavailable += [
        (index.shown.offerings[p], f, "role")
        for p, f in sorted(found.items())
        if not fits(index.shown.offerings[p]) and passes(index.shown.offerings[p], f, anyone=True)
    ]
    gaps = _gaps(
        answers.id,
        name,
        wish,
        [shown[p] for p in chosen],
        [index.shown.offerings[p] for p in chosen],
        unavailable,
        ranks,
        catalogue,
        index,
    )
    return Match(arena=answers.id, offerings=offered), gaps


def _weight(term: Term, index: _Catalogue) -> float:
    """What a word of the candidate's tells in this catalogue."""
    return index.rarity(term.stem) * (1.0 if term.phrase else in_language(term.stem))


def _wanted(wish: _Wish, index: _Catalogue) -> dict[str, tuple[float, str]]:
    """The stems that are evidence in an arena: stem -> (weight, the word as they said it).

    What they want to learn counts in full, but a word they also use for what they are already
    good at counts for less (they have it). Their own arena's name counts in full; its other
    answers for less.
    """
    already = {t.stem for c in wish.strengths for t in c.terms}
    sources = [(1.0, wish.name), (1.0, wish.learn)]
    if wish.custom:
        sources += [(_OBSTACLES_SHARE, wish.obstacles), (_STRENGTHS_SHARE, wish.strengths)]
    wanted: dict[str, tuple[float, str]] = {}
    for share, clauses in sources:
        for clause in clauses:
            for term in clause.terms:
                if term.negated:
                    continue
                weight = share * _weight(term, index)
                if share == 1.0 and term.stem in already:
                    weight *= _STRENGTHS_SHARE
                if weight > wanted.get(term.stem, (0.0, ""))[0]:
                    wanted[term.stem] = (weight, term.shown)
    return wanted


def _main_words(wish: _Wish, index: _Catalogue) -> frozenset[str]:
    """The words short wishes are about: a word that carries most of its clause's weight."""
    found = set()
    for clause in wish.clauses:
        weights = {
            t.stem: _weight(t, index) for t in clause.terms if not t.negated and not t.phrase
        }
        if not weights:
            continue
        stemmed, weight = max(sorted(weights.items()), key=lambda item: item[1])
        if weight >= _MAIN_WORD and weight >= _MAIN_SHARE * sum(weights.values()):
            found.add(stemmed)
    return frozenset(found)


def _names_arena(found: _Found, named_stems: set[str]) -> bool:
    """Whether an offering met a word of the name of their own arena (or one for the same)."""
    return any(s in named_stems or related(s) & named_stems for s in found.said)


def _links(wish: _Wish, index: _Catalogue) -> set[str]:
    """The telling words of what they want and what stands in their way, for an obstacle that
    brings an offering in on its own."""
    return {
        t.stem
        for c in wish.learn + wish.obstacles
        for t in c.terms
        if not t.negated and _weight(t, index) >= _LINK_WORD
    }


def _linked(index: _Index, position: int, links: set[str]) -> bool:
    """Whether the offering is about one of these words (in its title or tags)."""
    return any(index.holders(s).get(position, 0.0) >= _FIELD_WEIGHT["tags"] for s in sorted(links))


def _term_language(term: Term) -> float:
    if term.phrase:
        return 1.0
    return in_language(term.stem)


def _evidence(
    index: _Index,
    wanted: dict[str, tuple[float, str]],
    against: dict[str, float],
    main: frozenset[str] = frozenset(),
) -> dict[int, _Found]:
    """The offerings their words weigh enough for (`_ENOUGH`), with what met them.

    The weights are summed over whole postings at C speed; only the few offerings that reach
    the bar are looked at word by word.
    """
    stems = [s for s, (weight, _) in wanted.items() if weight > 0]  # in the order they said
    meeting = {s: index.meeting(s, frozenset(related(s) & wanted.keys())) for s in stems}
    # Strongest words first. Once the words left could not lift an offering none of the words
    # so far met to the bar, they only add to offerings already met.
    strongest = sorted(stems, key=lambda s: -wanted[s][0])
    left = sum(wanted[s][0] for s in stems) * _MOST_A_WORD_MEETS
    total: dict[int, float] = {}
    for stemmed in strongest:
        weight = wanted[stemmed][0]
        if left >= _ENOUGH:
            _add(total, meeting[stemmed], weight)
        else:
            met = meeting[stemmed]
            _add(total, {p: met[p] for p in total.keys() & met.keys()}, weight)
        left -= weight * _MOST_A_WORD_MEETS
    found: dict[int, _Found] = {}
    passing = [p for p, weight in total.items() if weight >= _ENOUGH]
    # An offering about the one word a short wish is about passes too.
    about_main = {
        p for s in sorted(main & meeting.keys()) for p, w in meeting[s].items() if w >= _ABOUT
    }
    passing = sorted(set(passing) | about_main)
    if len(passing) > _LOOKED_AT:  # only the strongest can be shown: look at those alone
        passing = heapq.nsmallest(_LOOKED_AT, passing, key=lambda p: (-total.get(p, 0.0), p))
    for position in sorted(passing):
        f = found[position] = _Found(main=position in about_main)
        for stemmed in stems:
            field_weight = meeting[stemmed].get(position)
            if field_weight is None:
                continue
            weight, shown = wanted[stemmed]
            f.weight += weight * field_weight
            if weight * field_weight >= _A_WORD:  # only words that tell are said as reasons
                f.said.setdefault(stemmed, shown)
                f.words += 1
                f.titled = f.titled or field_weight >= _ABOUT
        for stemmed, weight in sorted(against.items()):
            f.against += weight * index.holders(stemmed).get(position, 0.0)
    return found


def _add(total: dict[int, float], weights: dict[int, float], times: float) -> None:
    """Adds `weights` (times `times`) to `total`, at C speed: a common word is in thousands of
    offerings of a large catalogue."""
    keys = list(weights)
    earned = map(operator.mul, weights.values(), itertools.repeat(times))
    before = map(total.get, keys, itertools.repeat(0.0))
    total.update(zip(keys, map(operator.add, before, earned), strict=True))


def _best_rank(offering: Offering, ranks: dict[str, int]) -> int | None:
    best = None
    for mode in offering.modes:
        rank = ranks.get(mode)
        if rank is not None and (best is None or rank < best):
            best = rank
    return best


def _explain(
    offering: Offering, found: _Found, ranks: dict[str, int], catalogue: Catalogue
) -> MatchedOffering:
    reasons = []
    said = _said_words(found.said)
    if said:
        reasons.append("what they said: " + ", ".join(said[:_SHOWN_WORDS]))
    for obstacle in found.obstacles:
        reason = f"helps with their obstacle: {obstacle.said}"
        if reason not in reasons:
            reasons.append(reason)
    rank = _best_rank(offering, ranks)
    if rank is not None:
        mode = next(m for m in offering.modes if ranks.get(m) == rank)
        reasons.append(f"{in_sentence(catalogue.mode_name(mode))} — their {ordinal(rank)} choice")
    return MatchedOffering(
        id=offering.id,
        title=offering.title,
        category=offering.category,
        reasons=tuple(reasons),
        score=round(found.weight + _OBSTACLE_BONUS * len(found.obstacles), 3),
    )


def _said_words(said: dict[str, str]) -> list[str]:
    """The candidate's words that met an offering, each once: a phrase stands for its words."""
    shown = list(dict.fromkeys(said.values()))
    return [w for w in shown if not any(w != other and w in other.split() for other in shown)]


def _gaps(
    arena_id: str,
    arena_name: str,
    wish: _Wish,
    found: list[_Found],
    offered: list[Offering],
    unavailable: list[tuple[Offering, _Found, str]],
    ranks: dict[str, int],
    catalogue: Catalogue,
    index: _Catalogue,
) -> list[Gap]:
    """The wishes nothing shown meets (`full` when a full offering would), then the modes."""
    gaps: list[Gap] = []
    if not offered:
        full = [(o, f) for o, f, kind in unavailable if kind == "full"]
        gaps += _nothing_shown(arena_id, arena_name, wish, full, index)
    else:
        met = {s for f in found for s in f.said}
        named: set[str] = set()
        for clause in wish.learn:
            telling = {
                t.stem
                for t in clause.terms
                if not t.negated
                and _weight(t, index) >= _WISH_WORD
                and t.stem not in met
                and not related(t.stem) & met
            }
            # Beside what is shown, a wish is a gap when an offering they cannot have (full,
            # withdrawn, for other roles) would meet it: the catalogue knows it is wanted.
            meeting = [(o, kind) for o, f, kind in unavailable if set(f.said) & telling]
            if not meeting:
                continue
            said = _wish_words(clause.text)
            told = False
            for offering, kind in meeting:
                if offering.id in named:
                    continue
                named.add(offering.id)
                if kind == "full":
                    gaps.append(_full_gap(arena_id, said, offering))
                elif not told:
                    gaps.append(
                        Gap(arena_id, None, f"We have nothing for {said} today.", "topic", said)
                    )
                told = True
    top_two = sorted(ranks, key=ranks.__getitem__)[:2]
    said_name = in_sentence(arena_name)
    for mode in top_two:
        if not any(mode in o.modes for o in offered):
            mode_name = _without_article(in_sentence(catalogue.mode_name(mode)))
            message = f"We have no {mode_name} for {said_name} today."
            gaps.append(Gap(arena_id, mode, message, "mode"))
    return gaps


def _nothing_shown(
    arena_id: str,
    arena_name: str,
    wish: _Wish,
    full: list[tuple[Offering, _Found]],
    index: _Catalogue,
) -> list[Gap]:
    """An arena with nothing to show: its wish is one gap, or one per full offering that
    would meet it and one for each wish of theirs that no full offering would meet."""
    if wish.custom:
        said = arena_name
        message = f"We have nothing for {in_sentence(arena_name)} today."
    elif wish.learn:
        said = _wish_words(" ".join(c.text for c in wish.learn))
    else:
        said = in_sentence(arena_name)
    if full:
        gaps = [_full_gap(arena_id, said, offering) for offering, _ in full]
        would_meet = {s for _, f in full for s in f.said}
        for clause in wish.learn:
            telling = {
                t.stem
                for t in clause.terms
                if not t.negated and not t.phrase and _weight(t, index) >= _WISH_WORD
            }
            if (
                telling
                and not telling & would_meet
                and not any(related(t) & would_meet for t in telling)
            ):
                unmet = _wish_words(clause.text)
                gaps.append(
                    Gap(arena_id, None, f"We have nothing for {unmet} today.", "topic", unmet)
                )
                break  # the first such clause is the wish; what follows is mostly why
        return gaps
    if not wish.custom:
        message = f"We have nothing for {said} today."
    return [Gap(arena_id, None, message, "topic", said)]


def _full_gap(arena_id: str, said: str, offering: Offering) -> Gap:
    when = f": {offering.availability}" if offering.availability else ""
    message = f"{offering.title} would fit, but it is full{when}."
    return Gap(arena_id, None, message, "full", said, offering.id)


# Words a wish opens with that are not the wish: "she wants to [learn Python]".
_WISH_LEAD_IN = frozenset(
    [
        "i",
        "im",
        "id",
        "ive",
        "he",
        "hes",
        "she",
        "shes",
        "they",
        "theyd",
        "we",
        "wed",
        "would",
        "really",
        "also",
        "and",
        "but",
        "so",
        "to",
        "want",
        "wants",
        "wanted",
        "like",
        "likes",
        "love",
        "loves",
        "is",
        "are",
        "be",
        "been",
        "being",
        "was",
        "her",
        "his",
        "their",
        "my",
        "our",
        "the",
        "a",
        "an",
        "just",
        "ideally",
        "eventually",
        "one",
        "day",
        "longer",
        "term",
        "long",
        "maybe",
        "perhaps",
        "probably",
        "definitely",
        "especially",
        "esp",
        "get",
        "better",
        "at",
        "more",
        "about",
        "how",
        "learn",
        "learning",
        "in",
        "on",
        "with",
        "big",
        "goal",
        "goals",
    ]
)


def _wish_words(text: str) -> str:
    """A clause as said in a gap: without its lead-in, at most a few words."""
    words_said = text.split()
    while (
        words_said
        and _plain_words(words_said[0])
        and all(w in _WISH_LEAD_IN for w in _plain_words(words_said[0]))
    ):
        words_said.pop(0)
    if not words_said:
        words_said = text.split()
    if len(words_said) > _WISH_WORDS:
        # Too long to say whole: its core, up to where a new thought starts ("her last
        # council...", "and she wants..."), or else cut at a word with "…".
        plain = [_plain_words(w) for w in words_said]
        core = next(
            (
                at
                for at in range(_CORE_WORDS, _WISH_WORDS)
                if plain[at][:1] and plain[at][0] in _NEW_THOUGHT
            ),
            None,
        )
        if core is not None:
            words_said = words_said[:core]
            words_said[-1] = words_said[-1].rstrip(",;:")
        else:
            words_said = [*words_said[:_WISH_WORDS], "…"]
    return " ".join(words_said)


_CORE_WORDS = 2  # a wish's core is at least this many words
# Words that start a new thought within a clause: what follows is why, or someone else.
_NEW_THOUGHT = frozenset(
    [
        "and",
        "but",
        "because",
        "so",
        "as",
        "since",
        "her",
        "his",
        "their",
        "she",
        "he",
        "they",
        "who",
        "which",
        "that",
        "when",
        "where",
        "if",
    ]
)


def _in_sentence(name: str) -> str:
    """A name as said mid-sentence: `Leadership growth` -> `leadership growth`, `AWS` kept."""
    return " ".join(w if any(c.isupper() for c in w[1:]) else w.lower() for w in name.split())


def _without_article(name: str) -> str:
    """A name after "no": `a recognised qualification` -> `recognised qualification`."""
    first, _, rest = name.partition(" ")
    return rest if first.lower() in {"a", "an", "the"} and rest else name


# --- highlights: offerings the interviewer adds ---------------------------------------------


_PLAIN_WORD = re.compile(r"[^\W_]+")


def _plain_words(text: str) -> list[str]:
    """Words as a person would compare them: no case, accents or apostrophes; hyphens split."""
    return _PLAIN_WORD.findall(_APOSTROPHES.sub("", unaccented(text)))


def search(catalogue: Catalogue, query: str, *, limit: int = 10) -> list[Offering]:
    """Offerable offerings for the highlight picker, best match for `query` first.

    Each query word may be the start of a word (as it is being typed) or another form of it.
    Offerings matching more of the query come first, then by where it matched (id and title,
    tags, summary), then by title. An empty query lists the first `limit` by title.
    """
    if limit <= 0:
        return []
    index = _index(catalogue).shown
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
    index = _index(catalogue).shown
    holding: set[int] | None = None
    for word in wanted:
        found = set(index.search_scores(word))
        holding = found if holding is None else holding & found
    close = sorted(holding or (), key=lambda p: (index.offerings[p].title.casefold(), p))[:3]
    if not close:
        return ""
    return f" (did you mean {' or '.join(index.offerings[p].id for p in close)}?)"
