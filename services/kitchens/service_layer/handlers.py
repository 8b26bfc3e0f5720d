"""Use cases of the kitchens service."""

from datetime import date, datetime
from typing import Any
from uuid import uuid4
from zoneinfo import ZoneInfo

import asyncpg

from shared.contracts.kitchens import DailyReportAcceptedV1, DailyReportSubmittedV1, KitchenRegisteredV1
from shared.envelope import Envelope
from shared.errors import Rejected
from shared.outbox import add_to_outbox
from shared.topics import KITCHEN_EVENTS

from ..adapters.kitchens_repository import KitchensRepository
from ..domain.reports import check_report

SERVICE = "kitchens"
# Kitchens report on Mexico City's calendar, whatever the server's clock zone.
PROGRAMME_TIMEZONE = ZoneInfo("America/Mexico_City")


def programme_today() -> date:
    return datetime.now(PROGRAMME_TIMEZONE).date()


async def accept_daily_report(conn: asyncpg.Connection, envelope: Envelope[Any]) -> None:
    report: DailyReportSubmittedV1 = envelope.payload
    repository = KitchensRepository(conn)
    check_report(report, await repository.lock_for_report(report.kitchen_id, report.report_date), programme_today())
    report_id = uuid4()
    await repository.add_report(report_id, report, envelope.event_id)
    await add_to_outbox(
        conn,
        topic=KITCHEN_EVENTS.name,
        event=DailyReportAcceptedV1(
            report_id=report_id,
            kitchen_id=report.kitchen_id,
            report_date=report.report_date,
            rations_total=report.rations_dine_in + report.rations_take_away,
            fees_collected_centavos=report.fees_collected_centavos,
            beneficiary_person_ids=report.beneficiary_person_ids,
        ),
        producer=SERVICE,
        cause=envelope,
    )


async def register_kitchen(conn: asyncpg.Connection, kitchen: KitchenRegisteredV1) -> None:
    async with conn.transaction():
        if not await KitchensRepository(conn).add_kitchen(kitchen):
            raise Rejected("kitchen_id", f"kitchen {kitchen.kitchen_id} is already registered")
        await add_to_outbox(conn, topic=KITCHEN_EVENTS.name, event=kitchen, producer=SERVICE)
