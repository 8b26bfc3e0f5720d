"""The unified registry through its public edges: agencies publish enrolments
on Kafka and read decisions; caseworkers use HTTP."""

import json
import uuid
from datetime import date

import httpx

from deploy.local.agency_client import agency_envelope, publish_envelopes, publish_raw
from services.beneficiaries.domain.curp import build_curp, expected_parts
from shared.kafka_access import KafkaAccess
from shared.topics import ENROLMENTS, REGISTRY_DECISIONS
from tests.e2e.test_skeleton_flows import caused_by
from tests.http_auth import FreshAssertions, acting_headers
from tests.kafka_helpers import json_value, wait_for_records


def agency_record(
    agency: str,
    benefit: str = "food_basket",
    started_on: str = "2026-03-01",
    ended_on: str | None = None,
    **person,
) -> dict:
    record_id = f"{agency[:3].upper()}-{uuid.uuid4().hex[:10]}"
    return agency_envelope(
        event_type="beneficiaries.enrolment_submitted",
        producer=f"agency.{agency}",
        key=f"{agency}:{record_id}",
        payload={
            "agency": agency,
            "agency_record_id": record_id,
            "programme": "Seguridad alimentaria",
            "benefit_type": benefit,
            "started_on": started_on,
            "ended_on": ended_on,
            "person": {"sex": "M", "state": "Jalisco", "consent_to_share": True, **person},
        },
    )


def curp_for(given: str, paternal: str, maternal: str, birth: str) -> str:
    return build_curp(
        expected_parts(given, paternal, maternal, "M", date.fromisoformat(birth), "Jalisco"), "0"
    )


async def reply_to(
    kafka: KafkaAccess, envelope: dict, event_type: str = "beneficiaries.enrolment_registered"
) -> dict:
    matches = lambda r: caused_by(envelope["event_id"])(r) and json_value(r)["type"] == event_type  # noqa: E731
    [record] = await wait_for_records(kafka, REGISTRY_DECISIONS.name, matches)
    return json_value(record)["payload"]


async def enrol(kafka: KafkaAccess, *envelopes: dict) -> list[dict]:
    await publish_envelopes(kafka, ENROLMENTS.name, list(envelopes))
    return [await reply_to(kafka, e) for e in envelopes]


async def test_one_woman_enrolled_by_two_agencies_is_one_person_with_an_overlap(
    infrastructure, services
):
    kafka = infrastructure.kafka.operator
    birth = "1983-10-21"
    dif = agency_record(
        "dif-jalisco",
        "food_basket",
        given_names="María Guadalupe",
        paternal_surname="Villaseñor",
        maternal_surname="de la Torre",
        birth_date=birth,
        municipality="Zapopan",
        phone="33 1234 5678",
        national_id=curp_for("María Guadalupe", "Villaseñor", "de la Torre", birth),
        national_id_type="CURP",
    )
    sedis = agency_record(
        "sedis-jalisco",
        "food_voucher",
        given_names="Lupe",
        paternal_surname="Villasenor",
        maternal_surname="Torre",
        birth_date=birth,
        municipality="ZAPOPAN",
        phone="+52 1 33 1234 5678",
    )
    [first] = await enrol(kafka, dif)
    [second] = await enrol(kafka, sedis)

    assert first["decision"] == "new_person"
    assert second["decision"] == "linked"
    assert second["person_id"] == first["person_id"]
    explanation = second["explanation"]
    assert explanation["score"] >= explanation["upper_threshold"]
    assert {"given_names", "surnames", "birth_date", "phone", "place"} <= set(explanation["agreed"])
    assert explanation["comparison"]["given_names"] == "subset"
    assert explanation["decided_by"].startswith("registry:")

    raised = await reply_to(kafka, sedis, "beneficiaries.support_overlap_raised")
    assert raised["person_id"] == first["person_id"]
    assert {e["agency"] for e in raised["enrolments"]} == {"dif-jalisco", "sedis-jalisco"}

    ended = {
        **sedis,
        "event_id": str(uuid.uuid4()),
        "payload": {**sedis["payload"], "started_on": "2025-01-01", "ended_on": "2025-12-31"},
    }
    [updated] = await enrol(kafka, ended)
    assert updated["decision"] == "record_updated"
    cleared = await reply_to(kafka, ended, "beneficiaries.support_overlap_cleared")
    assert cleared["overlap_id"] == raised["overlap_id"]


