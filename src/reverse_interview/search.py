"""The highlight search: offerings the interviewer adds in step 5, found as they type.

Pure: a catalogue and what was typed in, offerings (or a refusal saying why) out.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator

from reverse_interview.errors import Refused
from reverse_interview.index import Picking, indexed, title_key
from reverse_interview.models import Catalogue, Offering
from reverse_interview.words import STOP_WORDS, plain_words


def search(catalogue: Catalogue, query: str, *, limit: int = 10) -> list[Offering]:
    """Offerable offerings for the highlight picker, best match for `query` first.

    Each query word may be the start of a word (as it is being typed) or another form of it.
    An offering named exactly (its id or whole title) comes first, then those matching more of
    the query, then by where it matched (id and title, tags, summary), then by title. An empty
    query lists the first `limit` by title.

    Only the best few are ranked: the offerings holding each word are sets, grouped by how
    many words they match and where, and only as many groups as the few shown need are sorted,
    so that a keystroke costs little more with 100,000 offerings than with a hundred.
    """
    if limit <= 0:
        return []
    index = indexed(catalogue).shown
    wanted = plain_words(query or "")
    content = [w for w in wanted if w not in STOP_WORDS]
    wanted = content or wanted
    picking = index.picking()
    if not wanted:
        return [index.offerings[p] for p in picking.in_order[:limit]]
    levels = [index.search_levels(word) for word in dict.fromkeys(wanted)]
    holding = [frozenset().union(*(held for _, held in word)) for word in levels]
    named = [p for p in picking.by_name(title_key(query)) if any(p in h for h in holding)]

    def rank(position: int) -> tuple[int, int, int]:
        matched = points = 0
        for word in levels:
            for earned, held in word:
                if position in held:
                    matched, points = matched + 1, points + earned
                    break
        return -matched, -points, picking.place[position]

    found = sorted(named, key=rank)[:limit]
    for group in _groups(levels, holding):
        if len(found) >= limit:
            break
        group.difference_update(named)
        found += _first_by_title(group, picking, limit - len(found))
    return [index.offerings[position] for position in found]


def _first_by_title(group: set[int], picking: Picking, count: int) -> list[int]:
    """The first `count` offerings of `group` in title order. A group that is a large part of
    the catalogue (a word as common as its first letter, typed) has them early in that order:
    they are looked for along it, about count x catalogue / group steps; a smaller group is
    sorted, which costs about its size."""
    if len(group) ** 2 > count * len(picking.in_order):
        return list(itertools.islice(filter(group.__contains__, picking.in_order), count))
    places = sorted(map(picking.place.__getitem__, group))[:count]
    return [picking.in_order[at] for at in places]


Way = tuple[tuple[int, frozenset[int] | None], ...]


def _groups(
    levels: list[tuple[tuple[int, frozenset[int]], ...]], holding: list[frozenset[int]]
) -> Iterator[set[int]]:
    """The offerings holding any of the words, in groups of the same (words matched, points),
    the best first: each group the union of the ways (a level of each word, or none of it)
    that add up to it, made only when the search gets that far."""
    ways: defaultdict[tuple[int, int], list[Way]] = defaultdict(list)
    for way in itertools.product(*([*word, (0, None)] for word in levels)):
        matched = sum(1 for _, held in way if held is not None)
        if matched:
            ways[(matched, sum(points for points, _ in way))].append(way)
    for key in sorted(ways, reverse=True):
        group: set[int] = set()
        for way in ways[key]:
            held_sets = sorted((held for _, held in way if held is not None), key=len)
            found = set(held_sets[0]).intersection(*held_sets[1:])
            for (_, held), other in zip(way, holding, strict=True):
                if held is None and found:
                    found -= other
            group |= found
        if group:
            yield group


def find_offering(catalogue: Catalogue, text: str) -> Offering:
    """The offering a typed or chosen highlight names: its exact id, or exact title (any case).

    Refused, with the reason, when it is not in the catalogue, inactive, full, or ambiguous:
    a highlight is a promise, and only what exists can be promised.
    """
    wanted = title_key(text or "")
    said = _said(text)
    offering = catalogue.offering(wanted)
    if offering is None:
        titled = [o for o in catalogue.offerings if title_key(o.title) == wanted]
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
    wanted = plain_words(text or "")
    if not wanted:
        return ""
    index = indexed(catalogue).shown
    holding: set[int] | None = None
    for word in wanted:
        found = set().union(*(held for _, held in index.search_levels(word)))
        holding = found if holding is None else holding & found
    close = sorted(holding or (), key=lambda p: (index.offerings[p].title.casefold(), p))[:3]
    if not close:
        return ""
    return f" (did you mean {' or '.join(index.offerings[p].id for p in close)}?)"
