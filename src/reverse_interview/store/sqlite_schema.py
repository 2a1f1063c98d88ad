"""The SQLite store's schema: the ordered list of migrations, its version in `PRAGMA user_version`.

Each migration is applied once, in its own transaction (sqlite.py applies them on opening); a
store written by a newer `ri` is refused before a single byte of it is touched.
"""

from __future__ import annotations

from pathlib import Path

from reverse_interview.store.base import Migration
from reverse_interview.store.sqlite_tally import CONTRIBUTION_5, refresh_statements

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
            *refresh_statements("SELECT id FROM interviews", CONTRIBUTION_5),
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
        refresh_statements("SELECT id FROM interviews"),
    ),
    Migration(
        8,
        "topic and full gaps counted by the candidate's wish, apart from the mode gaps",
        refresh_statements("SELECT id FROM interviews"),
    ),
    Migration(
        9,
        "how many interviews there are of each status, kept as they come and go (`ri list`)",
        (
            """
            CREATE TABLE interview_counts (
                status TEXT PRIMARY KEY NOT NULL,
                n INTEGER NOT NULL
            ) WITHOUT ROWID
            """,
            # A row for each status there is (the CHECK on `status` names them), so that the
            # triggers only update: a conflict clause in a trigger would give way to the upsert's.
            "INSERT INTO interview_counts (status, n) VALUES ('draft', 0), ('complete', 0)",
            "UPDATE interview_counts SET n = (SELECT count(*) FROM interviews i"
            " WHERE i.status = interview_counts.status)",
            """
            CREATE TRIGGER interviews_counted_in AFTER INSERT ON interviews BEGIN
                UPDATE interview_counts SET n = n + 1 WHERE status = new.status;
            END
            """,
            """
            CREATE TRIGGER interviews_counted_out AFTER DELETE ON interviews BEGIN
                UPDATE interview_counts SET n = n - 1 WHERE status = old.status;
            END
            """,
            """
            CREATE TRIGGER interviews_counted_moved AFTER UPDATE OF status ON interviews
            WHEN old.status <> new.status BEGIN
                UPDATE interview_counts SET n = n - 1 WHERE status = old.status;
                UPDATE interview_counts SET n = n + 1 WHERE status = new.status;
            END
            """,
        ),
    ),
    Migration(
        10,
        "the indexes `ri gaps` had before its running counts, which no query uses now: a save"
        " updates four fewer",
        (
            "DROP INDEX IF EXISTS interview_gaps_by_need",
            "DROP INDEX IF EXISTS interview_presented_by_offering",
            "DROP INDEX IF EXISTS interview_arenas_by_arena",
            "DROP INDEX IF EXISTS interview_preferences_by_mode",
        ),
    ),
)
SCHEMA_VERSION = MIGRATIONS[-1].version


def newer_message(path: Path, version: int) -> str:
    return (
        f"the store {path} was written by a newer ri (schema version {version}; this ri knows "
        f"up to {SCHEMA_VERSION}); upgrade ri to use it. The file was not changed."
    )
