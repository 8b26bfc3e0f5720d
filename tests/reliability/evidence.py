"""Reads, after a drain, what the system holds about one run: the services'
inbox, outbox and domain rows, the output and dead-letter topics from where
they ended before the run, and the services' logs written during it."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
from aiokafka import AIOKafkaConsumer, TopicPartition

from services import NAMES
from shared.faults import FIRED_LOG_LINE
from shared.kafka_access import KafkaAccess
from shared.topics import (
    DAILY_REPORTS,
    DEAD_LETTER_SUFFIX,
    ENROLMENTS,
    GRIEVANCE_INTAKE,
    KITCHEN_EVENTS,
)
from tests.reliability.drain import end_offsets
from tests.reliability.driver import OFFICER, OUTPUT_TOPICS

INPUT_TOPICS = (ENROLMENTS.name, DAILY_REPORTS.name, GRIEVANCE_INTAKE.name)
DEAD_LETTER_TOPICS = tuple(t + DEAD_LETTER_SUFFIX for t in (*INPUT_TOPICS, KITCHEN_EVENTS.name))
CONSUMING_SCHEMA = {
    ENROLMENTS.name: "beneficiaries",
    DAILY_REPORTS.name: "kitchens",
    GRIEVANCE_INTAKE.name: "grievances",
}
DUPLICATE_LOG_LINE = "duplicate delivery ignored"


@dataclass(frozen=True)
class Marks:
    """Where everything stood before the run: only what came after is the run's."""

    outbox_ids: dict[str, int]
    offsets: dict[TopicPartition, int]
    log_sizes: dict[Path, int]


@dataclass(frozen=True)
class InboxRow:
    topic: str
    partition: int
    offset: int
    applied_at: Any


@dataclass(frozen=True)
class OutboxRow:
    id: int
    schema: str
    event_id: str
    topic: str
    key: str
    type: str
    causation_id: str | None
    published: bool
    payload: dict[str, Any]


@dataclass(frozen=True)
class TopicRecord:
    topic: str
    partition: int
    offset: int
    key: str | None
    event_id: str | None
    headers: dict[str, str]

    @property
    def original(self) -> tuple[str, int, int] | None:
        """Where a dead letter's record was read from."""
        try:
            return (
                self.headers["dlq.original.topic"],
                int(self.headers["dlq.original.partition"]),
                int(self.headers["dlq.original.offset"]),
            )
        except (KeyError, ValueError):
            return None


@dataclass
class Evidence:
    inbox: dict[str, dict[str, InboxRow]] = field(default_factory=dict)  # schema -> event id -> row
    outbox: list[OutboxRow] = field(default_factory=list)
    enrolments: dict[str, dict[str, Any]] = field(default_factory=dict)  # agency record id -> row
    report_rows: Counter[str] = field(
        default_factory=Counter
    )  # source event id -> daily_reports rows
    case_rows: Counter[str] = field(default_factory=Counter)  # source event id -> cases rows
    case_texts: dict[str, str] = field(default_factory=dict)  # source event id -> description
    acknowledgements: Counter[str] = field(
        default_factory=Counter
    )  # case id -> acknowledged transitions by our officer
    published: list[TopicRecord] = field(default_factory=list)
    dead_letters: list[TopicRecord] = field(default_factory=list)
    duplicate_deliveries: Counter[str] = field(default_factory=Counter)  # event id -> log lines
    faults_fired: Counter[str] = field(default_factory=Counter)  # fault point -> times it fired


async def take_marks(database_url: str, kafka: KafkaAccess, log_paths: set[Path]) -> Marks:
    conn = await asyncpg.connect(database_url)
    try:
        ids = {
            s: await conn.fetchval(f"SELECT coalesce(max(id), 0) FROM {s}.outbox") for s in NAMES
        }
    finally:
        await conn.close()
    offsets = await end_offsets(kafka, [*OUTPUT_TOPICS, *DEAD_LETTER_TOPICS])
    return Marks(ids, offsets, {p: p.stat().st_size if p.exists() else 0 for p in log_paths})


async def gather(
    database_url: str,
    kafka: KafkaAccess,
    log_paths: set[Path],
    marks: Marks,
    event_ids: list[str],
    record_ids: list[str],
    case_ids: list[str],
) -> Evidence:
    evidence = Evidence()
    conn = await asyncpg.connect(database_url)
    try:
        await _read_database(conn, evidence, marks, event_ids, record_ids, case_ids)
    finally:
        await conn.close()
    records = await _read_topics(kafka, marks)
    evidence.published = [r for r in records if r.topic in OUTPUT_TOPICS]
    evidence.dead_letters = [r for r in records if r.topic in DEAD_LETTER_TOPICS]
    logged = _logged_since_marks(log_paths, marks, (DUPLICATE_LOG_LINE, FIRED_LOG_LINE))
    evidence.duplicate_deliveries = Counter(
        e["event_id"] for e in logged[DUPLICATE_LOG_LINE] if "event_id" in e
    )
    evidence.faults_fired = Counter(e.get("point", "") for e in logged[FIRED_LOG_LINE])
    return evidence


