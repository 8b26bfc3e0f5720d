"""The one refusal shape every service answers with, on a bare FastAPI app:
the handlers and the OpenAPI document that `build_app` installs."""

from datetime import date
from typing import Annotated

import httpx
import pytest
from fastapi import FastAPI, Header, Query
from pydantic import BaseModel, Field

from shared.errors import Rejected
from shared.http_refusals import answer_refusals_in_one_shape, refused
from shared.text import HIDDEN_SEGMENT, field_path

HOSTILE = "<script>alert('x')</script>\x1b[2J'; DROP TABLE persons; --"


class Person(BaseModel):
    given_names: str = Field(min_length=1, max_length=20)
    birth_date: date


class Enrolment(BaseModel):
    person: Person
    scores: dict[str, int] = Field(default_factory=dict)


@pytest.fixture(scope="module")
async def client():
    app = FastAPI()
    answer_refusals_in_one_shape(app)

    @app.post("/enrolments")
    async def enrol(
        body: Enrolment,
        name: Annotated[str | None, Query(max_length=5)] = None,
        x_officer_id: Annotated[str | None, Header(pattern=r"^[a-z]+$")] = None,
    ) -> dict[str, str]:
        return {"ok": "yes"}

    @app.get("/refused")
    async def refuse() -> None:
        raise refused(
            Rejected(
                "report_date",
                "is a Sunday",
                code="not_an_operating_day",
                params={"day": date(2026, 12, 6)},
            ),
            409,
        )

    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as http:
        yield http


async def test_body_errors_are_named_by_their_dotted_path_without_the_input(client):
    answer = await client.post(
        "/enrolments", json={"person": {"given_names": HOSTILE, "birth_date": "1984-02-30"}}
    )
    assert answer.status_code == 422
    assert answer.json() == {
        "detail": [
            {
                "field": "person.given_names",
                "reason": "String should have at most 20 characters",
                "code": "too_long",
                "params": {"max_length": 20},
            },
            {
                "field": "person.birth_date",
                "reason": "Input should be a valid date or datetime, "
                "day value is outside expected range",
                "code": "not_a_date",
                "params": {},
            },
        ]
    }


async def test_query_and_header_errors_name_where_they_were(client):
    answer = await client.post(
        "/enrolments?name=" + "x" * 6,
        json={"person": {"given_names": "Ana", "birth_date": "1984-02-03"}},
        headers={"X-Officer-Id": "<b>"},
    )
    assert [p["field"] for p in answer.json()["detail"]] == ["query.name", "header.x-officer-id"]
    assert [p["code"] for p in answer.json()["detail"]] == ["too_long", "pattern_mismatch"]
    # A pattern explains nothing to a reader (the reason keeps it for a developer).
    assert answer.json()["detail"][1]["params"] == {}
    assert "<b>" not in answer.text


async def test_a_hostile_key_is_not_echoed_in_the_field(client):
    answer = await client.post(
        "/enrolments",
        json={
            "person": {"given_names": "Ana", "birth_date": "1984-02-03"},
            "scores": {HOSTILE: "x"},
        },
    )
    assert answer.json()["detail"][0]["field"] == f"scores.{HIDDEN_SEGMENT}"
    assert "script" not in answer.text and "DROP" not in answer.text


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b"", '"caf\u00e9"'.encode()])
async def test_a_body_that_is_not_an_object_is_refused_as_the_body(client, body):
    answer = await client.post(
        "/enrolments", content=body, headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 422
    assert {p["field"] for p in answer.json()["detail"]} == {"body"}


@pytest.mark.parametrize(
    "body", [b"[" * 100_000 + b"]" * 100_000, b'{"person": ' + b"9" * 5_000 + b"}"]
)
async def test_a_body_the_json_parser_gives_up_on_is_refused_as_the_body(client, body):
    answer = await client.post(
        "/enrolments", content=body, headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 400
    assert [p["field"] for p in answer.json()["detail"]] == ["body"]


async def test_domain_refusals_and_unknown_routes_have_the_same_shape(client):
    assert (await client.get("/refused")).json() == {
        "detail": [
            {
                "field": "report_date",
                "reason": "is a Sunday",
                "code": "not_an_operating_day",
                "params": {"day": "2026-12-06"},
            }
        ]
    }
    assert (await client.get("/nowhere")).json() == {
        "detail": [{"field": "path", "reason": "Not Found", "code": "not_found", "params": {}}]
    }
    assert (await client.delete("/refused")).json() == {
        "detail": [
            {
                "field": "method",
                "reason": "Method Not Allowed",
                "code": "method_not_allowed",
                "params": {},
            }
        ]
    }


async def test_the_openapi_document_declares_the_refusal_for_every_operation(client):
    document = (await client.get("/openapi.json")).json()
    assert "HTTPValidationError" not in document["components"]["schemas"]
    for operations in document["paths"].values():
        for operation in operations.values():
            assert "422" not in operation["responses"]
            assert operation["responses"]["4XX"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/Refusal"
            }
    assert document["components"]["schemas"]["Refusal"]["properties"]["detail"]["items"] == {
        "$ref": "#/components/schemas/Problem"
    }
    problem = document["components"]["schemas"]["Problem"]
    assert {"field", "reason", "code"} <= set(problem["required"])
    assert "params" in problem["properties"]


@pytest.mark.parametrize(
    ("request_args", "field"),
    [
        (
            {
                "url": "/enrolments",
                "json": {"person": {"given_names": "A\x00na", "birth_date": "1984-02-03"}},
            },
            "person.given_names",
        ),
        (
            {
                "url": "/enrolments",
                "content": b'{"person": {"given_names": "\\ud800", "birth_date": "1984-02-03"}}',
            },
            "person.given_names",
        ),
        (
            {
                "url": "/enrolments",
                "json": {
                    "person": {"given_names": "Ana", "birth_date": "1984-02-03"},
                    "scores": {"\x00": 1},
                },
            },
            "scores.?",
        ),
        ({"url": "/enrolments?name=a%00b", "json": {}}, "query.name"),
        ({"url": "/enrol%00ments", "json": {}}, "path"),
    ],
)
async def test_text_no_database_can_store_is_refused_at_the_door(client, request_args, field):
    answer = await client.post(**request_args)
    assert answer.status_code == 422
    assert answer.json() == {
        "detail": [
            {
                "field": field,
                "reason": "contains a NUL character or half a surrogate pair, "
                "which cannot be stored",
                "code": "unstorable_text",
                "params": {},
            }
        ]
    }


def test_list_positions_and_plain_names_are_shown_anything_else_is_hidden():
    assert field_path(("committee", 0, "full_name")) == "committee.0.full_name"
    assert field_path(("scores", "x" * 65)) == f"scores.{HIDDEN_SEGMENT}"
    assert field_path(("scores", "a b")) == f"scores.{HIDDEN_SEGMENT}"
    assert field_path(()) == "value"
    assert field_path((), "body") == "body"
