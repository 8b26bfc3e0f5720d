"""Events of the community kitchens service."""

from datetime import date
from uuid import UUID

from pydantic import Field

from .base import EventContract

KITCHEN_ID = Field(
    pattern=r"^[A-Z0-9][A-Z0-9-]{2,39}$",
    description="Kitchen code assigned by the programme.",
    examples=["CDMX-IZT-0042"],
)


class DailyReportSubmittedV1(EventContract):
    """What a kitchen's tablet reports at the end of an operating day."""

    event_type = "kitchens.daily_report_submitted"
    event_version = 1

    kitchen_id: str = KITCHEN_ID
    report_date: date
    rations_dine_in: int = Field(ge=0, le=10_000)
    rations_take_away: int = Field(ge=0, le=10_000)
    fees_collected_centavos: int = Field(ge=0, description="Recovery fees collected, in centavos.")
    beneficiary_person_ids: list[UUID] = Field(default_factory=list, max_length=1_000, description="Registered beneficiaries served, if known.")

    def partition_key(self) -> str:
        return self.kitchen_id


class DailyReportAcceptedV1(EventContract):
    event_type = "kitchens.daily_report_accepted"
    event_version = 1

    report_id: UUID
    kitchen_id: str = KITCHEN_ID
    report_date: date
    rations_total: int = Field(ge=0)
    fees_collected_centavos: int = Field(ge=0)
    beneficiary_person_ids: list[UUID] = Field(default_factory=list)

    def partition_key(self) -> str:
        return self.kitchen_id


class KitchenRegisteredV1(EventContract):
    event_type = "kitchens.kitchen_registered"
    event_version = 1

    kitchen_id: str = KITCHEN_ID
    name: str
    alcaldia: str
    colonia: str
    daily_capacity: int = Field(ge=150, le=350)

    def partition_key(self) -> str:
        return self.kitchen_id
