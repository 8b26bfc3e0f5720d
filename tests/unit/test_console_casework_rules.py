"""The console's casework rules without I/O: the ELCSA form's answers, the programme's
graduation criteria, the merge picker's people, the indicator's quarters, and every registry
code the case file and review screens show having words in both languages."""

from datetime import date
from typing import get_args

import pytest

from services.beneficiaries.domain import resolution
from services.beneficiaries.domain.follow_up import TrainingKind, score_elcsa
from services.console import labels
from services.console.rules.casework import (
    ELCSA_SCALE,
    Unanswered,
    age_on,
    decision_reason,
    elcsa_answers,
    field_readings,
    graduation_criteria,
    merge_choices,
    quarters,
    trend_bars,
)
from shared.contracts.match_vocabulary import LEVELS


def spanish(key: str, **values: object) -> str:
    return labels.translate(key, "es", **values)


def english(key: str, **values: object) -> str:
    return labels.translate(key, "en", **values)


def test_the_questionnaire_sends_every_answer_in_the_registrys_order():
    form = {f"item_{n}": "si" if n in (1, 2, 5) else "no" for n in range(1, 16)}
    answers = elcsa_answers(form, with_minors=True)
    assert len(answers) == 15 and [n for n, yes in enumerate(answers, 1) if yes] == [1, 2, 5]
    assert len(elcsa_answers(form, with_minors=False)) == 8
    del form["item_12"]
    with pytest.raises(Unanswered) as missing:
        elcsa_answers(form, with_minors=True)
    assert missing.value.item == 12
    assert elcsa_answers(form, with_minors=False) == answers[:8]


@pytest.mark.parametrize("with_minors", [True, False])
def test_the_scale_shown_is_the_one_the_registry_scores_with(with_minors):
    items = 15 if with_minors else 8
    for level, low, high in ELCSA_SCALE[with_minors]:
        for score in (low, high):
            answers = [True] * score + [False] * (items - score)
            assert score_elcsa(answers, with_minors).level == level


def case_file(**changes):
    base = {
        "enrolments": [{"started_on": "2025-01-10"}],
        "trainings": [{"attended_on": "2025-03-04"}],
        "assessments": [{"assessed_on": "2025-01-15"}, {"assessed_on": "2025-11-30"}],
        "graduated_on": None,
        "merged_into": None,
    }
    return {**base, **changes}


def unmet(person, on, today=date(2026, 1, 1)):
    return [c.label for c in graduation_criteria(person, on, today) if not c.met]


def test_graduation_needs_the_programmes_follow_up_by_the_date_chosen():
    assert unmet(case_file(), date(2025, 12, 15)) == []
    # On an earlier date the closing assessment and the training had not happened yet.
    assert unmet(case_file(), date(2025, 2, 1)) == ["graduation.trained", "graduation.assessed"]
    assert unmet(case_file(), date(2025, 1, 1)) == [
        "graduation.enrolled",
        "graduation.trained",
        "graduation.assessed",
    ]
    one_assessment = case_file(assessments=[{"assessed_on": "2025-01-15"}])
    assert unmet(one_assessment, date(2025, 12, 15)) == ["graduation.assessed"]
    assert unmet(case_file(graduated_on="2025-12-01"), date(2025, 12, 15)) == ["graduation.not_yet"]
    assert unmet(case_file(merged_into="someone"), date(2025, 12, 15)) == ["graduation.not_merged"]
    assert unmet(case_file(), date(2026, 1, 2)) == ["graduation.not_future"]


def test_the_merge_picker_never_offers_the_person_herself_and_gives_each_her_age():
    found = [
        {"person_id": "her", "birth_date": "1984-03-07"},
        {"person_id": "other", "birth_date": "1984-12-07"},
        {"person_id": "undated", "birth_date": None},
    ]
    picked = merge_choices(found, "her", date(2026, 12, 6))
    assert [(p["person_id"], p["age"]) for p in picked] == [("other", 41), ("undated", None)]
    assert age_on("1984-12-06", date(2026, 12, 6)) == 42


