"""Events of the community kitchens service."""

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from .base import EventContract, RefusalCode, RefusalParams

KITCHEN_ID_PATTERN = r"^[A-Z0-9][A-Z0-9-]{2,39}$"
KITCHEN_ID = Field(
    pattern=KITCHEN_ID_PATTERN,
    description="Kitchen code assigned by the programme.",
    examples=["CDMX-IZT-0042"],
)


class KitchenEvent(EventContract):
    """An event about one kitchen, keyed by its code so a kitchen's events stay in order."""

    kitchen_id: str = KITCHEN_ID

    def partition_key(self) -> str:
        return self.kitchen_id


class DailyReportSubmittedV1(EventContract):
    """What a kitchen's tablet reports at the end of an operating day."""

    event_type = "kitchens.daily_report_submitted"
    event_version = 1

    kitchen_id: str = KITCHEN_ID
    report_date: date
    rations_dine_in: int = Field(ge=0, le=10_000)
    rations_take_away: int = Field(ge=0, le=10_000)
    fees_collected_centavos: int = Field(ge=0, description="Recovery fees collected, in centavos.")
    beneficiary_person_ids: list[UUID] = Field(
        default_factory=list,
        max_length=1_000,
        description="Registered beneficiaries served, if known.",
    )

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
    "service_quality",
    "treatment",
    "hygiene_and_upkeep",
    "food_quality",
    "use_of_subsidy",
    "attention_to_requests",
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
    aspect_threshold: int = Field(
        ge=1, le=5, description="Threshold in force for any single aspect."
    )
    aspects_below: list[SurveyAspect] = Field(
        description="Aspects scored below the aspect threshold "
        "(may be empty when only the average is low)."
    )

    def partition_key(self) -> str:
        return self.kitchen_id


class MonitoringFlagRaisedV1(EventContract):
    """A monitoring rule fired for a kitchen, with the evidence that fired it."""

    event_type = "kitchens.monitoring_flag_raised"
    event_version = 1

    flag_id: UUID
    kitchen_id: str = KITCHEN_ID
    rule: MonitoringRule
    observed_on: date = Field(
        description="The operating day (or month end) the evidence refers to."
    )
    summary: str = Field(max_length=500, description="One sentence a supervisor can read.")
    evidence: dict[str, int | float | str | bool | None] = Field(
        description="The figures that fired the rule, and the thresholds in force."
    )

    def partition_key(self) -> str:
        return self.kitchen_id


FlagReview = Literal["acknowledged", "closed"]
Marginalisation = Literal["high", "very_high"]
KitchenStatus = Literal["active", "suspended", "closed"]
PurchaseCategory = Literal["perishable", "non_perishable", "other"]
CommitteeRole = Literal["president", "treasurer", "secretary", "member"]
TabletSubmission = Literal[
    "kitchens.daily_report_submitted",
    "kitchens.daily_report_amendment_submitted",
    "kitchens.purchase_submitted",
    "kitchens.survey_submitted",
]
Score = Annotated[int, Field(ge=1, le=5)]
CENTAVOS = Field(ge=0, le=1_000_000_000, description="An amount in integer centavos (MXN).")


