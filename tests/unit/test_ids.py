"""Ids of new rows and events sort in the order they were made (shared/ids.py)."""

import time

from shared.envelope import new_envelope
from shared.ids import new_id


def test_ids_made_later_sort_later_and_carry_their_time():
    before_ms = time.time_ns() // 1_000_000
    first = new_id()
    time.sleep(0.002)
    second = new_id()
    assert (first.version, second.version) == (7, 7)
    assert first < second
    assert before_ms <= first.int >> 80 <= time.time_ns() // 1_000_000


def test_events_get_time_ordered_ids():
    envelopes = []
    for n in range(3):
        envelopes.append(
            new_envelope(
                event_type="test.noted", version=1, producer="test", key=str(n), payload={}
            )
        )
        time.sleep(0.002)
    assert [e.event_id.version for e in envelopes] == [7, 7, 7]
    assert sorted(envelopes, key=lambda e: e.event_id) == envelopes
