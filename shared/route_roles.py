"""Which roles a service serves on each of its routes, read from one table per service and
checked before the route runs, whatever a console offers a role.

A table names every route the service mounts, written `METHOD /path/{template}` as the route
is declared (shared/service_auth.py's kinds are written the same way), with the roles whose
work it is and how a refusal for any other role reads. A public route serves anyone, signed
in or not. A route the table does not name serves no one: a new route is refused until its
roles are decided, and the service does not start while its table and its routes differ."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.routing import APIRoute

from .acting_assertion import HEADER as ASSERTION
from .http_refusals import refusal
from .roles import Role
from .service_auth import acting_from


@dataclass(frozen=True)
class Work:
    """Whose work a route is (None: anyone's, the public's included) and why anyone else is
    refused, in words for logs and a code the console words (labels/refusals.py)."""

    roles: frozenset[Role] | None
    reason: str
    code: str
    # Also a call acting for no one: an operational route's batch job, run with the `ops`
    # token (shared/service_auth.py lets no such call reach any other route).
    unattended: bool = False


def public(reason: str) -> Work:
    return Work(None, reason, code="role_not_served")


def route_key(route: APIRoute, method: str) -> str:
    return f"{method} {route.path}"


class RouteRoles:
    """A service's table, and the dependency each of its routers is declared with:
    `APIRouter(..., dependencies=ROLES.dependencies)`."""

    def __init__(self, table: Mapping[str, Work]) -> None:
        self.table = dict(table)

    @property
    def dependencies(self) -> list[Any]:
        return [Depends(self.served)]

    def served(self, request: Request) -> None:
        route = request.scope.get("route")
        work = (
            self.table.get(route_key(route, request.method))
            if isinstance(route, APIRoute)
            else None
        )
        if work is None:
            raise refusal(
                403, f"{ASSERTION}.role", "this route serves no role", code="role_not_served"
            )
        role = acting_from(request).role
        if work.roles is None or role in work.roles or (role is None and work.unattended):
            return
        raise refusal(403, f"{ASSERTION}.role", work.reason, code=work.code)

    def check(self, routers: Iterable[APIRouter]) -> None:
        """Every route the routers mount is behind this check with its roles decided, and
        the table names no other route."""
        routes = [route for router in routers for route in router.routes]
        unguarded = [
            str(route)
            for route in routes
            if not isinstance(route, APIRoute)
            or not any(d.call == self.served for d in route.dependant.dependencies)
        ]
        mounted = {
            route_key(route, method)
            for route in routes
            if isinstance(route, APIRoute)
            for method in route.methods or ()
        }
        undecided, unknown = sorted(mounted - set(self.table)), sorted(set(self.table) - mounted)
        if unguarded or undecided or unknown:
            raise ValueError(
                f"route roles: routes not checked {unguarded}, without their roles "
                f"{undecided}, roles of no route {unknown}"
            )
