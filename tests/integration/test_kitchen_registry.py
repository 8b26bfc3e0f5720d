"""Registry and committee use cases against real PostgreSQL: history kept, events recorded,
refusals explained."""

import pytest

from services.kitchens.domain.commands import (
    ChangeStatus,
    MemberLeaves,
    NewMember,
    RegisterKitchen,
    UpdateKitchen,
)
from services.kitchens.domain.errors import Conflict, UnknownKitchen
from services.kitchens.entrypoints.kafka_handlers import take_tablet_report
from services.kitchens.service_layer import registry
from shared.contracts.kitchens import DailyReportSubmittedV1
from tests.integration.kitchens_fixtures import (
    COMMITTEE,
    OPENED,
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


async def test_registration_update_and_status_keep_history_and_emit_events(kitchens_db):
    kitchen_id = await new_kitchen(kitchens_db, marginalisation="very_high")
    async with kitchens_db.pool.acquire() as conn:
        await registry.update_kitchen(
            conn, kitchen_id, UpdateKitchen(daily_capacity=300, decided_by="comité")
        )
        await registry.change_status(
            conn,
            kitchen_id,
            ChangeStatus(
                status="suspended", reason="inspección sanitaria", decided_by="supervisora"
            ),
        )
        await registry.change_status(
            conn,
            kitchen_id,
            ChangeStatus(status="active", reason="inspección aprobada", decided_by="supervisora"),
        )
        history = await conn.fetch(
            "SELECT change, decided_by FROM kitchen_history "
            "WHERE kitchen_id = $1 ORDER BY change_id",
            kitchen_id,
        )
        statuses = await conn.fetch(
            "SELECT status, reason FROM kitchen_status_periods "
            "WHERE kitchen_id = $1 ORDER BY recorded_at",
            kitchen_id,
        )
    assert [h["change"] for h in history] == [
        "registered",
        "updated",
        "status:suspended",
        "status:active",
    ]
    assert [(s["status"], s["reason"]) for s in statuses] == [
        ("active", "registered"),
        ("suspended", "inspección sanitaria"),
        ("active", "inspección aprobada"),
    ]
    [registered] = await events_of(kitchens_db, kitchen_id, "kitchens.kitchen_registered")
    assert registered["marginalisation"] == "very_high" and len(registered["committee"]) == 3
    assert "full_name" not in registered["committee"][0], "member names stay in the service"
    [updated] = await events_of(kitchens_db, kitchen_id, "kitchens.kitchen_updated")
    assert updated["changes"] == {"daily_capacity": 300}
    changes = await events_of(kitchens_db, kitchen_id, "kitchens.kitchen_status_changed")
    assert [(c["previous_status"], c["status"]) for c in changes] == [
        ("active", "suspended"),
        ("suspended", "active"),
    ]


async def test_registry_refusals_say_why(kitchens_db):
    kitchen_id = await new_kitchen(kitchens_db)
    async with kitchens_db.pool.acquire() as conn:
        with pytest.raises(Conflict, match="already registered"):
            await registry.register_kitchen(
                conn,
                RegisterKitchen(
                    kitchen_id=kitchen_id,
                    name="Otro",
                    alcaldia="Tlalpan",
                    colonia="Centro",
                    daily_capacity=200,
                    opening_date=OPENED,
                    committee=COMMITTEE,
                ),
            )
        with pytest.raises(UnknownKitchen, match="no kitchen NOPE-1"):
            await registry.update_kitchen(conn, "NOPE-1", UpdateKitchen(name="x", decided_by="y"))
        await registry.change_status(
            conn,
            kitchen_id,
            ChangeStatus(status="closed", reason="abandonó reglas", decided_by="dirección"),
        )
        with pytest.raises(Conflict, match="a closed kitchen cannot become active"):
            await registry.change_status(
                conn, kitchen_id, ChangeStatus(status="active", reason="x", decided_by="y")
            )


async def test_a_committee_below_three_is_refused_or_flagged_and_then_cannot_report(kitchens_db):
    kitchen_id = await new_kitchen(kitchens_db)
    async with kitchens_db.pool.acquire() as conn:
        [first, *_] = await conn.fetch(
            "SELECT member_id FROM committee_members WHERE kitchen_id = $1", kitchen_id
        )
        with pytest.raises(Conflict, match="would have 2 active members"):
            await registry.member_leaves(
                conn, kitchen_id, first["member_id"], MemberLeaves(left_on=OPENED, reason="se mudó")
            )
        assert (
            await registry.member_leaves(
                conn,
                kitchen_id,
                first["member_id"],
                MemberLeaves(left_on=OPENED, reason="falleció", unavoidable=True),
            )
            == 2
        )
    [flag] = await events_of(kitchens_db, kitchen_id, "kitchens.monitoring_flag_raised")
    assert (flag["rule"], flag["evidence"]["active_members"]) == ("committee_below_minimum", 2)

    report = DailyReportSubmittedV1(
        kitchen_id=kitchen_id,
        report_date="2026-10-02",
        rations_dine_in=100,
        rations_take_away=0,
        fees_collected_centavos=100_000,
    )
    [rejected] = await events_caused_by(
        kitchens_db, await handle(kitchens_db, take_tablet_report, report)
    )
    assert rejected["type"] == "kitchens.submission_rejected"
    assert "committee has 2 active members" in rejected["payload"]["reason"]

    async with kitchens_db.pool.acquire() as conn:
        await registry.add_member(
            conn, kitchen_id, NewMember(full_name="Rosa Paz", role="president")
        )
    [accepted] = await events_caused_by(
        kitchens_db, await handle(kitchens_db, take_tablet_report, report)
    )
    assert accepted["type"] == "kitchens.daily_report_accepted"
