"""The SQLite store: one file on this machine, the default (nothing to set up).

Every write is one transaction, so a crash loses at most the answer being typed. Rows are read
(`sqlite3.Row`) and written (named placeholders) by column name, from the one description of a
record in records.py. Its rooms: the schema and its migrations (sqlite_schema.py), the running
counts of `ri gaps` (sqlite_tally.py), the file and who may read it (sqlite_file.py).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reverse_interview.errors import NotFound, StoreError
from reverse_interview.models import Interview, InterviewSummary, Outcome, Status, Struck
from reverse_interview.store import records, sqlite_file, sqlite_schema, sqlite_tally
from reverse_interview.store.base import (
    ID_RE,
    MAX_CANDIDATES_LISTED,
    ImportResult,
    Store,
    ambiguous_prefix,
    import_batches,
    now,
    unknown_id,
)

if TYPE_CHECKING:
    from reverse_interview.tally import Tally

BUSY_TIMEOUT_SECONDS = 10.0
_SQL = records.Statements("", ":{}")


def _to_sqlite(value: Any) -> Any:
    """A Python value as SQLite holds it: times as UTC ISO text, dates as ISO, flags 0/1."""
    if isinstance(value, dt.datetime):
        return records.utc_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _sqlite_row(row: Mapping[str, Any]) -> dict[str, Any]:
    return {key: _to_sqlite(value) for key, value in row.items()}


class SqliteStore(Store):
    """An open SQLite store. Open it with `Store.open(path)`."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self._path = path

    # opening and closing

    @classmethod
    def open_file(cls, path: Path) -> SqliteStore:
        """Open (creating it owner-only if need be) and migrate the store at `path`.

        Raises StoreError, naming the file, for a store from a newer `ri` (left untouched),
        a file that is not an ri store, or a path that cannot be read or created.
        """
        path = Path(path)
        header = sqlite_file.read_header(path)
        if header is None:
            sqlite_file.create_owner_only(path)
        else:
            sqlite_file.check_header(path, header)
        sqlite_file.owner_only(path)
        try:
            connection = sqlite3.connect(
                str(path), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None
            )
        except sqlite3.Error as error:
            raise StoreError(f"cannot open the store {path}: {error}") from None
        connection.row_factory = sqlite3.Row
        store = cls(connection, path)
        try:
            store._prepare()
            sqlite_file.owner_only(path)
        except BaseException:
            connection.close()
            raise
        return store

    def _prepare(self) -> None:
        """Set the connection up, retrying while another process is setting the same file up.

        SQLite answers "busy" at once, without waiting, to some of what opening needs when
        another connection is in the middle of it (switching a new file to WAL, recovering
        the log): two `ri` started together on a new store must both get through.
        """
        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
        while True:
            with self._sqlite_errors("open"):
                try:
                    self._set_up()
                    return
                except sqlite3.OperationalError as error:
                    if not _is_busy(error) or time.monotonic() > deadline:
                        raise
            time.sleep(0.02)  # busy, and still within the time allowed

    def _set_up(self) -> None:
        """Check the version (reading only), then set the connection up and migrate."""
        self._db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        # The header check saw the file; this sees the file plus any write-ahead log. Both
        # looks in one read, so that another process's first migration can't fall between.
        with self._read():
            version = self._user_version()
            tables = self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        self._refuse_newer(version)
        if version == 0 and tables:
            raise StoreError(
                f"{self._path} is an SQLite database but not an ri store; "
                "point --store (or RI_STORE) at another file"
            )
        if self._db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA foreign_keys = ON")
        # Each answer must survive a power cut once it is saved: sync every commit.
        self._db.execute("PRAGMA synchronous = FULL")
        # Freed space is zeroed on every write, not only on delete: an update leaves the old
        # copy of a row behind, and a deleted candidate must leave no trace of their name.
        self._db.execute("PRAGMA secure_delete = ON")
        if version < sqlite_schema.SCHEMA_VERSION:
            self._migrate()

    def _user_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _refuse_newer(self, version: int) -> None:
        if version > sqlite_schema.SCHEMA_VERSION:
            raise StoreError(sqlite_schema.newer_message(self._path, version))

    def _migrate(self) -> None:
        for migration in sqlite_schema.MIGRATIONS:
            with self._write():
                # Another process may have migrated while this one waited for the lock.
                current = self._user_version()
                self._refuse_newer(current)
                if current >= migration.version:
                    continue
                for statement in migration.statements:
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {migration.version}")

    def close(self) -> None:
        self._db.close()

    @property
    def path(self) -> Path:
        return self._path

    def describe(self) -> str:
        return str(self._path)

    # transactions

    @contextmanager
    def _write(self) -> Iterator[None]:
        """One write transaction, taking the write lock at once (waiting for it if busy)."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    @contextmanager
    def _read(self) -> Iterator[None]:
        """One read transaction: every query inside sees the same state of the store."""
        self._db.execute("BEGIN")
        try:
            yield
        finally:
            self._db.execute("COMMIT")

    @contextmanager
    def _sqlite_errors(self, doing: str) -> Iterator[None]:
        """Turn what SQLite says about the file (locked, full, damaged) into a StoreError."""
        try:
            yield
        except sqlite3.OperationalError as error:
            if _is_busy(error):
                raise StoreError(
                    f"the store {self._path} is busy (another ri is writing to it); try again"
                ) from None
            raise StoreError(f"cannot {doing} the store {self._path}: {error}") from None
        except sqlite3.DatabaseError as error:
            if type(error) is not sqlite3.DatabaseError:
                raise  # a constraint broken by the caller's data is a bug, not the file's fault
            if "malformed" in str(error):
                raise StoreError(
                    f"the store {self._path} is damaged ({error}); restore it from a backup,"
                    " or point --store (or RI_STORE) at another file"
                ) from None
            raise StoreError(
                f"{self._path} is not a usable ri store ({error}); "
                "point --store (or RI_STORE) at another file"
            ) from None

    def check_writable(self) -> None:
        """Write a throw-away record the way an answer is saved, then roll it back.

        It touches the pages a first answer would (the interviews table and each part), so a
        read-only file, a full disk or a damaged page is found before the first question.
        """
        probe = Interview(id="ri-probe")
        with self._sqlite_errors("write to"):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._write_records([probe])
                self._db.execute("SELECT count(*) FROM interviews").fetchone()
            finally:
                self._db.execute("ROLLBACK")

    # ids

    def id_taken(self, interview_id: str) -> bool:
        with self._sqlite_errors("read"):
            return self._exists(interview_id)

    def _exists(self, interview_id: str) -> bool:
        row = self._db.execute("SELECT 1 FROM interviews WHERE id = :id", {"id": interview_id})
        return row.fetchone() is not None

    def resolve(self, prefix: str) -> str:
        wanted = prefix.strip().lower()
        if not ID_RE.match(wanted):
            raise NotFound(self._unknown(prefix))
        with self._sqlite_errors("read"):
            if self._exists(wanted):
                return wanted
            # IDs use [a-z0-9-] only, all below "~": this range is exactly "starts with".
            bounds = {"low": wanted, "high": wanted + "~"}
            rows = self._db.execute(
                "SELECT id, candidate FROM interviews WHERE id > :low AND id < :high"
                " ORDER BY id LIMIT :n",
                {**bounds, "n": MAX_CANDIDATES_LISTED + 1},
            ).fetchall()
            if not rows:
                raise NotFound(self._unknown(prefix))
            if len(rows) == 1:
                return str(rows[0]["id"])
            total = self._db.execute(
                "SELECT count(*) FROM interviews WHERE id > :low AND id < :high", bounds
            ).fetchone()[0]
        raise ambiguous_prefix(prefix, total, rows, str(self._path))

    def _unknown(self, text: str) -> str:
        return unknown_id(text, str(self._path))

    # writing

    def save(self, interview: Interview) -> None:
        if not ID_RE.match(interview.id):
            raise ValueError(f"not an interview ID: {interview.id!r}")
        with self._sqlite_errors("save to"), self._write():
            self._write_records([interview])

    def _write_records(self, interviews: Sequence[Interview], *, new: bool = False) -> None:
        """Write these records whole, replacing any earlier version (`new`: there is none), and
        bring the running counts up to date for them, in the caller's transaction."""
        if not interviews:
            return
        ids = [{"id": interview.id} for interview in interviews]
        self._db.executemany(
            _SQL.upsert_interview, [_sqlite_row(records.interview_row(i)) for i in interviews]
        )
        for table, rows in records.part_rows(interviews).items():
            if not new:
                self._db.executemany(f"DELETE FROM {table} WHERE interview_id = :id", ids)
            if rows:
                self._db.executemany(_SQL.insert_part[table], [_sqlite_row(r) for r in rows])
        self._refresh_tally([interview.id for interview in interviews])

    def _refresh_tally(self, ids: Sequence[str]) -> None:
        """Keep `ri gaps`'s running counts right for these interviews, in this transaction."""
        sqlite_tally.refresh(self._db, ids)

    def set_struck(self, interview_id: str, struck: Sequence[Struck]) -> None:
        rows = records.STRUCK.rows(Interview(id=interview_id, struck=tuple(struck)))
        with self._sqlite_errors("save to"), self._write():
            self._touch(interview_id)
            self._db.execute(
                "DELETE FROM interview_struck WHERE interview_id = :id", {"id": interview_id}
            )
            self._db.executemany(
                _SQL.insert_part[records.STRUCK.table],
                [{"interview_id": interview_id, **row} for row in rows],
            )

    def set_outcome(self, interview_id: str, outcome: Outcome | None) -> None:
        with self._sqlite_errors("save to"), self._write():
            self._touch(interview_id)
            self._db.execute(
                "UPDATE interviews SET outcome_status = :status, outcome_start = :start"
                " WHERE id = :id",
                {
                    "id": interview_id,
                    "status": outcome.status if outcome else None,
                    "start": _to_sqlite(outcome.start) if outcome else None,
                },
            )
            # `ri gaps` counts what those who declined or withdrew wanted.
            self._refresh_tally([interview_id])

    def _touch(self, interview_id: str) -> None:
        """Mark the interview changed now; NotFound if there is none with this ID."""
        changed = self._db.execute(
            "UPDATE interviews SET updated_at = :now WHERE id = :id",
            {"id": interview_id, "now": records.utc_text(now())},
        )
        if changed.rowcount == 0:
            raise NotFound(self._unknown(interview_id))

    def delete(self, interview_id: str) -> None:
        """Remove an interview for good: from its tables, the file's free space and the log."""
        with self._sqlite_errors("delete from"):
            with self._write():
                gone = self._db.execute(
                    "DELETE FROM interviews WHERE id = :id", {"id": interview_id}
                )
                if gone.rowcount == 0:
                    raise NotFound(self._unknown(interview_id))
                self._refresh_tally([interview_id])
            self._checkpoint()

    def _checkpoint(self) -> None:
        # The log still holds earlier copies of the pages; fold it into the (now zeroed) file
        # and empty it, waiting for readers through the busy timeout.
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()

    def older_than(self, before: dt.datetime, *, status: Status | None = None) -> list[str]:
        where, params = _older(before, status)
        with self._sqlite_errors("read"):
            return [
                row["id"]
                for row in self._db.execute(
                    f"SELECT id FROM interviews WHERE {where} ORDER BY updated_at, id", params
                )
            ]

    def delete_older_than(self, before: dt.datetime, *, status: Status | None = None) -> int:
        where, params = _older(before, status)
        with self._sqlite_errors("delete from"):
            with self._write():
                ids = [
                    row["id"]
                    for row in self._db.execute(f"SELECT id FROM interviews WHERE {where}", params)
                ]
                gone = self._db.execute(f"DELETE FROM interviews WHERE {where}", params).rowcount
                self._refresh_tally(ids)
            if gone:
                self._checkpoint()
        return int(gone)

    def import_interviews(self, interviews: Iterable[Interview]) -> ImportResult:
        added = replaced = unchanged = 0
        with self._sqlite_errors("import into"), self._write():
            for batch in import_batches(interviews):
                there = {
                    row["id"]
                    for row in self._db.execute(
                        "SELECT id FROM interviews WHERE id IN (SELECT value FROM json_each(:ids))",
                        {"ids": json.dumps([i.id for i in batch])},
                    )
                }
                new = [i for i in batch if i.id not in there]
                changed = [i for i in batch if i.id in there and self._load(i.id) != i]
                self._write_records(new, new=True)
                self._write_records(changed)
                added += len(new)
                replaced += len(changed)
                unchanged += len(batch) - len(new) - len(changed)
        return ImportResult(added, replaced, unchanged)

    # reading

    def load(self, interview_id: str) -> Interview:
        with self._sqlite_errors("read"), self._read():
            return self._load(interview_id)

    def _load(self, interview_id: str) -> Interview:
        key = {"id": interview_id}
        row = self._db.execute("SELECT * FROM interviews WHERE id = :id", key).fetchone()
        if row is None:
            raise NotFound(self._unknown(interview_id))
        parts = {
            table: self._db.execute(sql, key).fetchall() for table, sql in _SQL.select_part.items()
        }
        return records.interview_from(row, parts)

    def summary(self, interview_id: str) -> InterviewSummary:
        with self._sqlite_errors("read"):
            row = self._db.execute(_SQL.select_summary, {"id": interview_id}).fetchone()
        if row is None:
            raise NotFound(self._unknown(interview_id))
        return records.summary_from(row)

    def list(self, *, status: str | None = None, limit: int | None = 50) -> list[InterviewSummary]:
        query, params = _SQL.newest(status, limit)
        with self._sqlite_errors("read"):
            return [records.summary_from(row) for row in self._db.execute(query, params)]

    def count(self, *, status: str | None = None) -> int:
        # Kept by triggers as interviews come, go and change status (schema 9): a few rows to
        # read, where counting the interviews walks a whole index.
        where, params = _SQL.status_filter(status)
        with self._sqlite_errors("read"):
            found = self._db.execute(f"SELECT sum(n) FROM interview_counts{where}", params)
            return int(found.fetchone()[0] or 0)

    def export(self, *, since: dt.datetime | None = None) -> Iterator[Interview]:
        where, params = "", {}
        if since is not None:
            where, params = " WHERE updated_at >= :since", {"since": records.utc_text(since)}
        with self._sqlite_errors("read"), self._read():
            ids = [
                row["id"]
                for row in self._db.execute(
                    f"SELECT id FROM interviews{where} ORDER BY started_at, id", params
                )
            ]
            # One snapshot for the whole export: read them all before handing any out.
            loaded = [self._load(i) for i in ids]
        yield from loaded

    def tally(self, *, since: dt.datetime | None = None) -> Tally:
        with self._sqlite_errors("read"), self._read():
            if since is None:
                return sqlite_tally.running(self._db)
            return sqlite_tally.counted(self._db, since)

    def _counted_tally(self, since: dt.datetime | None) -> Tally:
        """The tally counted from the interviews themselves (to check the running counts)."""
        with self._sqlite_errors("read"), self._read():
            return sqlite_tally.counted(self._db, since)


def _older(before: dt.datetime, status: Status | None) -> tuple[str, dict[str, Any]]:
    where, params = _SQL.older_filter(before, status)
    return where, _sqlite_row(params)


def _is_busy(error: sqlite3.OperationalError) -> bool:
    text = str(error)
    return "locked" in text or "busy" in text
