"""Sends a run's messages at a steady rate as agencies would (plain Kafka
producers), stamps the arrival of each reply on the services' output topics,
and acknowledges each new grievance case over HTTP as an officer would."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from shared.acting_assertion import ActingPerson
from shared.kafka_access import KafkaAccess
from shared.roles import Role
from shared.topics import GRIEVANCE_EVENTS, KITCHEN_EVENTS, REGISTRY_DECISIONS
from tests.kafka_helpers import read_from_end
from tests.reliability.workload import Message

OUTPUT_TOPICS = (REGISTRY_DECISIONS.name, KITCHEN_EVENTS.name, GRIEVANCE_EVENTS.name)
OFFICER = ActingPerson("officer.reliability", Role.GRIEVANCE_OFFICER)
HTTP_ATTEMPTS = 5


@dataclass
class Acknowledgement:
    """One officer's acknowledgement of a case over HTTP;
    `status` is the last reply's (0: no reply)."""

    case_id: str
    sent_at: float
    status: int = 0
    attempts: int = 0

    @property
    def settled(self) -> bool:
        return 0 < self.status < 500 or self.attempts >= HTTP_ATTEMPTS


@dataclass
class Traffic:
    messages: list[Message]
    replies: dict[str, float] = field(default_factory=dict)  # causation id -> first arrival
    acknowledgements: dict[str, Acknowledgement] = field(default_factory=dict)  # case id -> attempt


class ReplyWatcher:
    """Reads the output topics from where they ended before the run;
    notes each reply's first arrival."""

    def __init__(self, kafka: KafkaAccess, traffic: Traffic, on_case: asyncio.Queue[str]) -> None:
        self._kafka = kafka
        self._traffic = traffic
        self._on_case = on_case
        self._grievances = {m.event_id for m in traffic.messages if m.flow == "grievance"}
        self._consumer = AIOKafkaConsumer(**kafka.client_options(), enable_auto_commit=False)
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await self._consumer.start()
        await read_from_end(self._consumer, self._kafka, list(OUTPUT_TOPICS))
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        while True:
            batches = await self._consumer.getmany(timeout_ms=200)
            now = time.monotonic()
            for records in batches.values():
                for record in records:
                    self._note(record.value, now)

    def _note(self, value: bytes, now: float) -> None:
        try:
            event = json.loads(value)
            cause = event.get("causation_id")
        except (TypeError, ValueError, AttributeError):
            return
        if cause and cause not in self._traffic.replies:
            self._traffic.replies[cause] = now
            if cause in self._grievances and event.get("type") == "grievances.case_received":
                self._on_case.put_nowait(event["payload"]["case_id"])

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        await self._consumer.stop()


async def send_all(
    kafka: KafkaAccess,
    messages: list[Message],
    rate: float,
    started: asyncio.Event | None = None,
) -> None:
    """One message every 1/rate s. A send the broker never acknowledged
    stays `acked=False` with its error."""
    producer = AIOKafkaProducer(
        **kafka.client_options(),
        acks="all",
        enable_idempotence=True,
        max_request_size=2 * 1024 * 1024,
    )
    compressing = AIOKafkaProducer(
        **kafka.client_options(),
        acks="all",
        enable_idempotence=True,
        compression_type="gzip",
        max_request_size=4 * 1024 * 1024,
    )
    await producer.start()
    await compressing.start()
    pending: list[asyncio.Task[None]] = []
    try:
        start = time.monotonic()
        if started is not None:
            started.set()
        for i, message in enumerate(messages):
            delay = start + i / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            message.sent_at = time.monotonic()
            message.sent.set()
            sender = compressing if message.compress else producer
            try:
                delivery = await sender.send(
                    message.topic,
                    value=message.value,
                    key=message.key.encode() if message.key is not None else None,
                    headers=message.headers or None,
                )
            except Exception as exc:
                message.send_error = f"{type(exc).__name__}: {exc}"
                continue
            pending.append(asyncio.create_task(_await_ack(message, delivery)))
        await asyncio.gather(*pending)
    finally:
        await producer.stop()
        await compressing.stop()


async def _await_ack(message: Message, delivery: asyncio.Future) -> None:
    try:
        metadata = await delivery
        message.acked = True
        message.position = (metadata.partition, metadata.offset)
    except Exception as exc:
        message.send_error = f"{type(exc).__name__}: {exc}"


async def acknowledge_cases(
    grievances_url: str,
    officer_headers: Callable[[], dict[str, str]],
    cases: asyncio.Queue[str],
    traffic: Traffic,
) -> None:
    """Runs until cancelled: each new case is acknowledged once, by the officer the
    headers sign for (fresh per call); a refused connection or a 5xx is tried again a
    few times, as a person would. A case is marked done on `cases` once its
    acknowledgement is settled."""
    async with httpx.AsyncClient(timeout=10.0) as client:
        while True:
            case_id = await cases.get()
            ack = traffic.acknowledgements[case_id] = Acknowledgement(case_id, time.monotonic())
            while True:
                ack.attempts += 1
                try:
                    response = await client.post(
                        f"{grievances_url}/cases/{case_id}/transitions",
                        json={"action": "acknowledge"},
                        headers=officer_headers(),
                    )
                    ack.status = response.status_code
                except httpx.HTTPError:
                    ack.status = 0
                if ack.settled:
                    break
                await asyncio.sleep(1.0)
            cases.task_done()
