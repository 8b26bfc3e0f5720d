"""Wires the kitchens service."""

from pathlib import Path

from fastapi import FastAPI

from shared.contracts.kitchens import DailyReportSubmittedV1
from shared.runtime import ServiceDefinition, Subscription, build_app
from shared.settings import ServiceSettings
from shared.topics import DAILY_REPORTS, KITCHEN_EVENTS

from .entrypoints.http import router
from .service_layer.handlers import SERVICE, accept_daily_report

DEFINITION = ServiceDefinition(
    name=SERVICE,
    title="Community kitchens",
    migrations=Path(__file__).parent / "migrations",
    subscriptions=[Subscription(DAILY_REPORTS, {DailyReportSubmittedV1: accept_daily_report})],
    publishes=[KITCHEN_EVENTS],
    routers=[router],
)


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    return build_app(DEFINITION, settings or ServiceSettings())
