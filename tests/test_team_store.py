"""The team store on a real PostgreSQL server: who sees what (enforced by the database, checked
through ri and through plain SQL), many interviewers at once, set-up, and what a person is
told when the server, the password, the role or the schema is not there."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap

import psycopg
import pytest
from typer.testing import CliRunner

from reverse_interview.cli import app
from reverse_interview.errors import NotFound, StoreError
from reverse_interview.models import Interview
from reverse_interview.store import Store, postgres, postgres_admin, postgres_schema
from tests.conftest import Team
from tests.helpers import ROOT
from tests.pgserver import PgServer
from tests.test_store_backends import full_interview

runner = CliRunner()


def ri(*args: str, input: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, list(args), input=input)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def save_as(team: Team, login: str, *records: Interview) -> None:
    with Store.open(team.url(login)) as db:
        for record in records:
            db.save(record)


# --- who sees what --------------------------------------------------------------------------


def test_an_interviewer_sees_and_changes_only_their_own_interviews(team: Team) -> None:
    save_as(team, "alice", full_interview("alice001", candidate="Ada Lovelace"))
    save_as(team, "bob", full_interview("bob00001", candidate="Bob Secret"))

    code, out = ri("list", "--format", "json", "--store", team.url("alice"))
    assert code == 0 and [row["id"] for row in json.loads(out)] == ["alice001"]

    # Bob's interview is "not found" to Alice, by full ID or prefix, for every command.
    for args in (["report", "bob00001"], ["report", "bob"], ["delete", "bob00001", "--yes"]):
        code, out = ri(*args, "--store", team.url("alice"))
        assert code == 1 and "no interview with ID or prefix" in out, out
        assert "Bob Secret" not in out
    code, out = ri("export", "--store", team.url("alice"))
    assert "Bob Secret" not in out and "alice001" in out
    with Store.open(team.url("alice")) as alice:
        with pytest.raises(NotFound):
            alice.load("bob00001")
        with pytest.raises(NotFound):
            alice.set_outcome("bob00001", None)
        assert alice.delete_older_than(dt.datetime(2100, 1, 1, tzinfo=dt.UTC)) == 1
    with Store.open(team.url()) as admin:
        assert [i.id for i in admin.list()] == ["bob00001"]  # Alice's retention took hers only


def test_plain_sql_as_an_interviewer_shows_nothing_of_anyone_else(team: Team) -> None:
    save_as(team, "alice", full_interview("alice001"))
    save_as(team, "bob", full_interview("bob00001", candidate="Bob Secret"))
    with psycopg.connect(team.url("bob"), autocommit=True) as bob:
        seen = bob.execute("SELECT id, candidate FROM ri.interviews").fetchall()
        assert seen == [("bob00001", "Bob Secret")]
        for table in ("interview_arenas", "interview_gaps", "interview_presented"):
            ids = {row[0] for row in bob.execute(f"SELECT interview_id FROM ri.{table}")}
            assert ids == {"bob00001"}, table
        changed = bob.execute("UPDATE ri.interviews SET candidate = 'x' WHERE id = 'alice001'")
        assert changed.rowcount == 0
        gone = bob.execute("DELETE FROM ri.interview_arenas WHERE interview_id = 'alice001'")
        assert gone.rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            # Writing a row in someone else's name is refused by the database.
            bob.execute(
                "INSERT INTO ri.interviews (id, owner, status, started_at, updated_at)"
                " VALUES ('forged01', 'alice', 'draft', now(), now())"
            )
    with Store.open(team.url()) as admin:
        assert admin.load("alice001").candidate == "Ada Lovelace"


def test_the_analyst_gets_the_gaps_and_nothing_else(team: Team) -> None:
    save_as(team, "alice", full_interview("alice001"))
    save_as(team, "bob", full_interview("bob00001", candidate="Bob Secret"))

    code, out = ri("gaps", "--format", "json", "--store", team.url("ana"))
    assert code == 0, out
    figures = json.loads(out)
    assert figures["interviews"] == 2
    assert "Bob Secret" not in out and "Ada" not in out and "remote work" not in out

    for args in (["list"], ["report", "alice001"], ["export"], ["delete", "alice001", "--yes"]):
        code, out = ri(*args, "--store", team.url("ana"))
        assert code == 1, (args, out)
        assert "needs the role ri_interviewer or ri_admin" in out and "ana" in out
    with psycopg.connect(team.url("ana"), autocommit=True) as ana:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            ana.execute("SELECT candidate FROM ri.interviews")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            ana.execute("SELECT learn FROM ri.interview_arenas")


def test_an_interviewer_is_told_gaps_need_the_analyst_role(team: Team) -> None:
    code, out = ri("gaps", "--store", team.url("alice"))
    assert code == 1 and "needs the role ri_analyst or ri_admin" in out


def test_ids_are_unique_across_the_organisation(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reverse_interview.store import base

    save_as(team, "bob", full_interview("taken001"))
    offered = iter(["taken001", "fresh001"])
    monkeypatch.setattr(base, "random_id", lambda: next(offered))
    with Store.open(team.url("alice")) as alice:
        assert alice.new_id() == "fresh001"  # Bob's ID is taken, though Alice cannot see it


def test_importing_someone_elses_id_is_refused_whole(team: Team) -> None:
    from reverse_interview.store.transfer import dump_line

    save_as(team, "bob", full_interview("bob00001", candidate="Bob Secret"))
    lines = dump_line(full_interview("alice001")) + "\n" + dump_line(full_interview("bob00001"))
    code, out = ri("import", "-", "--store", team.url("alice"), input=lines + "\n")
    assert code == 1 and "bob00001" in out and "nothing was imported" in out
    with Store.open(team.url()) as admin:
        assert [i.id for i in admin.list()] == ["bob00001"]
        assert admin.load("bob00001").candidate == "Bob Secret"


# --- many interviewers at once ---------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import sys
    from reverse_interview.models import ArenaAnswers, Gap, Interview
    from reverse_interview.store import Store

    url, tag = sys.argv[1], sys.argv[2]
    with Store.open(url) as db:
        for n in range(25):
            record = Interview(id=db.new_id(), candidate=f"{tag} {n}")
            db.save(record)
            for step in range(3):
                record = record.touch(
                    arenas=(ArenaAnswers("teamwork", "Teamwork", learn=f"step {step}"),),
                    gaps=(Gap("teamwork", None, "none"),),
                    status="complete" if step == 2 else "draft",
                )
                db.save(record)
    print("done", tag)
    """
)


