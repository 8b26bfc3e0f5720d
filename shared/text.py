"""Text from outside: what no database can store, and how to say where a
problem was without repeating what was sent."""

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

# JSON can spell both ("\u0000", "\ud800") and Python decodes them, but
# PostgreSQL refuses NUL in text and UTF-8 has no encoding for half a pair.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
UNSTORABLE_CODE = "unstorable_text"
UNSTORABLE_REASON = "contains a NUL character or half a surrogate pair, which cannot be stored"

# A path segment is shown only when it cannot carry markup, control characters
# or a long secret: dictionary keys and unknown field names come from the sender.
_SHOWN_SEGMENT = re.compile(r"^[A-Za-z0-9_\-\[\]]{1,64}$")
HIDDEN_SEGMENT = "?"


def is_unstorable(text: str) -> bool:
    return bool(_UNSTORABLE.search(text))


# What a JSON document's bytes must contain for a decoded string to be
# unstorable: an escape, a NUL byte (text in UTF-16 or UTF-32), or a surrogate
# encoded as if it were a character (json.loads decodes with "surrogatepass").
_MAY_DECODE_UNSTORABLE = re.compile(rb"\\u|\x00|\xed[\xa0-\xbf]")


def may_decode_unstorable(raw: bytes) -> bool:
    """False when no string json.loads makes of `raw` can be unstorable, so
    the decoded document need not be walked."""
    return bool(_MAY_DECODE_UNSTORABLE.search(raw))


def unstorable_location(document: Any) -> tuple[str | int, ...] | None:
    """Where a string (or key) that cannot be stored sits in a decoded
    JSON document, or None. Iterative: a document as deep as the JSON parser
    allows must not exhaust the stack here."""
    pending: list[tuple[tuple[str | int, ...], Any]] = [((), document)]
    while pending:
        location, value = pending.pop()
        if isinstance(value, str):
            if is_unstorable(value):
                return location
        elif isinstance(value, dict):
            for key, item in value.items():
                if is_unstorable(key):
                    return (*location, key)
                pending.append(((*location, key), item))
        elif isinstance(value, list):
            pending.extend(((*location, index), item) for index, item in enumerate(value))
    return None


def field_path(location: tuple[str | int, ...] | list[str | int], default: str = "value") -> str:
    """A dotted path (`person.birth_date`, `committee.0.role`); segments the
    sender chose that are not plain words show as `?`."""
    segments = [
        str(s) if isinstance(s, int) or _SHOWN_SEGMENT.match(s) else HIDDEN_SEGMENT
        for s in location
    ]
    return ".".join(segments) or default


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
MAX_REASON = 300
# Pydantic messages that quote the input (a character, a tag) get these instead.
_QUOTING_MESSAGES = {
    "uuid_parsing": "Input should be a valid UUID",
    "union_tag_invalid": "Input tag does not match any of the expected tags",
    "json_invalid": "is not valid JSON",
    "url_parsing": "Input should be a valid URL",
}


def plain_reason(error: Mapping[str, Any]) -> str:
    """A pydantic error's message, without any of the input it may quote."""
    reason = _CONTROL.sub(" ", _QUOTING_MESSAGES.get(error["type"], error["msg"]))
    return reason if len(reason) <= MAX_REASON else reason[: MAX_REASON - 1] + "…"


# Pydantic's error types, as the refusal codes the console labels (`refusal.<code>`);
# a type not named here is refused as `invalid_value`.
_CODE_OF_ERROR_TYPE = {
    "missing": "missing",
    "string_too_long": "too_long",
    "too_long": "too_long",
    "string_too_short": "too_short",
    "too_short": "too_short",
    "greater_than": "greater_than",
    "greater_than_equal": "at_least",
    "less_than": "less_than",
    "less_than_equal": "at_most",
    "string_pattern_mismatch": "pattern_mismatch",
    "date_from_datetime_inexact": "not_a_date",
    "date_from_datetime_parsing": "not_a_date",
    "date_parsing": "not_a_date",
    "date_type": "not_a_date",
    "date_future": "date_in_future",
    "date_past": "date_in_past",
    "datetime_from_date_parsing": "not_a_datetime",
    "datetime_parsing": "not_a_datetime",
    "datetime_type": "not_a_datetime",
    "timezone_aware": "not_a_datetime",
    "int_parsing": "not_a_whole_number",
    "int_type": "not_a_whole_number",
    "int_from_float": "not_a_whole_number",
    "float_parsing": "not_a_number",
    "float_type": "not_a_number",
    "decimal_parsing": "not_a_number",
    "finite_number": "not_a_number",
    "bool_parsing": "not_yes_or_no",
    "bool_type": "not_yes_or_no",
    "enum": "not_one_of",
    "literal_error": "not_one_of",
    "union_tag_invalid": "not_one_of",
    "union_tag_not_found": "missing",
    "uuid_parsing": "not_an_id",
    "uuid_type": "not_an_id",
    "string_type": "not_text",
    "list_type": "not_a_list",
    "dict_type": "wrong_shape",
    "model_type": "wrong_shape",
    "model_attributes_type": "wrong_shape",
    "extra_forbidden": "unexpected_field",
    "json_invalid": "not_json",
    "json_type": "not_json",
    "url_parsing": "not_a_url",
}
INVALID_VALUE = "invalid_value"
VALIDATION_CODES = frozenset({*_CODE_OF_ERROR_TYPE.values(), INVALID_VALUE})
# The bounds a reader needs (a length, a limit); `pattern` is left out: a regular
# expression explains nothing to a committee.
_SHOWN_CONTEXT = ("max_length", "min_length", "gt", "ge", "lt", "le", "multiple_of")


def refusal_code(error: Mapping[str, Any]) -> str:
    return _CODE_OF_ERROR_TYPE.get(error["type"], INVALID_VALUE)


def refusal_params(error: Mapping[str, Any]) -> dict[str, str | int | float]:
    """The error's bounds, never its input: numbers stay numbers, dates become ISO strings."""
    shown: dict[str, str | int | float] = {}
    for name, value in (error.get("ctx") or {}).items():
        if name not in _SHOWN_CONTEXT or isinstance(value, bool):
            continue
        if isinstance(value, int | float):
            shown[name] = value
        elif hasattr(value, "isoformat"):
            shown[name] = value.isoformat()
        elif isinstance(value, Decimal):
            shown[name] = float(value)
    return shown
