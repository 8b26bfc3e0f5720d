"""The gauge behind the "a kitchen's reports missing for a working day" alert, read from
real PostgreSQL: active kitchens without a report for the last working day before today,
not counting a kitchen suspended or not yet open that day, nor a superseded report's
amendment twice; a declared holiday moves the day back."""

import uuid
from datetime import date

import pytest

from services.kitchens.domain.calendar import previous_working_day
from services.kitchens.domain.commands import ChangeStatus, RegisterKitchen
from services.kitchens.entrypoints.kafka_handlers import take_tablet_report
from services.kitchens.service_layer import registry
from services.kitchens.service_layer.report_watch import kitchens_missing_reports
from shared.contracts.kitchens import DailyReportSubmittedV1
from shared.programme_clock import programme_today
from tests.integration.kitchens_fixtures import (
    COMMITTEE,
    events_caused_by,
    handle,
    kitchens_schema,
    new_kitchen,
)


@pytest.fixture(scope="module")
async def kitchens_db(infrastructure):
    async with kitchens_schema(infrastructure.database_url) as database:
        yield database


async def _missing(database) -> float:
    async with database.pool.acquire() as conn:
        return (await kitchens_missing_reports(conn))[()]


async def _holidays(database) -> set[date]:
    return {r["day"] for r in await database.pool.fetch("SELECT day FROM holidays")}


async def test_only_active_kitchens_without_the_days_report_count(kitchens_db):
    day = previous_working_day(programme_today(), await _holidays(kitchens_db))
    reported, silent, suspended = [await new_kitchen(kitchens_db) for _ in range(3)]
    async with kitchens_db.pool.acquire() as conn:
        await registry.register_kitchen(
            conn,
            RegisterKitchen(
                kitchen_id=f"T-{uuid.uuid4().hex[:8].upper()}",
                name="Comedor que abre hoy",
                alcaldia="Tlalpan",
                colonia="Centro",
                daily_capacity=200,
                opening_date=programme_today(),
                committee=COMMITTEE,
            ),
        )
    async with kitchens_db.pool.acquire() as conn:
        await registry.change_status(
            conn,
            suspended,
            ChangeStatus(
                status="suspended", reason="obra", decided_by="programa", effective_on=day
            ),
        )
    assert await _missing(kitchens_db) == 2  # reported and silent; not the suspended or new one

    report = DailyReportSubmittedV1(
        kitchen_id=reported,
        report_date=day,
        rations_dine_in=150,
        rations_take_away=10,
        fees_collected_centavos=160_000,
    )
    caused = await events_caused_by(
        kitchens_db, await handle(kitchens_db, take_tablet_report, report)
    )
    assert caused[0]["type"] == "kitchens.daily_report_accepted", caused
    assert await _missing(kitchens_db) == 1, f"{silent} alone has not reported {day}"

    # The day declared a holiday: the gauge looks at the working day before it, which
    # neither open kitchen reported.
    await kitchens_db.pool.execute(
        "INSERT INTO holidays (day, name) VALUES ($1, 'Día de prueba')", day
    )
    assert previous_working_day(programme_today(), await _holidays(kitchens_db)) < day
    assert await _missing(kitchens_db) == 3  # reported, silent and, active then, suspended
