"""The `ri` commands.

Each command reads its options, calls one function, renders the result; user errors become a
one-line message and an exit code here and nowhere else. Heavy modules (questionary, YAML,
Rich's larger parts, sqlite3) are imported inside the commands that need them, so that
`ri --help` stays fast: keep it that way.

No `from __future__ import annotations` here: Typer reads each command's options from its
annotations, and annotations kept as text would be compiled again each time `ri` starts.
"""

import datetime as dt
import functools
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from reverse_interview import completion, launch, paths
from reverse_interview.errors import (
    EXIT_INTERRUPTED,
    Interrupted,
    UsageError,
    UserError,
)
from reverse_interview.lazy_commands import LazyTyper

if TYPE_CHECKING:
    from reverse_interview.models import Catalogue
    from reverse_interview.store import Store

# Each command is made into a click command only when it is used (lazy_commands.py): `ri run`
# does not wait for the other commands' options to be read.
app = LazyTyper(
    name="ri",
    help="ri: the Reverse Interview guide. Run a live interview, then report on it.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion: bash, zsh, fish
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
offerings_app = typer.Typer(
    help="The organisation's catalogue of offerings (offerings.yaml).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(offerings_app, name="offerings")


class Format(StrEnum):
    text = "text"
    json = "json"


class ReportFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"
    html = "html"
    eml = "eml"


class Status(StrEnum):
    draft = "draft"
    complete = "complete"


class Audience(StrEnum):
    interviewer = "interviewer"
    candidate = "candidate"


StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        envvar=paths.STORE_ENV,
        help="The store of interviews: an SQLite file, or a postgresql:// URL for a team's"
        " shared store. [default: interviews.db in the user data folder]",
        show_default=False,
        readable=False,  # our own reader says so, exit 1 naming the file: not a usage error
    ),
]
CatalogueOption = Annotated[
    Path | None,
    typer.Option(
        "--catalogue",
        envvar=paths.CATALOGUE_ENV,
        help="The catalogue of offerings. [default: ./offerings.yaml]",
        show_default=False,
        readable=False,  # our own reader says so, exit 1 naming the file: not a usage error
    ),
]


# The dates a date option takes: a plan's check-ins (90 days on) and a time zone's shift must
# stay within what Python's dates can hold.
FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(2999, 12, 31)


def a_date(text: str) -> dt.date:
    """A YYYY-MM-DD date option; anything else is wrong usage (exit 2), said plainly."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date like 2026-01-31") from None
    if not FIRST_DATE <= day <= LAST_DATE:
        raise typer.BadParameter(
            f"{text} is out of range: give a date from {FIRST_DATE} to {LAST_DATE}"
        )
    return day


SinceOption = Annotated[
    dt.date | None,
    typer.Option(
        parser=a_date,
        metavar="DATE",
        help="Only interviews completed on or after this date (YYYY-MM-DD).",
    ),
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
# Text, not a Path: `-o ""` must reach output.py as empty (a Path would make it ".").
OutputOption = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to this file instead (- for standard output).",
    ),
]

# The most `--limit` takes; `--all` shows every interview.
LIMIT_MAX = 1_000_000

F = TypeVar("F", bound=Callable[..., Any])


def user_errors(command: F) -> F:
    """Turn user errors and interrupts into a message on stderr and the contract's exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except Interrupted as stop:
            if stop.interview_id and stop.status == "complete":
                say_err(
                    f"Interview {stop.interview_id} saved; it is still complete. "
                    f"Open it again with: ri run --resume {stop.interview_id}"
                )
            elif stop.interview_id:
                say_err(
                    f"Interview {stop.interview_id} saved as a draft. "
                    f"Resume with: ri run --resume {stop.interview_id}"
                )
            else:
                say_err("Interrupted before anything was saved.")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except KeyboardInterrupt:
            say_err("Interrupted.")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except UserError as error:
            say_err(f"ri: {error.message}" if "\n" not in error.message else error.message)
            raise typer.Exit(error.exit_code) from None

    return wrapper  # type: ignore[return-value]


def say_err(message: str) -> None:
    """Print plain text on stderr: never markup, and any control code from a name, an answer
    or a file made visible (messages quote all three)."""
    from reverse_interview.text import visible

    sys.stderr.write(visible(message.rstrip("\n"), strip=False) + "\n")
    sys.stderr.flush()


def is_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def open_store(option: str | None) -> "Store":
    from reverse_interview.store import Store

    return Store.open(paths.store_location(option))


