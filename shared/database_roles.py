"""Each service and the console connect to PostgreSQL as a login role of their own.

The administrator (the role of the deployment's DATABASE_URL) runs the migrations
and owns every schema, table, view and function. A schema's own role, and only it,
gets USAGE on the schema and data privileges (SELECT, INSERT, UPDATE, DELETE) on
its tables, never DDL: a service cannot drop or alter a table, nor read another
service's schema. Default privileges give the same to what a later migration
creates. The console's ops screen reads the services' outbox backlogs through a
view in its own schema (console migration 004), so its role needs no privilege
on any service's schema. docs/operations.md says why the schemas are not owned
by the services' roles.

`python -m shared.database_roles` creates or updates the roles (passwords from
<SCHEMA>_DB_PASSWORD) and grants; run it as the administrator after migrating."""

import argparse
import asyncio
import os
import re
import secrets
from collections.abc import Iterable, Mapping
from urllib.parse import quote, urlsplit, urlunsplit

import asyncpg

# A password travels inside a DATABASE_URL: it must need no escaping there.
_URL_SAFE_PASSWORD = re.compile(r"^[A-Za-z0-9_\-.~]{24,}$")


def role_name(schema: str) -> str:
    return f"{schema}_app"


def password_variable(schema: str) -> str:
    return f"{schema.upper()}_DB_PASSWORD"


def generate_passwords(schemas: Iterable[str]) -> dict[str, str]:
    return {schema: secrets.token_urlsafe(32) for schema in schemas}


def role_url(admin_url: str, schema: str, password: str) -> str:
    """The admin URL with its user and password replaced by the schema's role's."""
    parts = urlsplit(admin_url)
    host = parts.netloc.rpartition("@")[2]
    userinfo = f"{quote(role_name(schema), safe='')}:{quote(password, safe='')}"
    return urlunsplit(parts._replace(netloc=f"{userinfo}@{host}"))


def check_password(schema: str, password: str) -> None:
    if not _URL_SAFE_PASSWORD.match(password):
        raise ValueError(
            f"{password_variable(schema)}: must be at least 24 characters of A-Z, a-z, 0-9, "
            "'-', '_', '.' or '~' (it goes into a URL); e.g. `openssl rand -hex 32`"
        )


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


async def ensure_role(conn: asyncpg.Connection, schema: str, password: str) -> None:
    """Creates the schema's login role (with none of the powers a role can carry), or
    sets its password (a restart rotates it)."""
    check_password(schema, password)
    name = role_name(schema)
    existing = await conn.fetchrow(
        """
        SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls
            AS powerful
        FROM pg_roles WHERE rolname = $1
        """,
        name,
    )
    if existing is not None and existing["powerful"]:
        raise RuntimeError(
            f"the role {name} exists with SUPERUSER, CREATEROLE, CREATEDB, REPLICATION or "
            "BYPASSRLS; an app's role must have none: ALTER ROLE it back, then run this again"
        )
    # CREATE/ALTER ROLE take no bind parameters; the server quotes the literal.
    literal = await conn.fetchval("SELECT quote_literal($1)", password)
    verb = "CREATE" if existing is None else "ALTER"
    await conn.execute(f"{verb} ROLE {_ident(name)} LOGIN PASSWORD {literal}")


async def grant_own_schema(conn: asyncpg.Connection, schema: str) -> None:
    """Data privileges on the schema's objects for its role, now and for what the
    administrator creates there later."""
    role, target = _ident(role_name(schema)), _ident(schema)
    later = f"ALTER DEFAULT PRIVILEGES IN SCHEMA {target} GRANT"
    # TRUNCATE can do nothing DELETE cannot, and it leaves no old row versions behind:
    # grievances empties its plain-text identities that way once they are sealed.
    data = "SELECT, INSERT, UPDATE, DELETE, TRUNCATE"
    for statement in (
        f"CREATE SCHEMA IF NOT EXISTS {target}",
        f"GRANT USAGE ON SCHEMA {target} TO {role}",
        f"GRANT {data} ON ALL TABLES IN SCHEMA {target} TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {target} TO {role}",
        f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {target} TO {role}",
        f"{later} {data} ON TABLES TO {role}",
        f"{later} USAGE, SELECT ON SEQUENCES TO {role}",
        f"{later} EXECUTE ON FUNCTIONS TO {role}",
    ):
        await conn.execute(statement)
    # Which migrations ran is the administrator's record: a service that could delete a row
    # would have the next deployment replay a migration.
    if await conn.fetchval("SELECT to_regclass($1)", f"{target}.schema_migrations"):
        await conn.execute(
            f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {target}.schema_migrations FROM {role}"
        )


async def apply_roles(admin_url: str, passwords: Mapping[str, str]) -> None:
    """Roles and grants for every schema in `passwords`, in one transaction."""
    conn = await asyncpg.connect(admin_url)
    try:
        async with conn.transaction():
            # Before PostgreSQL 15 every role could create tables in `public`.
            await conn.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
            for schema, password in passwords.items():
                await ensure_role(conn, schema, password)
                await grant_own_schema(conn, schema)
    finally:
        await conn.close()


def passwords_from_environment(schemas: Iterable[str]) -> dict[str, str]:
    missing = [password_variable(s) for s in schemas if not os.environ.get(password_variable(s))]
    if missing:
        raise SystemExit(f"set {', '.join(missing)}: each role's password (openssl rand -hex 32)")
    passwords = {s: os.environ[password_variable(s)] for s in schemas}
    try:
        for schema, password in passwords.items():
            check_password(schema, password)
    except ValueError as refused:
        raise SystemExit(str(refused)) from None
    return passwords


def main() -> None:
    from services import MIGRATIONS

    parser = argparse.ArgumentParser(description="Create each schema's role and its grants.")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL"),
        required="DATABASE_URL" not in os.environ,
        help="the administrator's URL (the one migrations run with)",
    )
    args = parser.parse_args()
    passwords = passwords_from_environment(MIGRATIONS)
    asyncio.run(apply_roles(args.database_url, passwords))
    print(f"roles ready: {', '.join(role_name(s) for s in passwords)}")


if __name__ == "__main__":
    main()
