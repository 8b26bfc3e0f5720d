"""Fills the registry's tables with synthetic people straight through COPY,
for speed benchmarks that need a large registry before the measured traffic.

The records of each true person are stored as one person (the grouping a
perfect resolver would reach), with the same normalised identities, search
texts and blocking keys the intake computes. People are generated in slices of
SLICE people with seeds seed, seed+1, …, on every core, so memory stays flat
and a million people load in minutes rather than hours through Kafka."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import asyncpg

from services.beneficiaries.adapters.name_counts_repository import add_name_counts
from services.beneficiaries.adapters.registry_rows import (
    ENROLMENT_COLUMNS,
    MATCH_RECORD_COLUMNS,
    PERSON_COLUMNS,
    enrolment_row,
    match_record_row,
    person_row,
)
from services.beneficiaries.domain.identity import blocking_keys, identity_of
from services.beneficiaries.domain.name_counts import NameCounts
from shared.ids import new_id
from tests.benchmarks.synthetic_registry import SyntheticRecord, generate

SLICE = 25_000
# What COPY fills, and in which columns;
# the tables' other indexes are dropped for the load and rebuilt after it.
COLUMNS = {
    "persons": PERSON_COLUMNS,
    "enrolments": ENROLMENT_COLUMNS,
    "match_records": MATCH_RECORD_COLUMNS,
    "blocking_keys": ("key", "enrolment_id"),
}
TABLES = tuple(COLUMNS)


@dataclass
class Rows:
    persons: list[tuple[Any, ...]] = field(default_factory=list)
    enrolments: list[tuple[Any, ...]] = field(default_factory=list)
    match_records: list[tuple[Any, ...]] = field(default_factory=list)
    blocking_keys: list[tuple[Any, ...]] = field(default_factory=list)
    # The registry's name counts, as the intake would have added them (migration 013).
    names: NameCounts = field(default_factory=NameCounts)


def rows_of(records: list[SyntheticRecord]) -> Rows:
    rows = Rows()
    person_of: dict[int, uuid.UUID] = {}
    for record in records:
        identity = identity_of(record.enrolment.person)
        if record.truth not in person_of:
            person_of[record.truth] = new_id()
            rows.persons.append(
                person_row(person_of[record.truth], record.enrolment, identity.curp)
            )
        enrolment_id, person_id = new_id(), person_of[record.truth]
        rows.enrolments.append(
            enrolment_row(enrolment_id, person_id, record.enrolment, uuid.uuid4())
        )
        rows.match_records.append(match_record_row(enrolment_id, person_id, identity))
        rows.blocking_keys.extend((key, enrolment_id) for key in blocking_keys(identity))
        rows.names.add(identity)
    return rows


def _slice_rows(args: tuple[int, int, str, int]) -> tuple[Rows, list[SyntheticRecord]]:
    """The rows of one slice of people, less the last `hold_out` records,
    which are returned as they are."""
    people, seed, prefix, hold_out = args
    records = [
        # Agency record ids must stay unique across slices.
        SyntheticRecord(
            r.truth,
            r.enrolment.model_copy(
                update={"agency_record_id": f"{prefix}{r.enrolment.agency_record_id}"}
            ),
            r.corruptions,
            r.lookalike,
        )
        for r in generate(people, seed)
    ]
    kept = len(records) - hold_out
    return rows_of(records[:kept]), records[kept:]


def slices(people: int, seed: int, hold_out: int) -> Iterator[tuple[int, int, str, int]]:
    starts = range(0, people, SLICE)
    for n, start in enumerate(starts):
        yield (
            min(SLICE, people - start),
            seed + n,
            f"P{n}-",
            hold_out if n == len(starts) - 1 else 0,
        )


async def preload(
    database_url: str, schema: str, people: int, seed: int, hold_out: int, log
) -> list[SyntheticRecord]:
    """Loads `people` people into an empty registry, except the last
    `hold_out` records of the last slice: they are returned, to be sent
    through the intake (about half of them belong to people already loaded)."""
    conn = await asyncpg.connect(database_url, server_settings={"search_path": schema})
    # COPY speaks the binary format: jsonb there is a version byte and the text.
    await conn.set_type_codec(
        "jsonb",
        schema="pg_catalog",
        format="binary",
        encoder=lambda value: b"\x01" + json.dumps(value).encode(),
        decoder=lambda data: json.loads(data[1:]),
    )
    started, loaded, held_out, names = time.monotonic(), 0, [], NameCounts()
    try:
        indexes = await _drop_secondary_indexes(conn)
        # Foreign keys hold by construction here;
        # checking 20 million rows one by one would dominate the load.
        await conn.execute("SET session_replication_role = replica")
        with ProcessPoolExecutor() as workers:
            for rows, kept_back in workers.map(_slice_rows, slices(people, seed, hold_out)):
                held_out.extend(kept_back)
                names.merge(rows.names.counts)
                for table in TABLES:
                    await conn.copy_records_to_table(
                        table,
                        records=getattr(rows, table),
                        columns=COLUMNS[table],
                        schema_name=schema,
                    )
                loaded += len(rows.enrolments)
                log(f"  preloaded {loaded:,} records ({time.monotonic() - started:.0f}s)")
        await conn.execute("SET session_replication_role = DEFAULT")
        await add_name_counts(conn, names.counts)
        await conn.execute("SET maintenance_work_mem = '1GB'")
        for definition in indexes:
            await conn.execute(definition)
        # VACUUM too: in a registry grown over months, insert-driven autovacuum has marked most
        # pages all-visible, so its candidate query reads most blocking keys from the index alone,
        # as it does here.
        await conn.execute("VACUUM (ANALYZE) " + ", ".join(TABLES))
        log(f"  indexes rebuilt; preload took {time.monotonic() - started:.0f}s")
    finally:
        await conn.close()
    return held_out


async def _drop_secondary_indexes(conn: asyncpg.Connection) -> list[str]:
    """Drops the indexes no constraint needs (the blocking keys' primary key
    included: nothing references it) and returns how to build them again."""
    rows = await conn.fetch(
        "SELECT i.indexname, i.indexdef, c.conname FROM pg_indexes AS i "
        "LEFT JOIN pg_constraint AS c "
        "ON c.conname = i.indexname AND c.connamespace = i.schemaname::regnamespace "
        "WHERE i.schemaname = current_schema() AND i.tablename = ANY($1::text[])",
        list(TABLES),
    )
    rebuild = []
    for r in rows:
        if r["conname"] is None:
            await conn.execute(f'DROP INDEX "{r["indexname"]}"')
            rebuild.append(r["indexdef"])
        elif r["indexname"] == "blocking_keys_pkey":
            await conn.execute("ALTER TABLE blocking_keys DROP CONSTRAINT blocking_keys_pkey")
            rebuild.append("ALTER TABLE blocking_keys ADD PRIMARY KEY (key, enrolment_id)")
    return rebuild
