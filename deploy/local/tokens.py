"""Secrets for a local stack, made at start-up and never written to disk: a
service token per service and caller, and the console's key pair for the
assertions that say who acts (shared/acting_assertion.py).

The console holds one token per service and the private key; the services
hold the public key. `ops` is the token a person (or a benchmark) uses to call
the services' operational routes directly; calls on a person's behalf go with
the console's token and an assertion signed with the console's key."""

import secrets
from dataclasses import dataclass, field

from shared.acting_assertion import ActingPerson, AssertionSigner, new_key_pair

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


@dataclass(frozen=True)
class ConsoleKeys:
    """The console's Ed25519 key pair, as the settings take them."""

    private: str
    public: str

    @classmethod
    def generate(cls) -> "ConsoleKeys":
        return cls(*new_key_pair())

    def assertion(self, service: str, person: ActingPerson) -> str:
        return AssertionSigner(self.private).sign(service, person)
