"""`ri gaps`: what candidates wanted that the catalogue lacks, as tallies with bars, or as JSON.

Everything a candidate typed (their own arenas) and every title from the catalogue goes to Rich
as Text, never as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reverse_interview.render.json import dumps
from reverse_interview.render.terminal import console as new_console
from reverse_interview.text import visible

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

    from reverse_interview.gaps import GapFigure, GapFigures, WishGap

BAR_WIDTH = 16
TOP_OFFERINGS = 10
FILLERS_NAMED = 3


def _bar(count: int, most: int) -> str:
    """A bar of full blocks, `BAR_WIDTH` long for the largest count, at least one for any."""
    if count <= 0 or most <= 0:
        return ""
    return "█" * max(1, round(count / most * BAR_WIDTH))


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number} {one if number == 1 else (many or one + 's')}"


def _need(gap: GapFigure) -> Text:
    """What the candidates wanted: the arena, and the way of growing in it."""
    from rich.text import Text

    need = Text(visible(gap.arena_name))
    if gap.custom:
        need.append(" (their own arena)", style="dim")
    need.append(" · ")
    need.append(visible(gap.mode_name) if gap.mode_name is not None else "anything at all")
    return need


def _wish(gap: WishGap) -> Text:
    """A wish as the candidates said it, in its arena, with its other wordings."""
    from rich.text import Text

    label = Text(f"“{visible(gap.wish)}”")
    label.append(f" in {visible(gap.arena_name)}", style="dim")
    if gap.custom:
        label.append(" (their own arena)", style="dim")
    if gap.also:
        label.append("\nalso said: " + ", ".join(f"“{visible(w)}”" for w in gap.also), style="dim")
    if gap.offering is not None:
        label.append(
            f"\nonly {visible(gap.offering.title)} would fit, and it was full", style="dim"
        )
        if gap.now_filled:
            label.append(" (it has places now)", style="green")
    return label


def _fillers(gap: GapFigure) -> Text:
    from rich.text import Text

    titles = ", ".join(visible(f.title) for f in gap.filled_by[:FILLERS_NAMED])
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

    console = new_console()
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
    topics = [w for w in figures.wishes if w.kind == "topic"]
    full = [w for w in figures.wishes if w.kind == "full"]
    console.print(
        Text(
            f"Across {figures.interviews} complete interview{plural}{since}: "
            f"{_count(len(figures.gaps), 'way')} of learning we lacked "
            f"({len(open_gaps)} still open, {len(filled)} now filled by the catalogue), "
            f"{_count(len(topics), 'wish', 'wishes')} nothing met, "
            f"{_count(len(full), 'wish', 'wishes')} only a full offering would have met. "
            "Counts are candidates.",
            style="dim",
        )
    )
    console.print()
    if not figures.gaps and not figures.wishes:
        console.print(Text("No gaps: every need candidates named had an offering."))
        console.print()
    most = max((g.candidates for g in figures.gaps), default=0)
    if figures.outcomes:
        heading("What those who declined or withdrew wanted")
        console.print(
            Text(
                f"{figures.left} of the {figures.outcomes} candidates with an outcome recorded "
                "declined or withdrew. Counts are those candidates; the rest beside them.",
                style="dim",
            )
        )
        if figures.left_gaps:
            most_left = max(g.left for g in figures.left_gaps)
            rows = []
            for gap in figures.left_gaps:
                label = _need(gap)
                label.append(f"  (of {gap.candidates} who said it)", style="dim")
                if gap.now_filled:
                    label.append("\n")
                    label.append_text(_fillers(gap))
                rows.append((gap.left, label))
            console.print(_tally_table(rows, most_left))
        elif figures.left:
            console.print(Text("They were offered something for every need they named."))
        console.print()
    if open_gaps:
        heading("Still open: what to offer next")
        rows = []
        for gap in open_gaps:
            label = _need(gap)
            if gap.now_filled is None:
                label.append(f"\ncan't tell: {visible(gap.note)}", style="dim")
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

    if topics:
        heading("Wishes nothing met, in the candidates' words")
        rows = [(w.candidates, _wish(w)) for w in topics]
        console.print(_tally_table(rows, max(w.candidates for w in topics)))
        console.print(
            Text(
                "Wishes with the same words are one line. Whether the catalogue meets them now "
                "is not re-checked: try the wish in ri run.",
                style="dim",
            )
        )
        console.print()
    if full:
        heading("Wishes only a full offering would have met")
        rows = [(w.candidates, _wish(w)) for w in full]
        console.print(_tally_table(rows, max(w.candidates for w in full)))
        console.print()

    if figures.arenas:
        heading("Most wanted arenas")
        rows = []
        for arena in figures.arenas:
            name = Text(visible(arena.name))
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
                Text(visible(mode.name)),
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
            title = Text(visible(offering.title))
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
    return dumps(
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
                    "declined_or_withdrew": g.left,
                }
                for g in figures.gaps
            ],
            "wishes": [
                {
                    "arena": w.arena,
                    "arena_name": w.arena_name,
                    "custom": w.custom,
                    "kind": w.kind,
                    "wish": w.wish,
                    "also": list(w.also),
                    "candidates": w.candidates,
                    "offering": (
                        {"id": w.offering.id, "title": w.offering.title} if w.offering else None
                    ),
                    "now_filled": w.now_filled,
                }
                for w in figures.wishes
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
            "outcomes": {"recorded": figures.outcomes, "declined_or_withdrew": figures.left},
        },
    )
