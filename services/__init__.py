"""The three services. Each has the same layout: domain (rules, no I/O),
service_layer (use cases), adapters (SQL), entrypoints (Kafka, HTTP),
migrations, and one bootstrap that wires them."""

from .beneficiaries.bootstrap import DEFINITION as _BENEFICIARIES
from .grievances.bootstrap import DEFINITION as _GRIEVANCES
from .kitchens.bootstrap import DEFINITION as _KITCHENS

SERVICES = {d.name: d for d in (_BENEFICIARIES, _KITCHENS, _GRIEVANCES)}
