"""From raw record bytes to a validated envelope, or a reason why not."""

import json
from collections.abc import Collection
from typing import Any

from pydantic import ValidationError

from .contracts.base import EventContract, UnknownEventType
from .envelope import Envelope
from .errors import InvalidMessage, InvalidPayload, NotHandledHere, cap, describe_validation_error, rejection_from_validation
from .records import IncomingRecord
from .topics import Topic


def parse_record(record: IncomingRecord, topic: Topic, only_types: Collection[str] | None = None) -> Envelope[EventContract]:
    """`only_types`: raise NotHandledHere for a valid envelope of any other type."""
    if not record.value:
        raise InvalidMessage("value: empty message")
    try:
        document = json.loads(record.value)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidMessage(cap(f"value: not valid JSON ({exc.__class__.__name__} at position {getattr(exc, 'pos', '?')})")) from None
    if not isinstance(document, dict):
        raise InvalidMessage(f"value: expected a JSON object, got {type(document).__name__}")
    try:
        envelope = Envelope[dict[str, Any]].model_validate(document, extra="ignore")
    except ValidationError as exc:
        raise InvalidMessage(describe_validation_error(exc)) from None
    if only_types is not None and envelope.type not in only_types:
        raise NotHandledHere(envelope.type)
    try:
        contract = topic.contracts.lookup(envelope.type, envelope.version)
    except UnknownEventType as exc:
        raise InvalidMessage(str(exc)) from None
    try:
        payload = contract.model_validate(envelope.payload, extra="ignore")
    except ValidationError as exc:
        raise InvalidPayload(envelope, rejection_from_validation(exc), describe_validation_error(exc, prefix="payload")) from None
    return Envelope[EventContract].model_construct(**{**dict(envelope), "payload": payload})
