"""Attacks on who acts behind a call to a service. Before the console signed
its word, any holder of a service token (the console's or `ops`) said who
acted with `X-Acting-*` and `X-Officer-Id` headers and the services believed
it: the ops token revealed a whistleblower under an officer's name. Each test
here performs one such attack against the running services."""

import time
import uuid

import asyncpg
import httpx

from shared.acting_assertion import HEADER
from tests.e2e.grievance_helpers import REVEAL_ROLE, as_officer, submission, submit
from tests.e2e.registry_people import person_enrolled_by
from tests.e2e.test_kitchens_flows import report_body
from tests.e2e.test_skeleton_flows import registered_kitchen
from tests.http_auth import FreshAssertions, acting_headers, signed_headers

REPORTER = {"full_name": "Rosa Inés Quintero", "contact": "rosa.quintero@example.org"}
FORGED = {
    "X-Acting-User": "officer.custodian",
    "X-Acting-Role": "identity_reveal_officer",
    "X-Officer-Id": "officer.custodian",
    "X-Access-Reason": "citatorio",
}
SUPERVISOR = {"X-Acting-User": "sup-1", "X-Acting-Role": "supervisor", "X-Access-Reason": "x"}
ASKER, SECOND = "custodia.marta-vidal", "custodia.nora-pinto"


async def _enrolled(services) -> dict:
    api = services.url("beneficiaries")
    async with httpx.AsyncClient(base_url=api, timeout=10, auth=FreshAssertions(api)) as http:
        return await person_enrolled_by(http, {"dif-jalisco": True})


async def _rows(database_url: str, sql: str, *args) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(database_url)
    try:
        return await conn.fetch(sql, *args)
    finally:
        await conn.close()


def call(url: str, body: dict, headers: dict[str, str]) -> tuple[int, dict]:
    """Exactly these headers, nothing added."""
    answer = httpx.post(url, json=body, headers=headers, timeout=10)
    return answer.status_code, answer.json()


def _named_case(services) -> tuple[str, list[tuple[str, dict]]]:
    """A case with a named reporter that one officer asked to reveal, and each step of the
    two-officer reveal with its body: asking, deciding her request, being shown it."""
    case_id = submit(services, submission(anonymous=False, reporter=REPORTER))["case_id"]
    requests = f"/cases/{case_id}/reveal-requests"
    status, asked = as_officer(services, requests, ASKER, {"reason": "Citatorio 3/2026"})
    assert status == 201, asked
    base = f"{services.url('grievances')}{requests}"
    steps = [
        (base, {"reason": "citatorio"}),
        (f"{base}/{asked['request_id']}/decision", {"decision": "approved"}),
        (f"{base}/{asked['request_id']}/identity", {}),
    ]
    return case_id, steps


async def _reveals(database_url: str, case_id: str) -> list[asyncpg.Record]:
    return await _rows(
        database_url,
        "SELECT * FROM grievances.identity_reveals WHERE case_id = $1",
        uuid.UUID(case_id),
    )


async def _requests(database_url: str, case_id: str) -> list[tuple]:
    rows = await _rows(
        database_url,
        "SELECT requested_by, decision, decided_by, shown_at FROM grievances.reveal_requests "
        "WHERE case_id = $1",
        uuid.UUID(case_id),
    )
    return [tuple(r) for r in rows]


async def test_the_ops_token_with_forged_acting_headers_reads_no_person(services):
    person = (await _enrolled(services))["person_id"]
    async with httpx.AsyncClient(base_url=services.url("beneficiaries"), timeout=10) as http:
        for path in (f"/persons/{person}", f"/persons/{person}/access-log", "/review-tasks"):
            answer = await http.get(
                path, headers={**services.headers("beneficiaries"), **SUPERVISOR}
            )
            assert answer.status_code == 403, (path, answer.text)
            assert answer.json()["detail"][0]["field"] == "Authorization"
            assert person not in answer.text


async def test_the_ops_token_with_forged_officer_headers_reveals_no_whistleblower(
    infrastructure, services
):
    case_id, steps = _named_case(services)
    for url, body in steps:
        forged = {**services.headers("grievances"), **FORGED}
        status, reply = call(url, body, forged)
        assert (status, reply["detail"][0]["field"]) == (403, "Authorization"), url
        assert REPORTER["full_name"] not in str(reply)
    assert await _reveals(infrastructure.database_url, case_id) == []
    assert await _requests(infrastructure.database_url, case_id) == [(ASKER, None, None, None)]