def test_several_interviewers_saving_at_once_lose_nothing(team: Team) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    logins = ["alice", "bob", "alice", "bob"]
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, team.url(login), f"{login}-{i}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for i, login in enumerate(logins)
    ]
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        assert out.startswith("done")
    with Store.open(team.url()) as admin:
        assert admin.count() == 100 and admin.count(status="complete") == 100
        names = {i.candidate for i in admin.export()}
        assert names == {f"{login}-{i} {n}" for i, login in enumerate(logins) for n in range(25)}
        assert all(i.arenas[0].learn == "step 2" for i in admin.export())
    with Store.open(team.url("alice")) as alice:
        assert alice.count() == 50


# --- set-up ----------------------------------------------------------------------------------


def test_store_init_twice_changes_nothing_and_grant_gives_one_role(team: Team) -> None:
    code, out = ri("store", "init", "--store", team.owner_url)
    assert code == 0 and "up to date" in out
    code, out = ri("store", "grant", "carol", "--as", "analyst", "--store", team.owner_url)
    assert code == 0 and "Created the login carol" in out and "ri_analyst" in out
    code, out = ri("store", "grant", "carol", "--as", "interviewer", "--store", team.owner_url)
    assert code == 0 and "carol is now ri_interviewer" in out
    with postgres.PostgresStore.connect(team.url("carol")) as carol:
        assert carol.roles == frozenset({"ri_interviewer"})
        carol.save(full_interview("carol001"))


def test_grant_on_an_sqlite_store_says_roles_are_for_postgresql() -> None:
    code, out = ri("store", "grant", "x", "--as", "admin")
    assert code == 1 and "PostgreSQL" in out


@pytest.fixture
def fresh_database(pg_server: PgServer) -> str:
    name = f"ri_fresh_{os.getpid()}_{dt.datetime.now().strftime('%H%M%S%f')}"
    pg_server.execute(f"CREATE DATABASE {name}")
    return name


def test_a_newer_schema_is_refused_and_left_untouched(
    pg_server: PgServer, fresh_database: str
) -> None:
    owner = pg_server.url(database=fresh_database)
    postgres_admin.init(owner)
    pg_server.execute(
        "INSERT INTO ri.schema_version (version, purpose) VALUES (99, 'from the future')",
        database=fresh_database,
    )
    for args in (["store", "init"], ["list"]):
        code, out = ri(*args, "--store", owner)
        assert code == 1 and "newer ri" in out and "99" in out, out
    with psycopg.connect(owner) as raw:
        versions = [row[0] for row in raw.execute("SELECT version FROM ri.schema_version")]
    assert versions == [*range(1, postgres_schema.SCHEMA_VERSION + 1), 99]


