"""The bodies of the registry's HTTP commands: what is decided or recorded. Who decides
or records is the account the console's verified assertion names, never a field of the
body (one sent is ignored)."""

from datetime import date
from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from ..domain.follow_up import TrainingKind


class Reasoned(BaseModel):
    reason: str = Field(min_length=1, max_length=2_000)


class MergeRequest(Reasoned):
    absorbed_person_id: UUID


class ReviewDecision(Reasoned):
    verdict: Literal["same_person", "different_people"]
    same_as_person_id: UUID | None = Field(
        default=None, description="For same_person: which candidate."
    )


class PersonSearch(BaseModel):
    """Who is looked for: any of a name, a CURP, a birth date (at least one)."""

    name: str | None = Field(
        default=None,
        max_length=200,
        description="Any of the names; accents and typos are tolerated.",
    )
    curp: str | None = Field(default=None, max_length=18)
    birth_date: date | None = None
    limit: int = Field(default=20, ge=1, le=100)


class Training(BaseModel):
    kind: TrainingKind
    title: str = Field(min_length=1, max_length=200)
    attended_on: date
    hours: Decimal = Field(gt=0, le=500, decimal_places=1)


class ElcsaAssessment(BaseModel):
    assessed_on: date
    with_minors: bool = Field(description="Households with minors answer 15 items, without 8.")
    answers: list[bool] = Field(
        min_length=8, max_length=15, description="The ELCSA items in order; true = yes."
    )


class Graduation(BaseModel):
    graduated_on: date


class Note(BaseModel):
    body: str = Field(min_length=1, max_length=10_000)


class ProtectionDecision(BaseModel):
    protected: bool = Field(description="true protects her; false lifts her protection.")
    reason: str = Field(min_length=1, max_length=2_000, description="Why, for the record.")
