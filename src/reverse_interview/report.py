"""What a report may present: the interview checked against the current catalogue.

Pure: no terminal, no file, no format. `build_report` keeps only offerings that are still real
and names the rest as withdrawn; the formats in `render/` draw the `ReportView` it returns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reverse_interview.errors import UserError
from reverse_interview.models import (
    ArenaAnswers,
    Catalogue,
    CatalogueIdentity,
    Gap,
    Interview,
    Mode,
    Offering,
)
from reverse_interview.text import visible


def short_hash(value: str | None) -> str:
    """The first twelve characters of a hash or commit: enough to tell two apart."""
    return (value or "")[:12]


@dataclass(frozen=True)
class ShownOffering:
    """An offering the report may list: in the current catalogue, active, with places."""

    offering: Offering
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class GapView:
    """A gap recorded at the interview, with the names it is said with."""

    gap: Gap
    arena_name: str
    mode_name: str | None


@dataclass(frozen=True)
class ArenaReport:
    """One arena of the report: the candidate's answers, what is offered now, the gaps."""

    answers: ArenaAnswers
    offerings: tuple[ShownOffering, ...]
    gaps: tuple[GapView, ...]
    matched: bool
    withdrawn: int = 0
    struck: int = 0  # matches the interviewer chose not to present: never listed


@dataclass(frozen=True)
class Withdrawn:
    """An offering presented at the interview that may not be promised any more."""

    id: str
    title: str
    reason: str

    @property
    def warning(self) -> str:
        return f"{visible(self.title)} ({self.id}) {self.reason}: don't promise it."


@dataclass(frozen=True)
class ReportView:
    """What a report shows: the interview, checked against the current catalogue."""

    interview: Interview
    organisation: str
    arenas: tuple[ArenaReport, ...]
    highlights: tuple[Offering, ...]
    preferred: tuple[Mode, ...]
    withdrawn: tuple[Withdrawn, ...]
    catalogue: CatalogueIdentity
    current_catalogue: CatalogueIdentity

    @property
    def catalogue_changed(self) -> bool:
        return self.catalogue.sha256 != self.current_catalogue.sha256

    @property
    def gaps(self) -> tuple[GapView, ...]:
        return tuple(g for arena in self.arenas for g in arena.gaps)

    @property
    def warnings(self) -> tuple[str, ...]:
        """What the interviewer must know before repeating anything from this report."""
        found: list[str] = []
        if self.interview.status == "draft":
            found.append(
                "This interview is a draft: it was not finished, so this is only what was "
                "recorded so far."
            )
        if self.catalogue_changed:
            found.append(
                "The catalogue has changed since this interview (sha256 "
                f"{short_hash(self.catalogue.sha256)} then, "
                f"{short_hash(self.current_catalogue.sha256)} now): the offerings below are "
                "checked against the current one."
            )
        found.extend(w.warning for w in self.withdrawn)
        return tuple(found)


