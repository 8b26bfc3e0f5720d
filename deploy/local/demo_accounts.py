"""Demo console accounts, one per role, with passwords anyone reading the banner knows.
For `make run` only: a real deployment creates its accounts with
`python -m services.console.manage_accounts`."""

from datetime import UTC, datetime, timedelta

import asyncpg

from services.console.auth import account_service
from services.console.auth.roles import Account, Role
from shared.errors import Rejected

DEMO_ACCOUNTS = [
    Account("ana.dif", "Ana (DIF Jalisco)", Role.CASEWORKER, agency="dif-jalisco"),
    Account("beto.sedis", "Beto (SEDIS Jalisco)", Role.CASEWORKER, agency="sedis-jalisco"),
    Account("sofia.supervision", "Sofía", Role.SUPERVISOR),
    Account(
        "lucia.comedor",
        "Lucía (Comedor Las Flores)",
        Role.KITCHEN_COMMITTEE,
        kitchen_id="CDMX-IZT-0042",
    ),
    Account("gabriel.quejas", "Gabriel", Role.GRIEVANCE_OFFICER),
    Account("irene.identidades", "Irene", Role.IDENTITY_REVEAL_OFFICER),
    Account("omar.ops", "Omar", Role.OPS),
    Account("aurora.auditoria", "Aurora", Role.AUDITOR),
    Account("admin", "Administración", Role.ADMIN),
]


DEMO_FIRST_SIGN_IN = timedelta(days=30)


def demo_password(account: Account) -> str:
    return f"prueba-local-{account.username}"


async def create_demo_accounts(database_url: str) -> list[tuple[Account, str]]:
    """Creates what is missing; an account kept from an earlier run keeps its password. A
    banner's password is everyone's: the first sign-in must choose its own, within the days
    a local data directory usually lives."""
    until = datetime.now(UTC) + DEMO_FIRST_SIGN_IN
    conn = await asyncpg.connect(database_url, server_settings={"search_path": "console,public"})
    try:
        for account in DEMO_ACCOUNTS:
            try:
                await account_service.create_account(
                    conn, account, demo_password(account), "demo", initial_until=until
                )
            except Rejected as exc:
                if exc.field != "username":
                    raise
    finally:
        await conn.close()
    return [(account, demo_password(account)) for account in DEMO_ACCOUNTS]
