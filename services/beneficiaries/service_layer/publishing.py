"""Everything the registry publishes goes to its decisions topic through the outbox."""

from collections.abc import Sequence
from typing import Any

import asyncpg

from shared.bulk_write import BulkWrite
from shared.contracts.base import EventContract
from shared.envelope import Envelope
from shared.outbox import add_each_to_outbox, add_to_outbox, stage_in_outbox
from shared.topics import REGISTRY_DECISIONS

SERVICE = "beneficiaries"


async def publish(
    conn: asyncpg.Connection, event: EventContract, cause: Envelope[Any] | None = None
) -> None:
    await add_to_outbox(
        conn, topic=REGISTRY_DECISIONS.name, event=event, producer=SERVICE, cause=cause
    )


async def publish_each(
    conn: asyncpg.Connection, caused: Sequence[tuple[EventContract, Envelope[Any] | None]]
) -> None:
    """Many events, each with its own cause, in one outbox statement."""
    await add_each_to_outbox(conn, topic=REGISTRY_DECISIONS.name, caused=caused, producer=SERVICE)


def stage_each(
    write: BulkWrite, caused: Sequence[tuple[EventContract, Envelope[Any] | None]]
) -> None:
    """publish_each as part of a larger write."""
    stage_in_outbox(write, topic=REGISTRY_DECISIONS.name, caused=caused, producer=SERVICE)
