"""A case from intake to closure, reopened, with every step timestamped,
attributed, published, and visible in the console's timeline."""

import uuid
from datetime import UTC, datetime, timedelta

from deploy.local.agency_client import agency_envelope, publish_envelopes
from shared.topics import GRIEVANCE_EVENTS, GRIEVANCE_INTAKE
from tests.e2e.grievance_helpers import (
    OFFICER,
    call,
    case,
    case_events,
    grievance_officer_headers,
    officer_reads,
    submission,
    submit,
    transition,
)
from tests.e2e.test_skeleton_flows import caused_by
from tests.kafka_helpers import json_value, wait_for_records

ASSIGNEE = {"kind": "kitchen_supervisor", "ref": "CDMX-IZT-0042"}


async def test_a_case_goes_through_its_lifecycle_and_every_step_is_published(
    infrastructure, services
):
    opened = submit(services, submission())
    case_id = opened["case_id"]
    steps = [
        ("acknowledge", {}),
        ("assign", {"assignee": ASSIGNEE}),
        ("start", {}),
        ("await_reporter", {"question": "¿Qué día ocurrió?"}),
        ("resume", {}),
        ("resolve", {"answer": "Se habló con el comité y se ofreció una disculpa."}),
        ("close", {}),
        ("reopen", {"reason": "El trato no cambió."}),
        ("resolve", {"answer": "Se cambió al encargado."}),
    ]
    for action, details in steps:
        status, reply = transition(services, case_id, action, **details)
        assert status == 200, (action, reply)

    events = await case_events(infrastructure, case_id, len(steps), "grievances.case_transitioned")
    assert [e["payload"]["action"] for e in events] == [a for a, _ in steps]
    assert all(e["payload"]["by"] == OFFICER and e["payload"]["at"] for e in events)
    assert events[1]["payload"]["assignee"] == ASSIGNEE
    assert [e["payload"]["to_status"] for e in events][-3:] == ["closed", "in_progress", "resolved"]
    assert all("answer" not in e["payload"] and "reason" not in e["payload"] for e in events), (
        "free text stays in the case file"
    )

    full = case(services, case_id)
    assert full["status"] == "resolved" and full["reopen_count"] == 1
    assert full["allowed_actions"] == ["close", "reopen", "appeal"]
    assert full["answer"] == "Se cambió al encargado."
    assert [t["action"] for t in full["timeline"]] == ["receive"] + [a for a, _ in steps]
    assert full["timeline"][1]["by_whom"] == OFFICER
    assert full["timeline"][8]["detail"] == {"reason": "El trato no cambió."}


async def test_an_illegal_transition_is_refused_with_the_reason(infrastructure, services):
    case_id = submit(services, submission())["case_id"]
    status, reply = transition(services, case_id, "resolve", answer="Listo.")
    assert status == 409
    assert reply["detail"] == [
        {
            "field": "action",
            "reason": "cannot resolve a case that is received (allowed: acknowledge, reject)",
            "code": "action_not_allowed_now",
            "params": {"action": "resolve", "case_status": "received"},
        }
    ]
    status, reply = transition(services, case_id, "reject")
    assert (status, reply["detail"]) == (
        409,
        [
            {
                "field": "reason",
                "reason": "is required to reject a case",
                "code": "reason_required",
                "params": {"action": "reject"},
            }
        ],
    )
    status, reply = transition(services, case_id, "reject", reason="No corresponde al programa.")
    assert status == 200 and reply["status"] == "rejected"
    assert case(services, case_id)["rejection_reason"] == "No corresponde al programa."


async def test_commands_need_an_attributed_officer_and_valid_fields(infrastructure, services):
    case_id = submit(services, submission())["case_id"]
    url = f"{services.url('grievances')}/cases/{case_id}/transitions"
    # Acting as someone who is not a grievance officer, or naming an officer in the body.
    status, reply = call(url, {"action": "acknowledge", "officer_id": OFFICER})
    assert (status, reply["detail"]) == (
        403,
        [
            {
                "field": "X-Acting-Assertion.role",
                "reason": "moving a case needs a grievance officer",
                "code": "grievance_officer_only",
                "params": {},
            }
        ],
    )
    status, reply = call(url, {"action": "fly"}, grievance_officer_headers(url))
    assert status == 422 and reply["detail"][0]["field"] == "action" and "fly" not in str(reply)
    missing = f"{services.url('grievances')}/cases/{uuid.uuid4()}/transitions"
    status, reply = call(missing, {"action": "acknowledge"}, grievance_officer_headers(missing))
    assert (status, reply["detail"]) == (
        404,
        [{"field": "case_id", "reason": "no such case", "code": "no_such_case", "params": {}}],
    )


async def test_officers_record_phone_and_in_person_grievances(infrastructure, services):
    status, reply = call(f"{services.url('grievances')}/cases", submission(channel="phone"))
    assert (status, reply["detail"]) == (
        422,
        [
            {
                "field": "X-Acting-Assertion",
                "reason": "a phone grievance is recorded by a signed-in grievance officer",
                "code": "officer_records_this_channel",
                "params": {"channel": "phone"},
            }
        ],
    )
    opened = submit(
        services,
        submission(channel="in_person", received_at="2026-11-02T10:00:00-06:00"),
        officer=OFFICER,
    )
    recorded = case(services, opened["case_id"])
    assert recorded["intake_officer"] == OFFICER and recorded["channel"] == "in_person"
    assert recorded["received_at"].startswith("2026-11-02T16:00:00")
    assert recorded["timeline"][0]["by_whom"] == OFFICER
    status, reply = call(
        f"{services.url('grievances')}/cases", submission(received_at="2026-11-02T10:00:00-06:00")
    )
    assert status == 422 and reply["detail"][0]["field"] == "received_at"


