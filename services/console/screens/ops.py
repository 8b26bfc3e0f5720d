"""The ops screen: per topic and consumer group the throughput, the lag and the
last event of each producer; dead letters with their reasons and a replay; each
service's outbox backlog and operational links; from Prometheus, the last hours as
charts and the alerts firing now (screens/ops_watch.py).

Throughput is the change of end offsets (produced) and of a group's committed
offsets (consumed) between samples this console process keeps in memory, one
per page view, over the last five minutes. Outbox backlogs are counted in each
service schema's `outbox` table, through the console's own view of them (its
role reads nothing else there), so they show even when a service is down.

Ops may replay; auditors see the same page but cannot (read-only guard).
Admins are not let in: they manage accounts, and dead letters can carry
personal data that account administration has no need to see."""

import time
from collections.abc import Mapping
from typing import Annotated, Any

from aiokafka.errors import KafkaError
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from services import NAMES
from shared.kafka_access import KafkaAccess
from shared.logging import get_logger
from shared.settings import KafkaSettings
from shared.topics import AGENCY_TOPICS, ALL_TOPICS, DEAD_LETTER_SUFFIX

from .. import labels
from ..auth.roles import Account, Role, Screen
from ..auth.sessions import require_role
from ..clients import kafka_admin, ops_database
from ..clients.kafka_admin import Offsets, TailRecord
from ..errors import NotFound, Refused, ServiceUnavailable
from ..rules.ops import (
    DeadLetter,
    Sample,
    TechnicalWords,
    dead_letter,
    group_lag,
    keep_recent,
    last_event_per_producer,
    messages_kept,
    original_headers,
    rate,
    replay_target,
)
from .ops_service_documents import link_base
from .ops_watch import watch
from .rendering import language, render

log = get_logger(__name__)
router = APIRouter(prefix="/ops")
SCREEN = Screen("/ops", "nav.ops", frozenset({Role.OPS, Role.AUDITOR}))
Watcher = Annotated[Account, Depends(require_role(Role.OPS, Role.AUDITOR))]
Operator = Annotated[Account, Depends(require_role(Role.OPS))]

# What the dead letter's page may be sent back to say (`?problem=`), nothing else.
PROBLEMS = frozenset({"ops.confirm_missing", "ops.dismiss_reason_missing"})
DISMISS_REASON = (3, 500)
WINDOW_SECONDS = 300.0
DEAD_LETTERS_SHOWN = 60
TOPICS = tuple(t.name for t in ALL_TOPICS)
DEAD_LETTER_TOPICS = tuple(t.dead_letter for t in ALL_TOPICS)


def _agency_topic(name: str) -> bool:
    """One agency's own topic (shared/topics.py's AGENCY_TOPICS), which the broker lists."""
    return any(family.agency_of(name) for family in AGENCY_TOPICS)


def _ours(topic: str) -> bool:
    return topic in TOPICS or _agency_topic(topic)


def _ours_dead(topic: str) -> bool:
    return topic in DEAD_LETTER_TOPICS or (
        topic.endswith(DEAD_LETTER_SUFFIX) and _agency_topic(topic.removesuffix(DEAD_LETTER_SUFFIX))
    )


async def _topics(kafka: KafkaAccess) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Every topic of ours, each agency's own included, and their dead-letter twins."""
    agencies = sorted(n for n in await kafka_admin.topic_names(kafka) if _agency_topic(n))
    topics = (*TOPICS, *agencies)
    return topics, tuple(t + DEAD_LETTER_SUFFIX for t in topics)


