"""What people ask of the registry through the console. Plain data, validated on arrival."""

from datetime import date
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.kitchens import (
    KITCHEN_ID,
    CommitteeRole,
    FlagReview,
    KitchenStatus,
    Marginalisation,
)


class Command(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NewMember(Command):
    full_name: str = Field(min_length=1, max_length=200)
    role: CommitteeRole = "member"
    person_id: UUID | None = Field(
        default=None,
        description="Registry person id, when the neighbour is a registered beneficiary.",
    )
    joined_on: date | None = Field(
        default=None,
        description="Defaults to the kitchen's opening date, or today for later members.",
    )


class RegisterKitchen(Command):
    kitchen_id: str = KITCHEN_ID
    name: str = Field(min_length=1, max_length=200)
    alcaldia: str = Field(min_length=1, max_length=100)
    colonia: str = Field(min_length=1, max_length=200)
    marginalisation: Marginalisation = "high"
    daily_capacity: int = Field(ge=150, le=350, description="Decided by the committee.")
    opening_date: date
    committee: list[NewMember]
    decided_by: str = Field(default="console", min_length=1, max_length=200)


class UpdateKitchen(Command):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    alcaldia: str | None = Field(default=None, min_length=1, max_length=100)
    colonia: str | None = Field(default=None, min_length=1, max_length=200)
    marginalisation: Marginalisation | None = None
    daily_capacity: int | None = Field(default=None, ge=150, le=350)
    decided_by: str = Field(min_length=1, max_length=200)

    def changes(self) -> dict[str, str | int]:
        return self.model_dump(exclude_none=True, exclude={"decided_by"})


class ChangeStatus(Command):
    status: KitchenStatus
    reason: str = Field(min_length=1, max_length=500)
    decided_by: str = Field(min_length=1, max_length=200)
    effective_on: date | None = Field(default=None, description="Defaults to today.")


class MemberLeaves(Command):
    left_on: date
    reason: str = Field(min_length=1, max_length=500)
    unavoidable: bool = Field(
        default=False,
        description=(
            "Death or moving away: recorded even below the minimum, and the kitchen is flagged."
        ),
    )


class ReviewFlag(Command):
    status: FlagReview
    reason: str = Field(min_length=1, max_length=500)
    decided_by: str = Field(default="console", min_length=1, max_length=200)
