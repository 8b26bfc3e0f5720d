"""The routers bootstrap mounts."""

from . import indicator_routes, kitchen_routes, submission_routes, subsidy_routes

routers = [
    kitchen_routes.router,
    submission_routes.router,
    subsidy_routes.router,
    indicator_routes.router,
]
