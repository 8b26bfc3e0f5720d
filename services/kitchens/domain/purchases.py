"""Whether a purchase can be paid from the kitchen's purse."""

from dataclasses import dataclass
from datetime import date

from shared.contracts.kitchens import PurchaseSubmittedV1
from shared.errors import Rejected

from .errors import Conflict, UnknownKitchen


@dataclass(frozen=True)
class PurchaseContext:
    opening_date: date
    status_on_day: str | None
    receipt_already_recorded: bool


def check_purchase(
    purchase: PurchaseSubmittedV1, kitchen: PurchaseContext | None, today: date
) -> None:
    if kitchen is None:
        raise UnknownKitchen(purchase.kitchen_id)
    if purchase.purchased_on > today:
        raise Rejected(
            "purchased_on",
            f"{purchase.purchased_on} is in the future (today is {today})",
            code="date_in_future",
            params={"day": purchase.purchased_on},
        )
    if purchase.purchased_on < kitchen.opening_date:
        raise Rejected(
            "purchased_on",
            f"{purchase.purchased_on} is before the kitchen opened ({kitchen.opening_date})",
            code="before_opening",
            params={"day": purchase.purchased_on, "opening_date": kitchen.opening_date},
        )
    if kitchen.status_on_day == "closed":
        raise Conflict(
            "purchased_on",
            f"the kitchen was closed on {purchase.purchased_on}",
            code="kitchen_closed_that_day",
            params={"day": purchase.purchased_on},
        )
    if kitchen.receipt_already_recorded:
        raise Conflict(
            "receipt_reference",
            f"receipt {purchase.receipt_reference} is already recorded for this kitchen",
            code="receipt_already_recorded",
        )
