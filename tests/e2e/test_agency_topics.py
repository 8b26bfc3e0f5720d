"""Each agency writes only its own records and reads only its own answers:
per-agency topics (`beneficiaries.enrolments.<agency>`,
`beneficiaries.decisions.<agency>`) under ACLs, and the registry refusing a
record whose agency is not its topic's. Before them one topic took every
agency's records and told every agency everything."""

import json

import pytest
from aiokafka.errors import TopicAuthorizationFailedError

from deploy.local.agency_client import publish_envelopes
from shared.topics import AGENCY_DECISIONS, AGENCY_ENROLMENTS, ENROLMENTS, REGISTRY_DECISIONS
from tests.e2e.test_registry_flows import agency_record
from tests.kafka_helpers import header, json_value, refused_to_read, send_as, wait_for_records

DIF, SEDIS = "dif-jalisco", "sedis-jalisco"


@pytest.fixture
def kafka(infrastructure, services):
    if not infrastructure.kafka.authenticated:
        pytest.skip(f"{infrastructure.kafka_description}: this broker has no authentication")
    return infrastructure.kafka


def answering(event_id: str):
    return lambda record: (json_value(record) or {}).get("correlation_id") == event_id


async def test_an_agency_enrols_on_its_topic_and_reads_only_what_it_may_know(kafka):
    submitted = agency_record(
        SEDIS,
        given_names="Xóchitl Brenda",
        paternal_surname="Quintanar",
        maternal_surname="Ibarra",
        birth_date="1981-02-03",
        municipality="Zapopan",
    )
    await publish_envelopes(kafka.agency(SEDIS), AGENCY_ENROLMENTS.for_agency(SEDIS), [submitted])
    [reply] = await wait_for_records(
        kafka.agency(SEDIS), AGENCY_DECISIONS.for_agency(SEDIS), answering(submitted["event_id"])
    )
    answer = json_value(reply)
    assert answer is not None, reply
    assert answer["type"] != "beneficiaries.enrolment_rejected", answer["payload"]
    assert (answer["type"], answer["version"]) == ("beneficiaries.enrolment_registered", 3)
    explanation = answer["payload"]["explanation"]
    assert "matched_enrolment_id" not in explanation and "matched_person_id" not in explanation
    assert explanation["decided_by"] == "registry"


async def test_an_agency_cannot_write_another_agencys_topic(kafka):
    forged = agency_record(DIF, phone="+52 33 0000 0000")
    with pytest.raises(TopicAuthorizationFailedError):
        await send_as(
            kafka.agency(SEDIS), AGENCY_ENROLMENTS.for_agency(DIF), json.dumps(forged).encode()
        )
    # Nor the registry's own intake, which takes every agency's records.
    with pytest.raises(TopicAuthorizationFailedError):
        await send_as(kafka.agency(SEDIS), ENROLMENTS.name, json.dumps(forged).encode())


async def test_a_record_for_another_agency_on_an_agencys_own_topic_is_dead_lettered(kafka):
    # SEDIS may write its topic, but not a record that overwrites DIF's.
    forged = agency_record(DIF, phone="+52 33 0000 0000")
    own_topic = AGENCY_ENROLMENTS.for_agency(SEDIS)
    await publish_envelopes(kafka.agency(SEDIS), own_topic, [forged])
    [dead] = await wait_for_records(
        kafka.operator,
        own_topic + ".dlq",
        lambda r: (
            header(r, "dlq.event_id") == forged["event_id"]
            or (json_value(r) or {}).get("event_id") == forged["event_id"]
        ),
    )
    reason = header(dead, "dlq.reason") or ""
    assert reason.startswith("payload.agency:"), reason
    assert SEDIS in reason


async def test_an_agency_cannot_read_another_agencys_answers_nor_the_registrys(kafka):
    assert await refused_to_read(kafka, kafka.agency(SEDIS), AGENCY_DECISIONS.for_agency(DIF))
    assert await refused_to_read(kafka, kafka.agency(SEDIS), REGISTRY_DECISIONS.name)
    assert not await refused_to_read(kafka, kafka.agency(SEDIS), AGENCY_DECISIONS.for_agency(SEDIS))


async def test_an_agency_cannot_write_decisions(kafka):
    for topic in (
        AGENCY_DECISIONS.for_agency(SEDIS),
        AGENCY_DECISIONS.for_agency(DIF),
        REGISTRY_DECISIONS.name,
    ):
        with pytest.raises(TopicAuthorizationFailedError):
            await send_as(kafka.agency(SEDIS), topic)
