"""What the ops screen computes from what Kafka returns, without I/O: dead
letters read from their headers, redacted previews, consumer lag and
throughput from offset samples, the last event of each producer, and each
technical name (a topic, a consumer group, an event type) in words."""

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from shared.consumer_lag import partition_lag
from shared.kafka import DLQ_HEADER_PREFIX
from shared.topics import AGENCY_TOPICS, DEAD_LETTER_SUFFIX

MAX_SHOWN = 120
PREVIEW_LENGTH = 160
# Envelope fields that identify an event without saying anything about a person.
_SHOWN_AS_IS = frozenset(
    {"event_id", "type", "version", "occurred_at", "producer", "correlation_id", "causation_id"}
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_WORD = re.compile(r"\w")
MASK = "•••"


def cut(text: str | None, limit: int = MAX_SHOWN) -> str:
    """A value fit to show: control and bidi-override characters out, at most `limit` characters."""
    if text is None:
        return ""
    clean = _CONTROL.sub("�", text)
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def decode_headers(headers: Iterable[tuple[str, bytes | None]]) -> dict[str, str]:
    return {name: (value or b"").decode("utf-8", "replace") for name, value in headers}


def original_headers(headers: Iterable[tuple[str, bytes | None]]) -> list[tuple[str, bytes]]:
    """What the record carried before it was dead-lettered: every header but the `dlq.*` ones."""
    return [
        (name, value or b"") for name, value in headers if not name.startswith(DLQ_HEADER_PREFIX)
    ]


@dataclass(frozen=True)
class DeadLetter:
    topic: str
    partition: int
    offset: int
    reason: str
    code: str
    original_topic: str | None
    original_partition: int | None
    original_offset: int | None
    consumer_group: str
    failed_at: str
    event_id: str
    event_type: str
    preview: str

    @property
    def ref(self) -> tuple[str, int, int]:
        return (self.topic, self.partition, self.offset)

    @property
    def reason_label(self) -> str:
        return reason_words(self.code, self.reason)


def _int_or_none(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def dead_letter(
    topic: str,
    partition: int,
    offset: int,
    value: bytes | None,
    headers: Iterable[tuple[str, bytes | None]],
) -> DeadLetter:
    """A dead-letter record as the screen shows it: every text cut, the payload only previewed.
    Not its key (a kitchen's code, a person's or an agency's record id): the operator finds
    the record by its position, and the replay resends the key as it was."""
    named = decode_headers(headers)
    envelope = _json_object(value)
    return DeadLetter(
        topic=topic,
        partition=partition,
        offset=offset,
        reason=cut(named.get("dlq.reason"), 400),
        code=cut(named.get("dlq.code"), 60),
        original_topic=named.get("dlq.original.topic"),
        original_partition=_int_or_none(named.get("dlq.original.partition")),
        original_offset=_int_or_none(named.get("dlq.original.offset")),
        consumer_group=cut(named.get("dlq.consumer.group"), 80),
        failed_at=cut(named.get("dlq.failed_at"), 40),
        event_id=cut(
            named.get("dlq.event_id")
            or (str(envelope.get("event_id")) if envelope and envelope.get("event_id") else ""),
            40,
        ),
        event_type=cut(
            named.get("event_type")
            or (str(envelope.get("type")) if envelope and envelope.get("type") else ""),
            80,
        ),
        preview=redacted_preview(value),
    )


_FIELD_REASON = re.compile(r"^([\w.\[\]-]+): ")


# What a consumer dead-letters a record for before any rule reads it (shared/parsing.py,
# shared/errors.py); any other code is a rule's refusal of one of the payload's fields.
READING_CODES = frozenset(
    {
        "empty_message",
        "not_json",
        "too_deep",
        "not_a_json_object",
        "not_an_envelope",
        "unknown_event_type",
        "another_agencys_record",
        "unstorable_text",
        "handler_failed",
    }
)


def reason_words(code: str, reason: str) -> str:
    """The label saying in words why a record was dead-lettered, by the code the consumer
    wrote (dlq.code); the reason, written for a developer, is shown beside it as its
    technical detail. Records dead-lettered before the code was written are told by
    their reason's words."""
    if code in READING_CODES:
        return f"ops.why.{code}"
    if code:
        return "ops.why.field"
    return _reason_words_of_old(reason)


def _reason_words_of_old(reason: str) -> str:
    if reason.startswith("value: not valid JSON"):
        return "ops.why.not_json"
    if reason.startswith("value: JSON nested too deeply"):
        return "ops.why.too_deep"
    if reason.startswith("handler failed:"):
        return "ops.why.handler_failed"
    if reason.startswith("payload.agency:"):
        return "ops.why.another_agencys_record"
    if _FIELD_REASON.match(reason):
        return "ops.why.field"
    return "ops.why.other"


def replay_target(dead: DeadLetter, known_topics: Iterable[str]) -> str | None:
    """The topic a dead letter goes back to, or None when its headers do not name one of ours
    consistently (a replay must never publish where the record did not come from)."""
    original = dead.original_topic
    if original is None or original not in set(known_topics) or dead.topic != f"{original}.dlq":
        return None
    return original


def _json_object(value: bytes | None) -> dict | None:
    try:
        document = json.loads(value or b"")
    except (ValueError, UnicodeDecodeError):
        return None
    return document if isinstance(document, dict) else None


def _masked(node: object, field: str | None = None) -> object:
    if isinstance(node, dict):
        return {str(k): _masked(v, str(k)) for k, v in node.items()}
    if isinstance(node, list):
        return [_masked(v) for v in node[:3]] + (["…"] if len(node) > 3 else [])
    if field in _SHOWN_AS_IS and isinstance(node, (str, int)):
        return node
    return MASK


def redacted_preview(value: bytes | None) -> str:
    """The shape of the message, never its personal data: JSON keeps its field names (an
    envelope, its payload's) and the envelope's identifiers, every other value masked;
    anything else keeps only its punctuation, letters and digits turned into `x`."""
    if not value:
        return "(vacío / empty)"
    try:
        document = json.loads(value)
    except (ValueError, UnicodeDecodeError):
        text = value.decode("utf-8", "replace")
        return cut(f"[{len(value)} bytes, no JSON] " + _WORD.sub("x", text), PREVIEW_LENGTH)
    if isinstance(document, dict) and isinstance(document.get("payload"), dict):
        # The envelope's identifiers are shown beside the preview; the payload's shape helps.
        document = {"payload": document["payload"]}
    return cut(json.dumps(_masked(document), ensure_ascii=False), PREVIEW_LENGTH)


@dataclass(frozen=True)
class PartitionLag:
    partition: int
    end: int
    committed: int | None
    lag: int


def messages_kept(beginnings: Mapping[int, int], ends: Mapping[int, int]) -> int:
    """Records a topic still holds, over its partitions: retention moves the beginnings."""
    return sum(ends[p] - beginnings[p] for p in ends)


def group_lag(
    ends: Mapping[int, int], committed: Mapping[int, int | None], beginnings: Mapping[int, int]
) -> list[PartitionLag]:
    return [
        PartitionLag(
            p,
            ends[p],
            committed.get(p),
            partition_lag(ends[p], committed.get(p), beginnings.get(p, 0)),
        )
        for p in sorted(ends)
    ]


@dataclass(frozen=True)
class Sample:
    at: float  # a monotonic clock's seconds
    total: int


def rate(samples: Sequence[Sample], window: float) -> float | None:
    """Messages per second between the oldest sample within `window` seconds of the newest and the
    newest; None until two samples at least a second apart exist. A total that went down (a
    deleted and recreated topic) counts from the newest sample's start."""
    if len(samples) < 2:
        return None
    newest = samples[-1]
    inside = [s for s in samples if newest.at - s.at <= window]
    oldest = inside[0] if len(inside) >= 2 else samples[-2]
    elapsed = newest.at - oldest.at
    if elapsed < 1.0:
        return None
    return max(0, newest.total - oldest.total) / elapsed


def keep_recent(samples: list[Sample], sample: Sample, window: float) -> list[Sample]:
    """The samples within `window` of the new one, plus one older, so a rate always spans the
    window."""
    kept = [*samples, sample]
    inside = [s for s in kept if sample.at - s.at <= window]
    older = [s for s in kept if sample.at - s.at > window]
    return older[-1:] + inside


@dataclass(frozen=True)
class LastEvent:
    producer: str
    topic: str
    event_type: str
    at: datetime
    key: str


def last_event_per_producer(
    records: Iterable[tuple[str, bytes | None, bytes | None, int]],
) -> list[LastEvent]:
    """From (topic, key, value, timestamp in ms) of tail records: each producer's latest event,
    by the envelope's `producer` field; records that are not envelopes are skipped."""
    latest: dict[str, LastEvent] = {}
    for topic, key, value, timestamp_ms in records:
        envelope = _json_object(value)
        if not envelope or not isinstance(envelope.get("producer"), str):
            continue
        producer = cut(envelope["producer"], 80)
        at = datetime.fromtimestamp(timestamp_ms / 1000, UTC)
        if producer not in latest or at >= latest[producer].at:
            latest[producer] = LastEvent(
                producer,
                topic,
                cut(str(envelope.get("type", "")), 80),
                at,
                cut((key or b"").decode("utf-8", "replace"), 80),
            )
    return sorted(latest.values(), key=lambda e: e.producer)


# Which service reads a topic, as its consumer group's name begins (Topic.group_for).
_GROUP = re.compile(r"^(?P<service>[a-z0-9-]+)\.(?P<topic>.+?)(?:\.agencies)?$")


@dataclass(frozen=True)
class TechnicalWords:
    """The ops screen's technical names in words (labels/ops.py, `ops.named.*`), read before
    the name itself: the name is what an operator types into Kafka's tools or searches in the
    logs and documents, so it is shown too, as a detail. `say` is the reader's labels."""

    say: Callable[..., str]
    known: Callable[[str], bool]

    def _label(self, key: str, otherwise: str) -> str:
        return self.say(key) if self.known(key) else otherwise

    def topic(self, name: str) -> str:
        if name.endswith(DEAD_LETTER_SUFFIX):
            original = self.topic(name.removesuffix(DEAD_LETTER_SUFFIX))
            return self.say("ops.named.dead_letters_of", topic=original)
        if self.known(f"ops.named.topic.{name}"):
            return self.say(f"ops.named.topic.{name}")
        for family in AGENCY_TOPICS:
            if agency := family.agency_of(name):
                key = f"ops.named.topic.{family.name}.agency"
                return self.say(key, agency=self._label(f"agency.{agency}", agency))
        return self.say("ops.named.topic.unknown")

    def service(self, name: str) -> str:
        return self._label(f"ops.named.service.{name}", name)

    def group(self, service: str, topic: str) -> str:
        return self.say("ops.named.group", service=self.service(service), topic=self.topic(topic))

    def group_named(self, group: str) -> str:
        """A consumer group known by its name alone (a dead letter's header)."""
        found = _GROUP.match(group)
        if found is None:
            return self.say("ops.named.topic.unknown")
        return self.group(found["service"], found["topic"])

    def producer(self, name: str) -> str:
        """Who published, as an envelope names it: a service (`kitchens`, `grievances.http`),
        an agency (`agency.<code>`), a grievance channel (`channel.<channel>`) or another
        system the console knows; any other, in words that say so."""
        head, _, rest = name.partition(".")
        if self.known(f"ops.named.service.{head}") and rest in ("", "http"):
            return self.service(head)
        if head == "agency" and rest:
            return self.say("ops.named.producer.agency", agency=self._label(f"agency.{rest}", rest))
        if head == "channel" and self.known(f"grievances.channel.{rest}"):
            return self.say(
                "ops.named.producer.channel", channel=self.say(f"grievances.channel.{rest}")
            )
        return self._label(f"ops.named.producer.{name}", self.say("ops.named.producer.unknown"))

    def event(self, event_type: str) -> str:
        return self._label(f"ops.named.event.{event_type}", self.say("ops.named.event.unknown"))
