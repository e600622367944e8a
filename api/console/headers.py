"""Response headers of the console's pages: a page's CSP (own scripts and styles only) and caching.

The service's API answers carry a CSP that allows nothing; the console's pages need their own
scripts, styles and connections, from this origin only. Set here, before the service's
security headers, which keep a header a response already has.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

PREFIX = "/console"
PAGE_CSP = (
    b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
    b" connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none';"
    b" frame-ancestors 'none'"
)
STATIC_CACHE = b"public, max-age=3600"


class PageHeaders:
    """ASGI middleware: the console's CSP on its answers, an hour's caching for its assets."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", "")) if scope["type"] == "http" else ""
        if not (path == PREFIX or path.startswith(PREFIX + "/")):
            await self.app(scope, receive, send)
            return
        static = path.startswith(PREFIX + "/static/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(n, v) for n, v in message.get("headers", [])
                           if n.lower() != b"content-security-policy"]  # fmt: skip
                headers.append((b"content-security-policy", PAGE_CSP))
                if static:
                    headers.append((b"cache-control", STATIC_CACHE))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
