"""Each consumer's lag, read from the broker by the service itself: for every partition
assigned to this process, the end offset less the group's committed offset. Read on an
interval beside the consumers, so a consumer stuck inside a batch still shows its lag
growing (a gauge set after each batch would stay at its last value)."""

import asyncio
from collections.abc import Callable, Iterable
from typing import Any

from aiokafka.errors import KafkaError

from .logging import get_logger

log = get_logger(__name__)

LAG_INTERVAL_SECONDS = 15.0
# A broker that does not answer within this is reported at the next interval.
READ_TIMEOUT_SECONDS = 10.0


def partition_lag(end: int, committed: int | None, beginning: int) -> int:
    """From the committed offset (never committed: the oldest record kept, where
    `auto_offset_reset=earliest` starts) to the end."""
    start = committed if committed is not None else beginning
    return max(0, end - max(start, beginning))


async def consumer_lags(consumer: Any) -> dict[tuple[str, int], int]:
    """(topic, partition) -> lag for one aiokafka consumer's current assignment."""
    assigned = list(consumer.assignment())
    if not assigned:
        return {}
    ends = await consumer.end_offsets(assigned)
    beginnings = await consumer.beginning_offsets(assigned)
    lags = {}
    for tp in assigned:
        committed = await consumer.committed(tp)
        lags[(tp.topic, tp.partition)] = partition_lag(ends[tp], committed, beginnings[tp])
    return lags


async def measure_lag(consumers: Iterable[Any]) -> dict[tuple[str, int], int]:
    """The lag of every started consumer of `consumers` (None for one not started yet)."""
    lags: dict[tuple[str, int], int] = {}
    for consumer in consumers:
        if consumer is not None:
            async with asyncio.timeout(READ_TIMEOUT_SECONDS):
                lags.update(await consumer_lags(consumer))
    return lags


async def report_lag_forever(
    consumers: Callable[[], Iterable[Any]], report: Callable[[dict[tuple[str, int], int]], None]
) -> None:
    """A failed reading keeps the previous figures and is tried again at the next interval."""
    while True:
        try:
            report(await measure_lag(consumers()))
        except (KafkaError, TimeoutError, OSError) as exc:
            log.warning("consumer lag not read", error=type(exc).__name__)
        await asyncio.sleep(LAG_INTERVAL_SECONDS)
