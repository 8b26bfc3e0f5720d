"""Counters a running service process exposes on `/metrics`, read as a
Prometheus scraper would. Each process counts only its own work, so a
service's total is the sum over its replicas."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterable

from prometheus_client.parser import text_string_to_metric_families


def counter_value(base_url: str, sample: str, **labels: str) -> float:
    """The sum of `sample` over every series whose labels include `labels` (0 when there is none yet)."""
    with urllib.request.urlopen(f"{base_url}/metrics", timeout=10) as response:
        text = response.read().decode()
    return sum(s.value for family in text_string_to_metric_families(text) for s in family.samples
               if s.name == sample and labels.items() <= s.labels.items())


def statements_so_far(base_url: str, service: str) -> float:
    return counter_value(base_url, "db_statements_total", service=service)


def statements_of(base_urls: Iterable[str], service: str) -> float:
    return sum(statements_so_far(url, service) for url in base_urls)


def consumed_so_far(base_url: str, service: str, topic: str) -> float:
    """Records of `topic` this process consumed, whatever their outcome."""
    return counter_value(base_url, "events_consumed_total", service=service, topic=topic)
