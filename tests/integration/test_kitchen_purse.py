"""The purse against real PostgreSQL: purchases debit it, the monthly run credits it once,
and the double-entry ledger balances under concurrent reports, purchases and runs."""

import asyncio
import random
from datetime import date, timedelta

import pytest

from services.kitchens.domain.errors import Conflict
from services.kitchens.entrypoints.kafka_handlers import take_purchase, take_tablet_report
from services.kitchens.service_layer.purse import record_purchase, run_monthly_subsidy
from shared.contracts.kitchens import DailyReportSubmittedV1, PurchaseSubmittedV1
from shared.errors import Rejected
from tests.integration.kitchens_fixtures import (
    events_caused_by,
    events_of,
    handle,
    kitchens_schema,
    new_kitchen,
)


@pytest.fixture(scope="module")
async def kitchens_db(infrastructure):
    async with kitchens_schema(infrastructure.database_url) as database:
        yield database


def weekdays(month: int, count: int) -> list[date]:
    days, day = [], date(2026, month, 1)
    while len(days) < count:
        if day.isoweekday() <= 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def skip_holidays(days: list[date]) -> list[date]:
    return [d for d in days if d not in {date(2026, 9, 16), date(2026, 5, 1), date(2026, 3, 16)}]


async def send_report(database, kitchen_id: str, day: date, rations: int) -> None:
    await handle(
        database,
        take_tablet_report,
        DailyReportSubmittedV1(
            kitchen_id=kitchen_id,
            report_date=day,
            rations_dine_in=rations,
            rations_take_away=0,
            fees_collected_centavos=rations * 1000,
        ),
    )


def purchase(kitchen_id: str, day: date, amount: int, receipt: str) -> PurchaseSubmittedV1:
    return PurchaseSubmittedV1(
        kitchen_id=kitchen_id,
        purchased_on=day,
        supplier="Recaudería Lupita",
        category="perishable",
        amount_centavos=amount,
        receipt_reference=receipt,
    )


async def purse_balance(database, kitchen_id: str) -> int:
    return await database.pool.fetchval(
        "SELECT coalesce(sum(amount_centavos), 0) FROM ledger_entries "
        "WHERE account = 'purse:' || $1",
        kitchen_id,
    )


async def test_a_purchase_debits_the_purse_and_a_negative_balance_is_flagged(kitchens_db):
    kitchen_id = await new_kitchen(kitchens_db)
    message = await handle(
        kitchens_db, take_purchase, purchase(kitchen_id, date(2026, 3, 2), 250_00, "F-1")
    )
    recorded, flag = await events_caused_by(kitchens_db, message)
    assert recorded["payload"]["purse_balance_centavos"] == -250_00
    assert flag["payload"]["rule"] == "negative_purse_balance"
    assert await purse_balance(kitchens_db, kitchen_id) == -250_00
    [refused] = await events_caused_by(
        kitchens_db,
        await handle(
            kitchens_db, take_purchase, purchase(kitchen_id, date(2026, 3, 3), 10_00, "F-1")
        ),
    )
    assert (refused["payload"]["field"], refused["payload"]["reason"]) == (
        "receipt_reference",
        "receipt F-1 is already recorded for this kitchen",
    )
    async with kitchens_db.pool.acquire() as conn, conn.transaction():
        with pytest.raises(Conflict, match="already recorded"):
            await record_purchase(conn, purchase(kitchen_id, date(2026, 3, 3), 10_00, "F-1"), None)


async def test_the_monthly_run_uses_the_rate_in_force_each_day_and_credits_once(kitchens_db):
    await kitchens_db.pool.execute(
        "UPDATE rates SET valid_until = '2026-04-14' "
        "WHERE kind = 'subsidy_per_ration' AND valid_until IS NULL;"
        "INSERT INTO rates (kind, valid_from, centavos) "
        "VALUES ('subsidy_per_ration', '2026-04-15', 1300)"
    )
    kitchen_id = await new_kitchen(kitchens_db)
    days = [date(2026, 4, 14), date(2026, 4, 15), date(2026, 4, 16)]
    for day, rations in zip(days, (100, 110, 120), strict=True):
        await send_report(kitchens_db, kitchen_id, day, rations)

    first = await run_monthly_subsidy(kitchens_db.pool, "2026-04")
    second = await run_monthly_subsidy(kitchens_db.pool, "2026-04")
    assert (
        first.kitchens_credited,
        second.kitchens_credited,
        second.kitchens_already_credited,
    ) == (1, 0, 1)
    expected = 100 * 1150 + (110 + 120) * 1300
    assert first.amount_centavos == expected
    [credit] = await events_of(kitchens_db, kitchen_id, "kitchens.subsidy_credited")
    assert (credit["month"], credit["rations"], credit["amount_centavos"]) == (
        "2026-04",
        330,
        expected,
    )
    assert await purse_balance(kitchens_db, kitchen_id) == expected
    late = await handle(
        kitchens_db,
        take_tablet_report,
        DailyReportSubmittedV1(
            kitchen_id=kitchen_id,
            report_date=date(2026, 4, 17),
            rations_dine_in=100,
            rations_take_away=0,
            fees_collected_centavos=100_000,
        ),
    )
    [refused] = await events_caused_by(kitchens_db, late)
    assert refused["payload"]["reason"].startswith("the subsidy for 2026-04 was already credited")


