"""How every service says no over HTTP: `{"detail": [{"field": ..., "reason": ...}]}`.

`detail` is always a list, because several fields can be wrong at once. A
refusal never repeats what the caller sent: a value may name a person, and a
hostile one would be reflected into a browser or a log. Field paths are
dotted: `person.birth_date` for the body, `query.name`, `path.kitchen_id`,
`header.x-officer-id` for the rest of the request."""

import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import Rejected
from .text import UNSTORABLE_REASON, field_path, is_unstorable, unstorable_location

MAX_REASON = 300
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Pydantic messages that quote the input (a character, a tag) get these instead.
_QUOTING_MESSAGES = {
    "uuid_parsing": "Input should be a valid UUID",
    "union_tag_invalid": "Input tag does not match any of the expected tags",
    "json_invalid": "is not valid JSON",
    "url_parsing": "Input should be a valid URL",
}
# Where FastAPI found a request parameter; the body's fields are named without it.
_REQUEST_PARTS = frozenset({"query", "path", "header", "cookie"})
_WHAT_WAS_WRONG_BY_STATUS = {404: "path", 405: "method"}


class Problem(BaseModel):
    field: str = Field(description="The field at fault, as a dotted path: `person.birth_date`, `query.name`.")
    reason: str = Field(description="Why, in words, without repeating the value sent.")


class Refusal(BaseModel):
    """Every 4xx answer of every service has this shape."""

    detail: list[Problem] = Field(min_length=1)


def problem(field: str, reason: str) -> dict[str, str]:
    return {"field": field, "reason": reason}


def refusal(status_code: int, field: str, reason: str) -> HTTPException:
    return HTTPException(status_code=status_code, detail=[problem(field, reason)])


def refused(exc: Rejected, status_code: int) -> HTTPException:
    return refusal(status_code, exc.field, exc.reason)


def plain_reason(error: Mapping[str, Any]) -> str:
    reason = _QUOTING_MESSAGES.get(error["type"], error["msg"])
    reason = _CONTROL.sub(" ", reason)
    return reason if len(reason) <= MAX_REASON else reason[: MAX_REASON - 1] + "…"


def problems_from_errors(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Pydantic's errors (a model validated by hand) as refusal problems."""
    return [problem(field_path(error["loc"], "body"), plain_reason(error)) for error in errors]


def _request_location(location: tuple[str | int, ...], error_type: str) -> tuple[str | int, ...]:
    if location[:1] == ("body",):
        # FastAPI puts the offset of a JSON syntax error where a field would be.
        return () if error_type == "json_invalid" else location[1:]
    return location


def problems_from_request(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """FastAPI's request errors (body, query, path, headers) as refusal problems."""
    return [
        problem(field_path(_request_location(tuple(error["loc"]), error["type"]), "body"), plain_reason(error))
        for error in errors
    ]


async def _answer_invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
    return JSONResponse({"detail": problems_from_request(exc.errors())}, status_code=422)


async def _answer_http_exception(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    detail = exc.detail
    if isinstance(detail, Mapping) and {"field", "reason"} <= detail.keys():
        detail = [detail]
    if not isinstance(detail, list):
        detail = [problem(_WHAT_WAS_WRONG_BY_STATUS.get(exc.status_code, "request"), str(detail))]
    return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=exc.headers)


class RefuseUnstorableText:
    """Refuses, before any route sees it, a request whose path, query or JSON
    body holds text no database can store; routes would fail on it mid-way."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        field = _unstorable_in_path_or_query(scope)
        if field is None and _sends_json(scope):
            body = await _whole_body(receive)
            field = _unstorable_in_body(body)
            receive = _replaying(body, receive)
        if field is None:
            await self.app(scope, receive, send)
            return
        await JSONResponse({"detail": [problem(field, UNSTORABLE_REASON)]}, status_code=422)(scope, receive, send)


def _unstorable_in_path_or_query(scope: Scope) -> str | None:
    if is_unstorable(scope["path"]):
        return "path"
    for name, value in parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True):
        if is_unstorable(name) or is_unstorable(value):
            return field_path(("query", name))
    return None


def _sends_json(scope: Scope) -> bool:
    # FastAPI reads a body without a content type as JSON too.
    content_type = dict(scope["headers"]).get(b"content-type", b"")
    return not content_type or content_type.split(b";")[0].strip().lower().endswith(b"json")


async def _whole_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _unstorable_in_body(body: bytes) -> str | None:
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return None  # the route's own parsing refuses it, with its reason
    location = unstorable_location(document)
    return None if location is None else field_path(location, "body")


def _replaying(body: bytes, then: Receive) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return await then()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


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
    app.add_exception_handler(RequestValidationError, _answer_invalid_request)
    app.add_exception_handler(StarletteHTTPException, _answer_http_exception)
    app.add_middleware(RefuseUnstorableText)
    app.openapi = _documented(app.openapi)
