"""The PostgreSQL store's schema: tables, row-level security, the owner-run functions, and the
ordered list of migrations that `ri store init` applies (its version in `ri.schema_version`).

Who sees what is decided here, in the database: an interviewer's rows are their own, an admin
sees all, an analyst may only call the aggregate functions behind `ri gaps`. The functions that
count run as the schema's owner (SECURITY DEFINER), so no role can write a count itself.
A migration, once released, is never edited: a later one replaces a function whole.
"""

from __future__ import annotations

from reverse_interview.store import records
from reverse_interview.store.base import Migration

ROLES = {
    "interviewer": "ri_interviewer",
    "analyst": "ri_analyst",
    "admin": "ri_admin",
}
_PART_TABLES = tuple(part.table for part in records.PARTS)


def _edited(text: str, *changes: tuple[str, str]) -> str:
    """`text` with each (old, new) change made; each old piece must stand in it exactly once."""
    for old, new in changes:
        if text.count(old) != 1:
            raise AssertionError(f"expected once in the schema's SQL: {old!r}")
        text = text.replace(old, new)
    return text


def _from_to(text: str, start: str, end: str) -> str:
    """The piece of `text` from `start` up to (not including) `end`."""
    return text[text.index(start) : text.index(end)]


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


# The aggregates of `ri gaps --since`, counted from the interviews (schema 4: topic and full
# gaps counted by the wish, apart from the mode gaps).
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
# As schema 1 had it, before gaps had kinds.
_TALLY_FUNCTION = _edited(
    _TALLY_FUNCTION_4,
    ("CREATE OR REPLACE FUNCTION", "CREATE FUNCTION"),
    ("        WHERE g.kind = 'mode' OR g.wish IS NULL\n", ""),
    (_from_to(_TALLY_FUNCTION_4, "    'wishes'", "    'arenas'"), ""),
)

_ID_TAKEN_FUNCTION = """
CREATE FUNCTION ri.id_taken(wanted text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ri, pg_catalog, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM ri.interviews WHERE id = wanted)
$$
"""

# --- running counts for `ri gaps` (see sqlite_tally.py for the idea): kept by a function that
# runs as the schema's owner, so that no role can write a count, and any role that saves or
# deletes can only make the counts true again for the interviews it names.

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
# As schema 2 had it, before gaps had kinds.
_REFRESH_FUNCTION = _edited(
    _REFRESH_FUNCTION_4,
    ("CREATE OR REPLACE FUNCTION", "CREATE FUNCTION"),
    (
        _from_to(_REFRESH_FUNCTION_4, "    WHERE g.kind = 'mode'", "    UNION ALL\n    SELECT a."),
        "",
    ),
)

# Schema 5: the counts by outcome (`ri outcome`), as sqlite_tally.py keeps them: how many
# complete interviews have each outcome, and the mode gaps of those who declined or withdrew.
_TALLY_FUNCTION_5 = _edited(
    _TALLY_FUNCTION_4,
    (
        "SELECT id, started_at FROM ri.interviews",
        "SELECT id, started_at, outcome_status FROM ri.interviews",
    ),
    (
        "'interviews', (SELECT count(*) FROM done),",
        "'interviews', (SELECT count(*) FROM done),\n"
        "    'outcomes', (SELECT count(outcome_status) FROM done),\n"
        "    'left', (SELECT count(*) FROM done WHERE outcome_status IN ('declined', 'withdrew')),",
    ),
    (
        "SELECT g.arena, g.mode, count(DISTINCT g.interview_id) AS n\n",
        "SELECT g.arena, g.mode, count(DISTINCT g.interview_id) AS n,\n"
        "               count(DISTINCT g.interview_id)\n"
        "               FILTER (WHERE d.outcome_status IN ('declined', 'withdrew')) AS left_n\n",
    ),
)
_REFRESH_FUNCTION_5 = _edited(
    _REFRESH_FUNCTION_4,
    (
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
    ),
)

