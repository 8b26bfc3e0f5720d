"""Keeping every stored identity sealed under the service's key: sealing what an
older version stored in plain text (at start-up), and re-sealing every box under
a new key (`rotate_reporter_key`)."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import asyncpg

from shared.db import Database
from shared.logging import get_logger

from ..adapters.notices_repository import NoticesRepository
from ..adapters.reporter_identities_repository import ReporterIdentitiesRepository
from ..domain.sealed_identities import KeyMismatch, Opener, Sealer

log = get_logger(__name__)


async def seal_plaintext_identities(conn: asyncpg.Connection, sealer: Sealer) -> int:
    """Seals the identities migration 003 set aside in plain text and removes them.
    Replicas starting together take turns on the rows' locks; returns how many."""
    async with conn.transaction():
        repository = ReporterIdentitiesRepository(conn)
        waiting = await repository.lock_plaintext()
        for identity in waiting:
            await repository.store(
                identity.case_id, sealer.seal(identity.reporter), identity.recorded_at
            )
        if waiting:
            await repository.forget_plaintext()
    return len(waiting)


def sealing_at_start_up(sealer: Sealer) -> Callable[[Database], Awaitable[None]]:
    async def run(database: Database) -> None:
        async with database.pool.acquire() as conn:
            sealed = await seal_plaintext_identities(conn, sealer)
        if sealed:
            log.info("plain-text reporter identities sealed", count=sealed)

    return run


@dataclass(frozen=True)
class Rotation:
    resealed: int
    already_under_new_key: int


async def rotate_key(conn: asyncpg.Connection, current: Opener, new: Opener) -> Rotation:
    """Re-seals every box under the new key (and its fingerprint with the new key's), the
    notice addresses with them, in one transaction: all or nothing. Boxes already under the
    new key are left alone, so running it again after the service restarts with the new key
    catches what was sealed under the old one meanwhile. Identities still in plain text are
    sealed too. A box under neither key stops it."""
    async with conn.transaction():
        await seal_plaintext_identities(conn, new.sealer)
        repository = ReporterIdentitiesRepository(conn)
        boxes = await repository.lock_boxes_not_under(new.key_id)
        for stored in boxes:
            if stored.key_id != current.key_id:
                raise KeyMismatch(
                    f"a reporter identity of case {stored.case_id} is sealed under neither key"
                )
            reporter = current.open(stored.box, stored.key_id)
            await repository.replace(stored.case_id, new.sealer.seal(reporter))
        untouched = (await repository.count_by_key()).get(new.key_id, 0) - len(boxes)
        await _reseal_notice_addresses(conn, current, new)
    return Rotation(len(boxes), untouched)


async def _reseal_notice_addresses(conn: asyncpg.Connection, current: Opener, new: Opener) -> None:
    """The addresses for notices are sealed under the same key, each in a box of its own."""
    repository = NoticesRepository(conn)
    for case_id, sealed in await repository.lock_addresses_not_under(new.key_id):
        if sealed.key_id != current.key_id:
            raise KeyMismatch(f"a notice address of case {case_id} is sealed under neither key")
        await repository.replace_address(
            case_id, new.sealer.seal_address(current.open_address(sealed))
        )
