"""The candidates a batch of enrolments is resolved against: the records the
database holds under the batch's blocking keys, plus the batch's own records
as each one is resolved, so that two records of one new person arriving in
the same batch find each other exactly as they would one after the other.

The stored records arrive in parts (the batch reads them chunk by chunk), so
one record can be found under some keys first and under others later."""

from collections.abc import Iterable, Mapping
from uuid import UUID

from .resolution import CandidateRecord


class CandidatePool:
    def __init__(self, cap: int, key_caps: Mapping[int, int]) -> None:
        """`key_caps`: each key's own cap (blocking_caps.key_caps); a key missing there has `cap`."""
        self._cap = cap
        self._key_caps = key_caps
        self._by_key: dict[int, dict[UUID, CandidateRecord]] = {}
        # Keys shared by more records than the cap: too common to tell anyone apart.
        self._saturated: set[int] = set()
        self._keys_of: dict[UUID, tuple[int, ...]] = {}
        self._from_batch: set[UUID] = set()

    def saturate(self, keys: Iterable[int]) -> None:
        for key in keys:
            self._saturated.add(key)
            self._by_key.pop(key, None)

    def found(self, record: CandidateRecord, keys: Iterable[int]) -> None:
        """A stored record, found under `keys` besides any it was found under
        before. A record the batch has added is newer than the stored one and stays."""
        if record.record_id in self._from_batch:
            return
        keys = tuple(keys)
        self._keys_of[record.record_id] = self._keys_of.get(record.record_id, ()) + keys
        self._put(record, keys)

    def add(self, record: CandidateRecord, keys: Iterable[int]) -> None:
        """One of the batch's own records, replacing any version of it held before."""
        self.remove(record.record_id)
        self._from_batch.add(record.record_id)
        self._keys_of[record.record_id] = tuple(keys)
        self._put(record, self._keys_of[record.record_id])

    def _put(self, record: CandidateRecord, keys: tuple[int, ...]) -> None:
        for key in keys:
            if key in self._saturated:
                continue
            bucket = self._by_key.setdefault(key, {})
            bucket[record.record_id] = record
            if len(bucket) > self._key_caps.get(key, self._cap):
                self.saturate([key])

    def remove(self, record_id: UUID) -> None:
        for key in self._keys_of.pop(record_id, ()):
            bucket = self._by_key.get(key)
            if bucket is not None:
                bucket.pop(record_id, None)

    def candidates(self, keys: Iterable[int]) -> list[CandidateRecord]:
        found: dict[UUID, CandidateRecord] = {}
        for key in keys:
            found.update(self._by_key.get(key, {}))
        return list(found.values())
