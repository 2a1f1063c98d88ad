"""Models -> Rich renderables, plain text, Markdown and JSON. Never reads input.

Candidate text is data: it is always passed to Rich as `Text` (never parsed as markup) and
escaped for Markdown; JSON carries it as is.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reverse_interview.models import (
    CATEGORIES,
    CATEGORY_TITLES,
    ArenaAnswers,
    Catalogue,
    CatalogueIdentity,
    Gap,
    Interview,
    Mode,
    Offering,
)

if TYPE_CHECKING:
    from rich.console import RenderableType


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` so that a reader sees the old file or the new one, never half."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text if text.endswith("\n") else text + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- the report (ri report, and the end of ri run) -----------------------------------------
#
# build_report() checks what the interview recorded against the current catalogue and gives a
# ReportView. The view is laid out once per audience as a short list of blocks (headings,
# paragraphs, the candidate's quoted words, lists); the blocks are then drawn with Rich or
# written as Markdown, so every format says the same thing in the same order.


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


@dataclass(frozen=True)
class Withdrawn:
    """An offering presented at the interview that may not be promised any more."""

    id: str
    title: str
    reason: str

    @property
    def warning(self) -> str:
        return f"{_clean(self.title)} ({self.id}) {self.reason}: don't promise it."


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
                f"The catalogue has changed since this interview (sha256 "
                f"{_short(self.catalogue.sha256)} then, {_short(self.current_catalogue.sha256)} "
                "now): the offerings below are checked against the current one."
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

    arenas: list[ArenaReport] = []
    for arena in answers:
        recorded = [m for m in interview.matches if m.arena == arena.id]
        shown: list[ShownOffering] = []
        lost = 0
        seen: set[str] = set()
        for matched in (o for m in recorded for o in m.offerings):
            if matched.id in seen:
                continue
            seen.add(matched.id)
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
        arenas.append(ArenaReport(arena, tuple(shown), gaps, bool(recorded), lost))

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


# JSON: the contract's fields, candidate text exactly as stored.


def report_json(view: ReportView) -> str:
    """The report as one JSON object (SPEC "Reports"), withdrawn offerings left out."""
    interview = view.interview
    data: dict[str, object] = {
        "id": interview.id,
        "status": interview.status,
        "candidate": interview.candidate,
        "role": interview.role,
        "interviewer": interview.interviewer,
        "started_at": interview.started_at.isoformat(),
        "updated_at": interview.updated_at.isoformat(),
        "organisation": view.organisation,
        "catalogue": _identity_json(view.catalogue),
        "current_catalogue": _identity_json(view.current_catalogue),
        "catalogue_changed": view.catalogue_changed,
        "arenas": [
            {
                "id": a.id,
                "name": a.name,
                "custom": a.custom,
                "strengths": a.strengths,
                "learn": a.learn,
                "obstacles": a.obstacles,
            }
            for a in interview.arenas
        ],
        "growth": {"preferred": list(interview.growth.preferred), "note": interview.growth.note},
        "matches": [
            {
                "arena": arena.answers.id,
                "offerings": [
                    {
                        "id": s.offering.id,
                        "title": s.offering.title,
                        "category": s.offering.category,
                        "reasons": list(s.reasons),
                        "summary": s.offering.summary,
                        "contact": s.offering.contact,
                        "owner": s.offering.owner,
                        "link": s.offering.link,
                        "capacity": s.offering.capacity,
                        "availability": s.offering.availability,
                    }
                    for s in arena.offerings
                ],
            }
            for arena in view.arenas
            if arena.matched
        ],
        "highlights": [o.id for o in view.highlights],
        "gaps": [
            {"arena": g.gap.arena, "mode": g.gap.mode, "message": g.gap.message} for g in view.gaps
        ],
        "withdrawn": [w.id for w in view.withdrawn],
        "warnings": list(view.warnings),
        "notes": interview.notes,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _identity_json(identity: CatalogueIdentity) -> dict[str, object]:
    return {
        "path": identity.path,
        "sha256": identity.sha256,
        "git_commit": identity.git_commit,
        "git_dirty": identity.git_dirty,
    }


# The layout, as blocks. A span is (text, role); roles are drawn by _RICH_STYLES and _md_spans.

Span = tuple[str, str]


@dataclass(frozen=True)
class _Heading:
    text: str
    level: int  # 1: the title; 2: a section; 3: a group inside a section
    role: str = "strong"


@dataclass(frozen=True)
class _Para:
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class _Quote:
    """The candidate's own words under a label; `None` when they were not asked yet."""

    label: str
    text: str | None


