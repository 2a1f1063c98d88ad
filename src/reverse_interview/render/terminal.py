"""The report drawn with Rich, for the terminal and for plain text files.

Data always goes to Rich as `Text`, never as markup.
"""

from __future__ import annotations

import io
import sys
from typing import TYPE_CHECKING

from reverse_interview.render.console import console
from reverse_interview.render.layout import (
    Block,
    Facts,
    Heading,
    Items,
    Para,
    Quote,
    Span,
    Warning,
    missing,
    plan_blocks,
    report_blocks,
)
from reverse_interview.report import PlanView, ReportView
from reverse_interview.text import visible

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from reverse_interview.models import Catalogue, Interview, Offering


_RICH_STYLES = {
    "": "",
    "strong": "bold",
    "muted": "dim",
    "gap": "bold red",
}


def _to_rich(blocks: list[Block]) -> RenderableType:
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
    previous: Block | None = None
    for block in blocks:
        # A paragraph or the first warning after anything but a heading starts after a blank.
        starts_apart = isinstance(block, Para) or (
            isinstance(block, Warning) and not isinstance(previous, Warning)
        )
        if starts_apart and previous is not None and not isinstance(previous, Heading):
            parts.append(Text())
        previous = block
        if isinstance(block, Heading):
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
        elif isinstance(block, Para):
            parts.append(indented(line(block.spans), indent))
        elif isinstance(block, Quote):
            if block.label:
                parts.append(indented(Text(block.label, style="bold"), indent))
            said = visible(block.text)
            shown = Text(said) if said else Text(missing(block.text), style="dim italic")
            parts.append(indented(shown, indent + 2 if block.label else indent))
        elif isinstance(block, Facts):
            grid = Table.grid(padding=(0, 2))
            grid.add_column(style="dim", no_wrap=True)
            grid.add_column(overflow="fold")
            for label, value in block.rows:
                grid.add_row(Text(label), Text(value))
            parts.append(indented(grid, indent))
        elif isinstance(block, Items):
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
    return _to_rich(report_blocks(view, for_candidate=for_candidate))


def print_report(view: ReportView, *, for_candidate: bool) -> None:
    """Print the report on stdout: colour on a terminal, plain text when piped.

    Rich honours NO_COLOR (and FORCE_COLOR), and takes the width from the terminal or COLUMNS.
    """
    print_blocks(report_blocks(view, for_candidate=for_candidate))


def print_blocks(blocks: list[Block]) -> None:
    """Print laid-out blocks on stdout: colour on a terminal, plain text when piped."""
    out = console()
    if out.is_terminal:
        out.print(_to_rich(blocks))
    else:
        sys.stdout.write(blocks_plain(blocks, width=out.width))
        sys.stdout.flush()


def report_plain(view: ReportView, *, for_candidate: bool) -> str:
    """The report as plain text at 80 columns, for a file: no colour codes, no trailing blanks."""
    return blocks_plain(report_blocks(view, for_candidate=for_candidate), width=80)


def blocks_plain(blocks: list[Block], *, width: int = 80) -> str:
    """Laid-out blocks as plain text: no colour codes, no trailing blanks."""
    buffer = io.StringIO()
    console(file=buffer, width=width, plain=True).print(_to_rich(blocks))
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def print_plan(plan: PlanView) -> None:
    """The development plan on stdout: colour on a terminal, plain text when piped."""
    print_blocks(plan_blocks(plan))


def plan_plain(plan: PlanView) -> str:
    """The development plan as plain text at 80 columns, for a file."""
    return blocks_plain(plan_blocks(plan), width=80)


# --- step 5 in the call: one screen to talk from ----------------------------------------------

CATEGORY_SHORT = {"people": "people", "resources": "resource", "opportunities": "opportunity"}


