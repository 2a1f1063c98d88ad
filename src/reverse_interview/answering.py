"""The rules every answer passes, however it came: typed live, changed in the review, or read
from an answers file; and step 5, the matching, shared by the live interview and files.
"""

from __future__ import annotations

from collections.abc import Sequence

from reverse_interview.errors import Refused
from reverse_interview.models import (
    MAX_ARENAS,
    ArenaAnswers,
    Catalogue,
    Interview,
    Match,
    MatchedOffering,
    OfferingSnapshot,
    Struck,
    slugify,
)


def clean(text: str | None) -> str:
    """Answers are kept as typed, less surrounding blank space."""
    return (text or "").strip()


def check_candidate(name: str) -> str:
    name = clean(name)
    if not name:
        raise Refused("the candidate's name can't be empty")
    return name


def resolve_arena(text: str, catalogue: Catalogue) -> ArenaAnswers:
    """A catalogue arena by id or name; any other text is the candidate's own arena."""
    text = clean(text)
    if not text:
        raise Refused("an arena needs a name")
    for arena in catalogue.arenas:
        if text == arena.id or text.casefold() == arena.name.casefold():
            return ArenaAnswers(id=arena.id, name=arena.name)
    slug = slugify(text)
    if not slug:
        raise Refused(f"{text!r} can't be an arena: give it a name with letters or digits")
    known = catalogue.arena(slug)
    if known is not None:
        return ArenaAnswers(id=known.id, name=known.name)
    return ArenaAnswers(id=slug, name=text, custom=True)


def check_arenas(arenas: Sequence[ArenaAnswers]) -> None:
    if not arenas:
        raise Refused("choose at least one arena")
    if len(arenas) > MAX_ARENAS:
        raise Refused(
            f"at most {MAX_ARENAS} arenas go forward ({len(arenas)} chosen): "
            "ask the candidate which matter most"
        )
    seen: set[str] = set()
    for arena in arenas:
        if arena.id in seen:
            raise Refused(f"the arena {arena.name!r} is chosen twice")
        seen.add(arena.id)


def resolve_mode(text: str, catalogue: Catalogue) -> str:
    """A growth mode by id or name; anything else is refused with the known ones."""
    text = clean(text)
    for mode in catalogue.modes:
        if text == mode.id or text.casefold() == mode.name.casefold():
            return mode.id
    known = ", ".join(m.id for m in catalogue.modes)
    raise Refused(f"unknown growth mode {text!r}; the catalogue knows: {known}")


def check_modes(modes: Sequence[str]) -> None:
    if not modes:
        raise Refused("name at least one way they grow best")
    if len(set(modes)) != len(modes):
        raise Refused("a growth mode is listed twice")


def resolve_highlight(text: str, catalogue: Catalogue) -> str:
    """An offering the interviewer adds, by id, title or "Title (id)"; refused unless offerable."""
    text = clean(text)
    if text.endswith(")") and "(" in text:
        inner = text[text.rindex("(") + 1 : -1].strip()
        if catalogue.offering(inner) is not None:
            text = inner
    from reverse_interview.search import find_offering  # step 5 only: not before the first prompt

    return find_offering(catalogue, text).id


def resolve_struck(text: str, catalogue: Catalogue) -> str:
    """An offering to strike, by id or exact title: any offering of the catalogue."""
    wanted = clean(text)
    found = catalogue.offering(wanted)
    if found is None:
        titled = [o for o in catalogue.offerings if o.title.casefold() == wanted.casefold()]
        found = titled[0] if len(titled) == 1 else None
    if found is None:
        raise Refused(f"{wanted!r} is not an offering in the catalogue: there is nothing to strike")
    return found.id


def strike(interview: Interview, offering_ids: Sequence[str]) -> tuple[Struck, ...]:
    """The offerings struck from a file, as {arena, id}: wherever each is matched, or, matched
    nowhere, in every chosen arena (so that it is not presented should it match later)."""
    struck: list[Struck] = []
    for offering_id in offering_ids:
        arenas = [
            m.arena for m in interview.matches if any(o.id == offering_id for o in m.offerings)
        ]
        for arena in arenas or [a.id for a in interview.arenas]:
            struck.append(Struck(arena, offering_id))
    return tuple(dict.fromkeys(struck))


def strongest_first(match: Match) -> list[MatchedOffering]:
    """An arena's matches in the order they are said and confirmed: strongest first."""
    return sorted(match.offerings, key=lambda o: -o.score)


# --- step 5, shared by the live interview and answers files ---------------------------------


def match_interview(interview: Interview, catalogue: Catalogue) -> Interview:
    """Match the answers against the catalogue; keep only highlights that can still be offered.

    Snapshots of every offering presented are kept (old ones too), so that a later report can
    name an offering that has since been withdrawn.
    """
    from reverse_interview.matching import match

    result = match(interview.arenas, interview.growth, catalogue, role=interview.role)
    highlights = tuple(
        h for h in interview.highlights if (o := catalogue.offering(h)) is not None and o.offerable
    )
    presented = [o.id for m in result.matches for o in m.offerings] + list(highlights)
    return interview.touch(
        matches=result.matches,
        gaps=result.gaps,
        highlights=highlights,
        snapshots=merge_snapshots(interview.snapshots, presented, catalogue),
        catalogue=catalogue.identity,
    )


def merge_snapshots(
    old: Sequence[OfferingSnapshot], offering_ids: Sequence[str], catalogue: Catalogue
) -> tuple[OfferingSnapshot, ...]:
    by_id = {s.id: s for s in old}
    for offering_id in offering_ids:
        offering = catalogue.offering(offering_id)
        if offering is not None:
            by_id[offering_id] = OfferingSnapshot(offering.id, offering.title, offering.category)
    return tuple(sorted(by_id.values(), key=lambda s: s.id))


def catalogue_changed(interview: Interview, catalogue: Catalogue) -> bool:
    recorded = interview.catalogue
    return recorded is not None and recorded.sha256 != catalogue.identity.sha256
