"""Consent holds in every read and write of the registry, tried as a caseworker
of another agency would: what one agency recorded reaches another only when the
woman consented on that agency's record; a protected woman's locality and phone
reach no other agency until a supervisor lifts the protection; a caseworker
changes identities and agency records only where she sees every record involved."""

import json
import uuid
from typing import Any

import asyncpg
import httpx

from tests.e2e.test_registry_flows import agency_record, curp_for
from tests.e2e.test_skeleton_flows import distinct_person
from tests.http_auth import FreshAssertions, headers_for

SHELTER = "Refugio Casa Violeta"
SHELTER_PHONE = "3312345678"


def caseworker(services, agency: str, user: str = "cw-consent") -> FreshAssertions:
    return FreshAssertions(
        services.url("beneficiaries"), user=user, role="caseworker", agency=agency, reason="visita"
    )


def supervisor(services, user: str = "sup-consent") -> FreshAssertions:
    return FreshAssertions(
        services.url("beneficiaries"), user=user, role="supervisor", reason="supervision"
    )


def client(services) -> httpx.AsyncClient:
    api = services.url("beneficiaries")
    return httpx.AsyncClient(
        base_url=api, timeout=10, headers={"Authorization": headers_for(api)["Authorization"]}
    )


def woman_with_curp() -> dict[str, Any]:
    facts = distinct_person(uuid.uuid4().hex)
    facts["national_id"] = curp_for(
        facts["given_names"],
        facts["paternal_surname"],
        facts["maternal_surname"],
        facts["birth_date"],
    )
    return {**facts, "national_id_type": "CURP"}


async def enrol(
    http: httpx.AsyncClient,
    services,
    agency: str,
    facts: dict[str, Any],
    *,
    consent: bool,
    benefit: str = "food_basket",
) -> dict[str, Any]:
    """One agency's record of her, sent by that agency's caseworker."""
    payload = agency_record(agency, benefit, **{**facts, "consent_to_share": consent})["payload"]
    reply = await http.post("/enrolments", json=payload, auth=caseworker(services, agency))
    assert reply.status_code == 201, reply.text
    return {**reply.json(), "payload": payload}


async def case_file(http: httpx.AsyncClient, reader: FreshAssertions, person_id: str) -> dict:
    reply = await http.get(f"/persons/{person_id}", auth=reader)
    assert reply.status_code == 200, reply.text
    return reply.json()


async def follow_up_by(http: httpx.AsyncClient, services, agency: str, person_id: str) -> None:
    """A note, an assessment, a training and a graduation, written by one agency's caseworker."""
    writer = caseworker(services, agency, f"cw-{agency}")
    for path, body in (
        ("notes", {"author": f"cw-{agency}", "body": f"Nota de {agency}: vive en {SHELTER}."}),
        (
            "assessments",
            {
                "assessed_on": "2026-03-02",
                "with_minors": False,
                "answers": [True] * 3 + [False] * 5,
                "recorded_by": f"cw-{agency}",
            },
        ),
        (
            "trainings",
            {
                "kind": "health",
                "title": f"Taller de {agency}",
                "attended_on": "2026-03-03",
                "hours": 2,
                "recorded_by": f"cw-{agency}",
            },
        ),
        ("graduation", {"graduated_on": "2026-03-04", "recorded_by": f"cw-{agency}"}),
    ):
        reply = await http.post(f"/persons/{person_id}/{path}", json=body, auth=writer)
        assert reply.status_code == 201, (path, reply.text)


async def test_another_agency_sees_neither_the_identity_nor_the_follow_up_recorded_without_consent(
    services,
):
    facts = woman_with_curp()
    async with client(services) as http:
        shelter = await enrol(
            http,
            services,
            "ijm-jalisco",
            {**facts, "locality": SHELTER, "phone": SHELTER_PHONE, "municipality": "Tonalá"},
            consent=False,
            benefit="violence_support",
        )
        person = shelter["person_id"]
        await follow_up_by(http, services, "ijm-jalisco", person)
        ours = await enrol(
            http,
            services,
            "dif-jalisco",
            {**facts, "phone": "3377776666", "municipality": "Zapopan"},
            consent=True,
        )
        assert ours["person_id"] == person, "one CURP, one person"

        seen = await case_file(http, caseworker(services, "dif-jalisco"), person)
        whole = json.dumps(seen)
        assert SHELTER not in whole and SHELTER_PHONE not in whole and "Tonalá" not in whole
        assert seen["phone"] == "3377776666" and seen["municipality"] == "Zapopan"
        assert seen["locality"] is None
        for section in ("notes", "assessments", "trainings", "meals"):
            assert seen[section] == [], section
        assert seen["graduated_on"] is None
        ours_too = await http.post(
            f"/persons/{person}/graduation",
            json={"graduated_on": "2026-03-05", "recorded_by": "cw-dif"},
            auth=caseworker(services, "dif-jalisco"),
        )
        assert ours_too.status_code == 201, "another agency's graduation is not hers to learn of"

        own = await case_file(http, caseworker(services, "ijm-jalisco"), person)
        assert own["locality"] == SHELTER and own["phone"] == SHELTER_PHONE
        assert [n["agency"] for n in own["notes"]] == ["ijm-jalisco"]
        assert [a["agency"] for a in own["assessments"]] == ["ijm-jalisco"]
        assert [t["agency"] for t in own["trainings"]] == ["ijm-jalisco"]
        assert own["graduated_on"] == "2026-03-04"

        unscoped = await case_file(http, supervisor(services), person)
        assert len(unscoped["notes"]) == 1 and unscoped["graduated_on"] == "2026-03-04"


