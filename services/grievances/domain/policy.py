"""The grievance policy: deadlines, calendar, windows and escalation, read from data."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

ANY = "*"


@dataclass(frozen=True)
class Deadlines:
    acknowledge_working_days: int
    resolve_working_days: int


@dataclass(frozen=True)
class DeadlineRule:
    kind: str
    category: str
    deadlines: Deadlines

    def specificity(self, kind: str, category: str) -> int | None:
        """How closely the rule fits (higher wins), or None when it does not apply."""
        if self.kind not in (ANY, kind) or self.category not in (ANY, category):
            return None
        return (self.kind == kind) * 2 + (self.category == category)


@dataclass(frozen=True)
class Policy:
    timezone: str
    holidays: frozenset[date]
    deadline_rules: tuple[DeadlineRule, ...]
    reopen_window_days: int
    duplicate_window_days: int
    escalation_levels: tuple[str, ...]
    deadline_scan_interval_seconds: float
    public_report_minimum_cell: int
    survey_aspect_categories: dict[str, str]
    monitoring_rule_categories: dict[str, str]
    unmapped_category: str
    # Working days a level has, once a case reaches it, before the case goes up again.
    escalation_level_working_days: int = 5

    def deadlines_for(self, kind: str, category: str) -> Deadlines:
        fitting = [(rule.specificity(kind, category), rule) for rule in self.deadline_rules]
        ranked = sorted(
            ((score, rule) for score, rule in fitting if score is not None),
            key=lambda pair: pair[0],
        )
        if not ranked:
            raise LookupError(f"no deadline rule covers kind {kind} and category {category}")
        return ranked[-1][1].deadlines

    def local_date(self, at: datetime) -> date:
        """The programme's calendar day of an instant, whatever the server's zone."""
        return at.astimezone(ZoneInfo(self.timezone)).date()

    def escalation_level_name(self, level: int) -> str:
        return self.escalation_levels[min(level, len(self.escalation_levels) - 1)]

    @property
    def top_escalation_level(self) -> int:
        return len(self.escalation_levels) - 1


def policy_from_document(document: dict[str, Any]) -> Policy:
    rules = tuple(
        DeadlineRule(
            r["kind"],
            r["category"],
            Deadlines(r["acknowledge_working_days"], r["resolve_working_days"]),
        )
        for r in document["deadlines"]
    )
    if not any(r.kind == ANY and r.category == ANY for r in rules):
        raise ValueError("deadlines: a default rule (kind '*', category '*') is required")
    return Policy(
        timezone=document["timezone"],
        holidays=frozenset(date.fromisoformat(h["date"]) for h in document["holidays"]),
        deadline_rules=rules,
        reopen_window_days=document["reopen_window_days"],
        duplicate_window_days=document["duplicate_window_days"],
        escalation_levels=tuple(document["escalation_levels"]),
        deadline_scan_interval_seconds=document["deadline_scan_interval_seconds"],
        public_report_minimum_cell=document["public_report_minimum_cell"],
        survey_aspect_categories=document["survey_aspect_categories"],
        monitoring_rule_categories=document["monitoring_rule_categories"],
        unmapped_category=document["unmapped_category"],
        escalation_level_working_days=document.get("escalation_level_working_days", 5),
    )
