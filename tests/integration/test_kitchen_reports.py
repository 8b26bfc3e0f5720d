"""Daily reports from the tablet against real PostgreSQL: accepted, refused with an
answer the tablet can correlate, amended without losing the original, monitored."""

from datetime import date, timedelta

import pytest

from services.kitchens.domain.commands import ChangeStatus
from services.kitchens.entrypoints.kafka_handlers import take_survey, take_tablet_report
from services.kitchens.service_layer import registry
from services.kitchens.service_layer.indicators import period_indicators
from shared.contracts.kitchens import (
    DailyReportAmendmentSubmittedV1,
    DailyReportSubmittedV1,
    SurveySubmittedV1,
)
from shared.errors import Rejected
from tests.integration.kitchens_fixtures import (
    events_caused_by,
    events_of,
    handle,
    kitchens_schema,
    new_kitchen,
)

MONDAY = date(2026, 10, 5)


@pytest.fixture(scope="module")
async def kitchens_db(infrastructure):
    async with kitchens_schema(infrastructure.database_url) as database:
        yield database


def report(
    kitchen_id: str, day: date = MONDAY, rations: int = 180, **overrides
) -> DailyReportSubmittedV1:
    values = {
        "kitchen_id": kitchen_id,
        "report_date": day,
        "rations_dine_in": rations,
        "rations_take_away": 0,
        "fees_collected_centavos": rations * 1000,
        **overrides,
    }
    return DailyReportSubmittedV1(**values)


async def test_a_duplicate_day_is_answered_and_an_amendment_keeps_the_original(kitchens_db):
    kitchen_id = await new_kitchen(kitchens_db)
    [accepted] = await events_caused_by(
        kitchens_db, await handle(kitchens_db, take_tablet_report, report(kitchen_id))
    )
    duplicate = await handle(kitchens_db, take_tablet_report, report(kitchen_id, rations=190))
    [answer] = await events_caused_by(kitchens_db, duplicate)
    assert answer["type"] == "kitchens.submission_rejected"
    assert answer["correlation_id"] == str(duplicate.event_id)
    assert answer["payload"]["field"] == "report_date"
    assert "a correction must be sent as an amendment" in answer["payload"]["reason"]

    amendment = DailyReportAmendmentSubmittedV1(
        **report(kitchen_id, rations=170).model_dump(), reason="se contó doble"
    )
    [amended] = await events_caused_by(
        kitchens_db, await handle(kitchens_db, take_tablet_report, amendment)
    )
    assert amended["type"] == "kitchens.daily_report_amended"
    assert amended["payload"]["amends_report_id"] == accepted["payload"]["report_id"]
    rows = await kitchens_db.pool.fetch(
        "SELECT rations_dine_in, superseded, amendment_reason FROM daily_reports "
        "WHERE kitchen_id = $1 ORDER BY accepted_at",
        kitchen_id,
    )
    assert [tuple(r) for r in rows] == [(180, True, None), (170, False, "se contó doble")]


async def test_a_suspension_closes_the_days_from_its_effective_date(kitchens_db):
    kitchen_id = await new_kitchen(kitchens_db)
    async with kitchens_db.pool.acquire() as conn:
        await registry.change_status(
            conn,
            kitchen_id,
            ChangeStatus(
                status="suspended",
                reason="fuga de gas",
                decided_by="protección civil",
                effective_on=date(2026, 10, 7),
            ),
        )
    [before] = await events_caused_by(
        kitchens_db,
        await handle(kitchens_db, take_tablet_report, report(kitchen_id, date(2026, 10, 6))),
    )
    assert before["type"] == "kitchens.daily_report_accepted"
    answer, _flag = await events_caused_by(
        kitchens_db,
        await handle(kitchens_db, take_tablet_report, report(kitchen_id, date(2026, 10, 8))),
    )
    assert answer["payload"]["reason"] == "the kitchen was suspended on 2026-10-08"


