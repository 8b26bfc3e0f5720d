"""Receipts for anonymous reporters, and what recognises a named one across cases."""

import hashlib
import secrets
import unicodedata
from dataclasses import dataclass

RECEIPT_BYTES = 24  # 192 bits: guessing one is out of reach, so an unsalted hash is enough.


@dataclass(frozen=True)
class Reporter:
    full_name: str
    contact: str | None = None


def new_receipt() -> str:
    return secrets.token_urlsafe(RECEIPT_BYTES)


def receipt_hash(receipt: str) -> bytes:
    return hashlib.sha256(receipt.strip().encode()).digest()


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def folded_identity(reporter: Reporter) -> bytes:
    """Name and contact folded (case, accents, spacing), what recognises the same reporter
    across cases; domain/sealed_identities.py keys a fingerprint of it."""
    return f"{_folded(reporter.full_name)}|{_folded(reporter.contact or '')}".encode()
