"""Every topic the system uses, with its partition count and its contracts.

Topics are created explicitly (auto-creation is off on our brokers), each with
a `.dlq` twin that receives what its consumers could not apply."""

from dataclasses import dataclass

from .contracts.base import ContractRegistry, EventContract
from .contracts.beneficiaries import (
    EnrolmentRegisteredV1,
    EnrolmentRegisteredV2,
    EnrolmentRejectedV1,
    EnrolmentSubmittedV1,
    PersonsMergedV1,
    PersonsUnmergedV1,
    ReviewTaskOpenedV1,
    ReviewTaskResolvedV1,
    SupportOverlapClearedV1,
    SupportOverlapRaisedV1,
)
from .contracts.grievances import (
    CaseTransitionedV1,
    DeadlineBreachedV1,
    GrievanceReceivedV1,
    GrievanceSubmittedV1,
)
from .contracts.kitchens import (
    CommitteeMemberJoinedV1,
    CommitteeMemberLeftV1,
    DailyReportAcceptedV1,
    DailyReportAmendedV1,
    DailyReportAmendmentSubmittedV1,
    DailyReportSubmittedV1,
    KitchenRegisteredV1,
    KitchenRegisteredV2,
    KitchenStatusChangedV1,
    KitchenUpdatedV1,
    MonitoringFlagRaisedV1,
    PurchaseRecordedV1,
    PurchaseSubmittedV1,
    SubmissionRejectedV1,
    SubsidyCreditedV1,
    SurveyBelowThresholdV1,
    SurveyRecordedV1,
    SurveySubmittedV1,
)

DEAD_LETTER_SUFFIX = ".dlq"
DEAD_LETTER_PARTITIONS = 3


@dataclass(frozen=True)
class Topic:
    name: str
    partitions: int
    owner: str
    description: str
    contracts: ContractRegistry

    @property
    def dead_letter(self) -> str:
        return self.name + DEAD_LETTER_SUFFIX


def _topic(
    name: str, partitions: int, owner: str, description: str, *contracts: type[EventContract]
) -> Topic:
    return Topic(name, partitions, owner, description, ContractRegistry(*contracts))


ENROLMENTS = _topic(
    "beneficiaries.enrolments",
    6,
    "agencies",
    "Agencies publish enrolments here, keyed `<agency>:<agency_record_id>`.",
    EnrolmentSubmittedV1,
)
REGISTRY_DECISIONS = _topic(
    "beneficiaries.decisions",
    6,
    "beneficiaries",
    "The registry's replies and decisions, keyed by person id "
    "(rejections by `<agency>:<agency_record_id>`, as the enrolment was).",
    EnrolmentRegisteredV1,
    EnrolmentRegisteredV2,
    EnrolmentRejectedV1,
    ReviewTaskOpenedV1,
    ReviewTaskResolvedV1,
    PersonsMergedV1,
    PersonsUnmergedV1,
    SupportOverlapRaisedV1,
    SupportOverlapClearedV1,
)
DAILY_REPORTS = _topic(
    "kitchens.daily-reports",
    6,
    "kitchen tablets",
    "Kitchen tablets publish daily reports, amendments, purchases and surveys here, "
    "keyed by kitchen code (one key keeps a kitchen's reports and purse movements in order). "
    "A rule broken by a submission comes back on `kitchens.events` as "
    "`kitchens.submission_rejected`, correlated by the submission's event id.",
    DailyReportSubmittedV1,
    DailyReportAmendmentSubmittedV1,
    PurchaseSubmittedV1,
    SurveySubmittedV1,
)
KITCHEN_EVENTS = _topic(
    "kitchens.events",
    6,
    "kitchens",
    "What happened to kitchens and their reports, keyed by kitchen code.",
    KitchenRegisteredV1,
    DailyReportAcceptedV1,
    SurveyBelowThresholdV1,
    MonitoringFlagRaisedV1,
    KitchenRegisteredV2,
    KitchenUpdatedV1,
    KitchenStatusChangedV1,
    CommitteeMemberJoinedV1,
    CommitteeMemberLeftV1,
    DailyReportAmendedV1,
    PurchaseRecordedV1,
    SubsidyCreditedV1,
    SurveyRecordedV1,
    SubmissionRejectedV1,
)
GRIEVANCE_INTAKE = _topic(
    "grievances.intake",
    6,
    "channels",
    "Channels (tablets, agency systems) publish grievances here, "
    "keyed `<channel>:<channel_reference>`.",
    GrievanceSubmittedV1,
)
GRIEVANCE_EVENTS = _topic(
    "grievances.events",
    6,
    "grievances",
    "Grievance case lifecycle, keyed by case id. Never carries a reporter's identity.",
    GrievanceReceivedV1,
    CaseTransitionedV1,
    DeadlineBreachedV1,
)

ALL_TOPICS: tuple[Topic, ...] = (
    ENROLMENTS,
    REGISTRY_DECISIONS,
    DAILY_REPORTS,
    KITCHEN_EVENTS,
    GRIEVANCE_INTAKE,
    GRIEVANCE_EVENTS,
)


def topic_named(name: str) -> Topic:
    for topic in ALL_TOPICS:
        if topic.name == name:
            return topic
    raise KeyError(name)
