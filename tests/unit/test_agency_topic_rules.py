"""Per-agency topics: a record on an agency's topic must be that agency's, and an
agency's reply carries nothing of other agencies."""

import json
from uuid import uuid4

import pytest

from shared.contracts.beneficiaries import (
    AgencyRecordsMovedV1,
    EnrolmentRegisteredV2,
    EnrolmentRegisteredV3,
    EnrolmentReviewDecidedV1,
    MatchExplanation,
)
from shared.errors import InvalidMessage
from shared.parsing import parse_record
from shared.records import IncomingRecord
from shared.topics import AGENCY_DECISIONS, AGENCY_ENROLMENTS, ENROLMENTS


def _record(topic: str, agency: str | None) -> IncomingRecord:
    payload = {"agency_record_id": "R-1"} | ({"agency": agency} if agency else {})
    envelope = {
        "event_id": str(uuid4()),
        "type": "beneficiaries.enrolment_submitted",
        "version": 1,
        "occurred_at": "2026-12-01T10:00:00+00:00",
        "producer": "agency.sedis-jalisco",
        "key": "dif-jalisco:R-1",
        "payload": payload,
    }
    return IncomingRecord(topic, 0, 0, b"k", json.dumps(envelope).encode(), (), None)


@pytest.mark.parametrize("claimed", ["dif-jalisco", None, "SEDIS-JALISCO"])
def test_a_record_naming_another_agency_on_an_agencys_topic_is_refused_by_field(claimed):
    record = _record(AGENCY_ENROLMENTS.for_agency("sedis-jalisco"), claimed)
    with pytest.raises(InvalidMessage, match=r"^payload\.agency: .*sedis-jalisco"):
        parse_record(record, AGENCY_ENROLMENTS)


def test_the_agency_check_belongs_to_agency_topics_only():
    # The operator's intake carries every agency's records; the contract then judges them.
    with pytest.raises(Exception) as raised:
        parse_record(_record(ENROLMENTS.name, "dif-jalisco"), ENROLMENTS)
    assert "payload.agency:" not in str(raised.value)


@pytest.mark.parametrize(
    ("topic", "agency"),
    [
        ("beneficiaries.enrolments.dif-jalisco", "dif-jalisco"),
        ("beneficiaries.enrolments.dif-jalisco.dlq", None),
        ("beneficiaries.enrolments.dlq", None),
        ("beneficiaries.enrolments", None),
        ("beneficiaries.enrolments.a.b", None),
        ("beneficiaries.decisions.dif-jalisco", None),
    ],
)
def test_an_agency_topic_is_named_exactly(topic, agency):
    assert AGENCY_ENROLMENTS.agency_of(topic) == agency


def test_an_agencys_reply_names_no_other_record_nor_caseworker():
    matched_enrolment = uuid4()
    registered = EnrolmentRegisteredV2(
        person_id=uuid4(),
        enrolment_id=uuid4(),
        agency="sedis-jalisco",
        agency_record_id="S-1",
        decision="linked",
        explanation=MatchExplanation(
            matched_person_id=uuid4(),
            matched_enrolment_id=matched_enrolment,
            score=21.5,
            comparison={"surnames": "exact"},
            upper_threshold=12.0,
            lower_threshold=2.0,
            model_version="fs-1",
            candidates_considered=3,
            reason="above the upper threshold",
            decided_by="Marta Ruiz (dif-jalisco)",
        ),
    )
    reply = EnrolmentRegisteredV3.of(registered)
    text = reply.model_dump_json()
    assert str(matched_enrolment) not in text
    assert "Marta" not in text and "dif-jalisco" not in text
    assert reply.explanation is not None and reply.explanation.decided_by == "caseworker"
    assert reply.person_id == registered.person_id
    assert AGENCY_DECISIONS.contracts.lookup(reply.event_type, reply.event_version)


@pytest.mark.parametrize("later", [EnrolmentReviewDecidedV1, AgencyRecordsMovedV1])
def test_what_an_agency_is_told_later_names_neither_who_decided_nor_why(later):
    """A reviewer's or a merge's reason may speak of other agencies' people, and her
    name is not the agency's to know: the notices have no field that could carry them."""
    assert not set(later.model_fields) & {"decided_by", "reason", "note", "enrolment_ids"}
    assert AGENCY_DECISIONS.contracts.lookup(later.event_type, later.event_version)
    with pytest.raises(ValueError, match="decided_by"):
        later.model_validate(
            {
                "review_task_id": str(uuid4()),
                "enrolment_id": str(uuid4()),
                "agency": "sedis-jalisco",
                "agency_record_id": "S-1",
                "decision": "same_person",
                "person_id": str(uuid4()),
                "previous_person_id": str(uuid4()),
                "records": [{"enrolment_id": str(uuid4()), "agency_record_id": "S-1"}],
                "cause": "merged",
                "decided_by": "Marta Ruiz",
            }
        )
