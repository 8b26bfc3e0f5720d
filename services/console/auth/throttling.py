"""Throttling per address at the console's edge: failed sign-ins (and wrong current passwords),
the public grievance intake and following a case by its receipt. Each is counted in a moving
window per address (`limits`, in this process's memory); an address past its allowance gets
429 with Retry-After before anything else is done (no password is checked, no account's
failures are counted, no service is called).

The address is the connection's peer: the console runs with proxy headers off, so behind a
reverse proxy the proxy's address is what counts, and the proxy must throttle (or the console
be told to trust its X-Forwarded-For) instead."""

import ipaddress
import math
import time
from dataclasses import dataclass

from fastapi import Request
from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter

from ..errors import TooManyAttempts
from ..rules.grievances import records_for_others
from ..settings import ConsoleSettings
from .sessions import current_account


def address_key(host: str | None) -> str:
    """What a request is counted under: its IPv4 address, or its IPv6 address's /64 network
    (one subscriber's allocation, in which one person may use any address)."""
    if not host:
        return "unknown"
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{ip}/64", strict=False))
    return str(ip)


def client_address(request: Request) -> str:
    return address_key(request.client.host if request.client else None)


@dataclass(frozen=True)
class Throttle:
    """One action's allowance per address."""

    name: str
    limit: RateLimitItem
    limiter: MovingWindowRateLimiter

    async def check(self, address: str) -> None:
        """Raises TooManyAttempts once the address has used its allowance; counts nothing."""
        if not await self.limiter.test(self.limit, self.name, address):
            await self._refuse(address)

    async def count(self, address: str) -> None:
        """One more use, once its outcome is known (a failed sign-in)."""
        await self.limiter.hit(self.limit, self.name, address)

    async def use(self, address: str) -> None:
        """Counts one use, or raises TooManyAttempts when none is left (one step: concurrent
        requests cannot both take the last one)."""
        if not await self.limiter.hit(self.limit, self.name, address):
            await self._refuse(address)

    async def _refuse(self, address: str) -> None:
        stats = await self.limiter.get_window_stats(self.limit, self.name, address)
        raise TooManyAttempts(max(1, math.ceil(stats.reset_time - time.time())))


@dataclass(frozen=True)
class Throttles:
    sign_in_failures: Throttle
    intake: Throttle
    follow_up: Throttle

    @classmethod
    def from_settings(cls, settings: ConsoleSettings) -> "Throttles":
        """A malformed allowance stops the start-up (limits.parse raises ValueError)."""
        limiter = MovingWindowRateLimiter(MemoryStorage())
        return cls(
            Throttle("sign_in_failures", parse(settings.throttle_sign_in_failures), limiter),
            Throttle("intake", parse(settings.throttle_intake), limiter),
            Throttle("follow_up", parse(settings.throttle_follow_up), limiter),
        )


def throttles(request: Request) -> Throttles:
    return request.app.state.throttles


async def intake_allowance(request: Request) -> None:
    """A dependency of the public intake: every submission counts, an officer's excepted
    (she records calls and visits all day from one office)."""
    if not records_for_others(await current_account(request)):
        await throttles(request).intake.use(client_address(request))


async def follow_up_allowance(request: Request) -> None:
    """A dependency of following a case by receipt: every look-up counts, so receipts cannot
    be tried by the thousand."""
    await throttles(request).follow_up.use(client_address(request))
