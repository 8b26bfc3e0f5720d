"""The registry scopes what a caseworker reads to her agency and logs every read
of a person's record with who, when and why."""

import uuid

import asyncpg
import httpx

from tests.e2e.registry_people import person_enrolled_by
from tests.e2e.test_registry_flows import agency_record
from tests.e2e.test_skeleton_flows import distinct_person
from tests.http_auth import FreshAssertions, acting_headers, as_role


def caseworker(
    services, agency: str, user: str = "cw-test", reason: str | None = "expediente"
) -> dict[str, str]:
    return acting_headers(
        services.url("beneficiaries"), user=user, role="caseworker", agency=agency, reason=reason
    )


async def access_rows(database_url: str, person_id: str) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(database_url)
    try:
        return await conn.fetch(
            "SELECT * FROM beneficiaries.access_log WHERE person_id = $1 ORDER BY access_id",
            uuid.UUID(person_id),
        )
    finally:
        await conn.close()


def client(services) -> httpx.AsyncClient:
    api = services.url("beneficiaries")
    return httpx.AsyncClient(base_url=api, timeout=10, auth=FreshAssertions(api))


async def test_a_caseworker_cannot_reach_another_agencys_person_by_changing_the_id(services):
    async with client(services) as http:
        ours = await person_enrolled_by(http, {"dif-jalisco": False})
        theirs = await person_enrolled_by(http, {"sedis-jalisco": False})

        assert (
            await http.get(
                f"/persons/{ours['person_id']}", headers=caseworker(services, "dif-jalisco")
            )
        ).status_code == 200
        hidden = await http.get(
            f"/persons/{theirs['person_id']}", headers=caseworker(services, "dif-jalisco")
        )
        missing = await http.get(
            f"/persons/{uuid.uuid4()}", headers=caseworker(services, "dif-jalisco")
        )
        assert hidden.status_code == missing.status_code == 404
        assert hidden.json()["detail"][0]["reason"].startswith("no such record")
        assert (
            await http.get(
                f"/persons/{theirs['person_id']}", headers=caseworker(services, "sedis-jalisco")
            )
        ).status_code == 200

        for query in (
            {"curp": theirs["national_id"]},
            {"name": f"{theirs['given_names']} {theirs['paternal_surname']}"},
        ):
            # Other tests' people may resemble hers: each agency's search shows only
            # people that agency may read, and only sedis-jalisco's shows her.
            for agency, shows_her in (("dif-jalisco", False), ("sedis-jalisco", True)):
                seen = [
                    p["person_id"]
                    for p in (
                        await http.post(
                            "/persons/search", json=query, headers=caseworker(services, agency)
                        )
                    ).json()
                ]
                assert (theirs["person_id"] in seen) is shows_her
                for person_id in seen:
                    assert (
                        await http.get(
                            f"/persons/{person_id}", headers=caseworker(services, agency)
                        )
                    ).status_code == 200

        enrolment_id = (
            await http.get(
                f"/persons/{theirs['person_id']}", headers=caseworker(services, "sedis-jalisco")
            )
        ).json()["enrolments"][0]["enrolment_id"]
        assert (
            await http.get(
                f"/enrolments/{enrolment_id}/decisions", headers=caseworker(services, "dif-jalisco")
            )
        ).status_code == 404
        note = await http.post(
            f"/persons/{theirs['person_id']}/notes",
            headers=caseworker(services, "dif-jalisco"),
            json={"author": "cw", "body": "x"},
        )
        assert note.status_code == 404

        unscoped = await http.get(
            f"/persons/{theirs['person_id']}",
            headers=acting_headers(
                services.url("beneficiaries"), user="sup", role="supervisor", reason="supervision"
            ),
        )
        assert unscoped.status_code == 200
        no_agency = await http.get(
            f"/persons/{ours['person_id']}",
            headers=acting_headers(
                services.url("beneficiaries"), user="cw", role="caseworker", reason="x"
            ),
        )
        assert no_agency.status_code == 401
        assert no_agency.json()["detail"][0]["field"] == "X-Acting-Assertion.agency"


