"""Broken messages land in `<topic>.dlq` with their reason, and the valid
message behind them is still applied."""

import json
import re
import uuid

import pytest

from deploy.local.agency_client import agency_envelope, publish_raw
from shared.topics import (
    DAILY_REPORTS,
    ENROLMENTS,
    GRIEVANCE_EVENTS,
    GRIEVANCE_INTAKE,
    KITCHEN_EVENTS,
    REGISTRY_DECISIONS,
)
from tests.e2e.test_skeleton_flows import (
    caused_by,
    daily_report,
    enrolment,
    http_json,
    registered_kitchen,
)
from tests.kafka_helpers import header, json_value, wait_for_records


def without(document: dict, path: str) -> dict:
    copy = json.loads(json.dumps(document))
    *parents, leaf = path.split(".")
    target = copy
    for part in parents:
        target = target[part]
    del target[leaf]
    return copy


def with_value(document: dict, path: str, value) -> dict:
    copy = json.loads(json.dumps(document))
    *parents, leaf = path.split(".")
    target = copy
    for part in parents:
        target = target[part]
    target[leaf] = value
    return copy


def broken_variants(
    valid: dict, *, missing: str, wrong_type: tuple[str, object]
) -> list[tuple[bytes, str]]:
    """(raw value, the text its dead-letter reason must contain)."""
    fresh = lambda doc: {**doc, "event_id": str(uuid.uuid4())}  # noqa: E731
    return [
        (b'{"event_id": "not closed"', "not valid JSON"),
        (b"[1, 2, 3]", "expected a JSON object"),
        (json.dumps(without(valid, "event_id")).encode(), "event_id: Field required"),
        (json.dumps(fresh(without(valid, missing))).encode(), f"{missing}: Field required"),
        (json.dumps(fresh(with_value(valid, *wrong_type))).encode(), wrong_type[0]),
        (json.dumps(fresh({**valid, "version": 99})).encode(), "version 99 is not supported"),
        (
            json.dumps(fresh({**valid, "type": "something.else"})).encode(),
            "type: 'something.else' is not accepted",
        ),
    ]


async def assert_dead_lettered_then_valid_applied(
    kafka, topic, output_topic, key, broken, rule_breaking, valid
):
    """`rule_breaking` (a parseable event a domain rule refuses, and the reason
    expected) is dead-lettered too, unless None: the registry answers those."""
    breaking = [(rule_breaking[0], rule_breaking[1])] if rule_breaking else []
    records = (
        [(key, raw) for raw, _ in broken]
        + [(key, json.dumps(e).encode()) for e, _ in breaking]
        + [(key, json.dumps(valid).encode())]
    )
    await publish_raw(kafka, topic, records)

    await wait_for_records(kafka, output_topic, caused_by(valid["event_id"]))
    dead = await wait_for_records(
        kafka,
        f"{topic}.dlq",
        lambda r: r.key == key.encode(),
        count=len(broken) + len(breaking),
    )
    reasons = [header(r, "dlq.reason") for r in dead]
    for (raw, expected), record, reason in zip(
        broken + [(None, reason) for _, reason in breaking], dead, reasons, strict=True
    ):
        assert expected in reason, f"{expected!r} not in {reason!r}"
        assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", header(record, "dlq.code") or "")
        assert header(record, "dlq.original.topic") == topic
        assert header(record, "dlq.original.partition") is not None
        assert int(header(record, "dlq.original.offset")) >= 0
        if raw is not None:
            assert record.value == raw, "the dead letter keeps the original bytes for replay"


async def test_registry_dead_letters_only_what_it_cannot_answer(infrastructure, services):
    """An enrolment that names its agency record is answered on the decisions
    topic even when its payload breaks the contract; only what cannot be
    parsed that far lands in the dead-letter topic."""
    key = f"dif-jalisco:DLQ-{uuid.uuid4().hex[:8]}"
    valid = enrolment(key.split(":")[1])
    variants = broken_variants(
        valid,
        missing="payload.person.birth_date",
        wrong_type=("payload.person.consent_to_share", "maybe"),
    )
    answerable = [variants.pop(3), variants.pop(3)]
    nameless = with_value({**valid, "event_id": str(uuid.uuid4())}, "payload.agency_record_id", "")
    variants.append(
        (
            json.dumps(nameless).encode(),
            "payload.agency_record_id: String should have at least 1 character",
        )
    )
    await assert_dead_lettered_then_valid_applied(
        infrastructure.kafka.operator,
        ENROLMENTS.name,
        REGISTRY_DECISIONS.name,
        key,
        variants,
        None,
        valid,
    )
    await publish_raw(
        infrastructure.kafka.operator, ENROLMENTS.name, [(key, raw) for raw, _ in answerable]
    )
    for raw, expected in answerable:
        event_id = json.loads(raw)["event_id"]
        [answer] = await wait_for_records(
            infrastructure.kafka.operator, REGISTRY_DECISIONS.name, caused_by(event_id)
        )
        rejection = json.loads(answer.value)
        assert rejection["type"] == "beneficiaries.enrolment_rejected"
        assert f"{rejection['payload']['field']}: {rejection['payload']['reason']}".startswith(
            expected.removeprefix("payload.")
        )