async def test_the_consoles_token_with_forged_headers_and_no_assertion_acts_for_no_one(
    infrastructure, services
):
    case_id, steps = _named_case(services)
    console = services.headers("grievances", "console")
    for url, body in steps:
        status, reply = call(url, body, {**console, **FORGED})
        assert (status, reply["detail"][0]["field"]) == (401, "X-Acting-Assertion"), url
        assert REPORTER["full_name"] not in str(reply)
    assert await _reveals(infrastructure.database_url, case_id) == []
    assert await _requests(infrastructure.database_url, case_id) == [(ASKER, None, None, None)]
    # On the public intake the headers make no one an officer: a phone call needs one.
    intake = f"{services.url('grievances')}/cases"
    status, reply = call(intake, submission(channel="phone"), {**console, **FORGED})
    assert (status, reply["detail"][0]["field"]) == (422, "X-Acting-Assertion")


async def test_one_officer_cannot_pass_for_the_second_whatever_the_headers_say(
    infrastructure, services
):
    """The two-officer rule holds only if each officer is a verified account: the one who
    asked, naming another officer in headers, is still the one who asked."""
    case_id, [_, (decision, approve), (shown, _)] = _named_case(services)
    mine = acting_headers(decision, user=ASKER, role=REVEAL_ROLE)
    status, reply = call(
        decision, approve, {**mine, "X-Acting-User": SECOND, "X-Officer-Id": SECOND}
    )
    assert (status, reply["detail"][0]["field"]) == (403, "X-Acting-Assertion.sub"), reply
    # Another officer's assertion, made for another service, is no second officer here either.
    elsewhere = acting_headers(services.url("kitchens"), user=SECOND, role=REVEAL_ROLE)
    status, reply = call(decision, approve, {**mine, "X-Acting-Assertion": elsewhere[HEADER]})
    assert (status, reply["detail"][0]["field"]) == (401, "X-Acting-Assertion"), reply
    status, reply = call(shown, {}, acting_headers(shown, user=ASKER, role=REVEAL_ROLE))
    assert status == 409 and REPORTER["full_name"] not in str(reply)
    assert await _requests(infrastructure.database_url, case_id) == [(ASKER, None, None, None)]
    assert await _reveals(infrastructure.database_url, case_id) == []


async def test_the_grievance_audit_names_the_verified_officer_whatever_the_headers_say(
    infrastructure, services
):
    case_id, _ = _named_case(services)
    url = f"{services.url('grievances')}/cases/{case_id}/transitions"
    signed = acting_headers(url, user="ofelia.quejas", role="grievance_officer")
    status, reply = call(
        url,
        {"action": "acknowledge", "officer_id": "officer.innocent"},
        {**signed, "X-Officer-Id": "officer.innocent"},
    )
    assert status == 200, reply
    rows = await _rows(
        infrastructure.database_url,
        "SELECT by_whom FROM grievances.case_transitions WHERE case_id = $1 AND status = $2",
        uuid.UUID(case_id),
        "acknowledged",
    )
    assert [r["by_whom"] for r in rows] == ["ofelia.quejas"]


async def test_the_access_log_names_the_verified_account_whatever_the_headers_say(
    infrastructure, services
):
    person = (await _enrolled(services))["person_id"]
    url = f"{services.url('beneficiaries')}/persons/{person}"
    signed = acting_headers(url, user="ana.dif", role="caseworker", agency="dif-jalisco")
    forged = {"X-Acting-User": "someone.else", "X-Acting-Agency": "sedis-jalisco"}
    async with httpx.AsyncClient(timeout=10) as http:
        assert (await http.get(url, headers={**signed, **forged})).status_code == 200
    rows = await _rows(
        infrastructure.database_url,
        "SELECT caller, acting_user, acting_role, acting_agency FROM beneficiaries.access_log "
        "WHERE person_id = $1",
        uuid.UUID(person),
    )
    assert [tuple(r) for r in rows] == [("console", "ana.dif", "caseworker", "dif-jalisco")]


async def test_only_a_verified_supervisor_lifts_a_womans_protection(infrastructure, services):
    person = (await _enrolled(services))["person_id"]
    url = f"{services.url('beneficiaries')}/persons/{person}/protection"
    lift = {"protected": False, "reason": "lo pidió ella", "changed_by": "sup-1"}
    signed = acting_headers(url, user="ana.dif", role="caseworker", agency="dif-jalisco")
    console = services.headers("beneficiaries", "console")
    async with httpx.AsyncClient(timeout=10) as http:
        as_caseworker = await http.put(url, json=lift, headers={**signed, **SUPERVISOR})
        unsigned = await http.put(url, json=lift, headers={**console, **SUPERVISOR})
    assert (as_caseworker.status_code, as_caseworker.json()["detail"][0]["field"]) == (
        403,
        "X-Acting-Assertion.role",
    )
    assert (unsigned.status_code, unsigned.json()["detail"][0]["field"]) == (
        401,
        "X-Acting-Assertion",
    )
    changes = await _rows(
        infrastructure.database_url,
        "SELECT * FROM beneficiaries.protection_changes WHERE person_id = $1",
        uuid.UUID(person),
    )
    assert changes == []


