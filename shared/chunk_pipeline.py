"""Work done in chunks, read one chunk ahead and written in order, so that
PostgreSQL works on the other core while this one decides.

A chunk's read is sent while the chunk before it is decided; a decided
chunk's write is sent at once, behind the writes before it, when reads go
over a connection of their own (otherwise every write waits for the end: a
read after a write on one connection would see what the batch wrote). While
deciding, the loop is given a turn every few items, for the driver to take in
the rows of the read under way as they come (PostgreSQL stalls when the
socket is full) and to send the next statement.

    async with ChunkPipeline(chunks, read, write_as_decided=True) as pipeline:
        async for chunk, found in pipeline.chunks():
            async for item in pipeline.cooperatively(chunk):
                ...  # decide
            pipeline.write(save_the_chunk)
        await pipeline.finish()
"""

import asyncio
from collections.abc import AsyncIterator, Callable, Coroutine, Iterable, Sequence
from types import TracebackType
from typing import Any, Generic, TypeVar

C = TypeVar("C")
R = TypeVar("R")
T = TypeVar("T")

# Measured on the registry's intake: fewer turns left the rows of the next
# read waiting in the socket; more cost switching for nothing.
YIELD_EVERY = 8


class ChunkPipeline(Generic[C, R]):
    """`read(chunk)`: the coroutine reading what a chunk needs, or None when it needs nothing."""

    def __init__(
        self,
        chunks: Sequence[C],
        read: Callable[[C], Coroutine[Any, Any, R] | None],
        *,
        write_as_decided: bool,
    ) -> None:
        self._chunks = chunks
        self._read = read
        self._write_as_decided = write_as_decided
        self._reading: dict[int, asyncio.Task[R]] = {}
        self._nothing_to_read: set[int] = set()
        self._waiting: list[Callable[[], Coroutine[Any, Any, None]]] = []
        self._writing: list[asyncio.Task[None]] = []

    async def chunks(self) -> AsyncIterator[tuple[C, R | None]]:
        """Each chunk with what was read for it (None: nothing to read), the
        next chunk's read under way."""
        for number, chunk in enumerate(self._chunks):
            self._start_read(number)
            reading = self._reading.pop(number, None)
            found = None if reading is None else await reading
            if self._start_read(number + 1):
                await asyncio.sleep(0)  # lets the read send its query before the deciding starts
            yield chunk, found

    @staticmethod
    async def cooperatively(items: Iterable[T]) -> AsyncIterator[T]:
        for done, item in enumerate(items, 1):
            yield item
            if done % YIELD_EVERY == 0:
                await asyncio.sleep(0)

    def write(self, save: Callable[[], Coroutine[Any, Any, None]]) -> None:
        """A decided chunk's write, run after every write before it."""
        self._waiting.append(save)
        if self._write_as_decided:
            self._start_waiting_writes()

    async def finish(self) -> None:
        """Every write done; a failed write raised."""
        self._start_waiting_writes()
        if self._writing:
            await self._writing[-1]

    async def __aenter__(self) -> "ChunkPipeline[C, R]":
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Work that failed half way must not leave a read or a write running on its connection."""
        tasks = [*self._reading.values(), *self._writing]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._reading.clear()
        self._writing.clear()

    def _start_read(self, number: int) -> bool:
        """False when there is nothing to read: no such chunk, or it needs nothing."""
        if number in self._reading:
            return True
        if number >= len(self._chunks) or number in self._nothing_to_read:
            return False
        reading = self._read(self._chunks[number])
        if reading is None:
            self._nothing_to_read.add(number)
            return False
        self._reading[number] = asyncio.create_task(reading)
        return True

    def _start_waiting_writes(self) -> None:
        for save in self._waiting:
            before = self._writing[-1] if self._writing else None
            self._writing.append(asyncio.create_task(_after(before, save)))
        self._waiting.clear()


async def _after(
    before: asyncio.Task[None] | None, save: Callable[[], Coroutine[Any, Any, None]]
) -> None:
    if before is not None:
        await before
    await save()
