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


def overlaps_told(person: dict[str, Any]) -> list[dict[str, Any]]:
    """Each support overlap with the records it names: both (None for one that is
    no longer hers) or, when the other was not shared with the reader, her
    agency's own alone."""
    records = {e["enrolment_id"]: e for e in person["enrolments"]}
    told = []
    for overlap in person["support_overlaps"]:
        if overlap["details_shared"]:
            named = [overlap["enrolment_a"], overlap["enrolment_b"]]
        else:
            named = [overlap["enrolment_id"]]
        told.append({**overlap, "records": [records.get(i) for i in named]})
    return told
