"""The commands about where interviews are kept: `ri info`, `ri export`, `ri import`,
`ri store init` and `ri store grant` (a team's PostgreSQL store), `ri delete --older-than`.

Registered on `cli.app` when cli.py is imported; user errors become messages there.

Its options' annotations are objects, not postponed text, as in cli.py (Typer reads them).
"""

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from reverse_interview import paths
from reverse_interview.cli import (
    CatalogueOption,
    Format,
    FormatOption,
    StoreOption,
    a_date,
    app,
    confirm,
    open_store,
    user_errors,
    write_output,
)
from reverse_interview.errors import UsageError, UserError


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

    from reverse_interview import info as info_module
    from reverse_interview.render.json import dumps

    def given(name: str, value: Any) -> Any:
        """The option's value if it was typed; None when it came from the environment (which
        `paths` reads itself, so that it can say so) or was left out."""
        source = ctx.get_parameter_source(name)  # Click's enum (vendored by newer Typers)
        return value if source is not None and source.name == "COMMANDLINE" else None

    facts = info_module.gather(given("store", store), given("catalogue", catalogue))
    if format is Format.json:
        write_output(dumps(facts), None)
    else:
        write_output("\n".join(info_module.lines(facts)), None)


def delete_older(age: str, status: str | None, *, yes: bool, store: str | None) -> None:
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
    from reverse_interview.store import postgres_admin

    done = postgres_admin.init(location)
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
    from reverse_interview.store import postgres_admin

    done = postgres_admin.grant(location, login, as_.value)
    if done.created_login:
        print(
            f"Created the login {done.login} (no password yet: set one with"
            f" ALTER ROLE, or let the server's own authentication admit it)."
        )
    print(f"{done.login} is now {done.role} in {done.where}.")
