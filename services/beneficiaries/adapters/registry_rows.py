"""The registry's rows as its tables hold them: one place builds them, for
the intake's writes and the benchmarks' bulk load alike."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple
from uuid import UUID

import orjson

from shared.bulk_write import BulkWrite
from shared.contracts.beneficiaries import EnrolmentSubmittedV1

from ..domain.identity import Identity
from ..domain.intake_decisions import Decided
from ..domain.names import sound_text


def identity_to_json(identity: Identity) -> dict[str, Any]:
    return {
        **identity._asdict(),
        "birth_date": identity.birth_date.isoformat(),
        "given": list(identity.given),
    }


def identity_from_json(data: dict[str, Any]) -> Identity:
    return Identity(
        **{
            **data,
            "birth_date": date.fromisoformat(data["birth_date"]),
            "given": tuple(data["given"]),
        }
    )


def identity_from_text(stored: str) -> Identity:
    """The identity column read as text, for the rows a batch has not parsed before."""
    return identity_from_json(orjson.loads(stored))


class MatchDecisionRow(NamedTuple):
    decision_id: UUID
    enrolment_id: UUID
    person_id: UUID
    outcome: str
    reason: str
    explanation: dict[str, Any]
    decided_by: str
    source_event_id: UUID | None


def search_text(identity: Identity) -> str:
    return " ".join((*identity.given, identity.paternal, identity.maternal)).strip()


# Each row builder below gives its values in its table's column order; the
# intake's inserts and the benchmarks' bulk load (COPY) both use them.
PERSON_COLUMNS = {
    "person_id": "uuid",
    "given_names": "text",
    "paternal_surname": "text",
    "maternal_surname": "text",
    "sex": "text",
    "birth_date": "date",
    "curp": "text",
    "state": "text",
    "municipality": "text",
    "locality": "text",
    "phone": "text",
}
ENROLMENT_COLUMNS = {
    "enrolment_id": "uuid",
    "person_id": "uuid",
    "agency": "text",
    "agency_record_id": "text",
    "programme": "text",
    "benefit_type": "text",
    "started_on": "date",
    "ended_on": "date",
    "consent_to_share": "boolean",
    "submitted_person": "jsonb",
    "source_event_id": "uuid",
}
MATCH_RECORD_COLUMNS = {
    "enrolment_id": "uuid",
    "person_id": "uuid",
    "identity": "jsonb",
    "search_text": "text",
    "sound_text": "text",
    "held_for_review": "boolean",
}
BLOCKING_KEY_COLUMNS = {"key": "bigint", "enrolment_id": "uuid"}
DECISION_COLUMNS = {
    "decision_id": "uuid",
    "enrolment_id": "uuid",
    "person_id": "uuid",
    "outcome": "text",
    "reason": "text",
    "explanation": "jsonb",
    "decided_by": "text",
    "source_event_id": "uuid",
}


def person_row(person_id: UUID, e: EnrolmentSubmittedV1, curp: str | None) -> tuple[Any, ...]:
    p = e.person
    return (
        person_id,
        p.given_names,
        p.paternal_surname,
        p.maternal_surname,
        p.sex,
        p.birth_date,
        curp,
        p.state,
        p.municipality,
        p.locality,
        p.phone,
    )


def enrolment_row(
    enrolment_id: UUID, person_id: UUID, e: EnrolmentSubmittedV1, source_event_id: UUID
) -> tuple[Any, ...]:
    return (
        enrolment_id,
        person_id,
        e.agency,
        e.agency_record_id,
        e.programme,
        e.benefit_type,
        e.started_on,
        e.ended_on,
        e.person.consent_to_share,
        e.person.model_dump(mode="json"),
        source_event_id,
    )


def enrolment_update_row(
    enrolment_id: UUID, e: EnrolmentSubmittedV1, source_event_id: UUID
) -> tuple[Any, ...]:
    """What RegistryRepository.update_enrolments sets for a record sent again."""
    return (
        enrolment_id,
        e.programme,
        e.benefit_type,
        e.started_on,
        e.ended_on,
        e.person.consent_to_share,
        e.person.model_dump(mode="json"),
        source_event_id,
    )


def match_record_row(
    enrolment_id: UUID, person_id: UUID, identity: Identity, held_for_review: bool = False
) -> tuple[Any, ...]:
    text = search_text(identity)
    return (
        enrolment_id,
        person_id,
        identity_to_json(identity),
        text,
        sound_text(text),
        held_for_review,
    )


def stage_new_records(
    write: BulkWrite,
    persons: list[tuple[UUID, EnrolmentSubmittedV1, str | None]],
    enrolments: list[tuple[UUID, UUID, EnrolmentSubmittedV1, UUID]],
    match_records: list[tuple[UUID, UUID, Identity, list[int], bool]],
    decisions: list[MatchDecisionRow],
) -> None:
    """Persons as (person id, enrolment, CURP), enrolments as (enrolment id,
    person id, enrolment, source event id), match records as (enrolment id,
    person id, identity, blocking keys, held for review). A match record saved
    before gets its new identity and keeps its person and whether she is held
    for review; its old keys must be gone (RegistryRepository.update_enrolments)."""
    write.insert("persons", PERSON_COLUMNS, [person_row(*person) for person in persons])
    write.insert(
        "enrolments", ENROLMENT_COLUMNS, [enrolment_row(*enrolment) for enrolment in enrolments]
    )
    write.insert(
        "match_records",
        MATCH_RECORD_COLUMNS,
        [
            match_record_row(enrolment_id, person_id, identity, held)
            for enrolment_id, person_id, identity, _, held in match_records
        ],
        on_conflict="ON CONFLICT (enrolment_id) DO UPDATE SET identity = EXCLUDED.identity, "
        "search_text = EXCLUDED.search_text, sound_text = EXCLUDED.sound_text",
    )
    # No ON CONFLICT: a record's keys are distinct and its old ones are gone, and the
    # speculative insertion it needs costs an extra index descent per key.
    write.insert(
        "blocking_keys",
        BLOCKING_KEY_COLUMNS,
        [(key, enrolment_id) for enrolment_id, _, _, keys, _ in match_records for key in keys],
    )
    write.insert("match_decisions", DECISION_COLUMNS, decisions)


@dataclass
class IntakeRows:
    """What one chunk of the intake's records writes (RegistryRepository.save_chunk)."""

    persons: list[tuple[UUID, EnrolmentSubmittedV1, str | None]] = field(default_factory=list)
    # By enrolment id: a record the chunk created and then got again is inserted as last sent.
    enrolments: dict[UUID, tuple[UUID, UUID, EnrolmentSubmittedV1, UUID]] = field(
        default_factory=dict
    )
    updated: list[tuple[UUID, EnrolmentSubmittedV1, UUID]] = field(default_factory=list)
    match_records: dict[UUID, tuple[UUID, UUID, Identity, list[int], bool]] = field(
        default_factory=dict
    )
    decisions: list[MatchDecisionRow] = field(default_factory=list)

    def add(
        self,
        decided: Decided,
        enrolment: EnrolmentSubmittedV1,
        source_event_id: UUID,
        identity: Identity,
        keys: list[int],
        decision: MatchDecisionRow | None = None,
    ) -> None:
        """A record new to the registry, with its match decision, or one it
        holds again. A record stored before, or by an earlier chunk, is
        updated; one this chunk created is inserted as last sent."""
        enrolment_id, person_id = decided.enrolment_id, decided.person_id
        if decided.creates_person:
            self.persons.append((person_id, enrolment, identity.curp))
        if decided.resolution is not None or enrolment_id in self.enrolments:
            self.enrolments[enrolment_id] = (enrolment_id, person_id, enrolment, source_event_id)
        else:
            self.updated.append((enrolment_id, enrolment, source_event_id))
        self.match_records[enrolment_id] = (
            enrolment_id,
            person_id,
            identity,
            keys,
            decided.held_for_review,
        )
        if decision is not None:
            self.decisions.append(decision)

    def stage(self, write: BulkWrite) -> None:
        """The inserts, after RegistryRepository.update_enrolments has taken the
        updated records' old keys away."""
        stage_new_records(
            write,
            self.persons,
            list(self.enrolments.values()),
            list(self.match_records.values()),
            self.decisions,
        )
