"""The notifier's adapters against real servers on this machine: e-mail over SMTP to a local
sink (aiosmtpd), SMS as an HTTP POST to a local gateway; a refusal raises, so the notice is
counted and kept for later."""

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from services.grievances.adapters.email_notifier import EmailNotifier
from services.grievances.adapters.sms_notifier import SmsGatewayNotifier
from services.grievances.domain.notices import reporter_message
from tests.e2e.smtp_sink import smtp_sink

MESSAGE = reporter_message("ana@example.org", "G-2026-000042", "await_reporter", "https://c/f")


async def test_an_e_mail_notice_reaches_the_smtp_server_whole():
    with smtp_sink() as sink:
        await EmailNotifier(sink.host, sink.port, "quejas@example.org", starttls=False).send(
            MESSAGE
        )
    (received,) = sink.received
    assert (received["From"], received["To"]) == ("quejas@example.org", "ana@example.org")
    assert received["Subject"] == MESSAGE.subject
    assert "código de seguimiento" in received.get_content()


async def test_an_smtp_server_that_is_not_there_raises():
    with smtp_sink() as sink:
        port = sink.port
    with pytest.raises(OSError):
        await EmailNotifier("127.0.0.1", port, "q@example.org", starttls=False).send(MESSAGE)


@contextmanager
def sms_gateway(status: int) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    received: list[dict[str, Any]] = []

    class Gateway(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            received.append({"auth": self.headers["Authorization"], **body})
            self.send_response(status)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sms", received
    finally:
        server.shutdown()
        server.server_close()


async def test_an_sms_notice_is_posted_to_the_gateway_with_its_token():
    with sms_gateway(202) as (url, received):
        await SmsGatewayNotifier(url, "gateway-token").send(
            reporter_message("+525512345678", "G-2026-000042", "resolve", "https://c/f")
        )
    assert received == [
        {
            "auth": "Bearer gateway-token",
            "to": "+525512345678",
            "text": "Su caso G-2026-000042 tiene respuesta",
        }
    ]


async def test_a_gateway_that_refuses_raises():
    with sms_gateway(503) as (url, _), pytest.raises(httpx.HTTPStatusError):
        await SmsGatewayNotifier(url, "gateway-token").send(MESSAGE)
