"""Use cases on accounts: create, sign in (with lock-out), sign out, unlock."""

import asyncio
import re
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from shared.errors import Rejected

from . import passwords
from .accounts_repository import AccountsRepository
from .lockout import UNLOCKED, LockoutPolicy, LockState, after_failure
from .roles import Account, scope_problem

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")


async def create_account(
    conn: asyncpg.Connection, account: Account, password: str, created_by: str
) -> None:
    if not USERNAME.match(account.username):
        raise Rejected(
            "username", "3 to 64 characters: lower-case letters, digits, dot, dash, underscore"
        )
    if problem := scope_problem(account.role, account.agency, account.kitchen_id):
        raise Rejected("scope", problem)
    if problem := passwords.password_problem(password):
        raise Rejected("password", problem)
    password_hash = await asyncio.to_thread(passwords.hash_password, password)
    async with conn.transaction():
        repository = AccountsRepository(conn)
        if not await repository.create(account, password_hash, created_by):
            raise Rejected("username", f"{account.username} is taken")
        await repository.record_event(
            account.username, True, "created", detail=f"{account.role} by {created_by}"
        )


@dataclass(frozen=True)
class _Attempt:
    """A sign-in attempt: whose, from where, and the repository its outcome is recorded in."""

    repository: AccountsRepository
    username: str
    remote_addr: str | None

    async def record(self, known: bool, outcome: str, detail: str | None = None) -> None:
        await self.repository.record_event(
            self.username, known, outcome, detail=detail, remote_addr=self.remote_addr
        )


async def sign_in(
    conn: asyncpg.Connection,
    username: str,
    password: str,
    now: datetime,
    policy: LockoutPolicy,
    remote_addr: str | None,
) -> tuple[Account, int] | None:
    """The account and its session epoch, or None. Whatever went wrong (no such account, wrong
    password, locked) the caller learns nothing more, and an unknown name takes as long as a
    wrong password."""
    async with conn.transaction():
        attempt = _Attempt(AccountsRepository(conn), username, remote_addr)
        found = await attempt.repository.for_sign_in(username)
        if found is None:
            await _refuse_without_checking(attempt, password, known=False, detail="no such account")
            return None
        account, password_hash, state = found
        if state.locked(now):
            await _refuse_without_checking(attempt, password, known=True, detail="locked")
            return None
        if not await asyncio.to_thread(passwords.verify, password_hash, password):
            await _count_failure(attempt, state, now, policy)
            return None
        await _admit(attempt, password_hash, password)
        return account, await attempt.repository.session_epoch(username)


async def _refuse_without_checking(
    attempt: _Attempt, password: str, known: bool, detail: str
) -> None:
    """The password is verified against a decoy all the same: a refusal takes as long as a
    wrong password."""
    await asyncio.to_thread(passwords.verify, None, password)
    await attempt.record(known, "refused", detail)


async def _count_failure(
    attempt: _Attempt, state: LockState, now: datetime, policy: LockoutPolicy
) -> None:
    after = after_failure(state, now, policy)
    await attempt.repository.set_lock_state(attempt.username, after)
    outcome = "locked_out" if after.locked(now) else "refused"
    await attempt.record(True, outcome, "wrong password")


async def _admit(attempt: _Attempt, password_hash: str, password: str) -> None:
    """The failures are forgotten; a hash made with older parameters is made again."""
    await attempt.repository.set_lock_state(attempt.username, UNLOCKED)
    if passwords.needs_rehash(password_hash):
        await attempt.repository.set_password_hash(
            attempt.username, await asyncio.to_thread(passwords.hash_password, password)
        )
    await attempt.record(True, "signed_in")


async def sign_out(conn: asyncpg.Connection, username: str, remote_addr: str | None) -> None:
    async with conn.transaction():
        repository = AccountsRepository(conn)
        await repository.end_sessions(username)
        await repository.record_event(username, True, "signed_out", remote_addr=remote_addr)


async def unlock(conn: asyncpg.Connection, username: str, unlocked_by: str) -> None:
    async with conn.transaction():
        repository = AccountsRepository(conn)
        if not await repository.unlock(username):
            raise Rejected("username", f"no account {username}")
        await repository.record_event(username, True, "unlocked", detail=f"by {unlocked_by}")