async def test_twins_are_never_linked_on_their_own(infrastructure, services):
    kafka = infrastructure.kafka.operator
    shared_facts = {
        "paternal_surname": "Arreola",
        "maternal_surname": "Quintero",
        "birth_date": "1999-02-14",
        "municipality": "Tonalá",
        "phone": "3398765432",
    }
    [rosa] = await enrol(
        kafka, agency_record("dif-jalisco", given_names="Rosa Elena", **shared_facts)
    )
    [isela] = await enrol(
        kafka, agency_record("dif-jalisco", given_names="Rosa Isela", **shared_facts)
    )

    assert rosa["decision"] == "new_person"
    assert isela["decision"] == "pending_review"
    assert isela["person_id"] != rosa["person_id"]
    assert "given_names_differ" in isela["explanation"]["held_back_by"]


async def test_a_review_decision_merges_and_an_unmerge_restores(infrastructure, services):
    kafka, api = infrastructure.kafka.operator, services.url("beneficiaries")
    # Names common enough that agreeing on them and the birth date is not enough on its own.
    facts = {
        "paternal_surname": "Hernández",
        "maternal_surname": "García",
        "birth_date": "1971-07-30",
    }
    [known] = await enrol(
        kafka,
        agency_record("dif-jalisco", given_names="Juana", municipality="El Salto", **facts),
    )
    [unsure] = await enrol(
        kafka,
        agency_record(
            "ijm-jalisco",
            "violence_support",
            given_names="Juana",
            municipality="Tlaquepaque",
            **facts,
        ),
    )
    assert unsure["decision"] == "pending_review"
    assert "nothing_beyond_name_and_birth_date" in unsure["explanation"]["held_back_by"]

    async with httpx.AsyncClient(base_url=api, timeout=10, auth=FreshAssertions(api)) as http:
        task = (await http.get(f"/review-tasks/{unsure['review_task_id']}")).json()
        assert [c["person_id"] for c in task["candidates"]] == [known["person_id"]]
        assert task["candidates"][0]["record"]["submitted_person"]["municipality"] == "El Salto"

        # Who decides is the signed-in account, whatever the body says.
        decided = await http.post(
            f"/review-tasks/{unsure['review_task_id']}/decision",
            json={
                "verdict": "same_person",
                "same_as_person_id": known["person_id"],
                "decided_by": "someone.else",
                "reason": "same mother of 3, moved",
            },
            headers=acting_headers(api, user="cw-017", role="supervisor"),
        )
        assert decided.status_code == 200, decided.text
        again = await http.post(
            f"/review-tasks/{unsure['review_task_id']}/decision",
            json={"verdict": "different_people", "reason": "second thoughts"},
        )
        assert again.status_code == 409
        assert again.json()["detail"][0]["field"] == "review_task_id"

        person = (await http.get(f"/persons/{known['person_id']}")).json()
        assert len(person["enrolments"]) == 2
        [merge] = person["merges"]
        assert merge["decided_by"] == "cw-017"

        undone = await http.post(
            f"/merges/{merge['merge_id']}/unmerge",
            json={"reason": "different CURPs found"},
        )
        assert undone.status_code == 200, undone.text
        assert len((await http.get(f"/persons/{known['person_id']}")).json()["enrolments"]) == 1
        restored = (await http.get(f"/persons/{unsure['person_id']}")).json()
        assert restored["merged_into"] is None and len(restored["enrolments"]) == 1
        history = (
            await http.get(f"/enrolments/{undone.json()['enrolment_ids'][0]}/decisions")
        ).json()
        assert [d["outcome"] for d in history] == [
            "pending_review",
            "merged",
            "same_person",
            "unmerged",
        ]

    def about_merge(record) -> bool:
        return (json_value(record) or {}).get("payload", {}).get("merge_id") == merge["merge_id"]

    events = await wait_for_records(kafka, REGISTRY_DECISIONS.name, about_merge, count=2)
    assert [json_value(e)["type"] for e in events] == [
        "beneficiaries.persons_merged",
        "beneficiaries.persons_unmerged",
    ]