# --- connection problems: one line, the server named, never the password, the next step -------


def test_no_schema_asks_for_store_init(pg_server: PgServer, fresh_database: str) -> None:
    code, out = ri("list", "--store", pg_server.url(database=fresh_database))
    assert code == 1 and "ri store init" in out and fresh_database in out


def test_a_login_without_a_role_is_told_to_ask_for_one(team: Team) -> None:
    team.server.execute("DROP ROLE IF EXISTS nobody_here", "CREATE ROLE nobody_here LOGIN")
    code, out = ri("list", "--store", team.url("nobody_here"))
    assert code == 1 and "ri store grant nobody_here --as interviewer" in out


def test_an_unknown_login_or_database_is_named(team: Team) -> None:
    code, out = ri("list", "--store", team.server.url("ghost", "ri_team"))
    assert code == 1 and "ghost" in out and "ri store grant" in out
    code, out = ri("list", "--store", team.server.url("alice", "no_such_db"))
    assert code == 1 and "no_such_db" in out and "ri store init" in out


def test_a_server_that_is_down_is_named_without_the_password(tmp_path: object) -> None:
    url = "postgresql://grace:s3cr3t-pass@/hiring?host=/tmp/no-server-here&connect_timeout=2"
    code, out = ri("list", "--store", url)
    assert code == 1
    assert "s3cr3t" not in out
    assert "postgresql://grace@/hiring?host=/tmp/no-server-here" in out
    assert "server is running" in out
    assert len(out.strip().splitlines()) == 1


def test_a_wrong_password_is_said_without_it(pg_server: PgServer) -> None:
    hba = pg_server.data / "pg_hba.conf"
    before = hba.read_text()
    try:
        hba.write_text("local all pw_user scram-sha-256\n" + before)
        pg_server.execute(
            "DROP ROLE IF EXISTS pw_user",
            "CREATE ROLE pw_user LOGIN PASSWORD 'right-one'",
            "SELECT pg_reload_conf()",
        )
        url = pg_server.url("pw_user").replace("pw_user@", "pw_user:wrong-one-42@")
        code, out = ri("list", "--store", url)
        assert code == 1 and "password" in out and "wrong-one-42" not in out
        assert "PGPASSWORD" in out
    finally:
        hba.write_text(before)
        pg_server.execute("SELECT pg_reload_conf()")


def test_ri_run_finds_a_store_problem_before_the_first_question(team: Team) -> None:
    import pexpect

    env = {**os.environ, "RI_STORE": team.url("ana"), "PYTHONPATH": str(ROOT / "src")}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "reverse_interview", "run", "--catalogue", str(ROOT / "offerings.yaml")],
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(45, 120),
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert "needs the role ri_interviewer or ri_admin" in child.before
    assert "Step 1" not in child.before and "candidate" not in child.before.lower()


def test_store_errors_are_store_errors(team: Team) -> None:
    with pytest.raises(StoreError):
        Store.open(team.server.url("ghost", "ri_team"))


def test_an_older_schema_asks_for_init_which_migrates_it_keeping_everything(
    pg_server: PgServer, fresh_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner = pg_server.url(database=fresh_database)
    with monkeypatch.context() as old:
        old.setattr(postgres_schema, "MIGRATIONS", postgres_schema.MIGRATIONS[:1])
        old.setattr(postgres_schema, "SCHEMA_VERSION", 1)
        postgres_admin.init(owner)
    # What an ri of schema version 1 wrote (before the running counts existed).
    pg_server.execute(
        "INSERT INTO ri.interviews (id, status, candidate, started_at, updated_at, completed_at)"
        " VALUES ('old00001', 'complete', 'Ada', now(), now(), now())",
        "INSERT INTO ri.interview_gaps VALUES ('old00001', 0, 'teamwork', NULL, 'Nothing yet.')",
        database=fresh_database,
    )
    code, out = ri("list", "--store", owner)
    assert code == 1 and "schema version 1" in out and "ri store init" in out
    code, out = ri("store", "init", "--store", owner)
    assert code == 0 and f"1 -> {postgres_schema.SCHEMA_VERSION}" in out
    with Store.open(owner) as db:
        assert db.load("old00001").candidate == "Ada"
        tally = db.tally()
        assert tally.interviews == 1 and tally.gaps[0].arena == "teamwork"
