"""The grievance screens' words: days and moments in words on the programme's calendar (never
an ISO timestamp), who acted in words, notices asked only by a named reporter, the question
an officer asks."""

from dataclasses import replace

from services.console.labels import translate
from services.console.rules.grievances import (
    Intake,
    transition_body,
    who_acted,
)


def words(lang: str):
    return lambda key, **values: translate(key, lang, **values)


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
