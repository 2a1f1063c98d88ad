"""The SQLite store's file: what may be opened as a store, and who may read it.

The file holds candidates' personal data: it and its `-wal`/`-shm` are owner-only (0600)
whatever was at the path before, and only a regular file is opened as a store. A file that is
not SQLite, or a store from a newer `ri`, is refused from its header, before SQLite opens it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from reverse_interview.errors import StoreError
from reverse_interview.store import sqlite_schema

SQLITE_MAGIC = b"SQLite format 3\x00"
SIDE_FILES = ("-wal", "-shm", "-journal")


def read_header(path: Path) -> bytes | None:
    """The first 100 bytes of the store (SQLite's header), or None if there is no file yet.

    Anything but a regular file (a FIFO would hang, a device never end) is refused before it
    is opened.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        return None  # nothing there, or a dangling symlink: created owner-only
    except OSError as error:
        raise StoreError(f"cannot read the store {path}: {error.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise StoreError(f"the store {path} is a folder; point --store at a file") from None
    if not stat.S_ISREG(info.st_mode):
        raise StoreError(
            f"the store {path} is not a regular file; point --store (or RI_STORE) at a file"
        )
    try:
        with path.open("rb") as handle:
            return handle.read(100)
    except PermissionError:
        raise StoreError(f"cannot read the store {path}: permission denied") from None
    except OSError as error:
        raise StoreError(f"cannot read the store {path}: {error.strerror}") from None


def check_header(path: Path, header: bytes) -> None:
    """Refuse a file that is not SQLite, or a store from a newer ri, before SQLite opens it."""
    if not header:
        return  # an empty file: a store created but never written (adopted owner-only)
    if not header.startswith(SQLITE_MAGIC):
        raise StoreError(
            f"{path} is not an ri store (not an SQLite database); "
            "point --store (or RI_STORE) at another file"
        )
    if len(header) >= 64:
        version = int.from_bytes(header[60:64], "big", signed=True)
        if version > sqlite_schema.SCHEMA_VERSION:
            raise StoreError(sqlite_schema.newer_message(path, version))


def create_owner_only(path: Path) -> None:
    """Create the store file (0600) and any missing folders (0700), whatever the umask.

    A dangling symlink at the path is followed: its target is created, owner-only.
    """
    missing = [folder for folder in (path.parent, *path.parent.parents) if not folder.exists()]
    try:
        for folder in reversed(missing):
            try:
                os.mkdir(folder, 0o700)
            except FileExistsError:
                continue  # another process made it meanwhile
            os.chmod(folder, 0o700)
        flags = os.O_WRONLY | os.O_CREAT
        if not path.is_symlink():
            flags |= os.O_EXCL
        try:
            fd = os.open(path, flags, 0o600)
        except FileExistsError:
            return  # another process created it first, owner-only as well
        os.close(fd)
        # The umask may have taken bits off the mode above; set it on the path, as every
        # platform can (os.fchmod is missing on Windows before Python 3.13).
        os.chmod(path, 0o600)
    except OSError as error:
        raise StoreError(f"cannot create the store {path}: {error.strerror}") from None


def owner_only(path: Path) -> None:
    """Make the store and its side files owner-only, whoever made them and however.

    A file another tool made (an empty `sqlite3 k.db`, a log left by an earlier crash) may be
    readable by others; it is adopted and closed, or, when not ours to change, refused.
    """
    for candidate in (path, *(Path(f"{path}{suffix}") for suffix in SIDE_FILES)):
        try:
            info = candidate.stat()
        except FileNotFoundError:
            continue
        except OSError:
            continue
        if stat.S_IMODE(info.st_mode) & 0o077 == 0:
            continue
        try:
            os.chmod(candidate, stat.S_IMODE(info.st_mode) & 0o700 | 0o600)
        except OSError:
            raise StoreError(
                f"the store {candidate} can be read by others and is not yours to change;"
                f" its owner can fix it with: chmod 600 {candidate}"
            ) from None
