"""Every route of the kitchens service serves only the roles whose work it is
(services/kitchens/entrypoints/roles_served.py), whatever a console offers: each other role's
properly signed call is refused with 403 and writes nothing, and the roles that do the work
still succeed. A committee member tries her own kitchen, so what refuses her is her role and
not the kitchen scope."""

import uuid
from typing import Any

import httpx

from shared.programme_clock import programme_today
from tests.e2e.test_kitchens_flows import report_body
from tests.e2e.test_skeleton_flows import kitchen_registration, registered_kitchen
from tests.http_auth import ALL_ROLES, as_role
from tests.kitchen_surveys import SCORES

COMMITTEE = {"kitchen_committee"}
STAFF = {"supervisor", "admin"}
FIGURE_READERS = {"supervisor", "ops", "auditor"}
READERS = COMMITTEE | FIGURE_READERS
NAME_READERS = READERS | {"grievance_officer", "identity_reveal_officer", "admin"}
# A month no other test runs the subsidy of: a run credits every kitchen.
MONTH = "2026-06"


def routes(kitchen_id: str, unregistered: str) -> list[tuple[str, str, Any, set[str], str]]:
    """Each route: method, path (with its query), body, the roles served, the refusal's code."""
    k = f"/kitchens/{kitchen_id}"
    purchase = {
        "kitchen_id": kitchen_id,
        "purchased_on": "2026-09-08",
        "supplier": "Abarrotes Don Chucho",
        "category": "non_perishable",
        "amount_centavos": 50_000,
        "receipt_reference": "F-ATTACK",
    }
    staff = "programme_staff_only"
    return [
        ("GET", "/kitchens", None, READERS, "role_not_served"),
        (
            "POST",
            "/kitchens",
            kitchen_registration(unregistered, "Comedor que nadie debe registrar"),
            STAFF,
            staff,
        ),
        ("PATCH", k, {"name": "Otro nombre", "decided_by": "x"}, STAFF, staff),
        (
            "POST",
            f"{k}/status",
            {"status": "closed", "reason": "x", "decided_by": "x"},
            STAFF,
            staff,
        ),
        ("POST", f"{k}/committee", {"full_name": "Intrusa Pérez"}, STAFF, staff),
        (
            "POST",
            f"{k}/committee/{uuid.uuid4()}/leave",
            {"left_on": "2026-09-08", "reason": "x"},
            STAFF,
            staff,
        ),
        ("POST", f"{k}/flags/{uuid.uuid4()}", {"status": "closed", "reason": "x"}, STAFF, staff),
        ("GET", k, None, READERS, "role_not_served"),
        ("GET", f"/kitchen-names?kitchen_id={kitchen_id}", None, NAME_READERS, "role_not_served"),
        (
            "POST",
            "/daily-reports",
            report_body(kitchen_id, "2026-09-07"),
            COMMITTEE,
            "role_not_served",
        ),
        (
            "POST",
            "/daily-report-amendments",
            {**report_body(kitchen_id, "2026-09-07", 170), "reason": "x"},
            COMMITTEE,
            "role_not_served",
        ),
        ("POST", "/purchases", purchase, COMMITTEE, "role_not_served"),
        (
            "POST",
            "/surveys",
            {"kitchen_id": kitchen_id, "surveyed_on": "2026-09-08", "scores": SCORES},
            COMMITTEE,
            "role_not_served",
        ),
        ("POST", "/subsidy-runs", {"month": MONTH}, STAFF, staff),
        ("GET", f"/subsidy-runs/preview?month={MONTH}", None, STAFF, staff),
        (
            "GET",
            "/indicators?start=2026-09-01&end=2026-09-30",
            None,
            FIGURE_READERS,
            "role_not_served",
        ),
        (
            "GET",
            f"{k}/indicators?start=2026-09-01&end=2026-09-30",
            None,
            READERS,
            "role_not_served",
        ),
        ("GET", f"{k}/series?start=2026-09-01&end=2026-09-30", None, READERS, "role_not_served"),
    ]


def as_supervisor(base: str) -> dict[str, str]:
    return as_role(base, "supervisor", user="sofia")


def kitchen_as_it_is(http: httpx.Client, base: str, kitchen_id: str) -> dict[str, Any]:
    kitchen = http.get(f"/kitchens/{kitchen_id}", headers=as_supervisor(base)).json()
    return {
        key: kitchen[key]
        for key in ("name", "status", "committee", "reports", "purse_ledger", "surveys", "history")
    }


