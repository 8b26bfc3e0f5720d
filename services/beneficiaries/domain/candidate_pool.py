"""The candidates a batch of enrolments is resolved against: the records the
database holds under the batch's blocking keys, plus the batch's own records
as each one is resolved, so that two records of one new person arriving in
the same batch find each other exactly as they would one after the other."""

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

    def saturate(self, keys: Iterable[int]) -> None:
        for key in keys:
            self._saturated.add(key)
            self._by_key.pop(key, None)

    def add(self, record: CandidateRecord, keys: Iterable[int]) -> None:
        self.remove(record.record_id)
        self._keys_of[record.record_id] = tuple(keys)
        for key in self._keys_of[record.record_id]:
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
