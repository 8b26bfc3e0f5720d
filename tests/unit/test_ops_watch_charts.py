"""The ops screen's Prometheus part without a Prometheus: charts drawn from points,
Prometheus's answers read (and refused when not in the API's shape), alerts named in
Spanish, and the screen's state when Prometheus is absent or silent."""

import math

import httpx
import pytest

from services.console.clients.prometheus import (
    FiringAlert,
    PrometheusUnavailable,
    firing_alerts,
    query_range,
)
from services.console.labels import translate
from services.console.rules.charts import (
    BOTTOM,
    HEIGHT,
    LEFT,
    RIGHT,
    TOP,
    WIDTH,
    line_chart,
    nice_top,
)
from services.console.screens.ops_watch import shown, watch


@pytest.mark.parametrize(
    ("highest", "top"), [(0, 1), (0.3, 0.5), (1, 1), (1.2, 2), (3, 5), (7, 10), (420, 500)]
)
def test_the_chart_top_is_a_round_number_at_or_above_the_highest_value(highest, top):
    assert math.isclose(nice_top(highest), top)


def test_points_land_in_the_frame_scaled_and_series_without_points_are_left_out():
    chart = line_chart(
        "latency",
        "ops.chart_latency",
        [("kitchens", [(1000.0, 0.0), (2000.0, 0.05)]), ("grievances", [])],
        start=1000.0,
        end=2000.0,
        scale=1000.0,
    )
    [line] = chart.lines
    assert line.name == "kitchens"
    first, last = (tuple(map(float, p.split(","))) for p in line.points.split())
    assert first == (LEFT, HEIGHT - BOTTOM)  # the start, at 0
    assert last == (WIDTH - RIGHT, TOP)  # the end, at 50 ms: the top of a 0-50 ms frame
    assert (line.last_x, line.last_y) == last  # marked, for a line of one point
    assert [t.text for t in chart.y_ticks] == ["0", "25", "50"]
    # 00:16:40 UTC on 1 January 1970 is 18:16 the evening before in Mexico City.
    assert chart.x_ticks[0].text == "18:16"


def test_a_chart_without_points_is_empty():
    assert line_chart("lag", "ops.chart_lag", [("kitchens", [])], 0.0, 60.0).empty


def _client(body: object, status: int = 200) -> httpx.AsyncClient:
    transport = httpx.MockTransport(lambda request: httpx.Response(status, json=body))
    return httpx.AsyncClient(transport=transport, base_url="http://prometheus.test")


async def test_a_range_is_read_without_its_nan_points():
    body = {
        "status": "success",
        "data": {
            "resultType": "matrix",
            "result": [
                {
                    "metric": {"service": "kitchens"},
                    "values": [[10, "1.5"], [70, "NaN"], [130, "2"]],
                }
            ],
        },
    }
    async with _client(body) as client:
        [series] = await query_range(client, "up", 0, 200, 60)
    assert series.labels == {"service": "kitchens"}
    assert series.points == [(10.0, 1.5), (130.0, 2.0)]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"status": "error", "error": "bad query"}, 400),
        ({"status": "success", "data": {"result": [{"values": []}]}}, 200),
        (["not", "an", "object"], 200),
    ],
)
async def test_an_answer_not_in_the_api_shape_is_prometheus_unavailable(body, status):
    async with _client(body, status) as client:
        with pytest.raises(PrometheusUnavailable):
            await query_range(client, "up", 0, 200, 60)


async def test_only_firing_alerts_are_listed():
    body = {
        "status": "success",
        "data": {
            "alerts": [
                {
                    "labels": {"alertname": "DeadLettersArriving", "service": "grievances"},
                    "state": "firing",
                    "activeAt": "2026-12-06T18:30:05.123456789Z",
                },
                {"labels": {"alertname": "ServiceDown", "job": "kitchens"}, "state": "pending"},
            ]
        },
    }
    async with _client(body) as client:
        [alert] = await firing_alerts(client)
    assert alert.name == "DeadLettersArriving"
    assert alert.since is not None and alert.since.strftime("%H:%M") == "18:30"


def test_an_alert_is_shown_in_spanish_with_where_it_happens():
    alert = shown(
        FiringAlert(
            "GrievanceDeadlinesBreached",
            {"alertname": "GrievanceDeadlinesBreached", "service": "grievances",
             "clock": "resolve", "severity": "warning"},
            None,
        )
    )  # fmt: skip
    assert translate(alert.label, "es") == "Hay quejas abiertas con el plazo vencido."
    assert alert.place == "grievances"
    assert alert.clock is not None and translate(alert.clock, "es") == "plazo de resolución"


def test_an_alert_the_console_does_not_know_still_shows_in_words():
    alert = shown(FiringAlert("SomethingNew", {"job": "console", "severity": "page"}, None))
    assert alert.label == "ops.alert.unknown"
    assert alert.severity == "warning"
    assert alert.place == "console"


async def test_without_prometheus_the_screen_says_which():
    assert (await watch(""))["state"] == "off"
    # Nothing listens on port 1: the screen says Prometheus does not answer.
    assert (await watch("http://127.0.0.1:1"))["state"] == "down"
