"""The catalogue as step 5 reads it: every offering's words, indexed once.

Pure, like matching: offerings in, postings out. Each field (title, tags, summary; the id for
the highlight search) is an index of its folded words; a word's stem is looked up lazily, only
when a candidate says it, since a large catalogue has far more words than anyone says. How
much a word tells (its rarity) is counted here too. `ri run` builds the index in the
background while the first steps are asked (`prepare`).
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import gc
import itertools
import math
import operator
import re
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from dataclasses import field as default
from typing import Any

from reverse_interview.models import Catalogue, Offering
from reverse_interview.words import (
    APOSTROPHES,
    OTHER_SPELLINGS,
    PLAIN_WORD,
    beyond_ascii,
    plain_stem,
    related,
    unaccented,
    utf8,
)

# Words for the same thing count for this much of the word itself.
_RELATED_SHARE = 0.5
# How much a word found in each field of an offering counts (its best field only).
FIELD_WEIGHT = {"title": 1.0, "tags": 0.8, "summary": 0.5}
# How many words' meetings (with their related words) an index remembers.
_MEETING_KEPT = 50_000
# How many typed words' offerings the highlight search remembers (a backspace, a second word).
_LEVELS_KEPT = 256
# What each other field that repeats the word adds: what an offering repeats, it is about.
ANOTHER_FIELD = 0.15
MOST_A_WORD_MEETS = FIELD_WEIGHT["title"] + 2 * ANOTHER_FIELD
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
            folded = [unaccented(text) for text in self.texts]
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
    lines = _blanked(unaccented("\n".join(texts))).split("\n")
    if len(lines) != len(texts):  # some text has line breaks of its own
        lines = [_blanked(unaccented(text)) for text in texts]
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
    return PLAIN_WORD.findall(run) + [
        form for group in _JOINED.findall(run) for form in _joined_forms(group)
    ]


def _joined_forms(group: str) -> list[str]:
    """The words of a hyphenated or apostrophed group that only exist once joined:
    `o'reilly-press` -> `oreilly`, `oreillypress` (its plain parts are found as they are)."""
    parts = group.split("-")
    forms = [APOSTROPHES.sub("", part) for part in parts if APOSTROPHES.search(part)]
    if len(parts) > 1:
        forms.append(_JOINERS.sub("", group))
    return forms


@functools.lru_cache(maxsize=1024)
def _starting_with(key: str) -> re.Pattern[str]:
    """A word that starts with `key`. The look-behind comes after the key, so that the regex
    engine can still scan for the key itself, fast."""
    return re.compile(rf"{re.escape(key)}(?<![^\W_].{{{len(key)}}})[^\W_]*")


def _blanked(folded: str) -> str:
    """A folded text with every character that is neither in a word nor joins words made a
    space: its runs of joined words are then what str.split finds."""
    if folded.isascii():
        return folded.translate(_BLANK_ASCII)
    blanked = utf8(folded).translate(_BLANK_BYTES).decode(errors="surrogatepass")
    for other in beyond_ascii(blanked):
        if not other.isalnum() and other not in "’‘":
            blanked = blanked.replace(other, " ")
    return blanked


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


def title_key(text: str) -> str:
    """A title as the highlight search compares it whole: NFKC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass(frozen=True)
class Picking:
    """How the highlight search orders and names offerings (positions as in Index.offerings)."""

    in_order: list[int]  # the positions in title order (then id)
    place: list[int]  # each position's place in that order
    by_name: dict[str, list[int]]  # an id, and a title as title_key says it -> positions


