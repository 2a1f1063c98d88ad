"""The PostgreSQL store: one database for a hiring team (RI_STORE=postgresql://...).

Who sees what is the database's business, not this client's: row-level security lets an
interviewer (role `ri_interviewer`) read and change only the interviews their login created,
an analyst (`ri_analyst`) may only call the aggregate function behind `ri gaps` (no names, no
answers, no notes), an admin (`ri_admin`) sees and deletes everything. A row one may not see
is simply not there: "not found", the same as a missing one. When PostgreSQL refuses, this
module only says, in words, which role the command needs.

Its rooms: the schema, its policies and migrations (postgres_schema.py), reaching the server
(postgres_server.py), `ri store init` and `ri store grant` (postgres_admin.py). Clients never
migrate: an older schema asks for `ri store init`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from reverse_interview.errors import NotFound, StoreError
from reverse_interview.models import Interview, InterviewSummary, Outcome, Status, Struck
from reverse_interview.store import records
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
from reverse_interview.store.postgres_server import (
    check_schema,
    connect,
    describe_url,
    dict_row,
    pg_errors,
    psycopg,
    server_words,
    sql,
)
from reverse_interview.tally import Tally, tally_from_counts, tally_from_tables

DATA_ROLES = "ri_interviewer or ri_admin"
GAPS_ROLES = "ri_analyst or ri_admin"
_SQL = records.Statements("ri.", "%({})s")


def _pg_value(value: Any) -> Any:
    # PostgreSQL text cannot hold NUL; a pasted one is kept visible rather than refused mid-call.
    if isinstance(value, str) and "\x00" in value:
        return value.replace("\x00", "\u2400")
    return value


def _pg_row(row: Mapping[str, Any]) -> dict[str, Any]:
    return {key: _pg_value(value) for key, value in row.items()}


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
        connection = connect(url)
        try:
            roles = check_schema(connection, url)
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
                f"lost the PostgreSQL store {self._where}: {server_words(error, None)};"
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
                    self._write_records(self._db.cursor(row_factory=dict_row), [probe])
                    raise _RollBack
            except _RollBack:
                pass

    # ids

    def id_taken(self, interview_id: str) -> bool:
        with self._errors("ri run"):
            row = self._db.execute("SELECT ri.id_taken(%s)", (interview_id,)).fetchone()
        return bool(row[0])

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
        raise ambiguous_prefix(prefix, total, rows, self._where)

    def _unknown(self, text: str) -> str:
        return unknown_id(text, self._where)

    # writing

    def save(self, interview: Interview) -> None:
        if not ID_RE.match(interview.id):
            raise ValueError(f"not an interview ID: {interview.id!r}")
        with self._errors("saving an interview"), self._write() as cur:
            self._write_records(cur, [interview])

    def _write_records(
        self, cur: Any, interviews: Sequence[Interview], *, new: bool = False
    ) -> None:
        """Write these records whole, replacing any earlier version (`new`: there is none), and
        bring the running counts up to date for them, in the caller's transaction. The
        statements go to the server in one pipeline: one round trip, not one each."""
        if not interviews:
            return
        ids = [interview.id for interview in interviews]
        with self._db.pipeline():
            if new:
                # One statement for the batch: the interviews' counts move once (schema 7).
                columns = records.INTERVIEW_COLUMNS
                row = "(" + ", ".join(["%s"] * len(columns)) + ")"
                cur.execute(
                    f"INSERT INTO ri.interviews ({', '.join(columns)})"
                    f" VALUES {', '.join([row] * len(interviews))}",
                    [
                        _pg_value(value)
                        for interview in interviews
                        for value in map(records.interview_row(interview).get, columns)
                    ],
                )
            else:
                cur.executemany(
                    _SQL.upsert_interview, [_pg_row(records.interview_row(i)) for i in interviews]
                )
            for table, rows in records.part_rows(interviews).items():
                if not new:
                    cur.execute(
                        sql.SQL("DELETE FROM ri.{} WHERE interview_id = ANY(%s)").format(
                            sql.Identifier(table)
                        ),
                        (ids,),
                    )
                if rows:
                    cur.executemany(_SQL.insert_part[table], [_pg_row(r) for r in rows])
            cur.execute("SELECT ri.refresh_tally(%s)", (ids,))

    def set_struck(self, interview_id: str, struck: Sequence[Struck]) -> None:
        rows = records.STRUCK.rows(Interview(id=interview_id, struck=tuple(struck)))
        with self._errors("saving an interview"), self._write() as cur:
            self._touch(cur, interview_id)
            cur.execute("DELETE FROM ri.interview_struck WHERE interview_id = %s", (interview_id,))
            if rows:
                cur.executemany(
                    _SQL.insert_part[records.STRUCK.table],
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
            {"id": interview_id, "now": now()},
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
        where, params = _SQL.older_filter(before, status)
        with self._errors("ri delete"), self._read() as cur:
            return [
                row["id"]
                for row in cur.execute(
                    f"SELECT id FROM ri.interviews WHERE {where} ORDER BY updated_at, id", params
                )
            ]

    def delete_older_than(self, before: dt.datetime, *, status: Status | None = None) -> int:
        where, params = _SQL.older_filter(before, status)
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
            for batch in import_batches(interviews):
                ids = [i.id for i in batch]
                there = {
                    row["id"]
                    for row in cur.execute(
                        "SELECT id FROM ri.interviews WHERE id = ANY(%s)", (ids,)
                    )
                }
                new = [i for i in batch if i.id not in there]
                # An ID this login cannot see may still be taken, by another interviewer's.
                taken = cur.execute(
                    "SELECT wanted FROM unnest(%s::text[]) AS wanted WHERE ri.id_taken(wanted)"
                    " LIMIT 1",
                    ([i.id for i in new],),
                ).fetchone()
                if taken:
                    raise StoreError(
                        f"interview {taken['wanted']} is already in {self._where}, recorded by"
                        " another login: nothing was imported"
                    )
                changed = [i for i in batch if i.id in there and self._load(cur, i.id) != i]
                self._write_records(cur, new, new=True)
                self._write_records(cur, changed)
                added += len(new)
                replaced += len(changed)
                unchanged += len(batch) - len(new) - len(changed)
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
        parts = {
            table: cur.execute(query, key).fetchall() for table, query in _SQL.select_part.items()
        }
        return records.interview_from(row, parts)

    def summary(self, interview_id: str) -> InterviewSummary:
        with self._errors("reading an interview"), self._read() as cur:
            row = cur.execute(_SQL.select_summary, {"id": interview_id}).fetchone()
        if row is None:
            raise NotFound(self._unknown(interview_id))
        return records.summary_from(row)

    def list(self, *, status: str | None = None, limit: int | None = 50) -> list[InterviewSummary]:
        query, params = _SQL.newest(status, limit)
        with self._errors("ri list"), self._read() as cur:
            return [records.summary_from(row) for row in cur.execute(query, params)]

    def count(self, *, status: str | None = None) -> int:
        # Kept by a trigger per login and status (schema 7), seen under the interviews' own
        # rule: an interviewer counts their own, an admin everyone's.
        where, params = _SQL.status_filter(status)
        with self._errors("ri list"), self._read() as cur:
            found = cur.execute(f"SELECT sum(n) AS n FROM ri.interview_counts{where}", params)
            return int(found.fetchone()["n"] or 0)

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
        return tally_from_tables(
            data["interviews"],
            data["outcomes"],
            data["left"],
            gaps=data["gaps"],
            wishes=data["wishes"],
            arenas=data["arenas"],
            modes=data["modes"],
            offerings=data["offerings"],
        )


class _RollBack(Exception):
    """Raised inside a transaction to undo it on purpose."""
