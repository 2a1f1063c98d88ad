"""How an interview is laid out in rows: one description, shared by every backend.

An interview is one row of `interviews` plus rows in one table per repeated part (its arenas,
preferences, matches...). Each part is described once here, by column name; `Statements`
derives every backend's INSERT and SELECT statements from these names (in the backend's own
way of naming tables and parameters) and rows come back as mappings, so a new field is added
in one place (and one migration per backend), never by position.

Values here are plain Python (datetime, date, bool, str, float): each backend converts them to
what its database holds (SQLite: ISO text and 0/1; PostgreSQL: its own types), and the readers
below accept either form.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reverse_interview.models import (
    GAP_KINDS,
    OUTCOME_STATUSES,
    ArenaAnswers,
    CatalogueIdentity,
    Gap,
    GapKind,
    Growth,
    Interview,
    InterviewSummary,
    Match,
    MatchedOffering,
    OfferingSnapshot,
    Outcome,
    OutcomeStatus,
    Status,
    Struck,
)

Row = dict[str, Any]

# The columns of `interviews` the record itself fills (a backend may add its own, such as the
# PostgreSQL login that owns the row).
INTERVIEW_COLUMNS: tuple[str, ...] = (
    "id",
    "status",
    "candidate",
    "role",
    "interviewer",
    "started_at",
    "updated_at",
    "catalogue_path",
    "catalogue_sha256",
    "catalogue_git_commit",
    "catalogue_git_dirty",
    "pitch_done",
    "growth_note",
    "reviewed",
    "notes",
    "completed_at",
    "finished",
    "outcome_status",
    "outcome_start",
)
SUMMARY_COLUMNS: tuple[str, ...] = (
    "id",
    "status",
    "candidate",
    "role",
    "interviewer",
    "started_at",
    "updated_at",
    "outcome_status",
    "outcome_start",
)


@dataclass(frozen=True)
class Part:
    """One repeated part of an interview: a table keyed by (interview_id, `key`...)."""

    table: str
    key: tuple[str, ...]
    columns: tuple[str, ...]  # every column but interview_id, key first
    rows: Callable[[Interview], list[Row]]


def _arena_rows(interview: Interview) -> list[Row]:
    return [
        {
            "position": i,
            "arena": a.id,
            "name": a.name,
            "custom": a.custom,
            "strengths": a.strengths,
            "learn": a.learn,
            "obstacles": a.obstacles,
        }
        for i, a in enumerate(interview.arenas)
    ]


def _preference_rows(interview: Interview) -> list[Row]:
    return [{"rank": rank, "mode": mode} for rank, mode in enumerate(interview.growth.preferred, 1)]


def _match_rows(interview: Interview) -> list[Row]:
    return [{"position": i, "arena": m.arena} for i, m in enumerate(interview.matches)]


def _presented_rows(interview: Interview) -> list[Row]:
    return [
        {
            "match_position": i,
            "position": j,
            "offering": o.id,
            "title": o.title,
            "category": o.category,
            "reasons": json.dumps(list(o.reasons), ensure_ascii=False),
            "score": o.score,
        }
        for i, m in enumerate(interview.matches)
        for j, o in enumerate(m.offerings)
    ]


def _highlight_rows(interview: Interview) -> list[Row]:
    return [{"position": i, "offering": o} for i, o in enumerate(interview.highlights)]


def _gap_rows(interview: Interview) -> list[Row]:
    return [
        {
            "position": i,
            "arena": g.arena,
            "mode": g.mode,
            "message": g.message,
            "kind": g.kind,
            "wish": g.wish,
            "offering": g.offering,
        }
        for i, g in enumerate(interview.gaps)
    ]


def _snapshot_rows(interview: Interview) -> list[Row]:
    return [
        {"position": i, "offering": s.id, "title": s.title, "category": s.category}
        for i, s in enumerate(interview.snapshots)
    ]


def _struck_rows(interview: Interview) -> list[Row]:
    return [
        {"position": i, "arena": s.arena, "offering": s.id} for i, s in enumerate(interview.struck)
    ]


ARENAS = Part(
    "interview_arenas",
    ("position",),
    ("position", "arena", "name", "custom", "strengths", "learn", "obstacles"),
    _arena_rows,
)
PREFERENCES = Part("interview_preferences", ("rank",), ("rank", "mode"), _preference_rows)
MATCHES = Part("interview_matches", ("position",), ("position", "arena"), _match_rows)
PRESENTED = Part(
    "interview_presented",
    ("match_position", "position"),
    ("match_position", "position", "offering", "title", "category", "reasons", "score"),
    _presented_rows,
)
HIGHLIGHTS = Part("interview_highlights", ("position",), ("position", "offering"), _highlight_rows)
GAPS = Part(
    "interview_gaps",
    ("position",),
    ("position", "arena", "mode", "message", "kind", "wish", "offering"),
    _gap_rows,
)
SNAPSHOTS = Part(
    "interview_snapshots",
    ("position",),
    ("position", "offering", "title", "category"),
    _snapshot_rows,
)
STRUCK = Part("interview_struck", ("position",), ("position", "arena", "offering"), _struck_rows)

PARTS: tuple[Part, ...] = (
    ARENAS,
    PREFERENCES,
    MATCHES,
    PRESENTED,
    HIGHLIGHTS,
    GAPS,
    SNAPSHOTS,
    STRUCK,
)


# --- record -> rows ---------------------------------------------------------------------------


def interview_row(interview: Interview) -> Row:
    """The `interviews` row of a record, every column of INTERVIEW_COLUMNS named."""
    identity = interview.catalogue
    outcome = interview.outcome
    return {
        "id": interview.id,
        "status": interview.status,
        "candidate": interview.candidate,
        "role": interview.role,
        "interviewer": interview.interviewer,
        "started_at": interview.started_at,
        "updated_at": interview.updated_at,
        "catalogue_path": identity.path if identity else None,
        "catalogue_sha256": identity.sha256 if identity else None,
        "catalogue_git_commit": identity.git_commit if identity else None,
        "catalogue_git_dirty": identity.git_dirty if identity else None,
        "pitch_done": interview.pitch_done,
        "growth_note": interview.growth.note,
        "reviewed": interview.reviewed,
        "notes": interview.notes,
        # Kept at the first completion by the upsert, however often it is edited afterwards.
        "completed_at": interview.updated_at if interview.status == "complete" else None,
        "finished": " ".join(sorted(interview.finished)),
        "outcome_status": outcome.status if outcome else None,
        "outcome_start": outcome.start if outcome else None,
    }


def part_rows(interviews: Sequence[Interview]) -> dict[str, list[Row]]:
    """Every part's rows of these interviews, by table, each row with its interview_id."""
    return {
        part.table: [
            {"interview_id": interview.id, **row}
            for interview in interviews
            for row in part.rows(interview)
        ]
        for part in PARTS
    }


