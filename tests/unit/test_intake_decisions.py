"""The intake decides a batch exactly alike whether every stored candidate is
known up front and the records are taken one after the other (the pure path,
domain/intake_decisions.decide_in_order), or the stored candidates are read
chunk by chunk, one chunk ahead, while writes go out behind (the pipelined
path of service_layer/enrolments.py, here with reads from memory instead of
PostgreSQL). The reads apply blocking_caps.stored_candidates, the rule the SQL
candidate read applies (tests/integration/test_candidate_rule.py)."""

import asyncio
import itertools
from collections.abc import Callable, Iterator
from uuid import UUID

import pytest

from services.beneficiaries.domain.blocking_caps import StoredRecord, stored_candidates
from services.beneficiaries.domain.enrolment import KnownRecord
from services.beneficiaries.domain.identity import identity_of
from services.beneficiaries.domain.intake_decisions import (
    AgencyRecord,
    Decided,
    IncomingRecord,
    IntakeDecisions,
    decide_in_order,
    incoming_record,
)
from services.beneficiaries.domain.match_model import load_model
from services.beneficiaries.domain.resolution import CandidateRecord
from services.beneficiaries.service_layer.enrolments import decide_in_chunks
from tests.benchmarks.synthetic_registry import generate

MODEL = load_model()


def counting_ids() -> Callable[[], UUID]:
    numbers = itertools.count(1)
    return lambda: UUID(int=next(numbers))


def incoming(count: int, seed: int) -> list[IncomingRecord]:
    return [
        incoming_record(
            (r.enrolment.agency, r.enrolment.agency_record_id),
            identity_of(r.enrolment.person),
            MODEL.blocking_key_cap,
        )
        for r in generate(count, seed)
    ]


def registry_of(
    records: list[IncomingRecord],
) -> tuple[dict[int, list[StoredRecord]], dict[AgencyRecord, KnownRecord]]:
    """The registry these records make, decided one after the other: each key's
    records, and who is who."""
    known: dict[AgencyRecord, KnownRecord] = {}
    stored: dict[int, list[StoredRecord]] = {}
    for record, decided in zip(
        records, decide_in_order(MODEL, records, known, {}, counting_ids()), strict=True
    ):
        for key in record.keys:
            stored.setdefault(key, []).append(
                CandidateRecord(decided.person_id, decided.enrolment_id, record.identity)
            )
    return stored, known


def batch_with_resends(records: list[IncomingRecord], stored_part: int) -> list[IncomingRecord]:
    """The records after `stored_part`, with some stored records sent again and
    some of the batch's own sent twice, the second time later in the batch."""
    batch = records[stored_part:]
    return [*batch[:40], *records[:stored_part:17], *batch[40:], *batch[5:60:9]]


def pure(
    batch: list[IncomingRecord], stored: dict[int, list[StoredRecord]], known: dict
) -> Iterator[Decided]:
    return decide_in_order(MODEL, batch, dict(known), stored, counting_ids())


async def pipelined(
    batch: list[IncomingRecord],
    stored: dict[int, list[StoredRecord]],
    known: dict,
    size: int,
    write_as_decided: bool,
) -> tuple[list[tuple[int, Decided]], list[int]]:
    decisions = IntakeDecisions(MODEL, batch, dict(known), counting_ids())
    updated = {k.enrolment_id for k in known.values()}
    decided: list[tuple[int, Decided]] = []
    written: list[int] = []

    async def read(keys: dict[int, int]):
        await asyncio.sleep(0)  # a read is under way while the chunk before is decided
        return stored_candidates(stored, keys, updated)

    def end_chunk(last: bool):
        chunk_end = len(decided)
        assert last == (chunk_end == len(batch))

        async def save() -> None:
            await asyncio.sleep(0)
            written.append(chunk_end)

        return save

    await decide_in_chunks(
        decisions,
        batch,
        size,
        read=read,
        on_decided=lambda i, d: decided.append((i, d)),
        end_chunk=end_chunk,
        write_as_decided=write_as_decided,
    )
    return decided, written


@pytest.fixture(scope="module")
def registry_and_batch():
    records = incoming(900, seed=23)
    stored_part = len(records) * 2 // 3
    stored, known = registry_of(records[:stored_part])
    return stored, known, batch_with_resends(records, stored_part)


@pytest.mark.parametrize(
    ("size", "write_as_decided"), [(1, True), (7, True), (7, False), (50, True)]
)
async def test_the_pipelined_path_decides_exactly_as_the_pure_one(
    registry_and_batch, size: int, write_as_decided: bool
) -> None:
    stored, known, batch = registry_and_batch
    decided, written = await pipelined(batch, stored, known, size, write_as_decided)
    assert [i for i, _ in decided] == list(range(len(batch)))
    assert [d for _, d in decided] == list(pure(batch, stored, known))
    assert written == sorted(written) and written[-1] == len(batch), "chunks written in order"


def test_the_batch_meets_every_kind_of_decision(registry_and_batch) -> None:
    """Guards the test above against a batch that would prove nothing."""
    stored, known, batch = registry_and_batch
    decisions = list(pure(batch, stored, known))
    kinds = {d.resolution.outcome if d.resolution else "record_updated" for d in decisions}
    assert kinds == {"new_person", "linked", "pending_review", "record_updated"}
    assert sum(d.creates_person for d in decisions) > sum(d.opens_review for d in decisions) > 0
