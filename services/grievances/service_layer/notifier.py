"""The port notices leave through. An adapter sends one message to one address (e-mail over
SMTP, `adapters/email_notifier.py`; SMS through a gateway, `adapters/sms_notifier.py`) and
raises when it could not; the use case (`notices.py`) decides what to send and to whom."""

from typing import Protocol

from ..domain.notices import Message


class Notifier(Protocol):
    async def send(self, message: Message) -> None: ...