def build_report(interview: Interview, catalogue: Catalogue) -> ReportView:
    """Check every offering the interview recorded against `catalogue`; keep only what is real."""
    withdrawn: dict[str, Withdrawn] = {}

    def still_offered(offering_id: str, recorded_title: str | None) -> Offering | None:
        current = catalogue.offering(offering_id)
        if current is not None and current.offerable:
            return current
        if offering_id not in withdrawn:
            snapshot = interview.snapshot(offering_id)
            title = (
                (snapshot.title if snapshot else None)
                or recorded_title
                or (current.title if current else None)
                or offering_id
            )
            if current is None:
                reason = "has been withdrawn from the catalogue since this interview"
            elif not current.active:
                reason = "is no longer active in the catalogue"
            else:
                reason = "has no places left now"
            withdrawn[offering_id] = Withdrawn(offering_id, title, reason)
        return None

    answers = list(interview.arenas)
    known = {a.id for a in answers}
    for arena_id in [m.arena for m in interview.matches] + [g.arena for g in interview.gaps]:
        if arena_id not in known:
            answers.append(ArenaAnswers(id=arena_id, name=catalogue.arena_name(arena_id)))
            known.add(arena_id)
    names = {a.id: a.name for a in answers}

    # What the interviewer struck was never presented: not listed, not even as withdrawn.
    struck = {(s.arena, s.id) for s in interview.struck}
    arenas: list[ArenaReport] = []
    for arena in answers:
        recorded = [m for m in interview.matches if m.arena == arena.id]
        shown: list[ShownOffering] = []
        lost = not_presented = 0
        seen: set[str] = set()
        for matched in (o for m in recorded for o in m.offerings):
            if matched.id in seen:
                continue
            seen.add(matched.id)
            if (arena.id, matched.id) in struck:
                not_presented += 1
                continue
            current = still_offered(matched.id, matched.title)
            if current is None:
                lost += 1
            else:
                shown.append(ShownOffering(current, matched.reasons))
        gaps = tuple(
            GapView(
                gap=g,
                arena_name=names.get(g.arena, g.arena),
                mode_name=catalogue.mode_name(g.mode) if g.mode else None,
            )
            for g in interview.gaps
            if g.arena == arena.id
        )
        arenas.append(ArenaReport(arena, tuple(shown), gaps, bool(recorded), lost, not_presented))

    highlights: list[Offering] = []
    for offering_id in dict.fromkeys(interview.highlights):
        current = still_offered(offering_id, None)
        if current is not None:
            highlights.append(current)

    return ReportView(
        interview=interview,
        organisation=catalogue.organisation,
        arenas=tuple(arenas),
        highlights=tuple(highlights),
        preferred=tuple(Mode(m, catalogue.mode_name(m)) for m in interview.growth.preferred),
        withdrawn=tuple(withdrawn.values()),
        catalogue=interview.catalogue or catalogue.identity,
        current_catalogue=catalogue.identity,
    )


# --- the plan after a hire -------------------------------------------------------------------

CHECK_IN_DAYS: tuple[int, ...] = (30, 60, 90)


@dataclass(frozen=True)
class CheckIn:
    """A conversation between the new hire and their manager, so many days after the start."""

    days: int
    on: dt.date
    agenda: str


@dataclass(frozen=True)
class PlanView:
    """The development plan the interview promised: the report's checked offerings, per goal,
    from the start date on."""

    report: ReportView
    start: dt.date
    check_ins: tuple[CheckIn, ...]

    @property
    def interview(self) -> Interview:
        return self.report.interview


_AGENDAS = {
    30: "Has each offering in the plan had its first step? Introductions made, places "
    "booked, anything in the way.",
    60: "Progress on each goal, in their words; what gets in the way now; whether an "
    "offering is not working and should change.",
    90: "Review every goal: what has moved, what comes next, and the gaps still open, "
    "to take to the owners of the catalogue.",
}


def first_step(offering: Offering) -> str:
    """The first thing to do about an offering, from what the catalogue says of it."""
    if offering.contact:
        return f"Ask {offering.contact} for an introduction in the first week"
    if offering.link:
        return f"Read {offering.link} in the first week and sign up"
    if offering.owner:
        return f"Ask {offering.owner} how to join, in the first week"
    return "Agree with your manager in the first week how to start"


def hire_start(interview: Interview) -> dt.date:
    """The first day of a hire; UserError when the interview is not a hire with one."""
    outcome = interview.outcome
    if outcome is None or outcome.status != "hired":
        said = f"is recorded as {outcome.status}" if outcome else "has no outcome recorded"
        raise UserError(
            f"interview {interview.id} {said}: a plan is for a hire. Record it first with: "
            f"ri outcome {interview.id} hired --start DATE"
        )
    if outcome.start is None:
        raise UserError(
            f"interview {interview.id} is a hire with no start date, which the check-ins "
            f"count from: ri outcome {interview.id} hired --start DATE"
        )
    if outcome.start.year > 2999:  # the check-ins (and their calendar) would fall off the calendar
        raise UserError(
            f"interview {interview.id} has the start date {outcome.start}, too far ahead for "
            f"check-ins: correct it with: ri outcome {interview.id} hired --start DATE"
        )
    return outcome.start


def build_plan(interview: Interview, catalogue: Catalogue) -> PlanView:
    """The plan for a hired candidate; refused (UserError) before the hire is recorded."""
    start = hire_start(interview)
    check_ins = tuple(
        CheckIn(days, start + dt.timedelta(days=days), _AGENDAS[days]) for days in CHECK_IN_DAYS
    )
    return PlanView(build_report(interview, catalogue), start, check_ins)
