"""What ops teams scrape from every running service."""

import json
import time
import urllib.request
import uuid

import pytest

from deploy.local.agency_client import publish_envelopes
from shared.topics import ENROLMENTS, REGISTRY_DECISIONS
from tests.benchmarks.service_metrics import decision_latency
from tests.e2e.test_skeleton_flows import caused_by, enrolment
from tests.kafka_helpers import wait_for_records

SERVICES = ["beneficiaries", "kitchens", "grievances"]


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode()


@pytest.mark.parametrize("name", SERVICES)
def test_health_metrics_and_asyncapi_are_served(services, name):
    base = services.url(name)
    assert get(f"{base}/health/live") == (200, '{"status":"live"}')
    status, body = get(f"{base}/health/ready")
    assert status == 200
    assert json.loads(body)["checks"] == {"database": True, "kafka": True, "outbox_relay": True}

    _, metrics = get(f"{base}/metrics")
    assert f'outbox_backlog{{service="{name}"}}' in metrics
    assert "faststream_received_messages_total" in metrics
    assert f'db_statements_total{{service="{name}"}}' in metrics

    _, asyncapi = get(f"{base}/asyncapi.json")
    assert json.loads(asyncapi)["asyncapi"] == "3.0.0"


async def test_an_applied_event_is_timed_from_its_send_to_its_commit(infrastructure, services):
    base = services.url("beneficiaries")
    before = decision_latency(base, "beneficiaries", ENROLMENTS.name)
    submitted = enrolment(f"LAT-{uuid.uuid4().hex[:8]}")
    sent = time.time()
    await publish_envelopes(infrastructure.kafka.operator, ENROLMENTS.name, [submitted])
    await wait_for_records(
        infrastructure.kafka.operator, REGISTRY_DECISIONS.name, caused_by(submitted["event_id"])
    )
    waited = time.time() - sent

    observed = decision_latency(base, "beneficiaries", ENROLMENTS.name) - before
    assert observed.count == 1
    # Observed after the commit and before the reply could be read,
    # so no longer than this test waited.
    assert 0 < observed.quantile(1.0) <= min(b for b, _ in observed.buckets if b >= waited)
