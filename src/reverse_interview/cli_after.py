"""The commands for after the call: `ri outcome` (how it ended) and `ri plan` (what the
interview promised a hire, as a plan with check-ins).

Registered on `cli.app` when cli.py is imported.

Its options' annotations are objects, not postponed text, as in cli.py (Typer reads them).
"""

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from reverse_interview import completion
from reverse_interview.cli import (
    CatalogueOption,
    StoreOption,
    a_date,
    app,
    load_catalogue,
    open_store,
    say_err,
    user_errors,
    write_output,
)
from reverse_interview.errors import UsageError


class OutcomeChoice(StrEnum):
    hired = "hired"
    declined = "declined"
    not_offered = "not-offered"
    withdrew = "withdrew"


class PlanFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    html = "html"
    json = "json"
    ics = "ics"


@app.command()
@user_errors
def outcome(
    interview_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="Interview ID or prefix.",
            autocompletion=completion.interview_ids,
        ),
    ],
    result: Annotated[
        OutcomeChoice,
        typer.Argument(metavar="OUTCOME", help="hired, declined, not-offered or withdrew."),
    ],
    start: Annotated[
        dt.date | None,
        typer.Option(
            parser=a_date,
            metavar="DATE",
            help="With hired: their first day, like 2027-01-11.",
            show_default=False,
        ),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Record how the interview ended: hired (with --start), declined, not-offered, withdrew.

    A hire's start date sets the check-ins of their plan (ri plan); declined and withdrew
    show in ri gaps as what those candidates wanted that the catalogue lacks.

    Example: ri outcome 7f3k hired --start 2027-01-11
    """

    from reverse_interview.models import OUTCOME_STATUSES, Outcome
    from reverse_interview.text import visible

    first_day = None
    if start is not None:
        if result is not OutcomeChoice.hired:
            raise UsageError(
                f"--start is the first day of a hire: it goes with hired, not {result}"
            )
        first_day = start
    with open_store(store) as db:
        full_id = db.resolve(interview_id)
        status = next(s for s in OUTCOME_STATUSES if s == result.value)
        db.set_outcome(full_id, Outcome(status, first_day))
        summary = db.summary(full_id)
    name = " ".join(visible(summary.candidate).split()) or "no name"
    said = f"Interview {full_id} ({name}): {result.value}"
    if first_day is not None:
        said += f", starting {first_day.day} {first_day:%B %Y}"
    print(said + ".")
    if result is OutcomeChoice.hired:
        if first_day is None:
            print(f"Add their first day when it is known: ri outcome {full_id} hired --start DATE")
        else:
            print(f"Their development plan: ri plan {full_id}")


@app.command()
@user_errors
def plan(
    interview_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="Interview ID or prefix.",
            autocompletion=completion.interview_ids,
        ),
    ],
    format: Annotated[
        PlanFormat,
        typer.Option("--format", "-f", help="Output format; ics: the check-ins for a calendar."),
    ] = PlanFormat.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead.")
    ] = None,
    catalogue: CatalogueOption = None,
    store: StoreOption = None,
) -> None:
    """The development plan the interview promised a hire, with owners and check-ins.

    Per arena: their goal in their words, the offerings presented (checked against the current
    catalogue) with owner, contact and a first step, the gaps still open; check-ins 30, 60 and
    90 days after the start date recorded with ri outcome ID hired --start DATE.

    Example: ri plan 7f3k --format ics -o check-ins.ics
    """
    from reverse_interview.report import build_plan, hire_start

    with open_store(store) as db:
        interview = db.load(db.resolve(interview_id))
    hire_start(interview)  # refused before any catalogue is read: a plan is for a hire
    cat = load_catalogue(
        catalogue, fallback=interview.catalogue.path if interview.catalogue else None
    )
    made = build_plan(interview, cat)
    for warning in made.report.warnings:
        say_err(f"warning: {warning}")
    if format is PlanFormat.json:
        from reverse_interview.render import json as render_json

        write_output(render_json.plan_json(made), output)
    elif format is PlanFormat.markdown:
        from reverse_interview.render import markdown

        write_output(markdown.plan_markdown(made), output)
    elif format is PlanFormat.html:
        from reverse_interview.render import html

        write_output(html.plan_html(made), output)
    elif format is PlanFormat.ics:
        from reverse_interview.render import ics

        write_output(ics.plan_ics(made), output)
    else:
        from reverse_interview.render import terminal

        if output is not None:
            write_output(terminal.plan_plain(made), output)
        else:
            terminal.print_plan(made)