async def test_what_an_agency_shared_by_consent_reaches_the_others(services):
    facts = woman_with_curp()
    async with client(services) as http:
        sharing = await enrol(
            http,
            services,
            "dif-jalisco",
            {**facts, "locality": "Centro", "phone": "3311112222"},
            consent=True,
        )
        person = sharing["person_id"]
        await follow_up_by(http, services, "dif-jalisco", person)
        await enrol(http, services, "sedis-jalisco", facts, consent=False)

        seen = await case_file(http, caseworker(services, "sedis-jalisco"), person)
    assert seen["locality"] == "Centro" and seen["phone"] == "3311112222"
    assert [n["agency"] for n in seen["notes"]] == ["dif-jalisco"]
    assert len(seen["assessments"]) == len(seen["trainings"]) == 1
    assert seen["graduated_on"] == "2026-03-04"


async def test_a_protected_womans_whereabouts_reach_no_other_agency_until_a_supervisor_lifts_it(
    services, infrastructure
):
    facts = woman_with_curp()
    async with client(services) as http:
        sharing = await enrol(
            http,
            services,
            "dif-jalisco",
            {**facts, "locality": SHELTER, "phone": SHELTER_PHONE},
            consent=True,
        )
        person = sharing["person_id"]
        await enrol(http, services, "ijm-jalisco", facts, consent=True, benefit="violence_support")
        await enrol(http, services, "sedis-jalisco", facts, consent=False)

        seen = await case_file(http, caseworker(services, "sedis-jalisco"), person)
        assert seen["protection"]["protected"] is True
        assert SHELTER not in json.dumps(seen) and SHELTER_PHONE not in json.dumps(seen)
        assert seen["given_names"] == facts["given_names"], "consent still shares the rest"
        own = await case_file(http, caseworker(services, "dif-jalisco"), person)
        assert own["locality"] == SHELTER and own["phone"] == SHELTER_PHONE

        lift = {"protected": False, "reason": "Ya no vive en el refugio; lo pidió ella."}
        refused = await http.put(
            f"/persons/{person}/protection", json=lift, auth=caseworker(services, "dif-jalisco")
        )
        assert refused.status_code == 403 and refused.json()["detail"][0]["field"] == (
            "X-Acting-Assertion.role"
        )
        lifted = await http.put(
            f"/persons/{person}/protection", json=lift, auth=supervisor(services, "sofia")
        )
        assert lifted.status_code == 200, lifted.text
        seen = await case_file(http, caseworker(services, "sedis-jalisco"), person)
        assert seen["protection"]["protected"] is False
        assert seen["locality"] == SHELTER and seen["phone"] == SHELTER_PHONE

        again = {"protected": True, "reason": "Nueva denuncia."}
        assert (
            await http.put(
                f"/persons/{person}/protection", json=again, auth=supervisor(services, "rosa")
            )
        ).status_code == 200
        seen = await case_file(http, caseworker(services, "sedis-jalisco"), person)
        assert seen["protection"]["protected"] is True and seen["phone"] is None
        assert "history" not in seen["protection"], "who changed it is for supervisors"
        history = (await case_file(http, supervisor(services), person))["protection"]["history"]
    assert [(h["protected"], h["changed_by"], h["reason"]) for h in history] == [
        (False, "sofia", lift["reason"]),
        (True, "rosa", again["reason"]),
    ]
    assert all(h["changed_at"] for h in history)


async def common_name_records(http: httpx.AsyncClient, services) -> tuple[dict, dict, dict]:
    """Three agencies' records of the same common names and birth date and
    nothing else in common: the second and third wait for review. Only the
    second agency (ijm-jalisco) consented."""
    facts = {
        **distinct_person(uuid.uuid4().hex),
        "given_names": "Juana",
        "paternal_surname": "Hernández",
        "maternal_surname": "García",
    }
    first = await enrol(
        http, services, "dif-jalisco", {**facts, "municipality": "El Salto"}, consent=False
    )
    second = await enrol(
        http, services, "ijm-jalisco", {**facts, "municipality": "Tlaquepaque"}, consent=True
    )
    third = await enrol(
        http, services, "sedis-jalisco", {**facts, "municipality": "Tonalá"}, consent=False
    )
    assert second["decision"] == third["decision"] == "pending_review", third
    return first, second, third