def load_catalogue(option: Path | None, *, fallback: str | None = None) -> "Catalogue":
    """The catalogue named by option, environment or default; `fallback` if none of them exists."""
    from reverse_interview.catalogue import load

    path = paths.catalogue_path(option)
    if fallback and not paths.catalogue_was_chosen(option) and not path.exists():
        path = Path(fallback)
    return load(path, cache=paths.cache_dir())


def write_output(text: str | bytes, output: str | Path | None) -> None:
    """Print `text`, or write it to `output` (see output.py: `-` is standard output, a device
    or FIFO is written through, a regular file replaced atomically)."""
    from reverse_interview import output as output_module

    if output_module.write(text, output):
        say_err(f"Written to {output}")


# --- the interview -------------------------------------------------------------------------


@app.command()
@user_errors
def run(
    candidate: Annotated[str | None, typer.Option(help="The candidate's name.")] = None,
    role: Annotated[str | None, typer.Option(help="The role they are interviewing for.")] = None,
    interviewer: Annotated[
        str | None,
        typer.Option(
            help=f"Your name. [default: ${paths.INTERVIEWER_ENV} when set, else asked]",
            show_default=False,
        ),
    ] = None,
    resume: Annotated[
        str | None,
        typer.Option(help="Carry on an interrupted interview (ID or unique prefix)."),
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="Take the answers from a YAML/JSON file instead of asking (- for stdin).",
            readable=False,
        ),
    ] = None,
    catalogue: CatalogueOption = None,
    store: StoreOption = None,
) -> None:
    """Run a reverse interview, live, saving every answer as it is given.

    Example: ri run --candidate "Ada Lovelace" --role "Platform engineer"
    """
    import gc

    if answers is not None and resume is not None:
        raise UsageError("--answers records a new interview: it can't be used with --resume")
    if answers is None and not is_terminal():
        raise UsageError(
            "ri run needs a terminal to ask its questions; "
            "to record an interview from notes, use: ri run --answers FILE"
        )
    # Starting up makes a few hundred thousand objects (modules, classes, the terminal's
    # widgets) and no garbage: the collector would walk them over and over for nothing. It is
    # paused until the first question is about to be asked.
    collecting = gc.isenabled()
    gc.disable()
    try:
        from reverse_interview import session

        session.run(
            catalogue_option=catalogue,
            store_option=store,
            candidate=candidate,
            role=role,
            interviewer=interviewer,
            resume=resume,
            answers=answers,
            ready=launch.resume_collector if collecting else None,
        )
    finally:
        if collecting:
            gc.enable()


@app.command()
@user_errors
def report(
    interview_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="Interview ID or prefix.",
            autocompletion=completion.interview_ids,
        ),
    ],
    format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ReportFormat.text,
    for_: Annotated[
        Audience,
        typer.Option("--for", help="Who reads it: interviewer, or candidate (a follow-up)."),
    ] = Audience.interviewer,
    output: OutputOption = None,
    catalogue: CatalogueOption = None,
    store: StoreOption = None,
) -> None:
    """Show the summary of one interview again, checked against the current catalogue.

    With --for candidate, the follow-up to send them: --format eml writes a draft email
    (plain text and HTML) that a mail client opens ready to send.

    Example: ri report 7f3k --for candidate --format eml -o follow-up.eml
    """
    from reverse_interview.render import json as render_json
    from reverse_interview.render import markdown, terminal
    from reverse_interview.report import build_report

    if for_ is Audience.candidate and format is ReportFormat.json:
        raise UsageError("--for candidate is for people: use --format text, markdown, html or eml")
    if for_ is Audience.interviewer and format is ReportFormat.eml:
        raise UsageError("--format eml is the follow-up email: add --for candidate")
    with open_store(store) as db:
        interview = db.load(db.resolve(interview_id))
    cat = load_catalogue(
        catalogue, fallback=interview.catalogue.path if interview.catalogue else None
    )
    view = build_report(interview, cat)
    for_candidate = for_ is Audience.candidate
    if for_candidate:
        # The follow-up leaves warnings out; the interviewer sending it still needs them.
        for warning in view.warnings:
            say_err(f"warning: {warning}")
    if format is ReportFormat.json:
        write_output(render_json.report_json(view), output)
    elif format is ReportFormat.markdown:
        write_output(markdown.report_markdown(view, for_candidate=for_candidate), output)
    elif format is ReportFormat.html:
        from reverse_interview.render import html

        write_output(html.report_html(view, for_candidate=for_candidate), output)
    elif format is ReportFormat.eml:
        from reverse_interview.render import email

        write_output(email.follow_up_eml(view), output)
    elif output not in (None, "-"):
        write_output(terminal.report_plain(view, for_candidate=for_candidate), output)
    else:
        terminal.print_report(view, for_candidate=for_candidate)


