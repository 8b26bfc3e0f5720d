"""How many records a blocking key may hold and still be searched, and which
of the records under the searched keys are a record's candidates.

The model's `blocking_key_cap` (100) suited a registry of 100,000 people; at
a million, keys without the birth year or without any date are shared by ever
more namesakes. The intake searches a key only up to KEY_CAP records (names
alone up to 5), and a record sharing a single key is a candidate only when
that key singles it out (LONE_KEY_CAP): true pairs that share one key alone
share an uncommon one. The figures behind these numbers are in
docs/benchmarks-history.md ("Blocking: do true pairs reach the candidate stage?"; measured by
tests/benchmarks/blocking_recall.py).

`stored_candidates` is the rule as the database applies it
(RegistryRepository.candidates, in SQL); a property test holds the two
together (tests/integration/test_candidate_rule.py)."""

from collections.abc import Collection, Mapping, Sequence
from uuid import UUID

from .identity import Identity, blocking_key_texts, key_hash
from .resolution import CandidateRecord

KEY_CAP = 20
# The full name's sound (NN): no date at all, so namesakes of every age share it.
FAMILY_CAPS: dict[str, int] = {"NN": 5}
LONE_KEY_CAP = 2

# A stored record under a key, with its identity.
StoredRecord = CandidateRecord
# What stored_candidates finds: each record with the keys it was found under and, when it can be
# a candidate, itself; then the keys too common to search.
StoredCandidates = tuple[list[tuple[UUID, list[int], StoredRecord | None]], list[int]]


def key_caps(identity: Identity, cap: int) -> dict[int, int]:
    """Each blocking key of `identity` (the hashes blocking_keys gives) with its
    cap, never above the model's `cap`."""
    return {
        key_hash(text): min(cap, FAMILY_CAPS.get(text.split(":", 1)[0], KEY_CAP))
        for text in blocking_key_texts(identity)
    }


def searched_together(
    shared_keys: int, lone_key_size: int, lone_key_cap: int = LONE_KEY_CAP
) -> bool:
    """Whether a record found under `shared_keys` of another's searched keys is
    its candidate; `lone_key_size` is the size of the one key when there is one."""
    return shared_keys > 1 or lone_key_size <= lone_key_cap


def stored_candidates(
    stored: Mapping[int, Sequence[StoredRecord]],
    caps: Mapping[int, int],
    updated: Collection[UUID] = (),
) -> StoredCandidates:
    """The stored records under the keys of `caps` (`stored`: each key's
    records), each with the keys it was found under and, when it can be a
    candidate of a record searching some of these keys, itself; and the keys
    held by more records than their cap (too common to tell anyone apart).
    `updated`: records the batch may give other keys, left out of a key's size
    when judging whether that key alone singles a record out."""
    too_common = [key for key, cap in caps.items() if len(stored.get(key, ())) > cap]
    keys_of: dict[UUID, list[int]] = {}
    records: dict[UUID, StoredRecord] = {}
    lone_key_size: dict[UUID, int] = {}
    for key in caps:
        members = stored.get(key, ())
        if len(members) > caps[key]:
            continue
        staying = sum(1 for m in members if m.record_id not in updated)
        for member in members:
            keys_of.setdefault(member.record_id, []).append(key)
            records[member.record_id] = member
            lone_key_size[member.record_id] = min(
                staying, lone_key_size.get(member.record_id, staying)
            )
    found = [
        (
            record_id,
            sorted(keys),
            records[record_id] if searched_together(len(keys), lone_key_size[record_id]) else None,
        )
        for record_id, keys in sorted(keys_of.items())
    ]
    return found, sorted(too_common)
