"""The kcat example of docs/integration.md, run exactly as written (only the
broker address is the test stack's), with kcat as the foreign client signed in
as the agency, with the password and CA the stack made."""

import asyncio
import itertools
import json
import os
import re
import shutil
import subprocess
import uuid

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from tests.conftest import ROOT

MARKER = "<!-- kcat-example -->"


def documented_example() -> str:
    guide = (ROOT / "docs" / "integration.md").read_text()
    after_marker = guide[guide.index(MARKER) + len(MARKER) :]
    example = re.search(r"```sh\n(.*?)```", after_marker, re.DOTALL)
    assert example, f"no sh block after {MARKER} in docs/integration.md"
    return example.group(1)


def test_the_documented_kcat_example_enrols_and_reads_the_decision(infrastructure, services):
    if infrastructure.kafka_description.startswith("Tansu"):
        pytest.skip(
            "the tansu fallback broker fails librdkafka's ApiVersion handshake; "
            "kcat needs Apache Kafka"
        )
    assert shutil.which("kcat"), (
        "kcat missing: `make test` installs it (deploy/local/system-packages.sh)"
    )
    script = documented_example()
    assert "KAFKA=127.0.0.1:9092" in script
    script = script.replace("KAFKA=127.0.0.1:9092", f"KAFKA={infrastructure.bootstrap_servers}")
    agency = infrastructure.kafka.agency("sedis-jalisco")
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "KAFKA_PASSWORD": agency.password, "KAFKA_CA": agency.ca_file},
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    decision = json.loads(result.stdout.strip().splitlines()[-1])
    assert decision["type"] == "beneficiaries.enrolment_registered"
    assert decision["payload"]["decision"] == "new_person"
    assert decision["payload"]["agency"] == "sedis-jalisco"


def documented_partitioner() -> list[str]:
    """The `-X partitioner=…` options of the example's producing kcat line."""
    producing = documented_example().split(" -P ")[0].rsplit("\n", 1)[-1].split()
    options = [
        f"{flag} {value}"
        for flag, value in itertools.pairwise(producing)
        if flag == "-X" and value.startswith("partitioner=")
    ]
    assert options, "docs/integration.md's kcat producer names no partitioner"
    return " ".join(options).split()


async def test_a_key_lands_on_the_same_partition_from_kcat_as_documented_and_from_aiokafka(
    infrastructure,
):
    """kcat (librdkafka) hashes keys with CRC32 unless told otherwise; the Java and Python
    clients with murmur2. Forty agency record keys, sent both ways to a topic of twelve
    partitions, as the set-up operator (mutual TLS), so no service consumes them."""
    if infrastructure.kafka_description.startswith("Tansu"):
        pytest.skip("kcat needs Apache Kafka (the tansu fallback fails its handshake)")
    operator = infrastructure.kafka.operator
    topic = await _new_topic(operator, partitions=12)
    keys = [f"sedis-jalisco:SED-{n}" for n in range(40)]

    producer = AIOKafkaProducer(**operator.client_options())
    await producer.start()
    try:
        by_aiokafka = {
            key: (await producer.send_and_wait(topic, b"aiokafka", key=key.encode())).partition
            for key in keys
        }
    finally:
        await producer.stop()

    tls = [
        "-X", f"security.protocol={operator.security_protocol.lower()}",
        "-X", f"ssl.ca.location={operator.ca_file}",
        "-X", f"ssl.certificate.location={operator.cert_file}",
        "-X", f"ssl.key.location={operator.key_file}",
    ]  # fmt: skip
    sent = await asyncio.to_thread(
        subprocess.run,
        ["kcat", *tls, *documented_partitioner(), "-P", "-b", operator.bootstrap_servers,
         "-t", topic, "-K", "|"],
        input="".join(f"{key}|kcat\n" for key in keys),
        capture_output=True, text=True, timeout=60, env=_kcat_environment(), cwd=ROOT,
    )  # fmt: skip
    assert sent.returncode == 0, sent.stderr
    assert await _partitions_of(operator, topic, b"kcat", len(keys)) == by_aiokafka


async def _new_topic(operator, partitions: int) -> str:
    topic = f"kcat-partitioning-{uuid.uuid4().hex[:8]}"
    admin = AIOKafkaAdminClient(**operator.client_options())
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, partitions, replication_factor=1)])
    finally:
        await admin.close()
    return topic


def _kcat_environment() -> dict[str, str]:
    return {**os.environ, "LD_LIBRARY_PATH": str(ROOT / ".data" / "librdkafka")}


async def _partitions_of(operator, topic: str, value: bytes, count: int) -> dict[str, int]:
    """Key -> partition of the first `count` records whose value is `value`."""
    consumer = AIOKafkaConsumer(
        topic, auto_offset_reset="earliest", enable_auto_commit=False, **operator.client_options()
    )
    await consumer.start()
    found: dict[str, int] = {}
    try:
        async with asyncio.timeout(60):
            while len(found) < count:
                for records in (await consumer.getmany(timeout_ms=1000)).values():
                    found.update((r.key.decode(), r.partition) for r in records if r.value == value)
    finally:
        await consumer.stop()
    return found
