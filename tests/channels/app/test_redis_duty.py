"""Singleton duties held through the real Redis server: of two holders one wins; renewing keeps
the duty past its time to live; a holder that stops renewing (its process died, its client is
closed) loses it after the time to live, to the other with a greater fencing token; a holder
whose key expired learns it at its next renewal."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from bot.keys import KeyBuilder
from channels.app.redis_duty import RedisDutyLock

pytestmark = pytest.mark.redis
TTL = 0.6


@pytest.fixture
async def clients(redis_url: str, redis_prefix: str) -> AsyncIterator[tuple[Redis, Redis]]:
    first, second = Redis.from_url(redis_url), Redis.from_url(redis_url)
    yield first, second
    for client in (first, second):
        keys = await client.keys(f"{redis_prefix}:*")
        if keys:
            await client.delete(*keys)
        await client.aclose()


def _pair(clients: tuple[Redis, Redis], prefix: str) -> tuple[RedisDutyLock, RedisDutyLock]:
    name, keys = f"test-{secrets.token_hex(4)}", KeyBuilder(prefix)
    return (RedisDutyLock(clients[0], name, keys=keys, ttl_seconds=TTL, holder="first"),
            RedisDutyLock(clients[1], name, keys=keys, ttl_seconds=TTL, holder="second"))


async def test_of_two_holders_one_wins_and_renewing_keeps_it(clients: tuple[Redis, Redis], redis_prefix: str) -> None:
    first, second = _pair(clients, redis_prefix)
    assert await first.keep() and not await second.keep()
    token = first.token
    for _ in range(8):  # 1.6 s: well past the time to live, renewed every 0.2 s
        await asyncio.sleep(TTL / 3)
        assert await first.keep() and first.token == token
        assert not await second.keep() and second.token is None
    assert await clients[0].pttl(first.key) > 0


async def test_a_holder_that_stops_renewing_loses_the_duty_after_its_time_to_live(
        clients: tuple[Redis, Redis], redis_prefix: str) -> None:
    first, second = _pair(clients, redis_prefix)
    assert await first.keep()
    token = first.token
    assert token is not None
    await clients[0].aclose()  # the holder's process is gone: nobody renews
    loop = asyncio.get_running_loop()
    began = loop.time()
    while not await second.keep():
        assert loop.time() - began < TTL * 3, "never taken over"
        await asyncio.sleep(0.05)
    assert TTL * 0.5 < loop.time() - began <= TTL + 0.3
    assert second.token is not None and second.token > token
    assert not await first.keep(), "a holder that cannot reach Redis holds nothing"


async def test_a_hold_that_expired_is_lost_to_the_new_holder(clients: tuple[Redis, Redis], redis_prefix: str) -> None:
    first, second = _pair(clients, redis_prefix)
    assert await first.keep()
    await asyncio.sleep(TTL + 0.1)  # a pause longer than the lease (a stalled process)
    assert await second.keep()
    assert not await first.keep() and first.token is None
    await second.release()
    assert await first.keep(), "released: free at once"
    assert first.token is not None and second.token is None
