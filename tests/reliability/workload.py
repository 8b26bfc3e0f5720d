"""What a run sends: enrolments, kitchen reports and grievances as agencies,
tablets and channels publish them, each with a unique event id and a
sequence number within its partition key.

- Enrolments: each agency record is sent `ENROLMENT_SEQUENCE` times; the n-th
  names the programme `Programa NNN`, so the record must end on the last one
  (later versions of a record update it).
- Kitchen reports: per kitchen, a report for an operating day and then its
  amendment, day after day. An amendment applied before its report would be
  refused ("no report to amend"), so order shows in the effects too.
- Grievances: one submission per channel reference; a person acknowledges the
  case over HTTP once it exists (see `driver.py`).
"""

from __future__ import annotations

import asyncio
import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from deploy.local.agency_client import agency_envelope
from shared.topics import DAILY_REPORTS, ENROLMENTS, GRIEVANCE_INTAKE
from tests.e2e.test_skeleton_flows import distinct_person

ENROLMENT_SEQUENCE = 3
KITCHEN_CAPACITY = 200
FEE_CENTAVOS = 1000
# Kitchens open on this day; their reports cover the operating days after it,
# all in the past whatever the machine's clock says.
OPENING_DATE = date(2025, 1, 6)
LAST_REPORT_DATE = date(2025, 12, 31)


@dataclass
class Message:
    """One record for the driver to send, and what the system should do with it."""

    flow: str
    topic: str
    key: str | None
    value: bytes
    event_id: str | None
    partition_key: str | None = None
    seq: int = 0
    # applied | rejected (applied, answered with a refusal) | dead_lettered | terminal
    # (applied or dead-lettered)
    expect: str = "applied"
    headers: list[tuple[str, bytes]] = field(default_factory=list)
    compress: bool = False
    # Filled in by the driver.
    sent_at: float | None = None
    sent: asyncio.Event = field(default_factory=asyncio.Event, repr=False, compare=False)
    acked: bool = False
    send_error: str | None = None
    position: tuple[int, int] | None = None  # (partition, offset) the broker gave it

    @classmethod
    def of(
        cls, flow: str, topic: str, envelope: dict[str, Any], seq: int = 0, expect: str = "applied"
    ) -> Message:
        return cls(
            flow,
            topic,
            envelope["key"],
            json.dumps(envelope).encode(),
            envelope["event_id"],
            envelope["key"],
            seq,
            expect,
        )


def enrolment_envelope(record_id: str, seq: int, **person: Any) -> dict[str, Any]:
    return agency_envelope(
        event_type="beneficiaries.enrolment_submitted",
        producer="agency.reliability",
        key=f"dif-jalisco:{record_id}",
        payload={
            "agency": "dif-jalisco",
            "agency_record_id": record_id,
            "programme": f"Programa {seq:03d}",
            "benefit_type": "food_basket",
            "started_on": "2026-02-01",
            "person": {
                **distinct_person(record_id),
                "sex": "M",
                "consent_to_share": True,
                **person,
            },
        },
    )


def operating_days(holidays: set[date]) -> list[date]:
    days, day = [], OPENING_DATE
    while day <= LAST_REPORT_DATE:
        if day.weekday() < 5 and day not in holidays:
            days.append(day)
        day += timedelta(days=1)
    return days


def _rations(seq: int) -> int:
    # Varies enough that no monitoring rule fires: never 5 equal totals in a
    # row, never 1.5 times the recent average, never above capacity.
    return 150 + (seq * 7) % 41


def report_envelope(kitchen_id: str, day: date, seq: int) -> dict[str, Any]:
    total = _rations(seq)
    payload = {
        "kitchen_id": kitchen_id,
        "report_date": day.isoformat(),
        "rations_dine_in": total - 20,
        "rations_take_away": 20,
        "fees_collected_centavos": total * FEE_CENTAVOS,
    }
    if seq % 2:
        payload["reason"] = f"corrected count, sequence {seq}"
        return agency_envelope(
            event_type="kitchens.daily_report_amendment_submitted",
            producer="tablet.reliability",
            key=kitchen_id,
            payload=payload,
        )
    return agency_envelope(
        event_type="kitchens.daily_report_submitted",
        producer="tablet.reliability",
        key=kitchen_id,
        payload=payload,
    )


def grievance_envelope(reference: str, **payload: Any) -> dict[str, Any]:
    return agency_envelope(
        event_type="grievances.grievance_submitted",
        producer="channel.reliability",
        key=f"agency_system:{reference}",
        payload={
            "channel": "agency_system",
            "channel_reference": reference,
            "kind": "complaint",
            "category": "service_quality",
            "subject": {"kind": "programme", "ref": "Comedores comunitarios"},
            "description": f"Reliability run complaint {reference}.",
            "anonymous": True,
            **payload,
        },
    )


@dataclass(frozen=True)
class Mix:
    """Shares of the traffic per flow; the rest are grievances."""

    enrolments: float = 0.5
    kitchen_reports: float = 0.3


def kitchen_count(events: int, mix: Mix, days_per_kitchen: int) -> int:
    reports = int(events * mix.kitchen_reports)
    return max(2, -(-reports // (2 * min(days_per_kitchen, 100))))


def build(
    run_id: str, events: int, kitchens: list[str], days: list[date], mix: Mix = Mix(), seed: int = 7
) -> list[Message]:
    """`events` messages, per-key sequences kept in order, keys interleaved at random."""
    rng = random.Random(seed)
    n_enrolments = int(events * mix.enrolments)
    n_reports = int(events * mix.kitchen_reports)
    queues: list[list[Message]] = []
    records = -(-n_enrolments // ENROLMENT_SEQUENCE)
    for i in range(records):
        record_id = f"REL-{run_id}-{i:05d}"
        queues.append(
            [
                Message.of("enrolment", ENROLMENTS.name, enrolment_envelope(record_id, seq), seq)
                for seq in range(1, ENROLMENT_SEQUENCE + 1)
            ]
        )
    per_kitchen = -(-n_reports // len(kitchens))
    queues.extend(
        [
            Message.of(
                "kitchen_report",
                DAILY_REPORTS.name,
                report_envelope(kitchen_id, days[seq // 2], seq),
                seq,
            )
            for seq in range(per_kitchen)
        ]
        for kitchen_id in kitchens
    )
    queues.extend(
        [
            Message.of(
                "grievance",
                GRIEVANCE_INTAKE.name,
                grievance_envelope(f"REL-{run_id}-{i:05d}"),
                1,
            )
        ]
        for i in range(events - n_enrolments - n_reports)
    )
    planned: list[Message] = []
    while queues and len(planned) < events:
        # Weighted by what each key has left, so every flow is spread over the whole run.
        [queue] = rng.choices(queues, weights=[len(q) for q in queues])
        planned.append(queue.pop(0))
        if not queue:
            queues.remove(queue)
    return planned
