"""Reading a YAML (or JSON) file safely, into YAML's node tree.

Shared by the catalogue and answers files. Only the node tree is composed: no tag is ever
constructed, so no code can run, and aliases are refused before anything is expanded, so a
"billion laughs" file cannot eat memory. Every failure is a Problem at the file's line and
column, raised as the caller's own FileProblems subclass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol, cast

from reverse_interview.errors import FileProblems, Problem

YAML_TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = (YAML_TAG + t for t in ("str", "int", "float", "bool", "null"))
TIMESTAMP, SEQ, MAP = (YAML_TAG + t for t in ("timestamp", "seq", "map"))
ALLOWED_TAGS = frozenset((STR, INT, FLOAT, BOOL, NULL, TIMESTAMP, SEQ, MAP))

# Where an alias (`*name`) could start; anything that matches is checked with the parser itself.
_MAYBE_ALIAS = re.compile(r"(?:\A|[\s\[{,:])\*")


class Node(Protocol):
    """The part of a PyYAML node read here (`id` is scalar, sequence or mapping)."""

    id: str
    tag: str
    value: Any
    start_mark: Any


def read_bytes(path: Path, error: type[FileProblems], *, what: str, missing: str) -> bytes:
    """The file's bytes; `missing` says what to do when there is no such file."""

    def fail(text: str) -> FileProblems:
        return error([Problem(str(path), None, None, text)])

    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise fail(f"no such file: {missing}") from None
    except IsADirectoryError:
        raise fail(f"is a folder, not {what}") from None
    except PermissionError:
        raise fail("cannot be read: permission denied") from None
    except OSError as problem:
        raise fail(f"cannot be read: {problem.strerror or problem}") from None


def compose(
    where: str, data: bytes, error: type[FileProblems], *, syntax: str = "YAML"
) -> Node | None:
    """The YAML node tree of `data` (None for an empty file), refusing aliases first.

    `syntax` names what the file should be in messages ("YAML", "YAML or JSON").
    """
    import yaml

    text = _decode(where, data, error)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def fail(line: int | None, column: int | None, text: str) -> FileProblems:
        return error([Problem(where, line, column, text)])

    try:
        if _MAYBE_ALIAS.search(text):
            _refuse_aliases(where, yaml.parse(text, Loader=loader), error)
        return cast("Node | None", yaml.compose(text, Loader=loader))
    except yaml.MarkedYAMLError as problem:
        said_problem, context = problem.problem or "", problem.context or ""
        if said_problem.startswith("but ") and context:
            said = f"{context}, {said_problem}"  # "expected a single document..., but found..."
        elif said_problem and context:
            said = f"{said_problem} ({context})"
        else:
            said = said_problem or context or "cannot be read"
        mark = problem.problem_mark or problem.context_mark
        raise fail(*place(mark), f"not valid {syntax}: {said}") from None
    except yaml.reader.ReaderError:
        # The C reader counts bytes, the Python one characters: find the character ourselves.
        found = yaml.reader.Reader.NON_PRINTABLE.search(text)
        index = found.start() if found else 0
        before = text[:index]
        line, column = before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1
        code = f"U+{ord(text[index]):04X}" if found else "a character"
        raise fail(line, column, f"{code} is not allowed in {syntax}: remove it") from None
    except yaml.YAMLError as problem:
        raise fail(None, None, f"not valid {syntax}: {problem}") from None
    except RecursionError:
        raise fail(None, None, f"not valid {syntax}: nested too deeply") from None


def place(mark: Any) -> tuple[int | None, int | None]:
    """A YAML mark's line and column, counted from 1 as editors do."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (None, None)


def _decode(where: str, data: bytes, error: type[FileProblems]) -> str:
    try:
        return data.decode("utf-8-sig")  # a byte-order mark, as some editors write, is fine
    except UnicodeDecodeError as problem:
        before = data[: problem.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        byte = data[problem.start : problem.start + 1].hex()
        raise error(
            [Problem(where, line, column, f"not UTF-8 text (byte 0x{byte}): save it as UTF-8")]
        ) from None


def _refuse_aliases(where: str, events: Iterable[Any], error: type[FileProblems]) -> None:
    """Raise if the YAML events hold any alias: one problem for each anchor's first alias."""
    import yaml

    problems: dict[str, Problem] = {}
    for event in events:
        anchor = getattr(event, "anchor", None) or ""
        if isinstance(event, yaml.AliasEvent) and anchor not in problems:
            problems[anchor] = Problem(
                where,
                *place(event.start_mark),
                f"alias `*{anchor}` refused: anchors and aliases are not allowed, "
                "write the value out in full",
            )
    if problems:
        raise error(list(problems.values()))
