"""offerings.yaml -> a validated Catalogue, every problem at its file:line:column.

The file is composed once into YAML nodes (PyYAML's C parser when there is one) and checked
and built in a single pass over those nodes, so a problem can always name the line and
column of the key or value at fault, and all of a file's problems are reported together.
Each offering is checked as soon as it is composed and its nodes dropped, so memory grows with
the offerings kept, not with the YAML tree of the whole file.
Nothing is ever constructed from a YAML tag: object-building tags are refused, and so are
aliases, before anything is expanded.

The checking itself is catalogue_file.py's. A valid catalogue is cached in the folder the
caller names (the commands: `paths.cache_dir()`), keyed by the SHA-256 of the file's bytes (and
ri's version): `ri run` then pays for a hash and a JSON read, not for YAML.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO, TypeVar, cast, overload

from reverse_interview import __version__, records, yamlfile
from reverse_interview.catalogue_file import OFFERING_KEYS, Parsed, parse
from reverse_interview.errors import CatalogueError, Problem, UserError
from reverse_interview.models import (
    CATEGORIES,
    STANDARD_OBSTACLES,
    Arena,
    Catalogue,
    CatalogueIdentity,
    Mode,
    ObstacleKind,
    Offering,
)

# Bump when the cache's layout or the validation rules change: old cache files are then ignored.
CACHE_FORMAT = 6
_T = TypeVar("_T")
CACHE_FILES_KEPT = 16
GIT_TIMEOUT_SECONDS = 5
REVIEW_AGE = dt.timedelta(days=365)


# --- the public API ------------------------------------------------------------------------


def load(path: Path, *, cache: Path | None = None, today: dt.date | None = None) -> Catalogue:
    """The validated catalogue at `path`; with a `cache` folder (the commands pass
    `paths.cache_dir()`), read from there when this exact content was checked before."""
    data = _read(path)
    sha256 = hashlib.sha256(data).hexdigest()
    parsed = _read_cache(cache, sha256, path) if cache is not None else None
    if parsed is not None:
        return _assemble(path, sha256, parsed, today)
    # Checking, caching and assembling make one object per value and no garbage at all.
    with yamlfile.collector_paused():
        parsed = parse(path, data)
        if cache is not None:
            _write_cache(cache, sha256, parsed)
        return _assemble(path, sha256, parsed, today)


def load_ahead(path: Path, *, cache: Path, today: dt.date | None = None) -> Callable[[], Catalogue]:
    """`load`, begun now and finished by the function it returns, so that the caller can set
    itself up meanwhile (`ri run` imports the terminal's libraries and opens the store).

    A catalogue already cached is read at once. One that must be checked (it changed) is
    checked by a child process, on another core where there is one: the child hands back the
    cache file's first line (what the first prompt needs) as soon as the check is done, then
    writes the cache, from which the offerings are read when first looked at. A catalogue with
    problems is checked again here, to say what they are. Without fork (Windows), or with
    other threads running, it is all done at once.
    """
    import threading

    data = _read(path)
    sha256 = hashlib.sha256(data).hexdigest()
    parsed = _read_cache(cache, sha256, path)
    fork = getattr(os, "fork", None)
    if parsed is None and (fork is None or threading.active_count() > 1):
        with yamlfile.collector_paused():
            parsed = parse(path, data)
            _write_cache(cache, sha256, parsed)
    if parsed is not None:
        done = _assemble(path, sha256, parsed, today)
        return lambda: done
    assert fork is not None
    reading, writing = os.pipe()
    child = fork()
    if child == 0:  # the child: check, hand the first line over, cache; never return
        status = 1
        try:
            os.close(reading)
            with yamlfile.collector_paused():
                checked = parse(path, data)
                with os.fdopen(writing, "wb") as pipe:
                    pipe.write(_line(_header(sha256, checked)))
                _write_cache(cache, sha256, checked)
            status = 0
        finally:
            os._exit(status)
    os.close(writing)
    ended: list[int] = []

    def wait() -> None:
        if not ended:
            ended.append(os.waitpid(child, 0)[1])

    def rest() -> BinaryIO:
        wait()  # the cache file is whole once the child has ended
        handle = _cache_file(cache, sha256).open("rb")
        handle.readline()
        return handle

    def finish() -> Catalogue:
        with os.fdopen(reading, "rb") as pipe:
            first = pipe.readline()
        ready = _from_header(json.loads(first), rest, path, sha256) if first else None
        if ready is None:  # problems (or the child failed): checked here, to say what
            wait()
            with yamlfile.collector_paused():
                return _assemble(path, sha256, parse(path, data), today)
        return _assemble(path, sha256, ready, today)

    return finish


def check(
    path: Path,
    *,
    strict: bool = False,
    cache: Path | None = None,
    today: dt.date | None = None,
) -> Catalogue:
    """Validate `path` in full, never from the cache (a `cache` folder is refreshed).

    With `strict`, warnings are problems too.
    """
    data = _read(path)
    sha256 = hashlib.sha256(data).hexdigest()
    with yamlfile.collector_paused():
        parsed = parse(path, data)
        if cache is not None:
            _write_cache(cache, sha256, parsed)
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
    return GitLookup(identity).result()


class GitLookup:
    """`git_identity`, started now and read later: git runs beside whatever ri does meanwhile
    (`ri run` asks it before importing the terminal's libraries and reads it at the first
    question, so that the first prompt never waits for git)."""

    def __init__(self, identity: CatalogueIdentity) -> None:
        import subprocess

        self.identity = identity
        file = Path(identity.path)
        command = ["git", "-C", str(file.parent), "status", "--porcelain=v2", "--branch"]
        env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
        # One git, not two: the header says the commit, the lines after it any change to the
        # file (untracked included).
        self._git: subprocess.Popen[str] | None
        try:
            self._git = subprocess.Popen(
                [*command, "--", file.name],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                env=env,
            )
        except (OSError, subprocess.SubprocessError, ValueError):
            self._git = None
        self._result: CatalogueIdentity | None = None

    def result(self) -> CatalogueIdentity:
        if self._result is None:
            self._result = self._read()
        return self._result

    def _read(self) -> CatalogueIdentity:
        import subprocess

        status: str | None = None
        if self._git is not None:
            try:
                out, _ = self._git.communicate(timeout=GIT_TIMEOUT_SECONDS)
                status = out if self._git.returncode == 0 else None
            except (OSError, subprocess.SubprocessError, ValueError):
                self._git.kill()
                self._git.wait()
        commit: str | None = None
        changed = False
        for line in (status or "").splitlines():
            if line.startswith("# branch.oid "):
                found = line.removeprefix("# branch.oid ").strip()
                commit = found if found != "(initial)" else None
            elif line.strip() and not line.startswith("#"):
                changed = True
        if commit is None:
            return replace(self.identity, git_commit=None, git_dirty=None)
        return replace(self.identity, git_commit=commit, git_dirty=changed)


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


# --- reading ---------------------------------------------------------------------------------


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


# --- from parsed content to a Catalogue ----------------------------------------------------


def _notes(parsed: Parsed, today: dt.date | None) -> list[tuple[int | None, int | None, str]]:
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


def _assemble(path: Path, sha256: str, parsed: Parsed, today: dt.date | None) -> Catalogue:
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


def cache_file(folder: Path, sha256: str) -> Path:
    """Where the checked catalogue with this content is cached (whether or not it is yet)."""
    return _cache_file(folder, sha256)


def _cache_file(folder: Path, sha256: str) -> Path:
    version = re.sub(r"[^A-Za-z0-9.]", "_", __version__)
    return folder / f"catalogue-{version}-f{CACHE_FORMAT}-{sha256}.jsonl"


def _read_cache(folder: Path, sha256: str, path: Path) -> Parsed | None:
    """The cached content for this hash, or None when there is no usable cache file.

    Only the first line (organisation, arenas, modes, counts...) is read now: what the first
    prompt needs. The offerings are read when something first looks at them.
    """
    try:
        handle = _cache_file(folder, sha256).open("rb")
    except OSError:
        return None
    try:
        parsed = _from_header(json.loads(handle.readline()), handle, path, sha256)
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        parsed = None
    if parsed is None:
        handle.close()
    return parsed


def _from_header(
    raw: Any, rest: BinaryIO | Callable[[], BinaryIO], path: Path, sha256: str
) -> Parsed | None:
    """A cache file's content from its first line (None if written otherwise); the rest of
    the file is read from `rest` (or the handle it gives) when first looked at."""
    if raw["format"] != CACHE_FORMAT or raw["ri"] != __version__ or raw["sha256"] != sha256:
        return None
    if raw["offering_fields"] != list(OFFERING_KEYS):
        return None
    later = _CacheRest(rest, raw["count"], path, sha256)
    oldest = raw["oldest_review"]
    return Parsed(
        organisation=raw["organisation"],
        pitch=raw["pitch"],
        arenas=tuple(Arena(i, n) for i, n in raw["arenas"]),
        modes=tuple(Mode(i, n) for i, n in raw["modes"]),
        obstacles=tuple(ObstacleKind(i, n, tuple(w)) for i, n, w in raw["obstacles"]),
        offerings=_CachedOfferings(later, raw["offerable"]),
        notes=tuple((line, col, text) for line, col, text in raw["notes"]),
        reviews=_CachedReviews(later),
        oldest_review=dt.date.fromisoformat(oldest) if oldest else None,
    )


class _CacheRest:
    """The rest of a cache file: where the review dates are, then the offerings, read once.

    The file stays open from its first line on, so a cache pruned or replaced meanwhile (by
    another ri) is still read whole, as it was.
    """

    def __init__(
        self, handle: BinaryIO | Callable[[], BinaryIO], count: int, path: Path, sha256: str
    ) -> None:
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
        try:
            # Tens of thousands of new containers, none of them garbage: the collector waits.
            opened = self._handle() if callable(self._handle) else self._handle
            with opened as handle, yamlfile.collector_paused():
                reviews = tuple((line, col, index) for line, col, index in json.loads(next(handle)))
                read = records.row_reader(Offering)
                offerings = tuple(read(row) for line in handle for row in json.loads(line))
            if len(offerings) != self.count:
                raise ValueError(f"{len(offerings)} offerings, not {self.count}")
            return offerings, reviews
        except (OSError, ValueError, KeyError, TypeError, IndexError, StopIteration):
            pass
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
        parsed = parse(self._path, data)
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


def _write_cache(folder: Path, sha256: str, parsed: Parsed) -> None:
    """Store `parsed` for next time; a cache that cannot be written is simply skipped.

    One line for what every command needs, one for where the review dates are, then the
    offerings a batch to a line: written without holding the whole file in memory.
    """
    offerings = parsed.offerings
    header = _header(sha256, parsed)
    from reverse_interview.output import atomic_file

    target = _cache_file(folder, sha256)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Rebuilt from the catalogue when lost, so not synced to the disk before it is used.
        with atomic_file(target, durable=False) as handle:
            handle.write(_line(header))
            handle.write(_line(parsed.reviews))
            row = records.row_writer(Offering)
            for start in range(0, len(offerings), CACHE_BATCH):
                batch = offerings[start : start + CACHE_BATCH]
                handle.write(_line([row(o) for o in batch]))
        _prune_cache(target.parent)
    except OSError:
        pass


def _line(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def _header(sha256: str, parsed: Parsed) -> dict[str, Any]:
    """A cache file's first line: what every command needs, the offerings counted."""
    offerings = parsed.offerings
    return {
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


def _prune_cache(folder: Path) -> None:
    """Keep the cache small: only the most recently written catalogues stay."""
    files = sorted(folder.glob("catalogue-*.json*"), key=lambda f: f.stat().st_mtime, reverse=True)
    for old in files[CACHE_FILES_KEPT:]:
        old.unlink(missing_ok=True)
