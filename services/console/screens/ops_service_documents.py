"""Each service's operational documents (metrics, readiness, AsyncAPI) as the ops screen
links them: through the console, so a browser reaches them wherever it reaches the
console. The services' own addresses are for the console alone: under compose they are
names inside its network (http://beneficiaries:8001) with no published port."""

from typing import Annotated

import httpx
from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from services import NAMES

from ..auth.roles import Account, Role
from ..auth.sessions import require_role
from ..errors import NotFound, ServiceUnavailable

router = APIRouter(prefix="/ops/services", include_in_schema=False)
Watcher = Annotated[Account, Depends(require_role(Role.OPS, Role.AUDITOR))]
# The services' open paths (shared/service_auth.py OPEN_PATHS): no person's data in them.
DOCUMENTS = ("metrics", "health/ready", "asyncapi.json")


def link_base(service: str) -> str:
    """Where the ops screen links a service's documents: `<base>/<document>`."""
    return f"{router.prefix}/{service}"


@router.get("/{service}/{document:path}")
async def service_document(
    request: Request, account: Watcher, service: str, document: str
) -> Response:
    """The service's answer as it is, status and type included: a service that is not
    ready says so with its 503, and one that cannot be reached is the console's page."""
    if service not in NAMES or document not in DOCUMENTS:
        raise NotFound()
    client = getattr(request.app.state.clients, service)
    try:
        answer = await client.http.get(f"/{document}")
    except httpx.HTTPError:
        raise ServiceUnavailable(service) from None
    return Response(
        answer.content,
        status_code=answer.status_code,
        media_type=answer.headers.get("content-type"),
    )
