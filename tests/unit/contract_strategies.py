"""Hypothesis strategies for the JSON form of a pydantic model, derived from
its declared fields: types, lengths, bounds and patterns. Only what our
contracts use is covered; anything else fails loudly so a new kind of field
gets a strategy instead of being skipped."""

import types
from datetime import date, datetime, timedelta, timezone
from typing import Annotated, Any, Literal, Union, get_args, get_origin
from uuid import UUID

from hypothesis import strategies as st
from pydantic import AwareDatetime, BaseModel
from pydantic.fields import FieldInfo

# What a database can store: no NUL, no half surrogate pairs (excluded by the codec).
STORABLE_CHARACTERS = st.characters(codec="utf-8", exclude_characters="\x00")
# Long strings slow generation without finding more: lengths near the limits
# are covered by the out-of-range strategies.
LONGEST_GENERATED_TEXT = 60
LONGEST_GENERATED_LIST = 4
OFFSETS = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)

CONSTRAINTS = ("min_length", "max_length", "ge", "gt", "le", "lt", "pattern")


def constraints(metadata: tuple[Any, ...] | list[Any]) -> dict[str, Any]:
    """Pydantic keeps a field's bounds as annotated-types objects
    (MaxLen, Ge, …) or nested FieldInfos."""
    found: dict[str, Any] = {}
    for item in metadata:
        if isinstance(item, FieldInfo):
            found.update(constraints(item.metadata))
            continue
        found.update(
            {
                name: getattr(item, name)
                for name in CONSTRAINTS
                if getattr(item, name, None) is not None
            }
        )
    return found


def unwrap(annotation: Any, metadata: tuple[Any, ...] = ()) -> tuple[Any, tuple[Any, ...]]:
    while get_origin(annotation) is Annotated:
        annotation, *extra = get_args(annotation)
        metadata = (*metadata, *extra)
    return annotation, metadata


def is_optional(annotation: Any) -> bool:
    return get_origin(annotation) in (Union, types.UnionType) and type(None) in get_args(annotation)


def json_value(annotation: Any, metadata: tuple[Any, ...] = ()) -> st.SearchStrategy[Any]:
    """A valid JSON value for a field of this type and these constraints."""
    annotation, metadata = unwrap(annotation, metadata)
    bounds = constraints(metadata)
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        return st.one_of([json_value(member, metadata) for member in get_args(annotation)])
    if origin is Literal:
        return st.sampled_from(get_args(annotation))
    if origin is list:
        low = bounds.get("min_length", 0)
        return st.lists(
            json_value(get_args(annotation)[0]),
            min_size=low,
            max_size=max(low, min(bounds.get("max_length", 9), LONGEST_GENERATED_LIST)),
        )
    if origin is dict:
        key, value = get_args(annotation)
        return st.dictionaries(json_value(key), json_value(value), max_size=LONGEST_GENERATED_LIST)
    if annotation is type(None):
        return st.none()
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return json_document(annotation)
    return _scalar(annotation, bounds)


def _scalar(annotation: Any, bounds: dict[str, Any]) -> st.SearchStrategy[Any]:
    if annotation is bool:
        return st.booleans()
    if annotation is int:
        low = bounds["gt"] + 1 if "gt" in bounds else bounds.get("ge")
        return st.integers(min_value=low, max_value=bounds.get("le"))
    if annotation is float:
        return st.floats(
            min_value=bounds.get("ge"),
            max_value=bounds.get("le"),
            allow_nan=False,
            allow_infinity=False,
        )
    if annotation is str:
        if "pattern" in bounds:
            return st.from_regex(bounds["pattern"], fullmatch=True)
        low = bounds.get("min_length", 0)
        return st.text(
            STORABLE_CHARACTERS,
            min_size=low,
            max_size=max(low, min(bounds.get("max_length", 10**9), LONGEST_GENERATED_TEXT)),
        )
    if annotation is date:
        return st.dates().map(date.isoformat)
    if annotation in (datetime, AwareDatetime):
        return st.datetimes(timezones=OFFSETS).map(datetime.isoformat)
    if annotation is UUID:
        return st.uuids().map(str)
    raise TypeError(f"no strategy for {annotation!r}: add one to contract_strategies.py")


def json_document(model: type[BaseModel]) -> st.SearchStrategy[dict[str, Any]]:
    """A JSON object the model accepts: every required field, any of the optional ones."""
    fields = {
        name: json_value(info.annotation, tuple(info.metadata))
        for name, info in model.model_fields.items()
    }
    required = {
        name: fields[name] for name, info in model.model_fields.items() if info.is_required()
    }
    optional = {name: fields[name] for name in fields.keys() - required.keys()}
    return st.fixed_dictionaries(required, optional=optional)


def field_annotation(model: type[BaseModel], name: str) -> tuple[Any, tuple[Any, ...]]:
    info = model.model_fields[name]
    return unwrap(info.annotation, tuple(info.metadata))


def out_of_range(annotation: Any, metadata: tuple[Any, ...]) -> st.SearchStrategy[Any] | None:
    """A value of the right type just or far outside the field's declared bounds,
    or None if it has none."""
    if is_optional(annotation):
        annotation = next(a for a in get_args(annotation) if a is not type(None))
    annotation, metadata = unwrap(annotation, metadata)
    outside = next((values for type_, values in _OUTSIDE if annotation is type_), None)
    choices = outside(constraints(metadata)) if outside else []
    return st.one_of(choices) if choices else None


def _outside_int(bounds: dict[str, Any]) -> list[st.SearchStrategy[Any]]:
    choices = []
    if "le" in bounds:
        choices.append(st.integers(min_value=bounds["le"] + 1))
    if "ge" in bounds or "gt" in bounds:
        choices.append(st.integers(max_value=bounds["gt"] if "gt" in bounds else bounds["ge"] - 1))
    return choices


def _outside_float(bounds: dict[str, Any]) -> list[st.SearchStrategy[Any]]:
    choices = []
    if "le" in bounds:
        choices.append(st.floats(min_value=bounds["le"], exclude_min=True))
    if "ge" in bounds:
        choices.append(st.floats(max_value=bounds["ge"], exclude_max=True))
    return choices


def _outside_str(bounds: dict[str, Any]) -> list[st.SearchStrategy[Any]]:
    choices = []
    if "max_length" in bounds:
        choices.append(
            st.integers(bounds["max_length"] + 1, bounds["max_length"] + 5_000).map(
                lambda n: "x" * n
            )
        )
    if bounds.get("min_length", 0) > 0:
        choices.append(st.just(""))
    if "pattern" in bounds:
        choices.append(st.sampled_from(["", "lower-case", "<b>X</b>", "X" * 200]))
    return choices


_OUTSIDE = ((int, _outside_int), (float, _outside_float), (str, _outside_str))
