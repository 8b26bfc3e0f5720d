"""Identifiers of the rows a hot path inserts, and of events: UUIDv7.

A UUIDv7 begins with the millisecond it was made, so the ids of new rows sort
together and each index on them grows at its right edge, in pages already in
memory. A random UUIDv4 lands on a random page of a large index: at a million
people each registry enrolment put some twenty such ids into indexes (a dozen
into the blocking keys' index by enrolment alone), each a page to find and,
first after a checkpoint, to write whole to the WAL.

The time in the id is no secret where it is used: an event's envelope carries
`occurred_at`, and a registry record its own timestamps. A grievance's case id
stays random (services/grievances): it is given to the person who complained."""

from uuid import UUID

from uuid_utils.compat import uuid7


def new_id() -> UUID:
    return uuid7()
