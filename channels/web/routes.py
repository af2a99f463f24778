"""The web site's shared routes on the product's aiohttp app: the security headers, the static
files, the start page and a 404 page for browsers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.typedefs import Middleware

from channels.web.headers import security_headers
from channels.web.site import SITE_KEY, WebSite
from channels.web.status_routes import add_status_pages
from channels.web.templates_env import STATIC

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


async def home(request: web.Request) -> web.Response:
    site = request.app[SITE_KEY]
    return site.page(request, "home.html", site.language(request))


def not_found_page(site: WebSite) -> Middleware:
    """A page rather than aiohttp's bare text when a browser asks for an address we do not have."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            return await handler(request)
        except web.HTTPNotFound:
            if request.method != "GET" or "text/html" not in request.headers.get("Accept", ""):
                raise
            lang = site.language(request)
            return site.refusal(request, lang, 404, site.text("web.error.not_found_title", lang),
                                site.text("web.error.not_found", lang))

    return middleware


def install(app: web.Application, site: WebSite) -> None:
    """Put the site on ``app`` (before it starts); pages then add their routes with ``site``."""
    app[SITE_KEY] = site
    app.middlewares.append(security_headers(site.https))
    app.middlewares.append(not_found_page(site))
    app.router.add_static("/static/", STATIC, follow_symlinks=False, append_version=False)
    app.router.add_get("/", home)
    add_status_pages(app, site)
