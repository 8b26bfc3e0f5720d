"""Headers every console answer carries, telling the browser what the page may do.

The console loads nothing from elsewhere, so the content policy allows only its
own style sheet, images and script files (no inline script, no eval: an injected
`<script>` or `onclick` does not run), the committee's forms' script sending to
the console itself (static/entries.js, connect-src), forms posting back to
itself, and no framing (against click-jacking, with X-Frame-Options for older
browsers). Inline `style` attributes stay allowed: the score bars are
sized by them, and a style attribute cannot run code. HSTS is sent only when
the console is served over HTTPS, where it makes the browser refuse plain
HTTP to this host from then on."""

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "connect-src 'self'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
HSTS = {"Strict-Transport-Security": "max-age=31536000; includeSubDomains"}


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, https: bool) -> None:
        self.app = app
        self.headers = {**HEADERS, **(HSTS if https else {})}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, with_headers)