async def test_a_report_on_a_holiday_is_refused_and_flagged(kitchens_db):
    kitchen_id = await new_kitchen(kitchens_db)
    holiday = report(kitchen_id, day=date(2026, 9, 16))
    answer, flag = await events_caused_by(
        kitchens_db, await handle(kitchens_db, take_tablet_report, holiday)
    )
    assert (
        answer["payload"]["reason"] == "2026-09-16 is a declared holiday (Día de la Independencia)"
    )
    assert flag["payload"]["rule"] == "report_on_non_operating_day"
    assert flag["payload"]["evidence"]["report_date"] == "2026-09-16"


async def test_monitoring_flags_carry_their_evidence(kitchens_db):
    kitchen_id = await new_kitchen(kitchens_db, capacity=200)
    days = [MONDAY + timedelta(days=n) for n in (0, 1, 2, 3, 4, 7)]
    for day in days[:5]:
        await handle(kitchens_db, take_tablet_report, report(kitchen_id, day, rations=120))
    await handle(kitchens_db, take_tablet_report, report(kitchen_id, days[5], rations=210))
    flags = {
        f["rule"]: f
        for f in await events_of(kitchens_db, kitchen_id, "kitchens.monitoring_flag_raised")
    }
    assert sorted(flags) == ["rations_above_capacity", "repeated_count", "sudden_jump"]
    assert flags["repeated_count"]["observed_on"] == days[4].isoformat()
    assert flags["sudden_jump"]["evidence"]["recent_average"] == 120.0
    assert flags["rations_above_capacity"]["evidence"] == {"rations": 210, "daily_capacity": 200}


async def test_a_low_survey_emits_the_agreed_contract(kitchens_db):
    kitchen_id = await new_kitchen(kitchens_db)
    scores = {
        "service_quality": 4,
        "treatment": 4,
        "hygiene_and_upkeep": 1,
        "food_quality": 4,
        "use_of_subsidy": 4,
        "attention_to_requests": 4,
    }
    survey = SurveySubmittedV1(
        kitchen_id=kitchen_id, surveyed_on=MONDAY, scores=scores, comment="baños sucios"
    )
    recorded, low = await events_caused_by(
        kitchens_db, await handle(kitchens_db, take_survey, survey)
    )
    assert recorded["type"] == "kitchens.survey_recorded"
    assert low["type"] == "kitchens.survey_below_threshold"
    assert low["payload"]["aspects_below"] == ["hygiene_and_upkeep"]
    assert (low["payload"]["average_threshold"], low["payload"]["aspect_threshold"]) == (3.0, 2)
    assert "baños" not in str(low), "free text is never published"
    incomplete = SurveySubmittedV1(
        kitchen_id=kitchen_id, surveyed_on=MONDAY, scores={"treatment": 5}
    )
    [refused] = await events_caused_by(
        kitchens_db, await handle(kitchens_db, take_survey, incomplete)
    )
    assert refused["payload"]["field"] == "scores.service_quality"
    early = SurveySubmittedV1(kitchen_id=kitchen_id, surveyed_on=date(2025, 12, 1), scores=scores)
    [refused] = await events_caused_by(kitchens_db, await handle(kitchens_db, take_survey, early))
    assert (refused["payload"]["field"], refused["payload"]["reason"]) == (
        "surveyed_on",
        "2025-12-01 is not between the opening date 2026-01-05 and today",
    )
    unknown = SurveySubmittedV1(kitchen_id="NOPE-404", surveyed_on=MONDAY, scores=scores)
    [refused] = await events_caused_by(kitchens_db, await handle(kitchens_db, take_survey, unknown))
    assert refused["payload"]["reason"] == "no kitchen NOPE-404 is registered"


async def test_indicator_periods_are_checked(kitchens_db):
    async with kitchens_db.pool.acquire() as conn:
        for start, end, kitchen, words in [
            (
                date(2026, 10, 9),
                date(2026, 10, 5),
                None,
                "2026-10-05 is before the start 2026-10-09",
            ),
            (date(2025, 1, 1), date(2026, 10, 5), None, "a period spans at most 366 days"),
            (date(2026, 10, 5), date(2026, 10, 9), "NOPE-404", "no kitchen NOPE-404 is registered"),
        ]:
            with pytest.raises(Rejected) as caught:
                await period_indicators(conn, start, end, kitchen)
            assert words == caught.value.reason