async def test_consent_reveals_another_agencys_enrolment_and_its_absence_leaves_no_trace(services):
    async with client(services) as http:
        woman = await person_enrolled_by(
            http, {"dif-jalisco": True, "sedis-jalisco": False, "ijm-jalisco": True}
        )
        reply = await http.get(
            f"/persons/{woman['person_id']}", headers=caseworker(services, "dif-jalisco")
        )
    case = reply.json()
    by_agency = {e["agency"]: e for e in case["enrolments"]}
    assert (
        by_agency["dif-jalisco"]["details_shared"]
        and by_agency["dif-jalisco"]["submitted_person"]["given_names"]
    )
    assert by_agency["ijm-jalisco"]["details_shared"] and by_agency["ijm-jalisco"][
        "agency_record_id"
    ].startswith("IJM-")
    assert by_agency["ijm-jalisco"]["latest_decision"]["outcome"] == "linked"
    assert set(by_agency) == {"dif-jalisco", "ijm-jalisco"}
    assert "sedis" not in reply.text.lower() and "SED-" not in reply.text
    # Two food baskets, one of them not shared: her own overlaps "another agency's support".
    [mine, shared] = sorted(case["support_overlaps"], key=lambda o: o["details_shared"])
    assert mine["enrolment_id"] == by_agency["dif-jalisco"]["enrolment_id"]
    assert not mine["details_shared"] and "rule" not in mine
    assert shared["rule"] == "food_basket~food_basket"


async def test_every_read_of_a_record_is_logged_with_its_reason_and_a_case_file_needs_one(
    services, infrastructure
):
    async with client(services) as http:
        woman = await person_enrolled_by(http, {"dif-jalisco": True, "sedis-jalisco": False})
        person = woman["person_id"]
        refused = await http.get(
            f"/persons/{person}", headers=caseworker(services, "dif-jalisco", reason=None)
        )
        assert refused.status_code == 400
        assert refused.json()["detail"][0]["field"] == "X-Acting-Assertion.purpose"
        assert await access_rows(infrastructure.database_url, person) == []

        await http.post(
            "/persons/search",
            json={"curp": woman["national_id"]},
            headers=caseworker(services, "dif-jalisco", "ana", reason=None),
        )
        await http.get(
            f"/persons/{person}",
            headers=caseworker(services, "dif-jalisco", "ana", "búsqueda por llamada"),
        )
        await http.get(
            f"/persons/{person}",
            headers=acting_headers(
                services.url("beneficiaries"),
                user="sofia",
                role="supervisor",
                reason="revisión",
            ),
        )
        log = (
            await http.get(
                f"/persons/{person}/access-log",
                headers=acting_headers(
                    services.url("beneficiaries"), user="aurora", role="auditor", reason=None
                ),
            )
        ).json()
        assert (
            await http.get(
                f"/persons/{person}/access-log", headers=caseworker(services, "dif-jalisco")
            )
        ).status_code == 404

    rows = await access_rows(infrastructure.database_url, person)
    assert [
        (
            r["acting_user"],
            r["acting_role"],
            r["acting_agency"],
            r["record"],
            r["detail"],
            r["reason"],
            r["caller"],
        )
        for r in rows
    ] == [
        ("ana", "caseworker", "dif-jalisco", "search_result", "full", "search", "console"),
        (
            "ana",
            "caseworker",
            "dif-jalisco",
            "case_file",
            "limited",
            "búsqueda por llamada",
            "console",
        ),
        ("sofia", "supervisor", None, "case_file", "full", "revisión", "console"),
    ]
    assert [entry["reason"] for entry in log] == ["revisión", "búsqueda por llamada", "search"]


async def test_the_registry_serves_only_caseworkers_supervisors_and_auditors(services):
    """The console calls the registry for those three roles only; the registry holds the line
    itself, so a screen offered by mistake, or a signed call for another role, neither enrols
    a person, nor writes in her record, nor reads it."""
    api = services.url("beneficiaries")
    payload = agency_record("dif-jalisco", **distinct_person(uuid.uuid4().hex))["payload"]
    async with httpx.AsyncClient(base_url=api, timeout=10) as http:
        reply = await http.post(
            "/enrolments", json=payload, headers=caseworker(services, "dif-jalisco")
        )
        assert reply.status_code == 201, reply.text
        person = reply.json()["person_id"]
        for role in (
            "kitchen_committee",
            "grievance_officer",
            "identity_reveal_officer",
            "ops",
            "admin",
        ):
            for method, path, body in (
                ("POST", "/enrolments", payload),
                ("POST", f"/persons/{person}/notes", {"body": "nota"}),
                ("GET", f"/persons/{person}", None),
            ):
                signed = as_role(f"{api}{path}", role)
                reply = await http.request(method, path, json=body, headers=signed)
                assert reply.status_code == 403, (role, path, reply.text)
                assert reply.json()["detail"][0]["code"] == "role_not_served"
