"""Purse rules: the ledger always balances, the subsidy follows the rate in force,
purchases are checked."""

from datetime import date

import pytest

from services.kitchens.domain.errors import Conflict, UnknownKitchen
from services.kitchens.domain.ledger import (
    Posting,
    Unbalanced,
    balanced,
    purchase_debit,
    purse,
    subsidy_credit,
)
from services.kitchens.domain.monitoring import negative_purse_flag, spending_outliers
from services.kitchens.domain.purchases import PurchaseContext, check_purchase
from services.kitchens.domain.subsidy import (
    NoRateInForce,
    Rate,
    month_start,
    month_subsidy,
    next_month,
)
from shared.contracts.kitchens import PurchaseSubmittedV1
from shared.errors import Rejected


def test_subsidy_and_purchase_postings_balance():
    for postings in (subsidy_credit("K-001", 1_234_567), purchase_debit("K-001", 98_765)):
        assert sum(p.amount_centavos for p in postings) == 0
    assert (
        dict((p.account, p.amount_centavos) for p in subsidy_credit("K-001", 500))[purse("K-001")]
        == 500
    )
    assert (
        dict((p.account, p.amount_centavos) for p in purchase_debit("K-001", 300))[purse("K-001")]
        == -300
    )


@pytest.mark.parametrize(
    "postings",
    [
        (Posting("a", 100), Posting("b", -99)),
        (Posting("a", 1.5), Posting("b", -1.5)),
        (Posting("a", 0), Posting("b", 0)),
    ],
)
def test_an_unbalanced_or_fractional_transaction_is_refused(postings):
    with pytest.raises(Unbalanced):
        balanced(*postings)


RATES = [Rate(date(2026, 1, 1), date(2026, 10, 15), 1150), Rate(date(2026, 10, 16), None, 1200)]


def test_a_rate_change_mid_month_applies_from_its_first_day():
    rations = {
        date(2026, 10, 14): 200,
        date(2026, 10, 15): 180,
        date(2026, 10, 16): 190,
        date(2026, 10, 19): 210,
    }
    assert month_subsidy(rations, RATES) == (200 + 180) * 1150 + (190 + 210) * 1200


def test_a_day_without_a_rate_in_force_is_an_error_not_a_zero():
    with pytest.raises(NoRateInForce, match="2025-12-31"):
        month_subsidy({date(2025, 12, 31): 100}, RATES)


def test_months_roll_over_the_year():
    assert month_start("2026-12") == date(2026, 12, 1)
    assert next_month(date(2026, 12, 1)) == date(2027, 1, 1)
    assert next_month(date(2026, 1, 1)) == date(2026, 2, 1)


@pytest.mark.parametrize("month", ["0000-01", "9999-12"])
def test_a_month_at_the_ends_of_the_calendar_is_refused_not_a_crash(month):
    with pytest.raises(Rejected) as refusal:
        month_start(month)
    assert refusal.value.field == "month"


def purchase(**overrides) -> PurchaseSubmittedV1:
    values = {
        "kitchen_id": "K-001",
        "purchased_on": date(2026, 11, 20),
        "supplier": "Recaudería Lupita",
        "category": "perishable",
        "amount_centavos": 45_000,
        "receipt_reference": "R-1",
        **overrides,
    }
    return PurchaseSubmittedV1(**values)


OPEN = PurchaseContext(date(2026, 1, 5), "active", receipt_already_recorded=False)


@pytest.mark.parametrize(
    ("submitted", "kitchen", "refusal", "field", "words"),
    [
        (purchase(), None, UnknownKitchen, "kitchen_id", "no kitchen K-001"),
        (
            purchase(purchased_on=date(2026, 11, 21)),
            OPEN,
            Rejected,
            "purchased_on",
            "is in the future",
        ),
        (
            purchase(purchased_on=date(2025, 12, 1)),
            OPEN,
            Rejected,
            "purchased_on",
            "before the kitchen opened",
        ),
        (
            purchase(),
            PurchaseContext(date(2026, 1, 5), "closed", False),
            Conflict,
            "purchased_on",
            "closed on 2026-11-20",
        ),
        (
            purchase(),
            PurchaseContext(date(2026, 1, 5), "active", True),
            Conflict,
            "receipt_reference",
            "R-1 is already recorded",
        ),
    ],
)
def test_a_purchase_is_refused_with_its_reason(submitted, kitchen, refusal, field, words):
    with pytest.raises(refusal) as caught:
        check_purchase(submitted, kitchen, today=date(2026, 11, 20))
    assert (caught.value.field, words in caught.value.reason) == (field, True)


def test_a_purchase_needs_a_positive_amount_and_a_known_category():
    with pytest.raises(ValueError, match="amount_centavos"):
        purchase(amount_centavos=0)
    with pytest.raises(ValueError, match="category"):
        purchase(category="alcohol")


def test_a_negative_purse_is_flagged_with_the_balance():
    flag = negative_purse_flag(date(2026, 11, 20), -1_500, 45_000)
    assert (
        flag.rule == "negative_purse_balance" and flag.evidence["purse_balance_centavos"] == -1_500
    )
    assert negative_purse_flag(date(2026, 11, 20), 0, 45_000) is None


def test_spending_per_ration_far_from_the_peers_is_flagged():
    parameters = {"spending_outlier_factor": 2, "spending_outlier_min_peers": 3}
    flags = spending_outliers(
        date(2026, 10, 31),
        {"A": 900.0, "B": 1000.0, "C": 1100.0, "D": 2500.0, "E": 400.0},
        parameters,
    )
    assert sorted(flags) == ["D", "E"]
    assert flags["D"].evidence["peer_median"] == 1000.0
    assert spending_outliers(date(2026, 10, 31), {"A": 10.0, "B": 1000.0}, parameters) == {}
