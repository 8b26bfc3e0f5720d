"""The loop closed for every reporter: a named reporter gets a receipt too; with it, any
reporter reads the public status, the officer's questions, the answer or the rejection's
reason, replies and appeals within the window; each is an event. Nothing a reporter reads
tells whether the case was linked to an earlier one."""

import uuid

from tests.e2e.grievance_helpers import (
    call,
    case,
    case_events,
    grievances_db,
    submission,
    submit,
    transition,
)

NAMED = {"full_name": "Rosalba Itzel Cuautle", "contact": "55 8765 4321"}
ASSIGNEE = {"kind": "department", "ref": "atencion-ciudadana"}


def with_receipt(services, path: str, body: dict) -> tuple[int, dict]:
    return call(f"{services.url('grievances')}/receipts/{path}", body)


def followed(services, receipt: str) -> dict:
    status, reply = with_receipt(services, "case", {"receipt": receipt})
    assert status == 200, reply
    return reply


def worked_up_to_in_progress(services, case_id: str) -> None:
    for action, details in (
        ("acknowledge", {}),
        ("assign", {"assignee": ASSIGNEE}),
        ("start", {}),
    ):
        assert transition(services, case_id, action, **details)[0] == 200


async def test_a_named_reporter_follows_the_question_replies_and_reads_the_answer(
    infrastructure, services
):
    opened = submit(services, submission(anonymous=False, reporter=NAMED))
    receipt, case_id = opened["receipt"], opened["case_id"]
    assert len(receipt) >= 32
    worked_up_to_in_progress(services, case_id)
    question = "¿A qué hora la atendieron y quién estaba en la caja?"
    assert transition(services, case_id, "await_reporter", question=question)[0] == 200

    waiting = followed(services, receipt)
    assert waiting["status"] == "awaiting_reporter"
    assert [q["question"] for q in waiting["questions"]] == [question]
    assert waiting["answer"] is None and waiting["may_appeal"] is False

    status, reply = with_receipt(
        services, "information", {"receipt": receipt, "information": "A las 14:00, la tesorera."}
    )
    assert (status, reply) == (201, {"status": "in_progress"})
    replied = await case_events(infrastructure, case_id, 1, "grievances.reporter_replied")
    assert replied[0]["payload"]["resumed"] is True
    assert "A las 14:00" not in str(replied[0])

    answer = "Se habló con la tesorera y se le pidió atender con respeto."
    assert transition(services, case_id, "resolve", answer=answer)[0] == 200
    resolved = followed(services, receipt)
    assert (resolved["status"], resolved["answer"]) == ("resolved", answer)
    assert [r["text"] for r in resolved["replies"]] == ["A las 14:00, la tesorera."]
    assert resolved["may_appeal"] is True and resolved["appeal_until"]
    assert [t["status"] for t in resolved["timeline"]][-3:] == [
        "awaiting_reporter",
        "in_progress",
        "resolved",
    ]


async def test_a_reporter_reads_the_rejection_reason_and_appeals_within_the_window(
    infrastructure, services
):
    opened = submit(services, submission())
    receipt, case_id = opened["receipt"], opened["case_id"]
    reason = "La queja no corresponde a un comedor del programa."
    assert transition(services, case_id, "reject", reason=reason)[0] == 200
    rejected = followed(services, receipt)
    assert (rejected["status"], rejected["rejection_reason"]) == ("rejected", reason)
    closed = await case_events(infrastructure, case_id, 1, "grievances.case_closed")
    assert closed[0]["payload"]["ended_as"] == "rejected"

    status, reply = with_receipt(
        services, "appeal", {"receipt": receipt, "reason": "Sí es del programa: CDMX-IZT-0042."}
    )
    assert status == 201 and reply["status"] == "in_progress", reply
    appealed = await case_events(infrastructure, case_id, 2, "grievances.case_transitioned")
    assert (appealed[-1]["payload"]["action"], appealed[-1]["payload"]["by"]) == (
        "appeal",
        "reporter",
    )
    assert case(services, case_id)["reopen_count"] == 1
    # Nothing is decided any more: nothing to appeal.
    status, reply = with_receipt(services, "appeal", {"receipt": receipt, "reason": "Otra vez."})
    assert status == 409 and reply["detail"][0]["field"] == "action"


async def test_an_appeal_after_the_window_is_refused_naming_the_day_it_closed(
    infrastructure, services
):
    opened = submit(services, submission())
    worked_up_to_in_progress(services, opened["case_id"])
    assert transition(services, opened["case_id"], "resolve", answer="Resuelto.")[0] == 200
    conn = await grievances_db(infrastructure)
    try:
        await conn.execute(
            "UPDATE cases SET decided_on = decided_on - 40 WHERE case_id = $1",
            uuid.UUID(opened["case_id"]),
        )
    finally:
        await conn.close()
    assert followed(services, opened["receipt"])["may_appeal"] is False
    status, reply = with_receipt(
        services, "appeal", {"receipt": opened["receipt"], "reason": "No se resolvió."}
    )
    assert status == 409
    assert "30-day window to appeal closed on" in reply["detail"][0]["reason"]
    status, reply = with_receipt(services, "appeal", {"receipt": "x" * 32, "reason": "No."})
    assert (status, reply["detail"][0]["field"]) == (404, "receipt")


async def test_what_a_reporter_reads_is_the_same_whether_or_not_a_case_was_linked(services):
    reporter = {"full_name": f"Ximena Tlapa {uuid.uuid4().hex[:6]}", "contact": "55 1111 2222"}
    first = submit(services, submission(anonymous=False, reporter=reporter))
    linked = submit(services, submission(anonymous=False, reporter=reporter))
    alone = submit(
        services,
        submission(
            anonymous=False,
            reporter={"full_name": f"Otra Persona {uuid.uuid4().hex[:6]}", "contact": None},
            subject={"kind": "kitchen", "ref": "CDMX-GAM-0101"},
        ),
    )
    assert case(services, linked["case_id"])["related_case_id"] == first["case_id"]
    assert case(services, alone["case_id"])["related_case_id"] is None
    assert set(linked) == set(alone)
    seen_linked, seen_alone = (
        followed(services, linked["receipt"]),
        followed(services, alone["receipt"]),
    )
    assert set(seen_linked) == set(seen_alone)
    for seen in (seen_linked, seen_alone):
        assert first["case_id"] not in str(seen) and first["case_number"] not in str(seen)
        assert "related" not in str(seen)
