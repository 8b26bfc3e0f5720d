"""How many records a blocking key may hold and still be searched.

The model's `blocking_key_cap` (100) suited a registry of 100,000 people. At a
million, many keys grow past the size that tells people apart: a key without
the birth year (given name, surname initial, day and month) or without any
date (the full name's sound, the CURP's name and place letters) is shared by
ever more namesakes, and a record met 58 candidates on average, over 20 of them
under one such key. Searched only up to 20 records (names alone up to 5), a
record meets 25 on average at a million people and 99.97% of true pairs still
share a searched key (tests/benchmarks/blocking_recall.py, docs/benchmarks.md).
The model's cap stays the upper bound.

Within the caps, most candidates share a single key with the record: at a
million people, 92% of them, almost all of which score far below the lower
threshold (a namesake born another year, a same-day birthday with another
surname). A record that shares one key alone is searched only when that key
singles it out: when the key holds at most LONE_KEY_CAP records. True pairs
sharing one key alone are rare and share an uncommon one; on 150,000 people
99.95% of true pairs still meet, and a record meets four times fewer
candidates (tests/benchmarks/blocking_recall.py, docs/benchmarks.md)."""

from .identity import Identity, blocking_key_texts, key_hash

KEY_CAP = 20
# The full name's sound (NN): no date at all, so namesakes of every age share it.
FAMILY_CAPS: dict[str, int] = {"NN": 5}
LONE_KEY_CAP = 2


def key_caps(identity: Identity, cap: int) -> dict[int, int]:
    """Each blocking key of `identity` (the hashes blocking_keys gives) with its cap, never above the model's `cap`."""
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
