"""Every fault scenario of the reliability suite, small (a few hundred records
each), on one private stack with one Kafka broker: the invariants must hold after
each (the three-broker ones: test_reliability_three_brokers.py). Larger runs:
`python -m tests.reliability --scenario all --events 2000`."""

import pytest

from tests.benchmarks.private_stack import private_stack
from tests.reliability.cluster import Cluster
from tests.reliability.report import render
from tests.reliability.run import run_scenario
from tests.reliability.scenarios import SCENARIOS

EVENTS = 300
RATE = 50.0


@pytest.fixture(scope="module")
def cluster():
    # Its own stack: these tests stop PostgreSQL and the broker, which the
    # session's shared stack must never see.
    with private_stack() as (infra, fleet):
        yield Cluster(infra, fleet)


def _marks(scenario):
    return [pytest.mark.xfail(reason=scenario.xfail, strict=True)] if scenario.xfail else []


@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=_marks(s)) for n, s in SCENARIOS.items() if s.brokers == 1]
)
async def test_invariants_hold_under_the_fault(cluster, name):
    result = await run_scenario(cluster, SCENARIOS[name], EVENTS, rate=RATE)
    print(render(result))
    assert result.passed, render(result)
