"""`ri store init` and `ri store grant`: setting up a team store, as its database owner.

init creates the schema `ri` and the three roles and applies the migrations of
postgres_schema.py, all in one transaction (one init at a time); a newer schema is refused,
untouched. grant gives a login exactly one ri role.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reverse_interview.errors import StoreError
from reverse_interview.store import postgres_schema
from reverse_interview.store.postgres_server import (
    connect,
    describe_url,
    pg_errors,
    schema_version,
    server_words,
    sql,
)


@dataclass(frozen=True)
class InitResult:
    """What `ri store init` did: the schema's version before and after, the roles it made."""

    where: str
    before: int
    after: int
    created_roles: tuple[str, ...]


def init(url: str) -> InitResult:
    """Create or migrate the schema and the three roles, as the database owner."""
    connection = connect(url)
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
                    before = schema_version(connection)
                    if before > postgres_schema.SCHEMA_VERSION:
                        raise StoreError(postgres_schema.newer_message(where, before))
                    for migration in postgres_schema.MIGRATIONS:
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
                    after = schema_version(connection)
            except pg_errors.InsufficientPrivilege as error:
                raise StoreError(
                    f"ri store init needs the owner of the database {where} (or a superuser)"
                    f" with the right to create roles: {server_words(error, None)}"
                ) from None
    finally:
        connection.close()
    return InitResult(where, before, after, created)


def _create_roles(connection: Any) -> tuple[str, ...]:
    created = []
    for role in postgres_schema.ROLES.values():
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
    role = postgres_schema.ROLES[as_]
    connection = connect(url)
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
                for other in postgres_schema.ROLES.values():
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
                f" {server_words(error, None)}"
            ) from None
    finally:
        connection.close()
    return GrantResult(where, login, role, created)


def _check_schema_for_grant(connection: Any, where: str) -> None:
    try:
        version = schema_version(connection)
    except (pg_errors.UndefinedTable, pg_errors.InvalidSchemaName):
        raise StoreError(
            f"the PostgreSQL store {where} has no ri schema yet; run first: ri store init"
        ) from None
    if version > postgres_schema.SCHEMA_VERSION:
        raise StoreError(postgres_schema.newer_message(where, version))
