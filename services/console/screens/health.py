"""The probes a container platform calls; open to anyone, outside the navigation."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter(include_in_schema=False)
SCREEN = None


@router.get("/health/live")
async def live() -> dict[str, str]:
    return {"status": "live"}


@router.get("/health/ready")
async def ready(request: Request) -> JSONResponse:
    try:
        await request.app.state.database.pool.fetchval("SELECT 1")
    except Exception:
        return JSONResponse({"status": "not ready", "checks": {"database": False}}, status_code=503)
    return JSONResponse({"status": "ready", "checks": {"database": True}})
