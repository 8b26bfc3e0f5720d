"""The fault points' grammar and their firing on the n-th hit
(the kill action is proven by the reliability suite)."""

import asyncio
import time

import pytest

from shared import faults


def test_a_specification_arms_each_named_point():
    armed = faults.parse("consumer.after_commit:kill@37, relay.after_publish:sleep=1.5")
    assert armed["consumer.after_commit"] == faults.Fault(
        "kill", on_hit=37, point="consumer.after_commit"
    )
    assert armed["relay.after_publish"] == faults.Fault("sleep", 1.5, point="relay.after_publish")
    assert faults.parse("") == {}


@pytest.mark.parametrize(
    "spec", ["consumer.after_commit", "consumer.after_commit:explode", "x:kill@first"]
)
def test_a_malformed_specification_is_refused(spec):
    with pytest.raises(ValueError):
        faults.parse(spec)


async def test_a_pause_fires_on_its_hit_only():
    fault = faults.Fault("sleep", 0.3, on_hit=2)
    durations = []
    for _ in range(3):
        started = time.monotonic()
        await fault.hit()
        durations.append(time.monotonic() - started)
    assert durations[1] >= 0.3
    assert durations[0] < 0.1 and durations[2] < 0.1


async def test_a_disarmed_point_does_nothing(monkeypatch):
    monkeypatch.setattr(faults, "_armed", {})
    await asyncio.wait_for(faults.point("consumer.after_commit"), 0.1)