async def test_an_assertion_made_for_one_service_is_refused_by_another(services):
    made_for = acting_headers(
        services.url("beneficiaries"), user="ana.dif", role="caseworker", agency="dif-jalisco"
    )
    async with httpx.AsyncClient(timeout=10) as http:
        for name, path in (("grievances", "/cases?limit=1"), ("kitchens", "/kitchens/X-1")):
            replayed = {
                **services.headers(name, "console"),
                "X-Acting-Assertion": made_for["X-Acting-Assertion"],
            }
            answer = await http.get(f"{services.url(name)}{path}", headers=replayed)
            assert answer.status_code == 401, (name, answer.text)
            assert answer.json()["detail"] == [
                {
                    "field": "X-Acting-Assertion",
                    "reason": "made for another service",
                    "code": "acting_assertion_refused",
                    "params": {},
                }
            ]


async def test_an_expired_assertion_is_refused(services):
    url = f"{services.url('grievances')}/cases?limit=1"
    claims = {"sub": "ofelia", "role": "grievance_officer", "iat": int(time.time()) - 120}
    claims["exp"] = claims["iat"] + 60
    async with httpx.AsyncClient(timeout=10) as http:
        answer = await http.get(url, headers=signed_headers(url, claims))
    assert answer.status_code == 401
    assert answer.json()["detail"][0]["reason"].startswith("expired")


async def test_an_assertion_read_off_the_wire_is_refused_when_sent_again(services):
    """Whoever sees one call (a proxy's log, a captured request) holds a valid token and
    assertion for a minute; the assertion is good for that call only."""
    url = f"{services.url('grievances')}/cases?limit=1"
    seen = acting_headers(url, user="ofelia.quejas", role="grievance_officer")
    async with httpx.AsyncClient(timeout=10) as http:
        first = await http.get(url, headers=seen)
        again = await http.get(url, headers=seen)
        fresh = await http.get(
            url, headers=acting_headers(url, user="ofelia.quejas", role="grievance_officer")
        )
    assert first.status_code == 200, first.text
    assert again.status_code == 401
    assert again.json()["detail"] == [
        {
            "field": "X-Acting-Assertion",
            "reason": "already used: the console signs a fresh one per call",
            "code": "acting_assertion_refused",
            "params": {},
        }
    ]
    assert fresh.status_code == 200


async def test_a_role_spelt_otherwise_is_refused_not_read_as_another(services):
    api = services.url("beneficiaries")
    person = (await _enrolled(services))["person_id"]
    async with httpx.AsyncClient(base_url=api, timeout=10) as http:
        # Unscoped "CASEWORKER" once saw every agency's people.
        shouting = await http.get(
            f"/persons/{person}", headers=acting_headers(api, user="cw", role="CASEWORKER")
        )
        # "Auditor" once wrote where "auditor" is read-only.
        capital = await http.post(
            f"/persons/{person}/notes",
            headers=acting_headers(api, user="aurora", role="Auditor"),
            json={"author": "aurora", "body": "nota"},
        )
    for answer in (shouting, capital):
        assert answer.status_code == 401, answer.text
        problem = answer.json()["detail"][0]
        assert problem["field"] == "X-Acting-Assertion.role"
        assert problem["reason"].startswith("not a role: want exactly one of")


async def test_a_committee_member_acts_for_her_own_kitchen_only(services):
    """The console once was the only one to keep her to her kitchen; the service now reads
    her kitchen from the assertion and answers another as it answers one that does not
    exist."""
    ours, theirs = registered_kitchen(services), registered_kitchen(services)
    base = services.url("kitchens")

    def lucia(url: str) -> dict[str, str]:
        return acting_headers(url, user="lucia", role="kitchen_committee", kitchen=ours)

    async with httpx.AsyncClient(timeout=10) as http:
        own = await http.get(f"{base}/kitchens/{ours}", headers=lucia(base))
        other = await http.get(f"{base}/kitchens/{theirs}", headers=lucia(base))
        report = await http.post(
            f"{base}/daily-reports",
            json=report_body(theirs, "2026-10-05"),
            headers=lucia(base),
        )
    assert own.status_code == 200
    for refused in (other, report):
        assert refused.status_code == 404, refused.text
        assert refused.json()["detail"] == [
            {
                "field": "kitchen_id",
                "reason": f"no kitchen {theirs} is registered",
                "code": "unknown_kitchen",
                "params": {},
            }
        ]
