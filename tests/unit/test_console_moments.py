"""Dates and times on a screen: in words, in the reader's language, on the programmes' clock
(America/Mexico_City), whatever form the service or the console's own table gave them."""

from datetime import UTC, date, datetime

import pytest

from services.console.rules.moments import clock_time, spoken


@pytest.mark.parametrize(
    ("value", "spanish", "english"),
    [
        ("2026-12-05", "5 de diciembre de 2026", "December 5, 2026"),
        (date(2026, 3, 2), "2 de marzo de 2026", "March 2, 2026"),
        # 16:04 UTC is 10:04 in Mexico City; 03:00 UTC is still the evening before.
        ("2026-12-07T16:04:59.849115+00:00", "7 de diciembre de 2026, 10:04", None),
        ("2026-12-06T03:00:00Z", "5 de diciembre de 2026, 21:00", "December 5, 2026, 21:00"),
        (datetime(2026, 12, 7, 16, 4, tzinfo=UTC), "7 de diciembre de 2026, 10:04", None),
        # A timestamp without a zone is UTC, as the services and the database keep it.
        (datetime(2026, 12, 7, 16, 4), "7 de diciembre de 2026, 10:04", None),
        # Seconds since the epoch (Kafka's headers, the ops figures).
        (1796659440, "7 de diciembre de 2026, 10:04", None),
        (None, "", ""),
    ],
)
def test_a_moment_is_said_in_words_on_the_programmes_clock(value, spanish, english):
    assert spoken(value, "es") == spanish
    if english is not None:
        assert spoken(value, "en") == english


def test_the_day_alone_drops_the_time_and_reads_the_local_day():
    assert spoken("2026-12-06T03:00:00+00:00", "es", with_time=False) == "5 de diciembre de 2026"


def test_a_time_of_today_is_its_local_hour_and_minute():
    assert clock_time(datetime(2026, 12, 7, 16, 4, tzinfo=UTC), "es") == "10:04"
    with pytest.raises(TypeError):
        clock_time(date(2026, 12, 7), "es")
