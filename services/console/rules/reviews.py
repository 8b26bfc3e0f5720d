"""The review task as the screen shows it: records side by side, each field
marked as agreeing or disagreeing with the record under review; and the
decision the reviewer's form sends to the registry."""

from typing import Any

# Fields of a submitted record, in the order shown, and the comparison each falls under.
FIELDS = (
    ("given_names", "given_names"),
    ("paternal_surname", "surnames"),
    ("maternal_surname", "surnames"),
    ("sex", "sex"),
    ("birth_date", "birth_date"),
    ("national_id", "curp"),
    ("state", "place"),
    ("municipality", "place"),
    ("phone", "phone"),
)
_DISAGREE = {"different", "disagree", "one_differs"}
_UNKNOWN = {"missing", "one_missing"}


def agreement(level: str | None, field: str = "") -> str:
    """agree / disagree / unknown, from the registry's comparison level (exact, similar,
    swapped, …). Place is compared as one: `state_only` agrees on the state and disagrees on
    the municipality."""
    if level is None or level in _UNKNOWN:
        return "unknown"
    if field == "municipality" and level == "state_only":
        return "disagree"
    return "disagree" if level in _DISAGREE else "agree"


def side_by_side(task: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per field: the record under review's value and, per candidate, its value, level
    and agreement."""
    rows = []
    under_review = task.get("submitted_person") or {}
    for field, compared_as in FIELDS:
        cells = []
        for candidate in task["candidates"]:
            record = (candidate.get("record") or {}).get("submitted_person")
            level = candidate["comparison"].get(compared_as)
            cells.append(
                {
                    "value": None if record is None else record.get(field),
                    "shared": record is not None,
                    "level": level,
                    "agreement": agreement(level, field),
                }
            )
        rows.append(
            {
                "field": field,
                "value": under_review.get(field),
                "shared": "submitted_person" in task,
                "cells": cells,
            }
        )
    return rows


def decision_body(verdict: str, decided_by: str, reason: str) -> dict[str, str] | None:
    """What the registry is told for the form's verdict, `different_people` or
    `same_person:<candidate's person id>`; None for anything else."""
    body = {"decided_by": decided_by, "reason": reason}
    if verdict == "different_people":
        return {**body, "verdict": "different_people"}
    if verdict.startswith("same_person:"):
        person_id = verdict.removeprefix("same_person:")
        return {**body, "verdict": "same_person", "same_as_person_id": person_id}
    return None
