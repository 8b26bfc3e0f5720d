"""Consumer offsets committed beside the consume path instead of on it.

Committing a batch's offsets is a round trip to the group coordinator, a few
milliseconds on which the next batch would otherwise wait; under steady load
that wait lengthens every cycle and so every record's time in the queue
(docs/benchmarks.md, "Intake: offset commits and search-index merges off the
intake's path").

Only offsets of records already applied are committed, so the offset never
passes an event whose transaction has not committed. A commit lost to a
rebalance or a stop means that the batch is delivered again; the inbox makes
the replay a no-op."""

import asyncio
from collections.abc import Iterable

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.errors import KafkaError

from .logging import get_logger

log = get_logger(__name__)


class OffsetCommits:
    """One subscriber's commits: one in flight at a time, each carrying the
    newest applied offset of every partition seen since the last one."""

    def __init__(self) -> None:
        self._pending: dict[TopicPartition, int] = {}
        self._committing: asyncio.Task[None] | None = None

    def applied(self, consumer: AIOKafkaConsumer, records: Iterable[ConsumerRecord]) -> None:
        for record in records:
            self._pending[TopicPartition(record.topic, record.partition)] = record.offset + 1
        if self._committing is None or self._committing.done():
            self._committing = asyncio.create_task(self._commit(consumer))

    async def _commit(self, consumer: AIOKafkaConsumer) -> None:
        while self._pending:
            offsets, self._pending = self._pending, {}
            try:
                await consumer.commit(offsets)
            except KafkaError as exc:
                log.warning("offsets not committed; their records will be delivered again", reason=repr(exc),
                            offsets={f"{tp.topic}:{tp.partition}": offset for tp, offset in offsets.items()})