@app.command("list")
@user_errors
def list_(
    status: Annotated[Status | None, typer.Option(help="Only interviews with this status.")] = None,
    limit: Annotated[
        int, typer.Option(help="How many to show, newest first.", min=1, max=LIMIT_MAX)
    ] = 50,
    all_: Annotated[bool, typer.Option("--all", help="Show every interview.")] = False,
    format: FormatOption = Format.text,
    store: StoreOption = None,
) -> None:
    """List the stored interviews, newest first.

    Example: ri list --status draft
    """
    from reverse_interview.render import interviews

    wanted = None if status is None else status.value
    with open_store(store) as db:
        rows = db.list(status=wanted, limit=None if all_ else limit)
        total = db.count(status=wanted)
    if format is Format.json:
        write_output(interviews.list_json(rows), None)
    else:
        interviews.print_list(rows, total=total, status=wanted)


@app.command()
@user_errors
def delete(
    interview_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]",
            help="Interview ID or prefix.",
            autocompletion=completion.interview_ids,
        ),
    ] = None,
    older_than: Annotated[
        str | None,
        typer.Option(
            "--older-than",
            help="Instead of one ID: every interview last changed more than this ago (180d).",
        ),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(help="With --older-than: only interviews with this status (draft)."),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    store: StoreOption = None,
) -> None:
    """Remove one interview for good (a candidate may ask for this), or apply a retention rule.

    Example: ri delete 7f3k --yes
    Example: ri delete --older-than 180d --status draft
    """
    if (interview_id is None) == (older_than is None):
        raise UsageError("ri delete takes an ID or --older-than DAYS (e.g. 180d), one of them")
    if status is not None and older_than is None:
        raise UsageError("--status goes with --older-than")
    if status not in (None, "draft", "complete"):
        raise UsageError(f"--status must be draft or complete, not {status!r}")
    if older_than is not None:
        from reverse_interview.cli_store import delete_older

        delete_older(older_than, status, yes=yes, store=store)
        return
    assert interview_id is not None
    with open_store(store) as db:
        full_id = db.resolve(interview_id)
        if not yes:
            from reverse_interview.text import visible

            summary = db.summary(full_id)
            name = " ".join(visible(summary.candidate).split()) or "no name"
            if not confirm(f"Delete interview {full_id} ({name}) for good?"):
                return
        db.delete(full_id)
    print(f"Deleted interview {full_id}.")


def confirm(question: str) -> bool:
    """Ask a yes/no question on the terminal (no means no); exit 2 with no terminal."""
    if not is_terminal():
        raise UsageError("ri delete asks for confirmation; with no terminal, add --yes")
    # input() rather than a prompt library: Ctrl-C must stay a KeyboardInterrupt (130).
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        answer = ""
        print()
    except KeyboardInterrupt:
        print()
        say_err("Interrupted: nothing deleted.")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    if answer.strip().lower() not in ("y", "yes"):
        say_err("Nothing deleted.")
        return False
    return True


@app.command()
@user_errors
def gaps(
    since: SinceOption = None,
    format: FormatOption = Format.text,
    catalogue: CatalogueOption = None,
    store: StoreOption = None,
) -> None:
    """What candidates wanted that the catalogue lacks, across completed interviews.

    Example: ri gaps --since 2026-01-01
    """
    from reverse_interview import gaps as gaps_module
    from reverse_interview.render import gaps as render_gaps

    cat = load_catalogue(catalogue)
    with open_store(store) as db:
        tally = db.tally(since=gaps_module.start_of(since))
    figures = gaps_module.summarise(tally, cat, since=since)
    if format is Format.json:
        write_output(render_gaps.gaps_json(figures), None)
    else:
        render_gaps.print_gaps(figures)


def show_version(value: bool) -> None:
    if value:
        from reverse_interview import __version__

        print(f"ri {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            help="Show the version and exit.",
            callback=show_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """ri: the Reverse Interview guide.

    A reverse interview shows the candidate what the organisation will invest in them.
    Example: ri run
    """
    launch.set_up()


# The commands after the call, of the store and of the catalogue live in rooms of their own;
# importing them registers them on `app` (after everything above, which they use, is defined).
from reverse_interview import cli_after, cli_offerings, cli_store  # noqa: E402, F401
