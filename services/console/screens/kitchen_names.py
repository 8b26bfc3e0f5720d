"""Kitchens by their names wherever a screen names one: a committee member's header and home
page, a kitchen's figures, a complaint about a kitchen, a committee member's account. The
kitchens service answers the names of many codes in one call (GET /kitchen-names), so a list
screen asks once for all its rows. A kitchen whose name cannot be read (the service is down,
the code is unregistered or not the reader's to know) is shown in words by the templates'
`kitchen_named(code)` (rendering.py), never by its code."""

import re
from collections.abc import Iterable

from fastapi import Request

from shared.contracts.kitchens import KITCHEN_ID_PATTERN
from shared.logging import get_logger

from ..auth.roles import Account
from ..auth.sessions import current_account
from ..errors import ServiceRefused, ServiceUnavailable

log = get_logger(__name__)
# As many codes as the service answers in one call (services/kitchens/entrypoints/name_routes.py).
CODES_PER_CALL = 200
_CODE = re.compile(KITCHEN_ID_PATTERN)


async def kitchen_names(
    request: Request, account: Account, codes: Iterable[str | None]
) -> dict[str, str]:
    """code -> name for each of `codes` the kitchens service names to this account. A code no
    kitchen could have (an account typed by hand) is not asked for, so it cannot spoil the
    others'; a service that cannot answer leaves its codes unnamed."""
    wanted = sorted({code for code in codes if code and _CODE.match(code)})
    names: dict[str, str] = {}
    for start in range(0, len(wanted), CODES_PER_CALL):
        part = wanted[start : start + CODES_PER_CALL]
        try:
            found = await request.app.state.clients.kitchens.get(
                "/kitchen-names", account, params={"kitchen_id": part}
            )
        except (ServiceUnavailable, ServiceRefused) as failed:
            log.warning("kitchen names not read", failure=type(failed).__name__, codes=len(part))
            return names
        names.update(found["names"])
    return names


async def own_kitchen_name(request: Request) -> None:
    """The name of a committee member's kitchen, for the header of every page she reads
    (base.html): read on each request, so a renamed kitchen is shown renamed at once."""
    account = await current_account(request)
    if account is not None and account.kitchen_id:
        request.state.kitchen_names = await kitchen_names(request, account, [account.kitchen_id])
