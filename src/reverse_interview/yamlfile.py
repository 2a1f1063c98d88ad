"""Reading a YAML (or JSON) file safely, into YAML's node tree.

Shared by the catalogue and answers files. Only the node tree is composed, in one pass: no tag
is ever constructed, so no code can run, and an alias is refused where it is met, never
expanded, so a "billion laughs" file cannot eat memory. Every failure is a Problem at the
file's line and column, raised as the caller's own FileProblems subclass.
"""

from __future__ import annotations

import gc
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from reverse_interview.errors import FileProblems, Problem

YAML_TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = (YAML_TAG + t for t in ("str", "int", "float", "bool", "null"))
TIMESTAMP, SEQ, MAP = (YAML_TAG + t for t in ("timestamp", "seq", "map"))
ALLOWED_TAGS = frozenset((STR, INT, FLOAT, BOOL, NULL, TIMESTAMP, SEQ, MAP))


class Node(Protocol):
    """The part of a PyYAML node read here (`id` is scalar, sequence or mapping)."""

    id: str
    tag: str
    value: Any
    start_mark: Any


STDIN = "-"

# A plain value as a FlatMapping holds it: (tag, text, where it starts).
Scalar = tuple[str, str, Any]


class FlatMapping:
    """A streamed item that is a mapping of plain values (a plain scalar or a list of them
    under each plain key; no tag, anchor or alias), as `pairs` (key, value) in the file's
    order: a reader may check it without a node tree, and ask for the tree (`nodes`, the very
    nodes the composer would have made; only inside the stream's callback) to report a fault.
    """

    __slots__ = ("_composer", "_events", "pairs", "start_mark")

    def __init__(self, composer: _Composer, events: list[Any], pairs: list[Any]) -> None:
        self._composer = composer
        self._events = events
        self.pairs: list[tuple[str, Scalar | list[Scalar]]] = pairs
        self.start_mark = events[0].start_mark

    def nodes(self) -> Node:
        node: Node = self._composer.replay(self._events)
        return node


Item = Node | FlatMapping


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused meanwhile (running again after, if it was): reading a
    file makes hundreds of thousands of containers, never cycles, that it would walk again and
    again, set off every few hundred new ones."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def name_of(path: Path | str) -> str:
    """How a file is named in messages: `-` is standard input, `<stdin>`."""
    return "<stdin>" if str(path) == STDIN else str(path)


def read_bytes(
    path: Path, error: type[FileProblems], *, what: str, missing: str, limit_mb: int
) -> bytes:
    """The file's bytes; `missing` says what to do when there is no such file.

    Only a regular file of at most `limit_mb` megabytes (10**6 bytes) is read: a FIFO, a
    device or a folder is refused before anything is read from it (so nothing hangs), and a
    larger file is refused without being read whole (so memory stays bounded). `-` is
    standard input, read up to the same limit.
    """

    def fail(text: str) -> FileProblems:
        return error([Problem(where, None, None, text)])

    if str(path) == STDIN:
        where = name_of(path)
        try:
            return _read_limited(sys.stdin.buffer, limit_mb, fail)
        except OSError as problem:
            raise fail(f"cannot be read: {problem.strerror or problem}") from None
    where = str(path)
    try:
        # stat first: opening some devices does something, and a FIFO with no writer would
        # wait for ever; O_NONBLOCK covers a file swapped for a FIFO in between.
        kind = _not_regular(os.stat(path).st_mode)
        if kind:
            raise fail(f"not a regular file ({kind}): give {what}")
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise fail(f"no such file: {missing}") from None
    except PermissionError:
        raise fail("cannot be read: permission denied") from None
    except OSError as problem:
        raise fail(f"cannot be read: {problem.strerror or problem}") from None
    try:
        with os.fdopen(fd, "rb") as handle:
            kind = _not_regular(os.fstat(handle.fileno()).st_mode)
            if kind:
                raise fail(f"not a regular file ({kind}): give {what}")
            size = os.fstat(handle.fileno()).st_size
            if size > limit_mb * MB:
                raise fail(_too_large(size, limit_mb))
            return _read_limited(handle, limit_mb, fail, size)
    except OSError as problem:
        raise fail(f"cannot be read: {problem.strerror or problem}") from None


MB = 1_000_000