class CommitteeSeat(BaseModel):
    """A committee member as events carry it: no name, only the role and the registry link."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    member_id: UUID
    role: CommitteeRole
    person_id: UUID | None = Field(
        default=None, description="Registry person id when the member is a registered beneficiary."
    )
    joined_on: date


class KitchenRegisteredV2(KitchenEvent):
    # The docstring is the frozen schema's description (docs/contracts), so its line stays whole.
    """A kitchen joined the programme with its founding committee (names stay in the kitchens service)."""  # noqa: E501

    event_type = "kitchens.kitchen_registered"
    event_version = 2

    name: str
    alcaldia: str
    colonia: str
    marginalisation: Marginalisation
    daily_capacity: int = Field(ge=150, le=350)
    opening_date: date
    committee: list[CommitteeSeat] = Field(min_length=3)


class KitchenUpdatedV1(KitchenEvent):
    """Attributes of a kitchen changed; `changes` holds the new values only."""

    event_type = "kitchens.kitchen_updated"
    event_version = 1

    changes: dict[str, str | int] = Field(description="Changed attribute → new value.")
    decided_by: str = Field(max_length=200)


class KitchenStatusChangedV1(KitchenEvent):
    event_type = "kitchens.kitchen_status_changed"
    event_version = 1

    status: KitchenStatus
    previous_status: KitchenStatus
    effective_on: date
    reason: str = Field(max_length=500)
    decided_by: str = Field(max_length=200)


class CommitteeMemberJoinedV1(KitchenEvent):
    event_type = "kitchens.committee_member_joined"
    event_version = 1

    member: CommitteeSeat
    active_members: int = Field(ge=0)


class CommitteeMemberLeftV1(KitchenEvent):
    event_type = "kitchens.committee_member_left"
    event_version = 1

    member_id: UUID
    left_on: date
    reason: str = Field(max_length=500)
    active_members: int = Field(
        ge=0, description="Below 3, the kitchen is flagged and cannot report."
    )


class DailyReportAmendmentSubmittedV1(DailyReportSubmittedV1):
    """A correction of a day already reported. The original report is kept and marked superseded."""

    event_type = "kitchens.daily_report_amendment_submitted"
    event_version = 1

    reason: str = Field(min_length=1, max_length=500, description="Why the original was wrong.")


class DailyReportAmendedV1(KitchenEvent):
    event_type = "kitchens.daily_report_amended"
    event_version = 1

    report_id: UUID
    amends_report_id: UUID
    report_date: date
    rations_total: int = Field(ge=0)
    fees_collected_centavos: int = Field(ge=0)
    beneficiary_person_ids: list[UUID] = Field(
        default_factory=list, description="Registered beneficiaries served, as corrected."
    )
    reason: str = Field(max_length=500)


class PurchaseSubmittedV1(KitchenEvent):
    """A purchase paid from the kitchen's electronic purse."""

    event_type = "kitchens.purchase_submitted"
    event_version = 1

    purchased_on: date
    supplier: str = Field(
        min_length=1, max_length=200, description="The local business that sold the supplies."
    )
    category: PurchaseCategory
    amount_centavos: int = Field(gt=0, le=100_000_000)
    receipt_reference: str = Field(min_length=1, max_length=100, description="Unique per kitchen.")


class PurchaseRecordedV1(KitchenEvent):
    event_type = "kitchens.purchase_recorded"
    event_version = 1

    purchase_id: UUID
    purchased_on: date
    supplier: str
    category: PurchaseCategory
    amount_centavos: int = Field(gt=0)
    receipt_reference: str
    purse_balance_centavos: int = Field(
        description="Purse balance after the debit; may be negative."
    )


class SubsidyCreditedV1(KitchenEvent):
    """The monthly run credited a kitchen's purse for its accepted rations of one month."""

    event_type = "kitchens.subsidy_credited"
    event_version = 1

    month: str = Field(pattern=r"^\d{4}-\d{2}$", examples=["2026-10"])
    rations: int = Field(ge=0)
    amount_centavos: int = CENTAVOS
    purse_balance_centavos: int


class SurveySubmittedV1(KitchenEvent):
    """A diner's satisfaction survey, captured on the kitchen's tablet."""

    event_type = "kitchens.survey_submitted"
    event_version = 1

    surveyed_on: date
    scores: dict[SurveyAspect, Score] = Field(description="Score 1-5 for each of the six aspects.")
    comment: str = Field(
        default="", max_length=2_000, description="Free text; kept in the service, never published."
    )


class SurveyRecordedV1(KitchenEvent):
    event_type = "kitchens.survey_recorded"
    event_version = 1

    survey_id: UUID
    surveyed_on: date
    average_score: float = Field(ge=1, le=5)


class SubmissionRejectedV1(KitchenEvent):
    """A tablet's submission broke a programme rule. The envelope's correlation id
    is the submission's event id, so the tablet can show the reason next to it."""

    event_type = "kitchens.submission_rejected"
    event_version = 1

    submission_type: TabletSubmission
    submission_event_id: UUID
    field: str = Field(description="The field that broke the rule, e.g. `report_date`.")
    reason: str = Field(max_length=1_000)


class SubmissionRejectedV2(SubmissionRejectedV1):
    """v1 with the rule's machine code and parameters, so the tablet tells the refusal in
    the committee's language (amounts in pesos, days in words)."""

    event_version = 2

    code: RefusalCode
    params: RefusalParams = Field(default_factory=dict)


class MonitoringFlagReviewedV1(KitchenEvent):
    """Programme staff acknowledged a monitoring flag (it is being looked into) or closed it,
    with the reason; a closed flag no longer counts as open."""

    event_type = "kitchens.monitoring_flag_reviewed"
    event_version = 1

    flag_id: UUID
    rule: MonitoringRule
    status: FlagReview
    previous_status: Literal["open", "acknowledged"]
    reason: str = Field(max_length=500)
    decided_by: str = Field(max_length=200)
