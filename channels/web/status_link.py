"""``/status/open/<token>``: the one-time link. Following it uses nothing up: the token is parked
in a cookie and the browser sent on to ``/status/open``, an address without it, where the person
presses "open my complaint" (a link preview or a mail scanner fetching the address never does).
That POST exchanges the token, once, for a session cookie and goes on to ``/status/case``."""

from __future__ import annotations

from aiohttp import web

from channels.app.web import CORE_KEY
from channels.web import language, status_session
from channels.web.site import SITE_KEY
from core.errors import AccessLinkInvalid

TOKEN_MAX = 200
CASE_PATH = "/status/case"


async def follow(request: web.Request) -> web.StreamResponse:
    site = request.app[SITE_KEY]
    token = request.match_info.get("token", "")
    asked = language.asked_language(request)  # a link may name the page's language
    response = status_session.see_other(f"{status_session.LINK_PATH}?lang={asked}" if asked else status_session.LINK_PATH)
    if 0 < len(token) <= TOKEN_MAX:
        status_session.park_link(response, token, site.policy.web.link_ttl_minutes, site.https)
    return response


async def confirm(request: web.Request) -> web.Response:
    site = request.app[SITE_KEY]
    lang = site.language(request)
    if status_session.parked_link(request) is None:
        return _invalid(request, lang)
    return site.page(request, "status_open.html", lang)


async def exchange(request: web.Request) -> web.StreamResponse:
    site = request.app[SITE_KEY]
    form = await request.post()
    lang = site.language(request, form)
    token = status_session.parked_link(request)
    try:
        if token is None:
            raise AccessLinkInvalid()
        service = request.app[CORE_KEY].service
        grant = await service.open_access_link(token)
    except AccessLinkInvalid:
        response = _invalid(request, lang)
        response.del_cookie(status_session.LINK_COOKIE, path=status_session.LINK_PATH)
        return response
    found = status_session.see_other(CASE_PATH)  # in the case's language
    status_session.start_session(found, grant.session, service.session_minutes(), site.https)
    return found


def _invalid(request: web.Request, lang: str) -> web.Response:
    site = request.app[SITE_KEY]
    return site.page(request, "status_invalid.html", lang, status=410)
