"""Where a cluster's leaders are: each partition's leader, the busiest input
partition, and the active KRaft controller. aiokafka has no DescribeQuorum, so
the controller is read from the quorum state each running node keeps on disk."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable
from pathlib import Path

from aiokafka import TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError

from deploy.local.kafka_kraft_config import kraft_log_dir
from shared.kafka_access import KafkaAccess
from shared.topics import DAILY_REPORTS, ENROLMENTS, GRIEVANCE_INTAKE
from tests.reliability.drain import end_offsets

INPUT_TOPICS = (ENROLMENTS.name, DAILY_REPORTS.name, GRIEVANCE_INTAKE.name)
NO_LEADER = -1
_ATTEMPTS = 20


async def leaders(kafka: KafkaAccess, topics: Iterable[str]) -> dict[TopicPartition, int]:
    """Partition -> its leader's node id (NO_LEADER while none is elected). Asked
    again while a node that just went down is the one the client picked."""
    for attempt in range(1, _ATTEMPTS + 1):
        try:
            described = await _describe(kafka, list(topics))
            break
        except (KafkaError, OSError):
            if attempt == _ATTEMPTS:
                raise
            await asyncio.sleep(0.3)
    return {
        TopicPartition(topic["topic"], partition["partition"]): partition["leader"]
        for topic in described
        for partition in topic["partitions"]
    }


async def busiest_partition(kafka: KafkaAccess) -> TopicPartition:
    """The input partition holding the most records."""
    ends = await end_offsets(kafka, list(INPUT_TOPICS))
    return max(sorted(ends), key=lambda tp: ends[tp])


async def _describe(kafka: KafkaAccess, topics: list[str]) -> list[dict]:
    admin = AIOKafkaAdminClient(**kafka.client_options(), client_id="reliability-leaders")
    await admin.start()
    try:
        return await admin.describe_topics(topics)
    finally:
        await admin.close()


def quorum_leader(data_dirs: Iterable[Path]) -> tuple[int, int]:
    """(node id, epoch) of the controller the given nodes last recorded as the
    quorum's leader, the newest epoch winning; (NO_LEADER, -1) if none did."""
    found = (NO_LEADER, -1)
    for data_dir in data_dirs:
        path = kraft_log_dir(data_dir) / "__cluster_metadata-0" / "quorum-state"
        try:
            state = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        leader, epoch = state.get("leaderId", NO_LEADER), state.get("leaderEpoch", -1)
        if leader != NO_LEADER and epoch > found[1]:
            found = (leader, epoch)
    return found
