"""The report drawn with Rich, for the terminal and for plain text files; the one Console.

Data always goes to Rich as `Text`, never as markup.
"""

from __future__ import annotations

import io
import sys
from typing import IO, TYPE_CHECKING

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
    from rich.console import Console, RenderableType


def console(
    *, file: IO[str] | None = None, width: int | None = None, plain: bool = False
) -> Console:
    """A Console that never reads markup, emoji codes or "highlights" data.

    `plain`: no colour and no terminal codes at all, for text written to a file.
    Rich honours NO_COLOR (and FORCE_COLOR), and takes the width from the terminal or COLUMNS.
    """
    from rich.console import Console

    if plain:
        return Console(
            file=file,
            width=width,
            color_system=None,
            force_terminal=False,
            force_jupyter=False,
            legacy_windows=False,
            highlight=False,
            markup=False,
            emoji=False,
        )
    return Console(file=file, width=width, highlight=False, markup=False, emoji=False)


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
