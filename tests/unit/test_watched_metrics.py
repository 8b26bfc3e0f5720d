"""What the services report for the alert rules, without a stack: the relay's lock, lag per
assigned partition (a partition handed away stops being reported), dead-letter counts that
start at 0, the status gauges' readings, and the working day the kitchens' gauge looks at."""

from datetime import date

from prometheus_client import CollectorRegistry, generate_latest

from services.kitchens.domain.calendar import previous_working_day
from shared.consumer_lag import partition_lag
from shared.metrics import ServiceMetrics
from shared.status_gauges import StatusGauge, StatusGauges


def _exposed(registry) -> str:
    return generate_latest(registry).decode()


def test_the_relay_gauge_follows_the_relay_at_every_scrape():
    metrics, leading = ServiceMetrics("kitchens"), [False]
    metrics.watch_relay(lambda: leading[0])
    assert 'outbox_relay_leading{service="kitchens"} 0.0' in _exposed(metrics.registry)
    leading[0] = True
    assert 'outbox_relay_leading{service="kitchens"} 1.0' in _exposed(metrics.registry)


def test_lag_is_reported_only_for_the_partitions_assigned_now():
    metrics = ServiceMetrics("grievances")
    metrics.set_lag({("grievances.intake", 0): 7, ("grievances.intake", 1): 0})
    metrics.set_lag({("grievances.intake", 1): 3})
    text = _exposed(metrics.registry)
    assert 'consumer_lag{partition="1",service="grievances",topic="grievances.intake"} 3.0' in text
    assert 'partition="0"' not in text


def test_a_topic_read_by_name_shows_no_dead_letters_before_the_first():
    metrics = ServiceMetrics("grievances")
    metrics.expect_topic("grievances.intake")
    assert (
        'events_consumed_total{outcome="dead_lettered",service="grievances",'
        'topic="grievances.intake"} 0.0'
    ) in _exposed(metrics.registry)


def test_lag_counts_from_the_committed_offset_or_the_oldest_record_kept():
    assert partition_lag(end=50, committed=45, beginning=0) == 5
    assert partition_lag(end=50, committed=None, beginning=20) == 30
    assert partition_lag(end=50, committed=50, beginning=0) == 0


async def test_status_gauges_replace_their_readings_each_time():
    readings = [{("resolve",): 2.0, ("acknowledge",): 1.0}, {("resolve",): 0.0}]

    async def read(conn):
        return readings.pop(0)

    registry = CollectorRegistry()
    gauges = StatusGauges(
        "grievances", [StatusGauge("overdue", "test", read, labels=("clock",))], registry
    )
    await gauges.refresh(conn=None)
    text = _exposed(registry)
    assert 'overdue{clock="resolve",service="grievances"} 2.0' in text
    await gauges.refresh(conn=None)
    text = _exposed(registry)
    assert 'overdue{clock="resolve",service="grievances"} 0.0' in text
    assert "acknowledge" not in text


def test_the_working_day_before_today_skips_weekends_and_holidays():
    monday, tuesday = date(2026, 12, 7), date(2026, 12, 8)
    assert previous_working_day(monday, set()) == date(2026, 12, 4)  # the Friday
    assert previous_working_day(tuesday, set()) == monday
    assert previous_working_day(tuesday, {monday}) == date(2026, 12, 4)
    assert previous_working_day(date(2026, 12, 6), set()) == date(2026, 12, 4)  # a Sunday
