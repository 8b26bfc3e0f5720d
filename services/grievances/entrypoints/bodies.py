"""Request bodies checked by hand, so that errors name the field and the
reason without echoing what was sent (it may name people)."""

from typing import Annotated, Any, TypeVar

from fastapi import Body, HTTPException
from pydantic import BaseModel, ValidationError

from shared.errors import Rejected

M = TypeVar("M", bound=BaseModel)
OFFICER_ID = r"^[A-Za-z0-9._@-]{1,80}$"
# Any JSON, checked by `parse`: FastAPI's own errors would echo the input.
JsonBody = Annotated[Any, Body()]


def parse(model: type[M], body: Any, **from_headers: Any) -> M:
    if not isinstance(body, dict):
        raise HTTPException(status_code=422, detail=[{"field": "body", "reason": "must be a JSON object"}])
    try:
        return model.model_validate({**body, **from_headers})
    except ValidationError as exc:
        problems = [
            {"field": ".".join(str(p) for p in error["loc"]) or "body", "reason": error["msg"]}
            for error in exc.errors(include_input=False, include_url=False)
        ]
        raise HTTPException(status_code=422, detail=problems) from None


def refused(exc: Rejected, status_code: int) -> HTTPException:
    return HTTPException(status_code=status_code, detail=[{"field": exc.field, "reason": exc.reason}])


def not_found(field: str, reason: str) -> HTTPException:
    return HTTPException(status_code=404, detail=[{"field": field, "reason": reason}])
