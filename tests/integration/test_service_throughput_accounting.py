"""The per-service throughput benchmark's accounting, run small against the
session stack: every request is answered, the answer is an acceptance, the
service's SQL statements are counted, and a refusal is counted as a refusal
rather than taken for throughput. No figure is asserted: timing on a shared
machine measures the neighbours."""

import uuid

import pytest

from shared.topics import DAILY_REPORTS, KITCHEN_EVENTS
from tests.benchmarks.service_flows import SERVICES, Flow, daily_reports, flows
from tests.benchmarks.service_measurement import measure
from tests.reliability import workload
from tests.reliability.cluster import Cluster

EVENTS, PACED, WARMUP = 30, 10, 6


@pytest.fixture
def cluster(infrastructure, services) -> Cluster:
    return Cluster(infrastructure, services)


@pytest.mark.parametrize("service", SERVICES)
async def test_every_request_is_answered_with_an_acceptance_and_its_statements_are_counted(
    cluster, service
):
    flow = (await flows(cluster, [service], kitchen_reports=EVENTS + PACED + WARMUP))[service]

    measured = await measure(cluster, flow, EVENTS, PACED, warmup=WARMUP, timeout=120)

    assert measured.replicas == 1
    assert (
        len(measured.burst.sent) == EVENTS
        and measured.burst.arrived.keys() == measured.burst.sent.keys()
    )
    assert (
        len(measured.paced.sent) == PACED
        and measured.paced.arrived.keys() == measured.paced.sent.keys()
    )
    assert measured.replies == {kind: WARMUP + EVENTS + PACED for kind in flow.accepted}
    assert measured.rejected == 0
    assert measured.statements > 0
    assert measured.paced_rate > 0
    assert measured.decided.count == PACED  # each paced event timed once, at its commit


async def test_a_refused_request_is_counted_as_a_refusal_with_its_reason(cluster):
    unregistered = f"UNREGISTERED-{uuid.uuid4().hex[:6].upper()}"
    flow = Flow(
        "kitchens",
        DAILY_REPORTS.name,
        KITCHEN_EVENTS.name,
        frozenset({"kitchens.daily_report_accepted"}),
        daily_reports([unregistered], workload.operating_days(set())),
    )

    measured = await measure(cluster, flow, 4, 2, warmup=2, timeout=120)

    assert measured.replies == {"kitchens.submission_rejected": 8}
    assert measured.rejected == 8
    [(reason, count)] = measured.refusals.items()
    assert (
        count == 8
        and reason.startswith("kitchens.submission_rejected: ")
        and unregistered in reason
    )