async def _read_database(
    conn: asyncpg.Connection,
    evidence: Evidence,
    marks: Marks,
    event_ids: list[str],
    record_ids: list[str],
    case_ids: list[str],
) -> None:
    outbox_event_ids = []
    for schema in NAMES:
        rows = await conn.fetch(
            "SELECT id, event_id::text, topic, message_key, envelope, "
            "published_at IS NOT NULL AS published "
            f"FROM {schema}.outbox WHERE id > $1 ORDER BY id",
            marks.outbox_ids[schema],
        )
        for r in rows:
            envelope = (
                json.loads(r["envelope"]) if isinstance(r["envelope"], str) else r["envelope"]
            )
            evidence.outbox.append(
                OutboxRow(
                    r["id"],
                    schema,
                    r["event_id"],
                    r["topic"],
                    r["message_key"],
                    envelope["type"],
                    envelope.get("causation_id"),
                    r["published"],
                    envelope["payload"],
                )
            )
            outbox_event_ids.append(r["event_id"])
    ids = [*event_ids, *outbox_event_ids]
    for schema in NAMES:
        rows = await conn.fetch(
            f"SELECT event_id::text, topic, kafka_partition, kafka_offset, applied_at "
            f"FROM {schema}.inbox WHERE event_id = ANY($1::uuid[])",
            ids,
        )
        evidence.inbox[schema] = {
            r["event_id"]: InboxRow(
                r["topic"], r["kafka_partition"], r["kafka_offset"], r["applied_at"]
            )
            for r in rows
        }
    for r in await conn.fetch(
        "SELECT e.agency_record_id, e.programme, e.source_event_id::text, "
        "p.given_names, p.paternal_surname "
        "FROM beneficiaries.enrolments e JOIN beneficiaries.persons p USING (person_id) "
        "WHERE e.agency_record_id = ANY($1::text[])",
        record_ids,
    ):
        evidence.enrolments[r["agency_record_id"]] = dict(r)
    for r in await conn.fetch(
        "SELECT source_event_id::text AS id, count(*) FROM kitchens.daily_reports "
        "WHERE source_event_id = ANY($1::uuid[]) GROUP BY 1",
        event_ids,
    ):
        evidence.report_rows[r["id"]] = r["count"]
    for r in await conn.fetch(
        "SELECT source_event_id::text AS id, count(*), min(description) AS description "
        "FROM grievances.cases "
        "WHERE source_event_id = ANY($1::uuid[]) GROUP BY 1",
        event_ids,
    ):
        evidence.case_rows[r["id"]] = r["count"]
        evidence.case_texts[r["id"]] = r["description"]
    for r in await conn.fetch(
        "SELECT case_id::text AS id, count(*) FROM grievances.case_transitions "
        "WHERE case_id = ANY($1::uuid[]) AND status = 'acknowledged' AND by_whom = $2 GROUP BY 1",
        case_ids,
        OFFICER.user,
    ):
        evidence.acknowledgements[r["id"]] = r["count"]


async def _read_topics(kafka: KafkaAccess, marks: Marks) -> list[TopicRecord]:
    ends = await end_offsets(kafka, sorted({tp.topic for tp in marks.offsets}))
    wanted = {
        tp: (marks.offsets.get(tp, 0), end)
        for tp, end in ends.items()
        if end > marks.offsets.get(tp, 0)
    }
    if not wanted:
        return []
    consumer = AIOKafkaConsumer(
        **kafka.client_options(),
        enable_auto_commit=False,
        max_partition_fetch_bytes=8 * 1024 * 1024,
        fetch_max_bytes=16 * 1024 * 1024,
    )
    await consumer.start()
    found: list[TopicRecord] = []
    try:
        consumer.assign(list(wanted))
        for tp, (start, _) in wanted.items():
            consumer.seek(tp, start)
        remaining = dict(wanted)
        while remaining:
            batches = await consumer.getmany(*remaining, timeout_ms=1000)
            for tp, records in batches.items():
                found.extend(_topic_record(r) for r in records if r.offset < wanted[tp][1])
                if records and records[-1].offset + 1 >= wanted[tp][1]:
                    remaining.pop(tp, None)
            for tp in list(remaining):
                if await consumer.position(tp) >= wanted[tp][1]:
                    remaining.pop(tp)
    finally:
        await consumer.stop()
    return found


def _topic_record(record: Any) -> TopicRecord:
    headers = {k: v.decode("utf-8", "replace") for k, v in record.headers or ()}
    event_id = headers.get(
        "dlq.event_id" if record.topic.endswith(DEAD_LETTER_SUFFIX) else "event_id"
    )
    return TopicRecord(
        record.topic,
        record.partition,
        record.offset,
        record.key.decode("utf-8", "replace") if record.key else None,
        event_id,
        headers,
    )


def _logged_since_marks(
    log_paths: set[Path], marks: Marks, events: tuple[str, ...]
) -> dict[str, list[dict]]:
    """Per event, the JSON log lines written after the marks, in one pass over each log."""
    found: dict[str, list[dict]] = {event: [] for event in events}
    wanted = [event.encode() for event in events]
    for path in log_paths:
        if not path.exists():
            continue
        with path.open("rb") as log:
            log.seek(marks.log_sizes.get(path, 0))
            for line in log:
                if not any(w in line for w in wanted):
                    continue
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                if entry.get("event") in found:
                    found[entry["event"]].append(entry)
    return found
