"""From raw record bytes to a validated envelope, or a reason why not."""

import json
from collections.abc import Collection
from typing import Any

from pydantic import ValidationError

from .contracts.base import EventContract, UnknownEventType
from .envelope import Envelope
from .errors import (
    InvalidMessage,
    InvalidPayload,
    NotHandledHere,
    Rejected,
    cap,
    describe_validation_error,
    rejection_from_validation,
)
from .records import IncomingRecord
from .text import (
    UNSTORABLE_CODE,
    UNSTORABLE_REASON,
    field_path,
    may_decode_unstorable,
    unstorable_location,
)
from .topics import Topic

# Parametrised once: pydantic's lookup of a parametrised generic costs a few microseconds each time.
_RAW_ENVELOPE = Envelope[dict[str, Any]]
_CONTRACT_ENVELOPE = Envelope[EventContract]


def parse_record(
    record: IncomingRecord, topic: Topic, only_types: Collection[str] | None = None
) -> Envelope[EventContract]:
    """`only_types`: raise NotHandledHere for a valid envelope of any other type."""
    if not record.value:
        raise InvalidMessage("value: empty message", code="empty_message")
    document = _object(record.value)
    try:
        envelope = _RAW_ENVELOPE.model_validate(document, extra="ignore")
    except ValidationError as exc:
        raise InvalidMessage(describe_validation_error(exc), code="not_an_envelope") from None
    unstorable = unstorable_location(document) if may_decode_unstorable(record.value) else None
    if unstorable is not None and unstorable[:1] != ("payload",):
        raise InvalidMessage(f"{field_path(unstorable)}: {UNSTORABLE_REASON}", code=UNSTORABLE_CODE)
    if only_types is not None and envelope.type not in only_types:
        raise NotHandledHere(envelope.type)
    _refuse_another_agencys_record(record.topic, topic, envelope.payload)
    try:
        contract = topic.contracts.lookup(envelope.type, envelope.version)
    except UnknownEventType as exc:
        raise InvalidMessage(str(exc), code="unknown_event_type") from None
    try:
        payload = contract.model_validate(envelope.payload, extra="ignore")
    except ValidationError as exc:
        raise InvalidPayload(
            envelope,
            rejection_from_validation(exc),
            describe_validation_error(exc, prefix="payload"),
        ) from None
    if unstorable is not None:
        field = field_path(unstorable[1:])
        raise InvalidPayload(
            envelope,
            Rejected(field, UNSTORABLE_REASON, code=UNSTORABLE_CODE),
            f"payload.{field}: {UNSTORABLE_REASON}",
        )
    return _CONTRACT_ENVELOPE.model_construct(**{**dict(envelope), "payload": payload})


def _refuse_another_agencys_record(topic_name: str, topic: Topic, payload: dict[str, Any]) -> None:
    """On an agency's own topic, a record must be that agency's: the topic's ACL
    proves who wrote it, the payload only claims it. Not answered but
    dead-lettered: an answer would go to the agency the record names."""
    agency = topic.agency_of(topic_name)
    if agency is None:
        return
    claimed = payload.get("agency")
    if claimed != agency:
        raise InvalidMessage(
            f"payload.agency: a record on {topic_name} must be {agency}'s own; "
            "it names another agency or none",
            code="another_agencys_record",
        )


def _object(value: bytes) -> dict[str, Any]:
    document = _decoded(value)
    if not isinstance(document, dict):
        raise InvalidMessage(
            f"value: expected a JSON object, got {type(document).__name__}",
            code="not_a_json_object",
        )
    return document


def _decoded(value: bytes) -> Any:
    try:
        return json.loads(value)
    except ValueError as exc:
        # Bytes that are not UTF-8, JSON syntax, or an integer too long to convert.
        position = f" at position {exc.pos}" if isinstance(exc, json.JSONDecodeError) else ""
        raise InvalidMessage(
            cap(f"value: not valid JSON ({exc.__class__.__name__}{position})"), code="not_json"
        ) from None
    except RecursionError:
        raise InvalidMessage("value: JSON nested too deeply", code="too_deep") from None
