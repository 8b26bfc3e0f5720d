"""Refusals the kitchens rules can give, beyond the shared `Rejected`."""

from shared.errors import Rejected


class Conflict(Rejected):
    """The request is well formed but clashes with what is recorded (HTTP 409)."""


class NonOperatingDay(Rejected):
    """A report for a day the kitchen does not operate; the attempt itself is monitored."""


class UnknownKitchen(Rejected):
    def __init__(self, kitchen_id: str) -> None:
        super().__init__(
            "kitchen_id", f"no kitchen {kitchen_id} is registered", code="unknown_kitchen"
        )


class UnknownFlag(Rejected):
    """No such flag on that kitchen (HTTP 404)."""

    def __init__(self, flag_id: object) -> None:
        super().__init__("flag_id", f"this kitchen has no flag {flag_id}", code="unknown_flag")
