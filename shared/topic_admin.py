"""Creates every topic and its dead-letter twin with explicit partition counts."""

import argparse
import asyncio
from collections.abc import Iterable

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError, for_code

from .kafka_access import KafkaAccess
from .settings import KafkaSettings
from .topics import AGENCY_TOPICS, ALL_TOPICS, DEAD_LETTER_PARTITIONS, DEAD_LETTER_SUFFIX


def wanted_topics(agencies: Iterable[str] = ()) -> dict[str, int]:
    wanted = {}
    for topic in ALL_TOPICS:
        wanted[topic.name] = topic.partitions
        wanted[topic.dead_letter] = DEAD_LETTER_PARTITIONS
    for family in AGENCY_TOPICS:
        for agency in agencies:
            wanted[family.for_agency(agency)] = family.partitions
            wanted[family.for_agency(agency) + DEAD_LETTER_SUFFIX] = DEAD_LETTER_PARTITIONS
    return wanted


async def ensure_topics(
    access: KafkaAccess, agencies: Iterable[str] = (), replication_factor: int = 1
) -> list[str]:
    """Creates what is missing, with each agency's own topics; returns the names created now."""
    admin = AIOKafkaAdminClient(**access.client_options(), client_id="topic-admin")
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [
            NewTopic(name, num_partitions=partitions, replication_factor=replication_factor)
            for name, partitions in wanted_topics(agencies).items()
            if name not in existing
        ]
        if missing:
            _refuse_errors(await admin.create_topics(missing))
        return [t.name for t in missing]
    finally:
        await admin.close()


def _refuse_errors(response) -> None:
    """The broker answers a refused topic in the response, not with an exception: a
    replication factor larger than the brokers that run must not pass unseen."""
    refused = [
        f"{topic}: {for_code(code).__name__} {' '.join(filter(None, message))}".strip()
        for topic, code, *message in response.topic_errors
        if code not in (0, TopicAlreadyExistsError.errno)
    ]
    if refused:
        raise RuntimeError("Kafka refused to create topics: " + "; ".join(refused))


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Create the system's Kafka topics, connecting as the KAFKA_* settings say."
    )
    parser.add_argument("--replication-factor", type=int, default=1)
    parser.add_argument("--agency", action="append", default=[], help="gets its own topics")
    args = parser.parse_args()
    access = KafkaSettings().kafka_access()
    created = asyncio.run(ensure_topics(access, args.agency, args.replication_factor))
    print(f"created {len(created)} topic(s): {created}")


if __name__ == "__main__":
    main()
