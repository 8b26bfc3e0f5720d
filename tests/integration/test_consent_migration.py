"""Migration 012 gives the follow-up written before it the agency that wrote it
when that can be told (every record of the person and of those merged into her
comes from one agency), and none otherwise."""

import shutil
import uuid
from pathlib import Path

import asyncpg

from services import MIGRATIONS
from shared.migrate import migrate

CONSENT = "012_consent.sql"


async def _person(conn, merged_into=None, *agencies: str) -> uuid.UUID:
    person = uuid.uuid4()
    await conn.execute(
        "INSERT INTO persons (person_id, given_names, sex, birth_date, merged_into) "
        "VALUES ($1, 'Ana', 'M', '1990-01-01', $2)",
        person,
        merged_into,
    )
    for agency in agencies:
        await conn.execute(
            "INSERT INTO enrolments (enrolment_id, person_id, agency, agency_record_id, programme, "
            "benefit_type, started_on, consent_to_share, submitted_person, source_event_id) "
            "VALUES ($1, $2, $3, $4, 'P', 'food_basket', '2026-01-01', false, '{}', $1)",
            uuid.uuid4(),
            person,
            agency,
            uuid.uuid4().hex,
        )
    await conn.execute(
        "INSERT INTO case_notes (note_id, person_id, author, body) VALUES ($1, $2, 'cw', 'x')",
        uuid.uuid4(),
        person,
    )
    await conn.execute(
        "INSERT INTO graduations (person_id, graduated_on, recorded_by) "
        "VALUES ($1, '2026-02-01', 'cw')",
        person,
    )
    return person


async def test_follow_up_from_before_gets_its_agency_only_when_one_agency_enrolled_her(
    infrastructure, tmp_path: Path
):
    directory = tmp_path / "migrations"
    directory.mkdir()
    for path in MIGRATIONS["beneficiaries"].glob("*.sql"):
        if path.name < CONSENT:
            shutil.copy(path, directory)
    schema = f"c_{uuid.uuid4().hex[:8]}"
    await migrate(infrastructure.database_url, schema, directory)
    conn = await asyncpg.connect(infrastructure.database_url)
    try:
        await conn.execute(f'SET search_path TO "{schema}", public')
        one_agency = await _person(conn, None, "dif-jalisco", "dif-jalisco")
        two_agencies = await _person(conn, None, "dif-jalisco", "sedis-jalisco")
        survivor = await _person(conn, None, "dif-jalisco")
        absorbed_alike = await _person(conn, survivor)
        other_survivor = await _person(conn, None, "sedis-jalisco")
        absorbed_apart = await _person(conn, other_survivor, "dif-jalisco")

        shutil.copy(MIGRATIONS["beneficiaries"] / CONSENT, directory)
        assert await migrate(infrastructure.database_url, schema, directory) == [
            f"{schema}/{CONSENT}"
        ]
        for table in ("case_notes", "graduations"):
            found = dict(await conn.fetch(f"SELECT person_id, agency FROM {table}"))
            assert found == {
                one_agency: "dif-jalisco",
                two_agencies: None,
                survivor: "dif-jalisco",
                absorbed_alike: "dif-jalisco",
                other_survivor: None,
                absorbed_apart: None,
            }, table
    finally:
        await conn.close()
