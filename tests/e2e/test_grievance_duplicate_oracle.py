"""Linking a repeated complaint to an earlier one is for officers only: nobody outside,
by submitting guesses, may learn who reported what. The attack: file a named complaint
about a kitchen with a guessed name and contact, and watch the reply and the public
report for a difference between a wrong guess and the true reporter."""

from datetime import date

from tests.e2e.grievance_helpers import OFFICER, call, case, submission, submit

KITCHEN = {"kind": "kitchen", "ref": "CDMX-GAM-0917"}
TRUE_REPORTER = {"full_name": "Rosalba Itzel Cuautle", "contact": "55 8120 4477"}
WRONG_GUESS = {"full_name": "Rosalba Itzel Cuautle", "contact": "55 8120 4478"}


def public_report(services) -> dict:
    today = date.today()
    status, report = call(
        f"{services.url('grievances')}/reports/quarterly"
        f"?year={today.year}&quarter={(today.month - 1) // 3 + 1}"
    )
    assert status == 200, report
    return report


def guess(services, reporter: dict) -> dict:
    return submit(
        services,
        submission(
            subject=KITCHEN,
            anonymous=False,
            reporter=reporter,
            description="Reporto lo mismo que mi vecina: cobran la comida.",
        ),
    )


async def test_a_guessed_reporter_changes_nothing_a_submitter_or_the_public_sees(
    infrastructure, services
):
    reported = submit(
        services,
        submission(
            channel="phone",
            subject=KITCHEN,
            anonymous=False,
            reporter=TRUE_REPORTER,
            description="La encargada cobra la comida que es gratuita.",
        ),
        officer=OFFICER,
    )
    # Enough cases this quarter for the report to show its total.
    for _ in range(5):
        submit(services, submission(subject=KITCHEN))

    before = public_report(services)
    wrong = guess(services, WRONG_GUESS)
    after_wrong = public_report(services)
    right = guess(services, TRUE_REPORTER)
    after_right = public_report(services)

    assert before["cases"] is not None
    assert after_wrong["cases"] == before["cases"] + 1
    assert after_right["cases"] == after_wrong["cases"] + 1, (
        "the true reporter's name must count like any other submission"
    )
    assert sorted(wrong) == sorted(right) == ["case_id", "case_number", "receipt"]
    assert str(reported["case_id"]) not in str(right)

    # Officers still see the link.
    assert case(services, right["case_id"])["related_case_id"] == reported["case_id"]
    assert case(services, wrong["case_id"])["related_case_id"] is None


async def test_a_receipt_holder_cannot_tell_a_linked_case_from_any_other(infrastructure, services):
    subject = {"kind": "person", "ref": "P-55120"}
    first = submit(services, submission(subject=subject))
    linked = submit(services, submission(subject=subject, earlier_receipt=first["receipt"]))
    alone = submit(services, submission(subject={"kind": "person", "ref": "P-55121"}))
    assert sorted(linked) == sorted(alone) == ["case_id", "case_number", "receipt"]

    follow = f"{services.url('grievances')}/receipts/case"
    _, followed_linked = call(follow, {"receipt": linked["receipt"]})
    _, followed_alone = call(follow, {"receipt": alone["receipt"]})
    assert sorted(followed_linked) == sorted(followed_alone)
    assert first["case_id"] not in str(followed_linked)
    assert case(services, linked["case_id"])["related_case_id"] == first["case_id"]
