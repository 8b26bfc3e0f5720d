"""ELCSA scoring, graduates' outcome and the indicator, without I/O."""

from datetime import date

import pytest

from services.beneficiaries.domain.follow_up import (
    Assessment,
    graduate_outcome,
    outcome_indicator,
    score_elcsa,
)
from shared.errors import Rejected


@pytest.mark.parametrize(
    ("yes", "with_minors", "level"),
    [
        (0, True, "secure"),
        (1, True, "mild"),
        (5, True, "mild"),
        (6, True, "moderate"),
        (10, True, "moderate"),
        (11, True, "severe"),
        (15, True, "severe"),
        (0, False, "secure"),
        (1, False, "mild"),
        (3, False, "mild"),
        (4, False, "moderate"),
        (6, False, "moderate"),
        (7, False, "severe"),
        (8, False, "severe"),
    ],
)
def test_elcsa_levels_follow_the_scale_for_households_with_and_without_minors(
    yes, with_minors, level
):
    items = 15 if with_minors else 8
    result = score_elcsa([True] * yes + [False] * (items - yes), with_minors)
    assert (result.score, result.level) == (yes, level)


def test_an_assessment_with_the_wrong_number_of_items_is_refused():
    with pytest.raises(Rejected) as refused:
        score_elcsa([False] * 8, with_minors=True)
    assert refused.value.field == "answers" and "15" in refused.value.reason


def test_a_graduate_improved_when_her_level_at_graduation_is_less_severe_than_at_intake():
    intake, later = Assessment(date(2025, 2, 1), "moderate"), Assessment(date(2026, 1, 10), "mild")
    assert graduate_outcome([later, intake], date(2026, 1, 31)).improved is True
    assert (
        graduate_outcome(
            [intake, Assessment(date(2026, 1, 10), "severe")], date(2026, 1, 31)
        ).improved
        is False
    )
    assert graduate_outcome([intake], date(2026, 1, 31)).improved is None
    assert (
        graduate_outcome(
            [intake, Assessment(date(2026, 3, 1), "secure")], date(2026, 1, 31)
        ).improved
        is None
    )


def test_the_indicator_counts_only_assessable_graduates():
    intake = Assessment(date(2025, 1, 1), "severe")
    outcomes = [
        graduate_outcome([intake, Assessment(date(2025, 12, 1), lvl)], date(2025, 12, 15))
        for lvl in ("mild", "severe")
    ]
    outcomes.append(graduate_outcome([], date(2025, 12, 15)))
    indicator = outcome_indicator(outcomes)
    assert (
        indicator.graduates,
        indicator.assessable,
        indicator.improved,
        indicator.share_improved,
    ) == (3, 2, 1, 0.5)


def test_the_indicator_counts_assessable_graduates_by_level_before_and_after():
    intake = Assessment(date(2025, 1, 1), "severe")
    outcomes = [
        graduate_outcome([intake, Assessment(date(2025, 12, 1), lvl)], date(2025, 12, 15))
        for lvl in ("mild", "mild", "severe")
    ]
    outcomes.append(graduate_outcome([intake], date(2025, 12, 15)))
    indicator = outcome_indicator(outcomes)
    assert indicator.levels_before == {"secure": 0, "mild": 0, "moderate": 0, "severe": 3}
    assert indicator.levels_after == {"secure": 0, "mild": 2, "moderate": 0, "severe": 1}
    assert (outcomes[0].before, outcomes[0].after) == ("severe", "mild")
    assert (outcomes[-1].before, outcomes[-1].after) == (None, None)
