"""Plain frozen dataclasses: what a catalogue and an interview are.

Nothing here reads files, prompts or talks SQL; every other module speaks in these terms.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Literal

Category = Literal["people", "resources", "opportunities"]
CATEGORIES: tuple[Category, ...] = ("people", "resources", "opportunities")
CATEGORY_TITLES: dict[str, str] = {
    "people": "People who can help them succeed",
    "resources": "Resources that help them get ahead",
    "opportunities": "Opportunities that challenge them",
}

Status = Literal["draft", "complete"]
OutcomeStatus = Literal["hired", "declined", "not-offered", "withdrew"]
OUTCOME_STATUSES: tuple[OutcomeStatus, ...] = ("hired", "declined", "not-offered", "withdrew")

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(text: str) -> str:
    """`Public speaking` -> `public-speaking`: folded as words are (words.unaccented), every
    run of what is not a letter or digit a dash. `Straße` -> `strasse`; `日本語` stays."""
    # Imported here: words.py (its word lists stemmed at import) is matching's, and the first
    # prompt of `ri run`, which needs these models, must not wait for it.
    from reverse_interview.words import unaccented

    return _NOT_IN_A_SLUG.sub("-", unaccented(text)).strip("-")


_NOT_IN_A_SLUG = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Arena:
    """An arena of growth the candidate can set goals in."""

    id: str
    name: str


@dataclass(frozen=True)
class Mode:
    """A way of growing: coursework, mentoring, apprenticeship..."""

    id: str
    name: str


STANDARD_ARENAS: tuple[Arena, ...] = (
    Arena("technical-growth", "Technical growth"),
    Arena("teamwork", "Peer relationships and teamwork"),
    Arena("leadership", "Leadership growth"),
    Arena("personal-development", "Personal development in the work context"),
)

STANDARD_MODES: tuple[Mode, ...] = (
    Mode("coursework", "Coursework"),
    Mode("mentoring", "Mentoring"),
    Mode("apprenticeship", "Apprenticeship"),
    Mode("coaching", "Coaching"),
    Mode("peer-learning", "Peer learning"),
    Mode("stretch-assignments", "Stretch assignments"),
    Mode("self-directed", "Self-directed learning"),
)


@dataclass(frozen=True)
class ObstacleKind:
    """A kind of obstacle to growth, and the words a candidate uses when it is theirs."""

    id: str
    name: str
    words: tuple[str, ...] = ()


def _phrases(text: str) -> tuple[str, ...]:
    """`"no time | too busy"` -> ("no time", "too busy")."""
    return tuple(" ".join(p.split()) for p in text.split("|") if p.strip())


# The standard kinds, in our own words. Each word is a phrase a candidate might use; the
# matcher finds them as whole words, forms of a word counting as one (see obstacles.py).
STANDARD_OBSTACLES: tuple[ObstacleKind, ...] = (
    ObstacleKind(
        "time",
        "No time to learn",
        _phrases(
            "time | no time | not enough time | little time | time to | too busy | busy | "
            "workload | deadlines | overtime | swamped | overloaded | firefighting | "
            "never get round | no space | no headspace | bandwidth | too much on | "
            "stretched thin | long hours"
        ),
    ),
    ObstacleKind(
        "cost",
        "It costs too much",
        _phrases(
            "cost | costs | expensive | afford | money | fees | fee | funding | unfunded | "
            "pay for | paying for | price | budget | self-funded | tuition"
        ),
    ),
    ObstacleKind(
        "senior-help",
        "No one experienced to learn from",
        _phrases(
            "no one to learn from | nobody to learn from | no one to ask | nobody to ask | "
            "no mentor | no senior | no one senior | nobody senior | no one experienced | "
            "nobody experienced | on my own | by myself | alone | isolated | no guidance | "
            "no support | no one to show | nobody to show | no role model | "
            "no one more experienced | no sounding board | only one | the only | mentor | feedback"
        ),
    ),
    ObstacleKind(
        "confidence",
        "Confidence",
        _phrases(
            "confidence | confident | shy | nervous | anxious | anxiety | imposter | impostor | "
            "afraid | scared | fear | intimidated | self-doubt | doubt myself | freeze | "
            "panic | embarrassed"
        ),
    ),
    ObstacleKind(
        "caring",
        "Family or caring duties",
        _phrases(
            "childcare | school run | caring | carer | care for | cares for | look after | "
            "looks after | looking after | single parent | single mum | single dad | my kids | "
            "two kids | three kids | 2 kids | 3 kids | young kids | kids at home | my children | "
            "young children | family | maternity | paternity | elderly | my mother | my father | "
            "my mum | my dad | her mum | her dad | his mum | his dad"
        ),
    ),
    ObstacleKind(
        "schedule",
        "Shifts, rota or hours",
        _phrases(
            "shift | shifts | rota | nights | night shift | night shifts | early shift | "
            "late shift | rotating | weekends | hours | working hours | timetable | "
            "shift pattern | on call"
        ),
    ),
    ObstacleKind(
        "language",
        "Language",
        _phrases(
            "english | language | accent | second language | first language | "
            "not my first language | grammar | vocabulary | fluent | fluency"
        ),
    ),
    ObstacleKind(
        "distance",
        "Location or travel",
        _phrases(
            "distance | travel | travelling | commute | commuting | far away | too far | "
            "remote | location | rural | no car | drive | public transport"
        ),
    ),
    ObstacleKind(
        "access",
        "No chance to practise",
        _phrases(
            "no chance | no chances | no opportunity | no opportunities | never get to | "
            "never get the chance | no projects | no access | no tools | no equipment | "
            "no licence | no license | no way to practise | no way to practice | "
            "nowhere to practise | nowhere to practice | not allowed | never given | "
            "don't get to | dont get to | stuck | no exposure"
        ),
    ),
)

MAX_ARENAS = 4


@dataclass(frozen=True)
class Offering:
    """Something the organisation really offers, as its catalogue says."""

    id: str
    title: str
    category: Category
    arenas: tuple[str, ...]
    modes: tuple[str, ...]
    summary: str
    tags: tuple[str, ...] = ()
    contact: str | None = None
    link: str | None = None
    owner: str | None = None
    capacity: int | None = None
    availability: str | None = None
    last_reviewed: dt.date | None = None
    active: bool = True
    removes: tuple[str, ...] = ()  # obstacle kind ids this offering takes away
    roles: tuple[str, ...] = ()  # only for a candidate whose role names one of these
    eligibility: str | None = None  # who it is for, said with the offering

    @property
    def offerable(self) -> bool:
        """Can be presented or promised now: active and not full."""
        return self.active and self.capacity != 0


@dataclass(frozen=True)
class CatalogueIdentity:
    """Which catalogue, exactly, an interview was matched against."""

    path: str
    sha256: str
    git_commit: str | None = None
    git_dirty: bool | None = None


@dataclass(frozen=True)
class Catalogue:
    """A validated offerings.yaml."""

    organisation: str
    arenas: tuple[Arena, ...]
    modes: tuple[Mode, ...]
    offerings: tuple[Offering, ...]
    identity: CatalogueIdentity
    pitch: str | None = None
    warnings: tuple[str, ...] = ()
    obstacles: tuple[ObstacleKind, ...] = STANDARD_OBSTACLES

    def arena(self, arena_id: str) -> Arena | None:
        return next((a for a in self.arenas if a.id == arena_id), None)

    def mode(self, mode_id: str) -> Mode | None:
        return next((m for m in self.modes if m.id == mode_id), None)

    def obstacle(self, obstacle_id: str) -> ObstacleKind | None:
        return next((k for k in self.obstacles if k.id == obstacle_id), None)

    def offering(self, offering_id: str) -> Offering | None:
        at = self._by_id.get(offering_id)
        return None if at is None else self.offerings[at]

    @property
    def _by_id(self) -> dict[str, int]:
        """Each offering's place by its id; from the ids alone when the offerings can give
        them without being made (a cached catalogue's: catalogue_cache.py)."""
        cached: dict[str, int] | None = self.__dict__.get("_offering_index")
        if cached is None:
            column = getattr(self.offerings, "column", None)
            ids = column("id") if column is not None else None
            if ids is None:
                ids = [o.id for o in self.offerings]
            cached = dict(zip(ids, range(len(ids)), strict=True))
            object.__setattr__(self, "_offering_index", cached)
        return cached

    @property
    def offerable(self) -> tuple[Offering, ...]:
        """Offerings that may be presented: active, with places."""
        return tuple(o for o in self.offerings if o.offerable)

    @property
    def offerable_count(self) -> int:
        """How many offerings may be presented; a cached catalogue knows it without reading
        its offerings (catalogue.py reads them only when first used)."""
        known = getattr(self.offerings, "offerable_count", None)
        return known if isinstance(known, int) else sum(1 for o in self.offerings if o.offerable)

    def mode_name(self, mode_id: str) -> str:
        mode = self.mode(mode_id)
        return mode.name if mode else mode_id

    def arena_name(self, arena_id: str) -> str:
        arena = self.arena(arena_id)
        return arena.name if arena else arena_id


# --- the interview -------------------------------------------------------------------------


@dataclass(frozen=True)
class ArenaAnswers:
    """One chosen arena and the candidate's three answers about it (None: not asked yet)."""

    id: str
    name: str
    custom: bool = False
    strengths: str | None = None
    learn: str | None = None
    obstacles: str | None = None


@dataclass(frozen=True)
class Growth:
    """How the candidate grows best: mode ids, most preferred first."""

    preferred: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class OfferingSnapshot:
    """What an interview recorded of an offering it presented, so it can be named later."""

    id: str
    title: str
    category: str


@dataclass(frozen=True)
class MatchedOffering:
    """An offering presented for an arena, and why."""

    id: str
    title: str
    category: str
    reasons: tuple[str, ...]
    score: float = 0.0


@dataclass(frozen=True)
class Match:
    """The offerings presented for one arena (by arena id)."""

    arena: str
    offerings: tuple[MatchedOffering, ...]


GapKind = Literal["topic", "full", "mode"]
GAP_KINDS: tuple[GapKind, ...] = ("topic", "full", "mode")


@dataclass(frozen=True)
class Gap:
    """A need the catalogue cannot meet, worded so it can be said honestly.

    `kind`: `topic`, a wish (in `wish`, the candidate's words) that nothing shown meets; `full`,
    one that only a full offering (`offering`) would meet; `mode`, one of their two most
    preferred modes (`mode`) that nothing shown in the arena offers. Left out, it is `mode` when
    a mode is given and `topic` otherwise (gaps recorded before kinds existed).
    """

    arena: str
    mode: str | None
    message: str
    kind: GapKind | None = None
    wish: str | None = None
    offering: str | None = None

    def __post_init__(self) -> None:
        if self.kind is None:
            object.__setattr__(self, "kind", "mode" if self.mode else "topic")


@dataclass(frozen=True)
class Struck:
    """A matched offering the interviewer chose not to present in an arena."""

    arena: str
    id: str


@dataclass(frozen=True)
class Outcome:
    """How the hiring ended; `start` is the first day of a hire (None when not known)."""

    status: OutcomeStatus
    start: dt.date | None = None


@dataclass(frozen=True)
class Interview:
    """An interview record: a draft while it is under way, complete after step 5."""

    id: str
    status: Status = "draft"
    candidate: str | None = None
    role: str | None = None
    interviewer: str | None = None
    started_at: dt.datetime = field(default_factory=lambda: now())
    updated_at: dt.datetime = field(default_factory=lambda: now())
    catalogue: CatalogueIdentity | None = None
    pitch_done: bool = False
    arenas: tuple[ArenaAnswers, ...] = ()
    growth: Growth = Growth()
    reviewed: bool = False
    # Steps answered in several parts (arenas, ranking, highlights) are listed here once their
    # last part is given, so that a resume knows whether to carry on with them.
    finished: frozenset[str] = frozenset()
    matches: tuple[Match, ...] = ()
    highlights: tuple[str, ...] = ()
    gaps: tuple[Gap, ...] = ()
    snapshots: tuple[OfferingSnapshot, ...] = ()
    notes: str | None = None
    # Matches the interviewer chose not to present: never in the follow-up or the plan.
    struck: tuple[Struck, ...] = ()
    outcome: Outcome | None = None

    def touch(self, **changes: object) -> Interview:
        """A copy with `changes` applied and `updated_at` set to now."""
        return replace(self, updated_at=now(), **changes)  # type: ignore[arg-type]

    def snapshot(self, offering_id: str) -> OfferingSnapshot | None:
        return next((s for s in self.snapshots if s.id == offering_id), None)


def now() -> dt.datetime:
    """The current time, UTC, to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@dataclass(frozen=True)
class InterviewSummary:
    """One row of `ri list`."""

    id: str
    status: Status
    candidate: str | None
    role: str | None
    interviewer: str | None
    started_at: dt.datetime
    updated_at: dt.datetime
    outcome: Outcome | None = None
