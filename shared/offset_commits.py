"""Consumer offsets committed beside the consume path instead of on it.

Committing a batch's offsets is a round trip to the group coordinator, a few
milliseconds on which the next batch would otherwise wait; under steady load
that wait lengthens every cycle and so every record's time in the queue
(docs/benchmarks-history.md, "Intake: offset commits and search-index merges off the
intake's path").

Only offsets of records already applied are committed, so the offset never
passes an event whose transaction has not committed. A commit lost to a
rebalance or a crash means that its records are delivered again; the inbox
makes the replay a no-op."""

import asyncio
import contextlib
from collections.abc import Iterable

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.errors import ConsumerStoppedError, KafkaError

from .logging import get_logger

log = get_logger(__name__)


class OffsetCommits:
    """One subscriber's commits: one in flight at a time, at most one per
    `interval` seconds, each carrying the newest applied offset of every
    partition seen since the last one.

    Under steady load a subscriber applies a batch every few milliseconds, and a
    commit after each was a request to the broker per batch, the broker's CPU
    beside the intake's. Between commits only a redelivery after a crash grows:
    at most `interval` seconds of records, which the inbox turns into duplicates.
    A stopping subscriber commits what it applied (`flush`)."""

    def __init__(self, interval: float = 0.5) -> None:
        self._interval = interval
        self._pending: dict[TopicPartition, int] = {}
        self._committing: asyncio.Task[None] | None = None
        self._last_commit = -interval
        self._now = asyncio.Event()

    def applied(self, consumer: AIOKafkaConsumer, records: Iterable[ConsumerRecord]) -> None:
        for record in records:
            self._pending[TopicPartition(record.topic, record.partition)] = record.offset + 1
        if self._committing is None or self._committing.done():
            self._committing = asyncio.create_task(self._commit(consumer))

    async def flush(self) -> None:
        """Commits what is pending without waiting out the interval: whatever
        was applied has a commit task running, which commits until nothing is pending."""
        self._now.set()
        if self._committing is not None:
            await asyncio.wait([self._committing])
        self._now.clear()

    async def _commit(self, consumer: AIOKafkaConsumer) -> None:
        loop = asyncio.get_running_loop()
        while self._pending:
            wait = self._last_commit + self._interval - loop.time()
            if wait > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._now.wait(), wait)
            offsets, self._pending = self._pending, {}
            self._last_commit = loop.time()
            try:
                await consumer.commit(offsets)
            except (KafkaError, ConsumerStoppedError) as exc:
                log.warning(
                    "offsets not committed; their records will be delivered again",
                    reason=repr(exc),
                    offsets={
                        f"{tp.topic}:{tp.partition}": offset for tp, offset in offsets.items()
                    },
                )
