"""Contracts agencies build against: frozen per version, documented, tolerant on read."""

import json
import uuid

import pytest
from pydantic import ValidationError

from shared.contract_docs import (
    DOCS,
    all_contracts,
    asyncapi_documents,
    contract_schema,
    render,
    snapshot_path,
)
from shared.contracts.kitchens import DailyReportSubmittedV1
from shared.errors import InvalidMessage
from shared.parsing import parse_record
from shared.records import IncomingRecord
from shared.topics import AGENCY_DECISIONS, AGENCY_ENROLMENTS, ALL_TOPICS, DAILY_REPORTS


@pytest.mark.parametrize(
    "contract", all_contracts(), ids=lambda c: f"{c.event_type}.v{c.event_version}"
)
def test_a_published_version_never_changes(contract):
    path = snapshot_path(contract)
    assert path.exists(), (
        f"{path.name} missing: run `make docs` to snapshot the new contract version"
    )
    assert path.read_text() == render(contract_schema(contract)), (
        f"{contract.__name__} differs from its published schema {path.name}: "
        f"add a new version instead of changing v{contract.event_version}"
    )


def test_the_committed_asyncapi_documents_are_current():
    for name, document in asyncapi_documents().items():
        committed = DOCS / "asyncapi" / f"{name}.json"
        assert committed.read_text() == render(document), f"{committed} is stale: run `make docs`"


def test_asyncapi_names_every_topic_and_its_schema():
    documents = asyncapi_documents()
    addresses = {ch["address"] for doc in documents.values() for ch in doc["channels"].values()}
    # A family of per-agency topics: read by its pattern, written as `<name>.<agency>`.
    families = {AGENCY_ENROLMENTS.pattern, AGENCY_DECISIONS.shown_name}
    assert addresses == {t.name for t in ALL_TOPICS} | families
    schemas = {name for doc in documents.values() for name in doc["components"]["schemas"]}
    assert {c.__name__ for c in all_contracts()} <= schemas


def report_payload(**overrides):
    return {
        "kitchen_id": "CDMX-IZT-0042",
        "report_date": "2026-11-20",
        "rations_dine_in": 10,
        "rations_take_away": 2,
        "fees_collected_centavos": 12_000,
        **overrides,
    }


def test_producers_cannot_add_unknown_fields():
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        DailyReportSubmittedV1(**report_payload(surprise=1))


def test_consumers_ignore_fields_from_a_newer_producer():
    envelope = {
        "event_id": str(uuid.uuid4()),
        "type": DailyReportSubmittedV1.event_type,
        "version": 1,
        "occurred_at": "2026-11-20T18:00:00-06:00",
        "producer": "tablet",
        "key": "CDMX-IZT-0042",
        "payload": report_payload(weather="rainy"),
        "trace_parent": "00-abc",
    }
    record = IncomingRecord(
        DAILY_REPORTS.name, 0, 0, b"CDMX-IZT-0042", json.dumps(envelope).encode()
    )
    parsed = parse_record(record, DAILY_REPORTS)
    assert isinstance(parsed.payload, DailyReportSubmittedV1)
    assert parsed.payload.rations_dine_in == 10


def reason_for(**envelope_overrides) -> str:
    envelope = {
        "event_id": str(uuid.uuid4()),
        "type": DailyReportSubmittedV1.event_type,
        "version": 1,
        "occurred_at": "2026-11-20T18:00:00Z",
        "producer": "tablet",
        "key": "k",
        "payload": report_payload(),
        **envelope_overrides,
    }
    record = IncomingRecord(DAILY_REPORTS.name, 0, 0, None, json.dumps(envelope).encode())
    with pytest.raises(InvalidMessage) as caught:
        parse_record(record, DAILY_REPORTS)
    return str(caught.value)


def test_rejection_reasons_name_the_field_and_never_echo_the_input():
    assert (
        reason_for(occurred_at="2026-11-20T18:00:00")
        == "occurred_at: Input should have timezone info"
    )
    reason = reason_for(payload=report_payload(rations_dine_in="SECRET-NAME", report_date=None))
    assert "payload.rations_dine_in: Input should be a valid integer" in reason
    assert "payload.report_date: Input should be a valid date" in reason
    assert "SECRET-NAME" not in reason
