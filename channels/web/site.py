"""The web site every page shares: its templates, catalog, policy, CSRF tokens and rate limits,
and :meth:`WebSite.page`, which renders a page in a language with the layout's values filled in."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from jinja2 import Environment

from config.catalog import LANGUAGES, MessageCatalog
from config.policy import Policy
from config.settings import Settings
from channels.web import csrf, language
from channels.web.csrf import CsrfTokens
from channels.web.limits import RateLimiter

log = logging.getLogger(__name__)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class WebSite:
    settings: Settings
    policy: Policy
    catalog: MessageCatalog
    templates: Environment
    tokens: CsrfTokens
    limiter: RateLimiter

    @property
    def https(self) -> bool:
        return self.settings.web_base_url.startswith("https://")

    def language(self, request: web.Request, form: Mapping[str, object] | None = None) -> str:
        return language.page_language(request, self.policy.languages.default, form)

    def text(self, key: str, lang: str, /, **params: object) -> str:
        return self.catalog.text(key, lang, **params)

    def csrf_token(self, request: web.Request) -> str:
        """The token of this browser (its cookie's, when valid), or a new one set by :meth:`page`."""
        cookie = request.cookies.get(csrf.COOKIE)
        return cookie if cookie is not None and self.tokens.valid(cookie) else self.tokens.new()

    def page(self, request: web.Request, template: str, lang: str, *, status: int = 200, **values: Any) -> web.Response:
        """``template`` rendered in ``lang``. Every page gets ``t`` (catalog text in ``lang``),
        ``lang``, ``path``, ``organisation`` and ``csrf_token``; the answer is never cached."""
        if lang not in LANGUAGES:
            lang = self.policy.languages.default
        token = self.csrf_token(request)

        def t(key: str, /, **params: object) -> str:
            return self.catalog.text(key, lang, **params)

        body = self.templates.get_template(template).render(
            t=t, lang=lang, path=request.path, organisation=self.policy.organisation.name,
            contact_email=self.policy.organisation.contact_email, csrf_token=token, csrf_field=csrf.FIELD,
            lang_field=language.FIELD, **values)
        response = web.Response(text=body, status=status, content_type="text/html", charset="utf-8")
        response.headers["Cache-Control"] = "no-store"
        if request.cookies.get(csrf.COOKIE) != token:
            response.set_cookie(csrf.COOKIE, token, httponly=True, samesite="Strict", secure=self.https, path="/")
        if language.asked_language(request) and request.cookies.get(language.COOKIE) != lang:
            response.set_cookie(language.COOKIE, lang, samesite="Lax", secure=self.https, path="/", max_age=365 * 86400)
        return response

    def refusal(self, request: web.Request, lang: str, status: int, title: str, message: str) -> web.Response:
        """An error page: what went wrong and what to do, with a way back."""
        return self.page(request, "error.html", lang, status=status, title=title, message=message)

    def too_many(self, request: web.Request, lang: str) -> web.Response:
        return self.refusal(request, lang, 429, self.text("web.error.too_many_title", lang),
                            self.text("web.error.too_many", lang, email=self.policy.organisation.contact_email))

    def protected(self, handler: Handler) -> Handler:
        """``handler`` behind the CSRF check: a POST whose token is missing or forged gets the
        403 page and is never handled."""

        async def checked(request: web.Request) -> web.StreamResponse:
            form = await request.post()
            field = form.get(csrf.FIELD)
            if not self.tokens.matches(request.cookies.get(csrf.COOKIE), field if isinstance(field, str) else None):
                return self.forbidden(request, self.language(request, form))
            return await handler(request)

        return checked

    def forbidden(self, request: web.Request, lang: str) -> web.Response:
        """The 403 page of a POST whose CSRF token is missing or wrong (a page reading its own
        form checks ``tokens.matches`` and answers with this)."""
        log.info("web: a POST to %s refused, its CSRF token missing or wrong", request.path)
        return self.refusal(request, lang, 403, self.text("web.error.forbidden_title", lang),
                            self.text("web.error.forbidden", lang))

    def client_address(self, request: web.Request) -> str:
        """The address the request came from (a proxy in front: its address, unless it passes the
        client's in the standard way aiohttp reads; see docs/operations.md)."""
        return request.remote or "unknown"


SITE_KEY = web.AppKey("web_site", WebSite)
