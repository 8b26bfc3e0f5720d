"""Stored identities already rebuilt from their jsonb, kept between batches.

At a million people the records under popular blocking keys come back as
candidates batch after batch, and rebuilding each from jsonb was a fifth of
the intake's time. An entry holds the row's version (its `xmin`): a record
saved again, by any transaction, is read afresh. The intake reads candidates
before it writes anything, so no transaction reads a row it has itself
rewritten under the same version.

Keys are the ids' integers and values plain tuples, which the garbage
collector stops tracking: held as UUIDs and Identity objects, every full
collection walked the whole cache (docs/benchmarks-history.md, "Intake: candidates
read one chunk ahead, leaner scoring, collector paused")."""

from collections import OrderedDict
from collections.abc import Callable
from uuid import UUID

from ..domain.identity import Identity

# About 1 KB each: 200,000 identities are a fifth of a gigabyte, and hold the
# popular candidates of a million-person registry.
DEFAULT_SIZE = 200_000


class ParsedIdentities:
    """Least recently used out first. An OrderedDict does the bookkeeping in C;
    cachetools' LRUCache did it in Python and cost as much as the parsing it saved."""

    def __init__(self, parse: Callable[[str], Identity], size: int = DEFAULT_SIZE) -> None:
        self._parse = parse
        self._size = size
        self._parsed: OrderedDict[int, tuple[int, tuple[object, ...]]] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, enrolment_id: UUID, version: int, stored: str) -> Identity:
        """`stored` is the identity column as text, parsed only when this version is not held."""
        key = enrolment_id.int
        held = self._parsed.get(key)
        if held is not None and held[0] == version:
            self.hits += 1
            self._parsed.move_to_end(key)
            return Identity._make(held[1])
        self.misses += 1
        identity = self._parse(stored)
        self._parsed[key] = (version, tuple(identity))
        self._parsed.move_to_end(key)
        if len(self._parsed) > self._size:
            self._parsed.popitem(last=False)
        return identity
