from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer
from redis.asyncio import Redis

from aiohttp import web

from channels.app.web import STARTUP_KEY, build_web_app
from config.settings import Settings
from core.runtime import Core
from tests.support.databases import drop_pooled_connection


def started_app(core: Core, redis: object | None) -> web.Application:
    """The web app as the runner leaves it once every channel has started."""
    app = build_web_app(core, redis)
    app[STARTUP_KEY].done = True
    return app


async def test_health_and_readiness(core: Core, redis_url: str) -> None:
    redis = Redis.from_url(redis_url)
    async with TestClient(TestServer(started_app(core, redis))) as client:
        assert (await (await client.get("/healthz")).json()) == {"status": "ok"}
        ready = await client.get("/readyz")
        assert ready.status == 200 and (await ready.json())["checks"] == {"channels": "ok", "database": "ok", "redis": "ok"}
    await redis.aclose()


async def test_not_ready_until_every_channel_has_started(core: Core) -> None:
    app = build_web_app(core, None)
    async with TestClient(TestServer(app)) as client:
        starting = await client.get("/readyz")
        assert starting.status == 503 and (await starting.json())["checks"] == {"channels": "starting", "database": "ok"}
        app[STARTUP_KEY].done = True  # what the runner does after the last channel started
        assert (await client.get("/readyz")).status == 200


async def test_readiness_names_what_is_down(settings: Settings) -> None:
    core = Core.build(settings.model_copy(update={"database_url": "postgresql+asyncpg://nobody@127.0.0.1:1/none"}))
    redis = Redis.from_url("redis://127.0.0.1:1/0")
    async with TestClient(TestServer(started_app(core, redis))) as client:
        ready = await client.get("/readyz")
        body = await ready.json()
    assert ready.status == 503 and body["checks"]["database"].startswith("down") and body["checks"]["redis"].startswith("down")
    await redis.aclose()
    await core.close()


async def test_readiness_survives_the_server_dropping_the_pooled_connection(pg_core: Core) -> None:
    async with TestClient(TestServer(started_app(pg_core, None))) as client:
        assert (await client.get("/readyz")).status == 200
        await drop_pooled_connection(pg_core.engine)
        ready = await client.get("/readyz")
        assert ready.status == 200, await ready.text()


async def test_readiness_names_the_process_and_its_duties_and_turns_away_once_stopping(sqlite_core: Core) -> None:
    app = started_app(sqlite_core, None)
    held = {"timers": 7}
    app[STARTUP_KEY].instance, app[STARTUP_KEY].duties = "app1-serve1", lambda: dict(held)
    async with TestClient(TestServer(app)) as client:
        ready = await client.get("/readyz")
        body = await ready.json()
        assert ready.status == 200 and (body["instance"], body["duties"]) == ("app1-serve1", {"timers": 7})
        app[STARTUP_KEY].stopping = True  # SIGTERM: the balancer sends the traffic elsewhere
        held.clear()
        stopping = await client.get("/readyz")
        body = await stopping.json()
        assert stopping.status == 503 and body["checks"]["channels"] == "stopping" and body["duties"] == {}
