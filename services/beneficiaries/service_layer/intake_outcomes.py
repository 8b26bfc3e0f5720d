"""What each intake decision becomes: rows for its chunk's write, the reply
to the agency, a review task for a record held back, and the persons whose
support overlaps must be checked once the batch is written."""

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from shared.contracts.base import EventContract
from shared.contracts.beneficiaries import (
    EnrolmentRegisteredV2,
    EnrolmentSubmittedV1,
    MatchExplanation,
    RegistryDecision,
    ReviewTaskOpenedV1,
)
from shared.envelope import Envelope
from shared.ids import new_id

from ..adapters.overlap_repository import OverlapState
from ..adapters.registry_rows import IntakeRows, MatchDecisionRow
from ..adapters.review_repository import ReviewTaskRow
from ..domain.intake_decisions import Decided, IncomingRecord
from ..domain.match_model import MatchModel
from ..domain.name_counts import NameCounts
from ..domain.resolution import Resolution
from .explanations import explain, review_candidate


@dataclass
class ChunkOutcome:
    """One chunk's rows and events, written together."""

    rows: IntakeRows = field(default_factory=IntakeRows)
    events: list[tuple[EventContract, Envelope[Any] | None]] = field(default_factory=list)


@dataclass
class BatchOutcome:
    model: MatchModel
    # The chunk whose records are being decided.
    chunk: ChunkOutcome = field(default_factory=ChunkOutcome)
    replies: list[EnrolmentRegisteredV2] = field(default_factory=list)
    review_tasks: list[ReviewTaskRow] = field(default_factory=list)
    # Persons who gained or changed a record, with the event that did it last.
    to_check_for_overlaps: dict[UUID, Envelope[Any] | None] = field(default_factory=dict)
    # The names of the records new to the registry, for its name counts.
    names: NameCounts = field(default_factory=NameCounts)
    # What their overlaps are checked from, as the batch's last write read it.
    overlap_state: OverlapState | None = None

    def end_chunk(self) -> ChunkOutcome:
        """The chunk decided last, complete; the next record begins another."""
        ended, self.chunk = self.chunk, ChunkOutcome()
        return ended

    def record(
        self,
        decided: Decided,
        record: IncomingRecord,
        enrolment: EnrolmentSubmittedV1,
        envelope: Envelope[Any],
    ) -> None:
        chunk = self.chunk
        resolution = decided.resolution
        if resolution is None:
            reply = _registered(decided, enrolment, "record_updated")
            decision = None
        else:
            reply, decision = self._resolved(decided, resolution, enrolment, envelope)
            self.names.add(record.identity)
            self.names.add_settled(resolution.settled_namesakes)
        chunk.rows.add(
            decided, enrolment, envelope.event_id, record.identity, list(record.keys), decision
        )
        self.replies.append(reply)
        chunk.events.append((reply, envelope))
        if decided.may_overlap:
            self.to_check_for_overlaps[decided.person_id] = envelope

    def _resolved(
        self,
        decided: Decided,
        resolution: Resolution,
        enrolment: EnrolmentSubmittedV1,
        envelope: Envelope[Any],
    ) -> tuple[EnrolmentRegisteredV2, MatchDecisionRow]:
        explanation = explain(resolution, self.model)
        decision = MatchDecisionRow(
            new_id(),
            decided.enrolment_id,
            decided.person_id,
            resolution.outcome,
            resolution.reason,
            explanation.model_dump(mode="json"),
            explanation.decided_by,
            envelope.event_id,
        )
        review_task_id = None
        if decided.opens_review:
            review_task_id = self._open_review(decided, resolution, envelope)
        reply = _registered(decided, enrolment, resolution.outcome, review_task_id, explanation)
        return reply, decision

    def _open_review(
        self, decided: Decided, resolution: Resolution, envelope: Envelope[Any]
    ) -> UUID:
        review_task_id = new_id()
        candidates = [review_candidate(c) for c in resolution.review_candidates]
        self.review_tasks.append(
            (
                review_task_id,
                decided.enrolment_id,
                decided.person_id,
                resolution.reason,
                [c.model_dump(mode="json") for c in candidates],
            )
        )
        opened = ReviewTaskOpenedV1(
            review_task_id=review_task_id,
            enrolment_id=decided.enrolment_id,
            person_id=decided.person_id,
            reason=resolution.reason,
            candidates=candidates,
        )
        self.chunk.events.append((opened, envelope))
        return review_task_id


def _registered(
    decided: Decided,
    enrolment: EnrolmentSubmittedV1,
    decision: RegistryDecision,
    review_task_id: UUID | None = None,
    explanation: MatchExplanation | None = None,
) -> EnrolmentRegisteredV2:
    return EnrolmentRegisteredV2(
        person_id=decided.person_id,
        enrolment_id=decided.enrolment_id,
        agency=enrolment.agency,
        agency_record_id=enrolment.agency_record_id,
        decision=decision,
        review_task_id=review_task_id,
        explanation=explanation,
    )
