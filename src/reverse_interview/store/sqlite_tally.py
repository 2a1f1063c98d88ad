"""What `ri gaps` counts, in an SQLite store: running counts, and the count from the rows.

`tally` holds, for every (facet, key, sub), how many complete interviews count towards it, so
`ri gaps` reads a few hundred rows whatever the size of the store. `tally_parts` remembers what
each interview added, so that any change to it (saved, completed, reopened, deleted) can take
exactly that back: `REFRESH` recomputes the given interviews' parts from their rows as they
are now (nothing, for one that is gone or a draft) and moves the counts by the difference.
CROSS JOIN makes SQLite start from those few interviews (rather than walk a whole index for
the GROUP BY), so a save costs the same at any size of store.

`ri gaps --since` counts from the interviews themselves (`counted`), as the running counts
cannot say when each was completed; the tests hold the two to the same answer.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reverse_interview.store import records

if TYPE_CHECKING:
    from reverse_interview.tally import Tally

# What each complete interview adds to the counts: the interviews that count (`done`), then one
# SELECT per facet, joined by UNION ALL.
_DONE = (
    "WITH done AS (\n"
    "    SELECT id, outcome_status FROM interviews WHERE id IN ({ids}) AND status = 'complete'\n"
    ")\n"
)
_INTERVIEWS = "SELECT id, 'interviews', '', '', NULL, NULL FROM done\n"
_BY_OUTCOME = (
    "SELECT id, 'outcome', outcome_status, '', NULL, NULL FROM done"
    " WHERE outcome_status IS NOT NULL\n",
    "SELECT DISTINCT g.interview_id, 'gap-left', g.arena, coalesce(g.mode, ''), NULL, NULL\n"
    "FROM done CROSS JOIN interview_gaps g ON g.interview_id = done.id\n"
    "WHERE done.outcome_status IN ('declined', 'withdrew')"
    " AND (g.kind = 'mode' OR g.wish IS NULL)\n",
)
_GAPS = (
    "SELECT DISTINCT g.interview_id, 'gap', g.arena, coalesce(g.mode, ''), NULL, NULL\n"
    "FROM done CROSS JOIN interview_gaps g ON g.interview_id = done.id\n"
)
_MODE_GAPS_ONLY = "WHERE g.kind = 'mode' OR g.wish IS NULL\n"
_WISHES = (
    "SELECT g.interview_id, 'wish', g.arena,\n"
    "       g.kind || '|' || coalesce(g.offering, '') || '|' || lower(trim(g.wish)), NULL, NULL\n"
    "FROM done CROSS JOIN interview_gaps g ON g.interview_id = done.id\n"
    "WHERE g.kind IN ('topic', 'full') AND g.wish IS NOT NULL\n"
    "GROUP BY g.interview_id, g.arena, g.kind, g.offering, lower(trim(g.wish))\n"
)
_CHOICES = (
    "SELECT a.interview_id, 'arena', a.arena, '', min(a.name), max(a.custom)\n"
    "FROM done CROSS JOIN interview_arenas a ON a.interview_id = done.id"
    " GROUP BY a.interview_id, a.arena\n",
    "SELECT DISTINCT p.interview_id, 'mode-first', p.mode, '', NULL, NULL\n"
    "FROM done CROSS JOIN interview_preferences p ON p.interview_id = done.id WHERE p.rank = 1\n",
    "SELECT DISTINCT p.interview_id, 'mode-two', p.mode, '', NULL, NULL\n"
    "FROM done CROSS JOIN interview_preferences p ON p.interview_id = done.id WHERE p.rank <= 2\n",
    "SELECT DISTINCT p.interview_id, 'mode-any', p.mode, '', NULL, NULL\n"
    "FROM done CROSS JOIN interview_preferences p ON p.interview_id = done.id\n",
    "SELECT p.interview_id, 'offering', p.offering, '', min(p.title), min(p.category)\n"
    "FROM done CROSS JOIN interview_presented p ON p.interview_id = done.id\n"
    "GROUP BY p.interview_id, p.offering\n",
)
_FACETS = "UNION ALL\n".join(
    (_INTERVIEWS, *_BY_OUTCOME, _GAPS + _MODE_GAPS_ONLY, _WISHES, *_CHOICES)
)
_CONTRIBUTION = "\n" + _DONE + _FACETS
# As counted before outcomes and topic and full gaps had counts of their own (schema 5; kept for
# that migration).
CONTRIBUTION_5 = (
    "\nWITH done AS (SELECT id FROM interviews WHERE id IN ({ids}) AND status = 'complete')\n"
    + "UNION ALL\n".join((_INTERVIEWS, _GAPS, *_CHOICES))
)


def refresh_statements(ids: str, contribution: str = _CONTRIBUTION) -> tuple[str, ...]:
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


# A save names one interview: `done` finds it by its ID. (Without the `+`, SQLite may walk the
# status index instead, past every complete interview in the store: 18 ms a save at 100,000.)
_DONE_BY_ID = _DONE.replace("AND status = 'complete'", "AND +status = 'complete'")
_REFRESH = refresh_statements("SELECT value FROM json_each(:ids)", "\n" + _DONE_BY_ID + _FACETS)

# The outcomes whose candidates `ri gaps` counts apart: they left, with what they wanted unmet.
_LEFT = "('declined', 'withdrew')"


def refresh(db: sqlite3.Connection, ids: Sequence[str]) -> None:
    """Make the running counts right for these interviews, in the caller's transaction."""
    if ids:
        params = {"ids": json.dumps(list(ids))}
        for statement in _REFRESH:
            db.execute(statement, params)


