"""The SQLite store: one file on this machine, the default (nothing to set up).

Every write is one transaction, so a crash loses at most the answer being typed. The schema
is versioned by `PRAGMA user_version` and grows through the ordered list of `MIGRATIONS`; a
store written by a newer `ri` is refused before a single byte of it is touched. Rows are
read (`sqlite3.Row`) and written (named placeholders) by column name, from the one
description of a record in records.py.

The file holds candidates' personal data: it and its `-wal`/`-shm` are owner-only (0600)
whatever was at the path before, and only a regular file is opened as a store.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import stat
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reverse_interview.errors import NotFound, StoreError
from reverse_interview.models import Interview, InterviewSummary, Outcome, Status, Struck
from reverse_interview.store import records
from reverse_interview.store.base import (
    ID_RE,
    MAX_CANDIDATES_LISTED,
    ArenaCount,
    GapCount,
    ImportResult,
    ModeCount,
    OfferingCount,
    Store,
    Tally,
    WishCount,
    one_line,
    ranked_wishes,
    tally_from_counts,
)

BUSY_TIMEOUT_SECONDS = 10.0
SQLITE_MAGIC = b"SQLite format 3\x00"
SIDE_FILES = ("-wal", "-shm", "-journal")


# --- running counts for `ri gaps` ---------------------------------------------------------------
#
# `tally` holds, for every (facet, key, sub), how many complete interviews count towards it, so
# `ri gaps` reads a few hundred rows whatever the size of the store. `tally_parts` remembers what
# each interview added, so that any change to it (saved, completed, reopened, deleted) can take
# exactly that back: `_REFRESH` recomputes the given interviews' parts from their rows as they
# are now (nothing, for one that is gone or a draft) and moves the counts by the difference.
# CROSS JOIN makes SQLite start from those few interviews (rather than walk a whole index for
# the GROUP BY), so a save costs the same at any size of store.

# As counted before topic and full gaps had their own counts (schema 5; kept for that migration).
_CONTRIBUTION_5 = """
WITH done AS (SELECT id FROM interviews WHERE id IN ({ids}) AND status = 'complete')
SELECT id, 'interviews', '', '', NULL, NULL FROM done
UNION ALL
SELECT DISTINCT g.interview_id, 'gap', g.arena, coalesce(g.mode, ''), NULL, NULL
FROM done CROSS JOIN interview_gaps g ON g.interview_id = done.id
UNION ALL
SELECT a.interview_id, 'arena', a.arena, '', min(a.name), max(a.custom)
FROM done CROSS JOIN interview_arenas a ON a.interview_id = done.id GROUP BY a.interview_id, a.arena
UNION ALL
SELECT DISTINCT p.interview_id, 'mode-first', p.mode, '', NULL, NULL
FROM done CROSS JOIN interview_preferences p ON p.interview_id = done.id WHERE p.rank = 1
UNION ALL
SELECT DISTINCT p.interview_id, 'mode-two', p.mode, '', NULL, NULL
FROM done CROSS JOIN interview_preferences p ON p.interview_id = done.id WHERE p.rank <= 2
UNION ALL
SELECT DISTINCT p.interview_id, 'mode-any', p.mode, '', NULL, NULL
FROM done CROSS JOIN interview_preferences p ON p.interview_id = done.id
UNION ALL
SELECT p.interview_id, 'offering', p.offering, '', min(p.title), min(p.category)
FROM done CROSS JOIN interview_presented p ON p.interview_id = done.id
GROUP BY p.interview_id, p.offering
"""

_CONTRIBUTION = """
WITH done AS (
    SELECT id, outcome_status FROM interviews WHERE id IN ({ids}) AND status = 'complete'
)
SELECT id, 'interviews', '', '', NULL, NULL FROM done
UNION ALL
SELECT id, 'outcome', outcome_status, '', NULL, NULL FROM done WHERE outcome_status IS NOT NULL
UNION ALL
SELECT DISTINCT g.interview_id, 'gap-left', g.arena, coalesce(g.mode, ''), NULL, NULL
FROM done CROSS JOIN interview_gaps g ON g.interview_id = done.id
WHERE done.outcome_status IN ('declined', 'withdrew') AND (g.kind = 'mode' OR g.wish IS NULL)
UNION ALL
SELECT DISTINCT g.interview_id, 'gap', g.arena, coalesce(g.mode, ''), NULL, NULL
FROM done CROSS JOIN interview_gaps g ON g.interview_id = done.id
WHERE g.kind = 'mode' OR g.wish IS NULL
UNION ALL
SELECT g.interview_id, 'wish', g.arena,
       g.kind || '|' || coalesce(g.offering, '') || '|' || lower(trim(g.wish)), NULL, NULL
