"""A monitoring flag closes when the grievance case it opened ends: the kitchens service
learns it from `grievances.case_closed` alone (contracts, never the other's database)."""

import asyncio
import uuid

from deploy.local.agency_client import agency_envelope, publish_envelopes
from shared.db import connect
from shared.topics import DAILY_REPORTS, GRIEVANCE_EVENTS, KITCHEN_EVENTS
from tests.e2e.grievance_helpers import transition
from tests.e2e.test_skeleton_flows import registered_kitchen
from tests.kafka_helpers import json_value, wait_for_records


async def flag_status(infrastructure, flag_id: str) -> str:
    conn = await connect(infrastructure.database_url, "kitchens")
    try:
        return await conn.fetchval(
            "SELECT status FROM monitoring_flags WHERE flag_id = $1", uuid.UUID(flag_id)
        )
    finally:
        await conn.close()


async def status_becomes(infrastructure, flag_id: str, wanted: str, seconds: float = 30) -> str:
    status = await flag_status(infrastructure, flag_id)
    for _ in range(int(seconds / 0.25)):
        if status == wanted:
            break
        await asyncio.sleep(0.25)
        status = await flag_status(infrastructure, flag_id)
    return status


async def test_closing_the_case_a_flag_opened_closes_the_flag(infrastructure, services):
    kitchen_id = registered_kitchen(services)
    # A purchase on a purse with nothing in it raises negative_purse_balance.
    purchase = agency_envelope(
        event_type="kitchens.purchase_submitted",
        producer="tablet-gateway",
        key=kitchen_id,
        payload={
            "kitchen_id": kitchen_id,
            "purchased_on": "2026-10-06",
            "supplier": "Recaudería Doña Mago",
            "category": "perishable",
            "amount_centavos": 50_000,
            "receipt_reference": f"T-{uuid.uuid4().hex[:6]}",
        },
    )
    await publish_envelopes(infrastructure.kafka.operator, DAILY_REPORTS.name, [purchase])
    (raised,) = await wait_for_records(
        infrastructure.kafka.operator,
        KITCHEN_EVENTS.name,
        lambda r: (
            (json_value(r) or {}).get("type") == "kitchens.monitoring_flag_raised"
            and json_value(r)["payload"]["kitchen_id"] == kitchen_id
        ),
    )
    flag_id = json_value(raised)["payload"]["flag_id"]
    (opened,) = await wait_for_records(
        infrastructure.kafka.operator,
        GRIEVANCE_EVENTS.name,
        lambda r: (
            (json_value(r) or {}).get("payload", {}).get("channel_reference")
            == f"kitchens.monitoring_flag:{flag_id}"
        ),
    )
    case_id = json_value(opened)["payload"]["case_id"]
    assert await flag_status(infrastructure, flag_id) == "open"

    for action, details in (
        ("acknowledge", {}),
        ("assign", {"assignee": {"kind": "kitchen_supervisor", "ref": kitchen_id}}),
        ("start", {}),
        ("resolve", {"answer": "El comité repuso el saldo con la cuota de recuperación."}),
    ):
        assert transition(services, case_id, action, **details)[0] == 200
    # Resolved is not ended: the flag stays open until the case closes.
    await asyncio.sleep(1)
    assert await flag_status(infrastructure, flag_id) == "open"
    assert transition(services, case_id, "close")[0] == 200
    assert await status_becomes(infrastructure, flag_id, "closed") == "closed"
