"""Rules for accepting an enrolment before identity resolution sees it."""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from shared.contracts.beneficiaries import EnrolmentSubmittedV1
from shared.errors import Rejected

from .curp import curp_format_problem
from .names import fold, has_control_characters

OLDEST_BIRTH_DATE = date(1900, 1, 1)


@dataclass(frozen=True)
class KnownRecord:
    enrolment_id: UUID
    person_id: UUID


def _check_text(field: str, value: str | None) -> None:
    if value is not None and has_control_characters(value):
        raise Rejected(field, "contains control characters", code="control_characters")


def check_enrolment(enrolment: EnrolmentSubmittedV1, today: date) -> None:
    if enrolment.ended_on is not None and enrolment.ended_on < enrolment.started_on:
        raise Rejected("ended_on", "is before started_on", code="ends_before_start")
    person = enrolment.person
    for name in (
        "given_names",
        "paternal_surname",
        "maternal_surname",
        "municipality",
        "locality",
        "state",
        "phone",
    ):
        _check_text(f"person.{name}", getattr(person, name))
    if not fold(person.given_names):
        raise Rejected("person.given_names", "has no letters", code="no_letters")
    if not fold(person.paternal_surname) and not fold(person.maternal_surname):
        raise Rejected(
            "person.paternal_surname",
            "a person needs at least one surname",
            code="surname_required",
        )
    if not OLDEST_BIRTH_DATE <= person.birth_date <= today:
        raise Rejected(
            "person.birth_date",
            "is in the future" if person.birth_date > today else "is before 1900",
            code="date_in_future" if person.birth_date > today else "birth_date_too_early",
        )
    if person.national_id_type == "CURP":
        if person.national_id is None:
            raise Rejected(
                "person.national_id",
                "is required when national_id_type is CURP",
                code="curp_required",
            )
        problem = curp_format_problem(person.national_id.strip().upper())
        if problem:
            raise Rejected("person.national_id", problem, code="curp_malformed")
