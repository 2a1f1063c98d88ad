"""offerings.yaml's node tree, checked and built into models: every problem at its place.

The file is composed once (yamlfile.compose) and checked in the same pass: each offering as
soon as it is composed, so that memory grows with the offerings kept, not with the YAML tree
of the whole file. Every problem names the line and column of the key or value at fault, and
all of a file's problems are reported together.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reverse_interview import records, yamlfile
from reverse_interview.errors import CatalogueError, Problem
from reverse_interview.models import (
    CATEGORIES,
    SLUG_RE,
    STANDARD_ARENAS,
    STANDARD_MODES,
    STANDARD_OBSTACLES,
    Arena,
    Category,
    Mode,
    ObstacleKind,
    Offering,
)
from reverse_interview.plain_offering import LINK_STARTS, TEXT_FIELDS, PlainReader, offering_of
from reverse_interview.yamlfile import (
    BOOL,
    INT,
    NULL,
    STR,
    TIMESTAMP,
    YAML11_BOOLEANS,
    FlatMapping,
    Item,
    Node,
    NodeReader,
    did_you_mean,
    kind,
    line_of,
    place,
)

TOP_KEYS = ("organisation", "pitch", "arenas", "modes", "obstacles", "offerings")
GROUP_KEYS = ("id", "name")
OBSTACLE_KEYS = ("id", "name", "words")
OFFERING_REQUIRED = records.required_names(Offering)
OFFERING_KEYS = records.field_names(Offering)  # the keys of an offering are its fields


@dataclass(frozen=True)
class Parsed:
    """A valid catalogue's content, with the places its warnings point at: what is cached.

    From a cache, `offerings` and `reviews` are read only when first used (_CachedOfferings).
    """

    organisation: str
    pitch: str | None
    arenas: tuple[Arena, ...]
    modes: tuple[Mode, ...]
    # The catalogue's own obstacle kinds; () for the standard ones, which are not cached: their
    # words are ri's, and may change with it.
    obstacles: tuple[ObstacleKind, ...]
    offerings: Sequence[Offering]
    # Warnings that depend on the content only: (line, column, text).
    notes: tuple[tuple[int | None, int | None, str], ...]
    # Where each dated offering's last_reviewed is: (line, column, index into offerings);
    # whether it is too old depends on the day the catalogue is read.
    reviews: Sequence[tuple[int, int, int]]
    # The oldest last_reviewed of an active offering: no review is too old before a year after.
    oldest_review: dt.date | None


def parse(path: Path, data: bytes, *, quick: bool = True) -> Parsed:
    """Check the whole file, composing it once; the offerings are checked one at a time as
    they are composed, so a large catalogue is never held as a node tree.

    `quick=False` checks every offering through its node tree, even a plain one (the tests
    hold the two ways to the same results)."""
    where = yamlfile.name_of(path)
    checker = _Checker(where, quick=quick)
    parsed = checker.run(data)
    if parsed is None and checker.known is not None:
        # Something is wrong. The offerings were checked before the file's own arenas, modes
        # and obstacle kinds were known (they may come later in the file): read it again
        # knowing them, so that every problem, a wrong reference included, is named.
        checker = _Checker(where, known=checker.known, quick=quick)
        parsed = checker.run(data)
    if checker.problems or parsed is None:
        raise CatalogueError(checker.problems)
    return parsed


class _Checker(NodeReader):
    """One pass over the node tree: builds the models and notes every problem on the way."""

    def __init__(
        self,
        where: str,
        known: dict[str, dict[str, int] | None] | None = None,
        *,
        quick: bool = True,
    ) -> None:
        super().__init__(where)
        # Plain offerings read straight from their values (plain_offering.py), unless `quick`
        # is off.
        self.plain = PlainReader(known) if quick else None
        self.notes: list[tuple[int | None, int | None, str]] = []
        self._constructor: Any = None
        # The ids offerings may name (None: any), when known before the offerings are read;
        # otherwise their names are checked against the Offering objects at the end.
        self.known_before = known
        self.known: dict[str, dict[str, int] | None] | None = None
        self.offerings: list[Offering] = []
        self.reviews: list[tuple[int, int, int]] = []
        self._first_line: dict[str, int] = {}

    def run(self, data: bytes) -> Parsed | None:
        root = yamlfile.compose(
            self.where,
            data,
            CatalogueError,
            holds="a catalogue",
            stream=("offerings", self.offering),
        )
        return self.catalogue(root)

    # -- reporting

    def note(self, node: Node, text: str) -> None:
        self.notes.append((*place(node.start_mark), text))

    # -- the whole file

    def catalogue(self, root: Node | None) -> Parsed | None:
        if root is None:
            self.problems.append(
                Problem(
                    self.where,
                    None,
                    None,
                    "the file is empty: it needs at least organisation and offerings",
                )
            )
            return None
        if root.id != "mapping":
            self.problem(
                root,
                "the catalogue must be a mapping with `organisation` and `offerings`, "
                f"not {kind(root)}",
            )
            return None
        fields = self.mapping(root, TOP_KEYS, "at the top level")
        organisation = self.required_text(root, fields, "organisation", "the catalogue")
        pitch = self.text(fields["pitch"][1], "pitch") if "pitch" in fields else None

        arenas, known_arenas = self.groups(fields.get("arenas"), "arena", STANDARD_ARENAS)
        modes, known_modes = self.groups(fields.get("modes"), "mode", STANDARD_MODES)
        obstacles, known_obstacles = self.groups(
            fields.get("obstacles"), "obstacle", STANDARD_OBSTACLES
        )

        known = {"arena": known_arenas, "mode": known_modes, "obstacle": known_obstacles}
        self.known = known
        offerings = self.offerings
        if "offerings" not in fields:
            self.problem(
                root, "the catalogue has no `offerings` list (it may be empty: `offerings: []`)"
            )
        else:
            key, value = fields["offerings"]
            if value.id != "sequence":
                self.wrong(value, "`offerings`", "a list of offerings")
            elif not getattr(value, "streamed", 0) and not value.value:
                self.note(key, "the catalogue has no offerings: every interview will end in gaps")
            else:
                for item in value.value:  # only when it was not checked as it was composed
                    self.offering(item)

        if self.problems or organisation is None or arenas is None or modes is None:
            return None
        if obstacles is None:
            return None
        if self.known_before is None and not self.references_ok(known):
            return None  # parse reads it again, knowing the lists, to name the faults
        if offerings:
            self.note_empty_arenas(arenas, fields, offerings)
        dates = [o.last_reviewed for o in offerings if o.active and o.last_reviewed]
        return Parsed(
            organisation=organisation,
            pitch=pitch,
            arenas=arenas,
            modes=modes,
            obstacles=() if obstacles is STANDARD_OBSTACLES else obstacles,
            offerings=tuple(offerings),
            notes=tuple(self.notes),
            reviews=tuple(self.reviews),
            oldest_review=min(dates, default=None),
        )

    def references_ok(self, known: dict[str, dict[str, int] | None]) -> bool:
        """Whether every offering names only arenas, modes and obstacle kinds the file has."""
        checks = [
            (ids, field)
            for ids, field in (
                (known["arena"], "arenas"),
                (known["mode"], "modes"),
                (known["obstacle"], "removes"),
            )
            if ids is not None
        ]
        return all(
            name in ids
            for o in self.offerings
            for ids, field in checks
            for name in getattr(o, field)
        )

    def note_empty_arenas(
        self,
        arenas: tuple[Arena, ...],
        fields: dict[str, tuple[Node, Node]],
        offerings: list[Offering],
    ) -> None:
        served = {a for o in offerings if o.active for a in o.arenas}
        # Point at the arena's own entry when the file defines its arenas, else at `offerings`.
        places: dict[str, Node] = {}
        if "arenas" in fields:
            for item in fields["arenas"][1].value:
                for key, value in item.value:
                    if key.value == "id":
                        places.setdefault(value.value, item)
        offerings_key = fields["offerings"][0]
        for arena in arenas:
            if arena.id not in served:
                self.note(
                    places.get(arena.id, offerings_key),
                    f"arena `{arena.id}` has no active offering: it can only ever be a gap",
                )

    # -- mappings and values

    def text(self, node: Node, what: str) -> str | None:
        if node.id == "scalar" and node.tag == NULL:
            self.problem(node, f"`{what}` is empty: give it a value")
            return None
        if node.id != "scalar" or node.tag != STR:
            hint = " (put it in quotes)" if node.id == "scalar" else ""
            self.wrong(node, f"`{what}`", "text", hint)
            return None
        value: str = node.value
        if not value.strip():
            self.problem(node, f"`{what}` is empty")
            return None
        return value

    def required_text(
        self, owner: Node, fields: dict[str, tuple[Node, Node]], name: str, whose: str
    ) -> str | None:
        if name not in fields:
            self.problem(owner, f"{whose} has no `{name}` (required)")
            return None
        return self.text(fields[name][1], name)

    def slug(self, node: Node, what: str) -> str | None:
        value = self.text(node, what)
        if value is not None and not SLUG_RE.match(value):
            self.problem(
                node,
                f"`{value}` is not a valid {what}: use lower-case letters, digits and dashes "
                "(like `cloud-guild`)",
            )
            return None
        return value

    def scalar(self, node: Node, tag: str, what: str, expected: str) -> Any:
        """The value of a plain scalar of `tag`, built by PyYAML's safe constructor; None if bad."""
        if node.id != "scalar" or node.tag != tag:
            hint = ""
            if tag == BOOL and node.id == "scalar" and node.value.lower() in YAML11_BOOLEANS:
                hint = " (yes, no, on and off are text in YAML 1.2: write true or false)"
            self.wrong(node, f"`{what}`", expected, hint)
            return None
        if self._constructor is None:
            from yaml.constructor import SafeConstructor

            self._constructor = SafeConstructor()
        try:
            return self._constructor.yaml_constructors[tag](self._constructor, node)
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError, IndexError):
            self.problem(node, f"`{what}` must be {expected}; `{node.value}` is not")
            return None

    def date(self, node: Node, what: str) -> dt.date | None:
        if node.id == "scalar" and node.tag == STR:
            try:
                return dt.date.fromisoformat(node.value.strip())
            except ValueError:
                self.problem(node, f"`{what}` must be a date like 2026-09-01, not `{node.value}`")
                return None
        value = self.scalar(node, TIMESTAMP, what, "a date like 2026-09-01")
        if isinstance(value, dt.datetime):
            self.problem(node, f"`{what}` must be a date without a time, like 2026-09-01")
            return None
        return value if isinstance(value, dt.date) else None

    def id_list(
        self, node: Node, what: str, known: dict[str, int] | None, owner: str
    ) -> tuple[str, ...] | None:
        """A non-empty list of known ids (`what` is `arena`, `mode` or `obstacle`)."""
        if node.id != "sequence" or not node.value:
            shown = "an empty list" if node.id == "sequence" else kind(node)
            self.problem(node, f"{owner} needs a list of at least one {what} id, not {shown}")
            return None
        ids: list[str] = []
        ok = True
        for item in node.value:
            value = self.slug(item, f"{what} id")
            if value is None:
                ok = False
            elif value in ids:
                self.problem(item, f"{what} `{value}` is listed twice")
                ok = False
            elif known is not None and value not in known:
                listed = ", ".join(known)
                hint = did_you_mean(value, known) or f"; the {what}s are {listed}"
                self.problem(item, f"unknown {what} `{value}` in {owner}{hint}")
                ok = False
            else:
                ids.append(sys.intern(value))  # the same few ids, over and over: kept once
        return tuple(ids) if ok else None

    # -- arenas and modes

    def groups(
        self, field: tuple[Node, Node] | None, what: str, standard: tuple[Any, ...]
    ) -> tuple[tuple[Any, ...] | None, dict[str, int] | None]:
        """The catalogue's own arenas (modes, obstacle kinds), or the standard ones without.

        Also the ids offerings may refer to: every id that was given, even in an entry with
        other faults, so that offerings are not blamed for a fault of the list; None when the
        list itself is unusable, and references cannot be checked at all.
        """
        if field is None:
            return standard, {g.id: 0 for g in standard}
        node = field[1]
        keys = OBSTACLE_KEYS if what == "obstacle" else GROUP_KEYS
        shape = "`id`, `name` and `words`" if what == "obstacle" else "`id` and `name`"
        if node.id != "sequence":
            self.problem(
                node, f"`{what}s` must be a list of {what}s with {shape}, not {kind(node)}"
            )
            return None, None
        if not node.value:
            self.problem(
                node,
                f"`{what}s` is empty: list at least one, or remove it to use the standard {what}s",
            )
            return None, None
        found: list[Any] = []
        first_line: dict[str, int] = {}
        before = len(self.problems)
        for item in node.value:
            if item.id != "mapping":
                self.problem(item, f"each {what} must be a mapping with {shape}, not {kind(item)}")
                continue
            fields = self.mapping(item, keys, f"in {'an' if what[0] in 'aeiou' else 'a'} {what}")
            ident = self.slug(fields["id"][1], f"{what} id") if "id" in fields else None
            if "id" not in fields:
                self.problem(item, f"this {what} has no `id` (required)")
            name = self.required_text(item, fields, "name", f"{what} `{ident or '?'}`")
            said: tuple[str, ...] | None = ()
            if what == "obstacle":
                if "words" in fields:
                    said = self.words(fields["words"][1], "words", "the words that signal it")
                else:
                    self.problem(
                        item,
                        f"obstacle `{ident or '?'}` has no `words` (required): "
                        "how a candidate says it, e.g. [no time, too busy]",
                    )
                    said = None
            if ident is None:
                continue
            if ident in first_line:
                self.problem(
                    fields["id"][1],
                    f"duplicate {what} id `{ident}` (first on line {first_line[ident]})",
                )
                continue
            first_line[ident] = line_of(item)
            if name is None or said is None:
                continue
            if what == "arena":
                found.append(Arena(ident, name))
            elif what == "mode":
                found.append(Mode(ident, name))
            else:
                found.append(ObstacleKind(ident, name, said))
        models = tuple(found) if len(self.problems) == before else None
        return models, first_line

    def words(self, node: Node, what: str, meaning: str) -> tuple[str, ...] | None:
        """A non-empty list of words or phrases (an obstacle's `words`, an offering's `roles`)."""
        if node.id != "sequence":
            self.wrong(node, f"`{what}`", f"a list of {meaning}")
            return None
        if not node.value:
            self.problem(node, f"`{what}` is empty: list at least one, or remove it")
            return None
        found = [self.text(item, what) for item in node.value]
        return (
            tuple(" ".join(w.split()) for w in found if w is not None)
            if None not in found
            else None
        )

    # -- offerings

    def offering(self, item: Item) -> None:
        """Check one item of `offerings` (as soon as it is composed) and keep its Offering."""
        if isinstance(item, FlatMapping):
            read = self.plain.offering(item, self._first_line) if self.plain else None
            if read is not None:
                offering, reviewed = read
                self._first_line[offering.id] = item.start_mark.line + 1
                if reviewed is not None:
                    line, column = place(reviewed)
                    self.reviews.append((line or 1, column or 1, len(self.offerings)))
                self.offerings.append(offering)
                return
            item = item.nodes()  # not plain, or something to say: read in full
        known = self.known_before or {"arena": None, "mode": None, "obstacle": None}
        first_line = self._first_line
        out = self.offerings
        reviews = self.reviews
        if item.id != "mapping":
            self.problem(
                item, f"each offering must be a mapping (id, title, ...), not {kind(item)}"
            )
            return
        fields = self.mapping(item, OFFERING_KEYS, "in an offering")
        ident = self.slug(fields["id"][1], "offering id") if "id" in fields else None
        owner = f"offering `{ident}`" if ident else "this offering"
        before = len(self.problems)
        if ident is not None:
            if ident in first_line:
                self.problem(
                    fields["id"][1],
                    f"duplicate offering id `{ident}` (first on line {first_line[ident]})",
                )
            else:
                first_line[ident] = line_of(item)
        missing = [f"`{name}`" for name in OFFERING_REQUIRED if name not in fields]
        if missing:
            self.problem(item, f"{owner} has no {', '.join(missing)} (required)")
        values: dict[str, Any] = {}
        for name, (_key, value) in fields.items():
            if name in TEXT_FIELDS:
                values[name] = self.text(value, name)
            elif name == "category":
                values[name] = self.category(value)
            elif name == "arenas":
                values[name] = self.id_list(value, "arena", known["arena"], owner)
            elif name == "modes":
                values[name] = self.id_list(value, "mode", known["mode"], owner)
            elif name == "removes":
                values[name] = self.id_list(value, "obstacle", known["obstacle"], owner)
            elif name == "roles":
                values[name] = self.words(value, name, "role words, like [nurse, midwife]")
            elif name == "tags":
                values[name] = self.tags(value)
            elif name == "capacity":
                values[name] = self.capacity(value)
            elif name == "last_reviewed":
                values[name] = self.date(value, name)
            elif name == "active":
                values[name] = self.scalar(value, BOOL, name, "true or false")
        if "link" in values and values["link"] is not None:
            self.check_link(fields["link"][1], values["link"])
        if len(self.problems) > before or ident is None:
            return
        offering = offering_of(ident, values)
        # A full offering that says when it opens again is deliberate: nothing to warn.
        if offering.capacity == 0 and offering.active and offering.availability is None:
            self.note(
                fields["capacity"][1],
                f"offering `{ident}` has capacity 0: it is full and will not be offered "
                "(say when it opens again in `availability`)",
            )
        if offering.last_reviewed is not None:
            line, column = place(fields["last_reviewed"][1].start_mark)
            reviews.append((line or 1, column or 1, len(out)))
        out.append(offering)

    def category(self, node: Node) -> Category | None:
        value = self.text(node, "category")
        if value is None:
            return None
        for category in CATEGORIES:
            if value == category:
                return category
        hint = did_you_mean(value, CATEGORIES)
        self.problem(
            node, f"`category` must be people, resources or opportunities, not `{value}`{hint}"
        )
        return None

    def tags(self, node: Node) -> tuple[str, ...] | None:
        if node.id != "sequence":
            self.wrong(node, "`tags`", "a list of words")
            return None
        tags = [self.text(item, "tags") for item in node.value]
        if None in tags:
            return None
        return tuple(sys.intern(t) for t in tags if t is not None)

    def capacity(self, node: Node) -> int | None:
        value = self.scalar(node, INT, "capacity", "a whole number of places (0 or more)")
        if isinstance(value, int) and value < 0:
            self.problem(node, f"`capacity` must be 0 or more, not {value}")
            return None
        return value if isinstance(value, int) else None

    def check_link(self, node: Node, link: str) -> None:
        if not link.startswith(LINK_STARTS):
            self.note(node, f"link `{link}` does not start with https://, http:// or mailto:")
