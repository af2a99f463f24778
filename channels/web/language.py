"""Which language a page is shown in: the one asked for (``?lang=``, then a form's ``lang`` field,
then the cookie a switch left), else the browser's Accept-Language, else the policy's default."""

from __future__ import annotations

from collections.abc import Mapping

from aiohttp import web

from config.catalog import LANGUAGES

COOKIE = "cd_lang"
FIELD = "lang"


def asked_language(request: web.Request) -> str | None:
    """The language the query string switches to, if any (remembered in a cookie)."""
    lang = request.query.get(FIELD)
    return lang if lang in LANGUAGES else None


def page_language(request: web.Request, default: str, form: Mapping[str, object] | None = None) -> str:
    candidates = (request.query.get(FIELD), form.get(FIELD) if form is not None else None, request.cookies.get(COOKIE))
    for candidate in candidates:
        if isinstance(candidate, str) and candidate in LANGUAGES:
            return candidate
    return accepted_language(request.headers.get("Accept-Language", "")) or default


def accepted_language(header: str) -> str | None:
    """The first of our languages in an Accept-Language header, by its weight (``ru-RU,ru;q=0.9``)."""
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate(header.split(",")[:20]):
        tag, _, parameters = item.strip().partition(";")
        primary = tag.strip().split("-")[0].lower()
        if primary not in LANGUAGES:
            continue
        weight = 1.0
        name, _, value = parameters.strip().partition("=")
        if name.strip() == "q":
            try:
                weight = float(value)
            except ValueError:
                continue
        if weight > 0:
            ranked.append((-weight, position, primary))
    return min(ranked)[2] if ranked else None
