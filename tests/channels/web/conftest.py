"""Fixtures of the web pages' tests: the web app with the site on the core (SQLite), and chromium."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

import pytest
from aiohttp import web

from bot.keys import KeyBuilder
from bot.kv import MemoryKeyValue
from channels.app.web import STARTUP_KEY, build_web_app
from channels.web.factory import build_site
from channels.web.routes import install
from channels.web.complaint_page import ComplaintPage
from channels.web.site import SITE_KEY, WebSite
from core.runtime import Core
from tests.support.browser import chromium

if TYPE_CHECKING:  # Playwright is imported when a browser test runs
    from playwright.async_api import Browser

    from nlu.analyzer import Analyzer


@pytest.fixture
def web_app(sqlite_core: Core) -> web.Application:
    """The product's web app with the web site installed (limits in memory), as the runner leaves it."""
    app = build_web_app(sqlite_core)
    install(app, build_site(sqlite_core, MemoryKeyValue(), KeyBuilder()))
    app[STARTUP_KEY].done = True
    return app


@pytest.fixture
def form_app(web_app: web.Application, sqlite_core: Core, analyzer: Analyzer) -> web.Application:
    """The web app with the complaint form, on the trained NLU."""
    ComplaintPage(web_app[SITE_KEY], sqlite_core, analyzer).routes(web_app)
    return web_app


@pytest.fixture
def site(web_app: web.Application) -> WebSite:
    return web_app[SITE_KEY]


@pytest.fixture
async def browser() -> AsyncIterator["Browser"]:
    """Headless chromium (Debian's, through Playwright); skipped loudly when missing, failed under CI."""
    async with chromium() as running:
        yield running
