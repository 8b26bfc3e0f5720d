"""Rules for accepting an enrolment and deciding which person it belongs to.

Identity resolution across agencies arrives with the registry issue; for now an
agency record maps to one person, and resending it updates that record."""

from dataclasses import dataclass
from typing import Literal
from uuid import UUID

from shared.contracts.beneficiaries import EnrolmentSubmittedV1
from shared.errors import Rejected

from .curp import curp_format_problem


@dataclass(frozen=True)
class KnownRecord:
    enrolment_id: UUID
    person_id: UUID


@dataclass(frozen=True)
class RegistrationDecision:
    outcome: Literal["new_person", "record_updated"]
    known: KnownRecord | None


def check_enrolment(enrolment: EnrolmentSubmittedV1) -> None:
    if enrolment.ended_on is not None and enrolment.ended_on < enrolment.started_on:
        raise Rejected("ended_on", "is before started_on")
    person = enrolment.person
    if person.national_id_type == "CURP":
        if person.national_id is None:
            raise Rejected("person.national_id", "is required when national_id_type is CURP")
        problem = curp_format_problem(person.national_id.strip().upper())
        if problem:
            raise Rejected("person.national_id", problem)


def decide_registration(known: KnownRecord | None) -> RegistrationDecision:
    if known is None:
        return RegistrationDecision("new_person", None)
    return RegistrationDecision("record_updated", known)