def test_quarters_run_oldest_first_up_to_todays():
    found = quarters(date(2026, 2, 14), 3)
    assert found == [
        (2025, 3, date(2025, 7, 1), date(2025, 9, 30)),
        (2025, 4, date(2025, 10, 1), date(2025, 12, 31)),
        (2026, 1, date(2026, 1, 1), date(2026, 3, 31)),
    ]
    bars = trend_bars([None, 0.5, 1.0], width=300, height=120)
    assert [b["pct"] for b in bars] == [None, 50, 100]
    assert bars[0]["height"] == 0 and bars[2]["height"] == 2 * bars[1]["height"]


def test_the_registrys_decision_reasons_are_told_in_the_readers_words():
    assert decision_reason("score between the thresholds", spanish) == (
        "puntaje entre los dos umbrales"
    )
    assert decision_reason(
        "held back: sex_differs, near_birth_date_without_identifier", spanish
    ) == ("retenido: el sexo difiere, fechas de nacimiento cercanas sin CURP ni teléfono en común")
    assert decision_reason(
        "score at or above the upper threshold; the same CURP and phone outweigh "
        "given_names_differ",
        spanish,
    ) == (
        "puntaje igual o mayor que el umbral superior; la misma CURP y el mismo teléfono "
        "pesan más que: los nombres difieren"
    )
    assert decision_reason(
        "score at or above the upper threshold; "
        + resolution.TRUSTED_CURP_OUTWEIGHS
        + "given_names_differ",
        spanish,
    ) == (
        "puntaje igual o mayor que el umbral superior; la misma CURP, válida para los dos "
        "registros, pesa más que: los nombres difieren"
    )
    assert decision_reason(
        "score at or above the upper threshold; " + resolution.MISSPELT, spanish
    ) == ("puntaje igual o mayor que el umbral superior; los nombres parecen uno solo mal escrito")
    assert decision_reason(
        resolution.TOLD_APART_PREFIX + resolution.NAMESAKES_EXPECTED, spanish
    ) == (
        "persona nueva, distinta de la más parecida: con ese nombre, otras personas nacen así "
        "de cerca por azar, y nada más coincide"
    )
    for said in (
        resolution.HELD_PERSON,
        resolution.JOINS,
        resolution.SPLIT,
        resolution.KNOWN_NAMESAKES,
    ):
        assert decision_reason(said, spanish) != said
    assert decision_reason("Son la misma, lo confirmó en visita.", spanish) == (
        "Son la misma, lo confirmó en visita."
    )


def test_a_field_missing_on_either_side_reads_as_no_data_never_agreement():
    """Issue 28's case: no CURP and no phone on either record."""
    read = field_readings(
        {
            "curp": "missing",
            "given_names": "exact",
            "surnames": "both_exact",
            "birth_date": "exact",
            "sex": "agree",
            "place": "municipality",
            "phone": "missing",
        }
    )
    assert [f["field"] for f in read["unknown"]] == ["match.field.curp", "match.field.phone"]
    assert read["differs"] == []
    assert "match.field.curp" not in [f["field"] for f in read["agrees"]]
    assert field_readings({"phone": "from_a_newer_registry"}) == {
        "agrees": [],
        "differs": [],
        "unknown": [],
    }


def test_every_code_the_screens_show_has_spanish_and_english_words():
    keys = [f"level.{field}.{level}" for field, levels in LEVELS.items() for level in levels]
    keys += [f"match.field.{field}" for field in LEVELS]
    keys += [f"training.kind.{kind}" for kind in get_args(TrainingKind)]
    keys += [f"held.{reason}" for reason in resolution.RELATIVES_DIFFER]
    keys += [
        "held.distinct_valid_curps",
        "held.near_birth_date_without_identifier",
        "held.nothing_beyond_name_and_birth_date",
    ]
    keys += [f"elcsa.item.{n}" for n in range(1, 16)]
    keys += [
        f"decision.{outcome}"
        for outcome in (
            "new_person",
            "linked",
            "pending_review",
            "record_updated",
            "same_person",
            "different_people",
            "merged",
            "unmerged",
        )
    ]
    missing = [key for key in keys if not labels.known(key)]
    assert not missing, missing
    assert all(spanish(key) != english(key) for key in keys if key.startswith("elcsa.item."))
