"""The report laid out once per audience, as a short list of blocks.

Headings, paragraphs, the candidate's quoted words, facts and lists: every format (terminal,
plain text, Markdown) draws these same blocks, so they all say the same thing in the same
order. A span is (text, role); each format decides how a role looks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reverse_interview.models import CATEGORIES, CATEGORY_TITLES, CatalogueIdentity, Offering
from reverse_interview.report import (
    GapView,
    PlanView,
    ReportView,
    ShownOffering,
    first_step,
    short_hash,
)
from reverse_interview.text import in_sentence, visible

Span = tuple[str, str]


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 1: the title; 2: a section; 3: a group inside a section
    role: str = "strong"


@dataclass(frozen=True)
class Para:
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class Quote:
    """The candidate's own words under a label; `None` when they were not asked yet."""

    label: str
    text: str | None


@dataclass(frozen=True)
class Facts:
    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Items:
    items: tuple[tuple[tuple[Span, ...], ...], ...]  # each item is one or more lines
    numbered: bool = False


@dataclass(frozen=True)
class Warning:
    text: str


Block = Heading | Para | Quote | Facts | Items | Warning

_NOT_ANSWERED = "not answered yet"
_NO_ANSWER = "no answer"


def missing(text: str | None) -> str:
    """What stands in for an answer never asked (None) or given empty ("")."""
    return _NOT_ANSWERED if text is None else _NO_ANSWER


DOT = " · "

_CANDIDATE_CATEGORY_TITLES = {
    "people": "People who can help you",
    "resources": "Resources to help you get ahead",
    "opportunities": "Opportunities to stretch you",
}


def _identity_facts(identity: CatalogueIdentity) -> Facts:
    if identity.git_commit:
        commit = short_hash(identity.git_commit)
        if identity.git_dirty:
            commit += " (uncommitted changes)"
    else:
        commit = "none (not in a git repository)"
    return Facts(
        (("File", identity.path), ("SHA-256", short_hash(identity.sha256)), ("Git commit", commit))
    )


def _when(moment: dt.datetime) -> str:
    local = moment.astimezone()
    return f"{local.day} {local:%B %Y, %H:%M %Z}".strip()


def _details(offering: Offering, *, for_candidate: bool) -> str:
    """Places or availability, and who to talk to, on one line."""
    parts: list[str] = []
    if offering.capacity is not None:
        if for_candidate:
            parts.append("places available")
        else:
            places = "place" if offering.capacity == 1 else "places"
            parts.append(f"{offering.capacity} {places} open")
    if offering.availability:
        parts.append(offering.availability)
    if offering.eligibility:
        parts.append(f"who it is for: {offering.eligibility}")
    if offering.contact:
        parts.append(f"contact: {offering.contact}")
    if offering.owner and not for_candidate:
        parts.append(f"owner: {offering.owner}")
    if offering.link:
        parts.append(offering.link)
    return DOT.join(visible(p) for p in parts if visible(p))


def _offering_item(
    offering: Offering, reasons: tuple[str, ...], *, for_candidate: bool
) -> tuple[tuple[Span, ...], ...]:
    """An offering as list lines: title and summary; why (interviewer only); places, contact."""
    lines: list[tuple[Span, ...]] = [
        ((visible(offering.title), "strong"), (" — ", ""), (visible(offering.summary), ""))
    ]
    if reasons and not for_candidate:
        lines.append((("Why: " + "; ".join(visible(r) for r in reasons), "muted"),))
    details = _details(offering, for_candidate=for_candidate)
    if details:
        lines.append(((details[:1].upper() + details[1:], "muted"),))
    return tuple(lines)


def _said(text: str, role: str = "") -> Para:
    """A paragraph of one span."""
    return Para(((text, role),))


def _by_category(
    shown: tuple[ShownOffering, ...], titles: dict[str, str], *, for_candidate: bool
) -> list[Block]:
    """Offerings under the three category headings, in the order they were matched."""
    blocks: list[Block] = []
    for category in CATEGORIES:
        chosen = [s for s in shown if s.offering.category == category]
        if chosen:
            blocks.append(Heading(titles[category], 3))
            items = (
                _offering_item(s.offering, s.reasons, for_candidate=for_candidate) for s in chosen
            )
            blocks.append(Items(tuple(items)))
    return blocks