@dataclass(frozen=True)
class _Facts:
    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class _Items:
    items: tuple[tuple[tuple[Span, ...], ...], ...]  # each item is one or more lines
    numbered: bool = False


@dataclass(frozen=True)
class _Warning:
    text: str


_Block = _Heading | _Para | _Quote | _Facts | _Items | _Warning

_NOT_ANSWERED = "not answered yet"
_NO_ANSWER = "no answer"


def _missing(text: str | None) -> str:
    """What stands in for an answer never asked (None) or given empty ("")."""
    return _NOT_ANSWERED if text is None else _NO_ANSWER


_CONTROL_CODES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _sanitise(text: str | None) -> str:
    """Line ends made plain, and control codes (which could drive a terminal) made visible."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_CODES.sub("\ufffd", text)


def _clean(text: str | None) -> str:
    """Text from a person or the catalogue, ready to show: sanitised, outer blanks trimmed."""
    return _sanitise(text).strip()


_DOT = " · "

_CANDIDATE_CATEGORY_TITLES = {
    "people": "People who can help you",
    "resources": "Resources to help you get ahead",
    "opportunities": "Opportunities to stretch you",
}


def _short(value: str | None) -> str:
    return (value or "")[:12]


def _identity_facts(identity: CatalogueIdentity) -> _Facts:
    if identity.git_commit:
        commit = _short(identity.git_commit)
        if identity.git_dirty:
            commit += " (uncommitted changes)"
    else:
        commit = "none (not in a git repository)"
    return _Facts(
        (("File", identity.path), ("SHA-256", _short(identity.sha256)), ("Git commit", commit))
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
    if offering.contact:
        parts.append(f"contact: {offering.contact}")
    if offering.owner and not for_candidate:
        parts.append(f"owner: {offering.owner}")
    if offering.link:
        parts.append(offering.link)
    return _DOT.join(_clean(p) for p in parts if _clean(p))


def _offering_item(
    offering: Offering, reasons: tuple[str, ...], *, for_candidate: bool
) -> tuple[tuple[Span, ...], ...]:
    """An offering as list lines: title and summary; why (interviewer only); places, contact."""
    lines: list[tuple[Span, ...]] = [
        ((_clean(offering.title), "strong"), (" — ", ""), (_clean(offering.summary), ""))
    ]
    if reasons and not for_candidate:
        lines.append((("Why: " + "; ".join(_clean(r) for r in reasons), "muted"),))
    details = _details(offering, for_candidate=for_candidate)
    if details:
        lines.append(((details[:1].upper() + details[1:], "muted"),))
    return tuple(lines)


def _said(text: str, role: str = "") -> _Para:
    """A paragraph of one span."""
    return _Para(((text, role),))


def _by_category(
    shown: tuple[ShownOffering, ...], titles: dict[str, str], *, for_candidate: bool
) -> list[_Block]:
    """Offerings under the three category headings, in the order they were matched."""
    blocks: list[_Block] = []
    for category in CATEGORIES:
        chosen = [s for s in shown if s.offering.category == category]
        if chosen:
            blocks.append(_Heading(titles[category], 3))
            items = (
                _offering_item(s.offering, s.reasons, for_candidate=for_candidate) for s in chosen
            )
            blocks.append(_Items(tuple(items)))
    return blocks


def _interviewer_blocks(view: ReportView) -> list[_Block]:
    interview = view.interview
    name = _clean(interview.candidate)
    blocks: list[_Block] = [
        _Heading(f"Reverse interview: {name or 'no name recorded'}", 1),
        _Facts(
            (
                ("Candidate", name or "not recorded"),
                ("Role", _clean(interview.role) or "not recorded"),
                ("Interviewer", _clean(interview.interviewer) or "not recorded"),
                ("Date", _when(interview.started_at)),
                (
                    "Status",
                    "complete" if interview.status == "complete" else "draft (not finished)",
                ),
                ("ID", interview.id),
            )
        ),
    ]
    blocks.extend(_Warning(w) for w in view.warnings)

    asked = {a.id for a in interview.arenas}
    for arena in view.arenas:
        answers = arena.answers
        title = _clean(answers.name) or answers.id
        blocks.append(
            _Heading(title + (" (the candidate's own arena)" if answers.custom else ""), 2)
        )
        if answers.id in asked:
            blocks.append(_Quote("Their goal, in their words", answers.learn))
            blocks.append(_Quote("Already good at", answers.strengths))
            blocks.append(_Quote("Obstacles", answers.obstacles))
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
        elif arena.matched or interview.status == "complete":
            blocks.append(_said("Nothing in the catalogue for this arena: see the gaps.", "muted"))
        else:
            blocks.append(_said("Not matched yet: the interview did not reach step 5.", "muted"))

    if view.highlights:
        blocks.append(_Heading("Highlights added by the interviewer", 2))
        highlights = tuple(ShownOffering(o) for o in view.highlights)
        blocks.extend(_by_category(highlights, CATEGORY_TITLES, for_candidate=False))

    blocks.append(_Heading("How they grow best", 2))
    if view.preferred:
        modes = tuple((((_clean(m.name), ""),),) for m in view.preferred)
        blocks.append(_Items(modes, numbered=True))
    else:
        blocks.append(_said("Not answered yet.", "muted"))
    if interview.growth.note:
        blocks.append(_Quote("In their words", interview.growth.note))

    blocks.append(_Heading("Gaps — don't promise these", 2, role="gap"))
    if view.gaps:
        gaps = tuple(
            (((_clean(g.arena_name) + ": ", "strong"), (_clean(g.gap.message), "")),)
            for g in view.gaps
        )
        blocks.append(_Items(gaps))
    elif interview.status == "complete":
        blocks.append(_said("None: every arena has something real behind it.", "muted"))
    else:
        blocks.append(_said("None recorded yet.", "muted"))

    if interview.notes:
        blocks.append(_Heading("Interviewer notes (not for the candidate)", 2))
        blocks.append(_Quote("", interview.notes))

    blocks.append(_Heading("Catalogue", 2))
    if view.catalogue_changed:
        blocks.append(_said("At the interview:", "muted"))
        blocks.append(_identity_facts(view.catalogue))
        blocks.append(_said("Checked against now:", "muted"))
        blocks.append(_identity_facts(view.current_catalogue))
    else:
        blocks.append(_identity_facts(view.catalogue))
    return blocks


def _first_name(candidate: str | None) -> str:
    words = _clean(candidate).split()
    return words[0] if words else "there"


def _lower_first(text: str) -> str:
    """`Mentoring` -> `mentoring`, so a name reads inside a sentence; `AWS` stays `AWS`."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return text
    return text[:1].lower() + text[1:]


