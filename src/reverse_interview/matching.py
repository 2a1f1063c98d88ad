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

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reverse_interview.evidence import (
    ENOUGH,
    Found,
    Wish,
    evidence,
    link_stems,
    linked,
    main_words,
    names_arena,
    term_weight,
    wanted_stems,
)
from reverse_interview.index import FIELD_WEIGHT, CatalogueIndex, Index, indexed
from reverse_interview.models import (
    ArenaAnswers,
    Catalogue,
    Gap,
    Growth,
    Match,
    MatchedOffering,
    Offering,
)
from reverse_interview.obstacles import recognise
from reverse_interview.text import in_sentence, ordinal
from reverse_interview.unmet import WISH_WORD, unmet_wishes
from reverse_interview.words import FORM_STEMS, in_language, plain_words, read

# Words of a name of their own arena this telling are what it is about: an offering shown
# there meets one of them.
_NAME_WORD = 0.3
# An offering at least this much about what they rule out (against what they want) is not shown.
_RULED_OUT_SHARE = 0.4
# Added to the evidence for ordering: each obstacle removed, a 1st/2nd/... choice of mode.
_OBSTACLE_BONUS = 0.5
_MODE_BONUS = (0.3, 0.2, 0.1)
# How many of the words that met an offering are said as its reason.
_SHOWN_WORDS = 6
# How many matchings' results a catalogue's index remembers (the answers as they were).
_RESULTS_KEPT = 8


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
    role: str | None = None,
    per_arena: int = 4,
) -> MatchResult:
    """The offerable offerings the candidate's words call for in each arena, with reasons,
    and the honest gaps."""
    index = indexed(catalogue)
    ranks: dict[str, int] = {}
    for mode in growth.preferred:
        ranks.setdefault(mode, len(ranks) + 1)
    ruled_out = _ruled_out(arenas, growth)
    fits = _role_fit(role)
    matches = []
    gaps: list[Gap] = []
    # One matching at a time (`ri run` matches ahead in the background, while the review is
    # read): a second waits for the first, then finds its result, or the words it looked up.
    asked: tuple[object, ...] | None = (tuple(arenas), growth, role, per_arena)
    try:
        hash(asked)
    except TypeError:  # answers made in code with lists in them: not remembered
        asked = None
    with index.matching:
        done = index.matched.get(asked)
        if isinstance(done, MatchResult):
            return done
        for answers in arenas:
            arena_match, arena_gaps = _match_arena(
                answers, ranks, ruled_out, fits, catalogue, index, per_arena
            )
            matches.append(arena_match)
            gaps.extend(arena_gaps)
        result = MatchResult(tuple(matches), tuple(gaps))
        if asked is not None:
            if len(index.matched) >= _RESULTS_KEPT:
                index.matched.clear()
            index.matched[asked] = result
    return result


def _ruled_out(arenas: Sequence[ArenaAnswers], growth: Growth) -> set[str]:
    """Every stem the candidate rules out anywhere in the interview."""
    texts = [growth.note]
    for answers in arenas:
        texts += [answers.name, answers.strengths, answers.learn, answers.obstacles]
    return {t.stem for text in texts for clause in read(text) for t in clause.terms if t.negated}


def _role_fit(role: str | None) -> Callable[[Offering], bool]:
    """Whether an offering is for someone in `role`: no `roles`, or the role names one of them
    as a whole word or phrase, in any case."""
    said = " " + " ".join(plain_words(role or "")) + " "
    cache: dict[tuple[str, ...], bool] = {}

    def fits(offering: Offering) -> bool:
        if not offering.roles:
            return True
        found = cache.get(offering.roles)
        if found is None:
            found = any(
                (" " + " ".join(plain_words(r)) + " ") in said
                for r in offering.roles
                if plain_words(r)
            )
            cache[offering.roles] = found
        return found

    return fits


