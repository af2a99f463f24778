"""``/status/case``: the case a web session opened, as its complainant follows it, in the case's
language (the switch shows it in another), with what they can do next: each step a form that
posts to :mod:`channels.web.status_answers`."""

from __future__ import annotations

from aiohttp import web

from channels.app.web import CORE_KEY
from channels.web import language, status_session
from channels.web.site import SITE_KEY
from channels.web.status_view import case_view
from config.catalog import LANGUAGES
from core.complainant_queries import GrantedCase

DONE = frozenset({"message", "accept", "reject", "review", "withdraw", "survey", "referral"})


def case_language(request: web.Request, grant: GrantedCase, chosen: object = None) -> str:
    """The language asked for (the switch, or a form's field), else the case's."""
    if isinstance(chosen, str) and chosen in LANGUAGES:
        return chosen
    return language.asked_language(request) or (grant.language if grant.language in LANGUAGES else "en")


async def render_case(request: web.Request, grant: GrantedCase, lang: str, *, status: int = 200,
                      problem: str | None = None, done: str | None = None) -> web.Response:
    site, core = request.app[SITE_KEY], request.app[CORE_KEY]
    story = await core.queries.story(grant.reference, grant.identity)
    return site.page(request, "status_case.html", lang, status=status, case=case_view(story, site, lang),
                     problem=problem, done=done)


def ended(request: web.Request, lang: str) -> web.Response:
    """No session (it expired, the person left, or never had one): the way to a new link."""
    return request.app[SITE_KEY].page(request, "status_ended.html", lang, status=401)


async def show(request: web.Request) -> web.Response:
    grant = await status_session.granted(request)
    if grant is None:
        return ended(request, request.app[SITE_KEY].language(request))
    done = request.query.get("done")
    return await render_case(request, grant, case_language(request, grant), done=done if done in DONE else None)
