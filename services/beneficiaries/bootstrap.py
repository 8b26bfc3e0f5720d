"""Wires the registry: which topics it consumes with which handlers, what it publishes, its routes."""

from pathlib import Path

from fastapi import FastAPI

from shared.contracts.beneficiaries import EnrolmentSubmittedV1
from shared.contracts.kitchens import DailyReportAcceptedV1
from shared.runtime import ServiceDefinition, Subscription, build_app
from shared.settings import ServiceSettings
from shared.topics import ENROLMENTS, KITCHEN_EVENTS, REGISTRY_DECISIONS

from .entrypoints.http import routers
from .service_layer.enrolments import answer_invalid_enrolment, default_intake
from .service_layer.follow_up import not_ours, record_meals_served
from .service_layer.publishing import SERVICE

KITCHEN_HANDLERS = {contract: not_ours for contract in KITCHEN_EVENTS.contracts} | {DailyReportAcceptedV1: record_meals_served}

DEFINITION = ServiceDefinition(
    name=SERVICE,
    title="Unified beneficiary registry",
    migrations=Path(__file__).parent / "migrations",
    subscriptions=[
        Subscription(ENROLMENTS, {EnrolmentSubmittedV1: default_intake()}, on_invalid_payload=answer_invalid_enrolment),
        Subscription(KITCHEN_EVENTS, KITCHEN_HANDLERS),
    ],
    publishes=[REGISTRY_DECISIONS],
    routers=routers,
)


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    return build_app(DEFINITION, settings or ServiceSettings())
