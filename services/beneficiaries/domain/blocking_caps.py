"""How many records a blocking key may hold and still be searched.

The model's cap suits keys that carry a birth date. A key of names alone is
shared by every namesake in the registry, so its lists grow with the registry
and, under the same cap, it brought most of a record's candidates at a million
people while finding almost no true pair that a dated key did not."""

from .identity import Identity, blocking_key_texts, key_hash

# Caps of the key families (identity.blocking_key_texts) held lower than the model's.
FAMILY_CAPS: dict[str, int] = {"NN": 20}


def key_caps(identity: Identity, cap: int) -> dict[int, int]:
    """Each blocking key of `identity` (the hashes blocking_keys gives) with its cap."""
    return {key_hash(text): min(cap, FAMILY_CAPS.get(text.split(":", 1)[0], cap)) for text in blocking_key_texts(identity)}
