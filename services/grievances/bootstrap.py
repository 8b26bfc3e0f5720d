"""Wires the grievances service: its intake and the kitchens' events to their handlers,
what it publishes, its routes, the deadline scan, and the key that seals reporters."""

from dataclasses import replace
from pathlib import Path

from fastapi import FastAPI

from shared.contracts.grievances import GrievanceSubmittedV1
from shared.contracts.kitchens import MonitoringFlagRaisedV1, SurveyBelowThresholdV1
from shared.runtime import ServiceDefinition, Subscription, build_app
from shared.settings import GrievancesSettings
from shared.topics import GRIEVANCE_EVENTS, GRIEVANCE_INTAKE, KITCHEN_EVENTS

from .adapters.policy_file import load_policy
from .domain.sealed_identities import Opener
from .entrypoints.http import routers
from .entrypoints.kafka_handlers import (
    open_case_for_low_survey,
    open_case_for_monitoring_flag,
    open_submitted_case,
)
from .service_layer.deadline_scan import overdue_cases, periodic_deadline_scan
from .service_layer.identity_sealing import sealing_at_start_up
from .service_layer.publishing import SERVICE

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
    routers=routers,
    background_tasks=[periodic_deadline_scan(load_policy())],
    status_gauges=[overdue_cases(load_policy())],
    # What anyone may do through the console without signing in: file a grievance (an
    # officer recording a call files it signed in), follow one by receipt, read the report.
    public_routes=frozenset(
        {
            "POST /cases",
            "POST /receipts/case",
            "POST /receipts/information",
            "GET /reports/quarterly",
        }
    ),
)


def create_app(settings: GrievancesSettings | None = None) -> FastAPI:
    settings = settings or GrievancesSettings()
    opener = Opener.from_setting(settings.reporter_identity_key.get_secret_value())
    definition = replace(
        DEFINITION,
        background_tasks=[*DEFINITION.background_tasks, sealing_at_start_up(opener.sealer)],
    )
    app = build_app(definition, settings)
    # Intake is given the sealer alone; the opener is read only by the reveal's routes.
    app.state.reporter_sealer = opener.sealer
    app.state.reporter_opener = opener
    return app
