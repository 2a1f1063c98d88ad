"""The SQLite store of interviews: the only module that speaks SQL.

It hands out and takes back the models of models.py. Every write is one transaction, so a
crash loses at most the answer being typed. The schema is versioned by `PRAGMA user_version`
and grows through the ordered list of `MIGRATIONS`; a store written by a newer `ri` is refused
before a single byte of it is touched.

The records are normalised (one table per repeated part of an interview) so that `ri gaps`
can count across thousands of interviews with GROUP BY instead of loading each one.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import sqlite3
import string
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from reverse_interview.errors import NotFound, StoreError
from reverse_interview.models import (
    ArenaAnswers,
    CatalogueIdentity,
    Gap,
    Growth,
    Interview,
    InterviewSummary,
    Match,
    MatchedOffering,
    OfferingSnapshot,
    Status,
)

BUSY_TIMEOUT_SECONDS = 10.0
ID_LENGTH = 8
ID_ALPHABET = string.digits + string.ascii_lowercase
ID_RE = re.compile(r"^[a-z0-9-]{1,12}$")
SQLITE_MAGIC = b"SQLite format 3\x00"
# Shown with an ambiguous prefix; more than this and the user is told how many in all.
MAX_CANDIDATES_LISTED = 10


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
)
SCHEMA_VERSION = MIGRATIONS[-1].version

_CHILD_TABLES = (
    "interview_arenas",
    "interview_preferences",
    "interview_matches",
    "interview_presented",
    "interview_highlights",
    "interview_gaps",
    "interview_snapshots",
)
_SUMMARY_COLUMNS = "id, status, candidate, role, interviewer, started_at, updated_at"


# --- tallies for `ri gaps` (plain rows; gaps.py turns them into figures) ----------------------


@dataclass(frozen=True)
class GapCount:
    """How many complete interviews said this gap (mode None: nothing at all in the arena)."""

    arena: str
    mode: str | None
    interviews: int


@dataclass(frozen=True)
class ArenaCount:
    """How many complete interviews chose this arena."""

    arena: str
    name: str
    custom: bool
    interviews: int


@dataclass(frozen=True)
class ModeCount:
    """How many complete interviews named this mode first, in their top two, at all."""

    mode: str
    first_choice: int
    top_two: int
    interviews: int


@dataclass(frozen=True)
class OfferingCount:
    """How many complete interviews were presented this offering (title as last recorded)."""

    offering: str
    title: str
    category: str
    interviews: int


@dataclass(frozen=True)
class Tally:
    """Everything `ri gaps` counts, read in one consistent snapshot of the store."""

    interviews: int
    gaps: tuple[GapCount, ...]
    arenas: tuple[ArenaCount, ...]
    modes: tuple[ModeCount, ...]
    offerings: tuple[OfferingCount, ...]


# --- the store ------------------------------------------------------------------------------


class Store:
    """An open store. Use `Store.open(path)`, preferably as a context manager."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self._path = path

    # opening and closing

    @classmethod
    def open(cls, path: Path) -> Store:
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
        try:
            connection = sqlite3.connect(
                str(path), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None
            )
        except sqlite3.Error as error:
            raise StoreError(f"cannot open the store {path}: {error}") from None
        store = cls(connection, path)
        try:
            store._prepare()
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

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def path(self) -> Path:
        return self._path

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
        """Turn what SQLite says about the file (locked, full, corrupt) into a StoreError."""
        try:
            yield
        except sqlite3.OperationalError as error:
            text = str(error)
            if _is_busy(error):
                raise StoreError(
                    f"the store {self._path} is busy (another ri is writing to it); try again"
                ) from None
            raise StoreError(f"cannot {doing} the store {self._path}: {text}") from None
        except sqlite3.DatabaseError as error:
            if type(error) is not sqlite3.DatabaseError:
                raise  # a constraint broken by the caller's data is a bug, not the file's fault
            raise StoreError(
                f"{self._path} is not a usable ri store ({error}); "
                "point --store (or RI_STORE) at another file"
            ) from None

    # ids

    def new_id(self) -> str:
        """A short random ID that no interview in the store has."""
        while True:
            candidate = random_id()
            if not self._exists(candidate):
                return candidate

    def _exists(self, interview_id: str) -> bool:
        row = self._db.execute("SELECT 1 FROM interviews WHERE id = ?", (interview_id,))
        return row.fetchone() is not None

    def resolve(self, prefix: str) -> str:
        """The full ID of the one interview whose ID is, or starts with, `prefix`."""
        wanted = prefix.strip().lower()
        if not ID_RE.match(wanted):
            raise NotFound(self._unknown(prefix))
        if self._exists(wanted):
            return wanted
        # IDs use [a-z0-9-] only, all below "~": this range is exactly "starts with".
        bounds = (wanted, wanted + "~")
        rows = self._db.execute(
            "SELECT id, candidate FROM interviews WHERE id > ? AND id < ? ORDER BY id LIMIT ?",
            (*bounds, MAX_CANDIDATES_LISTED + 1),
        ).fetchall()
        if not rows:
            raise NotFound(self._unknown(prefix))
        if len(rows) == 1:
            return str(rows[0][0])
        total = self._db.execute(
            "SELECT count(*) FROM interviews WHERE id > ? AND id < ?", bounds
        ).fetchone()[0]
        listed = ", ".join(
            f"{row[0]} ({_one_line(row[1])})" for row in rows[:MAX_CANDIDATES_LISTED]
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
        """Write the whole record, replacing any earlier version of it, in one transaction."""
        if not ID_RE.match(interview.id):
            raise ValueError(f"not an interview ID: {interview.id!r}")
        key = interview.id
        identity = interview.catalogue
        updated = _to_text(interview.updated_at)
        row = (
            key,
            interview.status,
            interview.candidate,
            interview.role,
            interview.interviewer,
            _to_text(interview.started_at),
            updated,
            identity.path if identity else None,
            identity.sha256 if identity else None,
            identity.git_commit if identity else None,
            _flag(identity.git_dirty) if identity else None,
            int(interview.pitch_done),
            interview.growth.note,
            int(interview.reviewed),
            interview.notes,
            updated if interview.status == "complete" else None,
            " ".join(sorted(interview.finished)),
        )
        with self._sqlite_errors("save to"), self._write():
            self._db.execute(_UPSERT_INTERVIEW, row)
            for table in _CHILD_TABLES:
                self._db.execute(f"DELETE FROM {table} WHERE interview_id = ?", (key,))
            self._insert(
                "interview_arenas",
                [
                    (key, i, a.id, a.name, int(a.custom), a.strengths, a.learn, a.obstacles)
                    for i, a in enumerate(interview.arenas)
                ],
            )
            self._insert(
                "interview_preferences",
                [(key, rank, mode) for rank, mode in enumerate(interview.growth.preferred, 1)],
            )
            self._insert(
                "interview_matches", [(key, i, m.arena) for i, m in enumerate(interview.matches)]
            )
            self._insert(
                "interview_presented",
                [
                    (key, i, j, o.id, o.title, o.category, _reasons_text(o.reasons), o.score)
                    for i, m in enumerate(interview.matches)
                    for j, o in enumerate(m.offerings)
                ],
            )
            self._insert(
                "interview_highlights",
                [(key, i, offering) for i, offering in enumerate(interview.highlights)],
            )
            self._insert(
                "interview_gaps",
                [(key, i, g.arena, g.mode, g.message) for i, g in enumerate(interview.gaps)],
            )
            self._insert(
                "interview_snapshots",
                [(key, i, s.id, s.title, s.category) for i, s in enumerate(interview.snapshots)],
            )

    def _insert(self, table: str, rows: Sequence[tuple[Any, ...]]) -> None:
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            self._db.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)

    def delete(self, interview_id: str) -> None:
        """Remove an interview for good: from its tables, the file's free space and the log."""
        with self._sqlite_errors("delete from"):
            self._db.execute("PRAGMA secure_delete = ON")
            with self._write():
                gone = self._db.execute("DELETE FROM interviews WHERE id = ?", (interview_id,))
                if gone.rowcount == 0:
                    raise NotFound(self._unknown(interview_id))
            # The log still holds earlier copies of the pages; fold it into the (now zeroed)
            # file and empty it, waiting for readers through the busy timeout.
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()

    # reading

    def load(self, interview_id: str) -> Interview:
        """The whole record of one interview, by its full ID."""
        with self._sqlite_errors("read"), self._read():
            row = self._db.execute(
                "SELECT id, status, candidate, role, interviewer, started_at, updated_at,"
                " catalogue_path, catalogue_sha256, catalogue_git_commit, catalogue_git_dirty,"
                " pitch_done, growth_note, reviewed, notes, finished FROM interviews WHERE id = ?",
                (interview_id,),
            ).fetchone()
            if row is None:
                raise NotFound(self._unknown(interview_id))
            children = {table: self._children(table, interview_id) for table in _CHILD_TABLES}
        presented: dict[int, list[MatchedOffering]] = {}
        for _, match_position, _, offering, title, category, reasons, score in children[
            "interview_presented"
        ]:
            presented.setdefault(match_position, []).append(
                MatchedOffering(offering, title, category, tuple(json.loads(reasons)), score)
            )
        return Interview(
            id=row[0],
            status=_status(row[1]),
            candidate=row[2],
            role=row[3],
            interviewer=row[4],
            started_at=_from_text(row[5]),
            updated_at=_from_text(row[6]),
            catalogue=(
                CatalogueIdentity(row[7], row[8], row[9], _unflag(row[10]))
                if row[7] is not None
                else None
            ),
            pitch_done=bool(row[11]),
            arenas=tuple(
                ArenaAnswers(arena, name, bool(custom), strengths, learn, obstacles)
                for _, _, arena, name, custom, strengths, learn, obstacles in children[
                    "interview_arenas"
                ]
            ),
            growth=Growth(
                preferred=tuple(mode for _, _, mode in children["interview_preferences"]),
                note=row[12],
            ),
            reviewed=bool(row[13]),
            finished=frozenset(row[15].split()),
            matches=tuple(
                Match(arena, tuple(presented.get(position, ())))
                for _, position, arena in children["interview_matches"]
            ),
            highlights=tuple(offering for _, _, offering in children["interview_highlights"]),
            gaps=tuple(
                Gap(arena, mode, message)
                for _, _, arena, mode, message in children["interview_gaps"]
            ),
            snapshots=tuple(
                OfferingSnapshot(offering, title, category)
                for _, _, offering, title, category in children["interview_snapshots"]
            ),
            notes=row[14],
        )

    def _children(self, table: str, interview_id: str) -> list[tuple[Any, ...]]:
        # Every child table's primary key starts with (interview_id, position...): the rows
        # come back in the order they were saved.
        return self._db.execute(
            f"SELECT * FROM {table} WHERE interview_id = ? ORDER BY 1, 2, 3", (interview_id,)
        ).fetchall()

    def summary(self, interview_id: str) -> InterviewSummary:
        """The `ri list` row of one interview, by its full ID."""
        with self._sqlite_errors("read"):
            row = self._db.execute(
                f"SELECT {_SUMMARY_COLUMNS} FROM interviews WHERE id = ?", (interview_id,)
            ).fetchone()
        if row is None:
            raise NotFound(self._unknown(interview_id))
        return _summary(row)

    def list(self, *, status: str | None = None, limit: int | None = 50) -> list[InterviewSummary]:
        """Interviews newest first (by start, then ID); `limit` None for every one."""
        where, params = _status_filter(status)
        sql = f"SELECT {_SUMMARY_COLUMNS} FROM interviews{where} ORDER BY started_at DESC, id"
        if limit is not None:
            sql += " LIMIT ?"
            params = (*params, limit)
        with self._sqlite_errors("read"):
            return [_summary(row) for row in self._db.execute(sql, params)]

    def count(self, *, status: str | None = None) -> int:
        """How many interviews there are (with this status)."""
        where, params = _status_filter(status)
        with self._sqlite_errors("read"):
            return int(
                self._db.execute(f"SELECT count(*) FROM interviews{where}", params).fetchone()[0]
            )

    def tally(self, *, since: dt.datetime | None = None) -> Tally:
        """What `ri gaps` counts, across complete interviews completed at or after `since`."""
        where = "i.status = 'complete'"
        params: tuple[str, ...] = ()
        if since is not None:
            where += " AND i.completed_at >= ?"
            params = (_to_text(since),)
        with self._sqlite_errors("read"), self._read():
            interviews = self._db.execute(
                f"SELECT count(*) FROM interviews i WHERE {where}", params
            ).fetchone()[0]
            gaps = self._db.execute(
                "SELECT g.arena, g.mode, count(DISTINCT g.interview_id) AS n"
                " FROM interview_gaps g JOIN interviews i ON i.id = g.interview_id"
                f" WHERE {where} GROUP BY g.arena, g.mode ORDER BY n DESC, g.arena, g.mode",
                params,
            ).fetchall()
            arenas = self._db.execute(
                "SELECT a.arena, min(a.name), max(a.custom), count(DISTINCT a.interview_id) AS n"
                " FROM interview_arenas a JOIN interviews i ON i.id = a.interview_id"
                f" WHERE {where} GROUP BY a.arena ORDER BY n DESC, a.arena",
                params,
            ).fetchall()
            modes = self._db.execute(
                "SELECT p.mode,"
                " count(DISTINCT CASE WHEN p.rank = 1 THEN p.interview_id END),"
                " count(DISTINCT CASE WHEN p.rank <= 2 THEN p.interview_id END),"
                " count(DISTINCT p.interview_id)"
                " FROM interview_preferences p JOIN interviews i ON i.id = p.interview_id"
                f" WHERE {where} GROUP BY p.mode",
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
            gaps=tuple(GapCount(arena, mode, n) for arena, mode, n in gaps),
            arenas=tuple(
                ArenaCount(arena, name, bool(custom), n) for arena, name, custom, n in arenas
            ),
            modes=tuple(ModeCount(mode, first, two, n) for mode, first, two, n in modes),
            offerings=tuple(
                OfferingCount(offering, title, category, n)
                for offering, title, category, n, _ in offerings
            ),
        )