async def test_the_console_searches_and_filters_cases(infrastructure, services):
    kitchen = f"CDMX-SRCH-{uuid.uuid4().hex[:6].upper()}"
    first = submit(
        services, submission(subject={"kind": "kitchen", "ref": kitchen}, category="hygiene")
    )
    second = submit(
        services,
        submission(
            subject={"kind": "kitchen", "ref": kitchen}, kind="proposal", category="service_quality"
        ),
    )
    transition(services, first["case_id"], "acknowledge")
    base = f"{services.url('grievances')}/cases?subject_ref={kitchen}"

    _, everything = officer_reads(base)
    assert everything["total"] == 2 and {c["case_id"] for c in everything["cases"]} == {
        first["case_id"],
        second["case_id"],
    }
    _, acknowledged = officer_reads(f"{base}&status=acknowledged")
    assert [c["case_number"] for c in acknowledged["cases"]] == [first["case_number"]]
    _, proposals = officer_reads(f"{base}&kind=proposal&limit=1")
    assert [c["case_id"] for c in proposals["cases"]] == [second["case_id"]]
    _, by_number = officer_reads(
        f"{services.url('grievances')}/cases/search", {"text": first["case_number"]}
    )
    assert [c["case_id"] for c in by_number["cases"]] == [first["case_id"]]
    assert "description" not in everything["cases"][0]


async def test_a_body_that_is_not_an_object_is_refused_without_echo(infrastructure, services):
    status, reply = call(f"{services.url('grievances')}/cases", ["Eulalia", "Zacarías"])
    assert (status, reply["detail"]) == (
        422,
        [{"field": "body", "reason": "must be a JSON object", "code": "wrong_shape", "params": {}}],
    )


async def test_a_console_resubmitting_the_same_reference_gets_the_same_case(
    infrastructure, services
):
    body = submission(channel_reference=f"WEB-FORM-{uuid.uuid4().hex[:8]}")
    first = submit(services, body)
    status, again = call(f"{services.url('grievances')}/cases", body)
    assert (status, again) == (200, {"case_number": first["case_number"], "already_open": True})


async def test_a_channel_submission_is_received_when_it_was_made_never_later_than_now(
    infrastructure, services
):
    def tablet(reference: str, occurred_at: str) -> dict:
        envelope = agency_envelope(
            event_type="grievances.grievance_submitted",
            producer="channel.kitchen_tablet",
            key=f"kitchen_tablet:{reference}",
            payload={
                "channel": "kitchen_tablet",
                "channel_reference": reference,
                "kind": "complaint",
                "category": "food_quality",
                "subject": {"kind": "kitchen", "ref": "CDMX-IZT-0042"},
                "description": "Arroz crudo.",
                "anonymous": True,
            },
        )
        return {**envelope, "occurred_at": occurred_at}

    queued, future = (
        tablet(f"TAB-{uuid.uuid4().hex[:8]}", "2024-06-03T13:00:00-06:00"),
        tablet(f"TAB-{uuid.uuid4().hex[:8]}", "2099-01-01T00:00:00Z"),
    )
    await publish_envelopes(infrastructure.kafka.operator, GRIEVANCE_INTAKE.name, [queued, future])
    [old] = await wait_for_records(
        infrastructure.kafka.operator, GRIEVANCE_EVENTS.name, caused_by(queued["event_id"])
    )
    [new] = await wait_for_records(
        infrastructure.kafka.operator, GRIEVANCE_EVENTS.name, caused_by(future["event_id"])
    )
    assert datetime.fromisoformat(json_value(old)["payload"]["received_at"]) == datetime(
        2024, 6, 3, 19, tzinfo=UTC
    )
    assert json_value(old)["payload"]["case_number"].startswith("G-2024-")
    assert datetime.fromisoformat(json_value(new)["payload"]["received_at"]) <= datetime.now(UTC)
    # Food-quality complaints are acknowledged within one working day:
    # Monday 3 June -> Tuesday 4 June.
    assert case(services, json_value(old)["payload"]["case_id"])["ack_due_on"] == "2024-06-04"


async def test_the_work_queue_lists_open_cases_by_their_next_due_date(infrastructure, services):
    kitchen = f"CDMX-COLA-{uuid.uuid4().hex[:6].upper()}"
    subject = {"kind": "kitchen", "ref": kitchen}
    recent = submit(services, submission(subject=subject))
    called_earlier = submit(
        services,
        submission(
            subject=subject,
            channel="phone",
            received_at=(datetime.now(UTC) - timedelta(days=12)).isoformat(),
        ),
        officer=OFFICER,
    )
    rejected = submit(services, submission(subject=subject, category="hygiene"))
    transition(services, rejected["case_id"], "reject", reason="No corresponde al programa.")

    _, queue = officer_reads(
        f"{services.url('grievances')}/cases?subject_ref={kitchen}&open_only=true&order=deadline"
    )
    assert [c["case_id"] for c in queue["cases"]] == [called_earlier["case_id"], recent["case_id"]]
    assert queue["cases"][0]["next_due_on"] < queue["cases"][1]["next_due_on"]
    _, newest_first = officer_reads(f"{services.url('grievances')}/cases?subject_ref={kitchen}")
    assert newest_first["cases"][0]["case_id"] == rejected["case_id"]
