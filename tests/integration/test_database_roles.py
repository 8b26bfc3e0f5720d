"""Each service and the console connect to PostgreSQL as a role of their own
(shared.database_roles). The attacks a leaked or hijacked connection would try,
made with the DATABASE_URL the stack hands each process."""

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from deploy.local.stack import console_environment, service_environment
from services import NAMES
from shared.database_roles import apply_roles

REFUSED = asyncpg.InsufficientPrivilegeError


def _url(infrastructure, services, name: str) -> str:
    if name == "console":
        return console_environment(infrastructure, services, 0)["DATABASE_URL"]
    return service_environment(infrastructure, 0, name)["DATABASE_URL"]


@asynccontextmanager
async def _connected(url: str) -> AsyncIterator[asyncpg.Connection]:
    """A connection whose work is always rolled back: an attack that succeeds
    (before the roles existed) leaves nothing behind."""
    conn = await asyncpg.connect(url)
    transaction = conn.transaction()
    await transaction.start()
    try:
        yield conn
    finally:
        await transaction.rollback()
        await conn.close()


async def _refused(url: str, statement: str) -> None:
    async with _connected(url) as conn:
        with pytest.raises(REFUSED):
            await conn.execute(statement)


async def test_the_consoles_connection_cannot_read_whistleblowers(infrastructure, services):
    console = _url(infrastructure, services, "console")
    await _refused(console, "SELECT full_name, contact FROM grievances.reporter_identities")
    await _refused(console, "SELECT * FROM grievances.cases")


async def test_the_consoles_connection_cannot_read_the_registry_nor_any_outbox_payload(
    infrastructure, services
):
    console = _url(infrastructure, services, "console")
    await _refused(console, "SELECT * FROM beneficiaries.persons")
    for name in NAMES:
        await _refused(console, f"SELECT envelope FROM {name}.outbox")


async def test_kitchens_connection_cannot_read_the_registrys_persons(infrastructure, services):
    await _refused(
        _url(infrastructure, services, "kitchens"), "SELECT * FROM beneficiaries.persons"
    )
    await _refused(
        _url(infrastructure, services, "grievances"), "SELECT * FROM beneficiaries.enrolments"
    )


@pytest.mark.parametrize(
    ("writer", "victim"),
    [
        ("beneficiaries", "kitchens"),
        ("kitchens", "grievances"),
        ("grievances", "beneficiaries"),
        ("console", "beneficiaries"),
    ],
)
async def test_no_connection_can_write_another_services_outbox(
    infrastructure, services, writer, victim
):
    await _refused(
        _url(infrastructure, services, writer),
        f"""
        INSERT INTO {victim}.outbox (event_id, topic, message_key, envelope)
        VALUES ('{uuid.uuid4()}', 'beneficiaries.decisions', 'forged', '{{}}')
        """,
    )


async def test_a_service_cannot_change_its_own_tables_shape(infrastructure, services):
    """Migrations run as the administrator: a hijacked service cannot drop its
    access log nor alter a table."""
    beneficiaries = _url(infrastructure, services, "beneficiaries")
    await _refused(beneficiaries, "DROP TABLE beneficiaries.access_log")
    await _refused(beneficiaries, "ALTER TABLE beneficiaries.persons ADD COLUMN leaked text")
    await _refused(beneficiaries, "CREATE TABLE public.stash (v text)")
    await _refused(beneficiaries, "DELETE FROM beneficiaries.schema_migrations")


async def test_each_connection_works_in_its_own_schema(infrastructure, services):
    for name in NAMES:
        async with _connected(_url(infrastructure, services, name)) as conn:
            await conn.execute(
                f"""
                INSERT INTO {name}.outbox (event_id, topic, message_key, envelope)
                VALUES ($1, 'a-topic', 'a-key', '{{}}')
                """,
                uuid.uuid4(),
            )
            assert await conn.fetchval(f"SELECT count(*) FROM {name}.inbox") >= 0
    async with _connected(_url(infrastructure, services, "console")) as conn:
        backlogs = await conn.fetch("SELECT service, unpublished FROM console.outbox_backlogs")
        assert sorted(r["service"] for r in backlogs) == sorted(NAMES)
        assert await conn.fetchval("SELECT count(*) FROM console.accounts") >= 0


async def test_a_table_from_a_later_migration_is_its_services_alone(infrastructure, services):
    table = f"kitchens.later_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(infrastructure.database_url)
    try:
        await admin.execute(f"CREATE TABLE {table} (id bigserial PRIMARY KEY, note text)")
        async with _connected(_url(infrastructure, services, "kitchens")) as conn:
            await conn.execute(f"INSERT INTO {table} (note) VALUES ('kept')")
            assert await conn.fetchval(f"SELECT note FROM {table}") == "kept"
        await _refused(_url(infrastructure, services, "console"), f"SELECT * FROM {table}")
        await _refused(_url(infrastructure, services, "beneficiaries"), f"SELECT * FROM {table}")
    finally:
        await admin.execute(f"DROP TABLE {table}")
        await admin.close()


async def test_a_services_role_needs_its_password(infrastructure, services):
    url = urlsplit(_url(infrastructure, services, "grievances"))
    user, _, host = url.netloc.rpartition("@")
    wrong = f"{user.partition(':')[0]}:not-the-password@{host}"
    with pytest.raises(asyncpg.InvalidPasswordError):
        await asyncpg.connect(urlunsplit(url._replace(netloc=wrong)))


async def test_an_apps_role_given_powers_is_refused_not_reused(infrastructure):
    """Someone made kitchens' role able to create databases: the grants step stops
    and says so, instead of handing that role to the service again."""
    admin = await asyncpg.connect(infrastructure.database_url)
    try:
        await admin.execute("ALTER ROLE kitchens_app CREATEDB")
        with pytest.raises(RuntimeError, match="kitchens_app"):
            await apply_roles(infrastructure.database_url, infrastructure.database_passwords)
    finally:
        await admin.execute("ALTER ROLE kitchens_app NOCREATEDB")
        await admin.close()
