"""The reliability suite's cluster scenarios on a private stack whose Kafka is three
KRaft nodes (replication factor 3, min.insync.replicas=2): the leader of the busiest
partition killed, a broker stopped for 60 s, the active controller killed. Each at
the modest load its scenario names, so that the fault has a before, a during and
an after; the invariants must hold after each."""

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from deploy.local.kafka_security import AGENCIES
from shared.topic_admin import wanted_topics
from tests.benchmarks.private_stack import private_stack
from tests.reliability.cluster import Cluster
from tests.reliability.kafka_nodes import leaders
from tests.reliability.report import render
from tests.reliability.run import run_scenario
from tests.reliability.scenarios import SCENARIOS

NODES = 3


@pytest.fixture(scope="module")
def three_brokers():
    with private_stack(kafka_brokers=NODES) as (infra, fleet):
        yield Cluster(infra, fleet)


async def test_every_topic_lives_on_three_brokers_and_needs_two_in_sync(three_brokers):
    kafka = three_brokers.kafka
    admin = AIOKafkaAdminClient(**kafka.client_options())
    await admin.start()
    try:
        topics = sorted(wanted_topics(AGENCIES))
        described = await admin.describe_topics(topics)
        [response] = await admin.describe_configs(
            [
                ConfigResource(ConfigResourceType.TOPIC, t, {"min.insync.replicas": None})
                for t in topics
            ]
        )
    finally:
        await admin.close()
    replicas = {
        (t["topic"], p["partition"]): sorted(p["replicas"])
        for t in described
        for p in t["partitions"]
    }
    assert replicas and all(r == [1, 2, 3] for r in replicas.values()), replicas
    min_isr = {
        name: value
        for _code, _message, _type, name, configs in response.resources
        for _key, value, *_ in configs
    }
    assert min_isr == dict.fromkeys(topics, "2"), min_isr
    assert set((await leaders(kafka, topics)).values()) == {1, 2, 3}


@pytest.mark.parametrize("name", [n for n, s in SCENARIOS.items() if s.brokers == NODES])
async def test_invariants_hold_when_a_broker_is_lost(three_brokers, name):
    scenario = SCENARIOS[name]
    assert scenario.load is not None
    events, rate = scenario.load
    result = await run_scenario(three_brokers, scenario, events, rate=rate)
    print(render(result))
    assert result.passed, render(result)
