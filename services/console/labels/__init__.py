"""Every word the console shows, in Spanish (first: the users are in Mexico)
and English. One file per screen family holds a LABELS table, key ->
(Spanish, English); templates look a word up with t("key"), screens with
translate(). A key belongs to one file: a second definition stops the import."""

from collections.abc import Mapping

from . import (
    accounts,
    casework,
    charts,
    common,
    enrolment,
    grievances,
    kitchens,
    ops,
    people,
    refusals,
    reviews,
)

LANGUAGES = ("es", "en")
DEFAULT_LANGUAGE = "es"


def _catalogue(*tables: Mapping[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for table in tables:
        for key, texts in table.items():
            if key in merged:
                raise ValueError(f"label {key} is defined twice")
            merged[key] = texts
    return merged


_CATALOGUE = _catalogue(
    common.LABELS,
    people.LABELS,
    reviews.LABELS,
    kitchens.LABELS,
    refusals.REFUSALS,
    grievances.LABELS,
    ops.LABELS,
    accounts.LABELS,
    casework.LABELS,
    charts.LABELS,
    enrolment.LABELS,
)


def known(key: str) -> bool:
    return key in _CATALOGUE


def known_prefix(prefix: str) -> bool:
    """Whether any label starts so: templates build keys such as "grievances.status." ~ status."""
    return any(key.startswith(prefix) for key in _CATALOGUE)


def translate(key: str, language: str, **values: object) -> str:
    """The label in the language; an unknown key shows as itself (a test finds those in the
    templates)."""
    texts = _CATALOGUE.get(key)
    if texts is None:
        text = key
    else:
        text = texts[LANGUAGES.index(language) if language in LANGUAGES else 0]
    return text.format(**values) if values else text
