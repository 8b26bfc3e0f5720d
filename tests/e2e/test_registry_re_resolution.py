"""Batch re-resolution with a changed model opens review tasks for what would
change, once, and never merges anyone on its own."""

import dataclasses

from services.beneficiaries.domain.match_model import load_model
from services.beneficiaries.service_layer.re_resolution import re_resolve
from shared.db import create_pool
from tests.e2e.test_registry_flows import agency_record, enrol


async def test_a_looser_model_turns_new_links_into_review_tasks_once(infrastructure, services):
    kafka = infrastructure.kafka.operator
    # Common names, one surname and a digit of the birth date apart, in neighbouring towns:
    # the shipped model makes two persons, a looser one asks a caseworker. (Born a year apart
    # with nothing else in common, no model would: resolution.BIRTH_DATES_DIFFER_ALONE.) No other
    # test uses these: a review lists three candidates, and other tests' namesakes could crowd
    # them out.
    given = {"given_names": "Margarita", "paternal_surname": "López"}
    [first] = await enrol(
        kafka,
        agency_record(
            "dif-jalisco",
            **given,
            maternal_surname="Martínez",
            birth_date="1960-05-05",
            municipality="Tonalá",
        ),
    )
    [second] = await enrol(
        kafka,
        agency_record(
            "sedis-jalisco",
            **given,
            maternal_surname="Ramírez",
            birth_date="1960-05-08",
            municipality="Zapopan",
        ),
    )
    assert first["decision"] == second["decision"] == "new_person"

    default = load_model()
    looser = dataclasses.replace(
        default, version="test-looser", upper_threshold=5.0, lower_threshold=2.0
    )
    pool = await create_pool(infrastructure.database_url, "beneficiaries")
    try:
        unchanged = await re_resolve(pool, default, chunk_size=7)
        changed = await re_resolve(pool, looser, chunk_size=7)
        again = await re_resolve(pool, looser, chunk_size=7)
        async with pool.acquire() as conn:
            tasks = await conn.fetch(
                "SELECT person_id, candidates, reason FROM review_tasks WHERE run_id = $1",
                changed.run_id,
            )
            persons = {
                r["person_id"]
                for r in await conn.fetch(
                    "SELECT person_id FROM enrolments WHERE agency_record_id = ANY($1::text[])",
                    [first["agency_record_id"], second["agency_record_id"]],
                )
            }
    finally:
        await pool.close()

    assert unchanged.records_checked >= 2 and changed.records_checked >= 2
    pairs = [{str(t["person_id"]), *(c["person_id"] for c in t["candidates"])} for t in tasks]
    assert any({first["person_id"], second["person_id"]} <= pair for pair in pairs)
    assert all("test-looser" in t["reason"] for t in tasks)
    assert again.tasks_opened == 0, "a pair already put to review is not put again"
    assert len(persons) == 2, "re-resolution never merges on its own"
