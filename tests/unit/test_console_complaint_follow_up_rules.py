"""The grievance screens' words: days and moments in words on the programme's calendar (never
an ISO timestamp), who acted in words, notices asked only by a named reporter, the question
an officer asks."""

from dataclasses import replace

import pytest

from services.console.labels import translate
from services.console.rules.grievances import (
    Intake,
    day_in_words,
    moment_in_words,
    transition_body,
    who_acted,
)


def words(lang: str):
    return lambda key, **values: translate(key, lang, **values)


@pytest.mark.parametrize(
    ("value", "spanish", "english"),
    [
        ("2026-12-05", "5 de diciembre de 2026", "December 5, 2026"),
        # 03:00 UTC is still the evening before in Mexico City.
        ("2026-12-06T03:00:00+00:00", "5 de diciembre de 2026", "December 5, 2026"),
        (None, "—", "—"),
    ],
)
def test_a_day_is_written_in_words_on_the_programmes_calendar(value, spanish, english):
    assert day_in_words(value, words("es")) == spanish
    assert day_in_words(value, words("en")) == english


def test_a_moment_is_a_day_in_words_and_a_local_time():
    assert moment_in_words("2026-12-05T20:05:00+00:00", words("es")) == (
        "5 de diciembre de 2026, 14:05"
    )
    assert moment_in_words("2026-03-02", words("es")) == "2 de marzo de 2026"


def test_who_acted_is_said_in_words():
    t = words("es")
    assert who_acted("reporter", t) == "Quien reportó"
    assert who_acted("channel:web", t) == "Internet"
    assert who_acted("system:kitchens", t) == "Sistema de comedores"
    assert who_acted("officer.ana-ruiz", t) == "officer.ana-ruiz"


def test_notices_go_with_a_named_intake_only_and_only_when_both_fields_are_given():
    named = Intake(
        kind="complaint",
        category="hygiene",
        description="sucio",
        channel_reference="console:1",
        channel="web",
        subject_kitchen="",
        anonymous=False,
        full_name="Ana",
        contact="",
        notice_medium="email",
        notice_address=" ana@example.org ",
    )
    assert named.body(by_officer=False)["notices"] == {
        "medium": "email",
        "address": "ana@example.org",
    }
    assert "notices" not in replace(named, anonymous=True).body(by_officer=False)
    assert "notices" not in replace(named, notice_medium="").body(by_officer=False)
    assert "notices" not in replace(named, notice_address=" ").body(by_officer=False)


def test_asking_the_reporter_carries_the_question():
    assert transition_body("await_reporter", "", "", "", "", " ¿Cuándo? ") == {
        "action": "await_reporter",
        "question": "¿Cuándo?",
    }
