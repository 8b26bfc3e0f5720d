"""The enrolment form's rules, without I/O: what the form sends the registry, and its answer
as the explanation template reads a decision."""

from collections.abc import Mapping
from typing import Any
from uuid import UUID

# The registry's benefit types the case file puts in words (labels: benefit.<type>).
BENEFIT_TYPES = ("food_basket", "food_voucher", "violence_support", "training")
# As on a CURP (labels: sex.<code>).
SEXES = ("M", "H", "X")
PERSON_FIELDS = (
    "given_names",
    "paternal_surname",
    "maternal_surname",
    "sex",
    "birth_date",
    "national_id",
    "state",
    "municipality",
    "phone",
)
RECORD_FIELDS = ("agency_record_id", "programme", "benefit_type", "started_on")
LONGEST = 200
# A record id the console makes: the contract's own field, prefixed so an agency's people can
# tell it from their file numbers.
CONSOLE_RECORD = "consola-{form_id}"


def form_values(form: Mapping[str, Any]) -> dict[str, Any]:
    """What was typed, trimmed, kept to show back on a refused form."""
    values: dict[str, Any] = {
        name: str(form.get(name, ""))[:LONGEST].strip() for name in PERSON_FIELDS + RECORD_FIELDS
    }
    values["consent_to_share"] = form.get("consent_to_share") == "yes"
    return values


def _or_none(value: str) -> str | None:
    return value or None


def enrolment_body(values: Mapping[str, Any], agency: str, form_id: UUID) -> dict[str, Any]:
    """The contract's EnrolmentSubmittedV1 for the acting caseworker's agency. An empty
    optional field is absent, not an empty string; a CURP is read in upper case."""
    curp = values["national_id"].replace(" ", "").upper()
    person: dict[str, Any] = {name: _or_none(values[name]) for name in PERSON_FIELDS}
    person.update(
        given_names=values["given_names"],
        sex=values["sex"],
        birth_date=values["birth_date"],
        national_id=curp or None,
        national_id_type="CURP" if curp else None,
        consent_to_share=bool(values["consent_to_share"]),
    )
    return {
        "agency": agency,
        "agency_record_id": values["agency_record_id"] or CONSOLE_RECORD.format(form_id=form_id),
        "programme": values["programme"],
        "benefit_type": values["benefit_type"],
        "started_on": values["started_on"],
        "person": person,
    }


def shown_decision(reply: Mapping[str, Any]) -> dict[str, Any]:
    """The registry's answer as _explanation.html reads a stored decision."""
    explanation = reply.get("explanation") or {}
    return {
        "outcome": reply["decision"],
        "reason": explanation.get("reason"),
        "decided_by": explanation.get("decided_by") or "registry",
        "explanation": explanation or None,
    }
