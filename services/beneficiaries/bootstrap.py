"""Wires the registry: which topics it consumes with which handlers, what it publishes, its routes."""

from pathlib import Path

from fastapi import FastAPI

from shared.contracts.beneficiaries import EnrolmentSubmittedV1
from shared.runtime import ServiceDefinition, Subscription, build_app
from shared.settings import ServiceSettings
from shared.topics import ENROLMENTS, REGISTRY_DECISIONS

from .entrypoints.http import router
from .service_layer.handlers import SERVICE, register_enrolment

DEFINITION = ServiceDefinition(
    name=SERVICE,
    title="Unified beneficiary registry",
    migrations=Path(__file__).parent / "migrations",
    subscriptions=[Subscription(ENROLMENTS, {EnrolmentSubmittedV1: register_enrolment})],
    publishes=[REGISTRY_DECISIONS],
    routers=[router],
)


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    return build_app(DEFINITION, settings or ServiceSettings())
