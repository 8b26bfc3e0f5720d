"""The comparison table's wrong merges are counted by kind of designed
look-alike, and the rest apart."""

from datetime import date

from shared.contracts.beneficiaries import EnrolmentSubmittedV1, PersonDetails
from tests.benchmarks.pairwise import pair_scores
from tests.benchmarks.side_by_side import accepted, wrong_merges
from tests.benchmarks.synthetic_registry import SyntheticRecord


def record(truth: int, lookalike: tuple[str, int] | None = None, curp: str | None = None):
    person = PersonDetails(
        given_names="ANA",
        paternal_surname="LOPEZ",
        sex="M",
        birth_date=date(1980, 5, 5),
        national_id=curp,
        national_id_type="CURP" if curp else None,
        consent_to_share=True,
    )
    enrolment = EnrolmentSubmittedV1(
        agency="a",
        agency_record_id=str(truth),
        programme="p",
        benefit_type="b",
        started_on=date(2024, 1, 1),
        person=person,
    )
    return SyntheticRecord(truth, enrolment, (), lookalike)


def test_wrong_merges_are_counted_by_kind_of_look_alike_and_the_rest_apart():
    records = [
        record(1, ("twins", 1)),
        record(1, ("twins", 1)),
        record(2, ("twins", 1)),
        record(3, ("namesakes", 3)),
        record(4, ("namesakes", 3)),
        record(5, ("namesakes", 3)),
        record(6),
        record(7),
    ]
    # Both twins in one cluster; two of three namesakes; two ordinary persons together.
    predicted = {0: "t", 1: "t", 2: "t", 3: "n", 4: "n", 5: "x", 6: "o", 7: "o"}
    scores = pair_scores({i: r.truth for i, r in enumerate(records)}, predicted)
    wrong = wrong_merges(records, predicted, scores)
    assert wrong == {"twins": 2, "namesakes": 1, "mother_daughter": 0, "other": 1}


def test_records_the_intake_rejects_are_left_out():
    good, bad = record(1), record(2, curp="LOPA800505MJCPNN0X")
    assert accepted([good, bad], date(2026, 1, 1)) == [good]
