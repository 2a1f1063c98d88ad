"""The evidence for an offering in an arena: the candidate's words weighed against a catalogue.

Pure. What they want to learn (and, for their own arena, its name and other answers) becomes
stems with weights: how few offerings carry each word, and how much any word like it tells in
the language. The offerings those words meet enough are found from the index's postings.
"""

from __future__ import annotations

import heapq
import itertools
import operator
import re
from dataclasses import dataclass
from dataclasses import field as default

from reverse_interview.index import (
    ANOTHER_FIELD,
    FIELD_WEIGHT,
    MOST_A_WORD_MEETS,
    CatalogueIndex,
    Index,
)
from reverse_interview.obstacles import NamedObstacle
from reverse_interview.words import Clause, Term, in_language, related, words

# What it takes to be shown: the weight of the evidence, in words that one offering alone has
# found in its title (1.0). A rare word in the tags and summary passes; a word half the
# catalogue has does not, nor does a rare word only in a summary.
ENOUGH = 0.85
# A word counts for something when it brings this much; one such word alone is evidence only
# when the offering is about it: it is in its title, or in both its tags and its summary.
# How many of the offerings that reach the bar in an arena are looked at, strongest first: far
# more than are ever shown, however many of a large catalogue's offerings share their words.
_LOOKED_AT = 60
_A_WORD = 0.15
_ABOUT = FIELD_WEIGHT["tags"] + ANOTHER_FIELD
# A wish whose one word carries this much of its weight (and weighs this much) is about that
# word: an offering about it (title, or tags and summary) meets the wish on its own.
_MAIN_SHARE = 0.6
_MAIN_WORD = 0.5
# Words of their own arena's other answers count for this much of its name and wish; a word
# they use for what they are already good at counts for this much as a wish.
_OBSTACLES_SHARE = 0.5
_STRENGTHS_SHARE = 0.5
# A word of the name of the arena they chose counts for this much: it says which arena, not
# what in it.
_ARENA_SHARE = 0.7
# An obstacle brings an offering in on its own only when a word this telling points at it.
_LINK_WORD = 0.5


@dataclass
class Found:
    """What an offering has for one arena: the weight of the evidence and of what is ruled out,
    and the candidate's words that met it (stem -> as they wrote it)."""

    weight: float = 0.0
    against: float = 0.0
    said: dict[str, str] = default(default_factory=dict)
    obstacles: list[NamedObstacle] = default(default_factory=list)
    words: int = 0  # how many of their words count for something
    titled: bool = False  # the offering is about one of those: in its title, or tags and summary
    main: bool = False  # it is about the one word a wish of theirs is about


@dataclass(frozen=True)
class Wish:
    """What the candidate said in an arena, as matching weighs it."""

    name: list[Clause]  # their own arena's name ([] for the catalogue's arenas)
    learn: list[Clause]  # what they want to learn
    strengths: list[Clause]
    obstacles: list[Clause]
    custom: bool
    # The stems of the name of the catalogue's arena they chose: saying them restates the
    # arena, which is never evidence on its own.
    arena: frozenset[str] = frozenset()

    @property
    def clauses(self) -> list[Clause]:
        """Their wishes: their own arena's name, and what they want to learn."""
        return self.name + self.learn


def term_weight(term: Term, index: CatalogueIndex) -> float:
    """What a word of the candidate's tells in this catalogue."""
    return index.rarity(term.stem) * (1.0 if term.phrase else in_language(term.stem))


def wanted_stems(wish: Wish, index: CatalogueIndex) -> dict[str, tuple[float, str]]:
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
                weight = share * term_weight(term, index)
                if share == 1.0 and term.stem in already:
                    weight *= _STRENGTHS_SHARE
                if term.stem in wish.arena:
                    weight *= _ARENA_SHARE
                if weight > wanted.get(term.stem, (0.0, ""))[0]:
                    wanted[term.stem] = (weight, term.shown)
    return wanted


def main_words(wish: Wish, index: CatalogueIndex) -> frozenset[str]:
    """The words short wishes are about: a word that carries most of its clause's weight."""
    found = set()
    for clause in wish.clauses:
        # Each item of a list ("Kubernetes and system design") is a short wish of its own.
        for item in _LIST_ITEMS.split(clause.text):
            said = words(item)
            weights = {
                t.stem: term_weight(t, index)
                for t in clause.terms
                if not t.negated and not t.phrase and t.stem in said
            }
            if not weights:
                continue
            stemmed, weight = max(sorted(weights.items()), key=lambda item: item[1])
            if stemmed in wish.arena:  # the arena's own name says which arena, not what
                continue
            if weight >= _MAIN_WORD and weight >= _MAIN_SHARE * sum(weights.values()):
                found.add(stemmed)
    return frozenset(found)


_LIST_ITEMS = re.compile(r"\s+(?:and|or|&)\s+|\s*/\s*", re.IGNORECASE)


def names_arena(found: Found, named_stems: set[str]) -> bool:
    """Whether an offering met a word of the name of their own arena (or one for the same)."""
    return any(s in named_stems or related(s) & named_stems for s in found.said)


def link_stems(wish: Wish, index: CatalogueIndex) -> set[str]:
    """The telling words of what they want and what stands in their way, for an obstacle that
    brings an offering in on its own."""
    return {
        t.stem
        for c in wish.learn + wish.obstacles
        for t in c.terms
        if not t.negated and term_weight(t, index) >= _LINK_WORD
    }


def linked(index: Index, position: int, links: set[str]) -> bool:
    """Whether the offering is about one of these words (in its title or tags)."""
    return any(index.holders(s).get(position, 0.0) >= FIELD_WEIGHT["tags"] for s in sorted(links))


def evidence(
    index: Index,
    wanted: dict[str, tuple[float, str]],
    against: dict[str, float],
    main: frozenset[str] = frozenset(),
) -> dict[int, Found]:
    """The offerings their words weigh enough for (`ENOUGH`), with what met them.

    The weights are summed over whole postings at C speed; only the few offerings that reach
    the bar are looked at word by word.
    """
    stems = [s for s, (weight, _) in wanted.items() if weight > 0]  # in the order they said
    meeting = {s: index.meeting(s, frozenset(related(s) & wanted.keys())) for s in stems}
    # Strongest words first. Once the words left could not lift an offering none of the words
    # so far met to the bar, they only add to offerings already met.
    strongest = sorted(stems, key=lambda s: -wanted[s][0])
    left = sum(wanted[s][0] for s in stems) * MOST_A_WORD_MEETS
    total: dict[int, float] = {}
    for stemmed in strongest:
        weight = wanted[stemmed][0]
        if left >= ENOUGH:
            _add(total, meeting[stemmed], weight)
        else:
            met = meeting[stemmed]
            _add(total, {p: met[p] for p in total.keys() & met.keys()}, weight)
        left -= weight * MOST_A_WORD_MEETS
    found: dict[int, Found] = {}
    passing = [p for p, weight in total.items() if weight >= ENOUGH]
    # An offering about the one word a short wish is about passes too.
    about_main = {
        p for s in sorted(main & meeting.keys()) for p, w in meeting[s].items() if w >= _ABOUT
    }
    passing = sorted(set(passing) | about_main)
    if len(passing) > _LOOKED_AT:  # only the strongest can be shown: look at those alone
        passing = heapq.nsmallest(_LOOKED_AT, passing, key=lambda p: (-total.get(p, 0.0), p))
    for position in sorted(passing):
        f = found[position] = Found(main=position in about_main)
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
