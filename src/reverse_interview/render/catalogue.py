"""`ri offerings list`: the catalogue as tables by category, or as JSON.

Catalogue text is written by people too: it goes to Rich as Text, never as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reverse_interview.models import CATEGORIES, CATEGORY_TITLES, Catalogue, Offering
from reverse_interview.records import as_json
from reverse_interview.render.json import dumps
from reverse_interview.render.layout import DOT
from reverse_interview.render.terminal import console as new_console
from reverse_interview.text import visible

if TYPE_CHECKING:
    from rich.text import Text


def _places(offering: Offering) -> str:
    if offering.capacity == 0:
        return "full"
    if offering.capacity is not None:
        return f"{offering.capacity} open"
    return "open"


def print_offerings(catalogue: Catalogue, offerings: tuple[Offering, ...]) -> None:
    """The chosen offerings, grouped by category: what each is, where it helps, its places."""
    from rich.table import Table
    from rich.text import Text

    console = new_console()
    active = sum(1 for o in catalogue.offerings if o.active)
    if not offerings:
        console.print(
            Text(
                "No active offering matches these filters."
                if active
                else f"{visible(catalogue.organisation)}'s catalogue has no active offering."
            )
        )
        return
    shown = f"{len(offerings)} of {active}" if len(offerings) < active else str(active)
    console.print(
        Text.assemble(
            (visible(catalogue.organisation), "bold"),
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

    cell = Text(visible(offering.title), style="bold")
    cell.append("\n" + visible(offering.summary))
    cell.append(f"\n{', '.join(offering.arenas)}{DOT}{', '.join(offering.modes)}", style="dim")
    details = [
        f"{label}: {visible(value)}"
        for label, value in (
            ("when", offering.availability),
            ("for", offering.eligibility),
            ("owner", offering.owner),
            ("contact", offering.contact),
        )
        if value
    ]
    if details:
        cell.append("\n" + DOT.join(details), style="dim")
    return cell


def offerings_json(offerings: tuple[Offering, ...]) -> str:
    """The offerings as a JSON list, every field of the catalogue; dates as YYYY-MM-DD."""
    return dumps([as_json(o) for o in offerings])
