"""The catalogue as step 5 reads it: every offering's words, indexed once.

Pure, like matching: offerings in, postings out. Each field (title, tags, summary; the id for
the highlight search) is an index of its folded words; a word's stem is looked up lazily, only
when a candidate says it, since a large catalogue has far more words than anyone says. How
much a word tells (its rarity) is counted here too. `ri run` builds the index in the
background while the first steps are asked (`prepare`), and keeps it with a cached
catalogue (snapshot.py): the next run reads it back instead of building it again.
"""

from __future__ import annotations

import bisect
import contextlib
import gc
import itertools
import math
import operator
import threading
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from dataclasses import field as default
from typing import Any, overload

from reverse_interview.models import Catalogue, Offering
from reverse_interview.postings import Field, Lists
from reverse_interview.words import (
    OTHER_SPELLINGS,
    plain_stem,
    related,
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

    in_order: Sequence[int]  # the positions in title order (then id)
    place: Sequence[int]  # each position's place in that order
    names: list[str]  # in order: each id, and each title as title_key says it
    named: Lists  # the positions each name is

    def by_name(self, key: str) -> Sequence[int]:
        """The positions of the offerings with this id, or this title (as title_key says it)."""
        at = bisect.bisect_left(self.names, key)
        if at < len(self.names) and self.names[at] == key:
            return self.named[at]
        return ()

    def kept(self) -> tuple[Any, ...]:
        orders = (array("I", self.in_order).tobytes(), array("I", self.place).tobytes())
        return (*orders, self.names, self.named.kept())

    @classmethod
    def restored(cls, kept: Any) -> Picking:
        in_order, place, names, named = kept
        orders = Lists.restored((in_order, place))  # two arrays, read the same way
        return cls(orders.flat, orders.starts, names, Lists.restored(named))


class Index:
    """What matching needs from some offerings, computed once per catalogue (and lazily).

    Sorted by id: a position in `offerings` breaks ties by id.
    """

    def __init__(self, offerings: Iterable[Offering]) -> None:
        self.offerings: Sequence[Offering] = sorted(offerings, key=operator.attrgetter("id"))
        # The positions of the offerings that take away each obstacle kind, and of those
        # sharing each summary and tag (offerings share tags, and often summaries: each
        # distinct one is indexed once). In one pass: with 10,000 offerings, every step counts.
        by_summary: defaultdict[str, list[int]] = defaultdict(list)
        by_tag: defaultdict[str, list[int]] = defaultdict(list)
        self.by_removes: defaultdict[str, list[int]] = defaultdict(list)
        for position, offering in enumerate(self.offerings):
            for kind in offering.removes:
                self.by_removes[kind].append(position)
            by_summary[offering.summary].append(position)
            for tag in offering.tags:
                by_tag[tag].append(position)
        # In rising weight, so that the best field holding a word is the one remembered.
        self.fields = (
            Field("summary", 1, list(by_summary), Lists.of(by_summary.values())),
            Field("tags", 2, list(by_tag), Lists.of(by_tag.values())),
            Field("title", 3, self._column("title")),
        )
        self._start()

    def _start(self, search: Callable[[], Any] | None = None) -> None:
        self._holders: dict[str, dict[int, float]] = {}
        self._meeting: dict[tuple[str, frozenset[str]], dict[int, float]] = {}
        self._search_fields: tuple[Field, ...] | None = None
        self._picking: Picking | None = None
        self._levels: dict[str, tuple[tuple[int, frozenset[int]], ...]] = {}
        self._kept_search = search  # gives the highlight search's part of a kept index
        self._searching = threading.Lock()
        self.search_restored = False  # whether that part came from it

    def kept(self) -> tuple[Any, ...]:
        """What matching needs of this index, as plain values (snapshot.py keeps it)."""
        return (dict(self.by_removes), [field.kept() for field in self.fields])

    def kept_search(self) -> tuple[Any, ...]:
        """What the highlight search needs of this index, as `kept` gives the rest."""
        return (self.search_fields()[-1].kept(), self.picking().kept())

    @classmethod
    def restored(
        cls, offerings: Sequence[Offering], kept: Any, search: Callable[[], Any] | None = None
    ) -> Index:
        """The index of `offerings` (in id order) that `kept` gave; `search` gives what
        `kept_search` gave, read when the highlight search first needs it."""
        index = cls.__new__(cls)
        index.offerings = offerings
        by_removes, fields = kept
        index.by_removes = defaultdict(list, by_removes)
        summary, tags, title = (index._field(field) for field in fields)
        if (summary.name, tags.name, title.name) != ("summary", "tags", "title"):
            raise ValueError("not an index of these fields")
        index.fields = (summary, tags, title)
        index._start(search)
        return index

    def _field(self, kept: Any) -> Field:
        """A field as `Field.kept` gave it, with its texts from the offerings."""
        name, points, words, postings, owners = kept

        def texts() -> list[str]:
            if name == "summary":  # each distinct one, in the order they first come
                return list(dict.fromkeys(self._column(name)))
            if name == "tags":
                return list(dict.fromkeys(itertools.chain.from_iterable(self._column(name))))
            return self._column(name)

        held = Lists.restored(owners) if owners is not None else None
        return Field(name, points, texts, held, (words, Lists.restored(postings)))

    def _restore_search(self) -> bool:
        """Whether the highlight search's part came from a kept index (read once)."""
        load, self._kept_search = self._kept_search, None
        kept = load() if load is not None else None
        if kept is None:
            return False
        try:
            field, picking = kept
            ids, restored = self._field(field), Picking.restored(picking)
        except (ValueError, TypeError):
            return False
        self._search_fields = (*self.fields, ids)  # in rising points, as built
        self._picking = restored
        self.search_restored = True
        return True

    def _column(self, attribute: str) -> list[Any]:
        """One attribute of every offering, in order (at C speed, unlike a comprehension)."""
        if isinstance(self.offerings, _Some):
            return self.offerings.column(attribute)
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

    def search_fields(self) -> tuple[Field, ...]:
        """The fields the highlight picker searches, in rising points: summary .. id."""
        if self._search_fields is None:
            with self._searching:  # built or read back once; a second caller waits
                if self._search_fields is None and not self._restore_search():
                    with _collector_paused():
                        ids = Field("id", _SEARCH_POINTS["id"], self._column("id"))
                    by_name = {field.name: field for field in (*self.fields, ids)}
                    self._search_fields = tuple(
                        sorted(by_name.values(), key=lambda field: _SEARCH_POINTS[field.name])
                    )
        assert self._search_fields is not None
        return self._search_fields

    def picking(self) -> Picking:
        """The offerings in title order, and the exact names they are picked by."""
        if self._picking is None:
            with self._searching:  # built or read back once; a second caller waits
                if self._picking is None and not self._restore_search():
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
                        names = sorted(by_name)
                        named = Lists.of(map(by_name.__getitem__, names))
                        self._picking = Picking(in_order, place, names, named)
        assert self._picking is not None
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


class _Some(Sequence[Offering]):
    """Some of a catalogue's offerings, by their places in it: an index read back from a
    snapshot names its offerings so, and makes (snapshot.KeptOfferings) only those used."""

    def __init__(self, offerings: Sequence[Offering], places: Sequence[int]) -> None:
        self._offerings = offerings
        self._places = places

    def column(self, name: str) -> list[Any]:
        column: Callable[[str], list[Any] | None] | None = getattr(self._offerings, "column", None)
        every = column(name) if column is not None else None
        if every is None:
            return [getattr(self._offerings[at], name) for at in self._places]
        return list(map(every.__getitem__, self._places))

    def __len__(self) -> int:
        return len(self._places)

    @overload
    def __getitem__(self, index: int) -> Offering: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Offering]: ...
    def __getitem__(self, index: int | slice) -> Offering | Sequence[Offering]:
        if isinstance(index, slice):
            return [self._offerings[at] for at in self._places[index]]
        return self._offerings[self._places[index]]


