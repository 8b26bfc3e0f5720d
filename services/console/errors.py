"""What a console route raises when it cannot show a page; app.py turns each into a response."""

from collections.abc import Mapping
from typing import Any


class SignInRequired(Exception):
    pass


class Refused(Exception):
    """A page the account may not see or do, with the label that says why."""

    def __init__(self, label: str = "error.403", status: int = 403) -> None:
        super().__init__(label)
        self.label = label
        self.status = status


class NotFound(Refused):
    def __init__(self) -> None:
        super().__init__("error.404", 404)


class ServiceUnavailable(Exception):
    def __init__(self, service: str) -> None:
        super().__init__(service)
        self.service = service


class ServiceRefused(Exception):
    """A service (or the console's own form check) said no, naming the field, the rule's
    code and its parameters; the page says why by the code (rules/refusals.py). `reason` is
    the service's English sentence, for logs only."""

    def __init__(
        self,
        status: int,
        field: str,
        reason: str,
        *,
        code: str,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(f"{status} {field}: {code}")
        self.status = status
        self.field = field
        self.reason = reason
        self.code = code
        self.params = dict(params or {})


class TooManyAttempts(Exception):
    """An address has used its allowance of an action (auth/throttling.py): 429, and when to
    try again."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"retry after {retry_after} s")
        self.retry_after = retry_after


class PasswordChangeRequired(Exception):
    """The session signed in with a temporary password: it may only choose a new one."""