def _match_arena(
    answers: ArenaAnswers,
    ranks: dict[str, int],
    ruled_out: set[str],
    fits: Callable[[Offering], bool],
    catalogue: Catalogue,
    index: CatalogueIndex,
    per_arena: int,
) -> tuple[Match, list[Gap]]:
    custom = answers.custom or catalogue.arena(answers.id) is None
    name = (answers.name or answers.id) if custom else catalogue.arena_name(answers.id)
    wish = Wish(
        name=read(answers.name) if custom else [],
        learn=read(answers.learn),
        strengths=read(answers.strengths),
        obstacles=read(answers.obstacles),
        custom=custom,
        arena=frozenset() if custom else frozenset(t.stem for c in read(name) for t in c.terms),
    )
    wanted = wanted_stems(wish, index)
    against = {
        s: index.rarity(s) * (1.0 if s in FORM_STEMS else in_language(s))
        for s in ruled_out - set(wanted)
        if in_language(s) > 0
    }
    named_stems = {
        t.stem for c in wish.name for t in c.terms if term_weight(t, index) >= _NAME_WORD
    }
    named = recognise(answers.obstacles, catalogue.obstacles)

    def belongs(offering: Offering) -> bool:
        return custom or answers.id in offering.arenas

    def passes(offering: Offering, found: Found, *, anyone: bool = False) -> bool:
        """Enough evidence, for them (`anyone`: whatever their role), and more about what they
        want than what they rule out."""
        if found.weight < ENOUGH and not found.main:
            return False
        if found.against >= _RULED_OUT_SHARE * found.weight:
            return False
        if found.words < 2 and not found.titled:  # one word it only mentions is not enough
            return False
        if named_stems and not names_arena(found, named_stems):
            return False
        return belongs(offering) and (anyone or fits(offering))

    main = main_words(wish, index)
    found = evidence(index.shown, wanted, against, main)
    shown = {p: f for p, f in found.items() if passes(index.shown.offerings[p], f)}
    links = link_stems(wish, index)
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
            and found.get(p, Found()).against == 0
            and _best_rank(index.shown.offerings[p], ranks) is not None
            and linked(index.shown, p, links)
        ]
        if alone:
            best = min(alone, key=lambda p: (_best_rank(index.shown.offerings[p], ranks), p))
            shown[best] = Found(obstacles=[obstacle])

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
        for p, f in sorted(evidence(index.full, wanted, against).items())
        if passes(index.full.offerings[p], f)
    ]
    unavailable += [
        (index.gone.offerings[p], f, "gone")
        for p, f in sorted(evidence(index.gone, wanted, against).items())
        if passes(index.gone.offerings[p], f, anyone=True)
    ]
    unavailable += [
        (index.shown.offerings[p], f, "role")
        for p, f in sorted(found.items())
        if not fits(index.shown.offerings[p]) and passes(index.shown.offerings[p], f, anyone=True)
    ]
    # What they cannot have that is about one of their telling words (in its title or tags),
    # though their words do not meet it enough to be shown: the catalogue knows the wish.
    telling = {s for s, (weight, _) in wanted.items() if weight >= WISH_WORD}
    about = [
        (o, stems, kind)
        for kind, part, accept in (
            ("full", index.full, belongs),
            ("gone", index.gone, belongs),
            ("role", index.shown, lambda o: belongs(o) and not fits(o)),
        )
        for o, stems in _about(part, telling, accept)
    ]
    gaps = unmet_wishes(
        answers.id,
        name,
        wish,
        [shown[p] for p in chosen],
        chosen,
        unavailable,
        about,
        ranks,
        catalogue,
        index,
    )
    return Match(arena=answers.id, offerings=offered), gaps


def _about(
    part: Index, stems: set[str], accept: Callable[[Offering], bool]
) -> list[tuple[Offering, frozenset[str]]]:
    """The offerings of `part` with one of `stems` in their title or tags (and `accept`ed),
    with those stems, in id order."""
    about: dict[int, set[str]] = {}
    for stemmed in sorted(stems):
        for position, field_weight in part.holders(stemmed).items():
            if field_weight >= FIELD_WEIGHT["tags"] and accept(part.offerings[position]):
                about.setdefault(position, set()).add(stemmed)
    return [(part.offerings[p], frozenset(about[p])) for p in sorted(about)]


def _best_rank(offering: Offering, ranks: dict[str, int]) -> int | None:
    best = None
    for mode in offering.modes:
        rank = ranks.get(mode)
        if rank is not None and (best is None or rank < best):
            best = rank
    return best


def _explain(
    offering: Offering, found: Found, ranks: dict[str, int], catalogue: Catalogue
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
