"""Sending the notices that wait in their table, through the notifiers (the port in
`notifier.py`). A notice is written in the transaction of the step it tells of; a sender
claims a batch (other senders skip it), sends each and marks it sent, or counts the failed
attempt with the error's kind alone (an SMTP error can quote the address). A notice sent
just before its transaction failed is sent again: the reporter may get a notice twice,
never none.

A reporter's notice opens the sealed address, never the identity; none is claimed for a
whistleblower report (nor can the database hold one: migration 004)."""

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

import asyncpg

from shared.db import Database
from shared.logging import get_logger
from shared.periodic import every

from ..adapters.notices_repository import NoticesRepository, PendingNotice
from ..domain.notices import Message, escalation_message, reporter_message
from ..domain.policy import Policy
from ..domain.sealed_identities import Opener
from .notifier import Notifier

log = get_logger(__name__)


@dataclass(frozen=True)
class Dispatch:
    """What sending needs: a notifier per medium, the key that opens addresses, the
    escalation levels' mailboxes and the page where the receipt is used."""

    notifiers: Mapping[str, Notifier]
    opener: Opener
    policy: Policy
    follow_url: str
    escalation_mailboxes: Mapping[int, list[str]] = field(default_factory=dict)
    batch: int = 50
    max_attempts: int = 8


async def send_due_notices(conn: asyncpg.Connection, dispatch: Dispatch) -> int:
    """Sends what waits; returns how many notices were sent."""
    sent = 0
    async with conn.transaction():
        repository = NoticesRepository(conn)
        for notice in await repository.claim_unsent(dispatch.batch, dispatch.max_attempts):
            messages = _messages(notice, dispatch)
            if messages is None:
                await repository.mark_sent(notice.notice_id, datetime.now(UTC), "no address")
                log.warning("notice without an address", case_number=notice.case_number)
                continue
            error = await _send_all(dispatch, notice, messages)
            if error is None:
                await repository.mark_sent(notice.notice_id, datetime.now(UTC))
                sent += 1
            else:
                await repository.mark_failed(notice.notice_id, error)
                log.warning("notice not sent", case_number=notice.case_number, error=error)
    return sent


def _messages(notice: PendingNotice, dispatch: Dispatch) -> list[tuple[str, Message]] | None:
    """(medium, message) pairs, or None when there is nobody to send it to."""
    if notice.audience == "reporter":
        if notice.address is None:
            return None
        address = dispatch.opener.open_address(notice.address)
        message = reporter_message(
            address.address, notice.case_number, notice.about, dispatch.follow_url
        )
        return [(address.medium, message)]
    level = notice.escalation_level or 0
    mailboxes = dispatch.escalation_mailboxes.get(level, [])
    name = dispatch.policy.escalation_level_name(level)
    return [
        ("email", escalation_message(to, notice.case_number, name, notice.level_due_on))
        for to in mailboxes
    ] or None


async def _send_all(
    dispatch: Dispatch, notice: PendingNotice, messages: list[tuple[str, Message]]
) -> str | None:
    """None when every message left; else the kind of the first error."""
    for medium, message in messages:
        notifier = dispatch.notifiers.get(medium)
        if notifier is None:
            return f"no {medium} notifier configured"
        try:
            await notifier.send(message)
        except Exception as exc:
            return type(exc).__name__
    return None


def periodic_notice_dispatch(
    dispatch: Dispatch, interval_seconds: float
) -> Callable[[Database], Awaitable[None]]:
    return every(interval_seconds, lambda conn: send_due_notices(conn, dispatch), "notices sent")
