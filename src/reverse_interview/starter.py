"""`ri offerings init`: a starter catalogue, its JSON Schema, and how to check it on commit.

The starter is the repository's example catalogue, shipped inside the package so that a `pip`
or `pipx` install, with no checkout at hand, can still begin.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from reverse_interview.errors import UserError

CATALOGUE_NAME = "offerings.yaml"
SCHEMA_NAME = "offerings.schema.json"

# A hook that needs no repository URL: it runs the `ri` the team already installed.
PRE_COMMIT_SNIPPET = """\
repos:
  - repo: local
    hooks:
      - id: ri-offerings-check
        name: ri offerings check
        entry: ri offerings check --strict
        language: system
        files: (^|/)offerings\\.ya?ml$
"""

_REVIEWED = re.compile(r"^(\s*last_reviewed:\s*)\d{4}-\d{2}-\d{2}", re.MULTILINE)


@dataclass(frozen=True)
class Written:
    catalogue: Path
    schema: Path


def example_catalogue() -> str:
    """The example catalogue's text, as shipped in the package."""
    return (
        resources.files("reverse_interview")
        .joinpath("example", CATALOGUE_NAME)
        .read_text(encoding="utf-8")
    )


def starter_catalogue(today: dt.date) -> str:
    """The example, ready to be a team's own: it names its schema for editors, and its reviews
    are dated today (the team takes it over now), so `ri offerings check --strict` passes."""
    text = _REVIEWED.sub(lambda found: found.group(1) + today.isoformat(), example_catalogue())
    return f"# yaml-language-server: $schema={SCHEMA_NAME}\n{text}"


def write_starter(folder: Path, *, force: bool = False, today: dt.date | None = None) -> Written:
    """Write the starter catalogue and its schema into `folder` (made if missing).

    Refuses, writing nothing, when either file is already there and `force` is not given.
    """
    from reverse_interview.catalogue_schema import json_schema

    written = Written(folder / CATALOGUE_NAME, folder / SCHEMA_NAME)
    targets = (written.catalogue, written.schema)
    if not force:
        there = [str(path) for path in targets if path.exists() or path.is_symlink()]
        if there:
            raise UserError(
                f"{' and '.join(there)} already there: nothing written "
                "(add --force to overwrite, or give another folder)"
            )
    texts = (
        starter_catalogue(today or dt.date.today()),
        json.dumps(json_schema(), indent=2) + "\n",
    )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for path, text in zip(targets, texts, strict=True):
            with open(path, "w" if force else "x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
    except FileExistsError as error:
        raise UserError(f"{error.filename} appeared meanwhile: add --force to overwrite") from None
    except OSError as error:
        where = error.filename or folder
        raise UserError(f"cannot write {where}: {error.strerror or error}") from None
    return written
