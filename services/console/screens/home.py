"""The start page: the sections the account's role may use."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..auth.sessions import SignedIn
from .rendering import render

router = APIRouter()
SCREEN = None


@router.get("/")
async def start(request: Request, account: SignedIn) -> Response:
    return render(request, "home.html")
