"""Small shared state for short locks and rate limits: Redis in production, process
memory as the embedded default (single process only). Same contract for both."""

from __future__ import annotations

import time
from typing import Protocol

from redis.asyncio import Redis


class KeyValue(Protocol):
    async def set_if_absent(self, key: str, ttl_seconds: int) -> bool:
        """Mark ``key`` seen for ``ttl_seconds``; True only for the first caller (``SET NX EX``)."""

    async def hit(self, key: str, window_seconds: int) -> int:
        """Count one event in a fixed window; returns the count so far in this window."""

    async def forget(self, key: str) -> None: ...


class MemoryKeyValue:
    def __init__(self) -> None:
        self._expiry: dict[str, float] = {}
        self._counts: dict[str, tuple[int, float]] = {}

    def _sweep(self, now: float) -> None:
        if len(self._expiry) > 50_000:
            for key in [k for k, until in self._expiry.items() if until <= now]:
                del self._expiry[key]

    async def set_if_absent(self, key: str, ttl_seconds: int) -> bool:
        now = time.monotonic()
        self._sweep(now)
        until = self._expiry.get(key)
        if until is not None and until > now:
            return False
        self._expiry[key] = now + ttl_seconds
        return True

    async def hit(self, key: str, window_seconds: int) -> int:
        now = time.monotonic()
        count, until = self._counts.get(key, (0, 0.0))
        if until <= now:
            count, until = 0, now + window_seconds
        self._counts[key] = (count + 1, until)
        return count + 1

    async def forget(self, key: str) -> None:
        self._expiry.pop(key, None)
        self._counts.pop(key, None)


class RedisKeyValue:
    def __init__(self, redis: Redis) -> None:
        self._redis = redis

    async def set_if_absent(self, key: str, ttl_seconds: int) -> bool:
        return bool(await self._redis.set(key, b"1", nx=True, ex=ttl_seconds))

    async def hit(self, key: str, window_seconds: int) -> int:
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.expire(key, window_seconds, nx=True)
            count, _ = await pipe.execute()
        return int(count)

    async def forget(self, key: str) -> None:
        await self._redis.delete(key)
