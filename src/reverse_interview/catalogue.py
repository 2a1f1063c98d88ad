"""offerings.yaml -> a validated Catalogue, every problem at its file:line:column.

The file is composed once into YAML nodes (PyYAML's C parser when there is one) and checked
and built in a single pass over those nodes, so a problem can always name the line and
column of the key or value at fault, and all of a file's problems are reported together.
Each offering is checked as soon as it is composed and its nodes dropped, so memory grows with
the offerings kept, not with the YAML tree of the whole file.
Nothing is ever constructed from a YAML tag: object-building tags are refused, and so are
aliases, before anything is expanded.

A valid catalogue is cached as JSON under `paths.cache_dir()`, keyed by the SHA-256 of the
file's bytes (and ri's version): `ri run` then pays for a hash and a JSON read, not for YAML.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO, TypeVar, cast, overload

from reverse_interview import __version__, paths, records, yamlfile
from reverse_interview.errors import CatalogueError, Problem, UserError
from reverse_interview.models import (
    CATEGORIES,
    SLUG_RE,
    STANDARD_ARENAS,
    STANDARD_MODES,
    STANDARD_OBSTACLES,
    Arena,
    Catalogue,
    CatalogueIdentity,
    Category,
    Mode,
    ObstacleKind,
    Offering,
)
from reverse_interview.yamlfile import (
    BOOL,
    INT,
    NULL,
    STR,
    TIMESTAMP,
    YAML11_BOOLEANS,
    Node,
    NodeReader,
    did_you_mean,
    kind,
    line_of,
    place,
)

# Bump when the cache's layout or the validation rules change: old cache files are then ignored.
CACHE_FORMAT = 6
_T = TypeVar("_T")
CACHE_FILES_KEPT = 16
GIT_TIMEOUT_SECONDS = 5
REVIEW_AGE = dt.timedelta(days=365)

TOP_KEYS = ("organisation", "pitch", "arenas", "modes", "obstacles", "offerings")
GROUP_KEYS = ("id", "name")
OBSTACLE_KEYS = ("id", "name", "words")
OFFERING_REQUIRED = records.required_names(Offering)
OFFERING_KEYS = records.field_names(Offering)  # the keys of an offering are its fields
TEXT_FIELDS = ("title", "summary", "contact", "link", "owner", "availability", "eligibility")


# --- the public API ------------------------------------------------------------------------


def load(path: Path, *, today: dt.date | None = None) -> Catalogue:
    """The validated catalogue at `path`, from the cache when this exact content was seen."""
    data = _read(path)
    sha256 = hashlib.sha256(data).hexdigest()
    parsed = _read_cache(sha256, path)
    if parsed is None:
        parsed = _parse(path, data)
        _write_cache(sha256, parsed)
    return _assemble(path, sha256, parsed, today)


def check(path: Path, *, strict: bool = False, today: dt.date | None = None) -> Catalogue:
    """Validate `path` in full, ignoring the cache (then refresh it).

    With `strict`, warnings are problems too.
    """
    data = _read(path)
    sha256 = hashlib.sha256(data).hexdigest()
    parsed = _parse(path, data)
    _write_cache(sha256, parsed)
    if strict:
        notes = _notes(parsed, today)
        if notes:
            raise CatalogueError(
                [
                    Problem(yamlfile.name_of(path), line, column, f"{text} (--strict)")
                    for line, column, text in notes
                ]
            )
    return _assemble(path, sha256, parsed, today)


def git_identity(identity: CatalogueIdentity) -> CatalogueIdentity:
    """`identity` with the HEAD commit of the git repository holding the file, and whether
    the file has uncommitted changes; both None outside a repository or without git."""
    import subprocess

    file = Path(identity.path)
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", "-C", str(file.parent), *args],
                capture_output=True,
                text=True,
                timeout=GIT_TIMEOUT_SECONDS,
                env=env,
                check=False,
            )
        except (OSError, subprocess.SubprocessError, ValueError):
            return None
        return done.stdout if done.returncode == 0 else None

    # One git, not two, in front of the first prompt: the header says the commit, the
    # lines after it any change to the file (untracked included).
    status = git("status", "--porcelain=v2", "--branch", "--", file.name)
    commit: str | None = None
    changed = False
    for line in (status or "").splitlines():
        if line.startswith("# branch.oid "):
            found = line.removeprefix("# branch.oid ").strip()
            commit = found if found != "(initial)" else None
        elif line.strip() and not line.startswith("#"):
            changed = True
    if commit is None:
        return replace(identity, git_commit=None, git_dirty=None)
    return replace(identity, git_commit=commit, git_dirty=changed)


def select(
    catalogue: Catalogue,
    *,
    arena: str | None = None,
    mode: str | None = None,
    category: str | None = None,
) -> tuple[Offering, ...]:
    """The active offerings, in catalogue order, in `arena`, with `mode`, of `category`."""
    if arena is not None and catalogue.arena(arena) is None:
        known = ", ".join(a.id for a in catalogue.arenas)
        raise UserError(f"unknown arena `{arena}`: the catalogue's arenas are {known}")
    if mode is not None and catalogue.mode(mode) is None:
        known = ", ".join(m.id for m in catalogue.modes)
        raise UserError(f"unknown mode `{mode}`: the catalogue's modes are {known}")
    if category is not None and category not in CATEGORIES:
        raise UserError(f"unknown category `{category}`: use {', '.join(CATEGORIES)}")
    return tuple(
        o
        for o in catalogue.offerings
        if o.active
        and (arena is None or arena in o.arenas)
        and (mode is None or mode in o.modes)
        and (category is None or o.category == category)
    )


def summary_line(path: Path, catalogue: Catalogue) -> str:
    """One line for `ri offerings check`: what the catalogue holds, and how many warnings."""
    total = len(catalogue.offerings)
    active = sum(1 for o in catalogue.offerings if o.active)
    return (
        f"{yamlfile.name_of(path)}: ok — {catalogue.organisation}, {_count(total, 'offering')} "
        f"({active} active, {total - active} inactive), {_count(len(catalogue.arenas), 'arena')}, "
        f"{_count(len(catalogue.modes), 'mode')}, {_count(len(catalogue.warnings), 'warning')}"
    )


def json_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of offerings.yaml, for editors' completion and checks."""
    slug = {
        "type": "string",
        "pattern": SLUG_RE.pattern,
        "description": "Lower-case letters, digits and single dashes, e.g. cloud-guild.",
    }
    text = {"type": "string", "minLength": 1}
    ids = {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/slug"}}

    def group(what: str) -> dict[str, Any]:
        return {
            "type": "array",
            "minItems": 1,
            "description": f"Replaces the standard {what}s when present.",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "name"],
                "properties": {"id": {"$ref": "#/$defs/slug"}, "name": text},
            },
        }

    offering = {
        "type": "object",
        "additionalProperties": False,
        "required": list(OFFERING_REQUIRED),
        "properties": {
            "id": {"$ref": "#/$defs/slug"},
            "title": text,
            "category": {"enum": list(CATEGORIES)},
            "arenas": {**ids, "description": "Arena ids this offering serves."},
            "modes": {**ids, "description": "Mode ids: how a person grows with it."},
            "summary": {**text, "description": "One sentence the interviewer can say."},
            "tags": {"type": "array", "items": text, "description": "Keywords for matching."},
            "contact": text,
            "link": {**text, "description": "An http(s) or mailto link."},
            "owner": {**text, "description": "Who keeps this promise."},
            "capacity": {
                "type": "integer",
                "minimum": 0,
                "description": "Places open now; 0 means full, never offered.",
            },
            "availability": {**text, "description": "Free text said with the offering."},
            "last_reviewed": {
                "type": "string",
                "format": "date",
                "description": "When its owner last confirmed it (YYYY-MM-DD).",
            },
            "active": {"type": "boolean", "default": True},
            "removes": {
                **ids,
                "description": "Obstacle kind ids this offering takes away (time, cost...).",
            },
            "roles": {
                "type": "array",
                "minItems": 1,
                "items": text,
                "description": "Only for a candidate whose role names one of these words.",
            },
            "eligibility": {**text, "description": "Who it is for, said with the offering."},
        },
    }
    obstacles = {
        "type": "array",
        "minItems": 1,
        "description": "Replaces the standard obstacle kinds when present.",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "name", "words"],
            "properties": {
                "id": {"$ref": "#/$defs/slug"},
                "name": text,
                "words": {
                    "type": "array",
                    "minItems": 1,
                    "items": text,
                    "description": "How a candidate says it: words or phrases.",
                },
            },
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "ri catalogue (offerings.yaml)",
        "description": "What the organisation offers for its people's growth.",
        "type": "object",
        "additionalProperties": False,
        "required": ["organisation", "offerings"],
        "properties": {
            "organisation": text,
            "pitch": {**text, "description": "Replaces the default step-1 script."},
            "arenas": group("arena"),
            "modes": group("mode"),
            "obstacles": obstacles,
            "offerings": {"type": "array", "items": {"$ref": "#/$defs/offering"}},
        },
        "$defs": {"slug": slug, "offering": offering},
    }


