"""`ri list`: the stored interviews as a table, or as JSON.

Everything a candidate typed goes to Rich as Text, never as markup.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from reverse_interview.render.json import dumps, outcome_json
from reverse_interview.render.terminal import console as new_console
from reverse_interview.text import visible

if TYPE_CHECKING:
    from reverse_interview.models import InterviewSummary, Outcome


def outcome_text(outcome: Outcome | None) -> str:
    """`hired 2027-01-11` (their first day), `declined`...; empty while it is not known."""
    if outcome is None:
        return ""
    if outcome.status == "hired" and outcome.start is not None:
        return f"hired {outcome.start.isoformat()}"
    return outcome.status


def _local_time(moment: dt.datetime, *, same_day_as: dt.datetime | None = None) -> str:
    """A stored UTC time as the reader's local time, to the minute (the time alone when it
    falls on the same local day as `same_day_as`)."""
    local = moment.astimezone()
    if same_day_as is not None and same_day_as.astimezone().date() == local.date():
        return local.strftime("%H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


def print_list(rows: list[InterviewSummary], *, total: int, status: str | None = None) -> None:
    """The stored interviews as a table, newest first, saying when some are left out."""
    from rich.table import Table
    from rich.text import Text

    console = new_console()
    kind = f"{status} interviews" if status else "interviews"
    if not rows:
        if total:
            console.print(Text(f"{total} {kind}, none shown."))
        elif status:
            console.print(Text(f"No {kind} in the store."))
        else:
            console.print(Text("No interviews stored yet. Start one with: ri run"))
        return
    table = Table(box=None, header_style="bold", pad_edge=False, padding=(0, 1, 0, 0))
    table.add_column("ID", no_wrap=True)
    table.add_column("Candidate", overflow="fold", min_width=12)
    table.add_column("Role", overflow="fold", min_width=10)
    table.add_column("Status", no_wrap=True)
    table.add_column("Outcome", overflow="fold", min_width=10)
    table.add_column("Started", no_wrap=True)
    table.add_column("Updated", no_wrap=True)
    for row in rows:
        table.add_row(
            Text(row.id),
            Text(visible(row.candidate) or "(no name yet)", style="" if row.candidate else "dim"),
            Text(visible(row.role)),
            Text(row.status, style="yellow" if row.status == "draft" else "green"),
            Text(outcome_text(row.outcome)),
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
    return dumps(
        [
            {
                "id": row.id,
                "status": row.status,
                "candidate": row.candidate,
                "role": row.role,
                "interviewer": row.interviewer,
                "started_at": row.started_at.isoformat(),
                "updated_at": row.updated_at.isoformat(),
                "outcome": outcome_json(row.outcome),
            }
            for row in rows
        ],
    )
