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
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

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

    def __init__(self, handle: Any, header: dict[str, Any], start: int) -> None:
        self._handle = handle
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
                return cls(handle, header, len(first))
        except (OSError, ValueError, KeyError, TypeError):
            pass
        handle.close()
        return None

    def part(self, name: str) -> list[Any] | None:
        """One part's pieces, as they were written; None when it is not there or not whole.

        The pieces are read one at a time, so that a thread reading ahead lets the others
        run between them (each is a single call that holds the interpreter)."""
        with self._lock:
            where = self._where.pop(name, None)  # each part is read once, by its one user
        if where is None:
            return None
        pieces = []
        for at, length, digest in where:
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
                    pieces.append(marshal.loads(blob))
            except (ValueError, EOFError, TypeError):
                return None
        return pieces


# Offerings to a piece: each is read back in a few milliseconds.
ROWS_PIECE = 5000


def offering_pieces(offerings: Sequence[Offering]) -> list[Any]:
    """The offerings as a snapshot keeps them: a piece at a time, each the columns of a
    few thousand offerings (a column reads back faster than as many rows)."""
    row = records.row_writer(Offering)
    pieces = []
    for start in range(0, len(offerings), ROWS_PIECE):
        rows = map(row, offerings[start : start + ROWS_PIECE])
        pieces.append([list(column) for column in zip(*rows, strict=True)])
    return pieces


_FIELDS = records.field_names(Offering)
_DATES = [i for i, name in enumerate(_FIELDS) if name == "last_reviewed"]
# An Offering is its fields and nothing else (no slots, nothing done after __init__).
_PLAIN = "__slots__" not in vars(Offering) and not hasattr(Offering, "__post_init__")


def offerings_from(pieces: Iterable[Sequence[Any]]) -> tuple[Offering, ...]:
    """The offerings `offering_pieces` kept, made again.

    They were Offerings when written and are read back whole (their check sum matched), so
    each is made by filling in its fields as the dataclass's own __init__ does, without the
    call per field that costs half the time at 100,000 offerings.
    """
    dates: dict[str, dt.date] = {}
    new = object.__new__
    made = []
    with yamlfile.collector_paused():
        for columns in pieces:
            if len(columns) != len(_FIELDS):
                raise ValueError("kept offerings with other fields")
            columns = list(columns)
            for i in _DATES:
                columns[i] = [
                    said if said is None else dates.get(said) or _date(dates, said)
                    for said in columns[i]
                ]
            for values in zip(*columns, strict=True):
                if _PLAIN:
                    offering = new(Offering)
                    offering.__dict__.update(zip(_FIELDS, values, strict=True))
                else:
                    offering = Offering(*values)
                made.append(offering)
    return tuple(made)


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
