"""The benchmarks' reading of a Prometheus histogram: differences between
two readings and quantiles interpolated within buckets."""

import math

from tests.benchmarks.service_metrics import LatencyHistogram


def histogram(*cumulative: tuple[float, float]) -> LatencyHistogram:
    return LatencyHistogram(tuple(cumulative))


def test_a_quantile_is_interpolated_within_the_bucket_that_holds_it():
    h = histogram((0.01, 50), (0.05, 90), (0.1, 100), (math.inf, 100))
    assert h.quantile(0.5) == 0.01
    assert math.isclose(h.quantile(0.7), 0.03)
    assert math.isclose(h.quantile(0.99), 0.095)
    assert h.share_within(0.05) == 0.9


def test_a_phase_is_the_difference_of_two_readings():
    earlier = histogram((0.01, 10), (0.05, 10), (math.inf, 10))
    later = histogram((0.01, 10), (0.05, 30), (math.inf, 40))
    phase = later - earlier
    assert phase.count == 30
    assert phase.share_within(0.01) == 0
    assert math.isclose(phase.quantile(0.5), 0.01 + 0.04 * 15 / 20)
    # The slowest tenth is beyond the last finite bound: reported as that bound.
    assert phase.quantile(0.99) == 0.05


def test_no_observations_give_no_figure():
    assert math.isnan(histogram((0.01, 0), (math.inf, 0)).quantile(0.5))


def test_two_processes_histograms_add_up():
    one = histogram((0.01, 3), (math.inf, 4))
    other = histogram((0.01, 1), (math.inf, 6))
    assert (one + other).buckets == ((0.01, 4), (math.inf, 10))
    assert (LatencyHistogram(()) + one).buckets == one.buckets