def test_each_kitchens_route_refuses_every_role_whose_work_it_is_not(services):
    base = services.url("kitchens")
    kitchen_id, unregistered = registered_kitchen(services), f"TEST-{uuid.uuid4().hex[:6].upper()}"
    with httpx.Client(base_url=base, timeout=10) as http:
        before = kitchen_as_it_is(http, base, kitchen_id)
        answered, wrong_code = [], []
        for method, path, body, served, code in routes(kitchen_id, unregistered):
            for role in sorted(set(ALL_ROLES) - served):
                reply = http.request(
                    method, path, json=body, headers=as_role(base, role, kitchen=kitchen_id)
                )
                answered.append((role, method, path, reply.status_code))
                # The auditor's writes are refused first, as read-only (shared/service_auth.py).
                expected = "role_read_only" if role == "auditor" and method != "GET" else code
                if reply.status_code == 403 and reply.json()["detail"][0]["code"] != expected:
                    wrong_code.append((role, path, reply.text))
        crossed = [a for a in answered if a[3] != 403]
        assert not crossed, f"{len(crossed)} of {len(answered)} calls not refused: {crossed}"
        assert not wrong_code
        assert kitchen_as_it_is(http, base, kitchen_id) == before, "a refused call wrote"
        gone = http.get(f"/kitchens/{unregistered}", headers=as_supervisor(base))
        assert gone.status_code == 404, "a refused registration registered the kitchen"


def test_the_roles_whose_work_a_kitchens_route_is_still_do_it(services):
    base = services.url("kitchens")
    kitchen_id = registered_kitchen(services)
    k = f"/kitchens/{kitchen_id}"

    def call(role: str, method: str, path: str, body: Any = None) -> dict[str, Any]:
        reply = httpx.request(
            method,
            f"{base}{path}",
            json=body,
            headers=as_role(base, role, kitchen=kitchen_id),
            timeout=10,
        )
        assert reply.is_success, (role, method, path, reply.text)
        return reply.json()

    every = routes(kitchen_id, "unused")
    for method, path, _, served, _ in every:
        if method == "GET":
            for role in sorted(served):
                call(role, method, path)
    committee = "kitchen_committee"
    call(committee, "POST", "/daily-reports", report_body(kitchen_id, "2026-09-07", 260))
    amended = {**report_body(kitchen_id, "2026-09-07", 180), "reason": "se contaron mal"}
    call(committee, "POST", "/daily-report-amendments", amended)
    for method, path, body, _, _ in every:
        if path in ("/purchases", "/surveys"):
            call(committee, method, path, body)
    today = programme_today().isoformat()
    for role in sorted(STAFF):
        call(role, "PATCH", k, {"name": f"Comedor de {role}", "decided_by": "x"})
        member = call(role, "POST", f"{k}/committee", {"full_name": f"Nueva {role}"})
        leaves = {"left_on": today, "reason": "cambio de domicilio"}
        call(role, "POST", f"{k}/committee/{member['member_id']}/leave", leaves)
        call(role, "GET", f"/subsidy-runs/preview?month={MONTH}")
        call(role, "POST", "/subsidy-runs", {"month": MONTH})
        call(
            role, "POST", "/kitchens", kitchen_registration(f"TEST-{uuid.uuid4().hex[:6].upper()}")
        )
    flag = call("supervisor", "GET", k)["open_flags"][0]["flag_id"]
    call("admin", "POST", f"{k}/flags/{flag}", {"status": "acknowledged", "reason": "visita"})
    call("supervisor", "POST", f"{k}/flags/{flag}", {"status": "closed", "reason": "visita"})
    call(
        "supervisor",
        "POST",
        f"{k}/status",
        {"status": "suspended", "reason": "x", "decided_by": "x"},
    )
    call("admin", "POST", f"{k}/status", {"status": "active", "reason": "x", "decided_by": "x"})

    # The run is also the operator's batch job: the ops token, acting for no one.
    batch = httpx.post(
        f"{base}/subsidy-runs", json={"month": MONTH}, headers=services.headers("kitchens")
    )
    assert batch.status_code == 200, batch.text
    assert httpx.get(f"{base}{k}", headers=services.headers("kitchens")).status_code == 403

    kitchen = call("ops", "GET", k)
    assert [e["kind"] for e in kitchen["purse_ledger"]] == ["purchase"]
    assert len(kitchen["surveys"]) == 1 and kitchen["status"] == "active"
    assert kitchen["name"] == "Comedor de supervisor"
