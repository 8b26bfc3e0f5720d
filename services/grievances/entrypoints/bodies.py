"""Request bodies checked by hand, so that errors name the field and the
reason without echoing what was sent (it may name people)."""

from typing import Annotated, Any, TypeVar

from fastapi import Body, HTTPException
from pydantic import BaseModel, ValidationError

from shared.errors import Rejected

M = TypeVar("M", bound=BaseModel)
OFFICER_ID = r"^[A-Za-z0-9._@-]{1,80}$"
JsonBody = Annotated[dict[str, Any], Body()]


def parse(model: type[M], data: object) -> M:
    try:
        return model.model_validate(data)
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
