"""Creates every topic and its dead-letter twin with explicit partition counts."""

import argparse
import asyncio

from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from .kafka_access import KafkaAccess
from .settings import KafkaSettings
from .topics import ALL_TOPICS, DEAD_LETTER_PARTITIONS


def wanted_topics() -> dict[str, int]:
    wanted = {}
    for topic in ALL_TOPICS:
        wanted[topic.name] = topic.partitions
        wanted[topic.dead_letter] = DEAD_LETTER_PARTITIONS
    return wanted


async def ensure_topics(access: KafkaAccess, replication_factor: int = 1) -> list[str]:
    """Creates what is missing; returns the names created now."""
    admin = AIOKafkaAdminClient(**access.client_options(), client_id="topic-admin")
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [
            NewTopic(name, num_partitions=partitions, replication_factor=replication_factor)
            for name, partitions in wanted_topics().items()
            if name not in existing
        ]
        if missing:
            await admin.create_topics(missing)
        return [t.name for t in missing]
    finally:
        await admin.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Create the system's Kafka topics, connecting as the KAFKA_* settings say."
    )
    parser.add_argument("--replication-factor", type=int, default=1)
    args = parser.parse_args()
    access = KafkaSettings().kafka_access()
    created = asyncio.run(ensure_topics(access, args.replication_factor))
    print(f"created {len(created)} topic(s): {created}")


if __name__ == "__main__":
    main()
