"""The invariants of one run, each a number with a verdict, computed from the
driver's log of what it sent and the evidence read after the drain.

What the system promises on order is per partition key: records with one key
land on one partition and are applied in offset order, and a service's
outbox publishes one key's events in the order they were written."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass

from shared.topics import ENROLMENTS, GRIEVANCE_INTAKE
from tests.reliability.drain import InFlight
from tests.reliability.driver import Traffic
from tests.reliability.evidence import CONSUMING_SCHEMA, Evidence, OutboxRow, TopicRecord
from tests.reliability.workload import Message

REFUSALS = {"beneficiaries.enrolment_rejected", "kitchens.submission_rejected"}
REPLIES = REFUSALS | {
    "beneficiaries.enrolment_registered",
    "kitchens.daily_report_accepted",
    "kitchens.daily_report_amended",
    "grievances.case_received",
}


@dataclass(frozen=True)
class Check:
    section: str
    name: str
    value: int
    passed: bool
    note: str = ""


def check(traffic: Traffic, evidence: Evidence, state: InFlight) -> list[Check]:
    facts = _Facts(traffic, evidence)
    return [
        *_no_loss(facts),
        *_no_duplicates(facts),
        *_accounting(facts, state),
        *_order(facts),
        *_outbox(facts),
    ]


class _Facts:
    """Each accepted record's fate, worked out once for every invariant."""

    def __init__(self, traffic: Traffic, evidence: Evidence) -> None:
        self.traffic, self.evidence = traffic, evidence
        self.accepted = [m for m in traffic.messages if m.acked]
        self.replies: dict[str, list[OutboxRow]] = defaultdict(list)
        for row in evidence.outbox:
            if row.causation_id and row.type in REPLIES:
                self.replies[row.causation_id].append(row)
        dead = Counter(r.original for r in evidence.dead_letters)
        self.dead_copies = {
            id(m): dead[(m.topic, *m.position)] for m in self.accepted if m.position
        }
        self.outcome = {id(m): self._outcome(m) for m in self.accepted}

    def inbox_row(self, m: Message):
        return self.evidence.inbox.get(CONSUMING_SCHEMA[m.topic], {}).get(m.event_id or "")

    def _outcome(self, m: Message) -> str:
        applied = self.inbox_row(m) is not None
        dead = self.dead_copies[id(m)] > 0
        if applied and dead:
            return "applied_and_dead_lettered"
        if dead:
            return "dead_lettered"
        if not applied:
            return "missing"
        replies = self.replies.get(m.event_id or "", [])
        return "rejected" if replies and all(r.type in REFUSALS for r in replies) else "applied"

    def expected(self, m: Message) -> bool:
        got = self.outcome[id(m)]
        return got == m.expect or (
            m.expect == "terminal" and got in ("applied", "rejected", "dead_lettered")
        )

    def effect_rows(self, m: Message) -> int | None:
        """Rows of the record's own effect in the domain tables, where one is kept per event."""
        if m.flow == "kitchen_report":
            return self.evidence.report_rows.get(m.event_id or "", 0)
        if m.flow == "grievance":
            return self.evidence.case_rows.get(m.event_id or "", 0)
        return None

    def acknowledged(self) -> list[str]:
        """Cases an officer was told were acknowledged
        (a 409 after a lost reply means the first try took)."""
        return [
            a.case_id
            for a in self.traffic.acknowledgements.values()
            if a.status == 200 or (a.status == 409 and a.attempts > 1)
        ]


def _no_loss(f: _Facts) -> list[Check]:
    lost = 0
    for m in f.accepted:
        if m.expect not in ("applied", "rejected"):
            continue
        rows = f.effect_rows(m)
        if f.outcome[id(m)] == "missing" or not f.replies.get(m.event_id or "") or rows == 0:
            lost += 1
    downstream = [
        r
        for r in f.evidence.outbox
        if r.type == "kitchens.daily_report_accepted"
        and r.event_id not in f.evidence.inbox.get("beneficiaries", {})
    ]
    acknowledged = f.acknowledged()
    unacknowledged = sum(
        1 for case_id in acknowledged if f.evidence.acknowledgements.get(case_id, 0) == 0
    )
    altered = sum(
        1
        for m in f.accepted
        if f.outcome[id(m)] == "applied"
        and m.topic in (ENROLMENTS.name, GRIEVANCE_INTAKE.name)
        and _stored_text(f, m) != _sent_text(m)
    )
    return [
        Check("1 no loss", "accepted records without their effect", lost, lost == 0),
        Check(
            "1 no loss",
            "kitchens' accepted reports never applied by the registry",
            len(downstream),
            not downstream,
        ),
        Check(
            "1 no loss",
            "HTTP acknowledgements answered 200 but not recorded",
            unacknowledged,
            unacknowledged == 0,
            f"{len(acknowledged)} of {len(f.traffic.acknowledgements)} answered",
        ),
        Check("1 no loss", "names and descriptions not stored as sent", altered, altered == 0),
    ]


def _sent_text(m: Message) -> str:
    payload = json.loads(m.value)["payload"]
    return (
        payload["person"]["given_names"] if m.topic == ENROLMENTS.name else payload["description"]
    )


def _stored_text(f: _Facts, m: Message) -> str | None:
    if m.topic == ENROLMENTS.name:
        record_id = json.loads(m.value)["payload"]["agency_record_id"]
        return (f.evidence.enrolments.get(record_id) or {}).get("given_names")
    return f.evidence.case_texts.get(m.event_id or "")


