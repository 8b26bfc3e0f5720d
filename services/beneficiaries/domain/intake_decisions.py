"""What the intake decides for each record of a batch, in the batch's order,
exactly as if the records had arrived one after the other.

- A record the registry holds already (an agency sending it again) keeps its
  person and is updated; it is not resolved again.
- A new record is resolved against its candidates: linked to a person, a new
  person, or, held for review, a provisional person of its own until a
  caseworker decides (she may then merge it).
- Every decided record joins the candidates of the records after it, so two
  records of one new person in the same batch find each other.

The candidates stored before the batch arrive from outside (the database, in
chunks, see service_layer/enrolments.py); `decide_in_order` is the same
decisions with every stored candidate known up front."""

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from uuid import UUID

from .blocking_caps import StoredCandidates, StoredRecord, key_caps, stored_candidates
from .candidate_pool import CandidatePool
from .enrolment import KnownRecord
from .identity import Identity
from .match_model import MatchModel
from .resolution import CandidateRecord, Resolution, resolve

AgencyRecord = tuple[str, str]


@dataclass(frozen=True)
class IncomingRecord:
    agency_record: AgencyRecord
    identity: Identity
    # Every blocking key of the record with its cap (blocking_caps.key_caps).
    key_caps: Mapping[int, int]
    # The same keys in order: candidates come out in the order their keys are searched.
    keys: tuple[int, ...]


def incoming_record(agency_record: AgencyRecord, identity: Identity, cap: int) -> IncomingRecord:
    """`cap`: the model's blocking_key_cap, above which no key is searched."""
    caps = key_caps(identity, cap)
    return IncomingRecord(agency_record, identity, caps, tuple(sorted(caps)))


@dataclass(frozen=True)
class Decided:
    enrolment_id: UUID
    person_id: UUID
    # None: the registry held the record already, and it is updated.
    resolution: Resolution | None

    @property
    def creates_person(self) -> bool:
        """A new person, or the provisional one of a record held for review."""
        return self.resolution is not None and self.resolution.person_id is None

    @property
    def held_for_review(self) -> bool:
        """The record waits for a caseworker, and its person with it."""
        return self.resolution is not None and self.resolution.outcome == "pending_review"

    @property
    def opens_review(self) -> bool:
        """Held for review on its own (not joining another record's review),
        or linked with a proposal to merge a split."""
        resolution = self.resolution
        return resolution is not None and (
            (self.held_for_review and resolution.person_id is None) or resolution.proposes_merge
        )

    @property
    def may_overlap(self) -> bool:
        """Whether the person's support may now overlap: a person just created
        holds this one enrolment, so nothing of hers can overlap yet."""
        return self.resolution is None or self.resolution.outcome == "linked"


class IntakeDecisions:
    """The decisions of one batch. `known`: the batch's records the registry
    held before it, by agency record; records decided here are added to it."""

    def __init__(
        self,
        model: MatchModel,
        records: Sequence[IncomingRecord],
        known: dict[AgencyRecord, KnownRecord],
        new_id: Callable[[], UUID],
    ) -> None:
        self._model = model
        self._known = known
        self._new_id = new_id
        caps = {key: cap for record in records for key, cap in record.key_caps.items()}
        self._pool = CandidatePool(model.blocking_key_cap, caps)

    def use_model(self, model: MatchModel) -> None:
        """The model for the records decided next: the same one weighing names by
        the registry's frequencies as read again (name_counts.RegistryFrequencies)."""
        self._model = model

    def searched_keys(self, records: Iterable[IncomingRecord]) -> dict[int, int]:
        """The keys (with their caps) whose stored records `records` need as
        candidates: only a record new to the registry is resolved."""
        return {
            key: cap
            for record in records
            if record.agency_record not in self._known
            for key, cap in record.key_caps.items()
        }

    def take_stored(self, stored: StoredCandidates) -> None:
        """Stored records read under searched keys (blocking_caps.stored_candidates)."""
        found, too_common = stored
        self._pool.saturate(too_common)
        for record_id, keys, candidate in found:
            self._pool.found(record_id, keys, candidate)

    def decide(self, record: IncomingRecord) -> Decided:
        known = self._known.get(record.agency_record)
        if known is not None:
            decided = Decided(known.enrolment_id, known.person_id, None)
            pending = self._pool.pending(known.enrolment_id)
        else:
            resolution = resolve(self._model, record.identity, self._pool.candidates(record.keys))
            # Linked, or joining the provisional person of a record held for review.
            person_id = resolution.person_id
            decided = Decided(self._new_id(), person_id or self._new_id(), resolution)
            self._known[record.agency_record] = KnownRecord(decided.enrolment_id, decided.person_id)
            pending = decided.held_for_review
        self._pool.add(
            CandidateRecord(decided.person_id, decided.enrolment_id, record.identity, pending),
            record.keys,
        )
        return decided


def decide_in_order(
    model: MatchModel,
    records: Sequence[IncomingRecord],
    known: dict[AgencyRecord, KnownRecord],
    stored: Mapping[int, Sequence[StoredRecord]],
    new_id: Callable[[], UUID],
) -> Iterator[Decided]:
    """The batch's decisions, each record resolved against the stored records
    under its own keys (`stored`: each blocking key's records) and the records
    of the batch before it."""
    updated = {record.enrolment_id for record in known.values()}
    decisions = IntakeDecisions(model, records, known, new_id)
    for record in records:
        searched = decisions.searched_keys([record])
        decisions.take_stored(stored_candidates(stored, searched, updated))
        yield decisions.decide(record)
