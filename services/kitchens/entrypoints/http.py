"""The routers bootstrap mounts, each route behind the roles whose work it is
(roles_served.py): checked here, so the service does not start with a route left out."""

from . import indicator_routes, kitchen_routes, name_routes, submission_routes, subsidy_routes
from .roles_served import ROUTE_ROLES

routers = [
    kitchen_routes.router,
    name_routes.router,
    submission_routes.router,
    subsidy_routes.router,
    indicator_routes.router,
]
ROUTE_ROLES.check(routers)
