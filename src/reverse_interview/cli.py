"""The `ri` commands.

Each command reads its options, calls one function, renders the result; user errors become a
one-line message and an exit code here and nowhere else. Heavy modules (questionary, YAML,
Rich's larger parts, sqlite3) are imported inside the commands that need them, so that
`ri --help` stays fast: keep it that way.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from reverse_interview import completion, paths
from reverse_interview.errors import (
    EXIT_INTERRUPTED,
    Interrupted,
    UsageError,
    UserError,
)

if TYPE_CHECKING:
    from reverse_interview.models import Catalogue
    from reverse_interview.store import Store

app = typer.Typer(
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


def open_store(option: str | None) -> Store:
    from reverse_interview.store import Store

    return Store.open(paths.store_location(option))


def load_catalogue(option: Path | None, *, fallback: str | None = None) -> Catalogue:
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
    from reverse_interview import session

    if answers is not None and resume is not None:
        raise UsageError("--answers records a new interview: it can't be used with --resume")
    if answers is None and not is_terminal():
        raise UsageError(
            "ri run needs a terminal to ask its questions; "
            "to record an interview from notes, use: ri run --answers FILE"
        )
    session.run(
        catalogue_option=catalogue,
        store_option=store,
        candidate=candidate,
        role=role,
        interviewer=interviewer,
        resume=resume,
        answers=answers,
    )


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
        _delete_older(older_than, status, yes=yes, store=store)
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


def _delete_older(age: str, status: str | None, *, yes: bool, store: str | None) -> None:
    import datetime as dt
    import re

    from reverse_interview.models import Status as RecordStatus
    from reverse_interview.models import now

    found = re.fullmatch(r"\s*(\d{1,5})\s*d?\s*", age)
    if not found:
        raise UsageError(f"--older-than takes a number of days like 180d, not {age!r}")
    days = int(found.group(1))
    before = now() - dt.timedelta(days=days)
    which = "" if status is None else f"{status} "
    when = f"last changed more than {days} days ago (before {before:%Y-%m-%d %H:%M} UTC)"
    statuses: dict[str | None, RecordStatus] = {"draft": "draft", "complete": "complete"}
    chosen = statuses.get(status)
    with open_store(store) as db:
        if not yes:
            ids = db.older_than(before, status=chosen)
            if not ids:
                print(f"No {which}interviews {when} in {db.describe()}.")
                return
            if not confirm(f"Delete {len(ids)} {which}interview(s) {when} for good?"):
                return
        gone = db.delete_older_than(before, status=chosen)
    print(f"Deleted {gone} {which}interview(s) {when}.")


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


# --- moving interviews, and the team store ----------------------------------------------------


@app.command()
@user_errors
def export(
    since: Annotated[
        dt.date | None,
        typer.Option(
            parser=a_date,
            metavar="DATE",
            help="Only interviews changed on or after this date (YYYY-MM-DD).",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead.")
    ] = None,
    store: StoreOption = None,
) -> None:
    """Write every interview you may see as JSON Lines (one whole record a line), to move them.

    Example: ri export | RI_STORE=postgresql://ri@db.example.org/hiring ri import -
    """
    from reverse_interview.store.transfer import dump_line

    start = None
    if since is not None:
        start = dt.datetime.combine(since, dt.time.min).astimezone()
    with open_store(store) as db:
        text = "".join(dump_line(interview) + "\n" for interview in db.export(since=start))
    if output is None:
        sys.stdout.write(text)
    elif text:
        write_output(text, output)
    else:
        write_output("", output)


@app.command("import")
@user_errors
def import_(
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="JSON Lines from ri export; - for stdin.")
    ],
    store: StoreOption = None,
) -> None:
    """Load interviews written by ri export, keeping their IDs; the same file twice changes nothing.

    A line that is not a valid interview refuses the whole file (its line number is named).

    Example: ri import laptop.jsonl --store postgresql://grace@db.example.org/hiring
    """
    from reverse_interview.store.transfer import read_lines

    interviews = read_lines(_export_lines(file), "<stdin>" if file == "-" else file)
    with open_store(store) as db:
        done = db.import_interviews(interviews)
        where = db.describe()
    print(
        f"Imported into {where}: {done.added} new, {done.replaced} updated,"
        f" {done.unchanged} already there."
    )


# Room for some 40,000 interviews; a larger export can be split by lines. Stated in README.
IMPORT_LIMIT_MB = 200


def _export_lines(file: str) -> list[str]:
    """The lines of a file written by `ri export` (`-`: standard input), read as catalogues
    are: only a regular file (or standard input) of at most IMPORT_LIMIT_MB, UTF-8."""
    from reverse_interview import yamlfile
    from reverse_interview.errors import FileProblems

    data = yamlfile.read_bytes(
        Path(file),
        FileProblems,
        what="a file written by ri export",
        missing="give the path of a file written by ri export",
        limit_mb=IMPORT_LIMIT_MB,
    )
    return yamlfile.decode(yamlfile.name_of(file), data, FileProblems).splitlines()


store_app = typer.Typer(
    help="Set up a team's shared PostgreSQL store and give people their role in it.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(store_app, name="store")


class Role(StrEnum):
    interviewer = "interviewer"
    analyst = "analyst"
    admin = "admin"


@store_app.command("init")
@user_errors
def store_init(store: StoreOption = None) -> None:
    """Create or migrate the store (as the database owner, for PostgreSQL) and its three roles.

    Roles: ri_interviewer (their own interviews), ri_analyst (ri gaps only), ri_admin (all).

    Example: ri store init --store postgresql://owner@db.example.org/hiring
    """
    from reverse_interview.store import is_postgres

    location = paths.store_location(store)
    if not is_postgres(location):
        with open_store(location) as db:
            print(f"The SQLite store {db.describe()} is ready: nothing to set up.")
        return
    from reverse_interview.store import postgres

    done = postgres.init(location)
    if done.before == done.after:
        print(f"The store {done.where} is up to date (schema version {done.after}).")
    else:
        print(f"The store {done.where} is ready: schema version {done.before} -> {done.after}.")
    if done.created_roles:
        print(f"Created the roles: {', '.join(done.created_roles)}.")
    print("Next, for each person: ri store grant LOGIN --as interviewer|analyst|admin")


@store_app.command("grant")
@user_errors
def store_grant(
    login: Annotated[str, typer.Argument(metavar="LOGIN", help="A PostgreSQL login name.")],
    as_: Annotated[Role, typer.Option("--as", help="The role to give them.")],
    store: StoreOption = None,
) -> None:
    """Give a database login its one role in the team store (replacing any other ri role).

    Example: ri store grant grace --as interviewer
    """
    from reverse_interview.store import is_postgres

    location = paths.store_location(store)
    if not is_postgres(location):
        raise UserError(
            f"roles are for a shared PostgreSQL store; {location} is an SQLite file"
            " (whoever can read the file sees everything in it)"
        )
    from reverse_interview.store import postgres

    done = postgres.grant(location, login, as_.value)
    if done.created_login:
        print(
            f"Created the login {done.login} (no password yet: set one with"
            f" ALTER ROLE, or let the server's own authentication admit it)."
        )
    print(f"{done.login} is now {done.role} in {done.where}.")


# --- the catalogue -------------------------------------------------------------------------


@offerings_app.command("list")
@user_errors
def offerings_list(
    arena: Annotated[
        str | None,
        typer.Option(
            help="Only offerings in this arena (id).", autocompletion=completion.arena_ids
        ),
    ] = None,
    mode: Annotated[
        str | None,
        typer.Option(
            help="Only offerings with this mode (id).", autocompletion=completion.mode_ids
        ),
    ] = None,
    category: Annotated[
        str | None,
        typer.Option(
            help="Only people, resources or opportunities.",
            autocompletion=completion.categories,
        ),
    ] = None,
    format: FormatOption = Format.text,
    catalogue: CatalogueOption = None,
) -> None:
    """List the active offerings of the catalogue.

    Example: ri offerings list --arena leadership --category people
    """
    from reverse_interview import catalogue as catalogue_module
    from reverse_interview.render import catalogue as render_catalogue

    cat = load_catalogue(catalogue)
    chosen = catalogue_module.select(cat, arena=arena, mode=mode, category=category)
    if format is Format.json:
        write_output(render_catalogue.offerings_json(chosen), None)
    else:
        render_catalogue.print_offerings(cat, chosen)


@offerings_app.command("check")
@user_errors
def offerings_check(
    path: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH",
            help="The catalogue(s) to check. [default: --catalogue, ./offerings.yaml]",
            show_default=False,
            readable=False,
        ),
    ] = None,
    strict: Annotated[bool, typer.Option(help="Treat warnings as errors.")] = False,
    catalogue: CatalogueOption = None,
) -> None:
    """Validate a catalogue; for pre-commit and CI in the repository that holds it.

    Prints one line per problem as FILE:LINE:COLUMN: what to fix, and exits 1 if any file has
    a problem (with --strict, a warning counts as one). Several files may be given.

    Example: ri offerings check offerings.yaml --strict
    """
    from reverse_interview import catalogue as catalogue_module
    from reverse_interview.errors import EXIT_USER, CatalogueError
    from reverse_interview.text import visible

    targets = path or [paths.catalogue_path(catalogue)]
    failed = False
    for target in targets:
        try:
            cat = catalogue_module.check(target, strict=strict, cache=paths.cache_dir())
        except CatalogueError as error:
            say_err(error.message)
            failed = True
            continue
        for warning in cat.warnings:
            say_err(f"warning: {warning}")
        print(visible(catalogue_module.summary_line(target, cat)))
    if failed:
        raise typer.Exit(EXIT_USER)


@offerings_app.command("init")
@user_errors
def offerings_init(
    folder: Annotated[
        Path,
        typer.Argument(
            metavar="DIR", help="Where to write them (made if missing).", show_default=False
        ),
    ] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="Overwrite files already there.")] = False,
) -> None:
    """Start a catalogue: write a starter offerings.yaml and its JSON Schema into DIR.

    The starter is a full example (a made-up organisation) that passes
    `ri offerings check --strict`: make it your own. Also prints a pre-commit hook that checks
    it on every commit. Refuses to overwrite either file without --force.

    Example: ri offerings init catalogue/
    """
    from reverse_interview import starter
    from reverse_interview.text import visible

    written = starter.write_starter(folder, force=force)
    in_place = folder == Path(".")
    catalogue = "" if in_place else f" {written.catalogue}"
    run_with = "" if in_place else f" --catalogue {written.catalogue}"
    said = (
        f"Wrote {written.catalogue} (an example catalogue: make it your organisation's) and "
        f"{written.schema} (its JSON Schema, for editors).\n"
        "Next:\n"
        f"  ri offerings check --strict{catalogue}\n"
        f"  ri run{run_with}\n"
        "To check it on every commit, add this to .pre-commit-config.yaml:\n\n"
        + starter.PRE_COMMIT_SNIPPET
    )
    print(visible(said, strip=False), end="")  # a folder's name may hold control codes


@offerings_app.command("schema")
@user_errors
def offerings_schema() -> None:
    """Print a JSON Schema of offerings.yaml, for editors.

    Example: ri offerings schema > offerings.schema.json
    """
    import json

    from reverse_interview.catalogue import json_schema

    print(json.dumps(json_schema(), indent=2))


@app.command()
@user_errors
def info(
    ctx: typer.Context,
    format: FormatOption = Format.text,
    catalogue: CatalogueOption = None,
    store: Annotated[
        str | None,  # text, not a Path: a path would fold a URL's `//`
        typer.Option(
            "--store",
            envvar=paths.STORE_ENV,
            help="The store of interviews: an SQLite file or a postgresql:// URL.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Show the version, and where the store, the catalogue and its cache are, and why
    (an option, an environment variable, or the default). Never shows a password.

    Example: ri info --format json
    """
    import json

    from reverse_interview import info as info_module

    def given(name: str, value: Any) -> Any:
        """The option's value if it was typed; None when it came from the environment (which
        `paths` reads itself, so that it can say so) or was left out."""
        source = ctx.get_parameter_source(name)  # Click's enum (vendored by newer Typers)
        return value if source is not None and source.name == "COMMANDLINE" else None

    facts = info_module.gather(given("store", store), given("catalogue", catalogue))
    if format is Format.json:
        write_output(json.dumps(facts, indent=2, ensure_ascii=False), None)
    else:
        write_output("\n".join(info_module.lines(facts)), None)


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
