"""A committee's entry sent again: the tablet names each entry (a report, an amendment, a
purchase, a survey) with an id of its own, made when the form was filled in, and sends it
again when it never heard the answer. The same id is applied once and answered with the
first result; the same id with a different entry is a client's mistake, refused rather
than answered with another entry's result (which would lose the second entry silently)."""

import hashlib
import json
from dataclasses import dataclass
from uuid import UUID

from pydantic import BaseModel

from .errors import Conflict

KINDS = ("report", "amendment", "purchase", "survey")


@dataclass(frozen=True)
class Entry:
    kitchen_id: str
    entry_id: UUID
    kind: str
    fingerprint: str


@dataclass(frozen=True)
class RecordedEntry:
    kind: str
    fingerprint: str
    result_id: UUID


def entry_of(kind: str, submission: BaseModel, entry_id: UUID) -> Entry:
    """The entry as the service keeps it: its kitchen, its id, and a fingerprint of what
    it says (keys sorted, so the order a client wrote the survey's scores in is no
    difference)."""
    fields = submission.model_dump(mode="json")
    body = json.dumps(fields, sort_keys=True, ensure_ascii=False)
    fingerprint = hashlib.sha256(f"{kind}\n{body}".encode()).hexdigest()
    return Entry(str(fields["kitchen_id"]), entry_id, kind, fingerprint)


def first_result(entry: Entry, recorded: RecordedEntry) -> UUID:
    if recorded.kind != entry.kind or recorded.fingerprint != entry.fingerprint:
        raise Conflict(
            "header.idempotency-key",
            "this entry id was already used for a different entry of this kitchen",
            code="entry_id_reused",
        )
    return recorded.result_id
