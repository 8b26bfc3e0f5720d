"""Wires the grievances service."""

from pathlib import Path

from fastapi import FastAPI

from shared.contracts.grievances import GrievanceSubmittedV1
from shared.contracts.kitchens import MonitoringFlagRaisedV1, SurveyBelowThresholdV1
from shared.runtime import ServiceDefinition, Subscription, build_app
from shared.settings import ServiceSettings
from shared.topics import GRIEVANCE_EVENTS, GRIEVANCE_INTAKE, KITCHEN_EVENTS

from .adapters.policy_file import load_policy
from .entrypoints import http, intake_http, receipts_http, reports_http
from .service_layer.deadline_scan import periodic_deadline_scan
from .service_layer.handlers import (
    open_case_for_low_survey,
    open_case_for_monitoring_flag,
    open_submitted_case,
)
from .service_layer.intake import SERVICE

DEFINITION = ServiceDefinition(
    name=SERVICE,
    title="Grievances",
    migrations=Path(__file__).parent / "migrations",
    subscriptions=[
        Subscription(GRIEVANCE_INTAKE, {GrievanceSubmittedV1: open_submitted_case}),
        # Only two kinds of kitchen events concern grievances; the kitchens
        # service's other events (and those it adds later) are skipped, not dead-lettered.
        Subscription(
            KITCHEN_EVENTS,
            {
                SurveyBelowThresholdV1: open_case_for_low_survey,
                MonitoringFlagRaisedV1: open_case_for_monitoring_flag,
            },
            ignore_other_types=True,
        ),
    ],
    publishes=[GRIEVANCE_EVENTS],
    routers=[intake_http.router, http.router, receipts_http.router, reports_http.router],
    background_tasks=[periodic_deadline_scan(load_policy())],
)


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    return build_app(DEFINITION, settings or ServiceSettings())
