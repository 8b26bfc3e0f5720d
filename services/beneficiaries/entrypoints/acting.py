"""Who is acting, as the calling service vouches for it (shared/service_auth.py)."""

from fastapi import HTTPException, Request

from shared.errors import Rejected
from shared.service_auth import Acting, acting_from


def acting(request: Request) -> Acting:
    """The acting person; a caseworker without an agency is refused rather than left unscoped."""
    found = acting_from(request)
    if found.role == "caseworker" and not found.agency:
        raise HTTPException(status_code=400, detail={"field": "X-Acting-Agency", "reason": "a caseworker acts for an agency: send its code"})
    return found


def refused_read(exc: Rejected) -> HTTPException:
    return HTTPException(status_code=400, detail={"field": exc.field, "reason": exc.reason})

