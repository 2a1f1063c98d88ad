"""What `ri gaps` counts: the tallies a store reads in one snapshot (gaps.py makes figures of
them), and how a store's rows become one. Aggregates only: no names, no answers, no notes.

A room of its own, apart from models.py: `ri run` needs the interview's models before its first
question, and none of these.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class GapCount:
    """How many complete interviews said this gap (mode None: nothing at all in the arena)."""

    arena: str
    mode: str | None
    interviews: int
    # Of those, how many ended with the candidate declining or withdrawing (`ri outcome`).
    left: int = 0


@dataclass(frozen=True)
class WishCount:
    """How many complete interviews said this wish that nothing met (kind `topic`), or that only
    a full offering (`offering`, kind `full`) would have met. `wish` is as the candidate said it,
    in lower case: grouping wishes said in other words is `ri gaps`'s work, not the store's."""

    arena: str
    kind: str
    wish: str
    offering: str | None
    interviews: int


@dataclass(frozen=True)
class ArenaCount:
    """How many complete interviews chose this arena."""

    arena: str
    name: str
    custom: bool
    interviews: int


@dataclass(frozen=True)
class ModeCount:
    """How many complete interviews named this mode first, in their top two, at all."""

    mode: str
    first_choice: int
    top_two: int
    interviews: int


@dataclass(frozen=True)
class OfferingCount:
    """How many complete interviews were presented this offering (title as last recorded)."""

    offering: str
    title: str
    category: str
    interviews: int


@dataclass(frozen=True)
class Tally:
    """Everything `ri gaps` counts, read in one consistent snapshot of the store.

    Aggregates only: no names, no answers, no notes (an analyst of a team store sees this and
    nothing else).
    """

    interviews: int
    gaps: tuple[GapCount, ...]
    arenas: tuple[ArenaCount, ...]
    modes: tuple[ModeCount, ...]
    offerings: tuple[OfferingCount, ...]
    # Complete interviews with an outcome recorded, and those whose candidate declined or withdrew.
    outcomes: int = 0
    left: int = 0
    wishes: tuple[WishCount, ...] = ()


# --- made from a store's rows


def tally_from_tables(
    interviews: int,
    outcomes: int,
    left: int,
    *,
    gaps: Iterable[Mapping[str, Any]],
    wishes: Iterable[Mapping[str, Any]],
    arenas: Iterable[Mapping[str, Any]],
    modes: Iterable[Mapping[str, Any]],
    offerings: Iterable[Mapping[str, Any]],
) -> Tally:
    """A Tally counted from the interviews themselves (`ri gaps --since`), each part a list of
    rows named as the models' fields are, ordered as counted."""
    return Tally(
        interviews=int(interviews),
        gaps=tuple(GapCount(g["arena"], g["mode"], int(g["n"]), int(g["left_n"])) for g in gaps),
        arenas=tuple(
            ArenaCount(a["arena"], a["name"], bool(a["custom"]), int(a["n"])) for a in arenas
        ),
        modes=tuple(
            ModeCount(m["mode"], int(m["first"]), int(m["two"]), int(m["n"])) for m in modes
        ),
        offerings=tuple(
            OfferingCount(o["offering"], o["title"], o["category"], int(o["n"])) for o in offerings
        ),
        outcomes=int(outcomes),
        left=int(left),
        wishes=ranked_wishes(
            WishCount(w["arena"], w["kind"], w["wish"], w["offering"], int(w["n"])) for w in wishes
        ),
    )


def tally_from_counts(rows: Iterable[Mapping[str, Any]]) -> Tally:
    """A Tally from running-count rows (facet, key, sub, n, label, extra), ordered as counted."""
    by_facet: dict[str, list[Mapping[str, Any]]] = {}
    for row in rows:
        by_facet.setdefault(row["facet"], []).append(row)

    def ranked(facet: str) -> list[Mapping[str, Any]]:
        return sorted(by_facet.get(facet, []), key=lambda r: (-r["n"], r["key"], r["sub"]))

    modes: dict[str, dict[str, int]] = {}
    for facet in ("mode-first", "mode-two", "mode-any"):
        for row in by_facet.get(facet, []):
            modes.setdefault(row["key"], {})[facet] = int(row["n"])
    interviews = by_facet.get("interviews", [])
    left = {(r["key"], r["sub"]): int(r["n"]) for r in by_facet.get("gap-left", [])}
    outcomes = {r["key"]: int(r["n"]) for r in by_facet.get("outcome", [])}
    return Tally(
        interviews=int(interviews[0]["n"]) if interviews else 0,
        gaps=tuple(
            GapCount(r["key"], r["sub"] or None, int(r["n"]), left.get((r["key"], r["sub"]), 0))
            for r in ranked("gap")
        ),
        arenas=tuple(
            ArenaCount(r["key"], r["label"] or r["key"], bool(int(r["extra"] or 0)), int(r["n"]))
            for r in ranked("arena")
        ),
        modes=tuple(
            ModeCount(mode, n.get("mode-first", 0), n.get("mode-two", 0), n.get("mode-any", 0))
            for mode, n in sorted(modes.items())
            if n.get("mode-any", 0) > 0
        ),
        offerings=tuple(
            OfferingCount(r["key"], r["label"] or r["key"], r["extra"] or "", int(r["n"]))
            for r in ranked("offering")
        ),
        outcomes=sum(outcomes.values()),
        left=outcomes.get("declined", 0) + outcomes.get("withdrew", 0),
        wishes=ranked_wishes(
            _wish_count(r["key"], r["sub"], r["n"]) for r in by_facet.get("wish", [])
        ),
    )


# A wish's running count is keyed (arena; kind, full offering, wish in lower case), the three
# joined by WISH_SEP in `sub`.
WISH_SEP = "|"


def ranked_wishes(wishes: Iterable[WishCount]) -> tuple[WishCount, ...]:
    """Wish counts most said first, in one order whichever way they were counted."""
    return tuple(
        sorted(wishes, key=lambda w: (-w.interviews, w.arena, w.kind, w.offering or "", w.wish))
    )


def _wish_count(arena: str, sub: str, n: Any) -> WishCount:
    kind, offering, wish = sub.split(WISH_SEP, 2)
    return WishCount(arena, kind, wish, offering or None, int(n))