FROM done CROSS JOIN interview_gaps g ON g.interview_id = done.id
WHERE g.kind IN ('topic', 'full') AND g.wish IS NOT NULL
GROUP BY g.interview_id, g.arena, g.kind, g.offering, lower(trim(g.wish))
UNION ALL
SELECT a.interview_id, 'arena', a.arena, '', min(a.name), max(a.custom)
FROM done CROSS JOIN interview_arenas a ON a.interview_id = done.id GROUP BY a.interview_id, a.arena
UNION ALL
SELECT DISTINCT p.interview_id, 'mode-first', p.mode, '', NULL, NULL
FROM done CROSS JOIN interview_preferences p ON p.interview_id = done.id WHERE p.rank = 1
UNION ALL
SELECT DISTINCT p.interview_id, 'mode-two', p.mode, '', NULL, NULL
FROM done CROSS JOIN interview_preferences p ON p.interview_id = done.id WHERE p.rank <= 2
UNION ALL
SELECT DISTINCT p.interview_id, 'mode-any', p.mode, '', NULL, NULL
FROM done CROSS JOIN interview_preferences p ON p.interview_id = done.id
UNION ALL
SELECT p.interview_id, 'offering', p.offering, '', min(p.title), min(p.category)
FROM done CROSS JOIN interview_presented p ON p.interview_id = done.id
GROUP BY p.interview_id, p.offering
"""


def _refresh_statements(ids: str, contribution: str = _CONTRIBUTION) -> tuple[str, ...]:
    """Bring the counts of the interviews `ids` (an SQL list) up to date, in four steps."""
    return (
        "UPDATE tally SET n = tally.n - c.n FROM (SELECT facet, key, sub, count(*) AS n"
        f" FROM tally_parts WHERE interview_id IN ({ids}) GROUP BY facet, key, sub) AS c"
        " WHERE tally.facet = c.facet AND tally.key = c.key AND tally.sub = c.sub",
        f"DELETE FROM tally_parts WHERE interview_id IN ({ids})",
        "INSERT INTO tally_parts (interview_id, facet, key, sub, label, extra)"
        + contribution.format(ids=ids),
        "INSERT INTO tally (facet, key, sub, n, label, extra)"
        " SELECT facet, key, sub, count(*), max(label), max(extra) FROM tally_parts"
        f" WHERE interview_id IN ({ids}) GROUP BY facet, key, sub"
        " ON CONFLICT (facet, key, sub) DO UPDATE SET n = tally.n + excluded.n,"
        " label = coalesce(excluded.label, tally.label),"
        " extra = coalesce(excluded.extra, tally.extra)",
    )


_REFRESH = _refresh_statements("SELECT value FROM json_each(:ids)")

# The outcomes whose candidates `ri gaps` counts apart: they left, with what they wanted unmet.
_LEFT = "('declined', 'withdrew')"


@dataclass(frozen=True)
class Migration:
    """One step of the schema: applied once, in one transaction, never edited once released."""

    version: int
    purpose: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "the interview record, one table per repeated part",
        (
            """
            CREATE TABLE interviews (
                id TEXT PRIMARY KEY NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('draft', 'complete')),
                candidate TEXT,
                role TEXT,
                interviewer TEXT,
                started_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                catalogue_path TEXT,
                catalogue_sha256 TEXT,
                catalogue_git_commit TEXT,
                catalogue_git_dirty INTEGER,
                pitch_done INTEGER NOT NULL DEFAULT 0,
                growth_note TEXT,
                reviewed INTEGER NOT NULL DEFAULT 0,
                notes TEXT
            )
            """,
            "CREATE INDEX interviews_newest ON interviews (started_at DESC, id)",
            "CREATE INDEX interviews_by_status ON interviews (status, started_at DESC, id)",
            """
            CREATE TABLE interview_arenas (
                interview_id TEXT NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                arena TEXT NOT NULL,
                name TEXT NOT NULL,
                custom INTEGER NOT NULL,
                strengths TEXT,
                learn TEXT,
                obstacles TEXT,
                PRIMARY KEY (interview_id, position)
            ) WITHOUT ROWID
            """,
            """
            CREATE TABLE interview_preferences (
                interview_id TEXT NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
                rank INTEGER NOT NULL,
                mode TEXT NOT NULL,
                PRIMARY KEY (interview_id, rank)
            ) WITHOUT ROWID
            """,
            """
            CREATE TABLE interview_matches (
                interview_id TEXT NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                arena TEXT NOT NULL,
                PRIMARY KEY (interview_id, position)
            ) WITHOUT ROWID
            """,
            """
            CREATE TABLE interview_presented (
                interview_id TEXT NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
                match_position INTEGER NOT NULL,
                position INTEGER NOT NULL,
                offering TEXT NOT NULL,
                title TEXT NOT NULL,
                category TEXT NOT NULL,
                reasons TEXT NOT NULL,
                score REAL NOT NULL,
                PRIMARY KEY (interview_id, match_position, position)
            ) WITHOUT ROWID
            """,
            """
            CREATE TABLE interview_highlights (
                interview_id TEXT NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                offering TEXT NOT NULL,
                PRIMARY KEY (interview_id, position)
            ) WITHOUT ROWID
            """,
            """
            CREATE TABLE interview_gaps (
                interview_id TEXT NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                arena TEXT NOT NULL,
                mode TEXT,
                message TEXT NOT NULL,
                PRIMARY KEY (interview_id, position)
            ) WITHOUT ROWID
            """,
            """
            CREATE TABLE interview_snapshots (
                interview_id TEXT NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                offering TEXT NOT NULL,
                title TEXT NOT NULL,
                category TEXT NOT NULL,
                PRIMARY KEY (interview_id, position)
            ) WITHOUT ROWID
            """,
        ),
    ),
    Migration(
        2,
        "when an interview was completed, and indexes for `ri gaps`",
        (
            # `ri gaps --since` asks when step 5 was done; `updated_at` moves with every later
            # edit, so the moment of completion gets a column of its own.
            "ALTER TABLE interviews ADD COLUMN completed_at TEXT",
            "UPDATE interviews SET completed_at = updated_at WHERE status = 'complete'",
            "CREATE INDEX interviews_completed ON interviews (completed_at)"
            " WHERE status = 'complete'",
            "CREATE INDEX interview_gaps_by_need ON interview_gaps (arena, mode)",
            "CREATE INDEX interview_presented_by_offering ON interview_presented (offering)",
            "CREATE INDEX interview_arenas_by_arena ON interview_arenas (arena)",
            "CREATE INDEX interview_preferences_by_mode ON interview_preferences (mode)",
        ),
    ),
    Migration(
        3,
        "which steps answered in several parts are finished, so a resume can carry on in one",
        (
            "ALTER TABLE interviews ADD COLUMN finished TEXT NOT NULL DEFAULT ''",
            # Before this column a step's parts were saved together: what is there is finished.
            """
            UPDATE interviews SET finished = trim(
                CASE WHEN status = 'complete' THEN 'arenas ranking highlights' ELSE
                    CASE WHEN EXISTS (SELECT 1 FROM interview_arenas a
                                      WHERE a.interview_id = interviews.id)
                         THEN 'arenas ' ELSE '' END ||
                    CASE WHEN EXISTS (SELECT 1 FROM interview_preferences p
                                      WHERE p.interview_id = interviews.id)
                         THEN 'ranking ' ELSE '' END ||
                    CASE WHEN notes IS NOT NULL THEN 'highlights' ELSE '' END
                END)
            """,
        ),
    ),
    Migration(
        4,
        "the matches the interviewer struck, and how the hiring ended",
        (
            """
            CREATE TABLE interview_struck (
                interview_id TEXT NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                arena TEXT NOT NULL,
                offering TEXT NOT NULL,
                PRIMARY KEY (interview_id, position)
            ) WITHOUT ROWID
            """,
            "ALTER TABLE interviews ADD COLUMN outcome_status TEXT CHECK (outcome_status IN"
            " ('hired', 'declined', 'not-offered', 'withdrew'))",
            "ALTER TABLE interviews ADD COLUMN outcome_start TEXT",
            # `ri delete --older-than` picks by the last change.
            "CREATE INDEX interviews_by_change ON interviews (updated_at)",
        ),
    ),
    Migration(
        5,
        "running counts for `ri gaps`, so it costs the same at any size of store",
        (
            """
            CREATE TABLE tally (
                facet TEXT NOT NULL,
                key TEXT NOT NULL,
                sub TEXT NOT NULL,
                n INTEGER NOT NULL,
                label TEXT,
                extra TEXT,
                PRIMARY KEY (facet, key, sub)
            ) WITHOUT ROWID
            """,
            """
            CREATE TABLE tally_parts (
                interview_id TEXT NOT NULL,
                facet TEXT NOT NULL,
                key TEXT NOT NULL,
                sub TEXT NOT NULL,
                label TEXT,
                extra TEXT,
                PRIMARY KEY (interview_id, facet, key, sub)
            ) WITHOUT ROWID
            """,
            *_refresh_statements("SELECT id FROM interviews", _CONTRIBUTION_5),
        ),
    ),
    Migration(
        6,
        "what kind each gap is, the wish in the candidate's words, the full offering it names",
        (
            "ALTER TABLE interview_gaps ADD COLUMN kind TEXT CHECK (kind IN"
            " ('topic', 'full', 'mode'))",
            "ALTER TABLE interview_gaps ADD COLUMN wish TEXT",
            "ALTER TABLE interview_gaps ADD COLUMN offering TEXT",
            # Before kinds, a gap with a mode was that mode missing, one without it the arena.
            "UPDATE interview_gaps SET kind = CASE WHEN mode IS NULL THEN 'topic' ELSE 'mode' END",
        ),
    ),
    Migration(
        7,
        "running counts by outcome: what candidates who declined or withdrew wanted",
        _refresh_statements("SELECT id FROM interviews"),
    ),
    Migration(
        8,
        "topic and full gaps counted by the candidate's wish, apart from the mode gaps",
        _refresh_statements("SELECT id FROM interviews"),
    ),
)
SCHEMA_VERSION = MIGRATIONS[-1].version
_CHILD_TABLES = tuple(part.table for part in records.PARTS)


def _mark(column: str) -> str:
    return f":{column}"


def _insert_sql(table: str, columns: Sequence[str]) -> str:
    names = ", ".join(columns)
    marks = ", ".join(_mark(c) for c in columns)
    return f"INSERT INTO {table} ({names}) VALUES ({marks})"


def _upsert_sql() -> str:
    columns = records.INTERVIEW_COLUMNS
    updates = ",\n    ".join(
        f"{c} = excluded.{c}" for c in columns if c not in ("id", "completed_at")
    )
    return (
        _insert_sql("interviews", columns)
        + "\nON CONFLICT (id) DO UPDATE SET\n    "
        + updates
        # completed once stays completed at that moment, however often it is edited afterwards
        + ",\n    completed_at = CASE WHEN excluded.status = 'complete'"
        " THEN coalesce(interviews.completed_at, excluded.completed_at) END"
    )


_UPSERT_INTERVIEW = _upsert_sql()
_INSERT_PART = {
    part.table: _insert_sql(part.table, ("interview_id", *part.columns)) for part in records.PARTS
}
_SELECT_PART = {
    part.table: f"SELECT * FROM {part.table} WHERE interview_id = :id"
    f" ORDER BY {', '.join(part.key)}"
    for part in records.PARTS
}
_SUMMARY = ", ".join(records.SUMMARY_COLUMNS)


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
        header = _read_header(path)
        if header is None:
            _create_owner_only(path)
        else:
            _check_header(path, header)
        _owner_only(path)
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
            _owner_only(path)
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
        if version < SCHEMA_VERSION:
            self._migrate()

    def _user_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _refuse_newer(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise StoreError(newer_message(self._path, version))

    def _migrate(self) -> None:
        for migration in MIGRATIONS:
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
                self._write_record(probe)
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
        listed = ", ".join(
            f"{row['id']} ({one_line(row['candidate'])})" for row in rows[:MAX_CANDIDATES_LISTED]
        )
        more = f" and {total - MAX_CANDIDATES_LISTED} more" if total > MAX_CANDIDATES_LISTED else ""
        raise NotFound(
            f"ID prefix '{prefix}' matches {total} interviews in {self._path}: "
            f"{listed}{more}; type more of the ID"
        )

    def _unknown(self, text: str) -> str:
        return f"no interview with ID or prefix '{text}' in {self._path}; ri list shows them"

    # writing

    def save(self, interview: Interview) -> None:
        if not ID_RE.match(interview.id):
            raise ValueError(f"not an interview ID: {interview.id!r}")
        with self._sqlite_errors("save to"), self._write():
            self._write_record(interview)

    def _write_record(self, interview: Interview) -> None:
        self._db.execute(_UPSERT_INTERVIEW, _sqlite_row(records.interview_row(interview)))
        for table, rows in records.part_rows(interview).items():
            self._db.execute(f"DELETE FROM {table} WHERE interview_id = :id", {"id": interview.id})
            if rows:
                self._db.executemany(_INSERT_PART[table], [_sqlite_row(r) for r in rows])
        self._refresh_tally([interview.id])

    def _refresh_tally(self, ids: Sequence[str]) -> None:
        """Keep `ri gaps`'s running counts right for these interviews, in this transaction."""
        if ids:
            params = {"ids": json.dumps(list(ids))}
            for statement in _REFRESH:
                self._db.execute(statement, params)

    def set_struck(self, interview_id: str, struck: Sequence[Struck]) -> None:
        rows = records.STRUCK.rows(Interview(id=interview_id, struck=tuple(struck)))
        with self._sqlite_errors("save to"), self._write():
            self._touch(interview_id)
            self._db.execute(
                "DELETE FROM interview_struck WHERE interview_id = :id", {"id": interview_id}
            )
            self._db.executemany(
                _INSERT_PART["interview_struck"],
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
            {"id": interview_id, "now": records.utc_text(_now())},
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
        where, params = _older_filter(before, status)
        with self._sqlite_errors("read"):
            return [
                row["id"]
                for row in self._db.execute(
                    f"SELECT id FROM interviews WHERE {where} ORDER BY updated_at, id", params
                )
            ]

    def delete_older_than(self, before: dt.datetime, *, status: Status | None = None) -> int:
        where, params = _older_filter(before, status)
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
            for interview in interviews:
                if not ID_RE.match(interview.id):
                    raise ValueError(f"not an interview ID: {interview.id!r}")
                if self._exists(interview.id):
                    if self._load(interview.id) == interview:
                        unchanged += 1
                        continue
                    replaced += 1
                else:
                    added += 1
                self._write_record(interview)
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
            table: self._db.execute(sql, key).fetchall() for table, sql in _SELECT_PART.items()
        }
        return records.interview_from(row, parts)

    def summary(self, interview_id: str) -> InterviewSummary:
        with self._sqlite_errors("read"):
            row = self._db.execute(
                f"SELECT {_SUMMARY} FROM interviews WHERE id = :id", {"id": interview_id}
            ).fetchone()
        if row is None:
            raise NotFound(self._unknown(interview_id))
        return records.summary_from(row)

    def list(self, *, status: str | None = None, limit: int | None = 50) -> list[InterviewSummary]:
        where, params = _status_filter(status)
        sql = f"SELECT {_SUMMARY} FROM interviews{where} ORDER BY started_at DESC, id"
        if limit is not None:
            sql += " LIMIT :limit"
            params = {**params, "limit": limit}
        with self._sqlite_errors("read"):
            return [records.summary_from(row) for row in self._db.execute(sql, params)]

    def count(self, *, status: str | None = None) -> int:
        where, params = _status_filter(status)
        with self._sqlite_errors("read"):
            return int(
                self._db.execute(f"SELECT count(*) FROM interviews{where}", params).fetchone()[0]
            )

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
        if since is None:
            with self._sqlite_errors("read"), self._read():
                rows = self._db.execute("SELECT * FROM tally WHERE n > 0").fetchall()
            return tally_from_counts(rows)
        return self._counted_tally(since)

    def _counted_tally(self, since: dt.datetime | None) -> Tally:
        """The tally counted from the interviews themselves (for `--since`, and to check the
        running counts against)."""
        where = "i.status = 'complete'"
        params: dict[str, str] = {}
        if since is not None:
            where += " AND i.completed_at >= :since"
            params = {"since": records.utc_text(since)}
        with self._sqlite_errors("read"), self._read():
            interviews, outcomes, left = self._db.execute(
                "SELECT count(*), count(i.outcome_status),"
                f" count(CASE WHEN i.outcome_status IN {_LEFT} THEN 1 END)"
                f" FROM interviews i WHERE {where}",
                params,
            ).fetchone()
            gaps = self._db.execute(
                "SELECT g.arena, g.mode, count(DISTINCT g.interview_id) AS n,"
                f" count(DISTINCT CASE WHEN i.outcome_status IN {_LEFT} THEN g.interview_id END)"
                " AS left_n"
                " FROM interview_gaps g JOIN interviews i ON i.id = g.interview_id"
                f" WHERE {where} AND (g.kind = 'mode' OR g.wish IS NULL)"
                " GROUP BY g.arena, g.mode ORDER BY n DESC, g.arena, g.mode",
                params,
            ).fetchall()
            wishes = self._db.execute(
                "SELECT g.arena, g.kind, lower(trim(g.wish)) AS wish, g.offering,"
                " count(DISTINCT g.interview_id) AS n"
                " FROM interview_gaps g JOIN interviews i ON i.id = g.interview_id"
                f" WHERE {where} AND g.kind IN ('topic', 'full') AND g.wish IS NOT NULL"
                " GROUP BY g.arena, g.kind, g.offering, lower(trim(g.wish))"
                " ORDER BY n DESC, g.arena",
                params,
            ).fetchall()
            arenas = self._db.execute(
                "SELECT a.arena, min(a.name) AS name, max(a.custom) AS custom,"
                " count(DISTINCT a.interview_id) AS n"
                " FROM interview_arenas a JOIN interviews i ON i.id = a.interview_id"
                f" WHERE {where} GROUP BY a.arena ORDER BY n DESC, a.arena",
                params,
            ).fetchall()
            modes = self._db.execute(
                "SELECT p.mode,"
                " count(DISTINCT CASE WHEN p.rank = 1 THEN p.interview_id END) AS first,"
                " count(DISTINCT CASE WHEN p.rank <= 2 THEN p.interview_id END) AS two,"
                " count(DISTINCT p.interview_id) AS n"
                " FROM interview_preferences p JOIN interviews i ON i.id = p.interview_id"
                f" WHERE {where} GROUP BY p.mode ORDER BY p.mode",
                params,
            ).fetchall()
            # The title and category come from the row of the most recent interview (SQLite
            # takes bare columns from the row that gave the max()).
            offerings = self._db.execute(
                "SELECT p.offering, p.title, p.category, count(DISTINCT p.interview_id) AS n,"
                " max(i.started_at)"
                " FROM interview_presented p JOIN interviews i ON i.id = p.interview_id"
                f" WHERE {where} GROUP BY p.offering ORDER BY n DESC, p.offering",
                params,
            ).fetchall()
        return Tally(
            interviews=int(interviews),
            gaps=tuple(GapCount(r["arena"], r["mode"], r["n"], r["left_n"]) for r in gaps),
            arenas=tuple(
                ArenaCount(r["arena"], r["name"], bool(r["custom"]), r["n"]) for r in arenas
            ),
            modes=tuple(ModeCount(r["mode"], r["first"], r["two"], r["n"]) for r in modes),
            offerings=tuple(
                OfferingCount(r["offering"], r["title"], r["category"], r["n"]) for r in offerings
            ),
            outcomes=int(outcomes),
            left=int(left),
            wishes=ranked_wishes(
                WishCount(r["arena"], r["kind"], r["wish"], r["offering"], r["n"]) for r in wishes
            ),
        )


def _now() -> dt.datetime:
    from reverse_interview.models import now

    return now()


def _is_busy(error: sqlite3.OperationalError) -> bool:
    text = str(error)
    return "locked" in text or "busy" in text


def _status_filter(status: str | None) -> tuple[str, dict[str, Any]]:
    return ("", {}) if status is None else (" WHERE status = :status", {"status": status})


def _older_filter(before: dt.datetime, status: Status | None) -> tuple[str, dict[str, Any]]:
    where = "updated_at < :before"
    params: dict[str, Any] = {"before": records.utc_text(before)}
    if status is not None:
        where += " AND status = :status"
        params["status"] = status
    return where, params


def newer_message(path: Path, version: int) -> str:
    return (
        f"the store {path} was written by a newer ri (schema version {version}; this ri knows "
        f"up to {SCHEMA_VERSION}); upgrade ri to use it. The file was not changed."
    )


# --- the file itself --------------------------------------------------------------------------


def _read_header(path: Path) -> bytes | None:
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


def _check_header(path: Path, header: bytes) -> None:
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
        if version > SCHEMA_VERSION:
            raise StoreError(newer_message(path, version))


def _create_owner_only(path: Path) -> None:
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


def _owner_only(path: Path) -> None:
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