# Schema 6: a save costs the same at any size of store. The counts an interview had are taken
# back through their key (an upsert finds each by the index, where the join it replaces let the
# planner walk the whole table), and the function's plans are made once a session, not at every
# call (a custom plan cost ~3 ms to make, more than the whole save).
_REFRESH_FUNCTION_6 = _edited(
    _REFRESH_FUNCTION_5,
    (
        "SET search_path = ri, pg_catalog, pg_temp AS $$",
        "SET search_path = ri, pg_catalog, pg_temp\nSET plan_cache_mode = force_generic_plan AS $$",
    ),
    (
        "    UPDATE ri.tally t SET n = t.n - c.n\n"
        "    FROM (SELECT facet, key, sub, count(*) AS n FROM ri.tally_parts\n"
        "          WHERE interview_id = ANY(ids) GROUP BY facet, key, sub) c\n"
        "    WHERE t.facet = c.facet AND t.key = c.key AND t.sub = c.sub;\n",
        "    INSERT INTO ri.tally AS t (facet, key, sub, n)\n"
        "    SELECT facet, key, sub, -count(*) FROM ri.tally_parts\n"
        "    WHERE interview_id = ANY(ids) GROUP BY facet, key, sub\n"
        "    ON CONFLICT (facet, key, sub) DO UPDATE SET n = t.n + excluded.n;\n",
    ),
)
# Schema 7: the interviews counted by login and status as they come and go, by the schema's
# owner (no role writes a count itself). Once a statement, from the rows it changed: an import
# inserts a batch in one statement, where a trigger for each row would update the same count
# again and again in one transaction (each update a new version of it to walk past).
_COUNT_FUNCTION = """
CREATE FUNCTION ri.count_interviews() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ri, pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM ri.interview_counts;
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO ri.interview_counts AS c (owner, status, n)
        SELECT owner, status, count(*) FROM came GROUP BY owner, status ORDER BY owner, status
        ON CONFLICT (owner, status) DO UPDATE SET n = c.n + excluded.n;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE ri.interview_counts c SET n = c.n - g.n
        FROM (SELECT owner, status, count(*) AS n FROM gone GROUP BY owner, status) g
        WHERE c.owner = g.owner AND c.status = g.status;
    ELSE
        -- Only what moved (a save that keeps the status changes no count); in one order, so
        -- that two sessions moving interviews opposite ways wait for each other, not deadlock.
        INSERT INTO ri.interview_counts AS c (owner, status, n)
        SELECT owner, status, sum(n) FROM (
            SELECT owner, status, -1 AS n FROM gone
            UNION ALL
            SELECT owner, status, 1 AS n FROM came
        ) moved
        GROUP BY owner, status HAVING sum(n) <> 0 ORDER BY owner, status
        ON CONFLICT (owner, status) DO UPDATE SET n = c.n + excluded.n;
    END IF;
    RETURN NULL;
END
$$
"""

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
    Migration(
        6,
        "saving an answer costs the same at any size of store",
        (_REFRESH_FUNCTION_6,),
    ),
    Migration(
        7,
        "how many interviews each login has of each status, kept as they come and go (`ri list`)",
        (
            """
            CREATE TABLE ri.interview_counts (
                owner name NOT NULL,
                status text NOT NULL,
                n integer NOT NULL,
                PRIMARY KEY (owner, status)
            )
            """,
            "INSERT INTO ri.interview_counts (owner, status, n)"
            " SELECT owner, status, count(*) FROM ri.interviews GROUP BY owner, status",
            "ALTER TABLE ri.interview_counts ENABLE ROW LEVEL SECURITY",
            "CREATE POLICY own ON ri.interview_counts TO ri_interviewer"
            " USING (owner = current_user)",
            "CREATE POLICY every ON ri.interview_counts TO ri_admin USING (true)",
            "GRANT SELECT ON ri.interview_counts TO ri_interviewer, ri_admin",
            _COUNT_FUNCTION,
            "REVOKE ALL ON FUNCTION ri.count_interviews() FROM PUBLIC",
            "CREATE TRIGGER counted_in AFTER INSERT ON ri.interviews"
            " REFERENCING NEW TABLE AS came"
            " FOR EACH STATEMENT EXECUTE FUNCTION ri.count_interviews()",
            "CREATE TRIGGER counted_out AFTER DELETE ON ri.interviews"
            " REFERENCING OLD TABLE AS gone"
            " FOR EACH STATEMENT EXECUTE FUNCTION ri.count_interviews()",
            "CREATE TRIGGER counted_moved AFTER UPDATE ON ri.interviews"
            " REFERENCING OLD TABLE AS gone NEW TABLE AS came"
            " FOR EACH STATEMENT EXECUTE FUNCTION ri.count_interviews()",
            "CREATE TRIGGER counted_gone AFTER TRUNCATE ON ri.interviews"
            " FOR EACH STATEMENT EXECUTE FUNCTION ri.count_interviews()",
        ),
    ),
    Migration(
        8,
        "the indexes `ri gaps` had before its running counts, which no query uses now: a save"
        " updates two fewer",
        (
            "DROP INDEX IF EXISTS ri.interview_gaps_by_need",
            "DROP INDEX IF EXISTS ri.interview_presented_by_offering",
        ),
    ),
)
SCHEMA_VERSION = MIGRATIONS[-1].version


def newer_message(where: str, version: int) -> str:
    return (
        f"the store {where} was written by a newer ri (schema version {version}; this ri knows "
        f"up to {SCHEMA_VERSION}); upgrade ri to use it. Nothing was changed."
    )