def _not_regular(mode: int) -> str | None:
    """What a file that is not a regular file is, in plain words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"


def _too_large(size: int, limit_mb: int) -> str:
    shown = f"{size / MB:.1f}" if size < 10 * MB else f"{size // MB}"
    if shown == f"{limit_mb}.0" or shown == str(limit_mb):
        shown = f"more than {limit_mb}"
    return f"too large: {shown} MB, the limit is {limit_mb} MB"


def _read_limited(
    handle: BinaryIO,
    limit_mb: int,
    fail: Callable[[str], FileProblems],
    expected: int | None = None,
) -> bytes:
    """At most `limit_mb` megabytes from `handle`, whose size is `expected` if known; one
    byte more is refused as too large (standard input, or a file that grew meanwhile)."""
    limit = limit_mb * MB
    want = limit if expected is None else min(expected, limit)
    # One read into one buffer (a buffered reader reads until it has this many bytes or the
    # end), so a large file is held once, never twice.
    data = handle.read(want + 1)
    if want < len(data) <= limit:  # it grew while it was read
        data += handle.read(limit + 1 - len(data))
    if len(data) > limit:
        raise fail(_too_large(len(data), limit_mb))
    return data


def compose(
    where: str,
    data: bytes,
    error: type[FileProblems],
    *,
    syntax: str = "YAML",
    holds: str = "the file",
    stream: tuple[str, Callable[[Item], None]] | None = None,
) -> Node | None:
    """The YAML node tree of `data` (None for an empty file); an alias is a problem, and so is
    a tag that is not a plain value's (`!!python/...`, `!local`): one policy for every file.

    `syntax` names what the file should be in messages ("YAML", "YAML or JSON"), `holds`
    what it is ("a catalogue", "an answers file"). With
    `stream` = (key, take), the items of the list under that top-level key are handed to
    `take` one at a time as they are composed, and not kept in the tree (that list's node is
    left empty, its `streamed` attribute set to how many there were): a file of 100,000
    offerings is never held whole. An item that is a mapping of plain values is handed over as
    a FlatMapping (its node tree made only if asked for), any other as its node.
    """
    import yaml

    text = decode(where, data, error)

    def fail(line: int | None, column: int | None, text: str) -> FileProblems:
        return error([Problem(where, line, column, text)])

    composer = _Composer(where, holds, _loader(text))
    try:
        with collector_paused():
            root = composer.document(stream)
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
    finally:
        composer.dispose()
    if composer.refused:
        raise error(composer.refused)
    return root


# YAML 1.2's core schema, as editors read it: only these are booleans; yes, no, on, off, y and n
# (booleans in YAML 1.1, which PyYAML follows) are text.
BOOLEANS = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
YAML11_BOOLEANS = frozenset(("yes", "no", "on", "off", "y", "n"))
_RESOLVERS: dict[Any, dict[Any, list[Any]]] = {}


def _loader(text: str) -> Any:
    """PyYAML's safe loader (the C one where it is built) with YAML 1.2's booleans."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = base(text)
    # The resolver reads this through the instance: set it there, the class stays as it is.
    loader.yaml_implicit_resolvers = _yaml12_resolvers(base)
    return loader


def _yaml12_resolvers(base: Any) -> dict[Any, list[Any]]:
    if base not in _RESOLVERS:
        resolvers = {
            first: [(tag, pattern) for tag, pattern in found if tag != BOOL]
            for first, found in base.yaml_implicit_resolvers.items()
        }
        for first in "tTfF":
            resolvers.setdefault(first, []).insert(0, (BOOL, BOOLEANS))
        _RESOLVERS[base] = resolvers
    return _RESOLVERS[base]


# Plain values resolved once and remembered: up to this long, up to this many.
RESOLVED_LENGTH = 32
RESOLVED_KEPT = 8192


