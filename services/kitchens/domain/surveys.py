"""Satisfaction surveys on the six aspects of the programme's rules."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import get_args

from shared.contracts.kitchens import SurveyAspect
from shared.errors import Rejected

ASPECTS: tuple[SurveyAspect, ...] = get_args(SurveyAspect)


@dataclass(frozen=True)
class SurveyVerdict:
    average: float
    aspects_below: list[SurveyAspect]
    below_threshold: bool


def check_complete(scores: Mapping[SurveyAspect, int]) -> None:
    missing = [a for a in ASPECTS if a not in scores]
    if missing:
        raise Rejected(
            f"scores.{missing[0]}",
            f"every aspect needs a score from 1 to 5; missing: {', '.join(missing)}",
            code="survey_score_missing",
            params={"aspect": missing[0], "missing": len(missing)},
        )


def judge(
    scores: Mapping[SurveyAspect, int], average_threshold: float, aspect_threshold: int
) -> SurveyVerdict:
    average = round(sum(scores.values()) / len(scores), 2)
    below = [a for a in ASPECTS if scores[a] < aspect_threshold]
    return SurveyVerdict(average, below, average < average_threshold or bool(below))
