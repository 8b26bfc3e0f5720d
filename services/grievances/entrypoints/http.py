"""The routers bootstrap mounts."""

from . import case_routes, intake_routes, public_report_routes, receipt_routes, reveal_routes

routers = [
    intake_routes.router,
    case_routes.router,
    reveal_routes.router,
    receipt_routes.router,
    public_report_routes.router,
]
