"""The status page's two cookies: the one-time link's token, parked between the link and the
person's click on "open" (so a link preview that fetches the address uses nothing up), and the web
session that click opens on one case. Both HttpOnly, Secure over HTTPS, scoped to ``/status``."""

from __future__ import annotations

from aiohttp import web

from channels.app.web import CORE_KEY
from channels.web.site import SITE_KEY
from core.complainant_queries import GrantedCase

LINK_COOKIE = "cd_link"
SESSION_COOKIE = "cd_status"
LINK_PATH = "/status/open"
SESSION_PATH = "/status"


def see_other(location: str) -> web.Response:
    """A redirect after a step (303: the browser follows with a GET), cookies set on it as needed."""
    return web.Response(status=303, headers={"Location": location})


def park_link(response: web.StreamResponse, token: str, minutes: int, https: bool) -> None:
    # Lax: the link is opened from a mail or a chat, another site; its own redirect must carry it
    response.set_cookie(LINK_COOKIE, token, httponly=True, samesite="Lax", secure=https, path=LINK_PATH,
                        max_age=minutes * 60)


def parked_link(request: web.Request) -> str | None:
    return request.cookies.get(LINK_COOKIE) or None


def start_session(response: web.StreamResponse, session: str, minutes: int, https: bool) -> None:
    response.del_cookie(LINK_COOKIE, path=LINK_PATH)
    response.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="Strict", secure=https, path=SESSION_PATH,
                        max_age=minutes * 60)


def end_session(response: web.StreamResponse) -> None:
    response.del_cookie(SESSION_COOKIE, path=SESSION_PATH)


async def granted(request: web.Request) -> GrantedCase | None:
    """The case this browser's session opens, or None (no cookie, expired, ended)."""
    session = request.cookies.get(SESSION_COOKIE)
    if not session:
        return None
    return await request.app[CORE_KEY].queries.granted_case(session)


def https(request: web.Request) -> bool:
    return request.app[SITE_KEY].https
