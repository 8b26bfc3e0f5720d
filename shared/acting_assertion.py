"""The console's signed word on who acts: a short-lived JWT per request.

The console signs, with its Ed25519 private key, who the signed-in person is
(`sub`), her role, her agency or kitchen, why she reads (`purpose`) and which
service the call is for (`aud`); it lives a minute at most and carries a
unique id (`jti`). A service holds only the public key: it checks the
signature, the audience (itself), the expiry and the claims, and takes the
person from nothing else. A stolen service token therefore no longer lets
its holder say who acts, and an assertion made for one service is refused by
another. An assertion is good for one call: the service remembers the ids it
took until they expire, so one read off the wire cannot be sent again within
its minute.

Keys travel as base64url of their 32 raw bytes (`python -m
shared.acting_assertion` makes a pair). A service may accept several public
keys at once, which is how the console's key is rotated; each assertion names
its key (`kid`, a fingerprint of the public key)."""

import base64
import hashlib
import json
import secrets
import time
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from .roles import SCOPE_OF, Role, role_named, scope_problem

HEADER = "X-Acting-Assertion"
ALGORITHM = "EdDSA"
ISSUER = "console"
LIFETIME_SECONDS = 60
# Clocks of the console and a service may differ a little; never by more than this.
CLOCK_SKEW_SECONDS = 5
_REQUIRED = ("iss", "aud", "sub", "role", "iat", "exp", "jti")
_MAX_TEXT = 200


@dataclass(frozen=True)
class ActingPerson:
    """Who acts, as the console knows her from her signed-in account."""

    user: str
    role: Role
    agency: str | None = None
    kitchen: str | None = None
    reason: str | None = None


class AssertionRefused(ValueError):
    """Why an assertion is not taken; `field` names the header or the claim."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


def _raw(text: str, setting: str) -> bytes:
    try:
        raw = _unpadded(text.strip())
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise ValueError(f"{setting}: want the base64url of a 32-byte Ed25519 key")
    return raw


def _text(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def key_id(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def new_key_pair() -> tuple[str, str]:
    """(private, public) as the settings take them."""
    seed = secrets.token_bytes(32)
    public = Ed25519PrivateKey.from_private_bytes(seed).public_key()
    return _text(seed), _text(public.public_bytes(Encoding.Raw, PublicFormat.Raw))


def private_key(text: str, setting: str = "ACTING_ASSERTION_PRIVATE_KEY") -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(_raw(text, setting))


def public_keys(
    text: str, setting: str = "ACTING_ASSERTION_PUBLIC_KEYS"
) -> dict[str, Ed25519PublicKey]:
    """Comma-separated public keys, by key id."""
    keys = [
        Ed25519PublicKey.from_public_bytes(_raw(part, setting))
        for part in text.split(",")
        if part.strip()
    ]
    return {key_id(key): key for key in keys}


class AssertionSigner:
    """The console's side: one fresh assertion per call."""

    def __init__(self, private: str, lifetime_seconds: int = LIFETIME_SECONDS) -> None:
        if not 0 < lifetime_seconds <= LIFETIME_SECONDS:
            raise ValueError(f"an assertion lives at most {LIFETIME_SECONDS} seconds")
        self._key = private_key(private)
        self._kid = key_id(self._key.public_key())
        self._lifetime = lifetime_seconds

    def sign(self, audience: str, person: ActingPerson, now: float | None = None) -> str:
        scope = {"agency": person.agency, "kitchen": person.kitchen, "purpose": person.reason}
        claims = {
            "sub": person.user,
            "role": person.role.value,
            **{name: value for name, value in scope.items() if value},
        }
        return self.sign_claims(audience, claims, now)

    def sign_claims(self, audience: str, claims: dict[str, Any], now: float | None = None) -> str:
        """Any claims, with the issuer, audience, times and id added (tests use it to sign
        what the console never would, and see it refused)."""
        issued = int(time.time() if now is None else now)
        full = {
            "iss": ISSUER,
            "aud": audience,
            "iat": issued,
            "exp": issued + self._lifetime,
            "jti": uuid4().hex,
            **claims,
        }
        return jwt.encode(full, self._key, algorithm=ALGORITHM, headers={"kid": self._kid})


class UsedAssertions:
    """The ids of the assertions a service took, each kept until it could no longer be
    accepted anyway (its expiry plus the clock skew); a second call with one is refused.
    It lives in the service's process, which is where the check runs: each service runs as
    one process (`make run`, compose). At most a minute of calls is held."""

    _SWEEP_SECONDS = 10.0

    def __init__(self) -> None:
        self._until: dict[str, float] = {}
        self._next_sweep = 0.0

    def first_use(self, jti: str, expires: float, now: float) -> bool:
        if now >= self._next_sweep:
            self._until = {kept: until for kept, until in self._until.items() if until > now}
            self._next_sweep = now + self._SWEEP_SECONDS
        if jti in self._until:
            return False
        self._until[jti] = expires + CLOCK_SKEW_SECONDS
        return True

    def __len__(self) -> int:
        return len(self._until)