def interviewer_blocks(view: ReportView) -> list[Block]:
    interview = view.interview
    name = visible(interview.candidate)
    blocks: list[Block] = [
        Heading(f"Reverse interview: {name or 'no name recorded'}", 1),
        Facts(
            (
                ("Candidate", name or "not recorded"),
                ("Role", visible(interview.role) or "not recorded"),
                ("Interviewer", visible(interview.interviewer) or "not recorded"),
                ("Date", _when(interview.started_at)),
                (
                    "Status",
                    "complete" if interview.status == "complete" else "draft (not finished)",
                ),
                ("ID", interview.id),
            )
        ),
    ]
    blocks.extend(Warning(w) for w in view.warnings)

    asked = {a.id for a in interview.arenas}
    for arena in view.arenas:
        answers = arena.answers
        title = visible(answers.name) or answers.id
        blocks.append(
            Heading(title + (" (the candidate's own arena)" if answers.custom else ""), 2)
        )
        if answers.id in asked:
            blocks.append(Quote("Their goal, in their words", answers.learn))
            blocks.append(Quote("Already good at", answers.strengths))
            blocks.append(Quote("Obstacles", answers.obstacles))
        blocks.extend(_by_category(arena.offerings, CATEGORY_TITLES, for_candidate=False))
        if arena.offerings:
            continue
        if arena.withdrawn:
            blocks.append(
                _said(
                    "Nothing to offer here now: what was presented at the interview has been "
                    "withdrawn (see the warnings above).",
                    "muted",
                )
            )
        elif arena.struck:
            blocks.append(
                _said("Nothing presented here: you chose not to present its matches.", "muted")
            )
        elif arena.matched or interview.status == "complete":
            blocks.append(_said("Nothing in the catalogue for this arena: see the gaps.", "muted"))
        else:
            blocks.append(_said("Not matched yet: the interview did not reach step 5.", "muted"))

    if view.highlights:
        blocks.append(Heading("Highlights added by the interviewer", 2))
        highlights = tuple(ShownOffering(o) for o in view.highlights)
        blocks.extend(_by_category(highlights, CATEGORY_TITLES, for_candidate=False))

    blocks.append(Heading("How they grow best", 2))
    if view.preferred:
        modes = tuple((((visible(m.name), ""),),) for m in view.preferred)
        blocks.append(Items(modes, numbered=True))
    else:
        blocks.append(_said("Not answered yet.", "muted"))
    if interview.growth.note:
        # The interviewer typed this note: it is never presented as the candidate's words.
        blocks.append(Quote("Your note", interview.growth.note))

    blocks.append(Heading("Gaps — don't promise these", 2, role="gap"))
    if view.gaps:
        gaps = tuple(
            (((visible(g.arena_name) + ": ", "strong"), (visible(g.gap.message), "")),)
            for g in view.gaps
        )
        blocks.append(Items(gaps))
    elif interview.status == "complete":
        blocks.append(_said("None: every arena has something real behind it.", "muted"))
    else:
        blocks.append(_said("None recorded yet.", "muted"))

    if interview.notes:
        blocks.append(Heading("Interviewer notes (not for the candidate)", 2))
        blocks.append(Quote("", interview.notes))

    blocks.append(Heading("Catalogue", 2))
    if view.catalogue_changed:
        blocks.append(_said("At the interview:", "muted"))
        blocks.append(_identity_facts(view.catalogue))
        blocks.append(_said("Checked against now:", "muted"))
        blocks.append(_identity_facts(view.current_catalogue))
    else:
        blocks.append(_identity_facts(view.catalogue))
    return blocks


def _first_name(candidate: str | None) -> str:
    words = visible(candidate).split()
    return words[0] if words else "there"


def _candidate_gap(gap: GapView) -> str:
    """A gap said to the candidate: their wish in their own words where it was recorded."""
    arena = in_sentence(visible(gap.arena_name))
    wish = " ".join(visible(gap.gap.wish).split())
    if gap.gap.kind == "topic" and wish:
        return (
            f"For “{wish}”, we have nothing to offer yet; we'd rather tell you now than promise it."
        )
    if gap.gap.kind == "full" and gap.gap.message:
        return visible(gap.gap.message)
    if gap.mode_name:
        what = f"{in_sentence(visible(gap.mode_name))} for {arena}"
    else:
        what = f"anything for {arena}"
    return f"We don't yet offer {what}; we'd rather tell you now than promise it."


