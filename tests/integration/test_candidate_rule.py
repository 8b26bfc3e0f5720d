"""The candidate rule is written twice: in Python (blocking_caps.
stored_candidates, which the pure path and the in-memory tests use) and in
SQL (RegistryRepository.candidates, which the intake runs against
PostgreSQL). On any stored registry, searched keys with their caps, and
records the batch updates, both return the same records under the same keys,
the same ones as possible candidates, and the same keys as too common. Drift
between them would drop candidates without a sound."""

import asyncio
import uuid
from datetime import date
from typing import Any
from uuid import UUID

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services import MIGRATIONS
from services.beneficiaries.adapters.parsed_identities import ParsedIdentities
from services.beneficiaries.adapters.registry_repository import RegistryRepository
from services.beneficiaries.adapters.registry_rows import (
    BLOCKING_KEY_COLUMNS,
    ENROLMENT_COLUMNS,
    MATCH_RECORD_COLUMNS,
    PERSON_COLUMNS,
    enrolment_row,
    identity_from_text,
    match_record_row,
    person_row,
)
from services.beneficiaries.domain.blocking_caps import (
    LONE_KEY_CAP,
    StoredRecord,
    stored_candidates,
)
from services.beneficiaries.domain.identity import identity_of
from services.beneficiaries.domain.resolution import CandidateRecord
from shared.bulk_write import BulkWrite
from shared.contracts.beneficiaries import EnrolmentSubmittedV1, PersonDetails
from shared.db import connect
from shared.migrate import migrate

KEYS = list(range(1, 7))
ENROLMENT = EnrolmentSubmittedV1(
    agency="dif-jalisco",
    agency_record_id="r-1",
    programme="alimentacion",
    benefit_type="food_basket",
    started_on=date(2026, 1, 5),
    person=PersonDetails(
        given_names="María",
        paternal_surname="López",
        maternal_surname="Ruiz",
        sex="M",
        birth_date=date(1980, 2, 3),
        state="Jalisco",
        municipality="Zapopan",
        consent_to_share=True,
    ),
)
IDENTITY = identity_of(ENROLMENT.person)
PERSON = UUID(int=1)


@st.composite
def situations(draw: Any) -> tuple[list[set[int]], dict[int, int], set[int]]:
    """Each stored record's keys; the searched keys with their caps (around the
    lone-key cap, where the rule turns); which stored records the batch updates."""
    stored = draw(st.lists(st.sets(st.sampled_from(KEYS), min_size=1, max_size=4), max_size=14))
    searched = draw(
        st.dictionaries(
            st.sampled_from(KEYS), st.integers(1, LONE_KEY_CAP + 4), min_size=1, max_size=6
        )
    )
    updated = draw(st.sets(st.integers(0, len(stored) - 1))) if stored else set()
    return stored, searched, updated


def record_id(number: int) -> UUID:
    return UUID(int=1_000 + number)


async def from_sql(
    database_url: str, schema: str, stored: list[set[int]], caps: dict[int, int], updated: set[int]
) -> tuple[list[tuple[UUID, list[int], bool]], list[int]]:
    conn = await connect(database_url, schema)
    try:
        async with conn.transaction():
            write = BulkWrite()
            write.insert("persons", PERSON_COLUMNS, [person_row(PERSON, ENROLMENT, None)])
            ids = [record_id(n) for n in range(len(stored))]
            rows = [enrolment_row(i, PERSON, ENROLMENT, uuid.uuid4()) for i in ids]
            # Agency record ids must differ: the registry holds each once.
            rows = [(*r[:3], f"r-{n}", *r[4:]) for n, r in enumerate(rows)]
            write.insert("enrolments", ENROLMENT_COLUMNS, rows)
            write.insert(
                "match_records",
                MATCH_RECORD_COLUMNS,
                [match_record_row(i, PERSON, IDENTITY) for i in ids],
            )
            write.insert(
                "blocking_keys",
                BLOCKING_KEY_COLUMNS,
                [(key, i) for i, keys in zip(ids, stored, strict=True) for key in keys],
            )
            await write.execute(conn)
            found, too_common = await RegistryRepository(conn).candidates(
                caps, ParsedIdentities(identity_from_text), [record_id(n) for n in updated]
            )
            raise _RolledBack((found, too_common))
    except _RolledBack as rolled_back:
        found, too_common = rolled_back.result
    finally:
        await conn.close()
    return sorted((i, sorted(keys), c is not None) for i, keys, c in found), sorted(too_common)


class _RolledBack(Exception):
    def __init__(self, result: Any) -> None:
        self.result = result


def from_python(
    stored: list[set[int]], caps: dict[int, int], updated: set[int]
) -> tuple[list[tuple[UUID, list[int], bool]], list[int]]:
    index: dict[int, list[StoredRecord]] = {}
    for n, keys in enumerate(stored):
        for key in keys:
            index.setdefault(key, []).append(CandidateRecord(PERSON, record_id(n), IDENTITY))
    found, too_common = stored_candidates(index, caps, {record_id(n) for n in updated})
    return sorted((i, keys, c is not None) for i, keys, c in found), too_common


@pytest.fixture(scope="module")
def registry_schema_name(infrastructure) -> str:
    schema = f"rule_{uuid.uuid4().hex[:10]}"
    asyncio.run(migrate(infrastructure.database_url, schema, MIGRATIONS["beneficiaries"]))
    return schema


@settings(max_examples=120)
@given(situation=situations())
def test_the_sql_candidate_rule_is_the_python_one(
    infrastructure, registry_schema_name: str, situation
) -> None:
    stored, caps, updated = situation
    sql = asyncio.run(
        from_sql(infrastructure.database_url, registry_schema_name, stored, caps, updated)
    )
    assert sql == from_python(stored, caps, updated)
