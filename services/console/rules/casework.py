"""A caseworker's follow-up as the console asks for it and shows it, without I/O: the ELCSA
questionnaire's answers, the programme's graduation criteria checked against a case file,
the people a merge may pick, the outcome indicator's quarters, and the registry's codes
(agreement levels, decision reasons, dates) turned into label keys and words."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from shared.contracts.match_vocabulary import LEVELS, MatchField, Reading, level_of, reading

# A label lookup in the reader's language: key and values -> text.
Translate = Callable[..., str]

ELCSA_ITEMS = {True: 15, False: 8}
# The registry's cut-offs (services/beneficiaries/domain/follow_up.py), shown beside a score so
# the level can be read against its scale: (level, lowest score, highest score).
ELCSA_SCALE = {
    True: (("secure", 0, 0), ("mild", 1, 5), ("moderate", 6, 10), ("severe", 11, 15)),
    False: (("secure", 0, 0), ("mild", 1, 3), ("moderate", 4, 6), ("severe", 7, 8)),
}
YES, NO = "si", "no"


class Unanswered(ValueError):
    """An ELCSA item the form came without: names its number."""

    def __init__(self, item: int) -> None:
        super().__init__(f"item_{item}")
        self.item = item


def elcsa_answers(form: Mapping[str, Any], with_minors: bool) -> list[bool]:
    """The answers in the registry's order (true = yes) from the form's item_1 .. item_N."""
    answers = []
    for item in range(1, ELCSA_ITEMS[with_minors] + 1):
        given = form.get(f"item_{item}")
        if given not in (YES, NO):
            raise Unanswered(item)
        answers.append(given == YES)
    return answers


@dataclass(frozen=True)
class Criterion:
    label: str
    met: bool


def _before(day: str | None, on: date) -> bool:
    return day is not None and date.fromisoformat(str(day)[:10]) <= on


def graduation_criteria(person: Mapping[str, Any], on: date, today: date) -> list[Criterion]:
    """The programme's criteria for graduating on `on`, checked against the case file as the
    caseworker reads it. The registry refuses the ones about the date, a second graduation and
    a merged file itself; trainings and the two assessments are the programme's follow-up,
    which the outcome indicator needs to count her."""
    assessed = sorted(
        str(a["assessed_on"])[:10]
        for a in person.get("assessments", ())
        if _before(a["assessed_on"], on)
    )
    return [
        Criterion(
            "graduation.enrolled",
            any(_before(e.get("started_on"), on) for e in person.get("enrolments", ())),
        ),
        Criterion(
            "graduation.trained",
            any(_before(t["attended_on"], on) for t in person.get("trainings", ())),
        ),
        Criterion("graduation.assessed", len(set(assessed)) >= 2),
        Criterion("graduation.not_yet", not person.get("graduated_on")),
        Criterion("graduation.not_merged", not person.get("merged_into")),
        Criterion("graduation.not_future", on <= today),
    ]


def age_on(birth_date: str | None, today: date) -> int | None:
    if not birth_date:
        return None
    born = date.fromisoformat(str(birth_date)[:10])
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def merge_choices(
    found: Sequence[Mapping[str, Any]], person_id: str, today: date
) -> list[dict[str, Any]]:
    """The people a search found that may be merged into `person_id`: never herself; each
    with her age, so that two namesakes are told apart without an id."""
    return [
        {**p, "age": age_on(p.get("birth_date"), today)}
        for p in found
        if str(p["person_id"]) != person_id
    ]


def quarters(today: date, count: int) -> list[tuple[int, int, date, date]]:
    """The last `count` calendar quarters up to today's, oldest first: (year, quarter,
    first day, last day)."""
    year, quarter = today.year, (today.month - 1) // 3 + 1
    found = []
    for _ in range(count):
        first = date(year, 3 * quarter - 2, 1)
        last = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
        found.append((year, quarter, first, date.fromordinal(last.toordinal() - 1)))
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return found[::-1]


def trend_bars(
    shares: list[float | None], width: int = 640, height: int = 160
) -> list[dict[str, Any]]:
    """Bars of a small SVG chart, one per quarter: x, y, height and the share as a percentage
    (None where no graduate could be assessed: no bar)."""
    step = width / max(len(shares), 1)
    bars = []
    for i, share in enumerate(shares):
        tall = 0 if share is None else round(share * (height - 20))
        bars.append(
            {
                "x": round(i * step + step * 0.15),
                "width": round(step * 0.7),
                "y": height - tall,
                "height": tall,
                "pct": None if share is None else round(share * 100),
            }
        )
    return bars


def _held_back(codes: str, t: Translate) -> str:
    return ", ".join(t(f"held.{c.strip()}") for c in codes.split(",") if c.strip())


# The registry's decision reasons (services/beneficiaries/domain/resolution.py), each a label.
_REASONS = {
    "score at or above the upper threshold": "why.linked",
    "score between the thresholds": "why.review",
    "no candidate reached the lower threshold": "why.new",
    "matches a person held for review: a caseworker decides both together": "why.held_person",
    "the same CURP as a record held for review: joins her review, decided with it": "why.joins",
    "links to more than one person: proposes merging them": "why.split",
    "agrees as closely with two people whose CURPs tell them apart, but for where they live": (
        "why.known_namesakes"
    ),
}


def decision_reason(reason: str | None, t: Translate) -> str:
    """The registry's reason in the reader's words. A caseworker's own reason (free text) and
    a reason this console does not know are shown as written."""
    if not reason:
        return ""
    head, _, outweighed = reason.partition("; the same CURP and phone outweigh ")
    head, _, curp_outweighs = head.partition("; the same CURP, valid for both records, outweighs ")
    head, misspelt, _ = head.partition("; the given names read as one name misspelt")
    if head in _REASONS:
        said = t(_REASONS[head])
    elif head.startswith("held back: "):
        said = t("why.held_back", reasons=_held_back(head.removeprefix("held back: "), t))
    elif head.startswith("told apart: "):
        said = t("why.told_apart", reasons=_held_back(head.removeprefix("told apart: "), t))
    elif head.startswith("re-resolution with model "):
        said = t("why.re_resolution")
    else:
        return reason
    if outweighed:
        said += "; " + t("why.outweigh", reasons=_held_back(outweighed, t))
    if curp_outweighs:
        said += "; " + t("why.curp_outweighs", reasons=_held_back(curp_outweighs, t))
    if misspelt:
        said += "; " + t("why.misspelt")
    return said


def field_readings(comparison: Mapping[str, str]) -> dict[str, list[dict[str, str]]]:
    """The fields of an explanation grouped by what the levels say (agrees, differs, unknown:
    a field missing on either side is neither), each with its level's label key. Read from the
    comparison, so a decision stored before the registry read its lists the same way shows
    right too. A level this console does not know is left out."""
    grouped: dict[str, list[dict[str, str]]] = {r.value: [] for r in Reading}
    for field in LEVELS:
        text = comparison.get(field)
        if text is None:
            continue
        try:
            level = level_of(MatchField(field), text)
        except ValueError:
            continue
        grouped[reading(level).value].append(
            {"field": f"match.field.{field}", "level": f"level.{field}.{text}"}
        )
    return grouped
