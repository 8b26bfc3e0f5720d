"""Request bodies checked by hand, so that values the route knows join the body
before validation (the officer, from the verified assertion) and every error
names its field; and the OpenAPI document of such bodies."""

from typing import Annotated, Any, TypeVar

from fastapi import Body
from pydantic import BaseModel, ValidationError

from shared.http_refusals import problems_from_errors, refusal, refusals

M = TypeVar("M", bound=BaseModel)
# Any JSON, checked by `parse` once the verified officer has joined it.
JsonBody = Annotated[Any, Body()]


def parse(model: type[M], body: Any, **joined: Any) -> M:
    if not isinstance(body, dict):
        raise refusal(422, "body", "must be a JSON object", code="wrong_shape")
    try:
        return model.model_validate({**body, **joined})
    except ValidationError as exc:
        raise refusals(
            422, problems_from_errors(exc.errors(include_input=False, include_url=False))
        ) from None


def documented(model: type[BaseModel], *joined: str) -> dict[str, Any]:
    """The body `parse` checks, for the OpenAPI document (the route itself takes
    any JSON): the model's schema without the fields the route fills in."""
    schema = model.model_json_schema()
    definitions = schema.pop("$defs", {})
    for name in joined:
        schema["properties"].pop(name)
        schema["required"] = [field for field in schema.get("required", []) if field != name]
    return {
        "requestBody": {"content": {"application/json": {"schema": _inlined(schema, definitions)}}}
    }


def _inlined(node: Any, definitions: dict[str, Any]) -> Any:
    # The schema travels inside the operation, where pydantic's local $defs cannot be resolved.
    if isinstance(node, dict):
        if "$ref" in node:
            return _inlined(definitions[node["$ref"].rsplit("/", 1)[1]], definitions)
        return {key: _inlined(value, definitions) for key, value in node.items()}
    if isinstance(node, list):
        return [_inlined(item, definitions) for item in node]
    return node