_UPSERT_INTERVIEW = """
INSERT INTO interviews (
    id, status, candidate, role, interviewer, started_at, updated_at,
    catalogue_path, catalogue_sha256, catalogue_git_commit, catalogue_git_dirty,
    pitch_done, growth_note, reviewed, notes, completed_at, finished
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
    status = excluded.status,
    candidate = excluded.candidate,
    role = excluded.role,
    interviewer = excluded.interviewer,
    started_at = excluded.started_at,
    updated_at = excluded.updated_at,
    catalogue_path = excluded.catalogue_path,
    catalogue_sha256 = excluded.catalogue_sha256,
    catalogue_git_commit = excluded.catalogue_git_commit,
    catalogue_git_dirty = excluded.catalogue_git_dirty,
    pitch_done = excluded.pitch_done,
    growth_note = excluded.growth_note,
    reviewed = excluded.reviewed,
    notes = excluded.notes,
    finished = excluded.finished,
    -- completed once stays completed at that moment, however often it is edited afterwards
    completed_at = CASE WHEN excluded.status = 'complete'
                        THEN coalesce(interviews.completed_at, excluded.completed_at) END
"""


def _is_busy(error: sqlite3.OperationalError) -> bool:
    text = str(error)
    return "locked" in text or "busy" in text


