"""Driving the grievances service as the console and a foreign system would."""

import json
import urllib.error
import urllib.request
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition

from shared.db import connect
from shared.kafka_access import KafkaAccess
from shared.topics import GRIEVANCE_EVENTS
from tests.http_auth import acting_headers, headers_for
from tests.kafka_helpers import json_value, partition_counts, wait_for_records

OFFICER = "officer.ana-ruiz"
REVEAL_ROLE = "identity_reveal_officer"


def call(
    url: str, body: dict | None = None, headers: dict[str, str] | None = None
) -> tuple[int, Any]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"content-type": "application/json", **headers_for(url), **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def grievance_officer_headers(url: str, officer: str = OFFICER) -> dict[str, str]:
    """A grievance officer signed in at the console, calling `url`."""
    return acting_headers(url, user=officer, role="grievance_officer")


def submission(**overrides) -> dict[str, Any]:
    return {
        "channel": "web",
        "kind": "complaint",
        "category": "treatment",
        "subject": {"kind": "kitchen", "ref": "CDMX-IZT-0042"},
        "description": "Nos atendieron de mala manera.",
        **overrides,
    }


def submit(services, body: dict[str, Any], officer: str | None = None) -> dict[str, Any]:
    url = f"{services.url('grievances')}/cases"
    status, reply = call(url, body, grievance_officer_headers(url, officer) if officer else {})
    assert status == 201, reply
    return reply


def transition(
    services, case_id: str, action: str, officer: str = OFFICER, **details
) -> tuple[int, Any]:
    url = f"{services.url('grievances')}/cases/{case_id}/transitions"
    return call(url, {"action": action, **details}, grievance_officer_headers(url, officer))


def officer_reads(url: str, body: dict | None = None) -> tuple[int, Any]:
    """The case work read as the console reads it for a grievance officer (the queue, a
    search, a case): a supervisor's plain call may not (roles_served.py)."""
    return call(url, body, grievance_officer_headers(url))


def case(services, case_id: str) -> dict[str, Any]:
    status, reply = officer_reads(f"{services.url('grievances')}/cases/{case_id}")
    assert status == 200, reply
    return reply


def as_officer(
    services, path: str, user: str, body: dict | None = None, role: str = REVEAL_ROLE
) -> tuple[int, Any]:
    """A call to the grievances service on an officer's behalf (POST with a body, else GET)."""
    url = f"{services.url('grievances')}{path}"
    return call(url, body, acting_headers(url, user=user, role=role))


def of_case(case_id: str, event_type: str | None = None):
    def match(record) -> bool:
        value = json_value(record) or {}
        return value.get("payload", {}).get("case_id") == case_id and event_type in (
            None,
            value.get("type"),
        )

    return match


async def case_events(
    infrastructure, case_id: str, count: int, event_type: str | None = None
) -> list[dict[str, Any]]:
    records = await wait_for_records(
        infrastructure.kafka.operator,
        GRIEVANCE_EVENTS.name,
        of_case(case_id, event_type),
        count=count,
    )
    return [json_value(r) for r in records]


async def grievances_db(infrastructure):
    return await connect(infrastructure.database_url, "grievances")


async def read_all(kafka: KafkaAccess, topics: list[str]) -> list[Any]:
    """Every record currently in `topics`, from the beginning to the end offsets."""
    consumer = AIOKafkaConsumer(**kafka.client_options(), enable_auto_commit=False)
    await consumer.start()
    try:
        counts = await partition_counts(kafka, topics)
        partitions = [TopicPartition(t, p) for t in topics for p in range(counts[t])]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        found: list[Any] = []
        pending = {p for p in partitions if ends[p] > 0}
        while pending:
            for records in (await consumer.getmany(timeout_ms=500)).values():
                found.extend(records)
            pending = {p for p in pending if await consumer.position(p) < ends[p]}
        return found
    finally:
        await consumer.stop()
