"""Shared fixtures: every test runs with its own store, catalogue cache and data folder."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest

from reverse_interview.store import Store
from tests.pgserver import PgServer, find_binaries


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep ri away from the real user folders and from the developer's environment."""
    monkeypatch.setenv("RI_STORE", str(tmp_path / "store" / "interviews.db"))
    monkeypatch.setenv("RI_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.delenv("RI_CATALOGUE", raising=False)
    monkeypatch.delenv("RI_INTERVIEWER", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store" / "interviews.db"


@pytest.fixture
def today() -> dt.date:
    return dt.date(2026, 11, 26)


# --- PostgreSQL: one throwaway server for the whole run, one team database on it -------------


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A real PostgreSQL server (see tests/pgserver.py); in CI it must start, never skip."""
    bin_dir = find_binaries()
    if bin_dir is None:
        _cannot("no PostgreSQL binaries under /usr/lib/postgresql (scripts/test installs them)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _cannot("psycopg is not installed (the test extra has it: scripts/test)")
    server = PgServer(bin_dir)
    try:
        server.start()
    except (RuntimeError, OSError, subprocess.SubprocessError) as error:
        server.stop()
        _cannot(f"the PostgreSQL server did not start: {error}")
    yield server
    server.stop()


def _cannot(reason: str) -> NoReturn:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI must run the PostgreSQL tests: {reason}", pytrace=False)
    pytest.skip(reason)


class Team:
    """The team database: `ri store init` done, and a login for each role."""

    ADMIN = "ri_test_admin"
    INTERVIEWERS = ("alice", "bob")
    ANALYST = "ana"

    def __init__(self, server: PgServer, database: str) -> None:
        self.server = server
        self.database = database

    def url(self, login: str | None = None) -> str:
        return self.server.url(login or self.ADMIN, self.database)

    @property
    def owner_url(self) -> str:
        return self.server.url(database=self.database)

    def empty(self) -> None:
        self.server.execute(
            "TRUNCATE ri.interviews, ri.tally, ri.tally_parts CASCADE", database=self.database
        )


@pytest.fixture(scope="session")
def pg_team(pg_server: PgServer) -> Team:
    from reverse_interview.store import postgres_admin

    pg_server.execute("CREATE DATABASE ri_team")
    team = Team(pg_server, "ri_team")
    postgres_admin.init(team.owner_url)
    postgres_admin.grant(team.owner_url, Team.ADMIN, "admin")
    for login in Team.INTERVIEWERS:
        postgres_admin.grant(team.owner_url, login, "interviewer")
    postgres_admin.grant(team.owner_url, Team.ANALYST, "analyst")
    return team


@pytest.fixture
def team(pg_team: Team) -> Team:
    """The team database, emptied for this test."""
    pg_team.empty()
    return pg_team


@pytest.fixture(params=["sqlite", "postgresql"])
def location(
    request: pytest.FixtureRequest, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> str:
    """A store of each kind (as an admin on PostgreSQL), also set as RI_STORE for the CLI."""
    where = str(store_path) if request.param == "sqlite" else request.getfixturevalue("team").url()
    monkeypatch.setenv("RI_STORE", where)
    return where


@pytest.fixture
def any_store(location: str) -> Iterator[Store]:
    with Store.open(location) as opened:
        yield opened