class _Composer:
    """YAML events -> nodes, as PyYAML's composer does, in one pass: an alias (once per anchor)
    or a tag other than a plain value's is noted as a problem, never expanded or constructed,
    and one list may be streamed."""

    def __init__(self, where: str, holds: str, loader: Any) -> None:
        import yaml

        self.where = where
        self.holds = holds
        self.loader = loader
        self.next = loader.get_event
        self.resolve = loader.resolve
        # The first characters a plain scalar needs the resolver's patterns for (a digit, t, n,
        # ~...); any other plain scalar, and every quoted one, is text: said at once. The same
        # short values (keys, ids, dates, numbers) come back again and again: resolved once.
        resolvers = loader.yaml_implicit_resolvers
        every = None in resolvers or loader.yaml_path_resolvers
        self.resolved_first = None if every else frozenset(k for k, v in resolvers.items() if v)
        self.resolved: dict[str, str] = {}
        self.refused: list[Problem] = []
        self.anchors: set[str] = set()
        self.yaml = yaml

    def refuse_tag(self, tag: str, mark: Any) -> None:
        shown = tag.replace(YAML_TAG, "!!")
        self.refused.append(
            Problem(
                self.where,
                *place(mark),
                f"YAML tag `{shown}` is not allowed: {self.holds} holds plain values only",
            )
        )

    def dispose(self) -> None:
        self.loader.dispose()

    def document(self, stream: tuple[str, Callable[[Item], None]] | None) -> Node | None:
        events = self.yaml.events
        self.next()  # the stream starts
        if isinstance(self.loader.peek_event(), events.StreamEndEvent):
            return None
        start = self.next()
        event = self.next()
        if stream is not None and isinstance(event, events.MappingStartEvent):
            root = self.mapping(event, stream)
        else:
            root = self.node(event)
        self.next()  # the document ends
        if not isinstance(self.loader.peek_event(), events.StreamEndEvent):
            following = self.next()
            raise self.yaml.composer.ComposerError(
                "expected a single document in the stream",
                start.start_mark,
                "but found another document",
                following.start_mark,
            )
        return root

    def node(self, event: Any) -> Any:
        nodes = self.yaml.nodes
        kind = type(event)
        if kind is self.yaml.ScalarEvent:
            tag = event.tag
            if tag is None or tag == "!":
                tag = self.implicit_tag(event)
            if tag not in ALLOWED_TAGS:
                self.refuse_tag(tag, event.start_mark)
            return nodes.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        if kind is self.yaml.SequenceStartEvent:
            node = self.node_of_sequence(event)
            items = node.value
            take = self.next
            end = self.yaml.SequenceEndEvent
            while type(item := take()) is not end:
                items.append(self.node(item))
            node.end_mark = item.end_mark
            return node
        if kind is self.yaml.MappingStartEvent:
            return self.mapping(event, None)
        return self.alias(event)

    def mapping(self, event: Any, stream: tuple[str, Callable[[Item], None]] | None) -> Any:
        nodes = self.yaml.nodes
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolve(nodes.MappingNode, None, event.implicit)
        if tag not in ALLOWED_TAGS:
            self.refuse_tag(tag, event.start_mark)
        node = nodes.MappingNode(tag, [], event.start_mark, None, event.flow_style)
        pairs = node.value
        take = self.next
        end = self.yaml.MappingEndEvent
        while type(key_event := take()) is not end:
            key = self.node(key_event)
            value_event = take()
            if (
                stream is not None
                and key.id == "scalar"
                and key.value == stream[0]
                and type(value_event) is self.yaml.SequenceStartEvent
            ):
                value = self.streamed(value_event, stream[1])
                stream = None  # a second list under the same key is composed whole
            else:
                value = self.node(value_event)
            pairs.append((key, value))
        node.end_mark = key_event.end_mark
        return node

    def streamed(self, event: Any, take_item: Callable[[Item], None]) -> Any:
        node = self.node_of_sequence(event)
        count = 0
        take = self.next
        end = self.yaml.SequenceEndEvent
        mapping = self.yaml.MappingStartEvent
        while type(item := take()) is not end:
            if type(item) is mapping and item.tag is None and item.anchor is None:
                take_item(self.flat_mapping(item))
            else:
                take_item(self.node(item))
            count += 1
        node.end_mark = item.end_mark
        node.streamed = count
        return node

    def implicit_tag(self, event: Any) -> str:
        """The tag of a scalar event written without one, as PyYAML's resolver says."""
        first = self.resolved_first
        if first is None:
            return str(self.resolve(self.yaml.nodes.ScalarNode, event.value, event.implicit))
        value = event.value
        if not event.implicit[0] or value[:1] not in first:
            return STR
        known = self.resolved.get(value)
        if known is None:
            known = self.resolve(self.yaml.nodes.ScalarNode, value, event.implicit)
            if len(value) <= RESOLVED_LENGTH and len(self.resolved) < RESOLVED_KEPT:
                self.resolved[value] = known
        return known

    def plain_tag(self, event: Any) -> str | None:
        """The tag of a scalar event with no tag, anchor or alias of its own, as `node` would
        resolve it; None for any other event, or a tag `node` would refuse."""
        if type(event) is not self.yaml.ScalarEvent or event.tag is not None or event.anchor:
            return None
        tag = self.implicit_tag(event)
        return tag if tag in ALLOWED_TAGS else None

    def flat_mapping(self, start: Any) -> FlatMapping | Node:
        """The mapping that starts with `start`, as a FlatMapping when it is one; otherwise
        (anything nested, tagged, anchored, aliased) as its node, composed as `node` does."""
        take = self.next
        plain_tag = self.plain_tag
        scalar = self.yaml.ScalarEvent
        sequence = self.yaml.SequenceStartEvent
        sequence_end = self.yaml.SequenceEndEvent
        mapping_end = self.yaml.MappingEndEvent
        events = [start]
        pairs: list[tuple[str, Scalar | list[Scalar]]] = []
        while True:
            key = take()
            events.append(key)
            if type(key) is mapping_end:
                return FlatMapping(self, events, pairs)
            if plain_tag(key) is None:
                return self.replay(events)
            value = take()
            events.append(value)
            if type(value) is scalar:
                tag = plain_tag(value)
                if tag is None:
                    return self.replay(events)
                pairs.append((key.value, (tag, value.value, value.start_mark)))
            elif type(value) is sequence and value.tag is None and value.anchor is None:
                items: list[Scalar] = []
                while type(item := take()) is not sequence_end:
                    events.append(item)
                    tag = plain_tag(item)
                    if tag is None:
                        return self.replay(events)
                    items.append((tag, item.value, item.start_mark))
                events.append(item)
                pairs.append((key.value, items))
            else:
                return self.replay(events)

    def replay(self, events: list[Any]) -> Any:
        """The node of the item whose first events are `events` (the rest, if any, still to
        come from the parser), composed by `node` as if they had just come from the parser."""
        live = self.next
        waiting = iter(events)

        def take() -> Any:
            event = next(waiting, None)
            return live() if event is None else event

        self.next = take
        try:
            return self.node(take())
        finally:
            self.next = live

    def node_of_sequence(self, event: Any) -> Any:
        nodes = self.yaml.nodes
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolve(nodes.SequenceNode, None, event.implicit)
        if tag not in ALLOWED_TAGS:
            self.refuse_tag(tag, event.start_mark)
        return nodes.SequenceNode(tag, [], event.start_mark, None, event.flow_style)

    def alias(self, event: Any) -> Any:
        """An alias is refused, never expanded (a "billion laughs" file stays small)."""
        anchor = event.anchor or ""
        if anchor not in self.anchors:
            self.anchors.add(anchor)
            self.refused.append(
                Problem(
                    self.where,
                    *place(event.start_mark),
                    f"alias `*{anchor}` refused: anchors and aliases are not allowed, "
                    "write the value out in full",
                )
            )
        return self.yaml.nodes.ScalarNode(NULL, "", event.start_mark, event.end_mark)


