"""SQL for accounts and the sign-in audit trail."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg

from .lockout import UNLOCKED, LockState
from .roles import Account, Role

_COLUMNS = "username, display_name, role, agency, kitchen_id"


@dataclass(frozen=True)
class Credentials:
    """What decides a sign-in, besides the lock-out of the address it comes from."""

    account: Account
    password_hash: str
    disabled: bool
    must_change_password: bool
    temporary_until: datetime | None

    def temporary_spent(self, now: datetime) -> bool:
        """A temporary password already used once, or past its time."""
        return self.must_change_password and (
            self.temporary_until is None or now >= self.temporary_until
        )


def _account(row: asyncpg.Record) -> Account:
    return Account(
        row["username"], row["display_name"], Role(row["role"]), row["agency"], row["kitchen_id"]
    )


class AccountsRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def create(
        self,
        account: Account,
        password_hash: str,
        created_by: str,
        initial_until: datetime | None,
    ) -> bool:
        """False when the username is taken. With `initial_until`, the password must be
        changed at the first sign-in, which must come before then."""
        created = await self._conn.fetchval(
            """
            INSERT INTO accounts (
                username, display_name, role, agency, kitchen_id, password_hash, created_by,
                must_change_password, temporary_until
            ) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::timestamptz IS NOT NULL, $8)
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
            initial_until,
        )
        return bool(created)

    async def for_sign_in(self, username: str) -> Credentials | None:
        """The account and what decides whether it may sign in, locked for this transaction so
        concurrent attempts count one by one."""
        row = await self._conn.fetchrow(
            f"""
            SELECT {_COLUMNS}, password_hash, disabled_at IS NOT NULL AS disabled,
                must_change_password, temporary_until
            FROM accounts WHERE username = $1
            FOR UPDATE
            """,
            username,
        )
        if row is None:
            return None
        return Credentials(
            _account(row),
            row["password_hash"],
            row["disabled"],
            row["must_change_password"],
            row["temporary_until"],
        )

    async def lock_state(self, username: str, remote_addr: str) -> LockState:
        row = await self._conn.fetchrow(
            """
            SELECT failed_attempts, locked_until FROM sign_in_lockouts
            WHERE username = $1 AND remote_addr = $2
            """,
            username,
            remote_addr,
        )
        return LockState(row["failed_attempts"], row["locked_until"]) if row else UNLOCKED

    async def set_lock_state(self, username: str, remote_addr: str, state: LockState) -> None:
        """The count for this account from this address; unlocked, the row goes. Counts from
        other addresses idle for a day and not locked are forgotten on the way, so failures
        from many addresses leave no rows behind for ever."""
        if state == UNLOCKED:
            await self._conn.execute(
                "DELETE FROM sign_in_lockouts WHERE username = $1 AND remote_addr = $2",
                username,
                remote_addr,
            )
            return
        await self._conn.execute(
            """
            DELETE FROM sign_in_lockouts
            WHERE username = $1 AND last_failure_at < now() - interval '1 day'
                AND (locked_until IS NULL OR locked_until < now())
            """,
            username,
        )
        await self._conn.execute(
            """
            INSERT INTO sign_in_lockouts (username, remote_addr, failed_attempts, locked_until)
            VALUES ($1, $2, $3, $4)
            ON CONFLICT (username, remote_addr) DO UPDATE
            SET failed_attempts = excluded.failed_attempts,
                locked_until = excluded.locked_until,
                last_failure_at = now()
            """,
            username,
            remote_addr,
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
            f"""
            SELECT {_COLUMNS} FROM accounts
            WHERE username = $1 AND session_epoch = $2 AND disabled_at IS NULL
            """,
            username,
            epoch,
        )
        return _account(row) if row else None

    async def unlock(self, username: str) -> bool:
        """Forgets the failures from every address; False when there is no such account."""
        if not await self._conn.fetchval("SELECT true FROM accounts WHERE username = $1", username):
            return False
        await self._conn.execute("DELETE FROM sign_in_lockouts WHERE username = $1", username)
        return True

    async def listing(self) -> list[dict[str, Any]]:
        rows = await self._conn.fetch(
            f"""
            SELECT {_COLUMNS}, created_by, created_at, disabled_at, must_change_password,
                coalesce(l.failures, 0) AS failed_attempts, l.locked_until, l.locked_addresses,
                (SELECT max(at) FROM sign_in_events e
                 WHERE e.username = a.username AND e.outcome = 'signed_in') AS last_sign_in
            FROM accounts a
            LEFT JOIN (
                SELECT username, sum(failed_attempts) AS failures,
                    max(locked_until) FILTER (WHERE locked_until > now()) AS locked_until,
                    count(*) FILTER (WHERE locked_until > now()) AS locked_addresses
                FROM sign_in_lockouts GROUP BY username
            ) l USING (username)
            ORDER BY role, username
            """
        )
        return [dict(r) for r in rows]

    async def set_disabled(self, username: str, disabled_by: str | None) -> bool:
        """Disables (disabled_by given) or enables the account; disabling ends its sessions.
        False when there is no such account."""
        done = await self._conn.fetchval(
            """
            UPDATE accounts SET
                disabled_at = CASE WHEN $2::text IS NULL THEN NULL ELSE now() END,
                disabled_by = $2,
                session_epoch = session_epoch + CASE WHEN $2::text IS NULL THEN 0 ELSE 1 END
            WHERE username = $1
            RETURNING true
            """,
            username,
            disabled_by,
        )
        return bool(done)

    async def set_temporary_password(
        self, username: str, password_hash: str, until: datetime
    ) -> bool:
        """An admin's reset: a temporary password good for one sign-in before `until`; every
        session and every address's lock-out ends."""
        done = await self._conn.fetchval(
            """
            UPDATE accounts SET password_hash = $2, must_change_password = true,
                temporary_until = $3, session_epoch = session_epoch + 1
            WHERE username = $1
            RETURNING true
            """,
            username,
            password_hash,
            until,
        )
        await self._conn.execute("DELETE FROM sign_in_lockouts WHERE username = $1", username)
        return bool(done)

    async def use_temporary_password(self, username: str) -> None:
        """The temporary password has signed in once: it cannot sign in again."""
        await self._conn.execute(
            "UPDATE accounts SET temporary_until = NULL WHERE username = $1", username
        )

    async def set_own_password(self, username: str, password_hash: str) -> int:
        """The account's own new password: no longer temporary, every other session ends.
        Returns the new session epoch."""
        return await self._conn.fetchval(
            """
            UPDATE accounts SET password_hash = $2, must_change_password = false,
                temporary_until = NULL, password_changed_at = now(),
                session_epoch = session_epoch + 1
            WHERE username = $1
            RETURNING session_epoch
            """,
            username,
            password_hash,
        )

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
