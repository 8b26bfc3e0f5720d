"""What the case file sums up from what the registry returns, and the reasons it was opened for."""

import json
from collections.abc import Mapping
from typing import Any

# The reasons ride in the signed session cookie, which a browser drops beyond 4,096 bytes: the
# newest are kept within this many characters of JSON (escaped to ASCII, as the cookie holds it).
REASONS_BUDGET = 1_500


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


def remember_reason(
    reasons: Mapping[str, str], person_id: str, reason: str, budget: int = REASONS_BUDGET
) -> dict[str, str]:
    """The reasons for the case files opened in this session with `person_id`'s as the newest;
    the oldest are forgotten (their file asks again) when they no longer fit `budget`."""
    kept = {opened: why for opened, why in reasons.items() if opened != person_id}
    kept[person_id] = reason
    while len(kept) > 1 and len(json.dumps(kept)) > budget:
        del kept[next(iter(kept))]
    return kept
