"""Session stores: Redis in production (TTL, keys from the key builder, a lock per conversation),
the product's own database as the embedded default, process memory for tests. Lock, then load."""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Protocol

from redis.asyncio import Redis

from bot.keys import KeyBuilder
from bot.messages import ConversationKey
from bot.session_state import Session
from core.ports import ConversationStates

SESSION_TTL_SECONDS = 3 * 24 * 3600
LOCK_TIMEOUT_SECONDS = 30.0
LOCK_WAIT_SECONDS = 20.0


class ConversationBusy(Exception):
    """The conversation's lock could not be taken in time (another worker is stuck on it)."""


class SessionStore(Protocol):
    def lock(self, key: ConversationKey) -> AbstractAsyncContextManager[None]:
        """An async context manager holding the conversation's lock; take it before :meth:`load`."""

    async def load(self, key: ConversationKey) -> Session | None:
        """The saved session, or None for a new conversation."""

    async def save(self, key: ConversationKey, session: Session) -> None: ...

    async def delete(self, key: ConversationKey) -> None: ...


class _LocalLocks:
    """One ``asyncio.Lock`` per conversation, for stores used by a single process per conversation."""

    def __init__(self) -> None:
        self._locks: dict[ConversationKey, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def hold(self, key: ConversationKey) -> AsyncIterator[None]:
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


class MemorySessionStore:
    """Single process only, nothing kept across a restart: sessions and locks in memory (tests and
    benchmarks; the product keeps sessions in Redis or in its database)."""

    def __init__(self, ttl_seconds: int = SESSION_TTL_SECONDS) -> None:
        self._ttl = ttl_seconds
        self._data: dict[ConversationKey, tuple[bytes, float]] = {}
        self._locks = _LocalLocks()

    def lock(self, key: ConversationKey) -> AbstractAsyncContextManager[None]:
        return self._locks.hold(key)

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


class DatabaseSessionStore:
    """Sessions in the product's database (through the core's :class:`ConversationStates` port):
    the embedded default when no Redis is configured. They survive a restart and the serving
    process and the email worker process share them; the lock is this process's own, which is
    enough because each channel's conversations are handled by one process there (chats by the
    serving process, email by its worker process)."""

    def __init__(self, states: ConversationStates, keys: KeyBuilder, ttl_seconds: int = SESSION_TTL_SECONDS) -> None:
        self._states = states
        self._keys = keys
        self._ttl = ttl_seconds
        self._locks = _LocalLocks()

    def _key(self, key: ConversationKey) -> str:
        return self._keys.session(key.channel, key.conversation)

    def lock(self, key: ConversationKey) -> AbstractAsyncContextManager[None]:
        return self._locks.hold(key)

    async def load(self, key: ConversationKey) -> Session | None:
        raw = await self._states.load(self._key(key))
        return Session.loads(raw) if raw else None

    async def save(self, key: ConversationKey, session: Session) -> None:
        await self._states.save(self._key(key), session.dumps(), self._ttl)

    async def delete(self, key: ConversationKey) -> None:
        await self._states.delete(self._key(key))


class RedisSessionStore:
    """Sessions as JSON strings with a TTL, and a lock per conversation (a key with a timeout, so
    a crashed worker cannot hold a conversation forever) serialising turns across workers.

    A turn costs two round trips here: taking the lock also fetches the session (one script),
    and saving the session also lets the lock go (another), instead of four separate commands.
    """

    def __init__(self, redis: Redis, keys: KeyBuilder, ttl_seconds: int = SESSION_TTL_SECONDS) -> None:
        self._redis = redis
        self._keys = keys
        self._ttl = ttl_seconds
        self._acquire = redis.register_script(_ACQUIRE_AND_LOAD)
        self._save_release = redis.register_script(_SAVE_AND_RELEASE)
        self._release = redis.register_script(_RELEASE)
        self._held: dict[ConversationKey, _Held] = {}

    def lock(self, key: ConversationKey) -> AbstractAsyncContextManager[None]:
        return self._hold(key)

    @asynccontextmanager
    async def _hold(self, key: ConversationKey) -> AsyncIterator[None]:
        lock_key, session_key = self._keys.lock(key.channel, key.conversation), self._keys.session(key.channel, key.conversation)
        token = secrets.token_hex(16)
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            taken, raw = await self._acquire(keys=[lock_key, session_key],
                                             args=[token, int(LOCK_TIMEOUT_SECONDS * 1000)])
            if taken:
                break
            if time.monotonic() >= deadline:
                raise ConversationBusy(str(key))
            await asyncio.sleep(LOCK_POLL_SECONDS)
        held = self._held[key] = _Held(token, raw or None)
        try:
            yield
        finally:
            if self._held.get(key) is held:
                del self._held[key]
            if not held.released:  # nothing saved (a redelivery, an error): just let go
                await self._release(keys=[lock_key], args=[token])

    async def load(self, key: ConversationKey) -> Session | None:
        held = self._held.get(key)
        raw: bytes | str | None
        if held is not None and not held.loaded:  # the session fetched with the lock, read once
            raw, held.prefetched, held.loaded = held.prefetched, None, True
        else:
            raw = await self._redis.get(self._keys.session(key.channel, key.conversation))
        return Session.loads(raw) if raw else None

    async def save(self, key: ConversationKey, session: Session) -> None:
        session_key = self._keys.session(key.channel, key.conversation)
        held = self._held.get(key)
        if held is None:
            await self._redis.set(session_key, session.dumps(), ex=self._ttl)
            return
        await self._save_release(keys=[session_key, self._keys.lock(key.channel, key.conversation)],
                                 args=[session.dumps(), self._ttl, held.token])
        held.released = True

    async def delete(self, key: ConversationKey) -> None:
        await self._redis.delete(self._keys.session(key.channel, key.conversation))


LOCK_POLL_SECONDS = 0.005


class _Held:
    __slots__ = ("token", "prefetched", "loaded", "released")

    def __init__(self, token: str, prefetched: bytes | None) -> None:
        self.token, self.prefetched, self.loaded, self.released = token, prefetched, False, False


# KEYS: lock, session. ARGV: token, lock timeout (ms). Returns {1, session or ""} when taken, {0, ""}.
_ACQUIRE_AND_LOAD = """
if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {1, redis.call('get', KEYS[2]) or ''}
end
return {0, ''}
"""
# KEYS: session, lock. ARGV: session, ttl (s), token. The lock goes only if it is still ours.
_SAVE_AND_RELEASE = """
redis.call('set', KEYS[1], ARGV[1], 'EX', ARGV[2])
if redis.call('get', KEYS[2]) == ARGV[3] then
  redis.call('del', KEYS[2])
end
return 1
"""
# KEYS: lock. ARGV: token.
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""