async def test_kitchens_dead_letter_bad_reports_and_answer_broken_rules(infrastructure, services):
    kitchen_id = registered_kitchen(services)
    valid = daily_report(kitchen_id)
    broken = broken_variants(
        valid, missing="payload.report_date", wrong_type=("payload.rations_dine_in", "many")
    )
    broken.append(
        (
            json.dumps(
                with_value(
                    {**valid, "event_id": str(uuid.uuid4())}, "payload.rations_take_away", -3
                )
            ).encode(),
            "payload.rations_take_away: Input should be greater than or equal to 0",
        )
    )
    weekend = with_value(
        {**valid, "event_id": str(uuid.uuid4())}, "payload.report_date", "2026-11-14"
    )
    kafka = infrastructure.kafka.operator
    await publish_raw(
        kafka,
        DAILY_REPORTS.name,
        [(kitchen_id, raw) for raw, _ in broken]
        + [(kitchen_id, json.dumps(weekend).encode()), (kitchen_id, json.dumps(valid).encode())],
    )

    await wait_for_records(kafka, KITCHEN_EVENTS.name, caused_by(valid["event_id"]))
    answers = await wait_for_records(
        kafka, KITCHEN_EVENTS.name, caused_by(weekend["event_id"]), count=2
    )
    answer, flag = (json_value(r) for r in answers)
    assert flag["payload"]["rule"] == "report_on_non_operating_day"
    assert answer["type"] == "kitchens.submission_rejected"
    assert answer["correlation_id"] == weekend["event_id"]
    assert answer["payload"]["field"] == "report_date"
    assert "2026-11-14 is a Saturday" in answer["payload"]["reason"]
    # v2 names the rule, so the tablet says it in the committee's words.
    assert answer["version"] == 2
    assert answer["payload"]["code"] == "not_an_operating_day"
    assert answer["payload"]["params"] == {"day": "2026-11-14"}
    dead = await wait_for_records(
        kafka,
        f"{DAILY_REPORTS.name}.dlq",
        lambda r: r.key == kitchen_id.encode(),
        count=len(broken),
    )
    for (raw, expected), record in zip(broken, dead, strict=True):
        assert expected in header(record, "dlq.reason")
        assert record.value == raw


async def test_grievances_dead_letter_bad_submissions(infrastructure, services):
    reference = f"DLQ-{uuid.uuid4().hex[:8]}"
    key = f"web:{reference}"
    valid = agency_envelope(
        event_type="grievances.grievance_submitted",
        producer="channel.web",
        key=key,
        payload={
            "channel": "web",
            "channel_reference": reference,
            "kind": "complaint",
            "category": "treatment",
            "subject": {"kind": "none"},
            "description": "Trato grosero en ventanilla.",
            "anonymous": True,
        },
    )
    broken = broken_variants(
        valid, missing="payload.description", wrong_type=("payload.kind", "rant")
    )
    no_ref = with_value(
        {**valid, "event_id": str(uuid.uuid4())}, "payload.subject", {"kind": "kitchen"}
    )
    await assert_dead_lettered_then_valid_applied(
        infrastructure.kafka.operator,
        GRIEVANCE_INTAKE.name,
        GRIEVANCE_EVENTS.name,
        key,
        broken,
        (no_ref, "subject.ref: is required when subject.kind is kitchen"),
        valid,
    )


@pytest.mark.parametrize("name", ["beneficiaries", "kitchens", "grievances"])
def test_consumers_keep_running_after_dead_letters(services, name):
    ready = http_json(f"{services.url(name)}/health/ready")
    assert ready["status"] == "ready"
