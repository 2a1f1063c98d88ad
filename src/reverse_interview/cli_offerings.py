"""The commands of the catalogue: `ri offerings list`, `check`, `init` and `schema`.

Registered on `cli.offerings_app` when cli.py is imported.

Its options' annotations are objects, not postponed text, as in cli.py (Typer reads them).
"""

from pathlib import Path
from typing import Annotated

import typer

from reverse_interview import completion, paths
from reverse_interview.cli import (
    CatalogueOption,
    Format,
    FormatOption,
    load_catalogue,
    offerings_app,
    say_err,
    user_errors,
    write_output,
)

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

    from reverse_interview.catalogue_schema import json_schema

    print(json.dumps(json_schema(), indent=2))
