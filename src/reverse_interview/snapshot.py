"""A cached catalogue's offerings and matching index, kept ready to be read back at once.

The first `ri run` on a catalogue builds step 5's index in the background (index.prepare) from
the cache file's offerings. It then writes them both here, next to that cache file, in
marshal's format, which Python reads back at C speed: at 100,000 offerings, a few tenths of a
second instead of two seconds of JSON, objects and indexing. So a step 5 reached soon after
`ri run --resume` opens as quickly with a large catalogue as with a small one.

A snapshot has parts, each read only when first needed: the offerings (any command that reads
them), the index that matching needs (step 5) and the highlight search's (its first key). Its
first line says which ri, which Python and which catalogue wrote it, and each part's length
and digest; a part is read back only when its bytes match that digest. A snapshot that is
missing, damaged, or written by another ri or Python is passed over, and the work done again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import marshal
import os
import sys
import threading
import zlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, cast, overload

from reverse_interview import __version__, records, yamlfile
from reverse_interview.models import Offering

# Bump when what a part holds changes: snapshots written before are then passed over.
SNAPSHOT_FORMAT = 1
SUFFIX = ".ready"
# Written by this Python only: marshal's format may change between its versions.
_PYTHON = f"{sys.implementation.cache_tag}-{marshal.version}"


def snapshot_file(cache_file: Path) -> Path:
    """Where the snapshot of the catalogue cached in `cache_file` is kept."""
    return cache_file.with_suffix(SUFFIX)


def _digest(data: bytes) -> int:
    """A check that the bytes read back are the bytes written (a damaged disk, a file
    changed by hand): CRC-32, which costs a hundredth of reading them."""
    return zlib.crc32(data)


def write(target: Path, sha256: str, parts: dict[str, list[Any]]) -> None:
    """Keep `parts`, each a list of pieces of plain values that marshal can write, for the
    catalogue with this SHA-256; a snapshot that cannot be written is simply not kept."""
    from reverse_interview.output import atomic_file

    try:
        blobs = {name: [marshal.dumps(piece) for piece in pieces] for name, pieces in parts.items()}
        header = {
            "format": SNAPSHOT_FORMAT,
            "ri": __version__,
            "python": _PYTHON,
            "sha256": sha256,
            "parts": {
                name: [[len(blob), _digest(blob)] for blob in pieces]
                for name, pieces in blobs.items()
            },
        }
        # Rebuilt when lost, so not synced to the disk before it is used.
        with atomic_file(target, durable=False) as handle:
            handle.write(json.dumps(header).encode() + b"\n")
            for pieces in blobs.values():
                for blob in pieces:
                    handle.write(blob)
    except (OSError, ValueError):
        pass


class Snapshot:
    """An open snapshot file; its parts are read when asked for, each once."""

    def __init__(self, handle: Any, header: dict[str, Any], start: int, path: Path) -> None:
        self._handle = handle
        self._path = path
        self._lock = threading.Lock()  # `ri run` reads ahead in the background
        self._where: dict[str, list[tuple[int, int, int]]] = {}
        at = start
        for name, pieces in header["parts"].items():
            self._where[name] = []
            for length, digest in pieces:
                self._where[name].append((at, int(length), int(digest)))
                at += int(length)

    @classmethod
    def open(cls, path: Path, sha256: str) -> Snapshot | None:
        """The snapshot at `path` if it is one of this catalogue's by this ri and Python."""
        try:
            handle = path.open("rb")
        except OSError:
            return None
        try:
            first = handle.readline(1024 * 1024)
            header = json.loads(first)
            expected = (SNAPSHOT_FORMAT, __version__, _PYTHON, sha256)
            said = (header["format"], header["ri"], header["python"], header["sha256"])
            if said == expected and isinstance(header["parts"], dict):
                return cls(handle, header, len(first), path)
        except (OSError, ValueError, KeyError, TypeError):
            pass
        handle.close()
        return None

    def part(self, name: str) -> list[Any] | None:
        """One part's pieces, as they were written; None when it is not there or not whole.

        The pieces are read one at a time, so that a thread reading ahead lets the others
        run between them (each is a single call that holds the interpreter)."""
        with self._lock:
            where = self._where.pop(name, None)  # read once, by its one user
        if where is None:
            return None
        pieces = []
        for at in range(len(where)):
            piece = self._read(where[at])
            if piece is None:
                return None
            pieces.append(piece)
        return pieces

    def discard(self) -> None:
        """Remove the file, found damaged: the next ri writes it again (this one keeps
        reading what it has open)."""
        with contextlib.suppress(OSError):
            os.unlink(self._path)

    def pieces(self, name: str) -> int:
        """How many pieces a part has (0: none), each to be read by `piece`."""
        return len(self._where.get(name, ()))

    def piece(self, name: str, at: int) -> Any | None:
        """One piece of a part, as it was written; None when it is not whole."""
        where = self._where.get(name)
        return self._read(where[at]) if where is not None and at < len(where) else None

    def _read(self, where: tuple[int, int, int]) -> Any | None:
        at, length, digest = where
        try:
            with self._lock:
                self._handle.seek(at)
                blob = self._handle.read(length)
        except (OSError, ValueError):
            return None
        if len(blob) != length or _digest(blob) != digest:
            return None
        try:
            # Many containers, none of them garbage: the collector waits.
            with yamlfile.collector_paused():
                return marshal.loads(blob)
        except (ValueError, EOFError, TypeError):
            return None


