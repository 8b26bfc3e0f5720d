"""Reporter identities sealed in the application, before they reach PostgreSQL:
libsodium's sealed boxes (X25519 and XSalsa20-Poly1305, through PyNaCl). Anyone
holding the public key can seal; only the private key opens. The database keeps
the box, the id of the key that sealed it, and a keyed fingerprint that finds
the same reporter again without opening anything.

Intake holds a `Sealer` (the public key and the fingerprint key); only the
reveal path holds the `Opener` (the private key)."""

import base64
import binascii
import json
from dataclasses import dataclass

from nacl.encoding import RawEncoder
from nacl.exceptions import CryptoError
from nacl.hash import blake2b
from nacl.public import PrivateKey, PublicKey, SealedBox

from .notices import NoticeAddress, notice_address
from .reporters import Reporter, folded_identity

KEY_BYTES = 32
# Boxes are padded to a multiple of this many bytes, so that their length does not tell
# a long name from a short one.
PADDING_BLOCK = 256


class KeyMismatch(ValueError):
    """A box sealed under a key the holder does not have (a rotation not yet finished)."""


@dataclass(frozen=True)
class SealedIdentity:
    box: bytes
    key_id: bytes
    fingerprint: bytes


@dataclass(frozen=True)
class SealedAddress:
    """Where a reporter asked for notices, in a box of its own: sending a notice opens
    this, never the identity."""

    medium: str
    box: bytes
    key_id: bytes


def new_private_key() -> str:
    """A fresh private key in the form the setting takes (standard base64)."""
    return base64.b64encode(bytes(PrivateKey.generate())).decode()


def parse_private_key(text: str) -> PrivateKey:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != KEY_BYTES:
        raise ValueError(
            f"want the base64 of a {KEY_BYTES}-byte key "
            "(`python -m services.grievances.rotate_reporter_key --print-new-key` makes one)"
        )
    return PrivateKey(raw)


def key_id(public_key: PublicKey) -> bytes:
    """Names a key without revealing it: which key sealed a row, for rotation."""
    return blake2b(bytes(public_key), digest_size=8, encoder=RawEncoder)


def _fingerprint_key(private_key: PrivateKey) -> bytes:
    # Derived from the private key, so that nobody without it (a database dump, a
    # backup) can test a guessed name against the fingerprints; it cannot open a box.
    return blake2b(b"", key=bytes(private_key), person=b"reporter-fprint", encoder=RawEncoder)


def _padded(payload: bytes) -> bytes:
    # JSON ignores trailing whitespace, so spaces pad without a length field.
    return payload.ljust(-(-len(payload) // PADDING_BLOCK) * PADDING_BLOCK, b" ")


class Sealer:
    """What intake holds: seals and fingerprints, opens nothing."""

    def __init__(self, public_key: PublicKey, fingerprint_key: bytes) -> None:
        self._box = SealedBox(public_key)
        self._fingerprint_key = fingerprint_key
        self.key_id = key_id(public_key)

    def fingerprint(self, reporter: Reporter) -> bytes:
        """The same reporter despite accents, case and spacing."""
        return blake2b(folded_identity(reporter), key=self._fingerprint_key, encoder=RawEncoder)

    def seal(self, reporter: Reporter) -> SealedIdentity:
        payload = json.dumps(
            {"full_name": reporter.full_name, "contact": reporter.contact}, ensure_ascii=False
        ).encode()
        return SealedIdentity(
            self._box.encrypt(_padded(payload)), self.key_id, self.fingerprint(reporter)
        )

    def seal_address(self, address: NoticeAddress) -> SealedAddress:
        payload = json.dumps({"address": address.address}, ensure_ascii=False).encode()
        return SealedAddress(address.medium, self._box.encrypt(_padded(payload)), self.key_id)


class Opener:
    """What the reveal path holds: the private key."""

    def __init__(self, private_key: PrivateKey) -> None:
        self._box = SealedBox(private_key)
        self.sealer = Sealer(private_key.public_key, _fingerprint_key(private_key))

    @classmethod
    def from_setting(cls, text: str) -> "Opener":
        return cls(parse_private_key(text))

    @property
    def key_id(self) -> bytes:
        return self.sealer.key_id

    def open(self, box: bytes, sealed_under: bytes) -> Reporter:
        fields = self._opened(box, sealed_under)
        return Reporter(fields["full_name"], fields["contact"])

    def open_address(self, sealed: SealedAddress) -> NoticeAddress:
        return notice_address(sealed.medium, self._opened(sealed.box, sealed.key_id)["address"])

    def _opened(self, box: bytes, sealed_under: bytes) -> dict[str, str]:
        if sealed_under != self.key_id:
            raise KeyMismatch("sealed under another key")
        try:
            fields: dict[str, str] = json.loads(self._box.decrypt(box))
        except CryptoError:
            raise KeyMismatch("the box does not open with this key") from None
        return fields
