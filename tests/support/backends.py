"""The two ways the product is run, for tests of what several processes share: as a newcomer
runs it (SQLite, sessions in it, the file shared between processes) and as production does (a
PostgreSQL database of its own, sessions and locks in Redis under a prefix of its own)."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterator

import pytest
from redis.asyncio import Redis

from config.settings import Settings
from tests.support import databases
from tests.support.servers import require

BACKENDS = ["memory+sqlite", "redis+postgresql"]


def backed(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Settings]:
    """``settings`` on the backend ``request.param`` names (one of :data:`BACKENDS`), dropped after."""
    if request.param == "memory+sqlite":
        yield settings
        return
    require("postgres")
    redis_url = request.getfixturevalue("redis_url")
    prefix = f"cdtest:{secrets.token_hex(4)}"
    database = databases.create_database()
    try:
        yield settings.model_copy(update={"database_url": database, "redis_url": redis_url,
                                          "redis_key_prefix": prefix})
    finally:
        databases.drop_database(database)
        asyncio.run(_forget(redis_url, prefix))


async def _forget(redis_url: str, prefix: str) -> None:
    client = Redis.from_url(redis_url)
    async for key in client.scan_iter(f"{prefix}:*"):
        await client.delete(key)
    await client.aclose()
