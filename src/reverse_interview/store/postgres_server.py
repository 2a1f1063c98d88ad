"""Reaching a PostgreSQL store: connecting, saying where it is (never a password), checking
that its schema is this `ri`'s and which ri roles the login holds.

psycopg is imported here (and by the other postgres modules, through this one) only, and only
for a `postgresql://` store.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from reverse_interview.errors import StoreError
from reverse_interview.store import postgres_schema

try:
    import psycopg
    from psycopg import errors as pg_errors
    from psycopg import sql
    from psycopg.rows import dict_row
except ImportError:  # pragma: no cover - depends on how ri was installed
    psycopg = pg_errors = sql = dict_row = None  # type: ignore[assignment]

CONNECT_TIMEOUT_SECONDS = 10


def need_psycopg() -> None:
    if psycopg is None:
        raise StoreError(
            "a postgresql:// store needs the PostgreSQL driver: "
            "pip install 'reverse-interview[postgres]'"
        )


def describe_url(url: str) -> str:
    """The store as a person should see it: user, server and database, never a password."""
    need_psycopg()
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


def server_words(error: BaseException, password: str | None) -> str:
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


def connect(url: str) -> Any:
    need_psycopg()
    where = describe_url(url)
    try:
        password = psycopg.conninfo.conninfo_to_dict(url).get("password")
    except psycopg.ProgrammingError as error:
        raise StoreError(
            f"cannot read the store URL {where}: {server_words(error, None)}"
        ) from None
    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_SECONDS)
    except psycopg.OperationalError as error:
        words = server_words(error, str(password) if password else None)
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


def check_schema(connection: Any, url: str) -> frozenset[str]:
    """The login's ri roles, once the schema is known to be there and of this version."""
    where = describe_url(url)
    roles = _roles_of(connection)
    try:
        version = schema_version(connection)
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
    if version > postgres_schema.SCHEMA_VERSION:
        raise StoreError(postgres_schema.newer_message(where, version))
    if version < postgres_schema.SCHEMA_VERSION:
        raise StoreError(
            f"the PostgreSQL store {where} has schema version {version}; this ri needs "
            f"{postgres_schema.SCHEMA_VERSION}: the database owner runs: ri store init --store URL"
        )
    return roles


def _roles_of(connection: Any) -> frozenset[str]:
    rows = connection.execute(
        "SELECT rolname FROM pg_roles WHERE rolname = ANY(%s)"
        " AND pg_has_role(current_user, oid, 'MEMBER')",
        (list(postgres_schema.ROLES.values()),),
    ).fetchall()
    return frozenset(row[0] for row in rows)


def schema_version(connection: Any) -> int:
    row = connection.execute("SELECT max(version) FROM ri.schema_version").fetchone()
    return int(row[0] or 0)
