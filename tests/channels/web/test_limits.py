"""The web's rate limits on one contract, in process memory and on the real Redis server."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from bot.keys import KeyBuilder
from bot.kv import KeyValue, MemoryKeyValue, RedisKeyValue
from channels.web.limits import Limited, RateLimiter


@pytest.fixture(params=["memory", "redis"])
async def kv(request: pytest.FixtureRequest) -> AsyncIterator[tuple[KeyValue, Redis | None]]:
    if request.param == "memory":
        yield MemoryKeyValue(), None
        return
    redis = Redis.from_url(request.getfixturevalue("redis_url"))
    yield RedisKeyValue(redis), redis
    await redis.aclose()


async def test_each_key_is_counted_on_its_own(kv: tuple[KeyValue, Redis | None], redis_prefix: str) -> None:
    store, redis = kv
    limiter = RateLimiter(store, KeyBuilder(redis_prefix), b"k" * 32)
    address, email = Limited("ip", "192.0.2.7"), Limited("email", "Ann@Example.com")
    assert [await limiter.allow("form", 2, address, email) for _ in range(2)] == [True, True]
    assert not await limiter.allow("form", 2, address, email)
    assert not await limiter.allow("form", 2, Limited("ip", "192.0.2.8"), Limited("email", "ann@example.com"))
    assert await limiter.allow("form", 2, Limited("ip", "192.0.2.8"), Limited("email", "bob@example.com"))
    assert await limiter.allow("link", 2, address)  # another action, another count
    if redis is not None:
        names = [name.decode() async for name in redis.scan_iter(f"{redis_prefix}:*")]
        assert names and not [name for name in names if "example.com" in name.lower() or "192.0.2" in name]
        await redis.delete(*names)


async def test_a_store_that_is_down_limits_nothing() -> None:
    limiter = RateLimiter(RedisKeyValue(Redis.from_url("redis://127.0.0.1:1/0")), KeyBuilder("x"), b"k" * 32)
    assert await limiter.allow("form", 1, Limited("ip", "192.0.2.7"))
