"""Wires the grievances service."""

from pathlib import Path

from fastapi import FastAPI

from shared.contracts.grievances import GrievanceSubmittedV1
from shared.runtime import ServiceDefinition, Subscription, build_app
from shared.settings import ServiceSettings
from shared.topics import GRIEVANCE_EVENTS, GRIEVANCE_INTAKE

from .entrypoints.http import router
from .service_layer.handlers import SERVICE, open_case

DEFINITION = ServiceDefinition(
    name=SERVICE,
    title="Grievances",
    migrations=Path(__file__).parent / "migrations",
    subscriptions=[Subscription(GRIEVANCE_INTAKE, {GrievanceSubmittedV1: open_case})],
    publishes=[GRIEVANCE_EVENTS],
    routers=[router],
)


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    return build_app(DEFINITION, settings or ServiceSettings())