def _candidate_gap(gap: GapView) -> str:
    arena = _lower_first(_clean(gap.arena_name))
    if gap.mode_name:
        what = f"{_lower_first(_clean(gap.mode_name))} for {arena}"
    else:
        what = f"anything for {arena}"
    return f"We don't yet offer {what}; we'd rather tell you now than promise it."


def _candidate_blocks(view: ReportView) -> list[_Block]:
    """A follow-up the interviewer can send: no notes, no reasons, nothing withdrawn."""
    interview = view.interview
    organisation = _clean(view.organisation)
    role = _clean(interview.role)
    about = f" about the {role} role" if role else ""
    blocks: list[_Block] = [
        _said(f"Hi {_first_name(interview.candidate)},"),
        _said(
            f"Thank you for talking with us{about}, and for being so open about what you "
            "want to grow into. As promised, here is what we heard, in your own words, and "
            f"what {organisation} can do to help."
        ),
    ]

    listed: set[str] = set()
    asked = {a.id for a in interview.arenas}
    for arena in view.arenas:
        if arena.answers.id not in asked and not arena.offerings:
            continue
        blocks.append(_Heading(_clean(arena.answers.name) or arena.answers.id, 2))
        if arena.answers.learn:
            blocks.append(_Quote("What you'd like to learn or improve", arena.answers.learn))
        if arena.answers.obstacles:
            blocks.append(_Quote("What gets in the way today", arena.answers.obstacles))
        blocks.extend(_by_category(arena.offerings, _CANDIDATE_CATEGORY_TITLES, for_candidate=True))
        listed.update(s.offering.id for s in arena.offerings)
        if arena.gaps:
            blocks.append(_Heading("What we can't offer yet", 3))
            blocks.extend(_said(_candidate_gap(gap)) for gap in arena.gaps)
        elif not arena.offerings:
            blocks.append(
                _said(
                    "We have nothing specific to offer here yet; we'd rather tell you now "
                    "than promise it."
                )
            )

    extra = tuple(ShownOffering(o) for o in view.highlights if o.id not in listed)
    if extra:
        blocks.append(_Heading("Also worth a look", 2))
        blocks.extend(_by_category(extra, _CANDIDATE_CATEGORY_TITLES, for_candidate=True))

    if view.preferred:
        modes = [_lower_first(_clean(m.name)) for m in view.preferred]
        blocks.append(_Heading("How you grow best", 2))
        blocks.append(_said(f"You told us you grow best through {', then '.join(modes)}."))
        if interview.growth.note:
            blocks.append(_Quote("In your words", interview.growth.note))

    blocks.append(_Heading("Next steps", 2))
    blocks.append(
        _said(
            "If anything here raises a question, or you would like an introduction to any of "
            "it, just reply to this message and we will put you in touch. We will write to you "
            "separately about the next stage of the process."
        )
    )
    blocks.append(_said("Thank you again for your time."))
    signature = [s for s in (_clean(interview.interviewer), organisation) if s]
    blocks.append(_said("\n".join(["Best wishes,", *signature])))
    return blocks