class Index:
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
        self._picking: Picking | None = None
        self._levels: dict[str, tuple[tuple[int, frozenset[int]], ...]] = {}

    def _column(self, attribute: str) -> list[Any]:
        """One attribute of every offering, in order (at C speed, unlike a comprehension)."""
        return list(map(operator.attrgetter(attribute), self.offerings))

    def holders(self, stemmed: str) -> dict[int, float]:
        """Offerings with a word of this stem: position -> weight of the best field holding it."""
        found = self._holders.get(stemmed)
        if found is None:
            found = {}

            def same_stem(word: str) -> bool:
                return plain_stem(word) == stemmed

            # The best field, and a little more for each other field that repeats the word.
            held = []
            for field in self.fields:  # in rising weight: the best field is written last
                positions: set[int] = set()
                for key in _keys(stemmed):
                    positions.update(field.holding(key, same_stem))
                found.update(dict.fromkeys(positions, FIELD_WEIGHT[field.name]))
                held.append(positions)
            for twice in (held[0] & held[1]) | (held[0] & held[2]) | (held[1] & held[2]):
                found[twice] += ANOTHER_FIELD
            for thrice in held[0] & held[1] & held[2]:
                found[thrice] += ANOTHER_FIELD
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
            with _collector_paused():
                ids = _Field("id", _SEARCH_POINTS["id"], self._column("id"))
            by_name = {field.name: field for field in (*self.fields, ids)}
            self._search_fields = tuple(
                sorted(by_name.values(), key=lambda field: _SEARCH_POINTS[field.name])
            )
        return self._search_fields

    def picking(self) -> Picking:
        """The offerings in title order, and the exact names they are picked by."""
        if self._picking is None:
            with _collector_paused():
                ids = self._column("id")
                titles = self._column("title")
                sort_keys = list(zip(map(str.casefold, titles), ids, strict=True))
                in_order = sorted(range(len(ids)), key=sort_keys.__getitem__)
                place = [0] * len(in_order)
                for at, position in enumerate(in_order):
                    place[position] = at
                by_name: defaultdict[str, list[int]] = defaultdict(list)
                for position, (ident, title) in enumerate(zip(ids, titles, strict=True)):
                    by_name[ident].append(position)
                    key = title_key(title)
                    if key != ident:
                        by_name[key].append(position)
                self._picking = Picking(in_order, place, dict(by_name))
        return self._picking

    def search_levels(self, word: str) -> tuple[tuple[int, frozenset[int]], ...]:
        """Offerings with a word that starts like `word` (as typed) or shares its stem, by the
        points of the best field holding it (id 4, title 3, tags 2, summary 1), best first:
        each offering in one level only."""
        found = self._levels.get(word)
        if found is not None:
            return found
        stemmed = plain_stem(word)

        def same_stem(found: str) -> bool:
            return plain_stem(found) == stemmed

        levels = []
        seen: set[int] = set()
        for field in reversed(self.search_fields()):  # the best field first
            holding = set(field.holding(word))
            if len(word) > 3:
                for key in _keys(stemmed):
                    holding.update(field.holding(key, same_stem))
            holding -= seen
            seen |= holding
            levels.append((_SEARCH_POINTS[field.name], frozenset(holding)))
        if len(self._levels) > _LEVELS_KEPT:
            self._levels.clear()
        self._levels[word] = found = tuple(levels)
        return found


# Objects made in one build from which it is frozen (indexing some 5,000 offerings makes as
# many): the collector's walks over fewer cost a few milliseconds.
_FREEZE_FROM = 20_000


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The index is thousands of lists that make no reference cycles, kept as long as the
    catalogue: the cycle collector, run every few hundred of them, would walk the whole
    catalogue again and again. It is paused meanwhile. A large build (the catalogue's
    offerings with it) is then frozen, left out of the collector's later passes: otherwise each
    of the next few would still walk it all, a third of a second each at 100,000 offerings,
    landing on whatever the interviewer does next (a keystroke in the highlight search that
    hangs). Freezing also keeps any garbage of that moment for good, so a small build is not."""
    paused = gc.isenabled()
    gc.disable()
    young = gc.get_count()[0]  # objects made since the last pass: the build's, with it paused
    try:
        yield
    finally:
        if gc.get_count()[0] - young >= _FREEZE_FROM:
            gc.freeze()
        if paused:
            gc.enable()


_INDEXING = threading.Lock()  # `ri run` builds the index ahead, in the background


def prepare(catalogue: Catalogue) -> None:
    """Build what matching and the highlight search need, ahead of step 5 (`ri run` does it
    in the background while the first steps are asked)."""
    shown = indexed(catalogue).shown
    shown.search_fields()
    shown.picking()


@dataclass
class CatalogueIndex:
    """A catalogue as matching reads it: the offerable offerings, the full ones and the
    withdrawn ones (for gaps only), and how many offerings each word is found in."""

    shown: Index
    full: Index
    gone: Index
    total: int
    _weights: dict[str, float] = default(default_factory=dict)

    def unknown(self, stemmed: str) -> bool:
        """Whether no offering at all (offerable, full or withdrawn) has a word of this stem,
        or a word for the same thing."""
        return not any(
            index.holders(s) for s in (stemmed, *sorted(related(stemmed))) for index in self._all
        )

    @property
    def _all(self) -> tuple[Index, Index, Index]:
        return (self.shown, self.full, self.gone)

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


def indexed(catalogue: Catalogue) -> CatalogueIndex:
    # Cached on the frozen catalogue, as models.Catalogue does for its id index.
    cached = catalogue.__dict__.get("_matching_index")
    if isinstance(cached, CatalogueIndex):
        return cached
    with _INDEXING:
        cached = catalogue.__dict__.get("_matching_index")
        if not isinstance(cached, CatalogueIndex):
            with _collector_paused():
                shown = Index(catalogue.offerable)
                full = Index(o for o in catalogue.offerings if o.active and o.capacity == 0)
                gone = Index(o for o in catalogue.offerings if not o.active)
                cached = CatalogueIndex(shown, full, gone, len(catalogue.offerings))
            object.__setattr__(catalogue, "_matching_index", cached)
    return cached