class AssertionVerifier:
    """A service's side: the person is taken from a verified assertion or not at all."""

    def __init__(self, public: str, used: UsedAssertions | None = None) -> None:
        self._keys = public_keys(public)
        self._used = UsedAssertions() if used is None else used

    @property
    def configured(self) -> bool:
        return bool(self._keys)

    def verify(self, token: str, audience: str, now: float | None = None) -> ActingPerson:
        claims = self._claims(token, audience)
        person = _person(claims)
        jti = _optional_text(claims, "jti")
        if jti is None:
            raise AssertionRefused(f"{HEADER}.jti", "missing")
        if not self._used.first_use(jti, claims["exp"], time.time() if now is None else now):
            raise AssertionRefused(HEADER, "already used: the console signs a fresh one per call")
        return person

    def _claims(self, token: str, audience: str) -> dict[str, Any]:
        kid = _key_id_of(token)
        key = self._keys.get(kid) if kid is not None else None
        if key is None:
            raise AssertionRefused(HEADER, "signed with a key this service does not know")
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],
                audience=audience,
                issuer=ISSUER,
                leeway=CLOCK_SKEW_SECONDS,
                options={"require": list(_REQUIRED)},
            )
        except jwt.PyJWTError as exc:
            raise _refusal(exc) from None
        _check_lifetime(claims)
        return claims


def _key_id_of(token: str) -> str | None:
    """The `kid` of the header, read only to pick the key; PyJWT then checks everything,
    the header included. (PyJWT's get_unverified_header would parse and validate the whole
    token once more, in Python, before decode does it again.)"""
    try:
        header = json.loads(_unpadded(token.split(".", 1)[0]))
    except ValueError:
        raise AssertionRefused(HEADER, "not a signed assertion") from None
    kid = header.get("kid") if isinstance(header, dict) else None
    return kid if isinstance(kid, str) else None


def _unpadded(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def _refusal(exc: jwt.PyJWTError) -> AssertionRefused:
    if isinstance(exc, jwt.MissingRequiredClaimError):
        return AssertionRefused(f"{HEADER}.{exc.claim}", "missing")
    reasons: tuple[tuple[type[jwt.PyJWTError], str], ...] = (
        (jwt.ExpiredSignatureError, "expired: the console signs a fresh one per call"),
        (jwt.ImmatureSignatureError, "issued in the future"),
        (jwt.InvalidAudienceError, "made for another service"),
        (jwt.InvalidIssuerError, "not issued by the console"),
        (jwt.InvalidAlgorithmError, f"not signed with {ALGORITHM}"),
        (jwt.InvalidSignatureError, "the signature does not verify"),
    )
    for kind, reason in reasons:
        if isinstance(exc, kind):
            return AssertionRefused(HEADER, reason)
    return AssertionRefused(HEADER, "not a valid signed assertion")


def _check_lifetime(claims: dict[str, Any]) -> None:
    """An assertion that would live long is refused even when its signature holds: a leaked
    one must be useless within a minute."""
    issued, expires = claims["iat"], claims["exp"]
    if not isinstance(issued, int | float) or not isinstance(expires, int | float):
        raise AssertionRefused(HEADER, "iat and exp must be times in seconds")
    if expires - issued > LIFETIME_SECONDS:
        raise AssertionRefused(HEADER, f"lives longer than {LIFETIME_SECONDS} seconds")


def _optional_text(claims: dict[str, Any], name: str) -> str | None:
    value = claims.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > _MAX_TEXT:
        raise AssertionRefused(f"{HEADER}.{name}", f"want text of 1 to {_MAX_TEXT} characters")
    return value.strip()


def _person(claims: dict[str, Any]) -> ActingPerson:
    user = _optional_text(claims, "sub")
    if user is None:
        raise AssertionRefused(f"{HEADER}.sub", "missing")
    try:
        role = role_named(claims["role"])
    except ValueError as exc:
        raise AssertionRefused(f"{HEADER}.role", str(exc)) from None
    agency = _optional_text(claims, "agency")
    kitchen = _optional_text(claims, "kitchen")
    problem = scope_problem(role, agency, kitchen)
    if problem is not None:
        scope = "agency" if (SCOPE_OF.get(role) == "agency") != bool(agency) else "kitchen"
        raise AssertionRefused(f"{HEADER}.{scope}", problem.reason)
    return ActingPerson(user, role, agency, kitchen, _optional_text(claims, "purpose"))


if __name__ == "__main__":
    # As docker-compose.yml's .env takes them; the apps read them as ACTING_ASSERTION_*.
    private, public = new_key_pair()
    print(f"CONSOLE_ASSERTION_PRIVATE_KEY={private}")
    print(f"CONSOLE_ASSERTION_PUBLIC_KEYS={public}")
