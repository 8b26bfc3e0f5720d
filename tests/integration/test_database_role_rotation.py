"""`python -m shared.database_roles` run again with new passwords rotates them: the old
password no longer opens the role, the new one does. On a PostgreSQL of its own, so the
session's services keep theirs."""

import asyncio

import asyncpg
import pytest

from deploy.local.postgres import ensure_database, start_postgres
from services import MIGRATIONS
from shared.database_roles import generate_passwords, main, password_variable, role_url
from tests.benchmarks.private_stack import free_port


@pytest.fixture
def admin_url(tmp_path):
    server = start_postgres(tmp_path / "data", free_port())
    yield ensure_database(server, "rotation")
    server.stop("immediate")


def _run_roles(monkeypatch, admin_url: str, passwords: dict[str, str]) -> None:
    for schema, password in passwords.items():
        monkeypatch.setenv(password_variable(schema), password)
    monkeypatch.setattr("sys.argv", ["database_roles", "--database-url", admin_url])
    main()


async def _opens(url: str) -> bool:
    try:
        conn = await asyncpg.connect(url)
    except asyncpg.InvalidPasswordError:
        return False
    await conn.close()
    return True


def test_running_the_roles_again_with_new_passwords_rotates_them(admin_url, monkeypatch):
    old, new = generate_passwords(MIGRATIONS), generate_passwords(MIGRATIONS)
    _run_roles(monkeypatch, admin_url, old)
    assert asyncio.run(_opens(role_url(admin_url, "kitchens", old["kitchens"])))

    _run_roles(monkeypatch, admin_url, new)
    assert not asyncio.run(_opens(role_url(admin_url, "kitchens", old["kitchens"])))
    assert all(asyncio.run(_opens(role_url(admin_url, s, p))) for s, p in new.items())
