"""The one table of whose work each route is (shared/route_roles.py): a route missing from
it, or mounted without its check, stops the service at start-up; a role not in a route's
set is refused before the route runs; a public route serves anyone, and a batch route also
a call acting for no one."""

import httpx
import pytest
from fastapi import APIRouter, FastAPI, Request

from services.grievances.bootstrap import DEFINITION as grievances
from services.grievances.entrypoints.http import routers as grievance_routers
from services.grievances.entrypoints.roles_served import ROUTE_ROLES as GRIEVANCE_ROLES
from services.kitchens.bootstrap import DEFINITION as kitchens
from services.kitchens.entrypoints.http import routers as kitchen_routers
from services.kitchens.entrypoints.roles_served import ROUTE_ROLES as KITCHEN_ROLES
from shared.roles import Role
from shared.route_roles import RouteRoles, Work, public
from shared.service_auth import Acting

ROLES = RouteRoles(
    {
        "POST /entries": Work(
            frozenset({Role.KITCHEN_COMMITTEE}), "entries", code="role_not_served"
        ),
        "GET /report": public("anyone"),
        "POST /run": Work(frozenset({Role.SUPERVISOR}), "runs", code="x_only", unattended=True),
    }
)


def app_acting_as(role: Role | None) -> httpx.AsyncClient:
    router = APIRouter(dependencies=ROLES.dependencies)

    @router.post("/entries")
    def entries() -> dict[str, bool]:
        return {"done": True}

    @router.get("/report")
    def report() -> dict[str, bool]:
        return {"done": True}

    @router.post("/run")
    def run() -> dict[str, bool]:
        return {"done": True}

    ROLES.check([router])
    app = FastAPI()
    app.include_router(router)

    @app.middleware("http")
    async def acting(request: Request, call_next):
        request.state.acting = Acting("console", "someone" if role else None, role)
        return await call_next(request)

    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://kitchens")


async def test_a_role_outside_the_routes_set_is_refused_with_the_routes_code():
    refused = await app_acting_as(Role.SUPERVISOR).post("/entries")
    assert refused.status_code == 403
    assert refused.json()["detail"][0] == {
        "field": "X-Acting-Assertion.role",
        "reason": "entries",
        "code": "role_not_served",
        "params": {},
    }
    assert (await app_acting_as(Role.KITCHEN_COMMITTEE).post("/entries")).status_code == 200
    refused = await app_acting_as(Role.KITCHEN_COMMITTEE).post("/run")
    assert refused.json()["detail"][0]["code"] == "x_only"


async def test_a_public_route_serves_anyone_and_a_batch_route_a_call_for_no_one():
    for role in (*Role, None):
        assert (await app_acting_as(role).get("/report")).status_code == 200
    assert (await app_acting_as(None).post("/run")).status_code == 200
    assert (await app_acting_as(None).post("/entries")).status_code == 403


def test_a_route_without_its_roles_or_without_the_check_stops_the_start():
    undecided = APIRouter(dependencies=ROLES.dependencies)
    undecided.get("/new")(lambda: None)
    with pytest.raises(ValueError, match="without their roles"):
        ROLES.check([undecided])
    unguarded = APIRouter()
    unguarded.get("/report")(lambda: None)
    with pytest.raises(ValueError, match="not checked"):
        ROLES.check([unguarded])


def test_the_kitchens_and_grievances_tables_name_exactly_their_routes():
    KITCHEN_ROLES.check(kitchen_routers)
    GRIEVANCE_ROLES.check(grievance_routers)


def test_what_a_table_serves_to_anyone_is_exactly_what_the_service_lets_in_unsigned():
    """A route open to no one signed in but kept to some roles, or the other way round, would
    be refused (or let in) by one check against the other's word."""
    for table, definition in ((KITCHEN_ROLES, kitchens), (GRIEVANCE_ROLES, grievances)):
        anyone = {route for route, work in table.table.items() if work.roles is None}
        assert anyone == set(definition.public_routes)
        batch = {route for route, work in table.table.items() if work.unattended}
        assert batch == set(definition.operational_routes)
