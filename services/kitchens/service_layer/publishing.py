"""Everything the kitchens service publishes goes to its events topic through the outbox."""

from typing import Any

import asyncpg

from shared.contracts.base import EventContract
from shared.envelope import Envelope
from shared.outbox import add_to_outbox
from shared.topics import KITCHEN_EVENTS

SERVICE = "kitchens"


async def publish(
    conn: asyncpg.Connection, event: EventContract, cause: Envelope[Any] | None
) -> None:
    """Must run inside the caller's transaction: the event commits with the change."""
    await add_to_outbox(conn, topic=KITCHEN_EVENTS.name, event=event, producer=SERVICE, cause=cause)
