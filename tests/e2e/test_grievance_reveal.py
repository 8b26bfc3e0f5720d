"""A named reporter's identity takes two identity-reveal officers: one asks with a reason,
a different one approves, and only then is it shown, once, to the one who asked. The
attacks: one officer revealing alone (as the old single-step route allowed), approving
her own request, another role approving, the approver reading it, a second showing."""

from tests.e2e.grievance_helpers import OFFICER, as_officer, call, submission, submit
from tests.http_auth import acting_headers

REPORTER = {"full_name": "Leocadia Yáñez Ortigoza", "contact": "leocadia.yo@example.org"}
ASKER, APPROVER = "custodia.rebeca-luna", "custodia.tomas-arce"


def named_case(services) -> str:
    return submit(
        services, submission(channel="phone", anonymous=False, reporter=REPORTER), officer=OFFICER
    )["case_id"]


async def test_one_officer_alone_cannot_reveal_a_reporter(infrastructure, services):
    case_id = named_case(services)
    old_route = f"{services.url('grievances')}/cases/{case_id}/reporter-identity"
    status, reply = call(
        old_route,
        {"reason": "Citatorio 1/2026"},
        # The old route also wanted the officer named in a header of its own.
        {
            **acting_headers(old_route, user=ASKER, role="identity_reveal_officer"),
            "X-Officer-Id": ASKER,
        },
    )
    assert status in (404, 405) and "Leocadia" not in str(reply)

    requests = f"/cases/{case_id}/reveal-requests"
    status, asked = as_officer(services, requests, ASKER, {"reason": "Citatorio de la FGR 9/2026"})
    assert (status, asked["status"]) == (201, "pending")
    shown = f"{requests}/{asked['request_id']}/identity"
    decision = f"{requests}/{asked['request_id']}/decision"

    status, reply = as_officer(services, shown, ASKER, {})
    assert status == 409 and "awaits another officer" in str(reply)
    status, reply = as_officer(services, decision, ASKER, {"decision": "approved"})
    assert status == 403 and "own request" in str(reply), "approving one's own request"
    status, reply = as_officer(
        services, decision, OFFICER, {"decision": "approved"}, role="grievance_officer"
    )
    assert status == 403, "a grievance officer is not an identity-reveal officer"
    status, reply = as_officer(
        services, requests, OFFICER, {"reason": "curiosidad"}, role="grievance_officer"
    )
    assert status == 403
    unnamed = f"{services.url('grievances')}{requests}"
    status, reply = call(
        unnamed, {"reason": "Sin cuenta"}, acting_headers(unnamed, role="identity_reveal_officer")
    )
    # A step by the calling service itself, with no officer's account: its assertion names no
    # one, so the service refuses it before any route runs.
    assert (status, reply["detail"][0]["field"]) == (401, "X-Acting-Assertion.sub"), reply

    status, reply = as_officer(services, decision, APPROVER, {"decision": "approved"})
    assert (status, reply["status"]) == (200, "approved")
    status, reply = as_officer(services, decision, "custodia.otra", {"decision": "declined"})
    assert status == 409, "a decision stands"
    status, reply = as_officer(services, shown, APPROVER, {})
    assert status == 403 and "Leocadia" not in str(reply), "the approver is not shown it"

    status, identity = as_officer(services, shown, ASKER, {})
    assert (status, identity) == (200, REPORTER)
    status, reply = as_officer(services, shown, ASKER, {})
    assert status == 409 and "Leocadia" not in str(reply), "shown once"

    status, audit = as_officer(services, requests, APPROVER)
    assert status == 200
    assert [
        (a["requested_by"], a["reason"], a["decision"], a["decided_by"], bool(a["shown_at"]))
        for a in audit
    ] == [(ASKER, "Citatorio de la FGR 9/2026", "approved", APPROVER, True)]
    status, reveals = as_officer(services, f"/cases/{case_id}/reporter-identity/reveals", ASKER)
    assert [(r["revealed_by"], r["approved_by"], r["role"]) for r in reveals] == [
        (ASKER, APPROVER, "identity_reveal_officer")
    ]
    status, _ = as_officer(services, requests, OFFICER, role="grievance_officer")
    assert status == 403, "the reasons are for the reveal officers and auditors"


async def test_a_declined_request_reveals_nothing_and_pending_ones_are_listed(
    infrastructure, services
):
    case_id = named_case(services)
    requests = f"/cases/{case_id}/reveal-requests"
    _, asked = as_officer(services, requests, ASKER, {"reason": "Solicitud sin sustento"})
    status, pending = as_officer(services, "/reveal-requests", APPROVER)
    assert status == 200
    waiting = [p for p in pending if p["request_id"] == asked["request_id"]]
    assert [(p["case_id"], p["requested_by"]) for p in waiting] == [(case_id, ASKER)]
    assert waiting[0]["case_number"].startswith("G-")

    decision = f"{requests}/{asked['request_id']}/decision"
    status, _ = as_officer(services, decision, APPROVER, {"decision": "declined"})
    assert status == 200
    status, reply = as_officer(services, f"{requests}/{asked['request_id']}/identity", ASKER, {})
    assert status == 409 and "declined" in str(reply) and "Leocadia" not in str(reply)
    _, pending = as_officer(services, "/reveal-requests", APPROVER)
    assert asked["request_id"] not in str(pending)

    anonymous = submit(services, submission())["case_id"]
    status, _ = as_officer(
        services, f"/cases/{anonymous}/reveal-requests", ASKER, {"reason": "Citatorio"}
    )
    assert status == 404
