"""`ri run --answers FILE`: an interview read from a YAML or JSON file instead of asked.

The file goes through the same checks as answers typed live (interview.py); any broken rule
refuses the whole file, with the line and column of every problem, and nothing is stored.
Only YAML's node tree is built: no tag is ever constructed, so no code can run.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

from reverse_interview import yamlfile
from reverse_interview.answering import (
    check_arenas,
    check_candidate,
    check_modes,
    clean,
    match_interview,
    resolve_arena,
    resolve_highlight,
    resolve_mode,
    resolve_struck,
    strike,
)
from reverse_interview.errors import AnswersError, Refused
from reverse_interview.interview import Preset
from reverse_interview.models import ArenaAnswers, Catalogue, Growth, Interview
from reverse_interview.steps import MULTI_PART_STEPS
from reverse_interview.yamlfile import Node

T = TypeVar("T")

TOP_KEYS = (
    "candidate",
    "role",
    "interviewer",
    "arenas",
    "growth",
    "highlights",
    "struck",
    "notes",
)
ARENA_KEYS = ("arena", "strengths", "learn", "obstacles")
GROWTH_KEYS = ("preferred", "note")


class _Reader(yamlfile.NodeReader):
    """The shared node reader, with an answer's own leniency: an empty value is an empty
    answer, and a number or a date is text as it was written."""

    def fields(
        self, node: Node, allowed: tuple[str, ...], said: str, context: str
    ) -> dict[str, tuple[Node, Node]]:
        if node.id != "mapping":
            self.wrong(node, said, "a mapping of keys to values")
            return {}
        return self.mapping(node, allowed, context)

    def text(self, node: Node, said: str) -> str | None:
        if node.id != "scalar":
            self.wrong(node, said, "text")
            return None
        if node.tag == yamlfile.NULL:
            return ""
        return str(node.value)

    def sequence(self, node: Node, said: str) -> list[Node]:
        if node.id == "scalar" and node.tag == yamlfile.NULL:
            return []
        if node.id != "sequence":
            self.wrong(node, said, "a list")
            return []
        return list(node.value)

    def check(self, node: Node, rule: Callable[[], T]) -> T | None:
        """Apply one of the interview's rules; a refusal becomes a problem at `node`."""
        try:
            return rule()
        except Refused as refusal:
            self.problem(node, refusal.message)
            return None


def read_answers(
    path: Path,
    catalogue: Catalogue,
    preset: Preset = Preset(),
    *,
    default_interviewer: str | None = None,
) -> Interview:
    """The answers in `path`, validated and matched: a complete interview with the ID "".

    The interviewer is the preset's, else the file's, else `default_interviewer`.

    The caller gives it an ID and stores it. Raises AnswersError with every problem found.
    """
    reader = _Reader(yamlfile.name_of(path))
    root = _compose(path, reader)
    if root is None:
        raise AnswersError(reader.problems)
    top = reader.fields(root, TOP_KEYS, "the answers file", "in the answers file")
    if reader.problems and not top:  # not a mapping at all: nothing more to say about it
        raise AnswersError(reader.problems)
    values: dict[str, str] = {}
    wrong_shape: set[str] = set()  # already said: no second message about the same value
    for key in ("candidate", "role", "interviewer", "notes"):
        if key in top:
            text = reader.text(top[key][1], f"`{key}`")
            if text is None:
                wrong_shape.add(key)
            values[key] = text or ""

    candidate = preset.candidate if preset.candidate is not None else values.get("candidate")
    if candidate is None:
        reader.problem(root, "`candidate` is required (or give --candidate)")
    elif preset.candidate is None and "candidate" in wrong_shape:
        candidate = None
    else:
        place = top["candidate"][1] if "candidate" in top and preset.candidate is None else root
        candidate = reader.check(place, lambda: check_candidate(candidate or ""))

    arenas = _arenas(reader, top, root, catalogue)
    growth = _growth(reader, top, root, catalogue)
    highlights: list[str] = []
    if "highlights" in top:
        for item in reader.sequence(top["highlights"][1], "`highlights`"):
            text = reader.text(item, "a highlight")
            if text is not None:
                found = reader.check(item, partial(resolve_highlight, text, catalogue))
                if found in highlights:
                    reader.problem(item, f"the highlight `{found}` is listed twice")
                elif found is not None:
                    highlights.append(found)
    struck: list[str] = []
    if "struck" in top:
        for item in reader.sequence(top["struck"][1], "`struck`"):
            text = reader.text(item, "a struck offering")
            if text is not None:
                found = reader.check(item, partial(resolve_struck, text, catalogue))
                if found in struck:
                    reader.problem(item, f"the offering `{found}` is struck twice")
                elif found in highlights:
                    reader.problem(item, f"`{found}` is both highlighted and struck: choose one")
                elif found is not None:
                    struck.append(found)

    if reader.problems:
        raise AnswersError(reader.problems)
    interview = Interview(
        id="",
        candidate=candidate,
        role=clean(preset.role if preset.role is not None else values.get("role")),
        interviewer=clean(
            preset.interviewer
            if preset.interviewer is not None
            else values.get("interviewer", default_interviewer)
        ),
        pitch_done=True,
        arenas=tuple(arenas),
        growth=growth,
        reviewed=True,
        finished=MULTI_PART_STEPS,
        highlights=tuple(highlights),
        notes=clean(values.get("notes")),
    )
    matched = match_interview(interview, catalogue)
    return matched.touch(status="complete", struck=strike(matched, struck))