# --- reading and parsing -------------------------------------------------------------------


@dataclass(frozen=True)
class _Parsed:
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


# Room for 100,000 offerings of about 2 kB each; stated in the README.
CATALOGUE_LIMIT_MB = 200


def _read(path: Path) -> bytes:
    return yamlfile.read_bytes(
        path,
        CatalogueError,
        what="a catalogue file",
        missing=(
            "give the catalogue's path (--catalogue or RI_CATALOGUE), "
            "or start one with: ri offerings init"
        ),
        limit_mb=CATALOGUE_LIMIT_MB,
    )


def _parse(path: Path, data: bytes) -> _Parsed:
    """Check the whole file, composing it once; the offerings are checked one at a time as
    they are composed, so a large catalogue is never held as a node tree."""
    where = yamlfile.name_of(path)
    checker = _Checker(where)
    parsed = checker.run(data)
    if parsed is None and checker.known is not None:
        # Something is wrong. The offerings were checked before the file's own arenas, modes
        # and obstacle kinds were known (they may come later in the file): read it again
        # knowing them, so that every problem, a wrong reference included, is named.
        checker = _Checker(where, known=checker.known)
        parsed = checker.run(data)
    if checker.problems or parsed is None:
        raise CatalogueError(checker.problems)
    return parsed