def _joined(names: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def withdrawn_sentence(view: ReportView) -> str | None:
    """One honest sentence about what the candidate heard in the call and can't have now."""
    titles = [visible(w.title) or w.id for w in view.withdrawn]
    if not titles:
        return None
    one = len(titles) == 1
    they, it = ("it is", "it") if one else ("they are", "them")
    return (
        f"In our call we mentioned {_joined(titles)}; since then {they} no longer "
        f"available, so we can't offer {it} after all, and we're sorry."
    )


def _goals_served(view: ReportView) -> dict[str, list[str]]:
    """Offering id -> the names of the arenas (their goals) it was presented for."""
    served: dict[str, list[str]] = {}
    for arena in view.arenas:
        name = in_sentence(visible(arena.answers.name) or arena.answers.id)
        for shown in arena.offerings:
            names = served.setdefault(shown.offering.id, [])
            if name not in names:
                names.append(name)
    return served


def _candidate_offerings(view: ReportView) -> list[Block]:
    """Every offering presented, once, under its category, naming the goals it serves."""
    served = _goals_served(view)
    chosen: dict[str, Offering] = {}
    for arena in view.arenas:
        for shown in arena.offerings:
            chosen.setdefault(shown.offering.id, shown.offering)
    for offering in view.highlights:
        chosen.setdefault(offering.id, offering)
    blocks: list[Block] = []
    for category in CATEGORIES:
        items = []
        for offering in (o for o in chosen.values() if o.category == category):
            lines = list(_offering_item(offering, (), for_candidate=True))
            goals = served.get(offering.id)
            if goals:
                lines.insert(1, ((f"For your goals in {_joined(goals)}", "muted"),))
            items.append(tuple(lines))
        if items:
            blocks.append(Heading(_CANDIDATE_CATEGORY_TITLES[category], 3))
            blocks.append(Items(tuple(items)))
    return blocks


def follow_up_subject(view: ReportView) -> str:
    """The follow-up's subject line: the role and the organisation."""
    organisation = " ".join(visible(view.organisation).split())
    role = " ".join(visible(view.interview.role).split())
    about = f"the {role} role at {organisation}" if role else f"your interview at {organisation}"
    return f"Following up on our conversation: {about}"


def candidate_blocks(view: ReportView) -> list[Block]:
    """A follow-up the interviewer can send: the candidate's own words, what is really offered
    (each offering once), honest gaps; no notes, no reasons, nothing that can't be kept."""
    interview = view.interview
    organisation = visible(view.organisation)
    role = visible(interview.role)
    about = f" about the {role} role" if role else ""
    blocks: list[Block] = [
        _said(f"Hi {_first_name(interview.candidate)},"),
        _said(
            f"Thank you for talking with us{about}, and for being so open about what you "
            "want to grow into. As promised, here is what we heard, in your own words, and "
            f"what {organisation} can do to help."
        ),
    ]

    asked = [a for a in view.arenas if a.answers.id in {x.id for x in interview.arenas}]
    said = [a for a in asked if a.answers.learn or a.answers.obstacles]
    if said:
        blocks.append(Heading("What you told us", 2))
    for arena in said:
        blocks.append(Heading(visible(arena.answers.name) or arena.answers.id, 3))
        if arena.answers.learn:
            blocks.append(Quote("What you'd like to learn or improve", arena.answers.learn))
        if arena.answers.obstacles:
            blocks.append(Quote("What gets in the way today", arena.answers.obstacles))

    offered = _candidate_offerings(view)
    blocks.append(Heading("What we can offer you", 2))
    if offered:
        blocks.extend(offered)
    else:
        blocks.append(_said("We have nothing specific to offer you yet."))
    sorry = withdrawn_sentence(view)
    if sorry:
        blocks.append(_said(sorry))

    honest: list[str] = []
    for arena in asked:
        if arena.gaps:
            honest.extend(_candidate_gap(gap) for gap in arena.gaps)
        elif not arena.offerings:
            name = in_sentence(visible(arena.answers.name) or arena.answers.id)
            honest.append(f"We have nothing specific for {name} yet; we'd rather tell you now.")
    if honest:
        blocks.append(Heading("What we can't offer yet", 2))
        blocks.append(Items(tuple((((text, ""),),) for text in honest)))

    if view.preferred:
        modes = [in_sentence(visible(m.name)) for m in view.preferred]
        blocks.append(Heading("How you grow best", 2))
        blocks.append(_said(f"You told us you grow best through {', then '.join(modes)}."))

    blocks.append(Heading("Next steps", 2))
    blocks.append(
        _said(
            "If anything here raises a question, or you would like an introduction to any of "
            "it, just reply to this message and we will put you in touch. We will write to you "
            "separately about the next stage of the process."
        )
    )
    blocks.append(_said("Thank you again for your time."))
    signature = [s for s in (visible(interview.interviewer), organisation) if s]
    blocks.append(_said("\n".join(["Best wishes,", *signature])))
    return blocks


def report_blocks(view: ReportView, *, for_candidate: bool) -> list[Block]:
    """The report for the interviewer, or the follow-up for the candidate."""
    return candidate_blocks(view) if for_candidate else interviewer_blocks(view)


def _day(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def plan_blocks(plan: PlanView) -> list[Block]:
    """The development plan: per goal, their words, what is offered with who to ask and a first
    step, what is still open; then how they grow and the three check-ins."""
    view = plan.report
    interview = view.interview
    name = " ".join(visible(interview.candidate).split())
    organisation = visible(view.organisation)
    blocks: list[Block] = [
        Heading(f"Development plan: {name or 'no name recorded'}", 1),
        Facts(
            (
                ("New hire", name or "not recorded"),
                ("Role", visible(interview.role) or "not recorded"),
                ("First day", _day(plan.start)),
                ("Interviewed by", visible(interview.interviewer) or "not recorded"),
                ("Interview", f"{interview.id}, {_when(interview.started_at)}"),
            )
        ),
        _said(
            f"What {_first_name(interview.candidate) if name else 'they'} said in the interview, "
            f"turned into the first three months: each goal in their own words, what "
            f"{organisation} offers for it, who to ask and the first step, what we can't offer "
            "yet, and three check-ins to keep the promise."
        ),
    ]
    sorry = withdrawn_sentence(view)
    if sorry:
        blocks.append(_said(sorry))

    asked = {a.id for a in interview.arenas}
    placed: dict[str, str] = {}
    for arena in view.arenas:
        if arena.answers.id not in asked and not arena.offerings:
            continue
        title = visible(arena.answers.name) or arena.answers.id
        blocks.append(Heading(title, 2))
        if arena.answers.id in asked:
            blocks.append(Quote("Their goal, in their words", arena.answers.learn))
            if arena.answers.obstacles:
                blocks.append(Quote("What gets in the way", arena.answers.obstacles))
        if arena.offerings:
            blocks.append(Heading("What we offer", 3))
            items: list[tuple[tuple[Span, ...], ...]] = []
            for shown in arena.offerings:
                offering = shown.offering
                if offering.id in placed:
                    items.append(
                        (
                            (
                                (visible(offering.title), "strong"),
                                (f" (see {placed[offering.id]} above)", "muted"),
                            ),
                        )
                    )
                    continue
                placed[offering.id] = title
                items.append(_plan_item(offering))
            blocks.append(Items(tuple(items)))
        if arena.gaps:
            blocks.append(Heading("Still open", 3, role="gap"))
            blocks.append(Items(tuple((((visible(g.gap.message), ""),),) for g in arena.gaps)))
        elif not arena.offerings:
            blocks.append(_said("Nothing offered here yet.", "muted"))

    extra = [o for o in view.highlights if o.id not in placed]
    if extra:
        blocks.append(Heading("Also agreed in the interview", 2))
        blocks.append(Items(tuple(_plan_item(o) for o in extra)))

    if view.preferred:
        blocks.append(Heading("How they grow best", 2))
        modes = tuple((((visible(m.name), ""),),) for m in view.preferred)
        blocks.append(Items(modes, numbered=True))

    blocks.append(Heading("Check-ins", 2))
    blocks.append(
        Items(
            tuple(
                (
                    ((f"Day {c.days}: {_day(c.on)}", "strong"),),
                    ((c.agenda, ""),),
                )
                for c in plan.check_ins
            )
        )
    )
    return blocks


def _plan_item(offering: Offering) -> tuple[tuple[Span, ...], ...]:
    """An offering in the plan: what it is, who keeps it and who to ask, the first step."""
    lines: list[tuple[Span, ...]] = [
        ((visible(offering.title), "strong"), (" — ", ""), (visible(offering.summary), ""))
    ]
    who = [
        f"Owner: {visible(offering.owner) or 'not named in the catalogue'}",
        f"Contact: {visible(offering.contact) or 'not named in the catalogue'}",
    ]
    lines.append(((DOT.join(who), ""),))
    step = first_step(offering)
    lines.append((("First step: ", "strong"), (visible(step) + ".", "")))
    link = offering.link if offering.link and offering.link not in step else None
    more = DOT.join(visible(p) for p in (offering.availability, offering.eligibility, link) if p)
    if more:
        lines.append(((more[:1].upper() + more[1:], "muted"),))
    return tuple(lines)