# --- reading the node tree: what catalogue and answers files share --------------------------


def kind(node: Node) -> str:
    """What a node is, in the words of the person who wrote the file, with a short value."""
    if node.id == "mapping":
        return "a mapping"
    if node.id == "sequence":
        return "a list"
    if node.tag == NULL:
        return "empty"
    said = {
        STR: "the text",
        INT: "the number",
        FLOAT: "the number",
        BOOL: "the true/false value",
        TIMESTAMP: "the date",
    }.get(node.tag, "the value")
    value = " ".join(str(node.value).split())
    return f"{said} `{value if len(value) <= 40 else value[:39] + '…'}`"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f": did you mean `{close[0]}`?" if close else ""


class NodeReader:
    """Reads one file's node tree, noting every problem at its line and column.

    The catalogue's checker and the answers file's reader both build on it, so that the same
    fault (an unknown key, a key given twice, a list where text belongs) reads the same.
    """

    def __init__(self, where: str) -> None:
        self.where = where
        self.problems: list[Problem] = []

    def problem(self, node: Node | None, text: str) -> None:
        """A problem at `node` (None: the file as a whole)."""
        line, column = place(node.start_mark) if node is not None else (None, None)
        self.problems.append(Problem(self.where, line, column, text))

    def wrong(self, node: Node, said: str, expected: str, hint: str = "") -> None:
        """The value `said` ("`learn`", "a highlight") is of the wrong kind."""
        self.problem(node, f"{said} must be {expected}, not {kind(node)}{hint}")

    def mapping(
        self, node: Node, allowed: Iterable[str], context: str
    ) -> dict[str, tuple[Node, Node]]:
        """The known keys of a mapping node, with their values; an unknown, repeated or odd
        key is a problem. `context` places a key in a sentence: "in an offering"."""
        allowed = tuple(allowed)
        fields: dict[str, tuple[Node, Node]] = {}
        for key, value in node.value:
            if key.id != "scalar":
                self.problem(key, f"a key must be a plain word, not {kind(key)}")
                continue
            if not key.value:
                self.problem(key, "a key is missing before this `:`")
                continue
            name = key.value
            if name in fields:
                first, _ = place(fields[name][0].start_mark)
                self.problem(key, f"`{name}` is given twice {context} (first on line {first})")
            elif name not in allowed:
                hint = did_you_mean(name, allowed) or f"; the keys are {', '.join(allowed)}"
                self.problem(key, f"unknown key `{name}` {context}{hint}")
            else:
                fields[name] = (key, value)
        return fields


def place(mark: Any) -> tuple[int | None, int | None]:
    """A YAML mark's line and column, counted from 1 as editors do."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (None, None)


def line_of(node: Node) -> int:
    """The line a node starts on, counted from 1."""
    return place(node.start_mark)[0] or 1


def decode(where: str, data: bytes, error: type[FileProblems]) -> str:
    """`data` as text: UTF-8 (a byte-order mark allowed), or the place of the first bad byte."""
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
