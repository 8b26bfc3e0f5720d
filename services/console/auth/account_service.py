"""Use cases on accounts: create, sign in (with lock-out per account and address), sign out,
unlock, change one's own password, and an admin's disable, enable and reset."""

import asyncio
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import asyncpg

from shared.errors import Rejected

from . import passwords
from .accounts_repository import AccountsRepository, Credentials
from .lockout import UNLOCKED, LockoutPolicy, LockState, after_failure
from .roles import Account, scope_problem

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")


async def create_account(
    conn: asyncpg.Connection,
    account: Account,
    password: str,
    created_by: str,
    *,
    initial_until: datetime | None,
) -> None:
    """`initial_until`: the password is one someone else chose (an admin, the command-line
    tool, the demo), good for one sign-in before then, which must choose a new one, as after
    an admin's reset. None only where the account's owner chose it herself."""
    if not USERNAME.match(account.username):
        raise Rejected(
            "username",
            "3 to 64 characters: lower-case letters, digits, dot, dash, underscore",
            code="username_invalid",
        )
    if problem := scope_problem(account.role, account.agency, account.kitchen_id):
        raise Rejected("scope", problem.reason, code=problem.code)
    await asyncio.to_thread(
        passwords.check_password, password, account.username, account.display_name
    )
    password_hash = await asyncio.to_thread(passwords.hash_password, password)
    async with conn.transaction():
        repository = AccountsRepository(conn)
        if not await repository.create(account, password_hash, created_by, initial_until):
            raise Rejected("username", f"{account.username} is taken", code="username_taken")
        await repository.record_event(
            account.username, True, "created", detail=f"{account.role} by {created_by}"
        )


@dataclass(frozen=True)
class _Attempt:
    """A sign-in attempt: whose, from where, and the repository its outcome is recorded in."""

    repository: AccountsRepository
    username: str
    remote_addr: str

    async def record(self, known: bool, outcome: str, detail: str | None = None) -> None:
        await self.repository.record_event(
            self.username, known, outcome, detail=detail, remote_addr=self.remote_addr
        )


@dataclass(frozen=True)
class SignedIn:
    account: Account
    epoch: int
    # Signed in with an admin's temporary password: the session may only choose a new one.
    must_change_password: bool


async def sign_in(
    conn: asyncpg.Connection,
    username: str,
    password: str,
    now: datetime,
    policy: LockoutPolicy,
    remote_addr: str,
) -> SignedIn | None:
    """The account and its session epoch, or None. Whatever went wrong (no such account, wrong
    password, locked for this address, disabled, a temporary password already used) the caller
    learns nothing more, and an unknown name takes as long as a wrong password."""
    async with conn.transaction():
        attempt = _Attempt(AccountsRepository(conn), username, remote_addr)
        found = await attempt.repository.for_sign_in(username)
        if found is None:
            await _refuse_without_checking(attempt, password, known=False, detail="no such account")
            return None
        state = await attempt.repository.lock_state(username, remote_addr)
        if state.locked(now):
            await _refuse_without_checking(attempt, password, known=True, detail="locked")
            return None
        if not await asyncio.to_thread(passwords.verify, found.password_hash, password):
            await _count_failure(attempt, state, now, policy)
            return None
        if refusal := _refusal(found, now):
            await attempt.record(True, "refused", refusal)
            return None
        await _admit(attempt, found, password)
        epoch = await attempt.repository.session_epoch(username)
        return SignedIn(found.account, epoch, found.must_change_password)


def _refusal(found: Credentials, now: datetime) -> str | None:
    """Why the right password still does not open the account, or None."""
    if found.disabled:
        return "disabled"
    if found.temporary_spent(now):
        return "temporary password used or expired"
    return None


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
    await attempt.repository.set_lock_state(attempt.username, attempt.remote_addr, after)
    outcome = "locked_out" if after.locked(now) else "refused"
    await attempt.record(True, outcome, "wrong password")


async def _admit(attempt: _Attempt, found: Credentials, password: str) -> None:
    """This address's failures are forgotten; a temporary password is spent; a hash made with
    older parameters is made again."""
    repository, username = attempt.repository, attempt.username
    await repository.set_lock_state(username, attempt.remote_addr, UNLOCKED)
    if found.must_change_password:
        await repository.use_temporary_password(username)
    if passwords.needs_rehash(found.password_hash):
        await repository.set_password_hash(
            username, await asyncio.to_thread(passwords.hash_password, password)
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
            raise Rejected("username", f"no account {username}", code="no_such_account")
        await repository.record_event(username, True, "unlocked", detail=f"by {unlocked_by}")


async def change_password(
    conn: asyncpg.Connection, username: str, current: str, new: str, remote_addr: str
) -> int:
    """The account's own change: the current password proves it is her, the new one meets the
    policy. Every other session ends; returns the new session epoch."""
    async with conn.transaction():
        repository = AccountsRepository(conn)
        found = await repository.for_sign_in(username)
        if found is None or not await asyncio.to_thread(
            passwords.verify, found.password_hash, current
        ):
            raise Rejected(
                "current_password", "not the current password", code="wrong_current_password"
            )
        if new == current:
            raise passwords.WeakPassword("password.same", "the same as the current password")
        await asyncio.to_thread(passwords.check_password, new, username, found.account.display_name)
        epoch = await repository.set_own_password(
            username, await asyncio.to_thread(passwords.hash_password, new)
        )
        await repository.record_event(username, True, "password_changed", remote_addr=remote_addr)
        return epoch


async def set_disabled(
    conn: asyncpg.Connection, username: str, disabled: bool, changed_by: str
) -> None:
    """An admin disables (every session ends, no sign-in works) or enables an account."""
    if disabled and username == changed_by:
        raise Rejected(
            "username", "an admin cannot disable her own account", code="cannot_disable_self"
        )
    async with conn.transaction():
        repository = AccountsRepository(conn)
        if not await repository.set_disabled(username, changed_by if disabled else None):
            raise Rejected("username", f"no account {username}", code="no_such_account")
        outcome = "disabled" if disabled else "enabled"
        await repository.record_event(username, True, outcome, detail=f"by {changed_by}")


# A temporary password: four groups of four from letters and digits no one misreads
# (no 0/O, 1/l/I), about 92 bits.
_TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def temporary_password() -> str:
    return "-".join(
        "".join(secrets.choice(_TEMPORARY_ALPHABET) for _ in range(4)) for _ in range(4)
    )


async def reset_password(
    conn: asyncpg.Connection, username: str, reset_by: str, now: datetime, valid_for: timedelta
) -> str:
    """An admin's reset: a temporary password, shown once to the admin, good for one sign-in
    within `valid_for`, after which the account must choose its own. Every session ends."""
    if username == reset_by:
        raise Rejected(
            "username",
            "change your own password with your current one instead",
            code="reset_own_password",
        )
    password = temporary_password()
    password_hash = await asyncio.to_thread(passwords.hash_password, password)
    async with conn.transaction():
        repository = AccountsRepository(conn)
        if not await repository.set_temporary_password(username, password_hash, now + valid_for):
            raise Rejected("username", f"no account {username}", code="no_such_account")
        await repository.record_event(username, True, "password_reset", detail=f"by {reset_by}")
    return password
