"""What a console route raises when it cannot show a page; app.py turns each into a response."""


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
    """A service said no to a command, naming the field and the reason; the form shows them."""

    def __init__(self, status: int, field: str, reason: str) -> None:
        super().__init__(f"{status} {field}: {reason}")
        self.status = status
        self.field = field
        self.reason = reason


class TooManyAttempts(Exception):
    """An address has used its allowance of an action (auth/throttling.py): 429, and when to
    try again."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"retry after {retry_after} s")
        self.retry_after = retry_after


class PasswordChangeRequired(Exception):
    """The session signed in with a temporary password: it may only choose a new one."""