# --- rows -> record ---------------------------------------------------------------------------


def interview_from(
    row: Mapping[str, Any], parts: Mapping[str, Sequence[Mapping[str, Any]]]
) -> Interview:
    """The record from its `interviews` row and each part's rows in key order."""
    presented: dict[int, list[MatchedOffering]] = {}
    for p in parts.get(PRESENTED.table, ()):
        presented.setdefault(int(p["match_position"]), []).append(
            MatchedOffering(
                p["offering"],
                p["title"],
                p["category"],
                tuple(json.loads(p["reasons"])),
                float(p["score"]),
            )
        )
    return Interview(
        id=row["id"],
        status=status(row["status"]),
        candidate=row["candidate"],
        role=row["role"],
        interviewer=row["interviewer"],
        started_at=moment(row["started_at"]),
        updated_at=moment(row["updated_at"]),
        catalogue=(
            CatalogueIdentity(
                row["catalogue_path"],
                row["catalogue_sha256"],
                row["catalogue_git_commit"],
                flag(row["catalogue_git_dirty"]),
            )
            if row["catalogue_path"] is not None
            else None
        ),
        pitch_done=bool(row["pitch_done"]),
        arenas=tuple(
            ArenaAnswers(
                a["arena"], a["name"], bool(a["custom"]), a["strengths"], a["learn"], a["obstacles"]
            )
            for a in parts.get(ARENAS.table, ())
        ),
        growth=Growth(
            preferred=tuple(p["mode"] for p in parts.get(PREFERENCES.table, ())),
            note=row["growth_note"],
        ),
        reviewed=bool(row["reviewed"]),
        finished=frozenset((row["finished"] or "").split()),
        matches=tuple(
            Match(m["arena"], tuple(presented.get(int(m["position"]), ())))
            for m in parts.get(MATCHES.table, ())
        ),
        highlights=tuple(h["offering"] for h in parts.get(HIGHLIGHTS.table, ())),
        gaps=tuple(
            Gap(g["arena"], g["mode"], g["message"], _gap_kind(g["kind"]), g["wish"], g["offering"])
            for g in parts.get(GAPS.table, ())
        ),
        snapshots=tuple(
            OfferingSnapshot(s["offering"], s["title"], s["category"])
            for s in parts.get(SNAPSHOTS.table, ())
        ),
        notes=row["notes"],
        struck=tuple(Struck(s["arena"], s["offering"]) for s in parts.get(STRUCK.table, ())),
        outcome=outcome_from(row["outcome_status"], row["outcome_start"]),
    )


