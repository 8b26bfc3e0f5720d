"""Migration 014 reads the agreed and disagreed fields of explanations stored before it from
their levels: two records without a CURP or a phone no longer agree on the CURP nor differ on
the phone (issue 28)."""

import json
import shutil
import uuid
from pathlib import Path

import asyncpg

from services import MIGRATIONS
from shared.migrate import migrate

EXPLANATIONS = "014_explanations_read_from_levels.sql"
WITHOUT_CURP_OR_PHONE = {
    "curp": "missing",
    "given_names": "exact",
    "surnames": "both_exact",
    "birth_date": "exact",
    "sex": "agree",
    "place": "municipality",
    "phone": "missing",
}


async def _decision(conn, explanation: dict) -> uuid.UUID:
    person, enrolment, decision = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await conn.execute(
        "INSERT INTO persons (person_id, given_names, sex, birth_date) "
        "VALUES ($1, 'Ana', 'M', '1990-01-01')",
        person,
    )
    await conn.execute(
        "INSERT INTO enrolments (enrolment_id, person_id, agency, agency_record_id, programme, "
        "benefit_type, started_on, consent_to_share, submitted_person, source_event_id) "
        "VALUES ($1, $2, 'dif-jalisco', $3, 'P', 'food_basket', '2026-01-01', true, '{}', $1)",
        enrolment,
        person,
        uuid.uuid4().hex,
    )
    await conn.execute(
        "INSERT INTO match_decisions (decision_id, enrolment_id, person_id, outcome, reason, "
        "explanation, decided_by) VALUES ($1, $2, $3, 'linked', 'r', $4::jsonb, 'registry:t')",
        decision,
        enrolment,
        person,
        json.dumps(explanation),
    )
    return decision


async def test_stored_explanations_stop_agreeing_on_fields_neither_record_has(
    infrastructure, tmp_path: Path
):
    directory = tmp_path / "migrations"
    directory.mkdir()
    for path in MIGRATIONS["beneficiaries"].glob("*.sql"):
        if path.name < EXPLANATIONS:
            shutil.copy(path, directory)
    schema = f"x_{uuid.uuid4().hex[:8]}"
    await migrate(infrastructure.database_url, schema, directory)
    conn = await asyncpg.connect(infrastructure.database_url)
    try:
        await conn.execute(f'SET search_path TO "{schema}", public')
        by_weight = await _decision(
            conn,
            {
                "comparison": WITHOUT_CURP_OR_PHONE,
                "agreed": ["curp", "given_names", "surnames", "birth_date", "sex", "place"],
                "disagreed": ["phone"],
                "score": 36.2,
            },
        )
        differing_phone = await _decision(
            conn,
            {
                "comparison": {**WITHOUT_CURP_OR_PHONE, "curp": "exact", "phone": "different"},
                "agreed": ["curp", "given_names", "surnames", "birth_date", "sex", "place"],
                "disagreed": ["phone"],
            },
        )
        merged = await _decision(conn, {})

        shutil.copy(MIGRATIONS["beneficiaries"] / EXPLANATIONS, directory)
        assert await migrate(infrastructure.database_url, schema, directory) == [
            f"{schema}/{EXPLANATIONS}"
        ]
        found = {
            row["decision_id"]: json.loads(row["explanation"])
            for row in await conn.fetch("SELECT decision_id, explanation FROM match_decisions")
        }
        assert found[by_weight]["agreed"] == [
            "given_names",
            "surnames",
            "birth_date",
            "sex",
            "place",
        ]
        assert found[by_weight]["disagreed"] == [] and found[by_weight]["score"] == 36.2
        assert found[differing_phone]["agreed"][0] == "curp"
        assert found[differing_phone]["disagreed"] == ["phone"]
        assert found[merged] == {}
    finally:
        await conn.close()
