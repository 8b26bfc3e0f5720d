"""The consume path every subscriber goes through: parse, then one
transaction holding the inbox row and the handler's effects.

Bad messages go to the dead-letter topic and the consumer moves on; a bad
moment (database or broker unreachable) is retried in place with bounded
backoff, so the offset is never committed past an event that was not applied.

Records arrive in batches (whatever the broker had ready). Consecutive events
of a type with a batch handler are applied together in one transaction: the
handler's multi-row work, whose last write claims the events in the inbox
(shared/inbox.py, ClaimsInWrite). If that transaction fails on an event applied
before, the batch is applied again with the claims first; if it fails for any
reason but a bad moment, the same events are applied one by one, so a single
poison event is isolated and dead-lettered while the rest apply."""

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol
from uuid import UUID

import asyncpg
import structlog

from . import faults
from .contracts.base import EventContract
from .db import Database
from .envelope import Envelope
from .errors import (
    HANDLER_FAILED,
    InvalidMessage,
    InvalidPayload,
    NotHandledHere,
    Rejected,
    describe_unexpected,
    is_transient,
)
from .inbox import Claim, ClaimsInWrite, claim_all, claimed_before
from .logging import get_logger
from .parsing import parse_record
from .records import IncomingRecord
from .topics import Topic

log = get_logger(__name__)

Handler = Callable[[asyncpg.Connection, Envelope[Any]], Awaitable[None]]
# Applies many events in order, in the caller's transaction, and stages their
# inbox claims in its last write. The pool is for work beside that transaction,
# on connections of its own: reads that need not see the transaction's writes
# can then run while it writes.
BatchHandler = Callable[
    [asyncpg.Connection, Sequence[Envelope[Any]], asyncpg.Pool, ClaimsInWrite], Awaitable[None]
]
# Answers the sender of a payload that broke the contract, in the consume
# transaction; returns False when the payload says too little to answer anyone.
InvalidPayloadHandler = Callable[
    [asyncpg.Connection, Envelope[dict[str, Any]], Rejected], Awaitable[bool]
]


