"""SQL for accounts and the sign-in audit trail."""

from datetime import datetime
from typing import Any

import asyncpg

from .lockout import LockState
from .roles import Account, Role

_COLUMNS = "username, display_name, role, agency, kitchen_id"


def _account(row: asyncpg.Record) -> Account:
    return Account(
        row["username"], row["display_name"], Role(row["role"]), row["agency"], row["kitchen_id"]
    )


class AccountsRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def create(self, account: Account, password_hash: str, created_by: str) -> bool:
        """False when the username is taken."""
        created = await self._conn.fetchval(
            """
            INSERT INTO accounts (
                username, display_name, role, agency, kitchen_id, password_hash, created_by
            ) VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (username) DO NOTHING
            RETURNING true
            """,
            account.username,
            account.display_name,
            account.role.value,
            account.agency,
            account.kitchen_id,
            password_hash,
            created_by,
        )
        return bool(created)

    async def for_sign_in(self, username: str) -> tuple[Account, str, LockState] | None:
        """The account, its hash and its lock state, locked for this transaction so concurrent
        attempts count one by one."""
        row = await self._conn.fetchrow(
            f"""
            SELECT {_COLUMNS}, password_hash, failed_attempts, locked_until
            FROM accounts WHERE username = $1
            FOR UPDATE
            """,
            username,
        )
        if row is None:
            return None
        return (
            _account(row),
            row["password_hash"],
            LockState(row["failed_attempts"], row["locked_until"]),
        )

    async def set_lock_state(self, username: str, state: LockState) -> None:
        await self._conn.execute(
            "UPDATE accounts SET failed_attempts = $2, locked_until = $3 WHERE username = $1",
            username,
            state.failed_attempts,
            state.locked_until,
        )

    async def set_password_hash(self, username: str, password_hash: str) -> None:
        await self._conn.execute(
            "UPDATE accounts SET password_hash = $2 WHERE username = $1", username, password_hash
        )

    async def session_epoch(self, username: str) -> int:
        return await self._conn.fetchval(
            "SELECT session_epoch FROM accounts WHERE username = $1", username
        )

    async def end_sessions(self, username: str) -> None:
        await self._conn.execute(
            "UPDATE accounts SET session_epoch = session_epoch + 1 WHERE username = $1", username
        )

    async def signed_in(self, username: str, epoch: int) -> Account | None:
        """The account a session names, if the session is still valid for it."""
        row = await self._conn.fetchrow(
            f"SELECT {_COLUMNS} FROM accounts WHERE username = $1 AND session_epoch = $2",
            username,
            epoch,
        )
        return _account(row) if row else None

    async def unlock(self, username: str) -> bool:
        done = await self._conn.fetchval(
            """
            UPDATE accounts SET failed_attempts = 0, locked_until = NULL
            WHERE username = $1
            RETURNING true
            """,
            username,
        )
        return bool(done)

    async def listing(self) -> list[dict[str, Any]]:
        rows = await self._conn.fetch(
            f"""
            SELECT {_COLUMNS}, failed_attempts, locked_until, created_by, created_at,
                (SELECT max(at) FROM sign_in_events e
                 WHERE e.username = a.username AND e.outcome = 'signed_in') AS last_sign_in
            FROM accounts a
            ORDER BY role, username
            """
        )
        return [dict(r) for r in rows]

    async def record_event(
        self,
        username: str,
        known: bool,
        outcome: str,
        *,
        detail: str | None = None,
        remote_addr: str | None = None,
        at: datetime | None = None,
    ) -> None:
        await self._conn.execute(
            """
            INSERT INTO sign_in_events (username, known, outcome, detail, remote_addr, at)
            VALUES ($1, $2, $3, $4, $5, coalesce($6, now()))
            """,
            username[:100],
            known,
            outcome,
            detail,
            remote_addr,
            at,
        )

    async def recent_events(self, limit: int = 50) -> list[dict[str, Any]]:
        rows = await self._conn.fetch(
            "SELECT * FROM sign_in_events ORDER BY event_id DESC LIMIT $1", limit
        )
        return [dict(r) for r in rows]
