"""Records taken from Kafka while the batch before them is applied.

aiokafka asks the broker for more of a partition only once the records it
holds for that partition have been taken. A subscriber that takes records only
between batches therefore leaves what arrives during a batch at the broker,
apart from each partition's first record, until the next batch has been
taken: under steady load a record waited one batch more than it had to (at
250 records/s and a 9 ms + 1 ms per record handler, 20 ms at the median
instead of 9 ms; docs/benchmarks-history.md, "Intake: records taken while a batch is
applied"). Taking them as they arrive keeps a fetch on its way all the time.

A subscriber then waits for its next records here, in aiokafka's fetch,
instead of in FastStream's poll, which sleeps after every empty poll and so
has to poll every few milliseconds to answer a lone record quickly; that
polling cost each idle service 0.07-0.08 cores on this machine."""

import asyncio
import contextlib
from collections.abc import Sequence

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.errors import ConsumerStoppedError, IllegalStateError

from .logging import get_logger

log = get_logger(__name__)

# A wait for records is cancelled when the fetching stops; this only bounds one wait.
_WAIT_MS = 1_000


class FetchAhead:
    """Takes a consumer's records as they arrive, holding at most `max_records`
    until they are handed out (`take`, `next_batch`)."""

    def __init__(self, consumer: AIOKafkaConsumer, max_records: int) -> None:
        self._consumer = consumer
        self._max_records = max_records
        self._held: list[ConsumerRecord] = []
        self._room = asyncio.Event()
        self._arrived = asyncio.Event()
        self._fetching: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._fetching is None:
            self._fetching = asyncio.create_task(self._take_as_they_arrive())

    def take(self) -> list[ConsumerRecord]:
        """The records taken since the last call, in each partition's order."""
        held, self._held = self._held, []
        self._room.set()
        return held

    async def next_batch(self, stopping: asyncio.Event) -> list[ConsumerRecord]:
        """`take`, waiting for records if none came. Empty once `stopping` is set
        (the records held then go back through `stop`), or once the taking has
        stopped (the subscriber's own poll then meets whatever stopped it)."""
        while (
            not self._held
            and not stopping.is_set()
            and self._fetching is not None
            and not self._fetching.done()
        ):
            self._arrived.clear()
            waits = [
                asyncio.ensure_future(self._arrived.wait()),
                asyncio.ensure_future(stopping.wait()),
            ]
            try:
                await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for wait in waits:
                    wait.cancel()
        return [] if stopping.is_set() else self.take()

    async def stop(self) -> list[ConsumerRecord]:
        """Stops taking records and returns those not handed out yet. None is
        lost in the stop: a record is held as soon as aiokafka hands it over,
        with no wait in between where the cancellation could land."""
        fetching, self._fetching = self._fetching, None
        if fetching is not None:
            fetching.cancel()
            await asyncio.gather(fetching, return_exceptions=True)
        return self.take()

    async def _take_as_they_arrive(self) -> None:
        try:
            while True:
                room = self._max_records - len(self._held)
                if room <= 0:
                    self._room.clear()
                    await self._room.wait()
                    continue
                for records in (
                    await self._consumer.getmany(timeout_ms=_WAIT_MS, max_records=room)
                ).values():
                    self._held.extend(records)
                if self._held:
                    self._arrived.set()
        except ConsumerStoppedError:
            pass  # the service is stopping
        except Exception as exc:
            # The subscriber's own poll meets the same error and reports it.
            log.warning("fetching ahead stopped", error=repr(exc))
        finally:
            self._arrived.set()


def rewind(consumer: AIOKafkaConsumer, unapplied: Sequence[ConsumerRecord]) -> None:
    """Sets each partition of `unapplied` back to its first unapplied record,
    so the next poll delivers them again instead of the records after them."""
    first: dict[TopicPartition, int] = {}
    for record in unapplied:
        tp = TopicPartition(record.topic, record.partition)
        first[tp] = min(first.get(tp, record.offset), record.offset)
    for tp, offset in first.items():
        # No longer assigned here: its next owner starts from the committed offset.
        with contextlib.suppress(IllegalStateError):
            consumer.seek(tp, offset)
