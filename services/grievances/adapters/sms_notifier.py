"""SMS notices through an HTTP gateway: `POST <url>` with `{"to": "+52…", "text": "…"}` as
JSON and `Authorization: Bearer <token>`; any 2xx answer is taken as accepted. Most SMS
providers offer such an endpoint, or a small relay in front of theirs does."""

from dataclasses import dataclass

import httpx

from ..domain.notices import Message


@dataclass(frozen=True)
class SmsGatewayNotifier:
    url: str
    token: str
    timeout_seconds: float = 20

    async def send(self, message: Message) -> None:
        # An SMS is short: the subject says what happened; the receipt tells the rest.
        async with httpx.AsyncClient(timeout=self.timeout_seconds) as client:
            answer = await client.post(
                self.url,
                json={"to": message.to, "text": message.subject},
                headers={"Authorization": f"Bearer {self.token}"},
            )
        answer.raise_for_status()
