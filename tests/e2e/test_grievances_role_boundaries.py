"""Every route of the grievances service serves only the roles whose work it is
(services/grievances/entrypoints/roles_served.py), whatever a console offers: each other
role's properly signed call is refused with 403 and writes nothing, the roles that do the
work still succeed, and what the public does through the console stays open to anyone,
signed in or not. The case list is read by caseworkers, supervisors and ops only narrowed to
their work: a person's cases (her case file) or the complaints about kitchens (the
compliance review)."""

import uuid
from typing import Any

import httpx

from shared.acting_assertion import HEADER
from tests.e2e.grievance_helpers import OFFICER, submission, submit
from tests.http_auth import ALL_ROLES, as_role, headers_for

READERS = {"grievance_officer", "identity_reveal_officer", "auditor"}
REVEALER = {"identity_reveal_officer"}
REVEAL_AUDIT = {"identity_reveal_officer", "auditor"}
REPORTER = {"full_name": "Eulalia Cuevas Tenorio", "contact": "eulalia.ct@example.org"}
ASKER, APPROVER = "custodia.marta-rios", "custodia.ivan-leal"
# Not the role's work: the route's own code, or the auditor's writes refused as read-only.
NOT_SERVED, REVEAL_CODE = "role_not_served", "reveal_role_required"


def routes(case_id: str, request_id: str) -> list[tuple[str, str, Any, set[str], str]]:
    """Each route (the case list under each narrowing): method, path, body, the roles
    served, the refusal's code."""
    case = f"/cases/{case_id}"
    request = f"{case}/reveal-requests/{request_id}"
    person = f"subject_kind=person&subject_ref={uuid.uuid4()}"
    return [
        ("GET", "/cases", None, READERS, NOT_SERVED),
        ("GET", "/cases?subject_kind=person", None, READERS, NOT_SERVED),
        ("GET", f"/cases?{person}", None, READERS | {"caseworker", "supervisor"}, NOT_SERVED),
        ("GET", "/cases?subject_kind=kitchen", None, READERS | {"supervisor", "ops"}, NOT_SERVED),
        ("POST", "/cases/search", {"text": "atendieron"}, READERS, NOT_SERVED),
        ("GET", case, None, READERS, NOT_SERVED),
        (
            "POST",
            f"{case}/transitions",
            {"action": "acknowledge"},
            {"grievance_officer"},
            "grievance_officer_only",
        ),
        ("POST", f"{case}/reveal-requests", {"reason": "curiosidad"}, REVEALER, REVEAL_CODE),
        ("POST", f"{request}/decision", {"decision": "approved"}, REVEALER, REVEAL_CODE),
        ("POST", f"{request}/identity", None, REVEALER, REVEAL_CODE),
        ("GET", f"{case}/reveal-requests", None, REVEAL_AUDIT, REVEAL_CODE),
        ("GET", "/reveal-requests", None, REVEAL_AUDIT, REVEAL_CODE),
        ("GET", f"{case}/reporter-identity/reveals", None, REVEAL_AUDIT, REVEAL_CODE),
    ]


def named_case_with_a_pending_request(http: httpx.Client, services) -> tuple[dict, str]:
    opened = submit(
        services, submission(channel="phone", anonymous=False, reporter=REPORTER), officer=OFFICER
    )
    base = services.url("grievances")
    asked = http.post(
        f"/cases/{opened['case_id']}/reveal-requests",
        json={"reason": "Citatorio 3/2026"},
        headers=as_role(base, "identity_reveal_officer", user=ASKER),
    )
    assert asked.status_code == 201, asked.text
    return opened, asked.json()["request_id"]


def as_it_is(http: httpx.Client, base: str, case_id: str) -> tuple[Any, ...]:
    case = http.get(f"/cases/{case_id}", headers=as_role(base, "auditor")).json()
    requests = http.get(f"/cases/{case_id}/reveal-requests", headers=as_role(base, "auditor"))
    reveals = http.get(
        f"/cases/{case_id}/reporter-identity/reveals", headers=as_role(base, "auditor")
    )
    return case, requests.json(), reveals.json()


