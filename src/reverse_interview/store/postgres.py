"""The PostgreSQL store: one database for a hiring team (RI_STORE=postgresql://...).

Who sees what is the database's business, not this client's: row-level security lets an
interviewer (role `ri_interviewer`) read and change only the interviews their login created,
an analyst (`ri_analyst`) may only call the aggregate function behind `ri gaps` (no names, no
answers, no notes), an admin (`ri_admin`) sees and deletes everything. A row one may not see
is simply not there: "not found", the same as a missing one. When PostgreSQL refuses, this
module only says, in words, which role the command needs.

`ri store init` (run by the database owner) creates the schema `ri` and the three roles and
applies the ordered `MIGRATIONS`, each in its own transaction, its version kept in
`ri.schema_version`; a newer schema is refused, untouched. Clients never migrate: an older
schema asks for `ri store init`.

psycopg is imported here only, and this module only for a `postgresql://` store.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

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

try:
    import psycopg
    from psycopg import errors as pg_errors
    from psycopg import sql
    from psycopg.rows import dict_row
except ImportError:  # pragma: no cover - depends on how ri was installed
    psycopg = None  # type: ignore[assignment]

ROLES = {
    "interviewer": "ri_interviewer",
    "analyst": "ri_analyst",
    "admin": "ri_admin",
}
DATA_ROLES = "ri_interviewer or ri_admin"
GAPS_ROLES = "ri_analyst or ri_admin"
CONNECT_TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class Migration:
    """One step of the schema: applied once, in one transaction, never edited once released."""

    version: int
    purpose: str
    statements: tuple[str, ...]


_PART_TABLES = tuple(part.table for part in records.PARTS)


def _policies() -> tuple[str, ...]:
    """Row-level security: interviewers their own rows, admins all, nobody else any."""
    statements = [
        "ALTER TABLE ri.interviews ENABLE ROW LEVEL SECURITY",
        "CREATE POLICY own ON ri.interviews TO ri_interviewer"
        " USING (owner = current_user) WITH CHECK (owner = current_user)",
        "CREATE POLICY every ON ri.interviews TO ri_admin USING (true) WITH CHECK (true)",
    ]
    for table in _PART_TABLES:
        # A part is visible exactly when its interview is (that lookup obeys the policy above).
        visible = "EXISTS (SELECT 1 FROM ri.interviews i WHERE i.id = interview_id)"
        statements += [
            f"ALTER TABLE ri.{table} ENABLE ROW LEVEL SECURITY",
            f"CREATE POLICY own ON ri.{table} TO ri_interviewer"
            f" USING ({visible}) WITH CHECK ({visible})",
            f"CREATE POLICY every ON ri.{table} TO ri_admin USING (true) WITH CHECK (true)",
        ]
    tables = ", ".join(f"ri.{t}" for t in ("interviews", *_PART_TABLES))
    statements += [
        "GRANT USAGE ON SCHEMA ri TO ri_interviewer, ri_analyst, ri_admin",
        "GRANT SELECT ON ri.schema_version TO ri_interviewer, ri_analyst, ri_admin",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON {tables} TO ri_interviewer, ri_admin",
    ]
    return tuple(statements)


_TALLY_FUNCTION = """
CREATE FUNCTION ri.gap_tally(since timestamptz) RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ri, pg_catalog, pg_temp AS $$
WITH done AS (
    SELECT id, started_at FROM ri.interviews
    WHERE status = 'complete' AND (since IS NULL OR completed_at >= since)
)
SELECT jsonb_build_object(
    'interviews', (SELECT count(*) FROM done),
    'gaps', (SELECT coalesce(jsonb_agg(x ORDER BY x.n DESC, x.arena, x.mode), '[]') FROM (
        SELECT g.arena, g.mode, count(DISTINCT g.interview_id) AS n
        FROM ri.interview_gaps g JOIN done d ON d.id = g.interview_id
        GROUP BY g.arena, g.mode) x),
    'arenas', (SELECT coalesce(jsonb_agg(x ORDER BY x.n DESC, x.arena), '[]') FROM (
        SELECT a.arena, min(a.name) AS name, bool_or(a.custom) AS custom,
               count(DISTINCT a.interview_id) AS n
        FROM ri.interview_arenas a JOIN done d ON d.id = a.interview_id
        GROUP BY a.arena) x),
    'modes', (SELECT coalesce(jsonb_agg(x ORDER BY x.mode), '[]') FROM (
        SELECT p.mode,
               count(DISTINCT p.interview_id) FILTER (WHERE p.rank = 1) AS first,
               count(DISTINCT p.interview_id) FILTER (WHERE p.rank <= 2) AS two,
               count(DISTINCT p.interview_id) AS n
        FROM ri.interview_preferences p JOIN done d ON d.id = p.interview_id
        GROUP BY p.mode) x),
    'offerings', (SELECT coalesce(jsonb_agg(x ORDER BY x.n DESC, x.offering), '[]') FROM (
        SELECT p.offering,
               (array_agg(p.title ORDER BY d.started_at DESC))[1] AS title,
               (array_agg(p.category ORDER BY d.started_at DESC))[1] AS category,
               count(DISTINCT p.interview_id) AS n
        FROM ri.interview_presented p JOIN done d ON d.id = p.interview_id
        GROUP BY p.offering) x)
)
$$
"""

_TALLY_FUNCTION_4 = """
CREATE OR REPLACE FUNCTION ri.gap_tally(since timestamptz) RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ri, pg_catalog, pg_temp AS $$
WITH done AS (
    SELECT id, started_at FROM ri.interviews
    WHERE status = 'complete' AND (since IS NULL OR completed_at >= since)
)
SELECT jsonb_build_object(
    'interviews', (SELECT count(*) FROM done),
    'gaps', (SELECT coalesce(jsonb_agg(x ORDER BY x.n DESC, x.arena, x.mode), '[]') FROM (
        SELECT g.arena, g.mode, count(DISTINCT g.interview_id) AS n
        FROM ri.interview_gaps g JOIN done d ON d.id = g.interview_id
        WHERE g.kind = 'mode' OR g.wish IS NULL
        GROUP BY g.arena, g.mode) x),
    'wishes', (SELECT coalesce(jsonb_agg(x ORDER BY x.n DESC, x.arena), '[]') FROM (
        SELECT g.arena, g.kind, lower(btrim(g.wish)) AS wish, g.offering,
               count(DISTINCT g.interview_id) AS n
        FROM ri.interview_gaps g JOIN done d ON d.id = g.interview_id
        WHERE g.kind IN ('topic', 'full') AND g.wish IS NOT NULL
        GROUP BY g.arena, g.kind, g.offering, lower(btrim(g.wish))) x),
    'arenas', (SELECT coalesce(jsonb_agg(x ORDER BY x.n DESC, x.arena), '[]') FROM (
        SELECT a.arena, min(a.name) AS name, bool_or(a.custom) AS custom,
               count(DISTINCT a.interview_id) AS n
        FROM ri.interview_arenas a JOIN done d ON d.id = a.interview_id
        GROUP BY a.arena) x),
    'modes', (SELECT coalesce(jsonb_agg(x ORDER BY x.mode), '[]') FROM (
        SELECT p.mode,
               count(DISTINCT p.interview_id) FILTER (WHERE p.rank = 1) AS first,
               count(DISTINCT p.interview_id) FILTER (WHERE p.rank <= 2) AS two,
               count(DISTINCT p.interview_id) AS n
        FROM ri.interview_preferences p JOIN done d ON d.id = p.interview_id
        GROUP BY p.mode) x),
    'offerings', (SELECT coalesce(jsonb_agg(x ORDER BY x.n DESC, x.offering), '[]') FROM (
        SELECT p.offering,
               (array_agg(p.title ORDER BY d.started_at DESC))[1] AS title,
               (array_agg(p.category ORDER BY d.started_at DESC))[1] AS category,
               count(DISTINCT p.interview_id) AS n
        FROM ri.interview_presented p JOIN done d ON d.id = p.interview_id
        GROUP BY p.offering) x)
)
$$
"""

_ID_TAKEN_FUNCTION = """
CREATE FUNCTION ri.id_taken(wanted text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ri, pg_catalog, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM ri.interviews WHERE id = wanted)
$$
"""

# --- running counts for `ri gaps` (see sqlite.py for the idea): kept by a function that runs as
# the schema's owner, so that no role can write a count, and any role that saves or deletes can
# only make the counts true again for the interviews it names.

_REFRESH_FUNCTION = """
CREATE FUNCTION ri.refresh_tally(ids text[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ri, pg_catalog, pg_temp AS $$
BEGIN
    UPDATE ri.tally t SET n = t.n - c.n
    FROM (SELECT facet, key, sub, count(*) AS n FROM ri.tally_parts
          WHERE interview_id = ANY(ids) GROUP BY facet, key, sub) c
    WHERE t.facet = c.facet AND t.key = c.key AND t.sub = c.sub;
    DELETE FROM ri.tally_parts WHERE interview_id = ANY(ids);
    INSERT INTO ri.tally_parts (interview_id, facet, key, sub, label, extra)
    WITH done AS (SELECT id FROM ri.interviews WHERE id = ANY(ids) AND status = 'complete')
    SELECT id, 'interviews', '', '', NULL, NULL FROM done
    UNION ALL
    SELECT DISTINCT g.interview_id, 'gap', g.arena, coalesce(g.mode, ''), NULL::text, NULL::text
    FROM ri.interview_gaps g JOIN done ON done.id = g.interview_id
    UNION ALL
    SELECT a.interview_id, 'arena', a.arena, '', min(a.name),
           CASE WHEN bool_or(a.custom) THEN '1' ELSE '0' END
    FROM ri.interview_arenas a JOIN done ON done.id = a.interview_id
    GROUP BY a.interview_id, a.arena
    UNION ALL
    SELECT DISTINCT p.interview_id, 'mode-first', p.mode, '', NULL::text, NULL::text
    FROM ri.interview_preferences p JOIN done ON done.id = p.interview_id WHERE p.rank = 1
    UNION ALL
    SELECT DISTINCT p.interview_id, 'mode-two', p.mode, '', NULL::text, NULL::text
    FROM ri.interview_preferences p JOIN done ON done.id = p.interview_id WHERE p.rank <= 2
    UNION ALL
    SELECT DISTINCT p.interview_id, 'mode-any', p.mode, '', NULL::text, NULL::text
    FROM ri.interview_preferences p JOIN done ON done.id = p.interview_id
    UNION ALL
    SELECT p.interview_id, 'offering', p.offering, '', min(p.title), min(p.category)
    FROM ri.interview_presented p JOIN done ON done.id = p.interview_id
    GROUP BY p.interview_id, p.offering;
    INSERT INTO ri.tally AS t (facet, key, sub, n, label, extra)
    SELECT facet, key, sub, count(*), max(label), max(extra) FROM ri.tally_parts
    WHERE interview_id = ANY(ids) GROUP BY facet, key, sub
    ON CONFLICT (facet, key, sub) DO UPDATE SET n = t.n + excluded.n,
        label = coalesce(excluded.label, t.label), extra = coalesce(excluded.extra, t.extra);
END
$$
"""

# Schema 4: topic and full gaps counted by wish, apart from the mode gaps.
_REFRESH_FUNCTION_4 = """
CREATE OR REPLACE FUNCTION ri.refresh_tally(ids text[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ri, pg_catalog, pg_temp AS $$
BEGIN
    UPDATE ri.tally t SET n = t.n - c.n
    FROM (SELECT facet, key, sub, count(*) AS n FROM ri.tally_parts
          WHERE interview_id = ANY(ids) GROUP BY facet, key, sub) c
    WHERE t.facet = c.facet AND t.key = c.key AND t.sub = c.sub;
    DELETE FROM ri.tally_parts WHERE interview_id = ANY(ids);
    INSERT INTO ri.tally_parts (interview_id, facet, key, sub, label, extra)
    WITH done AS (SELECT id FROM ri.interviews WHERE id = ANY(ids) AND status = 'complete')
    SELECT id, 'interviews', '', '', NULL, NULL FROM done
    UNION ALL
    SELECT DISTINCT g.interview_id, 'gap', g.arena, coalesce(g.mode, ''), NULL::text, NULL::text
    FROM ri.interview_gaps g JOIN done ON done.id = g.interview_id
    WHERE g.kind = 'mode' OR g.wish IS NULL
    UNION ALL
    SELECT g.interview_id, 'wish', g.arena,
           g.kind || '|' || coalesce(g.offering, '') || '|' || lower(btrim(g.wish)),
           NULL::text, NULL::text
    FROM ri.interview_gaps g JOIN done ON done.id = g.interview_id
    WHERE g.kind IN ('topic', 'full') AND g.wish IS NOT NULL
    GROUP BY g.interview_id, g.arena, g.kind, g.offering, lower(btrim(g.wish))
    UNION ALL
    SELECT a.interview_id, 'arena', a.arena, '', min(a.name),
           CASE WHEN bool_or(a.custom) THEN '1' ELSE '0' END
    FROM ri.interview_arenas a JOIN done ON done.id = a.interview_id
    GROUP BY a.interview_id, a.arena
    UNION ALL
    SELECT DISTINCT p.interview_id, 'mode-first', p.mode, '', NULL::text, NULL::text
    FROM ri.interview_preferences p JOIN done ON done.id = p.interview_id WHERE p.rank = 1
    UNION ALL
    SELECT DISTINCT p.interview_id, 'mode-two', p.mode, '', NULL::text, NULL::text
    FROM ri.interview_preferences p JOIN done ON done.id = p.interview_id WHERE p.rank <= 2
    UNION ALL
    SELECT DISTINCT p.interview_id, 'mode-any', p.mode, '', NULL::text, NULL::text
    FROM ri.interview_preferences p JOIN done ON done.id = p.interview_id
    UNION ALL
    SELECT p.interview_id, 'offering', p.offering, '', min(p.title), min(p.category)
    FROM ri.interview_presented p JOIN done ON done.id = p.interview_id
    GROUP BY p.interview_id, p.offering;
    INSERT INTO ri.tally AS t (facet, key, sub, n, label, extra)
    SELECT facet, key, sub, count(*), max(label), max(extra) FROM ri.tally_parts
    WHERE interview_id = ANY(ids) GROUP BY facet, key, sub
    ON CONFLICT (facet, key, sub) DO UPDATE SET n = t.n + excluded.n,
        label = coalesce(excluded.label, t.label), extra = coalesce(excluded.extra, t.extra);
END
$$
"""

_TALLY_FUNCTION_5 = (
    _TALLY_FUNCTION_4.replace(
        "SELECT id, started_at FROM ri.interviews",
        "SELECT id, started_at, outcome_status FROM ri.interviews",
    )
    .replace(
        "'interviews', (SELECT count(*) FROM done),",
        "'interviews', (SELECT count(*) FROM done),\n"
        "    'outcomes', (SELECT count(outcome_status) FROM done),\n"
        "    'left', (SELECT count(*) FROM done WHERE outcome_status IN ('declined', 'withdrew')),",
    )
    .replace(
        "SELECT g.arena, g.mode, count(DISTINCT g.interview_id) AS n\n",
        "SELECT g.arena, g.mode, count(DISTINCT g.interview_id) AS n,\n"
        "               count(DISTINCT g.interview_id)\n"
        "               FILTER (WHERE d.outcome_status IN ('declined', 'withdrew')) AS left_n\n",
    )
)
assert _TALLY_FUNCTION_5.count("outcome_status") == 4

# Schema 5: the counts by outcome (`ri outcome`), as sqlite.py's _CONTRIBUTION keeps them: how
# many complete interviews have each outcome, and the mode gaps of those who declined or withdrew.
_REFRESH_FUNCTION_5 = _REFRESH_FUNCTION_4.replace(
    "WITH done AS (SELECT id FROM ri.interviews WHERE id = ANY(ids) AND status = 'complete')\n"
    "    SELECT id, 'interviews', '', '', NULL, NULL FROM done\n",
    "WITH done AS (SELECT id, outcome_status FROM ri.interviews\n"
    "                  WHERE id = ANY(ids) AND status = 'complete')\n"
    "    SELECT id, 'interviews', '', '', NULL, NULL FROM done\n"
    "    UNION ALL\n"
    "    SELECT id, 'outcome', outcome_status, '', NULL::text, NULL::text FROM done\n"
    "    WHERE outcome_status IS NOT NULL\n"
    "    UNION ALL\n"
    "    SELECT DISTINCT g.interview_id, 'gap-left', g.arena, coalesce(g.mode, ''),\n"
    "           NULL::text, NULL::text\n"
    "    FROM ri.interview_gaps g JOIN done ON done.id = g.interview_id\n"
    "    WHERE done.outcome_status IN ('declined', 'withdrew')\n"
    "      AND (g.kind = 'mode' OR g.wish IS NULL)\n",
)
assert _REFRESH_FUNCTION_5 != _REFRESH_FUNCTION_4


_COUNTS_FUNCTION = """
CREATE FUNCTION ri.gap_counts() RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ri, pg_catalog, pg_temp AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object(
        'facet', facet, 'key', key, 'sub', sub, 'n', n, 'label', label, 'extra', extra)), '[]')
    FROM ri.tally WHERE n > 0
$$
"""


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "the interview record, one table per repeated part, and who may see what",
        (
            """
            CREATE TABLE ri.interviews (
                id text PRIMARY KEY CHECK (id ~ '^[a-z0-9-]{1,12}$'),
                owner name NOT NULL DEFAULT current_user,
                status text NOT NULL CHECK (status IN ('draft', 'complete')),
                candidate text,
                role text,
                interviewer text,
                started_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL,
                catalogue_path text,
                catalogue_sha256 text,
                catalogue_git_commit text,
                catalogue_git_dirty boolean,
                pitch_done boolean NOT NULL DEFAULT false,
                growth_note text,
                reviewed boolean NOT NULL DEFAULT false,
                notes text,
                completed_at timestamptz,
                finished text NOT NULL DEFAULT '',
                outcome_status text CHECK (outcome_status IN
                    ('hired', 'declined', 'not-offered', 'withdrew')),
                outcome_start date
            )
            """,
            "CREATE INDEX interviews_newest ON ri.interviews (started_at DESC, id)",
            "CREATE INDEX interviews_by_status ON ri.interviews (status, started_at DESC, id)",
            "CREATE INDEX interviews_by_owner ON ri.interviews (owner, started_at DESC, id)",
            "CREATE INDEX interviews_by_change ON ri.interviews (updated_at)",
            "CREATE INDEX interviews_completed ON ri.interviews (completed_at)"
            " WHERE status = 'complete'",
            """
            CREATE TABLE ri.interview_arenas (
                interview_id text NOT NULL REFERENCES ri.interviews (id) ON DELETE CASCADE,
                position integer NOT NULL,
                arena text NOT NULL,
                name text NOT NULL,
                custom boolean NOT NULL,
                strengths text,
                learn text,
                obstacles text,
                PRIMARY KEY (interview_id, position)
            )
            """,
            """
            CREATE TABLE ri.interview_preferences (
                interview_id text NOT NULL REFERENCES ri.interviews (id) ON DELETE CASCADE,
                rank integer NOT NULL,
                mode text NOT NULL,
                PRIMARY KEY (interview_id, rank)
            )
            """,
            """
            CREATE TABLE ri.interview_matches (
                interview_id text NOT NULL REFERENCES ri.interviews (id) ON DELETE CASCADE,
                position integer NOT NULL,
                arena text NOT NULL,
                PRIMARY KEY (interview_id, position)
            )
            """,
            """
            CREATE TABLE ri.interview_presented (
                interview_id text NOT NULL REFERENCES ri.interviews (id) ON DELETE CASCADE,
                match_position integer NOT NULL,
                position integer NOT NULL,
                offering text NOT NULL,
                title text NOT NULL,
                category text NOT NULL,
                reasons text NOT NULL,
                score double precision NOT NULL,
                PRIMARY KEY (interview_id, match_position, position)
            )
            """,
            """
            CREATE TABLE ri.interview_highlights (
                interview_id text NOT NULL REFERENCES ri.interviews (id) ON DELETE CASCADE,
                position integer NOT NULL,
                offering text NOT NULL,
                PRIMARY KEY (interview_id, position)
            )
            """,
            """
            CREATE TABLE ri.interview_gaps (
                interview_id text NOT NULL REFERENCES ri.interviews (id) ON DELETE CASCADE,
                position integer NOT NULL,
                arena text NOT NULL,
                mode text,
                message text NOT NULL,
                PRIMARY KEY (interview_id, position)
            )
            """,
            """
            CREATE TABLE ri.interview_snapshots (
                interview_id text NOT NULL REFERENCES ri.interviews (id) ON DELETE CASCADE,
                position integer NOT NULL,
                offering text NOT NULL,
                title text NOT NULL,
                category text NOT NULL,
                PRIMARY KEY (interview_id, position)
            )
            """,
            """
            CREATE TABLE ri.interview_struck (
                interview_id text NOT NULL REFERENCES ri.interviews (id) ON DELETE CASCADE,
                position integer NOT NULL,
                arena text NOT NULL,
                offering text NOT NULL,
                PRIMARY KEY (interview_id, position)
            )
            """,
            "CREATE INDEX interview_gaps_by_need ON ri.interview_gaps (arena, mode)",
            "CREATE INDEX interview_presented_by_offering ON ri.interview_presented (offering)",
            *_policies(),
            _TALLY_FUNCTION,
            _ID_TAKEN_FUNCTION,
            "REVOKE ALL ON FUNCTION ri.gap_tally(timestamptz) FROM PUBLIC",
            "GRANT EXECUTE ON FUNCTION ri.gap_tally(timestamptz) TO ri_analyst, ri_admin",
            "REVOKE ALL ON FUNCTION ri.id_taken(text) FROM PUBLIC",
            "GRANT EXECUTE ON FUNCTION ri.id_taken(text) TO ri_interviewer, ri_admin",
        ),
    ),
    Migration(
        2,
        "running counts for `ri gaps`, so it costs the same at any size of store",
        (
            """
            CREATE TABLE ri.tally (
                facet text NOT NULL,
                key text NOT NULL,
                sub text NOT NULL,
                n integer NOT NULL,
                label text,
                extra text,
                PRIMARY KEY (facet, key, sub)
            )
            """,
            """
            CREATE TABLE ri.tally_parts (
                interview_id text NOT NULL,
                facet text NOT NULL,
                key text NOT NULL,
                sub text NOT NULL,
                label text,
                extra text,
                PRIMARY KEY (interview_id, facet, key, sub)
            )
            """,
            _REFRESH_FUNCTION,
            _COUNTS_FUNCTION,
            "REVOKE ALL ON FUNCTION ri.refresh_tally(text[]) FROM PUBLIC",
            "GRANT EXECUTE ON FUNCTION ri.refresh_tally(text[]) TO ri_interviewer, ri_admin",
            "REVOKE ALL ON FUNCTION ri.gap_counts() FROM PUBLIC",
            "GRANT EXECUTE ON FUNCTION ri.gap_counts() TO ri_analyst, ri_admin",
            "SELECT ri.refresh_tally(ARRAY(SELECT id FROM ri.interviews))",
        ),
    ),
    Migration(
        3,
        "what kind each gap is, the wish in the candidate's words, the full offering it names",
        (
            "ALTER TABLE ri.interview_gaps ADD COLUMN kind text CHECK (kind IN"
            " ('topic', 'full', 'mode'))",
            "ALTER TABLE ri.interview_gaps ADD COLUMN wish text",
            "ALTER TABLE ri.interview_gaps ADD COLUMN offering text",
            "UPDATE ri.interview_gaps"
            " SET kind = CASE WHEN mode IS NULL THEN 'topic' ELSE 'mode' END",
        ),
    ),
    Migration(
        4,
        "topic and full gaps counted by the candidate's wish, apart from the mode gaps",
        (
            _TALLY_FUNCTION_4,
            _REFRESH_FUNCTION_4,
            "SELECT ri.refresh_tally(ARRAY(SELECT id FROM ri.interviews))",
        ),
    ),
    Migration(
        5,
        "counts by outcome: what candidates who declined or withdrew wanted",
        (
            _TALLY_FUNCTION_5,
            _REFRESH_FUNCTION_5,
            "SELECT ri.refresh_tally(ARRAY(SELECT id FROM ri.interviews))",
        ),
    ),
)
SCHEMA_VERSION = MIGRATIONS[-1].version


def _need_psycopg() -> None:
    if psycopg is None:
        raise StoreError(
            "a postgresql:// store needs the PostgreSQL driver: "
            "pip install 'reverse-interview[postgres]'"
        )


# --- where the server is, said without a password ---------------------------------------------


def describe_url(url: str) -> str:
    """The store as a person should see it: user, server and database, never a password."""
    _need_psycopg()
    try:
        parts = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "postgresql://(a URL that cannot be read)"
    user = parts.get("user")
    host = str(parts.get("host") or "")
    port = parts.get("port")
    database = parts.get("dbname") or ""
    if host.startswith("/"):
        where = f"/{quote(str(database))}?host={host}"
        server = ""
    else:
        where = f"/{quote(str(database))}"
        server = host + (f":{port}" if port else "")
    who = f"{user}@" if user else ""
    return f"postgresql://{who}{server}{where}"


def _server_words(error: BaseException, password: str | None) -> str:
    """The first useful line of what libpq said, with any password taken out."""
    text = str(error).strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # libpq puts "connection to server ... failed: REASON" first; the reason is what helps.
    line = lines[0] if lines else type(error).__name__
    if "failed:" in line:
        line = line.split("failed:", 1)[1].strip() or line
    if password:
        line = line.replace(password, "***")
    return line


class PostgresStore(Store):
    """An open connection to a team store. Open it with `Store.open(url)`."""

    def __init__(self, connection: Any, url: str, roles: frozenset[str]) -> None:
        self._db = connection
        self._url = url
        self._where = describe_url(url)
        self._roles = roles

    @property
    def backend(self) -> str:
        return "postgresql"

    # connecting

    @classmethod
    def connect(cls, url: str) -> PostgresStore:
        """Connect, check the schema's version and the login's role; StoreError otherwise."""
        connection = _connect(url)
        try:
            roles = _check_schema(connection, url)
        except BaseException:
            connection.close()
            raise
        return cls(connection, url, roles)

    def close(self) -> None:
        self._db.close()

    def describe(self) -> str:
        return self._where

    @property
    def roles(self) -> frozenset[str]:
        """The ri roles this login holds (`ri_interviewer`, `ri_analyst`, `ri_admin`)."""
        return self._roles

    @property
    def login(self) -> str:
        return str(self._db.info.user)

    # transactions and refusals

    @contextmanager
    def _errors(self, command: str, needs: str = DATA_ROLES) -> Iterator[None]:
        """Turn PostgreSQL's refusals and failures into one clear StoreError."""
        try:
            yield
        except pg_errors.InsufficientPrivilege:
            held = ", ".join(sorted(self._roles)) or "no ri role"
            raise StoreError(
                f"{command} needs the role {needs}; the login {self.login} has {held} in "
                f"{self._where} (an admin can run: ri store grant {self.login} --as ...)"
            ) from None
        except psycopg.OperationalError as error:
            raise StoreError(
                f"lost the PostgreSQL store {self._where}: {_server_words(error, None)};"
                " check the server and try again"
            ) from None

    @contextmanager
    def _write(self) -> Iterator[Any]:
        with self._db.transaction():
            yield self._db.cursor(row_factory=dict_row)

    @contextmanager
    def _read(self) -> Iterator[Any]:
        """One consistent snapshot for every query inside."""
        with self._db.transaction():
            self._db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield self._db.cursor(row_factory=dict_row)

    def check_writable(self) -> None:
        """Save a throw-away record as an answer would be, then roll it back."""
        probe = Interview(id="ri-probe")
        with self._errors("ri run"):
            try:
                with self._db.transaction():
                    self._write_record(self._db.cursor(row_factory=dict_row), probe)
                    raise _RollBack
            except _RollBack:
                pass

    # ids

    def id_taken(self, interview_id: str) -> bool:
        with self._errors("ri run"):
            row = self._db.execute("SELECT ri.id_taken(%s)", (interview_id,)).fetchone()
        return bool(row[0])

    def _taken(self, cur: Any, interview_id: str) -> bool:
        return bool(
            cur.execute("SELECT ri.id_taken(%s) AS taken", (interview_id,)).fetchone()["taken"]
        )

    def resolve(self, prefix: str) -> str:
        wanted = prefix.strip().lower()
        if not ID_RE.match(wanted):
            raise NotFound(self._unknown(prefix))
        bounds = {"low": wanted, "high": wanted + "~"}
        with self._errors("reading interviews"), self._read() as cur:
            if cur.execute("SELECT 1 FROM ri.interviews WHERE id = %(low)s", bounds).fetchone():
                return wanted
            rows = cur.execute(
                "SELECT id, candidate FROM ri.interviews WHERE id > %(low)s AND id < %(high)s"
                ' ORDER BY id COLLATE "C" LIMIT %(n)s',
                {**bounds, "n": MAX_CANDIDATES_LISTED + 1},
            ).fetchall()
            if not rows:
                raise NotFound(self._unknown(prefix))
            if len(rows) == 1:
                return str(rows[0]["id"])
            total = cur.execute(
                "SELECT count(*) AS n FROM ri.interviews WHERE id > %(low)s AND id < %(high)s",
                bounds,
            ).fetchone()["n"]
        listed = ", ".join(
            f"{row['id']} ({one_line(row['candidate'])})" for row in rows[:MAX_CANDIDATES_LISTED]
        )
        more = f" and {total - MAX_CANDIDATES_LISTED} more" if total > MAX_CANDIDATES_LISTED else ""
        raise NotFound(
            f"ID prefix '{prefix}' matches {total} interviews in {self._where}: "
            f"{listed}{more}; type more of the ID"
        )

    def _unknown(self, text: str) -> str:
        return f"no interview with ID or prefix '{text}' in {self._where}; ri list shows them"

    # writing

    def save(self, interview: Interview) -> None:
        if not ID_RE.match(interview.id):
            raise ValueError(f"not an interview ID: {interview.id!r}")
        with self._errors("saving an interview"), self._write() as cur:
            self._write_record(cur, interview)

    def _write_record(self, cur: Any, interview: Interview) -> None:
        cur.execute(_UPSERT_INTERVIEW, _pg_row(records.interview_row(interview)))
        for table, rows in records.part_rows(interview).items():
            cur.execute(
                sql.SQL("DELETE FROM ri.{} WHERE interview_id = %s").format(sql.Identifier(table)),
                (interview.id,),
            )
            if rows:
                cur.executemany(_INSERT_PART[table], [_pg_row(r) for r in rows])
        cur.execute("SELECT ri.refresh_tally(%s)", ([interview.id],))

    def set_struck(self, interview_id: str, struck: Sequence[Struck]) -> None:
        rows = records.STRUCK.rows(Interview(id=interview_id, struck=tuple(struck)))
        with self._errors("saving an interview"), self._write() as cur:
            self._touch(cur, interview_id)
            cur.execute("DELETE FROM ri.interview_struck WHERE interview_id = %s", (interview_id,))
            if rows:
                cur.executemany(
                    _INSERT_PART["interview_struck"],
                    [{"interview_id": interview_id, **row} for row in rows],
                )

    def set_outcome(self, interview_id: str, outcome: Outcome | None) -> None:
        with self._errors("recording an outcome"), self._write() as cur:
            self._touch(cur, interview_id)
            cur.execute(
                "UPDATE ri.interviews SET outcome_status = %(status)s, outcome_start = %(start)s"
                " WHERE id = %(id)s",
                {
                    "id": interview_id,
                    "status": outcome.status if outcome else None,
                    "start": outcome.start if outcome else None,
                },
            )
            cur.execute("SELECT ri.refresh_tally(%s)", ([interview_id],))

    def _touch(self, cur: Any, interview_id: str) -> None:
        changed = cur.execute(
            "UPDATE ri.interviews SET updated_at = %(now)s WHERE id = %(id)s",
            {"id": interview_id, "now": _now()},
        )
        if changed.rowcount == 0:
            raise NotFound(self._unknown(interview_id))

    def delete(self, interview_id: str) -> None:
        with self._errors("ri delete"), self._write() as cur:
            gone = cur.execute("DELETE FROM ri.interviews WHERE id = %s", (interview_id,))
            if gone.rowcount == 0:
                raise NotFound(self._unknown(interview_id))
            cur.execute("SELECT ri.refresh_tally(%s)", ([interview_id],))

    def older_than(self, before: dt.datetime, *, status: Status | None = None) -> list[str]:
        where, params = _older_filter(before, status)
        with self._errors("ri delete"), self._read() as cur:
            return [
                row["id"]
                for row in cur.execute(
                    f"SELECT id FROM ri.interviews WHERE {where} ORDER BY updated_at, id", params
                )
            ]

    def delete_older_than(self, before: dt.datetime, *, status: Status | None = None) -> int:
        where, params = _older_filter(before, status)
        with self._errors("ri delete"), self._write() as cur:
            ids = [
                row["id"]
                for row in cur.execute(
                    f"DELETE FROM ri.interviews WHERE {where} RETURNING id", params
                )
            ]
            cur.execute("SELECT ri.refresh_tally(%s)", (ids,))
        return len(ids)

    def import_interviews(self, interviews: Iterable[Interview]) -> ImportResult:
        added = replaced = unchanged = 0
        with self._errors("ri import"), self._write() as cur:
            for interview in interviews:
                if not ID_RE.match(interview.id):
                    raise ValueError(f"not an interview ID: {interview.id!r}")
                try:
                    existing: Interview | None = self._load(cur, interview.id)
                except NotFound:
                    existing = None
                if existing == interview:
                    unchanged += 1
                    continue
                if existing is None and self._taken(cur, interview.id):
                    raise StoreError(
                        f"interview {interview.id} is already in {self._where}, recorded by"
                        " another login: nothing was imported"
                    )
                if existing is None:
                    added += 1
                else:
                    replaced += 1
                self._write_record(cur, interview)
        return ImportResult(added, replaced, unchanged)

    # reading

    def load(self, interview_id: str) -> Interview:
        with self._errors("reading an interview"), self._read() as cur:
            return self._load(cur, interview_id)

    def _load(self, cur: Any, interview_id: str) -> Interview:
        key = {"id": interview_id}
        row = cur.execute("SELECT * FROM ri.interviews WHERE id = %(id)s", key).fetchone()
        if row is None:
            raise NotFound(self._unknown(interview_id))
        parts = {table: cur.execute(query, key).fetchall() for table, query in _SELECT_PART.items()}
        return records.interview_from(row, parts)

    def summary(self, interview_id: str) -> InterviewSummary:
        with self._errors("reading an interview"), self._read() as cur:
            row = cur.execute(
                f"SELECT {_SUMMARY} FROM ri.interviews WHERE id = %(id)s", {"id": interview_id}
            ).fetchone()
        if row is None:
            raise NotFound(self._unknown(interview_id))
        return records.summary_from(row)

    def list(self, *, status: str | None = None, limit: int | None = 50) -> list[InterviewSummary]:
        where, params = _status_filter(status)
        query = f"SELECT {_SUMMARY} FROM ri.interviews{where} ORDER BY started_at DESC, id"
        if limit is not None:
            query += " LIMIT %(limit)s"
            params = {**params, "limit": limit}
        with self._errors("ri list"), self._read() as cur:
            return [records.summary_from(row) for row in cur.execute(query, params)]

    def count(self, *, status: str | None = None) -> int:
        where, params = _status_filter(status)
        with self._errors("ri list"), self._read() as cur:
            return int(
                cur.execute(f"SELECT count(*) AS n FROM ri.interviews{where}", params).fetchone()[
                    "n"
                ]
            )

    def export(self, *, since: dt.datetime | None = None) -> Iterator[Interview]:
        where, params = "", {}
        if since is not None:
            where, params = " WHERE updated_at >= %(since)s", {"since": since}
        with self._errors("ri export"), self._read() as cur:
            ids = [
                row["id"]
                for row in cur.execute(
                    f"SELECT id FROM ri.interviews{where} ORDER BY started_at, id", params
                )
            ]
            loaded = [self._load(cur, i) for i in ids]
        yield from loaded

    def tally(self, *, since: dt.datetime | None = None) -> Tally:
        if since is None:
            with self._errors("ri gaps", GAPS_ROLES):
                rows = self._db.execute("SELECT ri.gap_counts()").fetchone()[0]
            return tally_from_counts(rows if isinstance(rows, list) else json.loads(rows))
        return self._counted_tally(since)

    def _counted_tally(self, since: dt.datetime | None) -> Tally:
        with self._errors("ri gaps", GAPS_ROLES):
            value = self._db.execute("SELECT ri.gap_tally(%s)", (since,)).fetchone()[0]
        data = value if isinstance(value, dict) else json.loads(value)
        return Tally(
            interviews=int(data["interviews"]),
            gaps=tuple(
                GapCount(g["arena"], g["mode"], int(g["n"]), int(g["left_n"])) for g in data["gaps"]
            ),
            wishes=ranked_wishes(
                WishCount(w["arena"], w["kind"], w["wish"], w["offering"], int(w["n"]))
                for w in data["wishes"]
            ),
            arenas=tuple(
                ArenaCount(a["arena"], a["name"], bool(a["custom"]), int(a["n"]))
                for a in data["arenas"]
            ),
            modes=tuple(
                ModeCount(m["mode"], int(m["first"]), int(m["two"]), int(m["n"]))
                for m in data["modes"]
            ),
            offerings=tuple(
                OfferingCount(o["offering"], o["title"], o["category"], int(o["n"]))
                for o in data["offerings"]
            ),
            outcomes=int(data["outcomes"]),
            left=int(data["left"]),
        )


class _RollBack(Exception):
    """Raised inside a transaction to undo it on purpose."""


# --- statements, derived from records.py --------------------------------------------------------


def _insert(table: str, columns: Sequence[str]) -> str:
    names = ", ".join(columns)
    marks = ", ".join(f"%({c})s" for c in columns)
    return f"INSERT INTO ri.{table} ({names}) VALUES ({marks})"


def _upsert() -> str:
    columns = records.INTERVIEW_COLUMNS
    updates = ",\n    ".join(
        f"{c} = excluded.{c}" for c in columns if c not in ("id", "completed_at")
    )
    return (
        _insert("interviews", columns)
        + "\nON CONFLICT (id) DO UPDATE SET\n    "
        + updates
        + ",\n    completed_at = CASE WHEN excluded.status = 'complete'"
        " THEN coalesce(interviews.completed_at, excluded.completed_at) END"
    )


_UPSERT_INTERVIEW = _upsert()
_INSERT_PART = {
    part.table: _insert(part.table, ("interview_id", *part.columns)) for part in records.PARTS
}
_SELECT_PART = {
    part.table: f"SELECT * FROM ri.{part.table} WHERE interview_id = %(id)s"
    f" ORDER BY {', '.join(part.key)}"
    for part in records.PARTS
}
_SUMMARY = ", ".join(records.SUMMARY_COLUMNS)


def _pg_value(value: Any) -> Any:
    # PostgreSQL text cannot hold NUL; a pasted one is kept visible rather than refused mid-call.
    if isinstance(value, str) and "\x00" in value:
        return value.replace("\x00", "\u2400")
    return value


def _pg_row(row: Mapping[str, Any]) -> dict[str, Any]:
    return {key: _pg_value(value) for key, value in row.items()}


def _now() -> dt.datetime:
    from reverse_interview.models import now

    return now()


def _status_filter(status: str | None) -> tuple[str, dict[str, Any]]:
    return ("", {}) if status is None else (" WHERE status = %(status)s", {"status": status})


def _older_filter(before: dt.datetime, status: Status | None) -> tuple[str, dict[str, Any]]:
    where = "updated_at < %(before)s"
    params: dict[str, Any] = {"before": before}
    if status is not None:
        where += " AND status = %(status)s"
        params["status"] = status
    return where, params


# --- connecting and checking -------------------------------------------------------------------


def _connect(url: str) -> Any:
    _need_psycopg()
    where = describe_url(url)
    try:
        password = psycopg.conninfo.conninfo_to_dict(url).get("password")
    except psycopg.ProgrammingError as error:
        raise StoreError(
            f"cannot read the store URL {where}: {_server_words(error, None)}"
        ) from None
    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_SECONDS)
    except psycopg.OperationalError as error:
        words = _server_words(error, str(password) if password else None)
        raise StoreError(
            f"cannot connect to the PostgreSQL store {where}: {words}; {_next_step(words)}"
        ) from None


def _next_step(words: str) -> str:
    if "password" in words:
        return "check the password (PGPASSWORD or ~/.pgpass)"
    if "role" in words and "does not exist" in words:
        return "ask the store's admin to run: ri store grant LOGIN --as interviewer"
    if "database" in words and "does not exist" in words:
        return "create the database, then run: ri store init"
    return "check that the server is running and the URL is right"


def _check_schema(connection: Any, url: str) -> frozenset[str]:
    """The login's ri roles, once the schema is known to be there and of this version."""
    where = describe_url(url)
    roles = _roles_of(connection)
    try:
        row = connection.execute("SELECT max(version) FROM ri.schema_version").fetchone()
    except (pg_errors.UndefinedTable, pg_errors.InvalidSchemaName):
        raise StoreError(
            f"the PostgreSQL store {where} has no ri schema yet; "
            "the database owner runs: ri store init --store URL"
        ) from None
    except pg_errors.InsufficientPrivilege:
        raise StoreError(
            f"the login {connection.info.user} has no ri role in {where}; "
            f"an admin runs: ri store grant {connection.info.user} --as interviewer"
        ) from None
    version = int(row[0] or 0)
    if version > SCHEMA_VERSION:
        raise StoreError(newer_message(where, version))
    if version < SCHEMA_VERSION:
        raise StoreError(
            f"the PostgreSQL store {where} has schema version {version}; this ri needs "
            f"{SCHEMA_VERSION}: the database owner runs: ri store init --store URL"
        )
    return roles


def _roles_of(connection: Any) -> frozenset[str]:
    rows = connection.execute(
        "SELECT rolname FROM pg_roles WHERE rolname = ANY(%s)"
        " AND pg_has_role(current_user, oid, 'MEMBER')",
        (list(ROLES.values()),),
    ).fetchall()
    return frozenset(row[0] for row in rows)


def newer_message(where: str, version: int) -> str:
    return (
        f"the store {where} was written by a newer ri (schema version {version}; this ri knows "
        f"up to {SCHEMA_VERSION}); upgrade ri to use it. Nothing was changed."
    )


# --- ri store init and ri store grant -----------------------------------------------------------


@dataclass(frozen=True)
class InitResult:
    where: str
    before: int
    after: int
    created_roles: tuple[str, ...]


def init(url: str) -> InitResult:
    """Create or migrate the schema and the three roles, as the database owner."""
    connection = _connect(url)
    where = describe_url(url)
    try:
        with connection:
            try:
                created = _create_roles(connection)
                with connection.transaction():
                    # One init at a time: a second waits here, then finds the work done.
                    connection.execute("SELECT pg_advisory_xact_lock(hashtext('ri store init'))")
                    connection.execute("CREATE SCHEMA IF NOT EXISTS ri")
                    connection.execute(
                        "CREATE TABLE IF NOT EXISTS ri.schema_version ("
                        " version integer NOT NULL,"
                        " applied_at timestamptz NOT NULL DEFAULT now(),"
                        " purpose text NOT NULL)"
                    )
                    before = _version(connection)
                    if before > SCHEMA_VERSION:
                        raise StoreError(newer_message(where, before))
                    for migration in MIGRATIONS:
                        if migration.version <= before:
                            continue
                        # Each migration in its own savepoint-free step of this transaction:
                        # a failure leaves the schema as it was before init.
                        for statement in migration.statements:
                            connection.execute(statement)
                        connection.execute(
                            "INSERT INTO ri.schema_version (version, purpose) VALUES (%s, %s)",
                            (migration.version, migration.purpose),
                        )
                    after = _version(connection)
            except pg_errors.InsufficientPrivilege as error:
                raise StoreError(
                    f"ri store init needs the owner of the database {where} (or a superuser)"
                    f" with the right to create roles: {_server_words(error, None)}"
                ) from None
    finally:
        connection.close()
    return InitResult(where, before, after, created)


def _version(connection: Any) -> int:
    row = connection.execute("SELECT max(version) FROM ri.schema_version").fetchone()
    return int(row[0] or 0)


def _create_roles(connection: Any) -> tuple[str, ...]:
    created = []
    for role in ROLES.values():
        exists = connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        if exists:
            continue
        try:
            connection.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
        except pg_errors.DuplicateObject:
            continue  # another init made it meanwhile
        created.append(role)
    return tuple(created)


@dataclass(frozen=True)
class GrantResult:
    where: str
    login: str
    role: str
    created_login: bool


def grant(url: str, login: str, as_: str) -> GrantResult:
    """Give `login` exactly one ri role (creating the login, without a password, if need be)."""
    role = ROLES[as_]
    connection = _connect(url)
    where = describe_url(url)
    try:
        _check_schema_for_grant(connection, where)
        try:
            with connection.transaction():
                exists = connection.execute(
                    "SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", (login,)
                ).fetchone()
                created = exists is None
                if created:
                    connection.execute(
                        sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(login))
                    )
                for other in ROLES.values():
                    if other != role:
                        connection.execute(
                            sql.SQL("REVOKE {} FROM {}").format(
                                sql.Identifier(other), sql.Identifier(login)
                            )
                        )
                connection.execute(
                    sql.SQL("GRANT {} TO {}").format(sql.Identifier(role), sql.Identifier(login))
                )
        except pg_errors.InsufficientPrivilege as error:
            raise StoreError(
                f"ri store grant needs the database owner of {where} (who ran ri store init):"
                f" {_server_words(error, None)}"
            ) from None
    finally:
        connection.close()
    return GrantResult(where, login, role, created)


def _check_schema_for_grant(connection: Any, where: str) -> None:
    try:
        version = _version(connection)
    except (pg_errors.UndefinedTable, pg_errors.InvalidSchemaName):
        raise StoreError(
            f"the PostgreSQL store {where} has no ri schema yet; run first: ri store init"
        ) from None
    if version > SCHEMA_VERSION:
        raise StoreError(newer_message(where, version))
