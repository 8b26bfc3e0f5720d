"""What ops teams scrape from every running service."""

import json
import urllib.request

import pytest

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