class Outcome(StrEnum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"
    DEAD_LETTERED = "dead_lettered"
    IGNORED = "ignored"


class DeadLetters(Protocol):
    async def send(
        self, record: IncomingRecord, reason: str, code: str, event_id: UUID | None
    ) -> None: ...


@dataclass(frozen=True)
class RetryPolicy:
    first_delay: float = 0.2
    max_delay: float = 15.0
    attempts_for_unexpected_errors: int = 3

    def delay(self, attempt: int) -> float:
        return min(self.first_delay * 2 ** (attempt - 1), self.max_delay)


@dataclass(frozen=True)
class _BatchRun:
    handler: BatchHandler
    records: list[IncomingRecord]
    envelopes: list[Envelope[Any]]


class TransactionalConsumer:
    def __init__(
        self,
        database: Database,
        topic: Topic,
        handlers: dict[type[EventContract], Handler],
        dead_letters: DeadLetters,
        *,
        retry: RetryPolicy = RetryPolicy(),
        on_outcome: Callable[[IncomingRecord, Outcome], None] = lambda *_: None,
        on_retry: Callable[[str], None] = lambda _: None,
        on_invalid_payload: InvalidPayloadHandler | None = None,
        ignore_other_types: bool = False,
        batch_handlers: dict[type[EventContract], BatchHandler] | None = None,
    ) -> None:
        """`ignore_other_types` is for a topic another service owns: event types
        with no handler here (known ones, and ones added after this code was
        built) are acknowledged and skipped instead of dead-lettered. Types
        with a handler are still validated strictly. A type in `batch_handlers`
        needs no single-event handler: one event is a batch of one."""
        self._batch_handlers = batch_handlers or {}
        handlers = {
            **{t: _one_at_a_time(h, database) for t, h in self._batch_handlers.items()},
            **handlers,
        }
        missing = [c.__name__ for c in topic.contracts if c not in handlers]
        if missing and not ignore_other_types:
            raise ValueError(f"{topic.name}: no handler for {missing}")
        self._only_types = frozenset(c.event_type for c in handlers) if ignore_other_types else None
        self._database = database
        self._topic = topic
        self._handlers = handlers
        self._dead_letters = dead_letters
        self._retry = retry
        self._on_outcome = on_outcome
        self._on_retry = on_retry
        self._on_invalid_payload = on_invalid_payload

    async def process(self, record: IncomingRecord) -> Outcome:
        [outcome] = await self.process_batch([record])
        return outcome

    async def process_batch(self, records: Sequence[IncomingRecord]) -> list[Outcome]:
        """Outcomes in the order of `records`; each record's effects are applied
        in that order too."""
        outcomes: list[Outcome] = []
        for run in _runs(records, [self._parse(r) for r in records], self._batch_handlers):
            if isinstance(run, _BatchRun):
                outcomes.extend(await self._apply_run(run))
            else:
                outcomes.append(await self._process_one(*run))
        # After the commit: an outcome is final once its transaction is.
        for record, outcome in zip(records, outcomes, strict=True):
            self._on_outcome(record, outcome)
        return outcomes

    def _parse(self, record: IncomingRecord) -> Envelope[Any] | InvalidMessage | NotHandledHere:
        try:
            return parse_record(record, self._topic, only_types=self._only_types)
        except (InvalidMessage, NotHandledHere) as exc:
            return exc

    async def _process_one(
        self, record: IncomingRecord, parsed: Envelope[Any] | InvalidMessage | NotHandledHere
    ) -> Outcome:
        structlog.contextvars.bind_contextvars(kafka_position=record.position)
        try:
            return await self._dispatch(record, parsed)
        finally:
            structlog.contextvars.unbind_contextvars(
                "kafka_position", "event_id", "correlation_id", "event_type"
            )

    async def _dispatch(
        self, record: IncomingRecord, parsed: Envelope[Any] | InvalidMessage | NotHandledHere
    ) -> Outcome:
        match parsed:
            case InvalidPayload() if self._on_invalid_payload is not None:
                self._bind(parsed.envelope)
                return await self._retrying(
                    record, parsed.envelope, self._answer_invalid(parsed), str(parsed)
                )
            case NotHandledHere():
                log.debug("event type not handled here; ignored", event_type=parsed.event_type)
                return Outcome.IGNORED
            case InvalidMessage():
                return await self._dead_letter(record, str(parsed), parsed.code, None)
        self._bind(parsed)
        handler = self._handlers[type(parsed.payload)]
        return await self._retrying(record, parsed, lambda conn: handler(conn, parsed))

    async def _apply_run(self, run: _BatchRun) -> list[Outcome]:
        attempt, claim_first = 0, False
        while True:
            try:
                if claim_first:
                    return await self._apply(run.records, run.envelopes, run.handler)
                return await self._apply_claiming_last(run)
            except Exception as exc:
                if claimed_before(exc) and not claim_first:
                    claim_first = True
                    continue
                attempt += 1
                if not is_transient(exc):
                    log.warning(
                        "batch failed; applying its events one by one",
                        error=type(exc).__name__,
                        events=len(run.records),
                    )
                    return [
                        await self._process_one(r, e)
                        for r, e in zip(run.records, run.envelopes, strict=True)
                    ]
                await self._back_off("batch apply failed; retrying", exc, attempt)

    async def _apply_claiming_last(self, run: _BatchRun) -> list[Outcome]:
        """One transaction: `run.handler` with every event, its last write claiming them."""
        claims = ClaimsInWrite(_claims(run.records, run.envelopes))
        async with self._database.pool.acquire() as conn, conn.transaction():
            await run.handler(conn, run.envelopes, self._database.pool, claims)
            await claims.write_unless_staged(conn)
            await faults.point("consumer.in_transaction")
        await faults.point("consumer.after_commit")
        outcomes = [Outcome.APPLIED] * len(run.envelopes)
        self._log_outcomes(run.envelopes, outcomes)
        return outcomes

    async def _apply(
        self,
        records: Sequence[IncomingRecord],
        envelopes: Sequence[Envelope[Any]],
        handler: BatchHandler,
    ) -> list[Outcome]:
        """One transaction: the inbox rows, then `handler` with the events not applied before."""
        async with self._database.pool.acquire() as conn, conn.transaction():
            new_ids = await claim_all(conn, _claims(records, envelopes))
            fresh, outcomes = [], []
            for envelope in envelopes:
                is_new = envelope.event_id in new_ids
                new_ids.discard(envelope.event_id)
                outcomes.append(Outcome.APPLIED if is_new else Outcome.DUPLICATE)
                if is_new:
                    fresh.append(envelope)
            if fresh:
                await handler(conn, fresh, self._database.pool, ClaimsInWrite(()))
            await faults.point("consumer.in_transaction")
        await faults.point("consumer.after_commit")
        self._log_outcomes(envelopes, outcomes)
        return outcomes

    @staticmethod
    def _log_outcomes(envelopes: Sequence[Envelope[Any]], outcomes: Sequence[Outcome]) -> None:
        for envelope, outcome in zip(envelopes, outcomes, strict=True):
            log.info(
                "event applied" if outcome is Outcome.APPLIED else "duplicate delivery ignored",
                event_id=str(envelope.event_id),
                correlation_id=envelope.effective_correlation_id,
                event_type=envelope.type,
                batch=len(envelopes),
            )

    @staticmethod
    def _bind(envelope: Envelope[Any]) -> None:
        structlog.contextvars.bind_contextvars(
            event_id=str(envelope.event_id),
            correlation_id=envelope.effective_correlation_id,
            event_type=envelope.type,
        )

    def _answer_invalid(
        self, exc: InvalidPayload
    ) -> Callable[[asyncpg.Connection], Awaitable[None]]:
        async def answer(conn: asyncpg.Connection) -> None:
            assert self._on_invalid_payload is not None
            if not await self._on_invalid_payload(conn, exc.envelope, exc.rejection):
                raise exc.rejection

        return answer

    async def _retrying(
        self,
        record: IncomingRecord,
        envelope: Envelope[Any],
        effect: Callable[[asyncpg.Connection], Awaitable[None]],
        rejection_reason: str | None = None,
    ) -> Outcome:
        attempt = 0
        while True:
            attempt += 1
            try:
                [outcome] = await self._apply(
                    [record], [envelope], lambda conn, _envelopes, _beside, _claims: effect(conn)
                )
                return outcome
            except Rejected as exc:
                return await self._dead_letter(
                    record, rejection_reason or str(exc), exc.code, envelope.event_id
                )
            except Exception as exc:
                if not is_transient(exc) and attempt >= self._retry.attempts_for_unexpected_errors:
                    log.exception("handler keeps failing; dead-lettering", attempts=attempt)
                    return await self._dead_letter(
                        record, describe_unexpected(exc), HANDLER_FAILED, envelope.event_id
                    )
                await self._back_off("apply failed; retrying", exc, attempt)

    async def _dead_letter(
        self, record: IncomingRecord, reason: str, code: str, event_id: UUID | None
    ) -> Outcome:
        attempt = 0
        while True:
            attempt += 1
            try:
                await self._dead_letters.send(record, reason, code, event_id)
                break
            except Exception as exc:
                await self._back_off("dead-letter publish failed; retrying", exc, attempt)
        log.warning(
            "message dead-lettered", reason=reason, dead_letter_topic=self._topic.dead_letter
        )
        return Outcome.DEAD_LETTERED

    async def _back_off(self, message: str, exc: Exception, attempt: int) -> None:
        delay = self._retry.delay(attempt)
        log.warning(message, error=type(exc).__name__, attempt=attempt, retry_in=delay)
        self._on_retry(self._topic.name)
        await asyncio.sleep(delay)


def _one_at_a_time(handler: BatchHandler, database: Database) -> Handler:
    async def handle(conn: asyncpg.Connection, envelope: Envelope[Any]) -> None:
        await handler(conn, [envelope], database.pool, ClaimsInWrite(()))

    return handle


def _claims(records: Sequence[IncomingRecord], envelopes: Sequence[Envelope[Any]]) -> list[Claim]:
    return [
        Claim(e.event_id, e.type, r.topic, r.partition, r.offset)
        for r, e in zip(records, envelopes, strict=True)
    ]


def _runs(
    records: Sequence[IncomingRecord],
    parsed: Sequence[Envelope[Any] | InvalidMessage | NotHandledHere],
    batch_handlers: dict[type[EventContract], BatchHandler],
) -> list[_BatchRun | tuple[IncomingRecord, Envelope[Any] | InvalidMessage | NotHandledHere]]:
    """Consecutive events that share a batch handler form one run; everything
    else stays a single record, so the order of effects is the order of records."""
    runs: list[
        _BatchRun | tuple[IncomingRecord, Envelope[Any] | InvalidMessage | NotHandledHere]
    ] = []
    for record, envelope in zip(records, parsed, strict=True):
        if (
            isinstance(envelope, Exception)
            or (handler := batch_handlers.get(type(envelope.payload))) is None
        ):
            runs.append((record, envelope))
        elif runs and isinstance(runs[-1], _BatchRun) and runs[-1].handler is handler:
            runs[-1].records.append(record)
            runs[-1].envelopes.append(envelope)
        else:
            runs.append(_BatchRun(handler, [record], [envelope]))
    return runs
