"""`ri run --answers FILE`: an interview read from a YAML or JSON file instead of asked.

The file goes through the same checks as answers typed live (interview.py); any broken rule
refuses the whole file, with the line and column of every problem, and nothing is stored.
Only YAML's node tree is built: no tag is ever constructed, so no code can run.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from reverse_interview import yamlfile
from reverse_interview.errors import AnswersError, Problem, Refused
from reverse_interview.interview import (
    MULTI_PART_STEPS,
    Preset,
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
from reverse_interview.models import ArenaAnswers, Catalogue, Growth, Interview

if TYPE_CHECKING:
    import yaml

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


class _Reader:
    """Walks the node tree of one file, collecting every problem with its place."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, node: yaml.Node | None, text: str) -> None:
        if node is None:
            self.problems.append(Problem(yamlfile.name_of(self.path), None, None, text))
        else:
            mark = node.start_mark
            self.problems.append(
                Problem(yamlfile.name_of(self.path), mark.line + 1, mark.column + 1, text)
            )

    def mapping(
        self, node: yaml.Node, allowed: tuple[str, ...], what: str
    ) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        import yaml

        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{what} should be a mapping of keys to values")
            return {}
        found: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                kind = "a list" if isinstance(key_node, yaml.SequenceNode) else "a mapping"
                self.problem(key_node, f"a key must be a plain word, not {kind}")
                continue
            key = key_node.value
            if key not in allowed:
                self.problem(
                    key_node,
                    f"unknown key {key!r} in {what}; expected one of: {', '.join(allowed)}",
                )
            elif key in found:
                self.problem(key_node, f"{key!r} is given twice in {what}")
            else:
                found[key] = (key_node, value_node)
        return found

    def text(self, node: yaml.Node, what: str) -> str | None:
        import yaml

        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, f"{what} should be text")
            return None
        if node.tag == yamlfile.NULL:
            return ""
        return str(node.value)

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        import yaml

        if isinstance(node, yaml.ScalarNode) and node.tag == yamlfile.NULL:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"{what} should be a list")
            return []
        return list(node.value)

    def check(self, node: yaml.Node, rule: Callable[[], T]) -> T | None:
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
    reader = _Reader(path)
    root = _compose(path, reader)
    if root is None:
        raise AnswersError(reader.problems)
    top = reader.mapping(root, TOP_KEYS, "the answers file")
    if reader.problems and not top:  # not a mapping at all: nothing more to say about it
        raise AnswersError(reader.problems)
    values: dict[str, str] = {}
    wrong_shape: set[str] = set()  # already said: no second message about the same value
    for key in ("candidate", "role", "interviewer", "notes"):
        if key in top:
            text = reader.text(top[key][1], repr(key))
            if text is None:
                wrong_shape.add(key)
            values[key] = text or ""

    candidate = preset.candidate if preset.candidate is not None else values.get("candidate")
    if candidate is None:
        reader.problem(root, "'candidate' is required (or give --candidate)")
    elif preset.candidate is None and "candidate" in wrong_shape:
        candidate = None
    else:
        place = top["candidate"][1] if "candidate" in top and preset.candidate is None else root
        candidate = reader.check(place, lambda: check_candidate(candidate or ""))

    arenas = _arenas(reader, top, root, catalogue)
    growth = _growth(reader, top, root, catalogue)
    highlights: list[str] = []
    if "highlights" in top:
        for item in reader.sequence(top["highlights"][1], "'highlights'"):
            text = reader.text(item, "a highlight")
            if text is not None:
                found = reader.check(item, partial(resolve_highlight, text, catalogue))
                if found in highlights:
                    reader.problem(item, f"the highlight {found!r} is listed twice")
                elif found is not None:
                    highlights.append(found)
    struck: list[str] = []
    if "struck" in top:
        for item in reader.sequence(top["struck"][1], "'struck'"):
            text = reader.text(item, "a struck offering")
            if text is not None:
                found = reader.check(item, partial(resolve_struck, text, catalogue))
                if found in struck:
                    reader.problem(item, f"the offering {found!r} is struck twice")
                elif found in highlights:
                    reader.problem(item, f"{found!r} is both highlighted and struck: choose one")
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


