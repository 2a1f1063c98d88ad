"""The highlight search: offerings the interviewer adds in step 5, found as they type.

Pure: a catalogue and what was typed in, offerings (or a refusal saying why) out.
"""

from __future__ import annotations

import unicodedata

from reverse_interview.errors import Refused
from reverse_interview.index import indexed
from reverse_interview.models import Catalogue, Offering
from reverse_interview.words import STOP_WORDS, plain_words


def search(catalogue: Catalogue, query: str, *, limit: int = 10) -> list[Offering]:
    """Offerable offerings for the highlight picker, best match for `query` first.

    Each query word may be the start of a word (as it is being typed) or another form of it.
    Offerings matching more of the query come first, then by where it matched (id and title,
    tags, summary), then by title. An empty query lists the first `limit` by title.
    """
    if limit <= 0:
        return []
    index = indexed(catalogue).shown
    wanted = plain_words(query or "")
    content = [w for w in wanted if w not in STOP_WORDS]
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
    wanted = plain_words(text or "")
    if not wanted:
        return ""
    index = indexed(catalogue).shown
    holding: set[int] | None = None
    for word in wanted:
        found = set(index.search_scores(word))
        holding = found if holding is None else holding & found
    close = sorted(holding or (), key=lambda p: (index.offerings[p].title.casefold(), p))[:3]
    if not close:
        return ""
    return f" (did you mean {' or '.join(index.offerings[p].id for p in close)}?)"