def _no_duplicates(f: _Facts) -> list[Check]:
    extra = 0
    for m in f.accepted:
        extra += max(0, len(f.replies.get(m.event_id or "", [])) - 1)
        extra += max(0, (f.effect_rows(m) or 0) - 1)
    extra += sum(max(0, n - 1) for n in f.evidence.acknowledgements.values())
    ours = {m.event_id for m in f.accepted} | {r.event_id for r in f.evidence.outbox}
    deliveries = sum(
        n for event_id, n in f.evidence.duplicate_deliveries.items() if event_id in ours
    )
    dead_repeats = sum(max(0, n - 1) for n in f.dead_copies.values())
    return [
        Check("2 no duplicate effects", "effects applied more than once", extra, extra == 0),
        Check(
            "2 no duplicate effects",
            "duplicate deliveries absorbed by an inbox (expected under faults)",
            deliveries,
            True,
        ),
        Check(
            "2 no duplicate effects",
            "records dead-lettered more than once (expected under faults)",
            dead_repeats,
            True,
        ),
    ]


def _accounting(f: _Facts, state: InFlight) -> list[Check]:
    outcomes = Counter(f.outcome.values())
    applied = outcomes["applied"] + outcomes["rejected"]
    dead = outcomes["dead_lettered"]
    both = outcomes["applied_and_dead_lettered"]
    unaccounted = len(f.accepted) - applied - dead - both
    unexpected = [m for m in f.accepted if not f.expected(m)]
    not_acked = [m for m in f.traffic.messages if not m.acked]
    note = f"produced {len(f.accepted)} = applied {applied} + dead-lettered {dead}"
    if not_acked:
        note += (
            f"; {len(not_acked)} sends refused by the broker (not counted): "
            f"{not_acked[0].send_error}"
        )
    return [
        Check(
            "3 accounting",
            "produced - applied - dead-lettered",
            unaccounted,
            unaccounted == 0,
            note,
        ),
        Check("3 accounting", "records both applied and dead-lettered", both, both == 0),
        Check(
            "3 accounting",
            "in flight after drain (outbox rows + consumer lag)",
            state.total,
            state.total == 0,
            f"unpublished {state.unpublished}, lag {state.lag}" if state.total else "",
        ),
        Check(
            "3 accounting",
            "records with another outcome than expected",
            len(unexpected),
            not unexpected,
            "; ".join(
                sorted(
                    {
                        f"{m.flow} {m.topic} expected {m.expect}, got {f.outcome[id(m)]}"
                        for m in unexpected
                    }
                )
            )[:600],
        ),
    ]


def _order(f: _Facts) -> list[Check]:
    applied_by_key: dict[str, list[tuple]] = defaultdict(list)
    for m in f.accepted:
        row = f.inbox_row(m)
        if row is not None and m.partition_key and m.flow != "poison":
            applied_by_key[m.partition_key].append((row.applied_at, row.offset, m.seq))
    out_of_order = sum(
        1
        for rows in applied_by_key.values()
        if [s for *_, s in sorted(rows)] != sorted(s for *_, s in rows)
    )
    last_sent: dict[str, Message] = {}
    for m in f.accepted:
        if m.flow == "enrolment":
            last_sent[m.key or ""] = m
    stale = sum(
        1
        for key, m in last_sent.items()
        if (f.evidence.enrolments.get(key.split(":", 1)[1]) or {}).get("source_event_id")
        != m.event_id
    )
    refused = sum(
        1 for m in f.accepted if m.flow == "kitchen_report" and f.outcome[id(m)] == "rejected"
    )
    output = _output_out_of_order(
        f.evidence.published, {r.event_id: r.id for r in f.evidence.outbox}
    )
    return [
        Check(
            "4 order per key",
            "input keys applied out of sequence",
            out_of_order,
            out_of_order == 0,
            f"{len(applied_by_key)} keys",
        ),
        Check(
            "4 order per key",
            "agency records not ending on their last version",
            stale,
            stale == 0,
            f"{len(last_sent)} records",
        ),
        Check(
            "4 order per key",
            "kitchen submissions refused (an amendment before its report)",
            refused,
            refused == 0,
        ),
        Check("4 order per key", "output keys published out of outbox order", output, output == 0),
    ]


def _output_out_of_order(published: list[TopicRecord], outbox_ids: dict[str, int]) -> int:
    by_key: dict[tuple[str, str | None], list[int]] = defaultdict(list)
    seen: set[str] = set()
    for record in sorted(published, key=lambda r: (r.topic, r.partition, r.offset)):
        if record.event_id in outbox_ids and record.event_id not in seen:
            seen.add(record.event_id)
            by_key[(record.topic, record.key)].append(outbox_ids[record.event_id])
    return sum(1 for ids in by_key.values() if ids != sorted(ids))


def _outbox(f: _Facts) -> list[Check]:
    unpublished = sum(1 for r in f.evidence.outbox if not r.published)
    copies = Counter(r.event_id for r in f.evidence.published if r.event_id)
    missing = sum(1 for r in f.evidence.outbox if copies[r.event_id] == 0)
    repeated = sum(max(0, copies[r.event_id] - 1) for r in f.evidence.outbox)
    not_one = sum(
        1
        for m in f.accepted
        if f.outcome[id(m)] in ("applied", "rejected")
        and len(f.replies.get(m.event_id or "", [])) != 1
    )
    return [
        Check(
            "5 outbox",
            "outbox rows unpublished after drain",
            unpublished,
            unpublished == 0,
            f"{len(f.evidence.outbox)} rows",
        ),
        Check("5 outbox", "applied records without exactly one reply row", not_one, not_one == 0),
        Check("5 outbox", "outbox rows never seen on their topic", missing, missing == 0),
        Check("5 outbox", "duplicate publications (expected after a relay kill)", repeated, True),
    ]