def running(db: sqlite3.Connection) -> Tally:
    """The tally from the running counts, across every complete interview."""
    from reverse_interview.tally import tally_from_counts

    return tally_from_counts(db.execute("SELECT * FROM tally WHERE n > 0").fetchall())


def counted(db: sqlite3.Connection, since: dt.datetime | None) -> Tally:
    """The tally counted from the interviews completed at or after `since` (all: None), in
    the caller's read transaction."""
    from reverse_interview.tally import tally_from_tables

    where = "i.status = 'complete'"
    params: dict[str, str] = {}
    if since is not None:
        where += " AND i.completed_at >= :since"
        params = {"since": records.utc_text(since)}
    interviews, outcomes, left = db.execute(
        "SELECT count(*), count(i.outcome_status),"
        f" count(CASE WHEN i.outcome_status IN {_LEFT} THEN 1 END)"
        f" FROM interviews i WHERE {where}",
        params,
    ).fetchone()
    gaps = db.execute(
        "SELECT g.arena, g.mode, count(DISTINCT g.interview_id) AS n,"
        f" count(DISTINCT CASE WHEN i.outcome_status IN {_LEFT} THEN g.interview_id END)"
        " AS left_n"
        " FROM interview_gaps g JOIN interviews i ON i.id = g.interview_id"
        f" WHERE {where} AND (g.kind = 'mode' OR g.wish IS NULL)"
        " GROUP BY g.arena, g.mode ORDER BY n DESC, g.arena, g.mode",
        params,
    ).fetchall()
    wishes = db.execute(
        "SELECT g.arena, g.kind, lower(trim(g.wish)) AS wish, g.offering,"
        " count(DISTINCT g.interview_id) AS n"
        " FROM interview_gaps g JOIN interviews i ON i.id = g.interview_id"
        f" WHERE {where} AND g.kind IN ('topic', 'full') AND g.wish IS NOT NULL"
        " GROUP BY g.arena, g.kind, g.offering, lower(trim(g.wish))"
        " ORDER BY n DESC, g.arena",
        params,
    ).fetchall()
    arenas = db.execute(
        "SELECT a.arena, min(a.name) AS name, max(a.custom) AS custom,"
        " count(DISTINCT a.interview_id) AS n"
        " FROM interview_arenas a JOIN interviews i ON i.id = a.interview_id"
        f" WHERE {where} GROUP BY a.arena ORDER BY n DESC, a.arena",
        params,
    ).fetchall()
    modes = db.execute(
        "SELECT p.mode,"
        " count(DISTINCT CASE WHEN p.rank = 1 THEN p.interview_id END) AS first,"
        " count(DISTINCT CASE WHEN p.rank <= 2 THEN p.interview_id END) AS two,"
        " count(DISTINCT p.interview_id) AS n"
        " FROM interview_preferences p JOIN interviews i ON i.id = p.interview_id"
        f" WHERE {where} GROUP BY p.mode ORDER BY p.mode",
        params,
    ).fetchall()
    # The title and category come from the row of the most recent interview (SQLite takes bare
    # columns from the row that gave the max()).
    offerings = db.execute(
        "SELECT p.offering, p.title, p.category, count(DISTINCT p.interview_id) AS n,"
        " max(i.started_at)"
        " FROM interview_presented p JOIN interviews i ON i.id = p.interview_id"
        f" WHERE {where} GROUP BY p.offering ORDER BY n DESC, p.offering",
        params,
    ).fetchall()
    return tally_from_tables(
        interviews,
        outcomes,
        left,
        gaps=gaps,
        wishes=wishes,
        arenas=arenas,
        modes=modes,
        offerings=offerings,
    )
