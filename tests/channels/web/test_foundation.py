"""The web site's foundation over loopback: security headers, static files, language, the CSRF
check and the 404 page (aiohttp's test client), and a page in chromium with axe-core."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from channels.web import csrf
from channels.web.headers import CONTENT_SECURITY_POLICY
from channels.web.site import WebSite
from tests.support.browser import DESKTOP, PHONE, axe_violations, served

if TYPE_CHECKING:
    from playwright.async_api import Browser


def _with_echo(app: web.Application, site: WebSite) -> web.Application:
    """A protected POST route of the test's own, as a page registers one."""

    async def echo(request: web.Request) -> web.Response:
        return web.Response(text="handled")

    app.router.add_post("/echo", site.protected(echo))
    return app


def _secure(headers: Mapping[str, str]) -> None:
    lower = {name.lower(): value for name, value in headers.items()}
    assert lower["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY and "base-uri 'none'" in CONTENT_SECURITY_POLICY
    assert lower["x-content-type-options"] == "nosniff"
    assert lower["referrer-policy"] == "no-referrer"
    assert "camera=()" in lower["permissions-policy"]


async def test_pages_static_files_and_errors_carry_the_security_headers(web_app: web.Application) -> None:
    async with TestClient(TestServer(web_app)) as client:
        home = await client.get("/")
        assert home.status == 200 and home.headers["Cache-Control"] == "no-store"
        _secure(home.headers)
        css = await client.get("/static/site.css")
        assert css.status == 200 and css.content_type == "text/css"
        _secure(css.headers)
        missing = await client.get("/nowhere", headers={"Accept": "text/html"})
        assert missing.status == 404 and "Page not found" in await missing.text()
        _secure(missing.headers)
        assert (await client.get("/healthz")).headers["X-Content-Type-Options"] == "nosniff"


async def test_no_inline_style_or_script_in_a_page(web_app: web.Application) -> None:
    async with TestClient(TestServer(web_app)) as client:
        page = await (await client.get("/")).text()
    assert "<style" not in page and "style=" not in page and "<script" not in page
    assert '<main id="main"' in page and 'href="#main"' in page and "<footer" in page


async def test_language_from_the_switch_the_cookie_and_accept_language(web_app: web.Application) -> None:
    async with TestClient(TestServer(web_app)) as client:
        assert '<html lang="en">' in await (await client.get("/")).text()
        assert '<html lang="ru">' in await (await client.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"})).text()
        assert '<html lang="en">' in await (await client.get("/", headers={"Accept-Language": "de,en;q=0.8,ru;q=0.5"})).text()
        switched = await client.get("/?lang=ru")
        assert '<html lang="ru">' in await switched.text() and "Подать жалобу" in await switched.text()
        assert switched.cookies["cd_lang"].value == "ru"
        assert '<html lang="ru">' in await (await client.get("/")).text()  # remembered by the cookie


async def test_a_post_without_its_signed_token_is_refused_with_a_page(web_app: web.Application, site: WebSite) -> None:
    _with_echo(web_app, site)
    async with TestClient(TestServer(web_app)) as client:
        await client.get("/")
        token = client.session.cookie_jar.filter_cookies(client.make_url("/"))[csrf.COOKIE].value
        assert site.tokens.valid(token)
        missing = await client.post("/echo", data={"name": "x"})
        assert missing.status == 403 and "This form has expired" in await missing.text()
        forged = site.tokens.new()[:-2] + "xx"
        assert (await client.post("/echo", data={csrf.FIELD: forged})).status == 403
        other = site.tokens.new()  # signed, but not this browser's cookie
        assert (await client.post("/echo", data={csrf.FIELD: other})).status == 403
        refused_ru = await client.post("/echo", data={"lang": "ru"})
        assert refused_ru.status == 403 and "Срок действия формы истёк" in await refused_ru.text()
        accepted = await client.post("/echo", data={csrf.FIELD: token})
        assert accepted.status == 200 and await accepted.text() == "handled"


async def test_a_forged_cookie_and_field_pair_is_refused(web_app: web.Application, site: WebSite) -> None:
    """Another site can set neither our cookie nor sign a token; a matching unsigned pair fails."""
    _with_echo(web_app, site)
    async with TestClient(TestServer(web_app)) as client:
        client.session.cookie_jar.update_cookies({csrf.COOKIE: "abc.def"})
        assert (await client.post("/echo", data={csrf.FIELD: "abc.def"})).status == 403


async def test_a_page_in_chromium_has_the_headers_a_working_skip_link_and_no_axe_violations(
        web_app: web.Application, browser: Browser) -> None:
    async with served(web_app) as base:
        for lang in ("en", "ru"):
            for viewport in (DESKTOP, PHONE):
                page = await browser.new_page(viewport=viewport)  # type: ignore[arg-type]
                response = await page.goto(f"{base}/?lang={lang}")
                assert response is not None and response.ok
                _secure(await response.all_headers())
                assert await page.get_attribute("html", "lang") == lang
                await page.keyboard.press("Tab")
                assert await page.evaluate("document.activeElement.getAttribute('href')") == "#main"
                assert await axe_violations(page) == []
                await page.close()


async def test_axe_runs_in_our_pages_and_finds_what_is_wrong(web_app: web.Application, browser: Browser) -> None:
    """The checker is not silently blocked by the pages' CSP: on one of our pages with an image
    and a field made inaccessible on purpose it reports both."""
    async with served(web_app) as base:
        page = await browser.new_page()
        await page.goto(f"{base}/")
        await page.evaluate("""() => { const main = document.querySelector('main');
            main.appendChild(document.createElement('img')).src = '/static/site.css';
            main.appendChild(document.createElement('input')).type = 'text'; }""")
        found = " ".join(await axe_violations(page))
        assert "image-alt" in found and "label" in found
        await page.close()
