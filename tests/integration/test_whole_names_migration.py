"""Migration 015 counts the whole names and the settled namesakes of the
records held before it, as the intake counts those that arrive after."""

import json
import shutil
import uuid
from datetime import date
from pathlib import Path

import asyncpg

from services import MIGRATIONS
from services.beneficiaries.adapters.registry_rows import identity_to_json
from services.beneficiaries.domain.identity import full_name, identity_of
from services.beneficiaries.domain.name_counts import NameCounts
from shared.migrate import migrate
from tests.unit.test_registry_matching import curp_of, person

WHOLE_NAMES = "015_whole_names_and_namesakes.sql"


async def _record(conn, details) -> None:
    person_id, enrolment_id = uuid.uuid4(), uuid.uuid4()
    await conn.execute(
        "INSERT INTO persons (person_id, given_names, sex, birth_date) "
        "VALUES ($1, 'Ana', 'M', '1990-01-01')",
        person_id,
    )
    await conn.execute(
        "INSERT INTO enrolments (enrolment_id, person_id, agency, agency_record_id, programme, "
        "benefit_type, started_on, consent_to_share, submitted_person, source_event_id) "
        "VALUES ($1, $2, 'dif', $3, 'P', 'food_basket', '2026-01-01', true, '{}', $1)",
        enrolment_id,
        person_id,
        uuid.uuid4().hex,
    )
    await conn.execute(
        "INSERT INTO match_records (enrolment_id, person_id, identity, search_text, sound_text) "
        "VALUES ($1, $2, $3::jsonb, '', '')",
        enrolment_id,
        person_id,
        json.dumps(identity_to_json(identity_of(details))),
    )


def _with_curp(differentiator: str = "0", **fields):
    p = person(**fields)
    return person(**fields, national_id=curp_of(p, differentiator), national_id_type="CURP")


async def test_records_held_before_are_counted_by_whole_name_and_settled_namesakes(
    infrastructure, tmp_path: Path
):
    directory = tmp_path / "migrations"
    directory.mkdir()
    for path in MIGRATIONS["beneficiaries"].glob("*.sql"):
        if path.name < WHOLE_NAMES:
            shutil.copy(path, directory)
    schema = f"w_{uuid.uuid4().hex[:8]}"
    await migrate(infrastructure.database_url, schema, directory)
    held = [
        _with_curp(),
        _with_curp(),  # the same person again: one pair of one person
        _with_curp("1"),  # a namesake born the same day: two pairs of two persons
        person(),  # no CURP: settles nothing
        _with_curp(birth_date=date(1990, 6, 1)),  # another birth date
    ]
    conn = await asyncpg.connect(infrastructure.database_url)
    try:
        await conn.execute(f'SET search_path TO "{schema}", public')
        for details in held:
            await _record(conn, details)
        shutil.copy(MIGRATIONS["beneficiaries"] / WHOLE_NAMES, directory)
        await migrate(infrastructure.database_url, schema, directory)
        counts = {
            (r["kind"], r["name"]): r["records"]
            for r in await conn.fetch("SELECT kind, name, records FROM name_counts")
        }
    finally:
        await conn.close()
    whole = full_name(identity_of(person()))
    assert counts[("full", whole)] == 5
    # Five records of the whole name: its band is the second (five to 49).
    assert counts[("namesakes", "one_person:1")] == 1
    assert counts[("namesakes", "two_persons:1")] == 2
    # All of them in Zapopan.
    assert counts[("namesakes", "one_person:1:municipality")] == 1
    assert counts[("namesakes", "two_persons:1:municipality")] == 2
    # As the intake would have counted the same records' whole names.
    expected = NameCounts()
    expected.add_all(identity_of(p) for p in held)
    assert counts[("full", whole)] == expected.counts[("full", whole)]