def step_five_blocks(interview: Interview, catalogue: Catalogue, width: int) -> list[list[Text]]:
    """Step 5 as the interviewer says it: one block of lines per arena, none wider than `width`.

    Per arena, the matches strongest first, each in two lines at most (the title with its kind,
    places or availability and eligibility; then why, in the candidate's words, cut at a word),
    then the gaps to say, whole. No ids: nothing is typed here. Struck matches are left out.
    """
    from rich.cells import cell_len
    from rich.text import Text

    from reverse_interview.interview import strongest_first

    names = {a.id: a.name for a in interview.arenas}
    gaps_by_arena: dict[str, list[str]] = {}
    for gap in interview.gaps:
        gaps_by_arena.setdefault(gap.arena, []).append(gap.message)
    struck = {(s.arena, s.id) for s in interview.struck}
    arena_ids = [m.arena for m in interview.matches]
    arena_ids += [a for a in gaps_by_arena if a not in arena_ids]

    blocks: list[list[Text]] = []
    for arena_id in arena_ids:
        match = next((m for m in interview.matches if m.arena == arena_id), None)
        offered = [
            o for o in (strongest_first(match) if match else []) if (arena_id, o.id) not in struck
        ]
        gaps = gaps_by_arena.get(arena_id, [])
        name = visible(names.get(arena_id) or catalogue.arena_name(arena_id))
        counts = f"{len(offered)} to offer" if offered else "nothing to offer"
        if gaps:
            counts += f" · {len(gaps)} gap{'s' if len(gaps) > 1 else ''} to say"
        lines = [
            Text.assemble(("── ", "cyan"), (cut(name, width - 30), "bold cyan"), f"  ({counts})")
        ]
        for found in offered:
            offering = catalogue.offering(found.id)
            facts = _offering_facts(offering) if offering else []
            first = Text.assemble("  • ", (cut(visible(found.title), width - 4), "bold"))
            extra = " · ".join([CATEGORY_SHORT.get(found.category, found.category), *facts])
            first.append("  " + cut(extra, width - first.cell_len - 2), style="green")
            why = " · ".join(visible(r) for r in found.reasons)
            if why and first.cell_len + 3 + cell_len(why) <= width:
                first.append(" — " + why, style="dim")  # all of it on one line
            elif why:
                lines.append(first)
                first = Text("      " + cut(why, width - 6), style="dim")
            lines.append(first)
        if not offered:
            lines.append(Text("  Nothing we can promise here: say so plainly.", style="dim"))
        for message in gaps:
            lead = "  ✗ Say: "
            room = max(width - len(lead), 10)
            for number, part in enumerate(Text(visible(message)).wrap(console(width=room), room)):
                part.rstrip()
                lines.append(
                    Text.assemble((lead if number == 0 else " " * len(lead), "bold red"), part)
                )
        blocks.append(lines)
    return blocks


def _offering_facts(offering: Offering) -> list[str]:
    """Places or availability, and eligibility: what the interviewer must say with it."""
    facts = []
    if offering.capacity:
        facts.append(f"{offering.capacity} place{'s' if offering.capacity > 1 else ''} open")
    if offering.availability:
        facts.append(visible(offering.availability))
    if offering.eligibility:
        facts.append(f"eligible: {visible(offering.eligibility)}")
    return facts


def cut(text: str, room: int) -> str:
    """`text` on one line of `room` cells at most, cut at a word with an ellipsis."""
    from rich.cells import cell_len

    text = " ".join(text.split())
    if cell_len(text) <= room:
        return text
    if room <= 1:
        return "…"[:room]
    kept = text
    while kept and cell_len(kept) > room - 1:
        kept = kept[:-1]
    at_word = kept.rsplit(" ", 1)[0] if " " in kept.strip() else kept
    return at_word.rstrip(" ,;:.·—-") + "…"


def pages(blocks: list[list[Text]], room: int) -> list[list[Text]]:
    """Blocks (arenas) laid out on pages of `room` lines: an arena moves whole to the next
    page, and is split only when it alone is taller than a page."""
    room = max(room, 3)
    laid: list[list[Text]] = [[]]
    for block in blocks:
        if laid[-1] and len(laid[-1]) + len(block) > room:
            laid.append([])
        for line in block:
            if len(laid[-1]) >= room:
                laid.append([])
            laid[-1].append(line)
    return [page for page in laid if page]
