"""Pausing the cyclic collector around a batch: nesting, and leaving it as found."""

import gc

import pytest

from shared.garbage_collection import collections_paused


@pytest.fixture(autouse=True)
def collector_as_it_was():
    enabled = gc.isenabled()
    yield
    (gc.enable if enabled else gc.disable)()


def test_collection_resumes_only_when_the_last_pause_ends():
    gc.enable()
    with collections_paused():
        assert not gc.isenabled()
        with collections_paused():
            assert not gc.isenabled()
        assert not gc.isenabled(), "the outer pause is still on"
    assert gc.isenabled()


def test_a_pause_ended_by_an_error_resumes_collection():
    gc.enable()
    with pytest.raises(RuntimeError), collections_paused():
        raise RuntimeError("the batch failed")
    assert gc.isenabled()


def test_a_collector_disabled_before_stays_disabled():
    gc.disable()
    with collections_paused():
        pass
    assert not gc.isenabled()