# Objects made in one build from which it is frozen (indexing some 5,000 offerings makes as
# many): the collector's walks over fewer cost a few milliseconds.
_FREEZE_FROM = 20_000


class _Pause:
    """The collector's pause while indexes are built: `ri run` builds in the background while
    step 5 may build too."""

    lock = threading.Lock()
    builds = 0  # under way
    resume = False  # whether the collector ran before the first of them
    young = 0  # objects made since its last pass, when the first began


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The index is thousands of lists that make no reference cycles, kept as long as the
    catalogue: the cycle collector, run every few hundred of them, would walk the whole
    catalogue again and again. It is paused meanwhile. A large build (the catalogue's
    offerings with it) is then frozen, left out of the collector's later passes: otherwise each
    of the next few would still walk it all, a third of a second each at 100,000 offerings,
    landing on whatever the interviewer does next (a keystroke in the highlight search that
    hangs). Freezing also keeps any garbage of that moment for good, so a small build is not.

    With builds in two threads at once, the collector runs again, and what was built is
    weighed, once the last of them has ended."""
    with _Pause.lock:
        if _Pause.builds == 0:
            _Pause.resume = gc.isenabled()
            gc.disable()
            _Pause.young = gc.get_count()[0]
        _Pause.builds += 1
    try:
        yield
    finally:
        with _Pause.lock:
            _Pause.builds -= 1
            if _Pause.builds == 0:
                if gc.get_count()[0] - _Pause.young >= _FREEZE_FROM:
                    gc.freeze()
                if _Pause.resume:
                    gc.enable()


_INDEXING = threading.Lock()  # `ri run` builds the index ahead, in the background


def prepare(catalogue: Catalogue) -> None:
    """Build what matching and the highlight search need, ahead of step 5 (`ri run` does it
    in the background while the first steps are asked), and keep it for the next ri when it
    was built here (a cached catalogue's offerings can: snapshot.py)."""
    found = indexed(catalogue)
    shown = found.shown
    shown.search_fields()
    shown.picking()
    keep = getattr(catalogue.offerings, "keep_index", None)
    if keep is not None and not (found.restored and shown.search_restored):
        with _collector_paused():
            keep({"matching": found.kept(catalogue), "search": list(shown.kept_search())})


@dataclass
class CatalogueIndex:
    """A catalogue as matching reads it: the offerable offerings, the full ones and the
    withdrawn ones (for gaps only), and how many offerings each word is found in."""

    shown: Index
    full: Index
    gone: Index
    total: int
    restored: bool = False  # read back from a kept index, not built
    matching: threading.Lock = default(default_factory=threading.Lock)  # see matching.match
    matched: dict[Any, Any] = default(default_factory=dict)  # the latest results, by answers
    _weights: dict[str, float] = default(default_factory=dict)

    def kept(self, catalogue: Catalogue) -> list[Any]:
        """The three indexes as plain values, each with the places of its offerings in
        `catalogue.offerings`: pieces that snapshot.py keeps and reads back one by one."""
        place = {o.id: at for at, o in enumerate(catalogue.offerings)}
        return [
            (array("I", [place[o.id] for o in index.offerings]).tobytes(), index.kept())
            for index in self._all
        ]

    @classmethod
    def restored_from(
        cls, catalogue: Catalogue, kept: list[Any], search: Callable[[], Any]
    ) -> CatalogueIndex:
        """The index `kept` gave for this catalogue's offerings."""
        offerings = catalogue.offerings
        restored = []
        for n, (places, state) in enumerate(kept):
            chosen = _Some(offerings, Lists.restored((places, b"")).flat)
            restored.append(Index.restored(chosen, state, search if n == 0 else None))
        shown, full, gone = restored
        return cls(shown, full, gone, len(offerings), restored=True)

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
                cached = _kept(catalogue)
                if cached is None:
                    shown = Index(catalogue.offerable)
                    full = Index(o for o in catalogue.offerings if o.active and o.capacity == 0)
                    gone = Index(o for o in catalogue.offerings if not o.active)
                    cached = CatalogueIndex(shown, full, gone, len(catalogue.offerings))
            object.__setattr__(catalogue, "_matching_index", cached)
    return cached


def _kept(catalogue: Catalogue) -> CatalogueIndex | None:
    """The index kept with a cached catalogue's offerings, if there is one (snapshot.py)."""
    stored: Callable[[str], Any] | None = getattr(catalogue.offerings, "stored_index", None)
    if stored is None:
        return None
    read = stored
    kept = read("matching")
    if kept is None:
        return None
    try:
        found: CatalogueIndex = CatalogueIndex.restored_from(
            catalogue, kept, lambda: read("search")
        )
    except (ValueError, TypeError, IndexError):
        return None
    return found
