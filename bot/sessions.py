"""Session stores: Redis in production (TTL, keys from the key builder, a ``redis.asyncio`` lock
per conversation) and process memory as the embedded default. Lock, then load."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Protocol

from redis.asyncio import Redis
from redis.exceptions import LockError

from bot.keys import KeyBuilder
from bot.messages import ConversationKey
from bot.session import Session

SESSION_TTL_SECONDS = 3 * 24 * 3600
LOCK_TIMEOUT_SECONDS = 30.0
LOCK_WAIT_SECONDS = 20.0


class ConversationBusy(Exception):
    """The conversation's lock could not be taken in time (another worker is stuck on it)."""


class SessionStore(Protocol):
    def lock(self, key: ConversationKey) -> AsyncIterator[None]:
        """An async context manager holding the conversation's lock; take it before :meth:`load`."""

    async def load(self, key: ConversationKey) -> Session | None:
        """The saved session, or None for a new conversation."""

    async def save(self, key: ConversationKey, session: Session) -> None: ...

    async def delete(self, key: ConversationKey) -> None: ...


class MemorySessionStore:
    """Single process only: sessions and one ``asyncio.Lock`` per conversation in memory."""

    def __init__(self, ttl_seconds: int = SESSION_TTL_SECONDS) -> None:
        self._ttl = ttl_seconds
        self._data: dict[ConversationKey, tuple[bytes, float]] = {}
        self._locks: dict[ConversationKey, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def lock(self, key: ConversationKey) -> AsyncIterator[None]:
        lock, users = self._locks.get(key) or (asyncio.Lock(), 0)
        self._locks[key] = (lock, users + 1)
        try:
            try:  # not wait_for: on Python 3.11 it can time out after acquiring, leaking the lock
                async with asyncio.timeout(LOCK_WAIT_SECONDS):
                    await lock.acquire()
            except TimeoutError:
                raise ConversationBusy(str(key)) from None
            try:
                yield
            finally:
                lock.release()
        finally:
            lock, users = self._locks[key]
            if users <= 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    async def load(self, key: ConversationKey) -> Session | None:
        found = self._data.get(key)
        if found is None:
            return None
        raw, until = found
        if until <= time.monotonic():
            del self._data[key]
            return None
        return Session.loads(raw)

    async def save(self, key: ConversationKey, session: Session) -> None:
        self._data[key] = (session.dumps(), time.monotonic() + self._ttl)

    async def delete(self, key: ConversationKey) -> None:
        self._data.pop(key, None)


class RedisSessionStore:
    """Sessions as JSON strings with a TTL; a ``redis.asyncio`` lock (with a timeout, so a
    crashed worker cannot hold a conversation forever) serialises turns across workers."""

    def __init__(self, redis: Redis, keys: KeyBuilder, ttl_seconds: int = SESSION_TTL_SECONDS) -> None:
        self._redis = redis
        self._keys = keys
        self._ttl = ttl_seconds

    @asynccontextmanager
    async def lock(self, key: ConversationKey) -> AsyncIterator[None]:
        lock = self._redis.lock(self._keys.lock(key.channel, key.conversation), timeout=LOCK_TIMEOUT_SECONDS,
                                blocking_timeout=LOCK_WAIT_SECONDS, sleep=0.005)
        if not await lock.acquire():
            raise ConversationBusy(str(key))
        try:
            yield
        finally:
            try:
                await lock.release()
            except LockError:  # held longer than its timeout; another worker may have it now
                pass

    async def load(self, key: ConversationKey) -> Session | None:
        raw = await self._redis.get(self._keys.session(key.channel, key.conversation))
        return Session.loads(raw) if raw else None

    async def save(self, key: ConversationKey, session: Session) -> None:
        await self._redis.set(self._keys.session(key.channel, key.conversation), session.dumps(), ex=self._ttl)

    async def delete(self, key: ConversationKey) -> None:
        await self._redis.delete(self._keys.session(key.channel, key.conversation))
