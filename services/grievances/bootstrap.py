"""Wires the grievances service: its intake and the kitchens' events to their handlers,
what it publishes, its routes, the deadline scan, and the key that seals reporters."""

from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path

from fastapi import FastAPI

from shared.contracts.grievances import GrievanceSubmittedV1
from shared.contracts.kitchens import MonitoringFlagRaisedV1, SurveyBelowThresholdV1
from shared.db import Database
from shared.runtime import ServiceDefinition, Subscription, build_app
from shared.settings import GrievancesSettings
from shared.topics import GRIEVANCE_EVENTS, GRIEVANCE_INTAKE, KITCHEN_EVENTS

from .adapters.email_notifier import EmailNotifier
from .adapters.policy_file import load_policy
from .adapters.sms_notifier import SmsGatewayNotifier
from .domain.sealed_identities import Opener
from .entrypoints.http import routers
from .entrypoints.kafka_handlers import (
    open_case_for_low_survey,
    open_case_for_monitoring_flag,
    open_submitted_case,
)
from .service_layer.deadline_scan import overdue_cases, periodic_deadline_scan
from .service_layer.identity_sealing import sealing_at_start_up
from .service_layer.notices import Dispatch, periodic_notice_dispatch
from .service_layer.notifier import Notifier
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
            "POST /receipts/appeal",
            "GET /reports/quarterly",
        }
    ),
)


def notifiers(settings: GrievancesSettings) -> dict[str, Notifier]:
    """The notifiers the settings configure, by medium."""
    found: dict[str, Notifier] = {}
    if settings.notices_smtp_host:
        found["email"] = EmailNotifier(
            settings.notices_smtp_host,
            settings.notices_smtp_port,
            settings.notices_sender,
            settings.notices_smtp_username,
            settings.notices_smtp_password.get_secret_value(),
            starttls=settings.notices_smtp_starttls,
            use_tls=settings.notices_smtp_tls,
        )
    if settings.notices_sms_gateway_url:
        found["sms"] = SmsGatewayNotifier(
            settings.notices_sms_gateway_url,
            settings.notices_sms_gateway_token.get_secret_value(),
        )
    return found


def notice_tasks(
    settings: GrievancesSettings, opener: Opener
) -> list[Callable[[Database], Awaitable[None]]]:
    """With no notifier configured, notices wait in their table until one is."""
    configured = notifiers(settings)
    if not configured:
        return []
    dispatch = Dispatch(
        configured,
        opener,
        load_policy(),
        settings.notices_follow_url,
        settings.escalation_mailboxes(),
    )
    return [periodic_notice_dispatch(dispatch, settings.notices_interval_seconds)]


def create_app(settings: GrievancesSettings | None = None) -> FastAPI:
    settings = settings or GrievancesSettings()
    opener = Opener.from_setting(settings.reporter_identity_key.get_secret_value())
    definition = replace(
        DEFINITION,
        background_tasks=[
            *DEFINITION.background_tasks,
            sealing_at_start_up(opener.sealer),
            *notice_tasks(settings, opener),
        ],
    )
    app = build_app(definition, settings)
    # Intake is given the sealer alone; the opener is read only by the reveal's routes (and
    # the notice sender, which opens the address boxes, never an identity's).
    app.state.reporter_sealer = opener.sealer
    app.state.reporter_opener = opener
    return app
