"""Password hashing with argon2id (argon2-cffi's defaults, RFC 9106's second
recommended setting), and the password policy: long enough, and not guessable (zxcvbn's
estimate of how many guesses an attacker needs, with common Spanish words and the account's
own names among the words it tries first). Hashing is slow on purpose and judging a long
password takes up to a fifth of a second, so callers run both in a thread."""

import threading
import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn
from zxcvbn.matching import add_frequency_lists

from shared.errors import Rejected

from .spanish_password_words import WORDS

_HASHER = PasswordHasher()
MIN_LENGTH = 10
# zxcvbn's top score: 10^10 guesses or more. Its score 3 (10^8) still lets a name with a year
# through ("anadiaz2024"), while three unrelated words reach 4.
MIN_SCORE = 4
# zxcvbn refuses longer input (its matching grows fast with length); a longer password is
# judged by its first characters, which only understates it.
_ZXCVBN_MAX = 72
# Verified when the account does not exist, so that an unknown name costs as much time as a
# wrong password.
_DECOY_HASH = _HASHER.hash("decoy password that no account has")

add_frequency_lists({"spanish_passwords": list(WORDS)})
# zxcvbn keeps the words of the call it is judging (user_inputs) in a module-level table: two
# threads judging at once would use each other's.
_ZXCVBN_LOCK = threading.Lock()


class WeakPassword(Rejected):
    """A password the policy refuses; `label` names the console's words for why."""

    def __init__(self, label: str, reason: str) -> None:
        super().__init__("password", reason, code=label.replace(".", "_"))
        self.label = label


def _folded(text: str) -> str:
    """Without accents: "contraseña" is tried as "contrasena", the word the lists hold."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _score(password: str, personal: list[str]) -> int:
    """zxcvbn's score (0-4), the lower of the password as typed and without accents."""
    parts = [p for text in personal for p in text.replace(".", " ").split() if len(p) > 2]
    words = [_folded(w) for w in (*personal, *parts)]
    candidates = {password[:_ZXCVBN_MAX], _folded(password)[:_ZXCVBN_MAX]}
    with _ZXCVBN_LOCK:
        return min(zxcvbn(candidate, user_inputs=words)["score"] for candidate in candidates)


def check_password(password: str, *personal: str) -> None:
    """Raises WeakPassword unless the password is long enough and not guessable. `personal`:
    the account's username and name, which a password must not be built from."""
    if len(password) < MIN_LENGTH:
        raise WeakPassword("password.too_short", f"at least {MIN_LENGTH} characters")
    if _score(password, list(personal)) < MIN_SCORE:
        raise WeakPassword(
            "password.guessable",
            "too easy to guess: a common password, a common word with digits, or the account's "
            "own name; choose a few unrelated words",
        )


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify(password_hash: str | None, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash or _DECOY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _HASHER.check_needs_rehash(password_hash)
