"""The envelope every event travels in, whoever produced it."""

from datetime import UTC, datetime
from typing import Any, Generic, TypeVar
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from .ids import new_id

P = TypeVar("P")


class Envelope(BaseModel, Generic[P]):
    """Metadata around one event. The payload's shape is fixed by (type, version)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    event_id: UUID = Field(
        description="Unique id chosen by the producer. Consumers deduplicate on it: "
        "sending the same event id twice has the effect of sending it once.",
        examples=["6f1c2a9e-4a55-4a43-9c1e-2b1a8f0f6b11"],
    )
    type: str = Field(
        description="Event type, e.g. `beneficiaries.enrolment_submitted`.",
        min_length=1,
        max_length=100,
        examples=["beneficiaries.enrolment_submitted"],
    )
    version: int = Field(
        description="Version of the payload schema for this type.", ge=1, examples=[1]
    )
    occurred_at: AwareDatetime = Field(
        description="When the fact happened at the producer, ISO 8601 with a UTC offset.",
        examples=["2026-11-21T09:30:00-06:00"],
    )
    producer: str = Field(
        description="Who produced the event: an agency system or a service.",
        min_length=1,
        max_length=100,
        examples=["agency.dif-jalisco"],
    )
    correlation_id: str | None = Field(
        default=None,
        description="Id shared by every event of one business conversation. Replies carry the "
        "correlation id of the request; when absent, the event id is used.",
        max_length=128,
    )
    causation_id: UUID | None = Field(
        default=None, description="Event id of the event that caused this one, if any."
    )
    key: str = Field(
        description="Partition key; events with the same key are delivered in order.",
        min_length=1,
        max_length=200,
    )
    payload: P

    @property
    def effective_correlation_id(self) -> str:
        return self.correlation_id or str(self.event_id)


def new_envelope(
    *,
    event_type: str,
    version: int,
    producer: str,
    key: str,
    payload: dict[str, Any],
    correlation_id: str | None = None,
    causation_id: UUID | None = None,
) -> Envelope[dict[str, Any]]:
    return Envelope[dict[str, Any]](
        event_id=new_id(),
        type=event_type,
        version=version,
        occurred_at=datetime.now(UTC),
        producer=producer,
        key=key,
        payload=payload,
        correlation_id=correlation_id,
        causation_id=causation_id,
    )