async def test_rejected_enrolments_are_answered_with_field_and_reason(infrastructure, services):
    kafka = infrastructure.kafka.operator
    good = {
        "given_names": "Teresa",
        "paternal_surname": "Olvera",
        "maternal_surname": "Nava",
        "birth_date": "1966-01-09",
    }
    curp = curp_for("Teresa", "Olvera", "Nava", "1966-01-09")
    wrong_check_digit = curp[:17] + str((int(curp[17]) + 1) % 10)
    cases = [
        (
            agency_record(
                "dif-jalisco", **good, national_id=wrong_check_digit, national_id_type="CURP"
            ),
            "person.national_id",
            "check digit",
        ),
        (
            agency_record("dif-jalisco", **good, national_id="OLNT660109", national_id_type="CURP"),
            "person.national_id",
            "18 characters",
        ),
        (
            agency_record("dif-jalisco", **{**good, "birth_date": "2090-01-01"}),
            "person.birth_date",
            "future",
        ),
        (
            agency_record("dif-jalisco", **{**good, "given_names": "Teresa\x1b[2J"}),
            "person.given_names",
            "control characters",
        ),
        (
            agency_record("dif-jalisco", **{**good, "given_names": "Teresa\x00"}),
            "person.given_names",
            "cannot be stored",
        ),
        (
            agency_record("dif-jalisco", **{**good, "given_names": ""}),
            "person.given_names",
            "at least 1 character",
        ),
        (
            agency_record("dif-jalisco", **{**good, "given_names": "T" * 1_000_000}),
            "person.given_names",
            "at most 120",
        ),
    ]
    await publish_raw(
        kafka, ENROLMENTS.name, [(e["key"], json.dumps(e).encode()) for e, _, _ in cases]
    )
    for envelope, field, words in cases:
        rejection = await reply_to(kafka, envelope, "beneficiaries.enrolment_rejected")
        assert rejection["field"] == field
        assert words in rejection["reason"]
        assert rejection["agency_record_id"] == envelope["payload"]["agency_record_id"]
        assert "TTTTTTTT" not in rejection["reason"]
        assert rejection["code"] and "TTTTTTTT" not in json.dumps(rejection["params"])

    hostile = {
        **good,
        "given_names": "<script>alert(1)</script>",
        "paternal_surname": "Robert'); DROP TABLE persons;--",
    }
    [stored] = await enrol(kafka, agency_record("dif-jalisco", **hostile))
    async with httpx.AsyncClient(
        base_url=services.url("beneficiaries"),
        timeout=10,
        auth=FreshAssertions(services.url("beneficiaries")),
    ) as http:
        person = (await http.get(f"/persons/{stored['person_id']}")).json()
    assert person["given_names"] == hostile["given_names"]
    assert person["paternal_surname"] == hostile["paternal_surname"]


async def test_caseworkers_enrol_over_http_and_find_people_despite_accents_and_typos(services):
    async with httpx.AsyncClient(
        base_url=services.url("beneficiaries"),
        timeout=10,
        auth=FreshAssertions(services.url("beneficiaries")),
    ) as http:
        created = await http.post(
            "/enrolments",
            json=agency_record(
                "ijm-jalisco",
                "violence_support",
                given_names="Ximena",
                paternal_surname="Núñez",
                maternal_surname="Bañuelos",
                birth_date="1990-12-03",
                municipality="Guadalajara",
            )["payload"],
        )
        assert created.status_code == 201, created.text
        person_id = created.json()["person_id"]
        for query in ("ximena nunez banuelos", "Jimena Nuñes", "XIMENA BAÑUELOS"):
            found = (await http.post("/persons/search", json={"name": query})).json()
            assert person_id in [p["person_id"] for p in found], query
        refused = await http.post(
            "/enrolments",
            json=agency_record(
                "ijm-jalisco",
                given_names="Ximena",
                paternal_surname="Núñez",
                birth_date="1990-12-03",
                national_id="NUBX901203MJCXXX",
                national_id_type="CURP",
            )["payload"],
        )
        assert refused.status_code == 422
        assert refused.json()["detail"][0]["field"] == "person.national_id"
