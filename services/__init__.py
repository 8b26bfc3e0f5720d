"""The three services. Each has the same layout: domain (rules, no I/O),
service_layer (use cases), adapters (SQL), entrypoints (Kafka, HTTP),
migrations, and one bootstrap that wires them. The console is a web front
for people over their HTTP APIs, with a schema of its own (accounts)."""

from .beneficiaries.bootstrap import DEFINITION as _BENEFICIARIES
from .console import MIGRATIONS as _CONSOLE_MIGRATIONS
from .grievances.bootstrap import DEFINITION as _GRIEVANCES
from .kitchens.bootstrap import DEFINITION as _KITCHENS

SERVICES = {d.name: d for d in (_BENEFICIARIES, _KITCHENS, _GRIEVANCES)}
# Every schema to migrate, in order: the services', then the console's.
MIGRATIONS = {
    **{name: d.migrations for name, d in SERVICES.items()},
    "console": _CONSOLE_MIGRATIONS,
}
