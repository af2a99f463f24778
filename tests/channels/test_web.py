from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer
from redis.asyncio import Redis

from channels.web import build_web_app
from config.settings import Settings
from core.runtime import Core


async def test_health_and_readiness(core: Core, redis_url: str) -> None:
    redis = Redis.from_url(redis_url)
    async with TestClient(TestServer(build_web_app(core, redis))) as client:
        assert (await (await client.get("/healthz")).json()) == {"status": "ok"}
        ready = await client.get("/readyz")
        assert ready.status == 200 and (await ready.json())["checks"] == {"database": "ok", "redis": "ok"}
    await redis.aclose()


async def test_readiness_names_what_is_down(settings: Settings) -> None:
    core = Core.build(settings.model_copy(update={"database_url": "postgresql+asyncpg://nobody@127.0.0.1:1/none"}))
    redis = Redis.from_url("redis://127.0.0.1:1/0")
    async with TestClient(TestServer(build_web_app(core, redis))) as client:
        ready = await client.get("/readyz")
        body = await ready.json()
    assert ready.status == 503 and body["checks"]["database"].startswith("down") and body["checks"]["redis"].startswith("down")
    await redis.aclose()
    await core.close()


async def test_readiness_survives_the_server_dropping_the_pooled_connection(pg_core: Core) -> None:
    import asyncpg
    from sqlalchemy import text

    async with TestClient(TestServer(build_web_app(pg_core, None))) as client:
        assert (await client.get("/readyz")).status == 200
        async with pg_core.engine.connect() as connection:
            pid = (await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        admin = await asyncpg.connect(pg_core.engine.url.set(drivername="postgresql").render_as_string(hide_password=False))
        try:
            assert await admin.fetchval("SELECT pg_terminate_backend($1)", pid)
        finally:
            await admin.close()
        ready = await client.get("/readyz")
        assert ready.status == 200, await ready.text()
