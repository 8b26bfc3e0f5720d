"""Service tokens for a local stack: a fresh secret per service and caller,
made at start-up and never written to disk.

The console holds one token per service; `ops` is the token a person (or a
test, or a benchmark) uses to call the services' APIs directly."""

import secrets
from dataclasses import dataclass, field

CALLERS = ("console", "ops")


@dataclass(frozen=True)
class ServiceTokens:
    # service -> caller -> secret
    secrets: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def generate(
        cls, services: tuple[str, ...], callers: tuple[str, ...] = CALLERS
    ) -> "ServiceTokens":
        return cls(
            {
                service: {caller: secrets.token_urlsafe(32) for caller in callers}
                for service in services
            }
        )

    def setting(self, service: str) -> str:
        """The service's SERVICE_TOKENS value."""
        return ",".join(f"{caller}:{secret}" for caller, secret in self.secrets[service].items())

    def token(self, service: str, caller: str = "ops") -> str:
        return self.secrets[service][caller]

    def headers(self, service: str, caller: str = "ops") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(service, caller)}"}
