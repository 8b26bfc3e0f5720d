"""Wires the kitchens service: the tablet's topic to its handlers, what it publishes, its routes."""

from pathlib import Path

from fastapi import FastAPI

from shared.contracts.grievances import GrievanceClosedV1
from shared.contracts.kitchens import (
    DailyReportAmendmentSubmittedV1,
    DailyReportSubmittedV1,
    PurchaseSubmittedV1,
    SurveySubmittedV1,
)
from shared.runtime import ServiceDefinition, Subscription, build_app
from shared.settings import ServiceSettings
from shared.topics import DAILY_REPORTS, GRIEVANCE_EVENTS, KITCHEN_EVENTS

from .entrypoints.http import routers
from .entrypoints.kafka_handlers import (
    close_flag_of_closed_case,
    take_purchase,
    take_survey,
    take_tablet_report,
)
from .service_layer.publishing import SERVICE
from .service_layer.report_watch import MISSING_REPORTS

DEFINITION = ServiceDefinition(
    name=SERVICE,
    title="Community kitchens",
    migrations=Path(__file__).parent / "migrations",
    subscriptions=[
        Subscription(
            DAILY_REPORTS,
            {
                DailyReportSubmittedV1: take_tablet_report,
                DailyReportAmendmentSubmittedV1: take_tablet_report,
                PurchaseSubmittedV1: take_purchase,
                SurveySubmittedV1: take_survey,
            },
        ),
        # A monitoring flag closes when the grievance case it opened ends; the grievances
        # service's other events are skipped, not dead-lettered.
        Subscription(
            GRIEVANCE_EVENTS,
            {GrievanceClosedV1: close_flag_of_closed_case},
            ignore_other_types=True,
        ),
    ],
    publishes=[KITCHEN_EVENTS],
    routers=routers,
    # The monthly run computes every kitchen's subsidy from their reports: an operator's
    # batch job, which reads no person's data.
    operational_routes=frozenset({"POST /subsidy-runs"}),
    status_gauges=[MISSING_REPORTS],
)


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    return build_app(DEFINITION, settings or ServiceSettings())