def _compose(path: Path, reader: _Reader) -> yaml.Node | None:
    """The file's node tree; None (with the problem noted) when it can't be read as answers."""
    data = yamlfile.read_bytes(
        path,
        AnswersError,
        what="an answers file",
        missing="give the path of the answers file (see the README for its format)",
        limit_mb=ANSWERS_LIMIT_MB,
    )
    root = yamlfile.compose(yamlfile.name_of(path), data, AnswersError, syntax="YAML or JSON")
    if root is None:
        reader.problem(None, "is empty: see the answers file format in the README")
        return None
    if not _plain_tags(cast("yaml.Node", root), reader):
        return None
    return cast("yaml.Node", root)


def _plain_tags(root: yaml.Node, reader: _Reader) -> bool:
    """Refuse tags that would build objects (aliases are refused before composing)."""
    import yaml

    stack = [root]
    while stack:
        node = stack.pop()
        if node.tag not in yamlfile.ALLOWED_TAGS:
            reader.problem(node, f"the tag {node.tag!r} is not allowed in an answers file")
            return False
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return True


def _arenas(
    reader: _Reader,
    top: dict[str, tuple[yaml.Node, yaml.Node]],
    root: yaml.Node,
    catalogue: Catalogue,
) -> list[ArenaAnswers]:
    if "arenas" not in top:
        reader.problem(root, "'arenas' is required: a list of 1 to 4 arenas")
        return []
    import yaml

    list_node = top["arenas"][1]
    items = reader.sequence(list_node, "'arenas'")
    arenas: list[ArenaAnswers] = []
    for item in items:
        fields = reader.mapping(item, ARENA_KEYS, "an arena")
        if "arena" not in fields:
            if isinstance(item, yaml.MappingNode):
                reader.problem(
                    item, "this arena has no 'arena': its id, or the candidate's own name"
                )
            continue
        name_node = fields["arena"][1]
        name = reader.text(name_node, "'arena'")
        if name is None:
            continue
        arena = reader.check(name_node, partial(resolve_arena, name, catalogue))
        if arena is None:
            continue
        answers = {}
        for field in ("strengths", "learn", "obstacles"):
            answers[field] = (
                clean(reader.text(fields[field][1], repr(field))) if field in fields else ""
            )
        arena = ArenaAnswers(arena.id, arena.name, arena.custom, **answers)
        if any(a.id == arena.id for a in arenas):
            reader.problem(name_node, f"the arena {arena.name!r} is listed twice")
            continue
        arenas.append(arena)
        if len(arenas) == 5:
            reader.check(item, lambda: check_arenas(arenas))
    if not items and (isinstance(list_node, yaml.SequenceNode) or list_node.tag == yamlfile.NULL):
        reader.check(list_node, lambda: check_arenas([]))
    return arenas


def _growth(
    reader: _Reader,
    top: dict[str, tuple[yaml.Node, yaml.Node]],
    root: yaml.Node,
    catalogue: Catalogue,
) -> Growth:
    if "growth" not in top:
        reader.problem(root, "'growth' is required, with 'preferred': the ways they grow best")
        return Growth()
    import yaml

    growth_node = top["growth"][1]
    fields = reader.mapping(growth_node, GROWTH_KEYS, "'growth'")
    if not isinstance(growth_node, yaml.MappingNode):
        return Growth()
    note = clean(reader.text(fields["note"][1], "'note'")) if "note" in fields else ""
    if "preferred" not in fields:
        reader.problem(
            top["growth"][1], "'growth' needs 'preferred': mode ids, most preferred first"
        )
        return Growth((), note)
    modes: list[str] = []
    list_node = fields["preferred"][1]
    for item in reader.sequence(list_node, "'preferred'"):
        text = reader.text(item, "a growth mode")
        if text is None:
            continue
        mode = reader.check(item, partial(resolve_mode, text, catalogue))
        if mode is None:
            continue
        if mode in modes:
            reader.problem(item, f"the growth mode {mode!r} is listed twice")
            continue
        modes.append(mode)
    if not modes and not any(p.line == list_node.start_mark.line + 1 for p in reader.problems):
        reader.check(list_node, lambda: check_modes(modes))
    return Growth(tuple(modes), note)
