"""The kitchens rules behind the programme screens: reviewing a monitoring flag and the
subsidy preview."""

from datetime import date

import pytest

from services.kitchens.domain.errors import Conflict
from services.kitchens.domain.flags import check_review
from services.kitchens.domain.subsidy import KitchenMonth, Rate, preview_credits


@pytest.mark.parametrize(
    ("current", "wanted"),
    [("open", "acknowledged"), ("open", "closed"), ("acknowledged", "closed")],
)
def test_a_flag_moves_forward_to_acknowledged_and_closed(current, wanted):
    check_review(current, wanted)


@pytest.mark.parametrize(
    ("current", "wanted", "why"),
    [
        ("acknowledged", "acknowledged", "already acknowledged"),
        ("closed", "closed", "already closed"),
        ("closed", "acknowledged", "a closed flag cannot become acknowledged"),
    ],
)
def test_a_closed_flag_is_final_and_a_review_is_not_repeated(current, wanted, why):
    with pytest.raises(Conflict) as refused:
        check_review(current, wanted)
    assert refused.value.field == "status" and why in refused.value.reason


def test_the_preview_owes_each_day_at_its_rate_and_marks_what_was_credited():
    rates = [
        Rate(date(2026, 1, 1), date(2026, 8, 15), 1150),
        Rate(date(2026, 8, 16), None, 1200),
    ]
    months = [
        KitchenMonth("A", "Comedor A", {date(2026, 8, 14): 100, date(2026, 8, 17): 10}, False),
        KitchenMonth("B", "Comedor B", {date(2026, 8, 3): 50}, True),
        KitchenMonth("C", "Comedor C", {date(2026, 8, 3): 0}, False),
    ]
    previews = preview_credits(months, rates)
    assert [(p.kitchen_id, p.rations, p.amount_centavos, p.already_credited) for p in previews] == [
        ("A", 110, 100 * 1150 + 10 * 1200, False),
        ("B", 50, 50 * 1150, True),
    ], "a kitchen with no rations is not credited, so it is not previewed"