def _groups(topics: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(service, topic, consumer group) of every subscription, named as shared.runtime names
    them; a family of agency topics gives a row per agency topic in `topics`. Which service
    consumes which topic is written only in each service's bootstrap, so the definitions are
    imported here, when the screen is first opened, not at start-up."""
    from services import definitions

    return [
        (name, topic, s.topic.group_for(name))
        for name, d in definitions().items()
        for s in d.subscriptions
        for topic in (
            [t for t in topics if s.topic.agency_of(t)] if s.topic.per_agency else [s.topic.name]
        )
    ]


def _sampled(request: Request, name: str, total: int) -> float | None:
    store: dict[str, list[Sample]] | None = getattr(request.app.state, "ops_samples", None)
    if store is None:
        store = request.app.state.ops_samples = {}
    store[name] = keep_recent(store.get(name, []), Sample(time.monotonic(), total), WINDOW_SECONDS)
    return rate(store[name], WINDOW_SECONDS)


def _replay_target(dead: DeadLetter) -> str | None:
    original = dead.original_topic
    return replay_target(dead, [original] if original and _ours(original) else [])


def _kafka(request: Request) -> KafkaAccess:
    return request.app.state.settings.kafka_access()


def _settings(request: Request) -> KafkaSettings:
    return request.app.state.settings


def _topic_row(request: Request, known: Offsets, topic: str) -> dict[str, Any]:
    beginnings, ends = known.of(topic)
    return {
        "name": topic,
        "partitions": len(ends),
        "kept": messages_kept(beginnings, ends),
        "rate": _sampled(request, f"topic:{topic}", sum(ends.values())),
    }


def _group_row(
    request: Request,
    known: Offsets,
    commits: Mapping[str, Mapping[Any, int]],
    subscription: tuple[str, str, str],
) -> dict[str, Any]:
    service, topic, group = subscription
    beginnings, ends = known.of(topic)
    by_partition = {tp.partition: o for tp, o in commits[group].items() if tp.topic == topic}
    lags = group_lag(ends, by_partition, beginnings)
    consumed = sum(by_partition.values())
    return {
        "service": service,
        "topic": topic,
        "group": group,
        "partitions": lags,
        "lag": sum(p.lag for p in lags),
        "rate": _sampled(request, f"group:{group}", consumed) if by_partition else None,
    }


async def _recent_dead_letters(
    kafka: KafkaAccess, known: Offsets, dead_letter_topics: tuple[str, ...]
) -> list[DeadLetter]:
    """The newest dead letters first, by when they failed."""
    tail = await kafka_admin.tail(kafka, known, dead_letter_topics)
    dead = (dead_letter(r.topic, r.partition, r.offset, r.value, r.headers) for r in tail)
    return sorted(dead, key=lambda d: (d.failed_at, d.offset), reverse=True)[:DEAD_LETTERS_SHOWN]


def _by_dead_letter(
    replays: list[ops_database.Replay],
) -> dict[tuple[str, int, int], list[ops_database.Replay]]:
    """Each dead letter's replays, oldest first (`replays` comes newest first)."""
    replayed: dict[tuple[str, int, int], list[ops_database.Replay]] = {}
    for replay in reversed(replays):
        ref = (replay.dlq_topic, replay.dlq_partition, replay.dlq_offset)
        replayed.setdefault(ref, []).append(replay)
    return replayed


async def _overview(request: Request) -> dict[str, Any]:
    kafka = _kafka(request)
    topics, dead_letter_topics = await _topics(kafka)
    groups = _groups(topics)
    known = await kafka_admin.offsets(kafka, [*topics, *dead_letter_topics])
    commits = await kafka_admin.committed(kafka, dict.fromkeys(group for _, _, group in groups))
    # Sampled as soon as the offsets are read, so a rate spans the time between two readings.
    topic_rows = [_topic_row(request, known, topic) for topic in topics]
    group_rows = [_group_row(request, known, commits, group) for group in groups]
    dead = await _recent_dead_letters(kafka, known, dead_letter_topics)
    tail = await kafka_admin.tail(kafka, known, topics)
    async with request.app.state.database.pool.acquire() as conn:
        backlogs = await ops_database.outbox_backlogs(conn, NAMES)
        replays = await ops_database.replays(conn)
        dismissed = await ops_database.dismissals(conn, [d.ref for d in dead])
    return {
        "topics": topic_rows,
        "groups": group_rows,
        "dead_counts": [
            {"name": topic, "count": messages_kept(*known.of(topic))}
            for topic in dead_letter_topics
        ],
        "dead": [d for d in dead if d.ref not in dismissed],
        "dismissed": [(d, dismissed[d.ref]) for d in dead if d.ref in dismissed],
        "replayed": _by_dead_letter(replays),
        "last_events": last_event_per_producer(
            (r.topic, r.key, r.value, r.timestamp) for r in tail
        ),
        "backlogs": backlogs,
        "replays": replays,
        "links": _links(),
        "replayable": {d.ref for d in dead if replay_target(d, topics)},
    }


def _named(request: Request) -> TechnicalWords:
    lang = language(request)
    return TechnicalWords(lambda key, **values: labels.translate(key, lang, **values), labels.known)


def _links() -> list[dict[str, str]]:
    return [{"service": name, "base": link_base(name)} for name in NAMES]


@router.get("")
async def overview(
    request: Request,
    account: Watcher,
    done: str | None = None,
    topic: str | None = None,
    partition: int | None = None,
    offset: int | None = None,
) -> Response:
    try:
        context = await _overview(request)
    except (KafkaError, OSError) as exc:
        log.warning("kafka unreachable for the ops screen", error=type(exc).__name__)
        raise ServiceUnavailable("Kafka") from None
    notice = (
        {"topic": topic, "partition": partition, "offset": offset} if done == "replayed" else None
    )
    if done == "dismissed":
        notice = {"dismissed": True}
    charts_and_alerts = await watch(request.app.state.settings.prometheus_url)
    return render(
        request,
        "ops_overview.html",
        notice=notice,
        watch=charts_and_alerts,
        named=_named(request),
        **context,
    )


async def _dead_letter(
    request: Request, topic: str, partition: int, offset: int
) -> tuple[TailRecord, DeadLetter]:
    if not _ours_dead(topic):
        raise NotFound()
    try:
        record = await kafka_admin.record_at(_kafka(request), topic, partition, offset)
    except (KafkaError, OSError):
        raise ServiceUnavailable("Kafka") from None
    if record is None:
        raise NotFound()
    return record, dead_letter(
        record.topic, record.partition, record.offset, record.value, record.headers
    )


@router.get("/dead-letters/{topic}/{partition}/{offset}")
async def dead_letter_page(
    request: Request,
    account: Watcher,
    topic: str,
    partition: int,
    offset: int,
    problem: str | None = None,
) -> Response:
    _, dead = await _dead_letter(request, topic, partition, offset)
    async with request.app.state.database.pool.acquire() as conn:
        replays = await ops_database.replays_of(conn, dead.ref)
        dismissed = await ops_database.dismissals(conn, [dead.ref])
    return render(
        request,
        "ops_dead_letter.html",
        named=_named(request),
        dead=dead,
        replays=replays,
        dismissal=dismissed.get(dead.ref),
        problem=problem if problem in PROBLEMS else None,
        target=_replay_target(dead),
    )


@router.post("/dead-letters/{topic}/{partition}/{offset}/replay")
async def replay(
    request: Request,
    account: Operator,
    topic: str,
    partition: int,
    offset: int,
    confirm: Annotated[str, Form()] = "",
) -> Response:
    record, dead = await _dead_letter(request, topic, partition, offset)
    if confirm != "yes":
        return RedirectResponse(
            f"/ops/dead-letters/{topic}/{partition}/{offset}?problem=ops.confirm_missing",
            status_code=303,
        )
    target = _replay_target(dead)
    if target is None:
        raise Refused("ops.not_replayable", 409)
    try:
        published = await kafka_admin.republish(
            _settings(request), target, record.key, record.value, original_headers(record.headers)
        )
    except (KafkaError, OSError):
        raise ServiceUnavailable("Kafka") from None
    async with request.app.state.database.pool.acquire() as conn:
        await ops_database.record_replay(
            conn, dead.ref, target, dead.event_id or None, account.username, published
        )
    log.info(
        "dead letter replayed",
        dead_letter=f"{topic}/{partition}/{offset}",
        to=target,
        replayed_by=account.username,
        at_partition=published[0],
        at_offset=published[1],
    )
    return RedirectResponse(
        f"/ops?done=replayed&topic={target}&partition={published[0]}&offset={published[1]}"
        "#dead-letters",
        status_code=303,
    )


@router.post("/dead-letters/{topic}/{partition}/{offset}/dismiss")
async def dismiss(
    request: Request,
    account: Operator,
    topic: str,
    partition: int,
    offset: int,
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Kept in its topic and recorded with who and why; the screen stops counting it among
    the dead letters waiting for someone."""
    _, dead = await _dead_letter(request, topic, partition, offset)
    least, most = DISMISS_REASON
    if not least <= len(reason.strip()) <= most:
        return RedirectResponse(
            f"/ops/dead-letters/{topic}/{partition}/{offset}?problem=ops.dismiss_reason_missing",
            status_code=303,
        )
    async with request.app.state.database.pool.acquire() as conn:
        first = await ops_database.record_dismissal(
            conn, dead.ref, dead.event_id or None, reason.strip(), account.username
        )
    if not first:
        raise Refused("ops.already_dismissed", 409)
    # The reason is free text an operator wrote: it stays in the database, not in the logs.
    log.info(
        "dead letter dismissed",
        dead_letter=f"{topic}/{partition}/{offset}",
        dismissed_by=account.username,
    )
    return RedirectResponse("/ops?done=dismissed#dead-letters", status_code=303)
