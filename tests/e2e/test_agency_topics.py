"""Each agency writes only its own records and reads only its own answers:
per-agency topics (`beneficiaries.enrolments.<agency>`,
`beneficiaries.decisions.<agency>`) under ACLs, and the registry refusing a
record whose agency is not its topic's. Before them one topic took every
agency's records and told every agency everything."""

import json
import uuid

import httpx
import pytest
from aiokafka.errors import TopicAuthorizationFailedError

from deploy.local.agency_client import publish_envelopes
from shared.topics import AGENCY_DECISIONS, AGENCY_ENROLMENTS, ENROLMENTS, REGISTRY_DECISIONS
from tests.e2e.test_registry_flows import agency_record
from tests.e2e.test_skeleton_flows import distinct_person
from tests.http_auth import FreshAssertions
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


async def test_an_agency_is_told_what_a_review_and_a_merge_did_to_its_records(kafka, services):
    """Its record went to review; a supervisor found her to be a person DIF already
    had, then undid the merge. SEDIS hears each outcome on its own topic, about its
    own record only, and neither who decided nor why."""
    # A common name on a date no other test's Juana has or is one slip from (their review
    # tasks would list her as a candidate).
    facts = {
        **distinct_person(uuid.uuid4().hex),
        "given_names": "Juana",
        "paternal_surname": "Hernández",
        "maternal_surname": "García",
        "birth_date": "1986-03-12",
    }
    theirs = agency_record(DIF, **{**facts, "municipality": "El Salto"})
    ours = agency_record(SEDIS, **{**facts, "municipality": "Tlaquepaque"})
    await publish_envelopes(kafka.agency(DIF), AGENCY_ENROLMENTS.for_agency(DIF), [theirs])
    [dif_reply] = await wait_for_records(
        kafka.agency(DIF), AGENCY_DECISIONS.for_agency(DIF), answering(theirs["event_id"])
    )
    await publish_envelopes(kafka.agency(SEDIS), AGENCY_ENROLMENTS.for_agency(SEDIS), [ours])
    [sedis_reply] = await wait_for_records(
        kafka.agency(SEDIS), AGENCY_DECISIONS.for_agency(SEDIS), answering(ours["event_id"])
    )
    held = json_value(sedis_reply)["payload"]
    assert held["decision"] == "pending_review", held
    dif_person = json_value(dif_reply)["payload"]["person_id"]

    api = services.url("beneficiaries")
    supervisor = FreshAssertions(api, user="sup-agencies", role="supervisor", reason="revision")
    secret = "la misma CURP en el expediente de DIF"
    async with httpx.AsyncClient(base_url=api, timeout=10, auth=supervisor) as http:
        decided = await http.post(
            f"/review-tasks/{held['review_task_id']}/decision",
            json={
                "verdict": "same_person",
                "same_as_person_id": dif_person,
                "decided_by": "sup-agencies",
                "reason": secret,
            },
        )
        assert decided.status_code == 200, decided.text
        [merge] = (await http.get(f"/persons/{dif_person}")).json()["merges"]
        undone = await http.post(
            f"/merges/{merge['merge_id']}/unmerge",
            json={"decided_by": "sup-agencies", "reason": secret},
        )
        assert undone.status_code == 200, undone.text

    def about_ours(record) -> bool:
        payload = (json_value(record) or {}).get("payload", {})
        records = [r["agency_record_id"] for r in payload.get("records", [])]
        return ours["payload"]["agency_record_id"] in [payload.get("agency_record_id"), *records]

    # Keyed by person, they may come on different partitions: taken by kind, not by order.
    told = [
        json_value(r)
        for r in await wait_for_records(
            kafka.agency(SEDIS), AGENCY_DECISIONS.for_agency(SEDIS), about_ours, count=4
        )
    ]
    kinds = sorted((t["type"], t["payload"].get("cause", "")) for t in told)
    assert kinds == [
        ("beneficiaries.agency_records_moved", "merged"),
        ("beneficiaries.agency_records_moved", "unmerged"),
        ("beneficiaries.enrolment_registered", ""),
        ("beneficiaries.enrolment_review_decided", ""),
    ]
    merged, unmerged, _, review = (
        t["payload"] for t in sorted(told, key=lambda t: (t["type"], t["payload"].get("cause", "")))
    )
    assert review["decision"] == "same_person" and review["person_id"] == dif_person
    assert review["review_task_id"] == held["review_task_id"]
    assert (merged["cause"], merged["person_id"], merged["previous_person_id"]) == (
        "merged",
        dif_person,
        held["person_id"],
    )
    assert merged["review_task_id"] == held["review_task_id"]
    assert (unmerged["cause"], unmerged["person_id"]) == ("unmerged", held["person_id"])
    for payload in (merged, review, unmerged):
        text = json.dumps(payload)
        assert "sup-agencies" not in text and secret not in text
        assert theirs["payload"]["agency_record_id"] not in text
    assert [r["agency_record_id"] for r in merged["records"]] == [
        ours["payload"]["agency_record_id"]
    ]
