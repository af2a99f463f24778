"""The small shared state (locks such as a case card's, rate limits): one contract, in memory and on
the real Redis server."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from bot.keys import KeyBuilder
from bot.kv import KeyValue, MemoryKeyValue, RedisKeyValue


@pytest.fixture(params=["memory", "redis"])
async def store(request: pytest.FixtureRequest) -> AsyncIterator[KeyValue]:
    if request.param == "memory":
        yield MemoryKeyValue()
        return
    client = Redis.from_url(request.getfixturevalue("redis_url"))
    yield RedisKeyValue(client)
    await client.aclose()


async def test_only_the_first_caller_claims_a_key(store: KeyValue, redis_prefix: str) -> None:
    key = KeyBuilder(redis_prefix).build("card", "CD-7K3M-9QXA")
    assert await store.set_if_absent(key, 60)
    assert not await store.set_if_absent(key, 60)
    await store.forget(key)
    assert await store.set_if_absent(key, 60)


async def test_hits_count_within_a_window(store: KeyValue, redis_prefix: str) -> None:
    key = KeyBuilder(redis_prefix).rate("email", "someone@example.com")
    counts = [await store.hit(key, 3600) for _ in range(4)]
    assert counts == [1, 2, 3, 4]
