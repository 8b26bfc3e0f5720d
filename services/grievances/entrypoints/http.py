"""The routers bootstrap mounts, each route behind the roles whose work it is
(roles_served.py): checked here, so the service does not start with a route left out."""

from . import case_routes, intake_routes, public_report_routes, receipt_routes, reveal_routes
from .roles_served import ROUTE_ROLES

routers = [
    intake_routes.router,
    case_routes.router,
    reveal_routes.router,
    receipt_routes.router,
    public_report_routes.router,
]
ROUTE_ROLES.check(routers)
