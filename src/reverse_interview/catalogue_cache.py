"""The cache of checked catalogues: a file per content, read back without YAML.

A JSON-lines file per content hash (SHA-256 of the file's bytes, and ri's version). Its first
line is what every command needs (organisation, arenas, modes, counts...); then where the
review dates are; then the offerings, a batch to a line, as flat lists in Offering's field
order (named once in the first line, so that a cache written with other fields is ignored),
read only when something first looks at them. Beside it, once `ri run` has built step 5's
index, its snapshot (snapshot.py) gives the offerings and the index back faster still.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO, TypeVar, overload

from reverse_interview import __version__, records, snapshot, yamlfile
from reverse_interview.catalogue_file import OFFERING_KEYS, Parsed, parse
from reverse_interview.errors import CatalogueError, Problem
from reverse_interview.models import Arena, Mode, ObstacleKind, Offering

# Bump when the cache's layout or the validation rules change: old cache files are then ignored.
CACHE_FORMAT = 6
CACHE_FILES_KEPT = 16
_T = TypeVar("_T")


def cache_file(folder: Path, sha256: str) -> Path:
    """Where the checked catalogue with this content is cached (whether or not it is yet)."""
    version = re.sub(r"[^A-Za-z0-9.]", "_", __version__)
    return folder / f"catalogue-{version}-f{CACHE_FORMAT}-{sha256}.jsonl"


def read(folder: Path, sha256: str, path: Path, reread: Callable[[Path], bytes]) -> Parsed | None:
    """The cached content for this hash, or None when there is no usable cache file.

    Only the first line (organisation, arenas, modes, counts...) is read now: what the first
    prompt needs. The offerings are read when something first looks at them.
    """
    try:
        handle = cache_file(folder, sha256).open("rb")
    except OSError:
        return None
    try:
        raw = json.loads(handle.readline())
        parsed = from_header(raw, handle, path, sha256, cache_file(folder, sha256), reread)
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        parsed = None
    if parsed is None:
        handle.close()
    return parsed


def from_header(
    raw: Any,
    rest: BinaryIO | Callable[[], BinaryIO],
    path: Path,
    sha256: str,
    cached: Path,
    reread: Callable[[Path], bytes],
) -> Parsed | None:
    """A cache file's content from its first line (None if written otherwise); the rest of
    the file (`cached`) is read from `rest` (or the handle it gives) when first looked at,
    or, should it prove damaged, the catalogue at `path` again (`reread` reads its bytes)."""
    if raw["format"] != CACHE_FORMAT or raw["ri"] != __version__ or raw["sha256"] != sha256:
        return None
    if raw["offering_fields"] != list(OFFERING_KEYS):
        return None
    later = _CacheRest(rest, raw["count"], path, sha256, snapshot.snapshot_file(cached), reread)
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
    """The rest of a cache file: where the review dates are, then the offerings, read once;
    from its snapshot (snapshot.py) when there is one, with the matching index.

    The file stays open from its first line on, so a cache pruned or replaced meanwhile (by
    another ri) is still read whole, as it was.
    """

    def __init__(
        self,
        handle: BinaryIO | Callable[[], BinaryIO],
        count: int,
        path: Path,
        sha256: str,
        ready: Path,
        reread: Callable[[Path], bytes],
    ) -> None:
        import threading

        self.count = count
        self._path = path  # the catalogue itself, read again if this file proves damaged
        self._sha256 = sha256
        self._handle = handle
        self._lock = threading.Lock()  # `ri run` may read it ahead, in the background
        self._read: tuple[Sequence[Offering], tuple[tuple[int, int, int], ...]] | None = None
        self._ready = ready
        self._reread = reread
        self._snapshot: snapshot.Snapshot | None = None

    def get(self) -> tuple[Sequence[Offering], tuple[tuple[int, int, int], ...]]:
        with self._lock:
            if self._read is None:
                self._snapshot = snapshot.Snapshot.open(self._ready, self._sha256)
                self._read = self._from_snapshot() or self._read_rest()
            return self._read

    def _from_snapshot(
        self,
    ) -> tuple[Sequence[Offering], tuple[tuple[int, int, int], ...]] | None:
        kept = self._snapshot
        reviews = kept.piece("offerings", 0) if kept is not None else None
        if kept is not None and isinstance(reviews, (list, tuple)):
            try:
                offerings = snapshot.KeptOfferings(
                    kept, "offerings", self.count, lambda: self._read_rest()[0]
                )
                return offerings, tuple((line, col, index) for line, col, index in reviews)
            except (ValueError, TypeError):
                pass
        self._snapshot = None  # not this catalogue's, or damaged: its other parts neither
        return None

    def stored(self, part: str) -> Any | None:
        """A part of the snapshot the offerings were read from (None: not there, or the
        offerings were read from the cache file)."""
        self.get()
        return self._snapshot.part(part) if self._snapshot else None

    def keep(self, parts: dict[str, Any]) -> None:
        """Write a snapshot of the offerings and `parts`, for the next ri to read at once
        (in place of one found damaged: the one being read stays open meanwhile)."""
        offerings, reviews = self.get()
        kept = {"offerings": [reviews, *snapshot.offering_pieces(offerings)], **parts}
        snapshot.write(self._ready, self._sha256, kept)

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
        data = self._reread(self._path)
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

    def _items(self) -> Sequence[_T]:
        raise NotImplementedError

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> _T: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[_T]: ...
    def __getitem__(self, index: int | slice) -> _T | Sequence[_T]:
        return self._items()[index]

    def __iter__(self) -> Iterator[_T]:
        return iter(self._items())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return tuple(self._items()) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self._items()))

    def __repr__(self) -> str:
        return repr(tuple(self._items()))


class _CachedOfferings(_CachedSequence[Offering]):
    """The offerings of a cached catalogue; how many are offerable is known without them."""

    def __init__(self, rest: _CacheRest, offerable: int) -> None:
        super().__init__(rest, rest.count)
        self.offerable_count = offerable

    def _items(self) -> Sequence[Offering]:
        return self._rest.get()[0]

    def column(self, name: str) -> list[Any] | None:
        """One field of every offering, without making them, when they come from a snapshot
        (None otherwise: then they are made already)."""
        items = self._items()
        return items.column(name) if isinstance(items, snapshot.KeptOfferings) else None

    def stored_index(self, part: str) -> Any | None:
        """A part of the matching index kept with these offerings (None when there is none:
        the index is then built, and can be kept with `keep_index`)."""
        return self._rest.stored(part)

    def keep_index(self, parts: dict[str, Any]) -> None:
        self._rest.keep(parts)

    def read_all(self) -> None:
        """Read every offering ahead (those of a snapshot are otherwise read when needed)."""
        items = self._items()
        if isinstance(items, snapshot.KeptOfferings):
            items.read_all()


class _CachedReviews(_CachedSequence[tuple[int, int, int]]):
    def __init__(self, rest: _CacheRest) -> None:
        super().__init__(rest, -1)

    def __len__(self) -> int:
        return len(self._items())

    def _items(self) -> tuple[tuple[int, int, int], ...]:
        return self._rest.get()[1]


# Offerings per line of a cache file: the file is written and read a batch at a time.
CACHE_BATCH = 2000


def write(folder: Path, sha256: str, parsed: Parsed) -> None:
    """Store `parsed` for next time; a cache that cannot be written is simply skipped.

    One line for what every command needs, one for where the review dates are, then the
    offerings a batch to a line: written without holding the whole file in memory.
    """
    offerings = parsed.offerings
    header = _header(sha256, parsed)
    from reverse_interview.output import atomic_file

    target = cache_file(folder, sha256)
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
        _prune(target.parent)
    except OSError:
        pass


def first_line(sha256: str, parsed: Parsed) -> bytes:
    """A cache file's first line, for this content: what every command needs."""
    return _line(_header(sha256, parsed))


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


def _prune(folder: Path) -> None:
    """Keep the cache small: only the most recently written catalogues stay."""
    files = sorted(folder.glob("catalogue-*.json*"), key=lambda f: f.stat().st_mtime, reverse=True)
    for old in files[CACHE_FILES_KEPT:]:
        old.unlink(missing_ok=True)
    snapshot.remove_unkept(folder)
