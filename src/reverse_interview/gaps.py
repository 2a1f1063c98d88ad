"""The organisation's view across interviews: what candidates wanted that it could not offer.

`summarise` sets a store's tally (the store does the counting) against the current catalogue,
so that the owners of offerings.yaml see both what candidates missed and which of those needs
their later changes now meet. It is pure: the tally and the catalogue in, figures out.

Figures count interviews, not mentions: a candidate who said a gap once counts once. Modes
are counted three ways (first choice, in the top two, named at all) and ranked by the top two,
because matching reports a gap for a candidate's two most preferred modes only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reverse_interview.models import Catalogue, Offering
from reverse_interview.tally import Tally, WishCount


@dataclass(frozen=True)
class Filler:
    """An offering in the current catalogue that would now meet a gap."""

    id: str
    title: str


@dataclass(frozen=True)
class GapFigure:
    """One gap as candidates heard it: an arena, and the mode (None: nothing in the arena)."""

    arena: str
    arena_name: str
    custom: bool
    mode: str | None
    mode_name: str | None
    candidates: int
    # True: the current catalogue has an offerable offering for it; False: still a gap;
    # None: ri cannot tell (see `note`).
    now_filled: bool | None
    filled_by: tuple[Filler, ...] = ()
    note: str | None = None
    # Of `candidates`, those who then declined or withdrew (`ri outcome`).
    left: int = 0


@dataclass(frozen=True)
class WishGap:
    """Wishes said in an arena that nothing met (`topic`), or that only a full offering would
    have met (`full`, `offering`), grouped where the same significant words recur.

    `wish` is the wording said most often; `also` the other wordings of the group. `candidates`
    adds up the interviews of each wording: a candidate who said two wordings of one group in
    one arena counts twice.
    """

    arena: str
    arena_name: str
    custom: bool
    kind: str
    wish: str
    also: tuple[str, ...]
    candidates: int
    offering: Filler | None = None
    # For a full gap: True when the named offering has places again; False when it is still
    # full (or gone). None for topic gaps: ri does not re-match a wish against the catalogue.
    now_filled: bool | None = None


@dataclass(frozen=True)
class ArenaFigure:
    """How many candidates chose an arena."""

    arena: str
    name: str
    custom: bool
    candidates: int


@dataclass(frozen=True)
class ModeFigure:
    """How many candidates wanted a way of growing: first, in their top two, at all."""

    mode: str
    name: str
    first_choice: int
    top_two: int
    candidates: int


@dataclass(frozen=True)
class OfferingFigure:
    """How many candidates were presented an offering, and whether it can still be offered."""

    id: str
    title: str
    category: str
    presented: int
    offered_now: bool


@dataclass(frozen=True)
class GapFigures:
    """Everything `ri gaps` shows."""

    interviews: int
    since: dt.date | None
    gaps: tuple[GapFigure, ...]
    arenas: tuple[ArenaFigure, ...]
    modes: tuple[ModeFigure, ...]
    offerings: tuple[OfferingFigure, ...]
    wishes: tuple[WishGap, ...] = ()
    outcomes: int = 0  # interviews with an outcome recorded
    left: int = 0  # of those, candidates who declined or withdrew

    @property
    def left_gaps(self) -> tuple[GapFigure, ...]:
        """What the candidates who declined or withdrew wanted and were not offered, most
        said first: the needs that may have cost the organisation a hire."""
        said = [g for g in self.gaps if g.left]
        return tuple(sorted(said, key=lambda g: (-g.left, -g.candidates, g.arena, g.mode or "")))

    @property
    def open_gaps(self) -> tuple[GapFigure, ...]:
        """The gaps the current catalogue does not (knowably) fill: the to-do list."""
        return tuple(g for g in self.gaps if g.now_filled is not True)


CUSTOM_NOTE = "the candidate's own arena is matched on their words; check the catalogue by hand"
GONE_NOTE = "no longer an arena of the catalogue"


def start_of(since: dt.date | None) -> dt.datetime | None:
    """The moment `ri gaps --since DATE` counts from: that day's start on the reader's clock."""
    return dt.datetime.combine(since, dt.time.min).astimezone() if since is not None else None


def summarise(tally: Tally, catalogue: Catalogue, *, since: dt.date | None) -> GapFigures:
    """The figures of `tally` (complete interviews completed on or after `since`, a local date,
    as `start_of(since)` asked the store) against the current catalogue."""
    arena_info = {a.arena: a for a in tally.arenas}
    fillers = _Fillers(catalogue)

    gaps = []
    for count in tally.gaps:
        info = arena_info.get(count.arena)
        custom = bool(info and info.custom)
        known = catalogue.arena(count.arena) is not None
        if known:
            found = fillers.find(count.arena, count.mode)
            filled: bool | None = bool(found)
            note = None
        else:
            found, filled = (), None
            note = CUSTOM_NOTE if custom else GONE_NOTE
        gaps.append(
            GapFigure(
                arena=count.arena,
                arena_name=_arena_name(catalogue, count.arena, info.name if info else None),
                custom=custom,
                mode=count.mode,
                mode_name=catalogue.mode_name(count.mode) if count.mode else None,
                candidates=count.interviews,
                now_filled=filled,
                filled_by=tuple(Filler(o.id, o.title) for o in found),
                note=note,
                left=count.left,
            )
        )
    gaps.sort(key=lambda g: (-g.candidates, g.arena, g.mode or ""))

    modes = sorted(
        (
            ModeFigure(m.mode, catalogue.mode_name(m.mode), m.first_choice, m.top_two, m.interviews)
            for m in tally.modes
        ),
        key=lambda m: (-m.top_two, -m.first_choice, -m.candidates, m.mode),
    )
    offerings = []
    for o in tally.offerings:
        current = catalogue.offering(o.offering)
        offerings.append(
            OfferingFigure(
                id=o.offering,
                title=current.title if current else o.title,
                category=current.category if current else o.category,
                presented=o.interviews,
                offered_now=bool(current and current.offerable),
            )
        )
    return GapFigures(
        interviews=tally.interviews,
        outcomes=tally.outcomes,
        left=tally.left,
        since=since,
        gaps=tuple(gaps),
        arenas=tuple(
            ArenaFigure(a.arena, _arena_name(catalogue, a.arena, a.name), a.custom, a.interviews)
            for a in tally.arenas
        ),
        modes=tuple(modes),
        offerings=tuple(offerings),
        wishes=_wish_gaps(tally, catalogue),
    )


def wish_key(wish: str) -> tuple[str, ...]:
    """What makes two wordings one wish: their significant words, folded and stemmed, in order
    of the alphabet (`Public speaking` and `speaking in public` -> ("public", "speak")). A wish of
    stop words only is its folded words."""
    from reverse_interview.words import WORD, content_stem, fold

    said = WORD.findall(wish)
    stems = {content_stem(w) for w in said} - {""}
    return tuple(sorted(stems)) if stems else tuple(fold(w) for w in said)


def group_wishes(counts: tuple[WishCount, ...]) -> list[list[WishCount]]:
    """The wish counts grouped by arena, kind, full offering and `wish_key`, each group's
    wordings most said first; groups largest first."""
    groups: dict[tuple[object, ...], list[WishCount]] = {}
    for count in counts:
        key = (count.arena, count.kind, count.offering, wish_key(count.wish))
        groups.setdefault(key, []).append(count)
    ranked = [sorted(g, key=lambda c: (-c.interviews, c.wish)) for g in groups.values()]
    ranked.sort(
        key=lambda g: (
            -sum(c.interviews for c in g),
            g[0].arena,
            g[0].kind,
            g[0].offering or "",
            g[0].wish,
        )
    )
    return ranked


def _wish_gaps(tally: Tally, catalogue: Catalogue) -> tuple[WishGap, ...]:
    arena_info = {a.arena: a for a in tally.arenas}
    found = []
    for group in group_wishes(tally.wishes):
        first = group[0]
        info = arena_info.get(first.arena)
        filler, filled = None, None
        if first.offering is not None:
            current = catalogue.offering(first.offering)
            filler = Filler(first.offering, current.title if current else first.offering)
            filled = bool(current and current.offerable)
        found.append(
            WishGap(
                arena=first.arena,
                arena_name=_arena_name(catalogue, first.arena, info.name if info else None),
                custom=bool(info and info.custom),
                kind=first.kind,
                wish=first.wish,
                also=tuple(dict.fromkeys(c.wish for c in group[1:] if c.wish != first.wish)),
                candidates=sum(c.interviews for c in group),
                offering=filler,
                now_filled=filled,
            )
        )
    return tuple(found)


def _arena_name(catalogue: Catalogue, arena_id: str, recorded: str | None) -> str:
    arena = catalogue.arena(arena_id)
    if arena is not None:
        return arena.name
    return recorded or arena_id


class _Fillers:
    """The offerable offerings of a catalogue, indexed by arena and by (arena, mode)."""

    def __init__(self, catalogue: Catalogue) -> None:
        self._by_arena: dict[str, list[Offering]] = {}
        self._by_need: dict[tuple[str, str], list[Offering]] = {}
        for offering in sorted(catalogue.offerable, key=lambda o: o.id):
            for arena in offering.arenas:
                self._by_arena.setdefault(arena, []).append(offering)
                for mode in offering.modes:
                    self._by_need.setdefault((arena, mode), []).append(offering)

    def find(self, arena: str, mode: str | None) -> tuple[Offering, ...]:
        found = self._by_arena.get(arena, []) if mode is None else self._by_need.get((arena, mode))
        return tuple(found or ())