async def test_a_caseworker_cannot_merge_through_a_review_people_whose_records_she_cannot_see(
    services,
):
    async with client(services) as http:
        dif, ijm, sedis = await common_name_records(http, services)
        task = sedis["review_task_id"]
        listed = await http.get(f"/review-tasks/{task}", auth=supervisor(services))
        candidates = {c["person_id"] for c in listed.json()["candidates"]}
        assert {dif["person_id"], ijm["person_id"]} <= candidates, listed.text
        reader = caseworker(services, "ijm-jalisco", "cw-ijm")
        # The record under review is sedis-jalisco's, not shared: the task is not hers to read.
        assert (await http.get(f"/review-tasks/{task}", auth=reader)).status_code == 404

        attack = {
            "verdict": "same_person",
            "same_as_person_id": dif["person_id"],
            "decided_by": "cw-ijm",
            "reason": "parecen la misma",
        }
        merged = await http.post(f"/review-tasks/{task}/decision", json=attack, auth=reader)
        assert merged.status_code == 404, merged.text
        assert merged.json()["detail"][0]["field"] == "review_task_id"
        apart = {**attack, "verdict": "different_people", "same_as_person_id": None}
        assert (
            await http.post(f"/review-tasks/{task}/decision", json=apart, auth=reader)
        ).status_code == 404

        by_supervisor = await http.post(
            f"/review-tasks/{task}/decision",
            json={**attack, "same_as_person_id": ijm["person_id"], "decided_by": "sup"},
            auth=supervisor(services),
        )
        assert by_supervisor.status_code == 200, by_supervisor.text
        survivor = by_supervisor.json()["person_id"]
        [merge] = (await case_file(http, supervisor(services), survivor))["merges"]
        told = await case_file(http, reader, survivor)
        assert told["merges"] == [], "it moved only records not shared with her"
        undo = await http.post(
            f"/merges/{merge['merge_id']}/unmerge",
            json={"decided_by": "cw-ijm", "reason": "me equivoqué"},
            auth=reader,
        )
        assert undo.status_code == 404, undo.text
        grab = await http.post(
            f"/persons/{ijm['person_id']}/merges",
            json={"absorbed_person_id": dif["person_id"], "decided_by": "cw-ijm", "reason": "x"},
            auth=reader,
        )
        assert grab.status_code == 404
        assert (
            await http.post(
                f"/merges/{merge['merge_id']}/unmerge",
                json={"decided_by": "sup", "reason": "revisión"},
                auth=supervisor(services),
            )
        ).status_code == 200


async def test_an_agency_cannot_end_or_re_consent_another_agencys_record(services):
    facts = woman_with_curp()
    async with client(services) as http:
        theirs = await enrol(http, services, "sedis-jalisco", facts, consent=True)
        forged = {
            **theirs["payload"],
            "ended_on": "2026-03-02",
            "person": {**theirs["payload"]["person"], "consent_to_share": False},
        }
        refused = await http.post(
            "/enrolments", json=forged, auth=caseworker(services, "dif-jalisco")
        )
        assert refused.status_code == 403, refused.text
        assert refused.json()["detail"][0]["field"] == "agency"
        [record] = (await case_file(http, supervisor(services), theirs["person_id"]))["enrolments"]
    assert record["ended_on"] is None and record["consent_to_share"] is True


async def test_the_access_log_names_the_fields_each_read_showed(services, infrastructure):
    facts = woman_with_curp()
    async with client(services) as http:
        hers = await enrol(
            http, services, "dif-jalisco", {**facts, "phone": "3355554444"}, consent=True
        )
        person = hers["person_id"]
        hidden = await enrol(http, services, "sedis-jalisco", facts, consent=False)
        await case_file(http, caseworker(services, "dif-jalisco"), person)
    conn = await asyncpg.connect(infrastructure.database_url)
    try:
        [row] = await conn.fetch(
            "SELECT shown FROM beneficiaries.access_log WHERE person_id = $1 "
            "AND record = 'case_file'",
            uuid.UUID(person),
        )
    finally:
        await conn.close()
    shown = json.loads(row["shown"])
    assert "phone" in shown["identity"] and "locality" not in shown["identity"]
    assert "given_names" in shown["identity"] and "curp" in shown["identity"]
    records = shown["enrolments"]
    assert "submitted_person.phone" in records[hers["enrolment_id"]]
    # Of the record another agency holds without consent: nothing was shown.
    assert hidden["enrolment_id"] not in records
