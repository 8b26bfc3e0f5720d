"""The electronic purse: purchases debit it, the monthly subsidy run credits it."""

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

import asyncpg

from shared.contracts.kitchens import PurchaseRecordedV1, PurchaseSubmittedV1, SubsidyCreditedV1
from shared.envelope import Envelope
from shared.errors import Rejected
from shared.programme_clock import programme_today

from ..adapters.config_repository import ConfigRepository
from ..adapters.purse_repository import PurseRepository
from ..domain.ledger import purchase_debit, subsidy_credit
from ..domain.monitoring import negative_purse_flag, spending_outliers
from ..domain.purchases import check_purchase
from ..domain.subsidy import (
    NoRateInForce,
    Rate,
    check_rates_cover,
    month_start,
    month_subsidy,
    next_month,
    preview_credits,
)
from .monitoring_flags import raise_flags
from .publishing import publish


async def record_purchase(
    conn: asyncpg.Connection, purchase: PurchaseSubmittedV1, cause: Envelope[Any] | None
) -> UUID:
    """Must run inside the caller's transaction."""
    repository = PurseRepository(conn)
    check_purchase(purchase, await repository.lock_for_purchase(purchase), programme_today())
    purchase_id = uuid4()
    await repository.add_purchase(purchase_id, purchase, cause.event_id if cause else None)
    await repository.post(
        "purchase",
        purchase.kitchen_id,
        purchase.purchased_on,
        f"purchase:{purchase_id}",
        purchase_debit(purchase.kitchen_id, purchase.amount_centavos),
    )
    balance = await repository.balance(purchase.kitchen_id)
    await publish(
        conn,
        PurchaseRecordedV1(
            purchase_id=purchase_id,
            kitchen_id=purchase.kitchen_id,
            purchased_on=purchase.purchased_on,
            supplier=purchase.supplier,
            category=purchase.category,
            amount_centavos=purchase.amount_centavos,
            receipt_reference=purchase.receipt_reference,
            purse_balance_centavos=balance,
        ),
        cause,
    )
    flag = negative_purse_flag(purchase.purchased_on, balance, purchase.amount_centavos)
    await raise_flags(conn, purchase.kitchen_id, [flag] if flag else [], cause)
    return purchase_id


@dataclass(frozen=True)
class RunResult:
    month: str
    kitchens_credited: int
    kitchens_already_credited: int
    amount_centavos: int


async def run_monthly_subsidy(pool: asyncpg.Pool, month: str) -> RunResult:
    """Credits every kitchen with accepted rations in `month`, one transaction per
    kitchen. A kitchen already credited for the month is skipped, so a second run
    credits nothing."""
    async with pool.acquire() as conn:
        start, end, rates = await _month_to_credit(conn, month)
        kitchens = await PurseRepository(conn).kitchens_to_credit(start, end)
        credited = [
            amount
            for kitchen_id in kitchens
            if (amount := await _credit(conn, kitchen_id, start, end, rates))
        ]
        await _flag_spending(conn, start, end)
    return RunResult(month, len(credited), len(kitchens) - len(credited), sum(credited))


async def preview_monthly_subsidy(conn: asyncpg.Connection, month: str) -> dict[str, Any]:
    """What the run of `month` would credit, computed as the run does, writing nothing: the
    same refusals (a month not ended, a day with no rate) come before anything is shown."""
    start, end, rates = await _month_to_credit(conn, month)
    previews = preview_credits(
        await PurseRepository(conn).month_of_every_kitchen(start, end), rates
    )
    to_credit = [p for p in previews if not p.already_credited]
    return {
        "month": month,
        "kitchens": [asdict(p) for p in previews],
        "kitchens_to_credit": len(to_credit),
        "kitchens_already_credited": len(previews) - len(to_credit),
        "amount_centavos": sum(p.amount_centavos for p in to_credit),
    }


async def _month_to_credit(conn: asyncpg.Connection, month: str) -> tuple[date, date, list[Rate]]:
    """The month's first day, the next month's, and the rates: only for a month that has
    ended and has a subsidy rate in force every day."""
    start = month_start(month)
    end = next_month(start)
    if end > programme_today():
        raise Rejected(
            "month",
            f"{month} has not ended yet (today is {programme_today()})",
            code="month_not_ended",
            params={"month": month},
        )
    rates = await ConfigRepository(conn).rates("subsidy_per_ration")
    try:
        check_rates_cover(start, end, rates)
    except NoRateInForce as exc:
        raise Rejected("month", str(exc), code="no_subsidy_rate", params={"month": month}) from None
    return start, end, rates


async def _credit(
    conn: asyncpg.Connection, kitchen_id: str, start: date, end: date, rates: list[Rate]
) -> int | None:
    async with conn.transaction():
        repository = PurseRepository(conn)
        rations = await repository.lock_uncredited_month(kitchen_id, start, end)
        if rations is None:
            return None
        amount, month = month_subsidy(rations, rates), f"{start:%Y-%m}"
        txn_id = await repository.post(
            "subsidy",
            kitchen_id,
            start,
            f"subsidy:{kitchen_id}:{month}",
            subsidy_credit(kitchen_id, amount),
        )
        await repository.record_credit(kitchen_id, start, sum(rations.values()), amount, txn_id)
        await publish(
            conn,
            SubsidyCreditedV1(
                kitchen_id=kitchen_id,
                month=month,
                rations=sum(rations.values()),
                amount_centavos=amount,
                purse_balance_centavos=await repository.balance(kitchen_id),
            ),
            None,
        )
    return amount


async def _flag_spending(conn: asyncpg.Connection, start: date, end: date) -> None:
    per_ration = await PurseRepository(conn).spending_per_ration(start, end)
    parameters = await ConfigRepository(conn).parameters()
    flags = spending_outliers(end - timedelta(days=1), per_ration, parameters)
    for kitchen_id, flag in flags.items():
        async with conn.transaction():
            await raise_flags(conn, kitchen_id, [flag], None)