# Offerings to a piece: each is read back in a millisecond or two, when first needed.
ROWS_PIECE = 1000


def offering_pieces(offerings: Sequence[Offering]) -> list[Any]:
    """The offerings as a snapshot keeps them: their ids, then a piece at a time, each the
    columns of a thousand offerings (a column reads back faster than as many rows)."""
    row = records.row_writer(Offering)
    pieces: list[Any] = [[o.id for o in offerings]]
    for start in range(0, len(offerings), ROWS_PIECE):
        rows = map(row, offerings[start : start + ROWS_PIECE])
        pieces.append([list(column) for column in zip(*rows, strict=True)])
    return pieces


_FIELDS = records.field_names(Offering)
_DATES = [i for i, name in enumerate(_FIELDS) if name == "last_reviewed"]
# An Offering is its fields and nothing else (no slots, nothing done after __init__).
_PLAIN = "__slots__" not in vars(Offering) and not hasattr(Offering, "__post_init__")


class KeptOfferings(Sequence[Offering]):
    """The offerings a snapshot kept (`offering_pieces`): their ids read at once, the rest a
    piece at a time, and each made an Offering, when first looked at. Step 5 looks at a few:
    those its matches and suggestions name.

    They were Offerings when written and are read back whole (their check sums matched), so
    each is made by filling in its fields as the dataclass's own __init__ does. A piece found
    damaged meanwhile: every offering is then read by `otherwise` (from the cache file).
    """

    def __init__(
        self,
        kept: Snapshot,
        name: str,
        count: int,
        otherwise: Callable[[], Sequence[Offering]],
    ) -> None:
        self._kept = kept
        self._name = name
        ids = kept.piece(name, 1)
        if not isinstance(ids, list) or len(ids) != count:
            raise ValueError("kept offerings of another count")
        if kept.pieces(name) != 2 + -(-count // ROWS_PIECE):
            raise ValueError("kept offerings in other pieces")
        self._ids: list[str] = ids
        self._count = count
        self._otherwise = otherwise
        self._instead: Sequence[Offering] | None = None
        self._falling_back = threading.Lock()
        self._made: list[Offering | None] = [None] * count
        self._pieces: dict[int, list[list[Any]]] = {}
        self._dates: dict[str, dt.date] = {}

    def column(self, name: str) -> list[Any]:
        """One field of every offering, in order (the ids without making them)."""
        if name == "id":
            return self._ids
        return [getattr(offering, name) for offering in self]

    def read_all(self) -> None:
        """Read every piece now (`ri run`, in the background once step 5 is ready), so that
        no keystroke in the highlight search waits for one."""
        for piece in range(-(-self._count // ROWS_PIECE)):
            if self._instead is not None:
                return
            self._offering(piece * ROWS_PIECE)

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Offering: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Offering]: ...
    def __getitem__(self, index: int | slice) -> Offering | Sequence[Offering]:
        if isinstance(index, slice):
            return tuple(map(self._offering, range(self._count)[index]))
        return self._offering(range(self._count)[index])  # negative, or out of range

    def __iter__(self) -> Iterator[Offering]:
        with yamlfile.collector_paused():
            made = list(map(self._offering, range(self._count)))
        return iter(made)

    def _offering(self, at: int) -> Offering:
        made = self._made[at]
        if made is not None:
            return made
        if self._instead is not None:
            return self._instead[at]
        piece, within = divmod(at, ROWS_PIECE)
        columns: list[list[Any]] | None = self._pieces.get(piece)
        if columns is None:
            read = self._kept.piece(self._name, 2 + piece)
            if not _whole(read, min(ROWS_PIECE, self._count - piece * ROWS_PIECE)):
                with self._falling_back:
                    if self._instead is None:
                        self._kept.discard()
                        self._instead = self._otherwise()
                return self._instead[at]
            columns = cast("list[list[Any]]", read)
            self._pieces[piece] = columns
        values = [column[within] for column in columns]
        for i in _DATES:
            said = values[i]
            if said is not None:
                values[i] = self._dates.get(said) or _date(self._dates, said)
        if _PLAIN:
            made = object.__new__(Offering)
            made.__dict__.update(zip(_FIELDS, values, strict=True))
        else:
            made = Offering(*values)
        self._made[at] = made
        return made


def _whole(columns: Any, count: int) -> bool:
    """Whether a piece read back is the columns of `count` offerings."""
    return (
        isinstance(columns, list)
        and len(columns) == len(_FIELDS)
        and all(isinstance(column, list) and len(column) == count for column in columns)
    )


def _date(known: dict[str, dt.date], said: str) -> dt.date:
    known[said] = dt.date.fromisoformat(said)
    return known[said]


def remove_unkept(folder: Path) -> None:
    """Remove snapshots whose cache file is gone (pruned, or of an older ri)."""
    try:
        found = list(folder.glob(f"catalogue-*{SUFFIX}"))
    except OSError:
        return
    for ready in found:
        if not ready.with_suffix(".jsonl").exists():
            with contextlib.suppress(OSError):
                os.unlink(ready)
