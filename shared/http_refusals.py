"""How every service says no over HTTP:
`{"detail": [{"field": ..., "reason": ..., "code": ..., "params": {...}}]}`.

`detail` is always a list, because several fields can be wrong at once. A
refusal never repeats what the caller sent: a value may name a person, and a
hostile one would be reflected into a browser or a log. Field paths are
dotted: `person.birth_date` for the body, `query.name`, `path.kitchen_id`,
`header.x-officer-id` for the rest of the request. `code` names the rule in
snake_case and `params` carry what a sentence about it needs (numbers in their
unit, dates as ISO strings), so a client says it in its reader's language."""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from .errors import ParamInput, ParamValue, Rejected, json_params
from .http_text_guard import RefuseUnstorableText
from .text import field_path, plain_reason, refusal_code, refusal_params

# What FastAPI and Starlette refuse with a bare message: a body they could not
# parse at all (nested too deep, an endless number), an unknown route, a method.
_WHAT_WAS_WRONG_BY_STATUS = {400: "body", 404: "path", 405: "method"}
_CODE_BY_STATUS = {400: "malformed_body", 404: "not_found", 405: "method_not_allowed"}
BARE_CODES = frozenset({*_CODE_BY_STATUS.values(), "refused"})


class Problem(BaseModel):
    field: str = Field(
        description="The field at fault, as a dotted path: `person.birth_date`, `query.name`."
    )
    reason: str = Field(description="Why, in English words, without repeating the value sent.")
    code: str = Field(
        description="The rule refused, in snake_case and stable (`not_an_operating_day`, "
        "`too_long`): a client shows its own sentence for it in its reader's language.",
        examples=["committee_too_small"],
    )
    params: dict[str, ParamValue] = Field(
        default_factory=dict,
        description="What the sentence needs: numbers in their unit (`…_centavos`, days), "
        "dates as ISO strings, codes; never a person's data or the value sent.",
        examples=[{"members": 2, "minimum": 3}],
    )


class Refusal(BaseModel):
    """Every 4xx answer of every service has this shape."""

    detail: list[Problem] = Field(min_length=1)


def problem(
    field: str, reason: str, code: str, params: Mapping[str, ParamInput] | None = None
) -> dict[str, Any]:
    return {"field": field, "reason": reason, "code": code, "params": json_params(params)}


def refusals(status_code: int, problems: list[dict[str, Any]]) -> HTTPException:
    return HTTPException(status_code=status_code, detail=problems)


def refusal(
    status_code: int,
    field: str,
    reason: str,
    *,
    code: str,
    params: Mapping[str, ParamInput] | None = None,
) -> HTTPException:
    return refusals(status_code, [problem(field, reason, code, params)])


def refused(exc: Rejected, status_code: int) -> HTTPException:
    return refusal(status_code, exc.field, exc.reason, code=exc.code, params=exc.params)


def _validation_problem(field: str, error: Mapping[str, Any]) -> dict[str, Any]:
    return problem(field, plain_reason(error), refusal_code(error), refusal_params(error))


def problems_from_errors(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Pydantic's errors (a model validated by hand) as refusal problems."""
    return [_validation_problem(field_path(error["loc"], "body"), error) for error in errors]


def _request_location(location: tuple[str | int, ...], error_type: str) -> tuple[str | int, ...]:
    if location[:1] == ("body",):
        # FastAPI puts the offset of a JSON syntax error where a field would be.
        return () if error_type == "json_invalid" else location[1:]
    return location


def problems_from_request(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """FastAPI's request errors (body, query, path, headers) as refusal problems."""
    return [
        _validation_problem(
            field_path(_request_location(tuple(error["loc"]), error["type"]), "body"), error
        )
        for error in errors
    ]


async def _answer_invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
    return JSONResponse({"detail": problems_from_request(exc.errors())}, status_code=422)


async def _answer_http_exception(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    return JSONResponse(
        {"detail": _problems_of(exc)}, status_code=exc.status_code, headers=exc.headers
    )


def _problems_of(exc: StarletteHTTPException) -> list[Any]:
    # `detail` is typed str, but our own refusals carry a problem or a list of them.
    detail: Any = exc.detail
    if isinstance(detail, list):
        return detail
    if isinstance(detail, Mapping) and {"field", "reason", "code"} <= detail.keys():
        return [detail]
    return [
        problem(
            _WHAT_WAS_WRONG_BY_STATUS.get(exc.status_code, "request"),
            str(detail),
            _CODE_BY_STATUS.get(exc.status_code, "refused"),
        )
    ]


def _documented(build: Callable[[], dict[str, Any]]) -> Callable[[], dict[str, Any]]:
    """The OpenAPI document with every operation's refusals in the one shape."""

    def openapi() -> dict[str, Any]:
        document = build()
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        if "Refusal" in schemas:
            return document
        refusal_schema = Refusal.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(refusal_schema.pop("$defs"), Refusal=refusal_schema)
        for name in ("HTTPValidationError", "ValidationError"):
            schemas.pop(name, None)
        answer = {
            "description": "Refused: the fields at fault and why",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Refusal"}}},
        }
        for operations in document.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                responses.pop("422", None)
                responses.setdefault("4XX", answer)
        return document

    return openapi


def answer_refusals_in_one_shape(app: FastAPI) -> None:
    app.exception_handler(RequestValidationError)(_answer_invalid_request)
    app.exception_handler(StarletteHTTPException)(_answer_http_exception)
    app.add_middleware(RefuseUnstorableText)
    # Replacing the method is how FastAPI documents extending the OpenAPI document.
    app.openapi = _documented(app.openapi)  # type: ignore[method-assign]
