"""Prometheus watching the session's real services and a console of its own, as `make run`
starts it (deploy/local/stack.py's start_prometheus_for), scraping every second: every
target is up, the console's only with the token Prometheus holds in a 0600 file; a dead
letter fires DeadLettersArriving, and the ops page shows it in Spanish beside the charts;
with Prometheus gone the page says so in one line and shows the rest."""

import asyncio
import json
import stat
import uuid

import httpx
import pytest

from deploy.local.agency_client import agency_envelope, publish_raw
from deploy.local.stack import start_console, start_prometheus_for, wait_until_ready
from shared.topics import GRIEVANCE_INTAKE
from tests.benchmarks.private_stack import free_port
from tests.browser.console_helpers import ROOT, TABLET, screenshot, sign_in
from tests.kafka_helpers import header, wait_for_records

JOBS = {"beneficiaries", "kitchens", "grievances", "console"}


def grievance(reference: str) -> dict:
    return agency_envelope(
        event_type="grievances.grievance_submitted",
        producer="channel.web",
        key=f"web:{reference}",
        payload={
            "channel": "web",
            "channel_reference": reference,
            "kind": "complaint",
            "category": "treatment",
            "subject": {"kind": "none"},
            "description": "Nadie atendió en ventanilla durante dos horas.",
            "anonymous": True,
        },
    )


@pytest.fixture(scope="module")
def watched(infrastructure, services):
    """(Prometheus, a console that reads it); both stopped afterwards."""
    port = free_port()
    data_dir = ROOT / ".data" / "test" / f"prometheus-{uuid.uuid4().hex[:8]}"
    prometheus = start_prometheus_for(
        infrastructure, services, f"http://127.0.0.1:{port}", data_dir, interval_seconds=1.0
    )
    try:
        console = start_console(
            infrastructure,
            services,
            port,
            ROOT / ".data" / "test-logs",
            extra_env={"PROMETHEUS_URL": prometheus.url},
        )
        try:
            wait_until_ready(console, 60)
            yield prometheus, console
        finally:
            console.process.terminate()
            console.process.wait(15)
    finally:
        prometheus.stop()


async def _api(prometheus, path: str) -> dict:
    async with httpx.AsyncClient(base_url=prometheus.url, timeout=5) as client:
        answer = await client.get(path)
    answer.raise_for_status()
    return answer.json()["data"]


async def _until(check, timeout: float, what: str):
    deadline = asyncio.get_running_loop().time() + timeout
    last = None
    while asyncio.get_running_loop().time() < deadline:
        last = await check()
        if last:
            return last
        await asyncio.sleep(0.5)
    raise AssertionError(f"{what} not reached within {timeout}s; last: {last!r}")


async def test_prometheus_scrapes_every_service_and_the_console_with_its_token(
    watched, infrastructure
):
    prometheus, _ = watched

    async def all_up():
        targets = (await _api(prometheus, "/api/v1/targets"))["activeTargets"]
        health = {t["labels"]["job"]: t["health"] for t in targets}
        return health if health == dict.fromkeys(JOBS, "up") else None

    await _until(all_up, 30, "every target up")
    data_dir = prometheus.log_path.parent
    token_file = data_dir / "console-metrics-token"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert token_file.read_text() == infrastructure.metrics_token
    for written in (data_dir / "prometheus.yml", prometheus.log_path):
        assert infrastructure.metrics_token not in written.read_text(), written
    # What the rules read, reported by the services themselves (their SQL ran on the real
    # schemas, their lag was read from the real broker).
    everyone = {"beneficiaries", "kitchens", "grievances"}
    for metric, reporters in (
        ("outbox_relay_leading", everyone),
        ("outbox_oldest_unpublished_seconds", everyone),
        ("consumer_lag", everyone),
        ("grievances_overdue_cases", {"grievances"}),
        ("kitchens_missing_reports", {"kitchens"}),
    ):

        async def reported(metric=metric, reporters=reporters):
            found = (await _api(prometheus, f"/api/v1/query?query={metric}"))["result"]
            return {r["metric"]["service"] for r in found} >= reporters

        await _until(reported, 40, f"{metric} from {sorted(reporters)}")


async def _firing(prometheus, alert: str, **labels: str) -> list[dict]:
    alerts = (await _api(prometheus, "/api/v1/alerts"))["alerts"]
    return [
        a
        for a in alerts
        if a["labels"]["alertname"] == alert
        and a["state"] == "firing"
        and labels.items() <= a["labels"].items()
    ]


async def test_a_dead_letter_fires_an_alert_the_ops_page_shows_beside_the_charts(
    watched, browser, make_account, infrastructure
):
    prometheus, console = watched
    kafka = infrastructure.kafka.operator
    # One grievance the service applies (throughput), one record it cannot read (a dead letter).
    applied = grievance(f"PROM-{uuid.uuid4().hex[:8]}")
    poison_key = f"web:PROM-{uuid.uuid4().hex[:8]}"
    await publish_raw(
        kafka,
        GRIEVANCE_INTAKE.name,
        [
            (applied["key"], json.dumps(applied).encode()),
            (poison_key, b'{"event_id": "never closed"'),
        ],
    )
    await wait_for_records(
        kafka,
        f"{GRIEVANCE_INTAKE.name}.dlq",
        lambda r: r.key == poison_key.encode() and bool(header(r, "dlq.reason")),
    )
    await _until(
        lambda: _firing(
            prometheus, "DeadLettersArriving", service="grievances", topic=GRIEVANCE_INTAKE.name
        ),
        60,
        "DeadLettersArriving firing for the grievances intake",
    )

    username, password = await make_account("ops")
    context = await browser.new_context(base_url=console.url, viewport=TABLET, locale="es-MX")
    try:
        context.set_default_timeout(15_000)
        page = await sign_in(await context.new_page(), username, password, "/ops")
        shown = page.locator(
            "#firing-alerts li[data-alert='DeadLettersArriving']",
            has_text=f"grievances · {GRIEVANCE_INTAKE.name}",
        )
        text = await shown.inner_text()
        assert "Llegaron mensajes no procesables" in text
        assert f"grievances · {GRIEVANCE_INTAKE.name}" in text
        assert "DeadLettersArriving" not in text, "the alert's code is not shown"
        throughput = page.locator("figure[data-chart='throughput']")
        assert await throughput.locator("svg polyline[data-series='grievances']").count() == 1
        assert "Eventos procesados por segundo" in await throughput.inner_text()
        for chart in ("lag", "latency"):
            assert await page.locator(f"figure[data-chart='{chart}'] figcaption").count() == 1
        await screenshot(page, "ops-prometheus-alert-and-charts")

        prometheus.stop()
        await page.reload()
        assert "Prometheus no responde" in await page.locator("#watch-state").inner_text()
        assert await page.locator("#firing-alerts").count() == 0
        assert await page.locator("#consumer-groups tbody tr").count() > 0
        await screenshot(page, "ops-prometheus-down")
    finally:
        await context.close()


async def test_without_prometheus_the_ops_page_says_so_and_shows_the_rest(tablet, make_account):
    username, password = await make_account("auditor")
    page = await sign_in(await tablet(), username, password, "/ops")
    assert "Prometheus no está configurado" in await page.locator("#watch-state").inner_text()
    assert await page.locator("figure.chart").count() == 0
    assert await page.locator("#consumer-groups tbody tr").count() > 0
