"""What the case file sums up from what the registry returns."""

from typing import Any


def meals_summary(meals: list[dict[str, Any]]) -> dict[str, Any] | None:
    """How many meals, at how many kitchens, the last one when; None when she had none."""
    if not meals:
        return None
    return {
        "n": len(meals),
        "kitchens": len({m["kitchen_id"] for m in meals}),
        "last": max(m["served_on"] for m in meals),
    }
