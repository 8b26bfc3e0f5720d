"""Lock-out after repeated failed sign-ins, counted per account and address (the address a
request comes from, `auth/throttling.address_key`): failures from one address lock the
account for that address only."""

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int = 5
    lock_for: timedelta = timedelta(minutes=15)


@dataclass(frozen=True)
class LockState:
    failed_attempts: int
    locked_until: datetime | None

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until


def after_failure(state: LockState, now: datetime, policy: LockoutPolicy) -> LockState:
    """One more failure; the one that reaches the limit locks the account and starts the count
    again."""
    failures = state.failed_attempts + 1
    if failures >= policy.max_failures:
        return LockState(0, now + policy.lock_for)
    return LockState(failures, state.locked_until)


UNLOCKED = LockState(0, None)
