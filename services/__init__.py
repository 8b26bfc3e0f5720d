"""The three services and the console. Each service has the same layout
(docs/architecture.md): domain (rules, no I/O), service_layer (use cases),
adapters (SQL), entrypoints (Kafka handlers, HTTP routes), migrations, and
one bootstrap that wires them. The console is a web front for people over
the services' HTTP APIs, with a schema of its own (accounts).

Nothing here imports a service: starting one loads only its own modules."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shared.runtime import ServiceDefinition

NAMES = ("beneficiaries", "kitchens", "grievances")
_HERE = Path(__file__).parent
# Every schema to migrate, in order: the services', then the console's.
MIGRATIONS = {
    **{name: _HERE / name / "migrations" for name in NAMES},
    "console": _HERE / "console" / "migrations",
}


def definition(name: str) -> ServiceDefinition:
    """One service's wiring, importing that service alone."""
    definition: ServiceDefinition = import_module(f"services.{name}.bootstrap").DEFINITION
    return definition


def definitions() -> dict[str, ServiceDefinition]:
    """Every service's wiring, for what looks across them (contract docs, the ops screen)."""
    return {name: definition(name) for name in NAMES}
