"""The store's one interface: what every command may ask of a store, whatever holds it.

The commands open a store with `Store.open(location)` and never learn which backend they got:
a path is an SQLite file on this machine, a `postgresql://` URL a team's shared database.
Each backend hands out and takes back the models of models.py; no SQL leaves it.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import string
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from reverse_interview.errors import NotFound
from reverse_interview.models import (
    Interview,
    InterviewSummary,
    Outcome,
    Status,
    Struck,
)

if TYPE_CHECKING:
    from reverse_interview.tally import Tally

ID_LENGTH = 8
ID_ALPHABET = string.digits + string.ascii_lowercase
ID_RE = re.compile(r"^[a-z0-9-]{1,12}$")
# Shown with an ambiguous prefix; more than this and the user is told how many in all.
MAX_CANDIDATES_LISTED = 10
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres(location: str | Path) -> bool:
    return isinstance(location, str) and location.lower().startswith(POSTGRES_SCHEMES)


def random_id() -> str:
    """Eight base-36 characters: about 2.8e12 of them, short enough to read out and type."""
    return "".join(secrets.choice(ID_ALPHABET) for _ in range(ID_LENGTH))


def one_line(name: str | None) -> str:
    return " ".join(name.split()) if name and name.strip() else "no name"


def now() -> dt.datetime:
    """When a change is made (models.now, looked up at each call)."""
    from reverse_interview import models

    return models.now()


@dataclass(frozen=True)
class Migration:
    """One step of a backend's schema: applied once, in one transaction, never edited once
    released."""

    version: int
    purpose: str
    statements: tuple[str, ...]


def unknown_id(text: str, where: str) -> str:
    return f"no interview with ID or prefix '{text}' in {where}; ri list shows them"


def ambiguous_prefix(
    prefix: str, total: int, rows: Sequence[Mapping[str, Any]], where: str
) -> NotFound:
    """The error for a prefix that several IDs start with: the first few, and how many in all."""
    listed = ", ".join(
        f"{row['id']} ({one_line(row['candidate'])})" for row in rows[:MAX_CANDIDATES_LISTED]
    )
    more = f" and {total - MAX_CANDIDATES_LISTED} more" if total > MAX_CANDIDATES_LISTED else ""
    return NotFound(
        f"ID prefix '{prefix}' matches {total} interviews in {where}: "
        f"{listed}{more}; type more of the ID"
    )


# Interviews an import writes together: one statement per table, one refresh of the counts.
IMPORT_BATCH = 500


def import_batches(interviews: Iterable[Interview]) -> Iterator[list[Interview]]:
    """`interviews` in batches of up to IMPORT_BATCH, checked to be IDs and each ID once in a
    batch (a repeated one starts the next, so it meets the record written before it)."""
    batch: list[Interview] = []
    ids: set[str] = set()
    for interview in interviews:
        if not ID_RE.match(interview.id):
            raise ValueError(f"not an interview ID: {interview.id!r}")
        if interview.id in ids or len(batch) >= IMPORT_BATCH:
            yield batch
            batch, ids = [], set()
        batch.append(interview)
        ids.add(interview.id)
    if batch:
        yield batch


@dataclass(frozen=True)
class ImportResult:
    """What `ri import` did: records added, replaced by a different version, already there."""

    added: int
    replaced: int
    unchanged: int


# --- the interface ----------------------------------------------------------------------------


class Store(ABC):
    """An open store of interviews. Use `Store.open(location)`, as a context manager."""

    @classmethod
    def open(cls, location: str | Path) -> Store:
        """Open the store at `location`: an SQLite path, or a `postgresql://` URL.

        Raises StoreError (a UserError) naming the file or server for anything the user can
        fix: a newer schema (left untouched), a file that is not a store, a server that cannot
        be reached, a login without a role.
        """
        if is_postgres(location):
            from reverse_interview.store.postgres import PostgresStore

            return PostgresStore.connect(str(location))
        from reverse_interview.store.sqlite import SqliteStore

        return SqliteStore.open_file(Path(location))

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def describe(self) -> str:
        """Where the store is, for people: a file's path, or a server and database (never a
        password)."""

    @property
    def backend(self) -> str:
        """`sqlite` or `postgresql`."""
        return "sqlite"

    # before an interview: nothing may fail in front of the candidate

    @abstractmethod
    def check_writable(self) -> None:
        """Prove a write would go through (a write rolled back), or raise StoreError."""

    # ids

    def new_id(self) -> str:
        """A short random ID that no interview in the store (the whole organisation's) has."""
        while True:
            candidate = random_id()
            if not self.id_taken(candidate):
                return candidate

    @abstractmethod
    def id_taken(self, interview_id: str) -> bool:
        """Whether any interview has this ID, even one this login may not see."""

    @abstractmethod
    def resolve(self, prefix: str) -> str:
        """The full ID of the one interview whose ID is, or starts with, `prefix`."""

    # writing: each call is one transaction

    @abstractmethod
    def save(self, interview: Interview) -> None:
        """Write the whole record, replacing any earlier version of it, in one transaction."""

    @abstractmethod
    def set_struck(self, interview_id: str, struck: Sequence[Struck]) -> None:
        """Record the matches the interviewer chose not to present (replacing the earlier
        list), saved at once."""

    @abstractmethod
    def set_outcome(self, interview_id: str, outcome: Outcome | None) -> None:
        """Record how the hiring ended (None: not known), saved at once."""

    @abstractmethod
    def delete(self, interview_id: str) -> None:
        """Remove an interview for good."""

    @abstractmethod
    def older_than(self, before: dt.datetime, *, status: Status | None = None) -> list[str]:
        """The IDs of the interviews last changed before `before` (with this status)."""

    @abstractmethod
    def delete_older_than(self, before: dt.datetime, *, status: Status | None = None) -> int:
        """Remove every interview last changed before `before` (with this status), in one
        transaction; returns how many went."""

    @abstractmethod
    def import_interviews(self, interviews: Iterable[Interview]) -> ImportResult:
        """Load records keeping their IDs, all in one transaction: the same ones twice change
        nothing."""

    # reading

    @abstractmethod
    def load(self, interview_id: str) -> Interview:
        """The whole record of one interview, by its full ID."""

    @abstractmethod
    def summary(self, interview_id: str) -> InterviewSummary:
        """The `ri list` row of one interview, by its full ID."""

    @abstractmethod
    def list(self, *, status: str | None = None, limit: int | None = 50) -> list[InterviewSummary]:
        """Interviews newest first (by start, then ID); `limit` None for every one."""

    @abstractmethod
    def count(self, *, status: str | None = None) -> int:
        """How many interviews there are (with this status)."""

    @abstractmethod
    def export(self, *, since: dt.datetime | None = None) -> Iterator[Interview]:
        """Every record one may see (changed at or after `since`), oldest first."""

    @abstractmethod
    def tally(self, *, since: dt.datetime | None = None) -> Tally:
        """What `ri gaps` counts, across complete interviews completed at or after `since`."""
