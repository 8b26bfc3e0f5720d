"""A consumed Kafka record, independent of the client library."""

from dataclasses import dataclass


@dataclass(frozen=True)
class IncomingRecord:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: tuple[tuple[str, bytes], ...] = ()
    # When the producer sent it (Kafka's CreateTime, ms since the epoch), if known.
    timestamp_ms: int | None = None

    @property
    def position(self) -> str:
        return f"{self.topic}[{self.partition}]@{self.offset}"