def test_each_grievances_route_refuses_every_role_whose_work_it_is_not(services):
    base = services.url("grievances")
    with httpx.Client(base_url=base, timeout=10) as http:
        opened, request_id = named_case_with_a_pending_request(http, services)
        before = as_it_is(http, base, opened["case_id"])
        answered, wrong_code = [], []
        for method, path, body, served, code in routes(opened["case_id"], request_id):
            for role in sorted(set(ALL_ROLES) - served):
                reply = http.request(method, path, json=body, headers=as_role(base, role))
                answered.append((role, method, path, reply.status_code))
                assert REPORTER["full_name"] not in reply.text
                expected = "role_read_only" if role == "auditor" and method != "GET" else code
                if reply.status_code == 403 and reply.json()["detail"][0]["code"] != expected:
                    wrong_code.append((role, path, reply.text))
        crossed = [a for a in answered if a[3] != 403]
        assert not crossed, f"{len(crossed)} of {len(answered)} calls not refused: {crossed}"
        assert not wrong_code
        case, requests, reveals = as_it_is(http, base, opened["case_id"])
        assert (case, requests, reveals) == before, "a refused call wrote"
        assert case["status"] == "received" and [r["decision"] for r in requests] == [None]
        assert reveals == []


def test_the_roles_whose_work_a_grievances_route_is_still_do_it(services):
    base = services.url("grievances")

    def call(role: str, method: str, path: str, body: Any = None, user: str | None = None) -> Any:
        reply = httpx.request(
            method, f"{base}{path}", json=body, headers=as_role(base, role, user=user), timeout=10
        )
        assert reply.is_success, (role, method, path, reply.text)
        return reply.json()

    with httpx.Client(base_url=base, timeout=10) as http:
        opened, request_id = named_case_with_a_pending_request(http, services)
    case_id = opened["case_id"]
    for method, path, _, served, _ in routes(case_id, request_id):
        if method == "GET" or path.endswith("/search"):
            for role in sorted(served):
                call(role, method, path, {"text": "atendieron"} if method == "POST" else None)
    call("grievance_officer", "POST", f"/cases/{case_id}/transitions", {"action": "acknowledge"})
    request = f"/cases/{case_id}/reveal-requests/{request_id}"
    call(
        "identity_reveal_officer", "POST", f"{request}/decision", {"decision": "approved"}, APPROVER
    )
    assert call("identity_reveal_officer", "POST", f"{request}/identity", None, ASKER) == REPORTER
    asked = {"reason": "Citatorio 4/2026"}
    call("identity_reveal_officer", "POST", f"/cases/{case_id}/reveal-requests", asked, ASKER)


def test_what_the_public_does_through_the_console_stays_open_to_anyone(services):
    """Filing, following by receipt, replying, appealing and the quarterly report: for every
    role and for no one signed in (only the auditor's writes are refused, as read-only)."""
    base = services.url("grievances")
    receipt = submit(services, submission())["receipt"]
    unsigned = {k: v for k, v in headers_for(base).items() if k != HEADER}
    callers = {role: lambda role=role: as_role(base, role) for role in ALL_ROLES}
    callers["no one signed in"] = lambda: unsigned
    for who, headers in callers.items():
        writes = who != "auditor"
        calls = [
            ("GET", "/reports/quarterly?year=2026&quarter=4", None, True),
            ("POST", "/receipts/case", {"receipt": receipt}, writes),
            ("POST", "/receipts/information", {"receipt": receipt, "information": "más"}, writes),
            ("POST", "/receipts/appeal", {"receipt": receipt, "reason": "no"}, writes),
            ("POST", "/cases", submission(description=f"Queja de {who}"), writes),
        ]
        for method, path, body, open_to_them in calls:
            reply = httpx.request(method, f"{base}{path}", json=body, headers=headers(), timeout=10)
            if open_to_them:
                # A reply or an appeal the case's status does not allow is 409, never 403.
                assert reply.status_code in (200, 201, 409), (who, path, reply.text)
            else:
                assert reply.json()["detail"][0]["code"] == "role_read_only", (who, path)
