"""Stored identities already rebuilt from their jsonb, kept between batches.

With a million people the records under popular blocking keys come back as
candidates batch after batch, and rebuilding each from jsonb was a fifth of
the intake's time. An entry is keyed by the row's version (its `xmin`, the
transaction that wrote it): a record saved again, by any transaction, has a
new version and is read afresh, while its old entry ages out. The intake
reads candidates before it writes anything, so no transaction reads a row it
has itself rewritten under the same version."""

from collections.abc import Callable
from uuid import UUID

from cachetools import LRUCache

from ..domain.identity import Identity

# About 1 KB each: 200,000 identities are a fifth of a gigabyte, and hold the
# popular candidates of a million-person registry.
DEFAULT_SIZE = 200_000


class ParsedIdentities:
    def __init__(self, parse: Callable[[str], Identity], size: int = DEFAULT_SIZE) -> None:
        self._parse = parse
        self._parsed: LRUCache[tuple[UUID, int], Identity] = LRUCache(size)
        self.hits = 0
        self.misses = 0

    def get(self, enrolment_id: UUID, version: int, stored: str) -> Identity:
        """`stored` is the identity column as text, parsed only when this version is not held."""
        key = (enrolment_id, version)
        identity = self._parsed.get(key)
        if identity is None:
            self.misses += 1
            identity = self._parsed[key] = self._parse(stored)
        else:
            self.hits += 1
        return identity