# Drawing the blocks with Rich: data always goes in as Text, never as markup.

_RICH_STYLES = {
    "": "",
    "strong": "bold",
    "muted": "dim",
    "gap": "bold red",
}


def _to_rich(blocks: list[_Block]) -> RenderableType:
    from rich.console import Group
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    def line(spans: tuple[Span, ...]) -> Text:
        return Text.assemble(*((text, _RICH_STYLES[role]) for text, role in spans))

    def indented(renderable: RenderableType, indent: int) -> RenderableType:
        return Padding(renderable, (0, 0, 0, indent)) if indent else renderable

    parts: list[RenderableType] = []
    indent = 0
    previous: _Block | None = None
    for block in blocks:
        # A paragraph or the first warning after anything but a heading starts after a blank.
        starts_apart = isinstance(block, _Para) or (
            isinstance(block, _Warning) and not isinstance(previous, _Warning)
        )
        if starts_apart and previous is not None and not isinstance(previous, _Heading):
            parts.append(Text())
        previous = block
        if isinstance(block, _Heading):
            if block.level == 1:
                parts.append(Text(block.text, style="bold"))
                indent = 0
            elif block.level == 2:
                parts.append(Text())
                parts.append(
                    Text.assemble(("── ", "dim"), (block.text, _RICH_STYLES[block.role] or "bold"))
                )
                indent = 2
            else:
                parts.append(Text())
                parts.append(indented(Text(block.text, style="bold"), 2))
                indent = 4
        elif isinstance(block, _Para):
            parts.append(indented(line(block.spans), indent))
        elif isinstance(block, _Quote):
            if block.label:
                parts.append(indented(Text(block.label, style="bold"), indent))
            said = _clean(block.text)
            shown = Text(said) if said else Text(_missing(block.text), style="dim italic")
            parts.append(indented(shown, indent + 2 if block.label else indent))
        elif isinstance(block, _Facts):
            grid = Table.grid(padding=(0, 2))
            grid.add_column(style="dim", no_wrap=True)
            grid.add_column(overflow="fold")
            for label, value in block.rows:
                grid.add_row(Text(label), Text(value))
            parts.append(indented(grid, indent))
        elif isinstance(block, _Items):
            grid = Table.grid(padding=(0, 1))
            grid.add_column(no_wrap=True, style="dim")
            grid.add_column(overflow="fold")
            for number, item in enumerate(block.items, 1):
                marker = f"{number}." if block.numbered else "•"
                grid.add_row(Text(marker), Text("\n").join(line(spans) for spans in item))
            parts.append(indented(grid, indent))
        else:
            warning = Text.assemble(("Warning: ", "bold yellow"), (block.text, "yellow"))
            parts.append(indented(warning, indent))
    return Group(*parts)


