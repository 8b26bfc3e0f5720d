"""The console's case API: search, the full case with its timeline and lifecycle
commands. No route here reads the sealed identities (the reveal is in reveal_routes.py)."""

from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from pydantic import Field

from shared.errors import Rejected
from shared.http_refusals import refusal, refused
from shared.runtime import database_from
from shared.service_auth import acting_from

from ..adapters.case_search_repository import CaseFilter, CaseSearchRepository
from ..adapters.cases_repository import CasesRepository
from ..adapters.policy_file import load_policy
from ..domain.lifecycle import Assignee, Command, allowed_actions
from ..service_layer.transitions import CaseNotFound, transition_case
from .body_parsing import JsonBody, documented, parse
from .case_list_scope import ensure_listable
from .request_bodies import CaseListShape, CaseSearchIn, TransitionIn
from .roles_served import ROUTE_ROLES

router = APIRouter(prefix="/cases", tags=["cases"], dependencies=ROUTE_ROLES.dependencies)
# A bound the database can compare against: beyond it a query fails instead of finding nothing.
MAX_ESCALATION_LEVEL = 1_000


class CaseQuery(CaseListShape):
    """The search's query parameters: filters (each one given narrows the list), order, page."""

    status: str | None = None
    kind: str | None = None
    category: str | None = None
    channel: str | None = None
    subject_kind: str | None = None
    subject_ref: str | None = None
    assignee_kind: str | None = None
    assignee_ref: str | None = None
    received_from: datetime | None = None
    received_to: datetime | None = None
    min_escalation_level: int | None = Field(default=None, ge=0, le=MAX_ESCALATION_LEVEL)
    escalation_level: int | None = Field(
        default=None, ge=0, le=MAX_ESCALATION_LEVEL, description="One level's queue."
    )

    def case_filter(self) -> CaseFilter:
        equals = {
            name: value
            for name, value in (
                ("status", self.status),
                ("kind", self.kind),
                ("category", self.category),
                ("channel", self.channel),
                ("subject_kind", self.subject_kind),
                ("subject_ref", self.subject_ref),
                ("assignee_kind", self.assignee_kind),
                ("assignee_ref", self.assignee_ref),
            )
            if value is not None
        }
        return CaseFilter(
            equals,
            received_from=self.received_from,
            received_to=self.received_to,
            min_escalation_level=self.min_escalation_level,
            escalation_level=self.escalation_level,
            open_only=self.open_only,
            order=self.order,
            limit=self.limit,
            offset=self.offset,
        )


@router.get("")
async def list_cases(request: Request, query: Annotated[CaseQuery, Query()]) -> dict[str, Any]:
    ensure_listable(request, query.subject_kind, query.subject_ref)
    async with database_from(request).pool.acquire() as conn:
        return await CaseSearchRepository(conn).search(query.case_filter())


@router.post("/search", openapi_extra=documented(CaseSearchIn))
async def search_cases(request: Request, body: JsonBody) -> dict[str, Any]:
    """A search by words (which may hold a name) is a POST: its terms stay out of URLs and
    access logs. It only reads, so a read-only role may send it (READS_BY_POST)."""
    parsed = parse(CaseSearchIn, body)
    wanted = CaseFilter(
        {},
        text=parsed.text,
        open_only=parsed.open_only,
        order=parsed.order,
        limit=parsed.limit,
        offset=parsed.offset,
    )
    async with database_from(request).pool.acquire() as conn:
        return await CaseSearchRepository(conn).search(wanted)


@router.get("/{case_id}")
async def get_case(case_id: UUID, request: Request) -> dict[str, Any]:
    async with database_from(request).pool.acquire() as conn:
        case = await CasesRepository(conn).case_with_timeline(case_id)
    if case is None:
        raise refusal(404, "case_id", "no such case", code="no_such_case")
    return {**case, "allowed_actions": allowed_actions(case["status"])}


@router.post("/{case_id}/transitions", openapi_extra=documented(TransitionIn, "officer_id"))
async def post_transition(case_id: UUID, request: Request, body: JsonBody) -> dict[str, Any]:
    """The officer is the person the console's assertion names, never a value sent; only a
    grievance officer moves a case (roles_served.py)."""
    parsed = parse(TransitionIn, body, officer_id=acting_from(request).user)
    assignee = Assignee(parsed.assignee.kind, parsed.assignee.ref) if parsed.assignee else None
    command = Command(parsed.action, assignee, parsed.answer, parsed.reason, parsed.question)
    async with database_from(request).pool.acquire() as conn:
        try:
            state = await transition_case(
                conn, load_policy(), case_id, command, parsed.officer_id, datetime.now(UTC)
            )
        except CaseNotFound:
            raise refusal(404, "case_id", "no such case", code="no_such_case") from None
        except Rejected as exc:
            raise refused(exc, 409) from None
    return {
        "case_id": case_id,
        "case_number": state.case_number,
        "status": state.status,
        "resolve_due_on": state.resolve_due_on,
    }