def summary_from(row: Mapping[str, Any]) -> InterviewSummary:
    return InterviewSummary(
        id=row["id"],
        status=status(row["status"]),
        candidate=row["candidate"],
        role=row["role"],
        interviewer=row["interviewer"],
        started_at=moment(row["started_at"]),
        updated_at=moment(row["updated_at"]),
        outcome=outcome_from(row["outcome_status"], row["outcome_start"]),
    )


def outcome_from(value: str | None, start: str | dt.date | None) -> Outcome | None:
    if value is None:
        return None
    known: OutcomeStatus = next((s for s in OUTCOME_STATUSES if s == value), "declined")
    return Outcome(known, day(start))


def _gap_kind(value: str | None) -> GapKind | None:
    """A stored gap's kind; None (the Gap works it out) for one saved before kinds."""
    return next((k for k in GAP_KINDS if k == value), None)


def status(value: str) -> Status:
    return "complete" if value == "complete" else "draft"


def moment(value: str | dt.datetime) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)


def day(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def flag(value: int | bool | None) -> bool | None:
    return None if value is None else bool(value)


def utc_text(value: dt.datetime) -> str:
    """UTC, ISO 8601: as text it sorts in time order (the prefix up to the seconds is fixed)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat()


# --- statements -------------------------------------------------------------------------------


class Statements:
    """The statements of reading and writing a record, derived from the description above.

    `schema` prefixes every table (`ri.` on PostgreSQL) and `mark` names a parameter
    (`:{}` for SQLite, `%({})s` for psycopg), so each backend speaks its own dialect of the
    same statements.
    """

    def __init__(self, schema: str, mark: str) -> None:
        self._schema = schema
        self._mark = mark
        self.upsert_interview = self._upsert()
        self.insert_part = {
            part.table: self.insert(part.table, ("interview_id", *part.columns)) for part in PARTS
        }
        self.select_part = {
            part.table: f"SELECT * FROM {schema}{part.table} WHERE interview_id = {self.mark('id')}"
            f" ORDER BY {', '.join(part.key)}"
            for part in PARTS
        }
        self.summary = ", ".join(SUMMARY_COLUMNS)
        self.select_summary = (
            f"SELECT {self.summary} FROM {schema}interviews WHERE id = {self.mark('id')}"
        )

    def mark(self, name: str) -> str:
        return self._mark.format(name)

    def insert(self, table: str, columns: Sequence[str]) -> str:
        names = ", ".join(columns)
        marks = ", ".join(self.mark(c) for c in columns)
        return f"INSERT INTO {self._schema}{table} ({names}) VALUES ({marks})"

    def _upsert(self) -> str:
        columns = INTERVIEW_COLUMNS
        updates = ",\n    ".join(
            f"{c} = excluded.{c}" for c in columns if c not in ("id", "completed_at")
        )
        return (
            self.insert("interviews", columns)
            + "\nON CONFLICT (id) DO UPDATE SET\n    "
            + updates
            # completed once stays completed at that moment, however often it is edited afterwards
            + ",\n    completed_at = CASE WHEN excluded.status = 'complete'"
            " THEN coalesce(interviews.completed_at, excluded.completed_at) END"
        )

    def newest(self, status: str | None, limit: int | None) -> tuple[str, Row]:
        """The `ri list` rows, newest first (by start, then ID): the statement and its values."""
        where, params = self.status_filter(status)
        query = f"SELECT {self.summary} FROM {self._schema}interviews{where}"
        query += " ORDER BY started_at DESC, id"
        if limit is not None:
            query += f" LIMIT {self.mark('limit')}"
            params = {**params, "limit": limit}
        return query, params

    def status_filter(self, status: str | None) -> tuple[str, Row]:
        """A WHERE clause (with its leading space) for `ri list --status`, or none."""
        if status is None:
            return "", {}
        return f" WHERE status = {self.mark('status')}", {"status": status}

    def older_filter(self, before: dt.datetime, status: Status | None) -> tuple[str, Row]:
        """The condition of `ri delete --older-than` (last changed before `before`)."""
        where = f"updated_at < {self.mark('before')}"
        params: Row = {"before": before}
        if status is not None:
            where += f" AND status = {self.mark('status')}"
            params["status"] = status
        return where, params
