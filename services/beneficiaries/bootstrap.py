"""Wires the registry: which topics it consumes with which handlers, what it
publishes, its routes."""

from pathlib import Path

from fastapi import FastAPI

from shared.contracts.beneficiaries import EnrolmentSubmittedV1
from shared.contracts.kitchens import DailyReportAcceptedV1
from shared.runtime import ServiceDefinition, Subscription, build_app
from shared.settings import ServiceSettings
from shared.topics import (
    AGENCY_DECISIONS,
    AGENCY_ENROLMENTS,
    ENROLMENTS,
    KITCHEN_EVENTS,
    REGISTRY_DECISIONS,
)

from .entrypoints.http import routers
from .entrypoints.kafka_handlers import (
    answer_invalid_agency_enrolment,
    answer_invalid_enrolment,
    record_meals_served,
    take_agency_enrolments,
    take_enrolments,
)
from .service_layer.overlap_sweep import periodic_overlap_sweep
from .service_layer.publishing import SERVICE
from .service_layer.search_index_upkeep import periodic_search_index_upkeep

DEFINITION = ServiceDefinition(
    name=SERVICE,
    title="Unified beneficiary registry",
    migrations=Path(__file__).parent / "migrations",
    subscriptions=[
        Subscription(
            ENROLMENTS,
            {},
            on_invalid_payload=answer_invalid_enrolment,
            batch_handlers={EnrolmentSubmittedV1: take_enrolments},
        ),
        # Each agency's own topic, read by pattern; the operator's and ops' replays use the above.
        Subscription(
            AGENCY_ENROLMENTS,
            {},
            on_invalid_payload=answer_invalid_agency_enrolment,
            batch_handlers={EnrolmentSubmittedV1: take_agency_enrolments},
        ),
        # Only accepted reports say who was served; the kitchens' other events are skipped.
        Subscription(
            KITCHEN_EVENTS, {DailyReportAcceptedV1: record_meals_served}, ignore_other_types=True
        ),
    ],
    publishes=[REGISTRY_DECISIONS, AGENCY_DECISIONS],
    routers=routers,
    background_tasks=[periodic_overlap_sweep(), periodic_search_index_upkeep()],
)


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    return build_app(DEFINITION, settings or ServiceSettings())
