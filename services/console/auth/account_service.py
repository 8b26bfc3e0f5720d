"""Use cases on accounts: create, sign in (with lock-out), sign out, unlock."""

import asyncio
import re
from datetime import datetime

import asyncpg

from shared.errors import Rejected

from . import passwords
from .accounts_repository import AccountsRepository
from .lockout import UNLOCKED, LockoutPolicy, after_failure
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
        repository = AccountsRepository(conn)
        found = await repository.for_sign_in(username)
        if found is None:
            await asyncio.to_thread(passwords.verify, None, password)
            await repository.record_event(
                username, False, "refused", detail="no such account", remote_addr=remote_addr
            )
            return None
        account, password_hash, state = found
        if state.locked(now):
            await asyncio.to_thread(passwords.verify, None, password)
            await repository.record_event(
                username, True, "refused", detail="locked", remote_addr=remote_addr
            )
            return None
        if not await asyncio.to_thread(passwords.verify, password_hash, password):
            after = after_failure(state, now, policy)
            await repository.set_lock_state(username, after)
            outcome = "locked_out" if after.locked(now) else "refused"
            await repository.record_event(
                username, True, outcome, detail="wrong password", remote_addr=remote_addr
            )
            return None
        await repository.set_lock_state(username, UNLOCKED)
        if passwords.needs_rehash(password_hash):
            await repository.set_password_hash(
                username, await asyncio.to_thread(passwords.hash_password, password)
            )
        await repository.record_event(username, True, "signed_in", remote_addr=remote_addr)
        return account, await repository.session_epoch(username)


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