async def test_a_month_that_has_not_ended_or_has_no_rate_cannot_be_run(kitchens_db):
    with pytest.raises(Rejected, match="has not ended yet") as caught:
        await run_monthly_subsidy(kitchens_db.pool, "2099-01")
    assert caught.value.field == "month"
    with pytest.raises(Rejected) as caught:
        await run_monthly_subsidy(kitchens_db.pool, "2019-12")
    assert (caught.value.field, caught.value.reason) == (
        "month",
        "no subsidy rate in force on 2019-12-01",
    )


async def test_spending_far_from_the_peers_is_flagged_by_the_run(kitchens_db):
    kitchens = [await new_kitchen(kitchens_db) for _ in range(4)]
    day = date(2026, 2, 3)
    for n, kitchen_id in enumerate(kitchens):
        await send_report(kitchens_db, kitchen_id, day, 100)
        await handle(
            kitchens_db,
            take_purchase,
            purchase(kitchen_id, day, 100 * (1000 if n < 3 else 5000), f"S-{n}"),
        )
    await run_monthly_subsidy(kitchens_db.pool, "2026-02")
    flagged = {
        k
        for k in kitchens
        for f in await events_of(kitchens_db, k, "kitchens.monitoring_flag_raised")
        if f["rule"] == "spending_per_ration_outlier"
    }
    assert flagged == {kitchens[3]}
    [flag] = [
        f
        for f in await events_of(kitchens_db, kitchens[3], "kitchens.monitoring_flag_raised")
        if f["rule"] == "spending_per_ration_outlier"
    ]
    assert (flag["evidence"]["centavos_per_ration"], flag["evidence"]["peer_median"]) == (
        5000.0,
        1000.0,
    )


async def test_the_ledger_balances_under_concurrent_reports_purchases_and_runs(kitchens_db):
    kitchens = [await new_kitchen(kitchens_db) for _ in range(4)]
    june, july = skip_holidays(weekdays(6, 10)), skip_holidays(weekdays(7, 10))
    for kitchen_id in kitchens:
        await asyncio.gather(*(send_report(kitchens_db, kitchen_id, day, 150) for day in june))
    rng = random.Random(7)
    amounts = {k: [rng.randint(1, 90_000) for _ in range(10)] for k in kitchens}
    work = [send_report(kitchens_db, k, day, 160) for k in kitchens for day in july]
    work += [
        handle(kitchens_db, take_purchase, purchase(k, july[n], amount, f"C-{n}"))
        for k in kitchens
        for n, amount in enumerate(amounts[k])
    ]
    work += [run_monthly_subsidy(kitchens_db.pool, "2026-06") for _ in range(3)]
    rng.shuffle(work)
    await asyncio.gather(*work)

    totals = await kitchens_db.pool.fetchrow(
        "SELECT sum(amount_centavos) AS total, "
        "(SELECT count(*) FROM (SELECT txn_id FROM ledger_entries GROUP BY txn_id "
        "HAVING sum(amount_centavos) <> 0) u) AS unbalanced "
        "FROM ledger_entries"
    )
    assert (totals["total"], totals["unbalanced"]) == (0, 0)
    rate = await kitchens_db.pool.fetchval(
        "SELECT centavos FROM rates WHERE kind = 'subsidy_per_ration' "
        "AND valid_from <= '2026-06-01' ORDER BY valid_from DESC LIMIT 1"
    )
    for kitchen_id in kitchens:
        credits = await kitchens_db.pool.fetch(
            "SELECT amount_centavos FROM subsidy_credits WHERE kitchen_id = $1", kitchen_id
        )
        assert [c["amount_centavos"] for c in credits] == [150 * len(june) * rate]
        assert await purse_balance(kitchens_db, kitchen_id) == 150 * len(june) * rate - sum(
            amounts[kitchen_id]
        )


async def test_the_database_refuses_an_unbalanced_transaction(kitchens_db):
    import asyncpg

    kitchen_id = await new_kitchen(kitchens_db)
    async with kitchens_db.pool.acquire() as conn:
        with pytest.raises(asyncpg.CheckViolationError, match="does not balance"):
            async with conn.transaction():
                await conn.execute(
                    "INSERT INTO ledger_transactions "
                    "(txn_id, kind, kitchen_id, booked_on, reference) "
                    "VALUES (gen_random_uuid(), 'purchase', $1, '2026-03-02', 'bad')",
                    kitchen_id,
                )
                await conn.execute(
                    "INSERT INTO ledger_entries (txn_id, account, amount_centavos) "
                    "SELECT txn_id, 'purse:' || $1, 5 FROM ledger_transactions "
                    "WHERE reference = 'bad'",
                    kitchen_id,
                )
