"""Events of the community kitchens service."""

from datetime import date
from typing import Literal
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


SurveyAspect = Literal[
    "service_quality", "treatment", "hygiene_and_upkeep", "food_quality", "use_of_subsidy", "attention_to_requests",
]

MonitoringRule = Literal[
    "rations_above_capacity",
    "report_on_non_operating_day",
    "repeated_count",
    "sudden_jump",
    "spending_per_ration_outlier",
    "negative_purse_balance",
    "committee_below_minimum",
]


class SurveyBelowThresholdV1(EventContract):
    """A satisfaction survey scored a kitchen below the configured threshold,
    on average or on one aspect. The grievances service opens a non-conformity."""

    event_type = "kitchens.survey_below_threshold"
    event_version = 1

    survey_id: UUID
    kitchen_id: str = KITCHEN_ID
    surveyed_on: date
    scores: dict[SurveyAspect, int] = Field(description="Score 1-5 per aspect.")
    average_score: float = Field(ge=1, le=5)
    average_threshold: float = Field(ge=1, le=5, description="Threshold in force for the average.")
    aspect_threshold: int = Field(ge=1, le=5, description="Threshold in force for any single aspect.")
    aspects_below: list[SurveyAspect] = Field(description="Aspects scored below the aspect threshold (may be empty when only the average is low).")

    def partition_key(self) -> str:
        return self.kitchen_id


class MonitoringFlagRaisedV1(EventContract):
    """A monitoring rule fired for a kitchen, with the evidence that fired it."""

    event_type = "kitchens.monitoring_flag_raised"
    event_version = 1

    flag_id: UUID
    kitchen_id: str = KITCHEN_ID
    rule: MonitoringRule
    observed_on: date = Field(description="The operating day (or month end) the evidence refers to.")
    summary: str = Field(max_length=500, description="One sentence a supervisor can read.")
    evidence: dict[str, int | float | str | bool | None] = Field(description="The figures that fired the rule, and the thresholds in force.")

    def partition_key(self) -> str:
        return self.kitchen_id