class _Checker(NodeReader):
    """One pass over the node tree: builds the models and notes every problem on the way."""

    def __init__(self, where: str, known: dict[str, dict[str, int] | None] | None = None) -> None:
        super().__init__(where)
        self.notes: list[tuple[int | None, int | None, str]] = []
        self._constructor: Any = None
        # The ids offerings may name (None: any), when known before the offerings are read;
        # otherwise their names are checked against the Offering objects at the end.
        self.known_before = known
        self.known: dict[str, dict[str, int] | None] | None = None
        self.offerings: list[Offering] = []
        self.reviews: list[tuple[int, int, int]] = []
        self._first_line: dict[str, int] = {}

    def run(self, data: bytes) -> _Parsed | None:
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

    def catalogue(self, root: Node | None) -> _Parsed | None:
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
            return None  # _parse reads it again, knowing the lists, to name the faults
        if offerings:
            self.note_empty_arenas(arenas, fields, offerings)
        dates = [o.last_reviewed for o in offerings if o.active and o.last_reviewed]
        return _Parsed(
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

    def offering(self, item: Node) -> None:
        """Check one item of `offerings` (as soon as it is composed) and keep its Offering."""
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
        offering = Offering(
            id=ident,
            title=values["title"],
            category=values["category"],
            arenas=values["arenas"],
            modes=values["modes"],
            summary=values["summary"],
            tags=values.get("tags", ()),
            contact=values.get("contact"),
            link=values.get("link"),
            owner=values.get("owner"),
            capacity=values.get("capacity"),
            availability=values.get("availability"),
            last_reviewed=values.get("last_reviewed"),
            active=values.get("active", True),
            removes=values.get("removes", ()),
            roles=values.get("roles", ()),
            eligibility=values.get("eligibility"),
        )
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
        if not link.startswith(("https://", "http://", "mailto:")):
            self.note(node, f"link `{link}` does not start with https://, http:// or mailto:")


# --- from parsed content to a Catalogue ----------------------------------------------------


def _notes(parsed: _Parsed, today: dt.date | None) -> list[tuple[int | None, int | None, str]]:
    """Every warning of the catalogue as read on `today`, in line order."""
    today = today or dt.date.today()
    notes = list(parsed.notes)
    if parsed.oldest_review is None or today - parsed.oldest_review <= REVIEW_AGE:
        reviews: Sequence[tuple[int, int, int]] = ()  # none too old: the offerings stay unread
    else:
        reviews = parsed.reviews
    for line, column, index in reviews:
        offering = parsed.offerings[index]
        reviewed = offering.last_reviewed
        if reviewed is not None and offering.active and today - reviewed > REVIEW_AGE:
            notes.append(
                (
                    line,
                    column,
                    f"offering `{offering.id}` was last reviewed on {reviewed.isoformat()}, "
                    "more than a year ago: check it still holds",
                )
            )
    notes.sort(key=lambda n: (n[0] or 0, n[1] or 0))
    return notes


def _absolute(path: Path) -> str:
    return yamlfile.name_of(path) if str(path) == yamlfile.STDIN else str(Path(path).resolve())


def _assemble(path: Path, sha256: str, parsed: _Parsed, today: dt.date | None) -> Catalogue:
    where = yamlfile.name_of(path)
    return Catalogue(
        organisation=parsed.organisation,
        pitch=parsed.pitch,
        arenas=parsed.arenas,
        modes=parsed.modes,
        obstacles=parsed.obstacles or STANDARD_OBSTACLES,
        offerings=cast("tuple[Offering, ...]", parsed.offerings),
        identity=CatalogueIdentity(path=_absolute(path), sha256=sha256),
        warnings=tuple(
            str(Problem(where, line, col, text)) for line, col, text in _notes(parsed, today)
        ),
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# --- the cache -----------------------------------------------------------------------------
# A JSON file per content hash; offerings are stored as flat lists, in Offering's field order
# (named once in the file's header, so a cache written with other fields is ignored), so that
# reading 10,000 of them back is a plain loop.


def cache_file(sha256: str) -> Path:
    """Where the checked catalogue with this content is cached (whether or not it is yet)."""
    return _cache_file(sha256)


def _cache_file(sha256: str) -> Path:
    version = re.sub(r"[^A-Za-z0-9.]", "_", __version__)
    return paths.cache_dir() / f"catalogue-{version}-f{CACHE_FORMAT}-{sha256}.jsonl"


def _read_cache(sha256: str, path: Path) -> _Parsed | None:
    """The cached content for this hash, or None when there is no usable cache file.

    Only the first line (organisation, arenas, modes, counts...) is read now: what the first
    prompt needs. The offerings are read when something first looks at them.
    """
    try:
        handle = _cache_file(sha256).open("rb")
    except OSError:
        return None
    try:
        raw = json.loads(handle.readline())
        if raw["format"] != CACHE_FORMAT or raw["ri"] != __version__ or raw["sha256"] != sha256:
            handle.close()
            return None
        if raw["offering_fields"] != list(OFFERING_KEYS):
            handle.close()
            return None
        rest = _CacheRest(handle, raw["count"], path, sha256)
        oldest = raw["oldest_review"]
        return _Parsed(
            organisation=raw["organisation"],
            pitch=raw["pitch"],
            arenas=tuple(Arena(i, n) for i, n in raw["arenas"]),
            modes=tuple(Mode(i, n) for i, n in raw["modes"]),
            obstacles=tuple(ObstacleKind(i, n, tuple(w)) for i, n, w in raw["obstacles"]),
            offerings=_CachedOfferings(rest, raw["offerable"]),
            notes=tuple((line, col, text) for line, col, text in raw["notes"]),
            reviews=_CachedReviews(rest),
            oldest_review=dt.date.fromisoformat(oldest) if oldest else None,
        )
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        handle.close()
        return None


class _CacheRest:
    """The rest of a cache file: where the review dates are, then the offerings, read once.

    The file stays open from its first line on, so a cache pruned or replaced meanwhile (by
    another ri) is still read whole, as it was.
    """

    def __init__(self, handle: BinaryIO, count: int, path: Path, sha256: str) -> None:
        import threading

        self.count = count
        self._path = path  # the catalogue itself, read again if this file proves damaged
        self._sha256 = sha256
        self._handle = handle
        self._lock = threading.Lock()  # `ri run` may read it ahead, in the background
        self._read: tuple[tuple[Offering, ...], tuple[tuple[int, int, int], ...]] | None = None

    def get(self) -> tuple[tuple[Offering, ...], tuple[tuple[int, int, int], ...]]:
        with self._lock:
            if self._read is None:
                self._read = self._read_rest()
            return self._read

    def _read_rest(self) -> tuple[tuple[Offering, ...], tuple[tuple[int, int, int], ...]]:
        # Tens of thousands of new containers would set off the cyclic garbage collector over
        # and over, for nothing: none of them can be garbage yet.
        collecting = gc.isenabled()
        gc.disable()
        try:
            with self._handle as handle:
                reviews = tuple((line, col, index) for line, col, index in json.loads(next(handle)))
                read = records.row_reader(Offering)
                offerings = tuple(read(row) for line in handle for row in json.loads(line))
            if len(offerings) != self.count:
                raise ValueError(f"{len(offerings)} offerings, not {self.count}")
            return offerings, reviews
        except (OSError, ValueError, KeyError, TypeError, IndexError, StopIteration):
            pass
        finally:
            if collecting:
                gc.enable()
        # Damaged on disk after its first line was read: the catalogue itself, if unchanged.
        data = _read(self._path)
        if hashlib.sha256(data).hexdigest() != self._sha256:
            raise CatalogueError(
                [
                    Problem(
                        yamlfile.name_of(self._path),
                        None,
                        None,
                        "changed while ri was reading it, and its cached copy is damaged: "
                        "start again",
                    )
                ]
            )
        parsed = _parse(self._path, data)
        return tuple(parsed.offerings), tuple(parsed.reviews)


class _CachedSequence(Sequence[_T]):
    """A tuple-like view of one part of a cache file, read on first use."""

    def __init__(self, rest: _CacheRest, length: int) -> None:
        self._rest = rest
        self._length = length

    def _items(self) -> tuple[_T, ...]:
        raise NotImplementedError

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> _T: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[_T, ...]: ...
    def __getitem__(self, index: int | slice) -> _T | tuple[_T, ...]:
        return self._items()[index]

    def __iter__(self) -> Iterator[_T]:
        return iter(self._items())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return self._items() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._items())

    def __repr__(self) -> str:
        return repr(self._items())


class _CachedOfferings(_CachedSequence[Offering]):
    """The offerings of a cached catalogue; how many are offerable is known without them."""

    def __init__(self, rest: _CacheRest, offerable: int) -> None:
        super().__init__(rest, rest.count)
        self.offerable_count = offerable

    def _items(self) -> tuple[Offering, ...]:
        return self._rest.get()[0]


class _CachedReviews(_CachedSequence[tuple[int, int, int]]):
    def __init__(self, rest: _CacheRest) -> None:
        super().__init__(rest, -1)

    def __len__(self) -> int:
        return len(self._items())

    def _items(self) -> tuple[tuple[int, int, int], ...]:
        return self._rest.get()[1]


# Offerings per line of a cache file: the file is written and read a batch at a time.
CACHE_BATCH = 2000


def _write_cache(sha256: str, parsed: _Parsed) -> None:
    """Store `parsed` for next time; a cache that cannot be written is simply skipped.

    One line for what every command needs, one for where the review dates are, then the
    offerings a batch to a line: written without holding the whole file in memory.
    """
    offerings = parsed.offerings
    header = {
        "format": CACHE_FORMAT,
        "ri": __version__,
        "sha256": sha256,
        "organisation": parsed.organisation,
        "pitch": parsed.pitch,
        "arenas": [[a.id, a.name] for a in parsed.arenas],
        "modes": [[m.id, m.name] for m in parsed.modes],
        "obstacles": [[k.id, k.name, k.words] for k in parsed.obstacles],
        "offering_fields": OFFERING_KEYS,
        "notes": parsed.notes,
        "count": len(offerings),
        "offerable": sum(1 for o in offerings if o.offerable),
        "oldest_review": parsed.oldest_review.isoformat() if parsed.oldest_review else None,
    }
    import tempfile

    def line(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"

    target = _cache_file(sha256)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".catalogue-", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(line(header))
                handle.write(line(parsed.reviews))
                for start in range(0, len(offerings), CACHE_BATCH):
                    batch = offerings[start : start + CACHE_BATCH]
                    handle.write(line([records.as_row(o) for o in batch]))
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _prune_cache(target.parent)
    except OSError:
        pass


def _prune_cache(folder: Path) -> None:
    """Keep the cache small: only the most recently written catalogues stay."""
    files = sorted(folder.glob("catalogue-*.json*"), key=lambda f: f.stat().st_mtime, reverse=True)
    for old in files[CACHE_FILES_KEPT:]:
        old.unlink(missing_ok=True)
