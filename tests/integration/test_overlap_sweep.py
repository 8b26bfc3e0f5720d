"""Support overlaps whose enrolment simply ran out, against real PostgreSQL:
no event says so, the periodic sweep clears them once."""

from datetime import timedelta

from services.beneficiaries.service_layer.overlap_sweep import clear_lapsed_overlaps
from shared.programme_clock import programme_today
from tests.benchmarks.synthetic_registry import generate
from tests.integration.test_registry_batches import apply_in_batches, registry_schema


async def test_an_overlap_is_cleared_once_the_day_after_one_of_its_enrolments_ends(infrastructure):
    today = programme_today()
    enrolment = next(
        r.enrolment for r in generate(20, seed=5) if r.enrolment.person.national_id_type == "CURP"
    )
    basket = enrolment.model_copy(
        update={
            "agency": "dif-jalisco",
            "agency_record_id": "DIF-1",
            "benefit_type": "food_basket",
            "started_on": today - timedelta(days=30),
            "ended_on": today + timedelta(days=10),
        }
    )
    voucher = basket.model_copy(
        update={
            "agency": "sedis-jalisco",
            "agency_record_id": "SED-1",
            "benefit_type": "food_voucher",
            "ended_on": None,
        }
    )
    database = await registry_schema(infrastructure.database_url)
    try:
        await apply_in_batches(database, [basket, voucher], 1)
        assert (
            await database.pool.fetchval(
                "SELECT count(*) FROM support_overlaps WHERE cleared_at IS NULL"
            )
            == 1
        )

        async with database.pool.acquire() as conn:
            assert await clear_lapsed_overlaps(conn, today + timedelta(days=10)) == 0, (
                "the last day still counts"
            )
            assert await clear_lapsed_overlaps(conn, today + timedelta(days=11)) == 1
            assert await clear_lapsed_overlaps(conn, today + timedelta(days=12)) == 0, (
                "cleared once"
            )
        assert (
            await database.pool.fetchval("SELECT clear_reason FROM support_overlaps")
            == "an enrolment ended"
        )
        cleared = await database.pool.fetch(
            "SELECT envelope FROM outbox "
            "WHERE envelope->>'type' = 'beneficiaries.support_overlap_cleared'"
        )
        assert [e["envelope"]["payload"]["reason"] for e in cleared] == ["an enrolment ended"]
    finally:
        await database.close()
