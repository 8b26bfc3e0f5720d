"""Password hashing with argon2id (argon2-cffi's defaults, RFC 9106's second
recommended setting). Hashing is slow on purpose, so callers run it in a thread."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()
MIN_LENGTH = 10
# Verified when the account does not exist, so that an unknown name costs as much time as a
# wrong password.
_DECOY_HASH = _HASHER.hash("decoy password that no account has")


def password_problem(password: str) -> str | None:
    if len(password) < MIN_LENGTH:
        return f"at least {MIN_LENGTH} characters"
    return None


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify(password_hash: str | None, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash or _DECOY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _HASHER.check_needs_rehash(password_hash)