def report_renderable(view: ReportView, *, for_candidate: bool = False) -> RenderableType:
    """The summary as one Rich renderable: what `ri run` shows at the end and `ri report` again."""
    blocks = _candidate_blocks(view) if for_candidate else _interviewer_blocks(view)
    return _to_rich(blocks)


def print_report(view: ReportView, *, for_candidate: bool) -> None:
    """Print the report on stdout: colour on a terminal, plain text when piped.

    Rich honours NO_COLOR (and FORCE_COLOR), and takes the width from the terminal or COLUMNS.
    """
    from rich.console import Console

    console = Console(highlight=False, markup=False, emoji=False)
    if console.is_terminal:
        console.print(report_renderable(view, for_candidate=for_candidate))
    else:
        sys.stdout.write(_plain(view, for_candidate=for_candidate, width=console.width))
        sys.stdout.flush()


def report_plain(view: ReportView, *, for_candidate: bool) -> str:
    """The report as plain text at 80 columns, for a file: no colour codes, no trailing blanks."""
    return _plain(view, for_candidate=for_candidate, width=80)


def _plain(view: ReportView, *, for_candidate: bool, width: int) -> str:
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        color_system=None,
        force_terminal=False,
        force_jupyter=False,
        legacy_windows=False,
        highlight=False,
        markup=False,
        emoji=False,
    )
    console.print(report_renderable(view, for_candidate=for_candidate))
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


# Markdown: everything that came from a person or the catalogue is escaped, so that rendered
# Markdown shows the characters as typed (and HTML never gets through).

_MD_BACKSLASHED = frozenset("\\`*_[]#|~$")
_MD_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
_MD_ORDERED_START = re.compile(r"\d{1,9}(?=[.)])")


def _md_escape_line(line: str) -> str:
    escaped = "".join(
        "\\" + ch if ch in _MD_BACKSLASHED else _MD_ENTITIES.get(ch, ch) for ch in line
    )
    body = escaped.lstrip(" \t")
    lead = escaped[: len(escaped) - len(body)]
    # At the start of a line these would open a list, a heading underline or a rule.
    if body[:1] in ("-", "+", "="):
        return f"{lead}\\{body}"
    number = _MD_ORDERED_START.match(body)
    if number:
        return f"{lead}{number.group()}\\{body[number.end() :]}"
    return escaped


def md_escape(text: str, *, indent: str = "") -> str:
    """Escape `text` for Markdown; its line breaks become hard breaks continued at `indent`."""
    lines = _sanitise(text).split("\n")
    return ("\\\n" + indent).join(_md_escape_line(line) for line in lines)


def _md_spans(spans: tuple[Span, ...], *, indent: str = "") -> str:
    merged: list[Span] = []
    for text, role in spans:
        if merged and merged[-1][1] == role:
            merged[-1] = (merged[-1][0] + text, role)
        else:
            merged.append((text, role))
    out: list[str] = []
    for text, role in merged:
        core = text.strip()
        if not core or role == "":
            out.append(md_escape(text, indent=indent))
            continue
        # Emphasis must hug its text: spaces go outside the asterisks.
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        mark = "*" if role == "muted" else "**"
        out.append(f"{lead}{mark}{md_escape(core, indent=indent)}{mark}{trail}")
    return "".join(out)


