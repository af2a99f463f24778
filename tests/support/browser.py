"""A real browser for the web pages' tests: Debian's chromium driven by Playwright (no browser
download: the system's build), axe-core run in the page, and the web app served on loopback.

Locally a missing chromium or Playwright skips its tests loudly; under CI (``CI=true``) it fails
them (``tests.support.loud``)."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiohttp import web

from tests.support.loud import unavailable

if TYPE_CHECKING:
    from playwright.async_api import Browser, Page

CHROMIUM = os.environ.get("COMPLAINTDESK_TEST_CHROMIUM", "/usr/bin/chromium")
INSTALL = "apt-get install -y chromium (and pip install the test extras: playwright, axe-playwright-python)"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def require_chromium() -> str:
    """The chromium executable, or a loud skip (a failure under CI)."""
    found = CHROMIUM if Path(CHROMIUM).is_file() else shutil.which("chromium")
    if not found or not os.access(found, os.X_OK):
        unavailable(f"chromium is not installed at {CHROMIUM} ({INSTALL})")
    try:
        import playwright.async_api  # noqa: F401
        import axe_playwright_python  # noqa: F401
    except ImportError as error:
        unavailable(f"{error.name} is not installed ({INSTALL})")
    return found


@asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    from playwright.async_api import async_playwright

    executable = require_chromium()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, headless=True)
        try:
            yield browser
        finally:
            await browser.close()


async def axe_violations(page: Page) -> list[str]:
    """What axe-core (WCAG 2.x A and AA, best practices) finds wrong in the page as it is now:
    one line per violation with the elements concerned; empty when nothing."""
    from axe_playwright_python.async_playwright import Axe

    results = await Axe().run(page)
    found: list[dict[str, Any]] = results.response["violations"]
    return [f"{item['id']} ({item['impact']}): {item['help']} — "
            + "; ".join(str(node["target"]) for node in item["nodes"]) for item in found]


@asynccontextmanager
async def served(app: web.Application) -> AsyncIterator[str]:
    """``app`` on a free loopback port; yields its base URL (``http://127.0.0.1:PORT``)."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        port = next(address[1] for address in runner.addresses if isinstance(address, tuple))
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()
