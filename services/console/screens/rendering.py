"""Rendering pages: the templates, the language, the account and its navigation."""

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from .. import labels
from ..auth.csrf import FIELD as CSRF_FIELD
from ..auth.csrf import csrf_token
from ..auth.roles import navigation
from ..errors import ServiceRefused
from ..rules.casework import decision_reason
from ..rules.moments import clock_time, spoken
from ..rules.refusals import Words, field_label_key, field_name, refusal_sentence

TEMPLATES = Jinja2Templates(directory=Path(__file__).parents[1] / "templates")


def language(request: Request) -> str:
    chosen = request.session.get("lang")
    return chosen if chosen in labels.LANGUAGES else labels.DEFAULT_LANGUAGE


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """`kitchen_names` in the context: code -> name of the kitchens the page names (see
    kitchen_names.py), besides the committee member's own kitchen read for every page."""
    lang = language(request)
    account = getattr(request.state, "account", None)
    kitchens = {**getattr(request.state, "kitchen_names", {}), **context.pop("kitchen_names", {})}

    def t(key: str, **values: object) -> str:
        return labels.translate(key, lang, **values)

    return TEMPLATES.TemplateResponse(
        request,
        template,
        {
            **_in_words(t, lang),
            # A kitchen by its name; one whose name could not be read in words, not by its code.
            "kitchen_named": lambda code: kitchens.get(code) or t("kitchens.unnamed"),
            "lang": lang,
            "account": account,
            "nav": navigation(request.app.state.screens, account),
            "csrf_field": CSRF_FIELD,
            "csrf_token": csrf_token(request),
            "query": lambda **params: urlencode(
                {k: v for k, v in params.items() if v not in (None, "")}
            ),
            **context,
        },
        status_code=status_code,
    )


def _in_words(t: Callable[..., str], lang: str) -> dict[str, Any]:
    """What the templates use to show dates, codes and agencies in the reader's words."""
    return {
        "t": t,
        # A date or timestamp in words on the programmes' clock, never in ISO or UTC:
        # day(value), day(value, time=False); hour(value) for a time of today alone.
        "day": lambda value, time=True: spoken(value, lang, time),
        "hour": lambda value: clock_time(value, lang),
        # A service's code (a status, a benefit type) by its label; one without a label as sent.
        "code": lambda prefix, value: (
            t(f"{prefix}{value}") if labels.known(f"{prefix}{value}") else (value or "—")
        ),
        # An agency (or any assignee) by its name where the console knows one.
        "agency": lambda value: (
            t(f"agency.{value}") if labels.known(f"agency.{value}") else (value or "—")
        ),
        "decided_why": lambda text: decision_reason(text, t),
    }


FIELD_LABELS = ("refusal.field.",)


def refusal_words(
    request: Request, refusal: ServiceRefused, field_labels: Sequence[str] = FIELD_LABELS
) -> dict[str, str]:
    """A refusal as the page shows it: the field the form marks (`field`), the field in
    words when a label names it (`label`) and why in the reader's language (`sentence`)."""
    lang = language(request)
    name = field_name(refusal.field)
    key = field_label_key(name, field_labels, labels.known)
    in_words = labels.translate(key or "refusal.field.unknown", lang)
    words = Words(labels.translate, labels.known, lang)
    sentence = refusal_sentence(
        refusal.status, refusal.code, refusal.params, refusal.field, words, in_words
    )
    return {
        "field": name.split(".")[0],
        "label": in_words if key else "",
        "sentence": sentence,
    }