# One interview's answers: hours of notes fit in well under a megabyte; stated in the README.
ANSWERS_LIMIT_MB = 5


def _compose(path: Path, reader: _Reader) -> Node | None:
    """The file's node tree; None (with the problem noted) when it can't be read as answers."""
    data = yamlfile.read_bytes(
        path,
        AnswersError,
        what="an answers file",
        missing="give the path of the answers file (see the README for its format)",
        limit_mb=ANSWERS_LIMIT_MB,
    )
    root = yamlfile.compose(
        reader.where, data, AnswersError, syntax="YAML or JSON", holds="an answers file"
    )
    if root is None:
        reader.problem(None, "is empty: see the answers file format in the README")
    return root


def _arenas(
    reader: _Reader,
    top: dict[str, tuple[Node, Node]],
    root: Node,
    catalogue: Catalogue,
) -> list[ArenaAnswers]:
    if "arenas" not in top:
        reader.problem(root, "`arenas` is required: a list of 1 to 4 arenas")
        return []
    list_node = top["arenas"][1]
    items = reader.sequence(list_node, "`arenas`")
    arenas: list[ArenaAnswers] = []
    for item in items:
        fields = reader.fields(item, ARENA_KEYS, "each arena", "in an arena")
        if "arena" not in fields:
            if item.id == "mapping":
                reader.problem(
                    item, "this arena has no `arena`: its id, or the candidate's own name"
                )
            continue
        name_node = fields["arena"][1]
        name = reader.text(name_node, "`arena`")
        if name is None:
            continue
        arena = reader.check(name_node, partial(resolve_arena, name, catalogue))
        if arena is None:
            continue
        answers = {}
        for field in ("strengths", "learn", "obstacles"):
            answers[field] = (
                clean(reader.text(fields[field][1], f"`{field}`")) if field in fields else ""
            )
        arena = ArenaAnswers(arena.id, arena.name, arena.custom, **answers)
        if any(a.id == arena.id for a in arenas):
            reader.problem(name_node, f"the arena `{arena.name}` is listed twice")
            continue
        arenas.append(arena)
        if len(arenas) == 5:
            reader.check(item, lambda: check_arenas(arenas))
    if not items and (list_node.id == "sequence" or list_node.tag == yamlfile.NULL):
        reader.check(list_node, lambda: check_arenas([]))
    return arenas


def _growth(
    reader: _Reader,
    top: dict[str, tuple[Node, Node]],
    root: Node,
    catalogue: Catalogue,
) -> Growth:
    if "growth" not in top:
        reader.problem(root, "`growth` is required, with `preferred`: the ways they grow best")
        return Growth()
    growth_node = top["growth"][1]
    fields = reader.fields(growth_node, GROWTH_KEYS, "`growth`", "in `growth`")
    if growth_node.id != "mapping":
        return Growth()
    note = clean(reader.text(fields["note"][1], "`note`")) if "note" in fields else ""
    if "preferred" not in fields:
        reader.problem(
            top["growth"][1], "`growth` needs `preferred`: mode ids, most preferred first"
        )
        return Growth((), note)
    modes: list[str] = []
    list_node = fields["preferred"][1]
    for item in reader.sequence(list_node, "`preferred`"):
        text = reader.text(item, "a growth mode")
        if text is None:
            continue
        mode = reader.check(item, partial(resolve_mode, text, catalogue))
        if mode is None:
            continue
        if mode in modes:
            reader.problem(item, f"the growth mode `{mode}` is listed twice")
            continue
        modes.append(mode)
    if not modes and not any(p.line == yamlfile.line_of(list_node) for p in reader.problems):
        reader.check(list_node, lambda: check_modes(modes))
    return Growth(tuple(modes), note)
