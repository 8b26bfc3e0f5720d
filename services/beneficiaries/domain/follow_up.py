"""Case follow-up, the integrated tracking the Jalisco strategy gave each
woman: trainings, food-security assessments on the ELCSA scale, graduation,
and the programme's outcome indicator."""

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from shared.errors import Rejected

TrainingKind = Literal["food", "production", "occupation", "health", "employment"]
FoodSecurity = Literal["secure", "mild", "moderate", "severe"]
SEVERITY: dict[FoodSecurity, int] = {"secure": 0, "mild": 1, "moderate": 2, "severe": 3}

# ELCSA (Escala Latinoamericana y Caribeña de Seguridad Alimentaria): yes answers
# counted over 15 items for households with minors, 8 without. Upper bound of
# each level's score, in order.
_CUTS: dict[bool, tuple[tuple[int, FoodSecurity], ...]] = {
    True: ((0, "secure"), (5, "mild"), (10, "moderate"), (15, "severe")),
    False: ((0, "secure"), (3, "mild"), (6, "moderate"), (8, "severe")),
}


def elcsa_items(with_minors: bool) -> int:
    return 15 if with_minors else 8


@dataclass(frozen=True)
class ElcsaResult:
    score: int
    level: FoodSecurity


def score_elcsa(answers: list[bool], with_minors: bool) -> ElcsaResult:
    expected = elcsa_items(with_minors)
    if len(answers) != expected:
        household = "with minors" if with_minors else "without minors"
        raise Rejected(
            "answers",
            f"a household {household} answers {expected} ELCSA items, not {len(answers)}",
            code="elcsa_item_count",
            params={"expected": expected, "given": len(answers)},
        )
    score = sum(answers)
    level = next(level for top, level in _CUTS[with_minors] if score <= top)
    return ElcsaResult(score, level)


@dataclass(frozen=True)
class Assessment:
    assessed_on: date
    level: FoodSecurity


@dataclass(frozen=True)
class GraduateOutcome:
    improved: bool | None  # None: no intake assessment, or none at graduation after it
    # Her levels at intake and at graduation, when both were assessed.
    before: FoodSecurity | None = None
    after: FoodSecurity | None = None


def graduate_outcome(assessments: list[Assessment], graduated_on: date) -> GraduateOutcome:
    """Intake is the first assessment; at graduation, the last one on or before
    the graduation date. Improved means a less severe level."""
    ordered = sorted(
        (a for a in assessments if a.assessed_on <= graduated_on), key=lambda a: a.assessed_on
    )
    if len(ordered) < 2:
        return GraduateOutcome(None)
    before, after = ordered[0].level, ordered[-1].level
    return GraduateOutcome(SEVERITY[after] < SEVERITY[before], before, after)


@dataclass(frozen=True)
class OutcomeIndicator:
    graduates: int
    assessable: int
    improved: int
    # The assessable graduates by level at intake and at graduation, every level named.
    levels_before: dict[FoodSecurity, int] = field(default_factory=dict)
    levels_after: dict[FoodSecurity, int] = field(default_factory=dict)

    @property
    def share_improved(self) -> float | None:
        return self.improved / self.assessable if self.assessable else None


def outcome_indicator(outcomes: list[GraduateOutcome]) -> OutcomeIndicator:
    assessable = [o for o in outcomes if o.improved is not None]
    return OutcomeIndicator(
        len(outcomes),
        len(assessable),
        sum(1 for o in assessable if o.improved),
        {level: sum(1 for o in assessable if o.before == level) for level in SEVERITY},
        {level: sum(1 for o in assessable if o.after == level) for level in SEVERITY},
    )


def check_graduation(graduated_on: date, first_enrolled_on: date | None, today: date) -> None:
    if graduated_on > today:
        raise Rejected("graduated_on", "is in the future", code="date_in_future")
    if first_enrolled_on is not None and graduated_on < first_enrolled_on:
        raise Rejected(
            "graduated_on",
            "is before the person's first enrolment",
            code="graduation_before_enrolment",
            params={"first_enrolled_on": first_enrolled_on},
        )
