"""Events of the unified beneficiary registry."""

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from .base import EventContract, RefusalCode, RefusalParams

Sex = Literal["H", "M", "X"]


class PersonDetails(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    given_names: str = Field(
        min_length=1,
        max_length=120,
        description="Given names as the agency holds them.",
        examples=["Ma. Guadalupe"],
    )
    paternal_surname: str | None = Field(default=None, max_length=120, examples=["Hernández"])
    maternal_surname: str | None = Field(default=None, max_length=120, examples=["de la Cruz"])
    sex: Sex = Field(description="H (hombre), M (mujer) or X (no binario), as on the CURP.")
    birth_date: date = Field(examples=["1984-03-07"])
    national_id: str | None = Field(
        default=None,
        max_length=40,
        description="National id, e.g. a CURP.",
        examples=["HECG840307MJCRRD09"],
    )
    national_id_type: Literal["CURP", "OTHER"] | None = Field(
        default=None, description="Kind of national id given."
    )
    state: str | None = Field(
        default=None, max_length=60, description="State (entidad federativa).", examples=["Jalisco"]
    )
    municipality: str | None = Field(default=None, max_length=120, examples=["Zapopan"])
    locality: str | None = Field(default=None, max_length=120)
    phone: str | None = Field(default=None, max_length=30, examples=["33 1234 5678"])
    consent_to_share: bool = Field(
        description="The person consented to share this record across agencies."
    )


class EnrolmentSubmittedV1(EventContract):
    """An agency enrols a person in one of its programmes (or updates that enrolment)."""

    event_type = "beneficiaries.enrolment_submitted"
    event_version = 1

    agency: str = Field(
        min_length=1, max_length=60, description="Agency code.", examples=["dif-jalisco"]
    )
    agency_record_id: str = Field(
        min_length=1,
        max_length=100,
        description="The agency's own id for this record; resending it updates the record.",
    )
    programme: str = Field(
        min_length=1, max_length=120, examples=["Mujeres con seguridad alimentaria"]
    )
    benefit_type: str = Field(
        min_length=1,
        max_length=60,
        description="Kind of support, used for overlap rules.",
        examples=["food_basket"],
    )
    started_on: date
    ended_on: date | None = None
    person: PersonDetails

    def partition_key(self) -> str:
        return f"{self.agency}:{self.agency_record_id}"


# Superseded by version 2 and no longer produced; kept on the topic so the
# schema old consumers were built against stays documented.
class EnrolmentRegisteredV1(EventContract):
    """The registry's reply to an enrolment: which person it belongs to and why."""

    event_type = "beneficiaries.enrolment_registered"
    event_version = 1

    person_id: UUID = Field(description="Registry id of the person.")
    enrolment_id: UUID
    agency: str
    agency_record_id: str
    decision: Literal["new_person", "record_updated"] = Field(
        description="new_person: the registry created a person for this record; "
        "record_updated: the agency resent a record it already had, now updated."
    )

    def partition_key(self) -> str:
        return str(self.person_id)


FieldLevels = dict[str, str]


class MatchExplanation(BaseModel):
    """Why the registry decided what it did: the comparison with the closest
    existing record, field by field, and the model and thresholds in force."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    matched_person_id: UUID | None = Field(description="The closest existing person, if any.")
    matched_enrolment_id: UUID | None = Field(
        description="Their agency record the comparison was made with."
    )
    score: float | None = Field(description="Fellegi–Sunter score in bits (sum of field weights).")
    comparison: FieldLevels = Field(
        default_factory=dict, description="Agreement level per field, e.g. surnames: swapped."
    )
    weights: dict[str, float] = Field(
        default_factory=dict, description="Weight in bits each field contributed."
    )
    agreed: list[str] = Field(default_factory=list)
    disagreed: list[str] = Field(default_factory=list)
    held_back_by: list[str] = Field(
        default_factory=list, description="Rules that kept a high score from linking on its own."
    )
    upper_threshold: float
    lower_threshold: float
    model_version: str
    candidates_considered: int = Field(ge=0)
    reason: str
    decided_by: str = Field(description="`registry:<model version>` or the caseworker who decided.")


# What the registry decided about an agency record, as its reply says.
RegistryDecision = Literal["new_person", "linked", "pending_review", "record_updated"]


class EnrolmentRegisteredV2(EventContract):
    """The registry's reply to an enrolment: the person it belongs to, the decision and why."""

    event_type = "beneficiaries.enrolment_registered"
    event_version = 2

    person_id: UUID = Field(description="Registry id of the person the record now belongs to.")
    enrolment_id: UUID
    agency: str
    agency_record_id: str
    decision: RegistryDecision = Field(
        description="new_person: no existing person matched; linked: matched an existing person; "
        "pending_review: a caseworker will decide "
        "(the record holds a provisional person until then); "
        "record_updated: the agency resent a record it already had."
    )
    review_task_id: UUID | None = None
    explanation: MatchExplanation | None = Field(
        default=None, description="Absent for record_updated."
    )

    def partition_key(self) -> str:
        return str(self.person_id)


class AgencyMatchExplanation(BaseModel):
    """Why the registry decided what it did about an agency's record, as that agency
    may know it: the comparison's levels and weights, never the other record's ids
    or agency, nor the name of the caseworker who decided."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    score: float | None = Field(description="Fellegi–Sunter score in bits (sum of field weights).")
    comparison: FieldLevels = Field(
        default_factory=dict, description="Agreement level per field, e.g. surnames: swapped."
    )
    weights: dict[str, float] = Field(
        default_factory=dict, description="Weight in bits each field contributed."
    )
    agreed: list[str] = Field(default_factory=list)
    disagreed: list[str] = Field(default_factory=list)
    held_back_by: list[str] = Field(
        default_factory=list, description="Rules that kept a high score from linking on its own."
    )
    upper_threshold: float
    lower_threshold: float
    model_version: str
    candidates_considered: int = Field(ge=0)
    reason: str
    decided_by: Literal["registry", "caseworker"] = Field(
        description="The registry's model, or a caseworker (not named)."
    )

    @classmethod
    def of(cls, explanation: MatchExplanation) -> "AgencyMatchExplanation":
        decided_by = "registry" if explanation.decided_by.startswith("registry") else "caseworker"
        kept = explanation.model_dump(
            exclude={"matched_person_id", "matched_enrolment_id", "decided_by"}
        )
        return cls(**kept, decided_by=decided_by)


class EnrolmentRegisteredV3(EventContract):
    """The registry's reply to one agency, on that agency's own decisions topic:
    v2 without what belongs to other agencies (the matched record's ids, the
    caseworker's name)."""

    event_type = "beneficiaries.enrolment_registered"
    event_version = 3

    person_id: UUID = Field(description="Registry id of the person the record now belongs to.")
    enrolment_id: UUID
    agency: str
    agency_record_id: str
    decision: RegistryDecision = Field(
        description="new_person: no existing person matched; linked: matched an existing person; "
        "pending_review: a caseworker will decide "
        "(the record holds a provisional person until then); "
        "record_updated: the agency resent a record it already had."
    )
    review_task_id: UUID | None = None
    explanation: AgencyMatchExplanation | None = Field(
        default=None, description="Absent for record_updated."
    )

    @classmethod
    def of(cls, registered: EnrolmentRegisteredV2) -> "EnrolmentRegisteredV3":
        explanation = registered.explanation
        return cls(
            **registered.model_dump(exclude={"explanation"}),
            explanation=AgencyMatchExplanation.of(explanation) if explanation else None,
        )

    def partition_key(self) -> str:
        return str(self.person_id)


class EnrolmentRejectedV1(EventContract):
    """The registry refused an enrolment; nothing was stored. The agency fixes and resends it."""

    event_type = "beneficiaries.enrolment_rejected"
    event_version = 1

    agency: str
    agency_record_id: str
    field: str = Field(description="The field at fault, as a dotted path, e.g. person.national_id.")
    reason: str = Field(description="Why, without repeating the value sent.")

    def partition_key(self) -> str:
        return f"{self.agency}:{self.agency_record_id}"


class EnrolmentRejectedV2(EnrolmentRejectedV1):
    """v1 with the rule's machine code and parameters, so an agency's system tells the
    refusal in its own users' language."""

    event_version = 2

    code: RefusalCode
    params: RefusalParams = Field(default_factory=dict)


class ReviewCandidate(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    person_id: UUID
    enrolment_id: UUID
    score: float
    comparison: FieldLevels
    held_back_by: list[str] = Field(default_factory=list)


class ReviewTaskOpenedV1(EventContract):
    """A caseworker must decide whether a record belongs to an existing person."""

    event_type = "beneficiaries.review_task_opened"
    event_version = 1

    review_task_id: UUID
    enrolment_id: UUID
    person_id: UUID = Field(description="The provisional person holding the record meanwhile.")
    reason: str
    candidates: list[ReviewCandidate]

    def partition_key(self) -> str:
        return str(self.person_id)


class ReviewTaskResolvedV1(EventContract):
    event_type = "beneficiaries.review_task_resolved"
    event_version = 1

    review_task_id: UUID
    decision: Literal["same_person", "different_people"]
    person_id: UUID = Field(description="The person the record belongs to after the decision.")
    decided_by: str
    note: str | None = None

    def partition_key(self) -> str:
        return str(self.person_id)


class PersonsMergedV1(EventContract):
    # The docstring is the frozen schema's description (docs/contracts), so its line stays whole.
    """Two registry persons are one: the absorbed person's agency records now belong to the survivor."""  # noqa: E501

    event_type = "beneficiaries.persons_merged"
    event_version = 1

    merge_id: UUID
    survivor_person_id: UUID
    absorbed_person_id: UUID
    enrolment_ids: list[UUID] = Field(description="Agency records moved to the survivor.")
    decided_by: str
    reason: str

    def partition_key(self) -> str:
        return str(self.survivor_person_id)


class PersonsUnmergedV1(EventContract):
    """A merge was wrong: its agency records go back to the person they were taken from."""

    event_type = "beneficiaries.persons_unmerged"
    event_version = 1

    merge_id: UUID
    survivor_person_id: UUID
    restored_person_id: UUID
    enrolment_ids: list[UUID]
    decided_by: str
    reason: str

    def partition_key(self) -> str:
        return str(self.survivor_person_id)


class AgencyRecord(BaseModel):
    """One of the agency's own records, as the agency names it and as the registry does."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enrolment_id: UUID
    agency_record_id: str


class EnrolmentReviewDecidedV1(EventContract):
    """A caseworker decided the review of one of the agency's records, on that agency's
    own decisions topic: the person the record belongs to from now on. Who decided and
    why are not told: the reason may speak of other agencies' people."""

    event_type = "beneficiaries.enrolment_review_decided"
    event_version = 1

    review_task_id: UUID = Field(description="The task the registry's pending_review named.")
    enrolment_id: UUID
    agency: str
    agency_record_id: str
    decision: Literal["same_person", "different_people"] = Field(
        description="same_person: the record joined a person the registry already had; "
        "different_people: the record's provisional person is confirmed as a person of her own."
    )
    person_id: UUID = Field(description="The person the record belongs to after the decision.")

    def partition_key(self) -> str:
        return str(self.person_id)


class AgencyRecordsMovedV1(EventContract):
    """Some of the agency's records now belong to another registry person, because two
    persons were merged or a merge was undone; on that agency's own decisions topic, with
    only that agency's records. Other agencies' records, who decided and why are not told."""

    event_type = "beneficiaries.agency_records_moved"
    event_version = 1

    agency: str
    person_id: UUID = Field(description="The person these records belong to now.")
    previous_person_id: UUID = Field(description="The person they belonged to before.")
    records: list[AgencyRecord] = Field(min_length=1)
    cause: Literal["merged", "unmerged"] = Field(
        description="merged: the two persons are one; unmerged: a merge was found wrong and undone."
    )
    review_task_id: UUID | None = Field(
        default=None, description="The review whose decision merged them, if one did."
    )

    def partition_key(self) -> str:
        return str(self.person_id)


class OverlappingEnrolment(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    enrolment_id: UUID
    agency: str
    programme: str
    benefit_type: str


class SupportOverlapRaisedV1(EventContract):
    """One person holds two active benefits that the rule table says overlap."""

    event_type = "beneficiaries.support_overlap_raised"
    event_version = 1

    overlap_id: UUID
    person_id: UUID
    rule: str = Field(description="The overlap rule that matched, e.g. food_basket~food_voucher.")
    enrolments: list[OverlappingEnrolment] = Field(min_length=2, max_length=2)

    def partition_key(self) -> str:
        return str(self.person_id)


class SupportOverlapClearedV1(EventContract):
    event_type = "beneficiaries.support_overlap_cleared"
    event_version = 1

    overlap_id: UUID
    person_id: UUID
    reason: str = Field(
        description="Why it no longer holds: "
        "an enrolment ended, a merge was undone, a rule changed."
    )

    def partition_key(self) -> str:
        return str(self.person_id)
