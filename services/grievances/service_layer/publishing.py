"""Everything the grievances service publishes goes to its events topic through the outbox."""

from collections.abc import Sequence
from typing import Any

import asyncpg

from shared.contracts.base import EventContract
from shared.envelope import Envelope
from shared.outbox import add_each_to_outbox, add_to_outbox
from shared.topics import GRIEVANCE_EVENTS

SERVICE = "grievances"


async def publish(
    conn: asyncpg.Connection, event: EventContract, cause: Envelope[Any] | None = None
) -> None:
    """Must run inside the caller's transaction: the event commits with the change."""
    await add_to_outbox(
        conn, topic=GRIEVANCE_EVENTS.name, event=event, producer=SERVICE, cause=cause
    )


async def publish_each(
    conn: asyncpg.Connection, caused: Sequence[tuple[EventContract, Envelope[Any] | None]]
) -> None:
    """Many events, each with its own cause, in one outbox statement."""
    await add_each_to_outbox(conn, topic=GRIEVANCE_EVENTS.name, caused=caused, producer=SERVICE)
