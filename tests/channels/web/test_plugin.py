"""The web channel as the product runs it: the runner starts it with every other channel, the
form is served and stored, and its limits live in Redis when Redis is configured."""

from __future__ import annotations

import aiohttp
import pytest
from redis.asyncio import Redis
from yarl import URL

from channels.app.runner import Runner
from channels.web import csrf
from channels.web.plugin import WebPlugin
from config.settings import Settings
from core.storage.schema import create_all
from tests.support.web_forms import cases, multipart

FIELDS = {"description": "The broadband has been down for a week.", "incident_date": "2026-11-20",
          "product": "broadband", "desired_outcome": "A working line and a refund", "name": "Ann Smith",
          "email": "ann@example.com", "consent": "yes"}


@pytest.mark.parametrize("with_redis", [False, True])
async def test_the_runner_serves_the_form_and_stores_a_complaint(product_settings: Settings, redis_prefix: str,
                                                                 request: pytest.FixtureRequest, with_redis: bool) -> None:
    settings = product_settings
    if with_redis:
        settings = settings.model_copy(update={"redis_url": request.getfixturevalue("redis_url"),
                                               "redis_key_prefix": redis_prefix})
    runner = Runner(settings, plugins=[WebPlugin()])
    context = await runner.start()
    try:
        await create_all(context.core.engine)
        assert [plugin.name for plugin in runner.started] == ["web"]
        base = f"http://127.0.0.1:{runner.port}"
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:  # cookies of an IP address
            async with http.get(f"{base}/complaint") as form:
                assert form.status == 200 and "Make a complaint" in await form.text()
            token = http.cookie_jar.filter_cookies(URL(base))[csrf.COOKIE].value
            hidden = {csrf.FIELD: token, "form_id": "f" * 24, "lang": "en"}
            async with http.post(f"{base}/complaint", data=multipart({**hidden, **FIELDS})) as sent:
                assert sent.status == 200, await sent.text()
        (stored,) = await cases(context.core.engine)
        assert (stored["received_via"], stored["channel"], stored["reply_address"]) == ("web", "email", "ann@example.com")
        if with_redis:
            redis = Redis.from_url(settings.redis_url or "")
            names = [name.decode() async for name in redis.scan_iter(f"{redis_prefix}:rate:web-form-*")]
            assert len(names) == 2  # per client address and per email address, as keyed hashes
            await redis.delete(*names)
            await redis.aclose()
    finally:
        await runner.stop()
