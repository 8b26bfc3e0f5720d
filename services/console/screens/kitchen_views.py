"""Rendering a kitchens page with the helpers its templates use to show codes, money and
days in the reader's words (labels/kitchens.py holds the words)."""

from collections.abc import Mapping
from datetime import date
from typing import Any
from uuid import uuid4

from fastapi import Request
from fastapi.responses import HTMLResponse

from .. import labels
from ..rules.kitchens import (
    FLAG_REVIEWS,
    STATUS_CHANGES,
    SURVEY_ASPECTS,
    day_in_words,
    evidence_values,
    month_in_words,
    percent,
    pesos,
)
from .rendering import language, render

# Evidence that repeats the service's own (English) sentence: the flag's summary says it.
HIDDEN_EVIDENCE = frozenset({"reason"})


def flag_words(flag: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """A flag's rule, sentence and figures in the reader's words."""
    shown = evidence_values(flag.get("evidence") or {}, lang)
    sentence_key = f"kitchens.flag_summary.{flag['rule']}"
    try:
        sentence = labels.translate(sentence_key, lang, **shown)
    except (KeyError, IndexError):
        sentence = ""
    evidence = [
        (labels.translate(f"kitchens.evidence.{name}", lang), value)
        for name, value in shown.items()
        if name not in HIDDEN_EVIDENCE and labels.known(f"kitchens.evidence.{name}")
    ]
    return {
        "rule": labels.translate(f"kitchens.flag.{flag['rule']}", lang),
        "sentence": sentence,
        "evidence": evidence,
    }


def render_kitchen(
    request: Request, template: str, status_code: int = 200, **context: Any
) -> HTMLResponse:
    lang = language(request)
    if context.get("done") and not labels.known(f"kitchens.done.{context['done']}"):
        context["done"] = None  # a notice only for what the screens did, not any query

    def day(value: object, weekday: bool = False) -> str:
        return day_in_words(value if isinstance(value, str | date) else None, lang, weekday=weekday)

    return render(
        request,
        template,
        status_code=status_code,
        pesos=pesos,
        day=day,
        month_words=lambda value: month_in_words(value, lang),
        percent=percent,
        flag_words=lambda flag: flag_words(flag, lang),
        status_changes=STATUS_CHANGES,
        flag_reviews=FLAG_REVIEWS,
        aspects=SURVEY_ASPECTS,
        # The committee's forms carry an id per entry, so a resend is applied once.
        new_entry_id=lambda: str(uuid4()),
        **context,
    )
