"""Where a command's output goes (`--output`): standard output, a file, or a device.

- `-` (or no `--output`) is standard output.
- A device, a FIFO, a socket, or a name under /dev (`/dev/stdout`, `/dev/fd/3`, `/dev/null`)
  is opened for writing and written through: never replaced by a regular file.
- A regular file is replaced atomically (a reader sees the old file or the new one, never half
  of it), keeping its permissions; a new file is made owner-only (0600), since reports hold
  candidates' personal data. A symbolic link stays a link: the file it points at is replaced.
- An empty name is a usage error; an SQLite database (a store, say) is never replaced.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from reverse_interview.errors import UsageError, UserError

STDOUT = "-"
NEW_FILE_MODE = 0o600


def write(content: str | bytes, destination: str | Path | None) -> bool:
    """Write `content` (text gets a final line end) to `destination`.

    Returns True when it went to a file or device, False when it went to standard output
    (so the caller knows whether to say where it was written). Raises UsageError for an empty
    name and UserError, naming the file, when it cannot be written.
    """
    data = _as_bytes(content)
    if destination is None or str(destination) == STDOUT:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return False
    name = os.fspath(destination)
    if not name.strip():
        raise UsageError("--output needs a file name (or - for standard output)")
    try:
        found = os.stat(name)
    except FileNotFoundError:
        found = None
    except OSError as error:
        raise _cannot_write(name, error) from None
    try:
        if found is not None and stat.S_ISDIR(found.st_mode):
            raise UserError(f"cannot write {name}: it is a folder; give a file name")
        if found is not None and (not stat.S_ISREG(found.st_mode) or _is_device_name(name)):
            _write_through(name, data)
        elif found is not None and _is_database(name):
            raise UserError(
                f"cannot write {name}: it is a database (an ri store?), which a report would "
                "replace; give another file name"
            )
        else:
            write_atomically(Path(os.path.realpath(name)), data, keep=found)
    except OSError as error:
        raise _cannot_write(name, error) from None
    return True


def write_atomically(
    path: Path, content: str | bytes, *, keep: os.stat_result | None = None
) -> None:
    """Replace the regular file `path` so that a reader sees the old file or the new one.

    The new file gets the permissions (and, when allowed, the owner) of `keep`, the file it
    replaces; 0600 when there was none.
    """
    with atomic_file(path, keep=keep) as handle:
        handle.write(_as_bytes(content))


@contextlib.contextmanager
def atomic_file(
    path: Path, *, keep: os.stat_result | None = None, durable: bool = True
) -> Iterator[BinaryIO]:
    """A new file to write, in binary, that replaces `path` whole when the block ends.

    A reader sees the old file or the new one, never half of either; on any error the new file
    is removed and `path` is left as it was. The new file is owner-only (0600), or gets the
    permissions (and, when allowed, the owner) of `keep`, the file it replaces. `durable`: on
    the disk before it replaces the old one (a cache that is rebuilt when lost need not wait).
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)  # made 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        if keep is not None:
            os.chmod(tmp, stat.S_IMODE(keep.st_mode))
            if hasattr(os, "chown") and keep.st_uid != os.geteuid():
                # Only root may give a file away; otherwise it stays the writer's.
                with contextlib.suppress(OSError):
                    os.chown(tmp, keep.st_uid, keep.st_gid)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_through(name: str, data: bytes) -> None:
    """Write to a device, FIFO or /dev name as a shell's `>` would: open it, never replace it."""
    with open(name, "wb") as handle:
        handle.write(data)
        handle.flush()


def _is_device_name(name: str) -> bool:
    """/dev/stdout and its kin: even when they lead to a regular file (`> out.txt`), that file
    belongs to whoever opened it, so it is written through, not replaced."""
    return os.path.abspath(name).startswith("/dev/")


def _is_database(name: str) -> bool:
    """Whether a regular file is an SQLite database: `-o interviews.db` must not wipe a store."""
    try:
        with open(name, "rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _as_bytes(content: str | bytes) -> bytes:
    if isinstance(content, bytes):
        return content
    return (content if content.endswith("\n") else content + "\n").encode("utf-8")


def _cannot_write(name: str, error: OSError) -> UserError:
    return UserError(f"cannot write {name}: {error.strerror or error}")
