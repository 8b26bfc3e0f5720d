"""An entry sent again under the tablet's id for it: the same entry is answered with the
first result, anything else under that id is refused."""

import uuid
from datetime import date

import pytest

from services.kitchens.domain.entries import RecordedEntry, entry_of, first_result
from services.kitchens.domain.errors import Conflict
from shared.contracts.kitchens import PurchaseSubmittedV1, SurveySubmittedV1
from tests.kitchen_surveys import SCORES

ENTRY_ID = uuid.uuid4()


def purchase(amount: int = 45_050) -> PurchaseSubmittedV1:
    return PurchaseSubmittedV1(
        kitchen_id="K-1",
        purchased_on=date(2026, 11, 19),
        supplier="Tortillería La Güera",
        category="perishable",
        amount_centavos=amount,
        receipt_reference="T-1",
    )


def recorded_as(kind: str, submission) -> RecordedEntry:
    first = entry_of(kind, submission, ENTRY_ID)
    return RecordedEntry(first.kind, first.fingerprint, uuid.uuid4())


def test_the_same_entry_sent_again_is_answered_with_the_first_result():
    recorded = recorded_as("purchase", purchase())
    again = entry_of("purchase", purchase(), ENTRY_ID)
    assert (again.kitchen_id, again.entry_id) == ("K-1", ENTRY_ID)
    assert first_result(again, recorded) == recorded.result_id


def test_the_order_the_scores_were_written_in_makes_no_other_entry():
    def survey(scores: dict[str, int]) -> SurveySubmittedV1:
        return SurveySubmittedV1(kitchen_id="K-1", surveyed_on=date(2026, 11, 19), scores=scores)

    recorded = recorded_as("survey", survey(SCORES))
    reversed_scores = dict(reversed(list(SCORES.items())))
    assert first_result(entry_of("survey", survey(reversed_scores), ENTRY_ID), recorded) == (
        recorded.result_id
    )


@pytest.mark.parametrize(
    ("kind", "submission"),
    [("purchase", purchase(amount=45_051)), ("survey", purchase())],
)
def test_an_id_used_again_for_another_entry_is_refused_not_answered_with_the_first(
    kind, submission
):
    recorded = recorded_as("purchase", purchase())
    with pytest.raises(Conflict) as refused:
        first_result(entry_of(kind, submission, ENTRY_ID), recorded)
    assert refused.value.field == "header.idempotency-key"
