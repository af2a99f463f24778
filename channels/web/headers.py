"""Security headers on every answer of the web app: a Content-Security-Policy that allows our own
styles and scripts only (no inline ones), no framing, no sniffing, no referrer (a one-time link's
token never leaves in a Referer), and no powerful browser features."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.typedefs import Middleware

CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
                           "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'")
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = "max-age=31536000"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def security_headers(https: bool) -> Middleware:
    """The middleware; :param https: the site is served over HTTPS (adds Strict-Transport-Security)"""
    extra = {**HEADERS, **({"Strict-Transport-Security": HSTS} if https else {})}

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            response = await handler(request)
        except web.HTTPException as error:
            error.headers.update(extra)
            raise
        response.headers.update(extra)
        return response

    return middleware
