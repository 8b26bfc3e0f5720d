"""Registry use cases from the console: each is one transaction with its history row and event."""

from datetime import date
from typing import Any
from uuid import UUID, uuid4

import asyncpg

from shared.contracts.kitchens import (
    CommitteeMemberJoinedV1,
    CommitteeMemberLeftV1,
    CommitteeSeat,
    KitchenRegisteredV2,
    KitchenStatusChangedV1,
    KitchenUpdatedV1,
)
from shared.programme_clock import programme_today

from ..adapters.committee_repository import CommitteeRepository
from ..adapters.registry_repository import RegistryRepository
from ..domain.commands import ChangeStatus, MemberLeaves, NewMember, RegisterKitchen, UpdateKitchen
from ..domain.committee import (
    MINIMUM_COMMITTEE,
    check_founding_committee,
    check_joining,
    check_leaving,
)
from ..domain.errors import Conflict, UnknownKitchen
from ..domain.kitchens import check_opening, check_status_change, check_update
from ..domain.monitoring import committee_flag
from .monitoring_flags import raise_flags
from .publishing import publish


async def register_kitchen(conn: asyncpg.Connection, command: RegisterKitchen) -> None:
    check_opening(command.opening_date, programme_today())
    check_founding_committee([m.role for m in command.committee])
    async with conn.transaction():
        registry = RegistryRepository(conn)
        if not await registry.add_kitchen(command):
            raise Conflict(
                "kitchen_id",
                f"kitchen {command.kitchen_id} is already registered",
                code="kitchen_already_registered",
            )
        await registry.set_status(
            command.kitchen_id, "active", command.opening_date, "registered", command.decided_by
        )
        seats = [
            await _seat(conn, command.kitchen_id, m, command.opening_date)
            for m in command.committee
        ]
        await registry.log_change(
            command.kitchen_id,
            "registered",
            command.model_dump(exclude={"committee"}),
            command.decided_by,
        )
        await publish(
            conn,
            KitchenRegisteredV2(
                **command.model_dump(exclude={"committee", "decided_by"}), committee=seats
            ),
            None,
        )


async def update_kitchen(conn: asyncpg.Connection, kitchen_id: str, command: UpdateKitchen) -> None:
    changes = command.changes()
    check_update(changes)
    async with conn.transaction():
        registry = RegistryRepository(conn)
        await _locked(registry, kitchen_id)
        await registry.update_kitchen(kitchen_id, changes)
        await registry.log_change(kitchen_id, "updated", changes, command.decided_by)
        await publish(
            conn,
            KitchenUpdatedV1(kitchen_id=kitchen_id, changes=changes, decided_by=command.decided_by),
            None,
        )


async def change_status(conn: asyncpg.Connection, kitchen_id: str, command: ChangeStatus) -> None:
    today = programme_today()
    effective_on = command.effective_on or today
    async with conn.transaction():
        registry = RegistryRepository(conn)
        kitchen = await _locked(registry, kitchen_id)
        check_status_change(
            kitchen["status"],
            command.status,
            effective_on,
            today=today,
            last_report_day=kitchen["last_report_day"],
            last_decision_day=kitchen["last_decision_day"],
        )
        await registry.set_status(
            kitchen_id, command.status, effective_on, command.reason, command.decided_by
        )
        await registry.log_change(
            kitchen_id, f"status:{command.status}", command.model_dump(), command.decided_by
        )
        await publish(
            conn,
            KitchenStatusChangedV1(
                kitchen_id=kitchen_id,
                status=command.status,
                previous_status=kitchen["status"],
                effective_on=effective_on,
                reason=command.reason,
                decided_by=command.decided_by,
            ),
            None,
        )


async def add_member(conn: asyncpg.Connection, kitchen_id: str, member: NewMember) -> UUID:
    async with conn.transaction():
        await _locked(RegistryRepository(conn), kitchen_id)
        active, today = await CommitteeRepository(conn).active(kitchen_id), programme_today()
        check_joining(active, member.role, member.joined_on or today, today)
        seat = await _seat(conn, kitchen_id, member, today)
        await RegistryRepository(conn).log_change(
            kitchen_id, "member_joined", seat.model_dump(), "committee"
        )
        await publish(
            conn,
            CommitteeMemberJoinedV1(
                kitchen_id=kitchen_id, member=seat, active_members=len(active) + 1
            ),
            None,
        )
    return seat.member_id


async def member_leaves(
    conn: asyncpg.Connection, kitchen_id: str, member_id: UUID, command: MemberLeaves
) -> int:
    async with conn.transaction():
        await _locked(RegistryRepository(conn), kitchen_id)
        committee = CommitteeRepository(conn)
        remaining = check_leaving(
            await committee.active(kitchen_id),
            member_id,
            command.left_on,
            unavoidable=command.unavoidable,
            today=programme_today(),
        )
        await committee.leave(member_id, command.left_on, command.reason)
        await RegistryRepository(conn).log_change(
            kitchen_id, "member_left", {"member_id": member_id, **command.model_dump()}, "committee"
        )
        await publish(
            conn,
            CommitteeMemberLeftV1(
                kitchen_id=kitchen_id,
                member_id=member_id,
                left_on=command.left_on,
                reason=command.reason,
                active_members=remaining,
            ),
            None,
        )
        if remaining < MINIMUM_COMMITTEE:
            await raise_flags(
                conn,
                kitchen_id,
                [committee_flag(command.left_on, remaining, MINIMUM_COMMITTEE)],
                None,
            )
    return remaining


async def _seat(
    conn: asyncpg.Connection, kitchen_id: str, member: NewMember, default_joined_on: date
) -> CommitteeSeat:
    seat = CommitteeSeat(
        member_id=uuid4(),
        role=member.role,
        person_id=member.person_id,
        joined_on=member.joined_on or default_joined_on,
    )
    await CommitteeRepository(conn).add(
        kitchen_id, seat.member_id, member.full_name, seat.role, seat.person_id, seat.joined_on
    )
    return seat


async def _locked(registry: RegistryRepository, kitchen_id: str) -> dict[str, Any]:
    kitchen = await registry.lock_kitchen(kitchen_id)
    if kitchen is None:
        raise UnknownKitchen(kitchen_id)
    return kitchen