def random_id() -> str:
    """Eight base-36 characters: about 2.8e12 of them, short enough to read out and type."""
    return "".join(secrets.choice(ID_ALPHABET) for _ in range(ID_LENGTH))


def newer_message(path: Path, version: int) -> str:
    return (
        f"the store {path} was written by a newer ri (schema version {version}; this ri knows "
        f"up to {SCHEMA_VERSION}); upgrade ri to use it. The file was not changed."
    )


# --- the file itself --------------------------------------------------------------------------


def _read_header(path: Path) -> bytes | None:
    """The first 100 bytes of the store (SQLite's header), or None if there is no file yet."""
    try:
        with path.open("rb") as handle:
            return handle.read(100)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise StoreError(f"the store {path} is a folder; point --store at a file") from None
    except PermissionError:
        raise StoreError(f"cannot read the store {path}: permission denied") from None
    except OSError as error:
        raise StoreError(f"cannot read the store {path}: {error.strerror}") from None


def _check_header(path: Path, header: bytes) -> None:
    """Refuse a file that is not SQLite, or a store from a newer ri, before SQLite opens it."""
    if not header:
        return  # an empty file: a store created but never written
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
    """Create the store file (0600) and any missing folders (0700), whatever the umask."""
    missing = [folder for folder in (path.parent, *path.parent.parents) if not folder.exists()]
    try:
        for folder in reversed(missing):
            try:
                os.mkdir(folder, 0o700)
            except FileExistsError:
                continue  # another process made it meanwhile
            os.chmod(folder, 0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return  # another process created it first, owner-only as well
        os.close(fd)
        # The umask may have taken bits off the mode above; set it on the path, as every
        # platform can (os.fchmod is missing on Windows before Python 3.13).
        os.chmod(path, 0o600)
    except OSError as error:
        raise StoreError(f"cannot create the store {path}: {error.strerror}") from None


# --- values in and out --------------------------------------------------------------------------


def _to_text(moment: dt.datetime) -> str:
    """UTC, ISO 8601: the text sorts in time order (the prefix up to the seconds is fixed)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat()


def _from_text(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _unflag(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def _status(value: str) -> Status:
    return "complete" if value == "complete" else "draft"


def _reasons_text(reasons: Sequence[str]) -> str:
    return json.dumps(list(reasons), ensure_ascii=False)


def _summary(row: Sequence[Any]) -> InterviewSummary:
    return InterviewSummary(
        id=row[0],
        status=_status(row[1]),
        candidate=row[2],
        role=row[3],
        interviewer=row[4],
        started_at=_from_text(row[5]),
        updated_at=_from_text(row[6]),
    )


def _status_filter(status: str | None) -> tuple[str, tuple[object, ...]]:
    return ("", ()) if status is None else (" WHERE status = ?", (status,))


def _one_line(name: str | None) -> str:
    return " ".join(name.split()) if name and name.strip() else "no name"
