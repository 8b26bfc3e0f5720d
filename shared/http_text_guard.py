"""Text no database can store, refused at the HTTP door with the field it was in."""

import json
from urllib.parse import parse_qsl

from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .text import UNSTORABLE_CODE, UNSTORABLE_REASON, field_path, is_unstorable, unstorable_location


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
        await JSONResponse(
            {
                "detail": [
                    {
                        "field": field,
                        "reason": UNSTORABLE_REASON,
                        "code": UNSTORABLE_CODE,
                        "params": {},
                    }
                ]
            },
            status_code=422,
        )(scope, receive, send)


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
