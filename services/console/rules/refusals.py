"""How a refusal reads in the reader's language, decided without I/O: the label of its
code (`refusal.<code>`, or `refusal.<code>.<field>` where a field has its own sentence),
its parameters as a reader reads them (centavos in pesos, days and months in words, codes
in words) and the field named in words; a code no label knows gets a sentence for its
kind of refusal, naming the field. Never the service's own (English) sentence."""

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .kitchens import day_in_words, month_in_words, pesos

Translate = Callable[..., str]
Known = Callable[[str], bool]

# Parameters that hold a code, and the labels that put that code in words.
_CODE_LABELS = {
    "kitchen_status": "kitchens.status.",
    "wanted_status": "kitchens.status.",
    "flag_status": "kitchens.flag_status.",
    "wanted_flag_status": "kitchens.flag_status.",
    "member_role": "kitchens.role.",
    "aspect": "kitchens.aspect.",
    "case_status": "grievances.status.",
    "action": "grievances.action.",
    "channel": "grievances.channel.",
    "subject_kind": "grievances.subject_kind.",
    "review_status": "review.status.",
}
_BOUNDS = ("gt", "ge", "lt", "le")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MONTH = re.compile(r"^\d{4}-\d{2}$")
# A field's path without list positions: `committee.1.full_name` → `committee.full_name`.
_POSITION = re.compile(r"\.\d+(?=\.|$)")
REQUEST_PARTS = ("body.", "query.", "path.")


@dataclass(frozen=True)
class Words:
    translate: Translate
    known: Known
    language: str


def field_name(field: str) -> str:
    """The refused field as the form knows it: no `query.`/`path.` prefix, no positions."""
    for part in REQUEST_PARTS:
        field = field.removeprefix(part)
    return _POSITION.sub("", field)


def field_label_key(field: str, prefixes: Sequence[str], known: Known) -> str | None:
    """The first label naming the field: its whole path, its last part, then its first."""
    parts = field.split(".")
    for name in dict.fromkeys((field, parts[-1], parts[0])):
        for prefix in prefixes:
            if known(prefix + name):
                return prefix + name
    return None


def _shown(name: str, value: Any, field: str, words: Words) -> str:
    if value is None:
        return "—"
    if isinstance(value, int | float) and (
        name.endswith("_centavos") or (name in _BOUNDS and field.endswith("_centavos"))
    ):
        return pesos(round(value))
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:g}"
    text = str(value)
    if name in _CODE_LABELS and words.known(_CODE_LABELS[name] + text):
        return words.translate(_CODE_LABELS[name] + text, words.language)
    if _ISO_DAY.match(text):
        return day_in_words(text, words.language, weekday=True)
    if name == "month" and _ISO_MONTH.match(text):
        return month_in_words(text, words.language)
    return text


def refusal_key(code: str, field: str, status: int, known: Known) -> str:
    """The code's sentence for this field (by its path, then its last part: a person's
    `person.birth_date` is her `birth_date`), else the code's own."""
    last = field.rsplit(".", 1)[-1]
    for key in (f"refusal.{code}.{field}", f"refusal.{code}.{last}", f"refusal.{code}"):
        if known(key):
            return key
    return f"refusal.fallback.{status}" if status in (403, 404, 409) else "refusal.fallback"


def refusal_sentence(
    status: int,
    code: str,
    params: Mapping[str, Any],
    field: str,
    words: Words,
    field_words: str,
) -> str:
    """The sentence saying why, in the reader's language, with `field_words` for {field}."""
    name = field_name(field)
    shown = {key: _shown(key, value, name, words) for key, value in params.items()}
    key = refusal_key(code, name, status, words.known)
    try:
        return words.translate(key, words.language, **shown, field=field_words)
    except (KeyError, IndexError):
        # A label asks for a parameter this refusal lacks (an older service): say it plainly.
        fallback = refusal_key("", name, status, words.known)
        return words.translate(fallback, words.language, field=field_words)
