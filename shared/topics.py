"""Every topic the system uses, with its partition count and its contracts.

Topics are created explicitly (auto-creation is off on our brokers), each with
a `.dlq` twin that receives what its consumers could not apply."""

import re
from dataclasses import dataclass, replace

from .contracts.base import ContractRegistry, EventContract
from .contracts.beneficiaries import (
    AgencyRecordsMovedV1,
    EnrolmentRegisteredV1,
    EnrolmentRegisteredV2,
    EnrolmentRegisteredV3,
    EnrolmentRejectedV1,
    EnrolmentRejectedV2,
    EnrolmentReviewDecidedV1,
    EnrolmentSubmittedV1,
    PersonsMergedV1,
    PersonsUnmergedV1,
    ReviewTaskOpenedV1,
    ReviewTaskResolvedV1,
    SupportOverlapClearedV1,
    SupportOverlapRaisedV1,
)
from .contracts.grievances import (
    CaseEscalatedV1,
    CaseTransitionedV1,
    DeadlineBreachedV1,
    GrievanceClosedV1,
    GrievanceReceivedV1,
    GrievanceSubmittedV1,
    ReporterRepliedV1,
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
    MonitoringFlagReviewedV1,
    PurchaseRecordedV1,
    PurchaseSubmittedV1,
    SubmissionRejectedV1,
    SubmissionRejectedV2,
    SubsidyCreditedV1,
    SurveyBelowThresholdV1,
    SurveyRecordedV1,
    SurveySubmittedV1,
)

DEAD_LETTER_SUFFIX = ".dlq"
DEAD_LETTER_PARTITIONS = 3


# An agency's code as it may end a topic's name: no dots, so `<topic>.<agency>.dlq` never
# matches a family's pattern.
AGENCY_CODE = r"[a-z0-9][a-z0-9-]*"


@dataclass(frozen=True)
class Topic:
    name: str
    partitions: int
    owner: str
    description: str
    contracts: ContractRegistry
    # A family of topics, one per agency, `<name>.<agency>`: the agency's ACLs name its own.
    per_agency: bool = False

    @property
    def dead_letter(self) -> str:
        return self.name + DEAD_LETTER_SUFFIX

    @property
    def shown_name(self) -> str:
        """As documents name it: a family as `<name>.<agency>`."""
        return f"{self.name}.<agency>" if self.per_agency else self.name

    def group_for(self, service: str) -> str:
        """The consumer group `service` reads this topic (or family) in."""
        return f"{service}.{self.name}" + (".agencies" if self.per_agency else "")

    def for_agency(self, agency: str) -> str:
        return f"{self.name}.{agency}"

    @property
    def pattern(self) -> str:
        """The family's topics and not their dead letters, nor the dead letters of the
        topic named like the family (`beneficiaries.enrolments.dlq`)."""
        return rf"^{re.escape(self.name)}\.(?!dlq$){AGENCY_CODE}$"

    def agency_of(self, topic_name: str) -> str | None:
        """The agency whose topic `topic_name` is, for a family's topic; None otherwise."""
        if not self.per_agency or not re.match(self.pattern, topic_name):
            return None
        return topic_name.removeprefix(self.name + ".")


def _topic(
    name: str, partitions: int, owner: str, description: str, *contracts: type[EventContract]
) -> Topic:
    return Topic(name, partitions, owner, description, ContractRegistry(*contracts))


ENROLMENTS = _topic(
    "beneficiaries.enrolments",
    6,
    "agencies",
    "The registry's internal intake, keyed `<agency>:<agency_record_id>`: written by the "
    "set-up operator and by ops replaying dead letters, no longer by agencies, "
    "which publish to their own topics (`beneficiaries.enrolments.<agency>`).",
    EnrolmentSubmittedV1,
)
REGISTRY_DECISIONS = _topic(
    "beneficiaries.decisions",
    6,
    "beneficiaries",
    "The registry's replies and decisions in full, keyed by person id "
    "(rejections by `<agency>:<agency_record_id>`, as the enrolment was). Ops reads it; "
    "agencies read their own replies on `beneficiaries.decisions.<agency>`.",
    EnrolmentRegisteredV1,
    EnrolmentRegisteredV2,
    EnrolmentRejectedV1,
    EnrolmentRejectedV2,
    ReviewTaskOpenedV1,
    ReviewTaskResolvedV1,
    PersonsMergedV1,
    PersonsUnmergedV1,
    SupportOverlapRaisedV1,
    SupportOverlapClearedV1,
)
AGENCY_ENROLMENTS = replace(
    _topic(
        "beneficiaries.enrolments",
        6,
        "agencies",
        "Each agency publishes its enrolments to its own topic, "
        "`beneficiaries.enrolments.<agency>`, keyed `<agency>:<agency_record_id>`; "
        "only that agency may write there, and the registry dead-letters a record "
        "naming another agency.",
        EnrolmentSubmittedV1,
    ),
    per_agency=True,
)
AGENCY_DECISIONS = replace(
    _topic(
        "beneficiaries.decisions",
        6,
        "beneficiaries",
        "The registry's replies to one agency, on `beneficiaries.decisions.<agency>`, "
        "which only that agency may read: only what the agency may know about its own "
        "records (no other agency's record ids, benefits or caseworkers). "
        "A reply's `correlation_id` is the enrolment's event id. Later, the outcome of "
        "a review of one of its records, and its records moved by a merge or its undoing.",
        EnrolmentRegisteredV3,
        EnrolmentRejectedV1,
        EnrolmentRejectedV2,
        EnrolmentReviewDecidedV1,
        AgencyRecordsMovedV1,
    ),
    per_agency=True,
)
# Families: created per agency at set-up (shared/topic_admin.py).
AGENCY_TOPICS: tuple[Topic, ...] = (AGENCY_ENROLMENTS, AGENCY_DECISIONS)

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
    MonitoringFlagReviewedV1,
    SubmissionRejectedV2,
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
    ReporterRepliedV1,
    CaseEscalatedV1,
    GrievanceClosedV1,
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
