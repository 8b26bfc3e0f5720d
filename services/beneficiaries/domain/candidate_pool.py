"""The candidates a batch of enrolments is resolved against: the records the
database holds under the batch's blocking keys, plus the batch's own records
as each one is resolved, so that two records of one new person arriving in
the same batch find each other exactly as they would one after the other.

The stored records arrive in parts (the batch reads them chunk by chunk), so
one record can be found under some keys first and under others later.

The pool knows every record under each searched key, for the keys' sizes and
for how many keys a record shares with the one resolved (blocking_caps.
searched_together), but holds identities only for the records that can be
someone's candidate: the database leaves out the identities of the others."""

from collections.abc import Iterable, Mapping
from uuid import UUID

from .blocking_caps import searched_together
from .resolution import CandidateRecord


class CandidatePool:
    def __init__(self, cap: int, key_caps: Mapping[int, int]) -> None:
        """`key_caps`: each key's own cap (blocking_caps.key_caps); a key
        missing there has `cap`."""
        self._cap = cap
        self._key_caps = key_caps
        # Dicts for their order: candidates come out in the order they were found.
        self._by_key: dict[int, dict[UUID, None]] = {}
        # Keys shared by more records than the cap: too common to tell anyone apart.
        self._saturated: set[int] = set()
        self._keys_of: dict[UUID, set[int]] = {}
        self._records: dict[UUID, CandidateRecord] = {}
        self._from_batch: set[UUID] = set()

    def saturate(self, keys: Iterable[int]) -> None:
        for key in keys:
            self._saturated.add(key)
            self._by_key.pop(key, None)

    def found(
        self, record_id: UUID, keys: Iterable[int], record: CandidateRecord | None = None
    ) -> None:
        """A stored record, found under `keys` besides any it was found under
        before; `record` is it with its identity, when the database sent that.
        A record the batch has added is newer than the stored one and stays."""
        if record_id in self._from_batch:
            return
        if record is not None:
            self._records[record_id] = record
        held = self._keys_of.setdefault(record_id, set())
        new = set(keys) - held
        held |= new
        self._put(record_id, new)

    def add(self, record: CandidateRecord, keys: Iterable[int]) -> None:
        """One of the batch's own records, replacing any version of it held before."""
        self.remove(record.record_id)
        self._from_batch.add(record.record_id)
        self._records[record.record_id] = record
        self._keys_of[record.record_id] = set(keys)
        self._put(record.record_id, self._keys_of[record.record_id])

    def _put(self, record_id: UUID, keys: Iterable[int]) -> None:
        for key in keys:
            if key in self._saturated:
                continue
            members = self._by_key.setdefault(key, {})
            members[record_id] = None
            if len(members) > self._key_caps.get(key, self._cap):
                self.saturate([key])

    def pending(self, record_id: UUID) -> bool:
        """Whether the record, as the pool holds it, is held for review
        (False when the pool holds no identity of it)."""
        record = self._records.get(record_id)
        return record is not None and record.pending

    def remove(self, record_id: UUID) -> None:
        self._records.pop(record_id, None)
        for key in self._keys_of.pop(record_id, ()):
            members = self._by_key.get(key)
            if members is not None:
                members.pop(record_id, None)

    def candidates(self, keys: Iterable[int]) -> list[CandidateRecord]:
        shared: dict[UUID, int] = {}
        lone_key_size: dict[UUID, int] = {}
        for key in keys:
            members = self._by_key.get(key)
            if not members:
                continue
            size = len(members)
            for record_id in members:
                shared[record_id] = shared.get(record_id, 0) + 1
                lone_key_size[record_id] = size
        return [
            self._records[record_id]
            for record_id, n in shared.items()
            if searched_together(n, lone_key_size[record_id])
        ]
