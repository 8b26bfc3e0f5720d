"""The review task as the screen shows it: records side by side, each field
marked as agreeing or disagreeing with the record under review; and the
decision the reviewer's form sends to the registry."""

from typing import Any

from shared.contracts.match_vocabulary import MatchField, PlaceLevel, Reading, level_of, reading

# Fields of a submitted record, in the order shown, and the comparison each falls under.
FIELDS = (
    ("given_names", MatchField.GIVEN_NAMES),
    ("paternal_surname", MatchField.SURNAMES),
    ("maternal_surname", MatchField.SURNAMES),
    ("sex", MatchField.SEX),
    ("birth_date", MatchField.BIRTH_DATE),
    ("national_id", MatchField.CURP),
    ("state", MatchField.PLACE),
    ("municipality", MatchField.PLACE),
    ("phone", MatchField.PHONE),
)
_SHOWN = {Reading.AGREES: "agree", Reading.DIFFERS: "disagree", Reading.UNKNOWN: "unknown"}


def agreement(level: str | None, compared_as: MatchField, field: str = "") -> str:
    """agree / disagree / unknown, from the registry's comparison level, read with the
    registry's own vocabulary (shared/contracts/match_vocabulary.py). Place is compared as
    one: `state_only` agrees on the state and disagrees on the municipality. A level this
    console does not know (a newer registry's) says nothing either way."""
    if level is None:
        return "unknown"
    try:
        known = level_of(compared_as, level)
    except ValueError:
        return "unknown"
    if field == "municipality" and known is PlaceLevel.STATE_ONLY:
        return "disagree"
    return _SHOWN[reading(known)]


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
                    "agreement": agreement(level, compared_as, field),
                }
            )
        rows.append(
            {
                "field": field,
                "compared_as": compared_as.value,
                "value": under_review.get(field),
                "shared": "submitted_person" in task,
                "cells": cells,
            }
        )
    return rows


def decision_body(verdict: str, reason: str) -> dict[str, str] | None:
    """What the registry is told for the form's verdict, `different_people` or
    `same_person:<candidate's person id>`; None for anything else. Who decides travels in
    the call's signed assertion."""
    body = {"reason": reason}
    if verdict == "different_people":
        return {**body, "verdict": "different_people"}
    if verdict.startswith("same_person:"):
        person_id = verdict.removeprefix("same_person:")
        return {**body, "verdict": "same_person", "same_as_person_id": person_id}
    return None