def _to_markdown(blocks: list[_Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, _Heading):
            out.append("#" * block.level + " " + md_escape(" ".join(block.text.split())))
        elif isinstance(block, _Para):
            out.append(_md_spans(block.spans))
        elif isinstance(block, _Quote):
            said = _clean(block.text)
            label = f"**{md_escape(block.label)}:**" if block.label else ""
            if not said:
                out.append(f"{label} *{_missing(block.text)}*".strip())
            else:
                quote = "> " + md_escape(said, indent="> ")
                out.append(f"{label}\n{quote}" if label else quote)
        elif isinstance(block, _Facts):
            out.append(
                "\n".join(
                    f"- **{md_escape(label)}:** {md_escape(value, indent='  ')}"
                    for label, value in block.rows
                )
            )
        elif isinstance(block, _Items):
            lines: list[str] = []
            for number, item in enumerate(block.items, 1):
                marker = f"{number}. " if block.numbered else "- "
                indent = " " * len(marker)
                body = ("\\\n" + indent).join(_md_spans(spans, indent=indent) for spans in item)
                lines.append(marker + body)
            out.append("\n".join(lines))
        else:
            out.append(f"> **Warning:** {md_escape(block.text, indent='> ')}")
    return "\n\n".join(out) + "\n"


def report_markdown(view: ReportView, *, for_candidate: bool) -> str:
    """The report as Markdown, for hiring notes or (for the candidate) an email."""
    blocks = _candidate_blocks(view) if for_candidate else _interviewer_blocks(view)
    return _to_markdown(blocks)


# --- the catalogue (ri offerings list) -----------------------------------------------------
#
# Catalogue text is written by people too: it goes to Rich as Text, never as markup.


def _places(offering: Offering) -> str:
    if offering.capacity == 0:
        return "full"
    if offering.capacity is not None:
        return f"{offering.capacity} open"
    return "open"


def print_offerings(catalogue: Catalogue, offerings: tuple[Offering, ...]) -> None:
    """The chosen offerings, grouped by category: what each is, where it helps, its places."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False, markup=False, emoji=False)
    active = sum(1 for o in catalogue.offerings if o.active)
    if not offerings:
        console.print(
            Text(
                "No active offering matches these filters."
                if active
                else f"{_clean(catalogue.organisation)}'s catalogue has no active offering."
            )
        )
        return
    shown = f"{len(offerings)} of {active}" if len(offerings) < active else str(active)
    console.print(
        Text.assemble(
            (_clean(catalogue.organisation), "bold"),
            f": {shown} active offering{'' if len(offerings) == 1 else 's'}",
        )
    )
    id_width = max(len(o.id) for o in offerings)  # the same in every category's table
    for category in CATEGORIES:
        chosen = [o for o in offerings if o.category == category]
        if not chosen:
            continue
        console.print()
        console.print(Text(f"{CATEGORY_TITLES[category]} ({len(chosen)})", style="bold underline"))
        table = Table(box=None, header_style="bold", pad_edge=False, expand=True)
        table.add_column("ID", no_wrap=True, style="cyan", min_width=id_width)
        table.add_column("Offering", ratio=1)
        table.add_column("Places", no_wrap=True, justify="right")
        for number, offering in enumerate(chosen):
            if number:
                table.add_row()  # a blank line between offerings
            table.add_row(
                Text(offering.id),
                _offering_cell(offering),
                Text(_places(offering), style="red" if offering.capacity == 0 else ""),
            )
        console.print(table)


def _offering_cell(offering: Offering) -> Text:
    from rich.text import Text

    cell = Text(_clean(offering.title), style="bold")
    cell.append("\n" + _clean(offering.summary))
    cell.append(f"\n{', '.join(offering.arenas)}{_DOT}{', '.join(offering.modes)}", style="dim")
    details = [
        f"{label}: {_clean(value)}"
        for label, value in (
            ("when", offering.availability),
            ("owner", offering.owner),
            ("contact", offering.contact),
        )
        if value
    ]
    if details:
        cell.append("\n" + _DOT.join(details), style="dim")
    return cell


def offerings_json(offerings: tuple[Offering, ...]) -> str:
    """The offerings as a JSON list, every field of the catalogue; dates as YYYY-MM-DD."""
    return json.dumps(
        [
            {
                "id": o.id,
                "title": o.title,
                "category": o.category,
                "arenas": list(o.arenas),
                "modes": list(o.modes),
                "summary": o.summary,
                "tags": list(o.tags),
                "contact": o.contact,
                "link": o.link,
                "owner": o.owner,
                "capacity": o.capacity,
                "availability": o.availability,
                "last_reviewed": o.last_reviewed.isoformat() if o.last_reviewed else None,
                "active": o.active,
            }
            for o in offerings
        ],
        indent=2,
        ensure_ascii=False,
    )


# --- the store (ri list, ri gaps) ----------------------------------------------------------
#
# `ri list` and `ri gaps`. Everything a candidate typed (names, their own arenas) and every
# title from the catalogue goes to Rich as Text, never as markup.

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from reverse_interview.gaps import GapFigure, GapFigures
    from reverse_interview.models import InterviewSummary

BAR_WIDTH = 16
TOP_OFFERINGS = 10
FILLERS_NAMED = 3


def _local_time(moment: dt.datetime, *, same_day_as: dt.datetime | None = None) -> str:
    """A stored UTC time as the reader's local time, to the minute (the time alone when it
    falls on the same local day as `same_day_as`)."""
    local = moment.astimezone()
    if same_day_as is not None and same_day_as.astimezone().date() == local.date():
        return local.strftime("%H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


def _bar(count: int, most: int) -> str:
    """A bar of full blocks, `BAR_WIDTH` long for the largest count, at least one for any."""
    if count <= 0 or most <= 0:
        return ""
    return "█" * max(1, round(count / most * BAR_WIDTH))


def _store_console() -> Console:
    from rich.console import Console

    return Console(highlight=False, emoji=False)


def print_list(rows: list[InterviewSummary], *, total: int, status: str | None = None) -> None:
    """The stored interviews as a table, newest first, saying when some are left out."""
    from rich.table import Table
    from rich.text import Text

    console = _store_console()
    kind = f"{status} interviews" if status else "interviews"
    if not rows:
        if total:
            console.print(Text(f"{total} {kind}, none shown."))
        elif status:
            console.print(Text(f"No {kind} in the store."))
        else:
            console.print(Text("No interviews stored yet. Start one with: ri run"))
        return
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("ID", no_wrap=True)
    table.add_column("Candidate", overflow="fold")
    table.add_column("Role", overflow="fold")
    table.add_column("Status", no_wrap=True)
    table.add_column("Started", no_wrap=True)
    table.add_column("Updated", no_wrap=True)
    for row in rows:
        table.add_row(
            Text(row.id),
            Text(row.candidate or "(no name yet)", style="" if row.candidate else "dim"),
            Text(row.role or ""),
            Text(row.status, style="yellow" if row.status == "draft" else "green"),
            Text(_local_time(row.started_at)),
            Text(_local_time(row.updated_at, same_day_as=row.started_at)),
        )
    console.print(table)
    if len(rows) < total:
        console.print(
            Text(f"showing {len(rows)} of {total} {kind}; --all for every one", style="dim")
        )


def list_json(rows: list[InterviewSummary]) -> str:
    """The stored interviews as a JSON list, newest first; times in ISO 8601, UTC."""
    return json.dumps(
        [
            {
                "id": row.id,
                "status": row.status,
                "candidate": row.candidate,
                "role": row.role,
                "interviewer": row.interviewer,
                "started_at": row.started_at.isoformat(),
                "updated_at": row.updated_at.isoformat(),
            }
            for row in rows
        ],
        indent=2,
        ensure_ascii=False,
    )


def _need(gap: GapFigure) -> Text:
    """What the candidates wanted: the arena, and the way of growing in it."""
    from rich.text import Text

    need = Text(gap.arena_name)
    if gap.custom:
        need.append(" (their own arena)", style="dim")
    need.append(" · ")
    need.append(gap.mode_name if gap.mode_name is not None else "anything at all")
    return need


def _fillers(gap: GapFigure) -> Text:
    from rich.text import Text

    titles = ", ".join(f.title for f in gap.filled_by[:FILLERS_NAMED])
    more = len(gap.filled_by) - FILLERS_NAMED
    return Text(f"now filled by: {titles}" + (f" and {more} more" if more > 0 else ""), style="dim")


def _tally_table(rows: list[tuple[int, Text]], most: int) -> Table:
    """Counts with a bar each: the count, the bar, what was counted."""
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column()
    for count, label in rows:
        table.add_row(Text(str(count)), Text(_bar(count, most), style="cyan"), label)
    return table


def print_gaps(figures: GapFigures) -> None:
    """`ri gaps` as a to-do list for the catalogue's owners: the needs still open first, then
    those the current catalogue now meets, then what candidates want most."""
    from rich.table import Table
    from rich.text import Text

    console = _store_console()
    since = f" completed since {figures.since.isoformat()}" if figures.since else ""
    if not figures.interviews:
        console.print(
            Text(
                f"No complete interviews{since or ' yet'}, so nothing to count. "
                "Gaps show here once interviews reach step 5 (ri run)."
            )
        )
        return

    def heading(text: str) -> None:
        console.print(Text(text, style="bold underline"))

    plural = "s" if figures.interviews != 1 else ""
    open_gaps = figures.open_gaps
    filled = [g for g in figures.gaps if g.now_filled]
    heading("What candidates wanted and we could not offer")
    console.print(
        Text(
            f"Across {figures.interviews} complete interview{plural}{since}: "
            f"{len(figures.gaps)} unmet need{'s' if len(figures.gaps) != 1 else ''}, "
            f"{len(open_gaps)} still open, {len(filled)} now filled by the catalogue. "
            "Counts are candidates.",
            style="dim",
        )
    )
    console.print()
    if not figures.gaps:
        console.print(Text("No gaps: every need candidates named had an offering."))
        console.print()
    most = max((g.candidates for g in figures.gaps), default=0)
    if open_gaps:
        heading("Still open: what to offer next")
        rows = []
        for gap in open_gaps:
            label = _need(gap)
            if gap.now_filled is None:
                label.append(f"\ncan't tell: {gap.note}", style="dim")
            rows.append((gap.candidates, label))
        console.print(_tally_table(rows, most))
        console.print()
    elif figures.gaps:
        console.print(Text("Nothing still open: the current catalogue meets every one of them."))
        console.print()
    if filled:
        heading("Now filled by the current catalogue")
        rows = []
        for gap in filled:
            label = _need(gap)
            label.append("\n")
            label.append_text(_fillers(gap))
            rows.append((gap.candidates, label))
        console.print(_tally_table(rows, most))
        console.print()

    if figures.arenas:
        heading("Most wanted arenas")
        rows = []
        for arena in figures.arenas:
            name = Text(arena.name)
            if arena.custom:
                name.append(" (their own arena)", style="dim")
            rows.append((arena.candidates, name))
        console.print(_tally_table(rows, figures.arenas[0].candidates))
        console.print()

    if figures.modes:
        heading("Most wanted ways to grow (in their top two)")
        table = Table(box=None, pad_edge=False, header_style="dim")
        table.add_column("", justify="right", no_wrap=True)
        table.add_column("", no_wrap=True)
        table.add_column("")
        table.add_column("first choice", justify="right", no_wrap=True)
        table.add_column("named at all", justify="right", no_wrap=True)
        most_modes = max(m.top_two for m in figures.modes)
        for mode in figures.modes:
            table.add_row(
                Text(str(mode.top_two)),
                Text(_bar(mode.top_two, most_modes), style="cyan"),
                Text(mode.name),
                Text(str(mode.first_choice)),
                Text(str(mode.candidates)),
            )
        console.print(table)
        console.print()

    if figures.offerings:
        heading("Offerings matched most often")
        shown = figures.offerings[:TOP_OFFERINGS]
        rows = []
        for offering in shown:
            title = Text(offering.title)
            title.append(f" ({offering.category})", style="dim")
            if not offering.offered_now:
                title.append(" no longer offered", style="red")
            rows.append((offering.presented, title))
        console.print(_tally_table(rows, shown[0].presented))
        left = len(figures.offerings) - len(shown)
        if left > 0:
            console.print(Text(f"and {left} more (--format json lists every one)", style="dim"))


def gaps_json(figures: GapFigures) -> str:
    """The figures of `ri gaps` as one JSON object with stable keys."""
    return json.dumps(
        {
            "interviews": figures.interviews,
            "since": figures.since.isoformat() if figures.since else None,
            "gaps": [
                {
                    "arena": g.arena,
                    "arena_name": g.arena_name,
                    "custom": g.custom,
                    "mode": g.mode,
                    "mode_name": g.mode_name,
                    "candidates": g.candidates,
                    "now_filled": g.now_filled,
                    "filled_by": [{"id": f.id, "title": f.title} for f in g.filled_by],
                    "note": g.note,
                }
                for g in figures.gaps
            ],
            "arenas": [
                {"arena": a.arena, "name": a.name, "custom": a.custom, "candidates": a.candidates}
                for a in figures.arenas
            ],
            "modes": [
                {
                    "mode": m.mode,
                    "name": m.name,
                    "first_choice": m.first_choice,
                    "top_two": m.top_two,
                    "candidates": m.candidates,
                }
                for m in figures.modes
            ],
            "offerings": [
                {
                    "id": o.id,
                    "title": o.title,
                    "category": o.category,
                    "presented": o.presented,
                    "offered_now": o.offered_now,
                }
                for o in figures.offerings
            ],
        },
        indent=2,
        ensure_ascii=False,
    )
