"""E-mail notices through a configured SMTP server (aiosmtplib)."""

from dataclasses import dataclass
from email.message import EmailMessage

import aiosmtplib

from ..domain.notices import Message


@dataclass(frozen=True)
class EmailNotifier:
    host: str
    port: int
    sender: str
    username: str = ""
    password: str = ""
    starttls: bool = True
    use_tls: bool = False
    timeout_seconds: float = 20

    async def send(self, message: Message) -> None:
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = message.to
        email["Subject"] = message.subject
        email.set_content(message.body)
        await aiosmtplib.send(
            email,
            hostname=self.host,
            port=self.port,
            username=self.username or None,
            password=self.password or None,
            start_tls=self.starttls and not self.use_tls,
            use_tls=self.use_tls,
            timeout=self.timeout_seconds,
        )
