"""The session store contract, on process memory and on the real Redis server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from bot.keys import KeyBuilder
from bot.messages import ConversationKey, InboundAttachment
from bot.session import Session, Step
from bot.sessions import MemorySessionStore, RedisSessionStore, SessionStore

KEY = ConversationKey("telegram", "12345")


@pytest.fixture(params=["memory", "redis"])
async def store(request: pytest.FixtureRequest, redis_prefix: str) -> AsyncIterator[SessionStore]:
    if request.param == "memory":
        yield MemorySessionStore(ttl_seconds=1)
        return
    client = Redis.from_url(request.getfixturevalue("redis_url"))
    yield RedisSessionStore(client, KeyBuilder(redis_prefix), ttl_seconds=1)
    await client.delete(KeyBuilder(redis_prefix).session(KEY.channel, KEY.conversation))
    await client.aclose()


async def test_a_saved_session_loads_back_equal(store: SessionStore) -> None:
    assert await store.load(KEY) is None
    session = Session(lang="ru", step=Step.INTAKE, consent=True, slots={"product": "ипотека"}, asking="name")
    session.keep_file(InboundAttachment("a.pdf", "application/pdf", b"%PDF-1.4 \x00\xff"))
    await store.save(KEY, session)
    loaded = await store.load(KEY)
    assert loaded == session and loaded.attachments()[0].data == b"%PDF-1.4 \x00\xff"
    await store.delete(KEY)
    assert await store.load(KEY) is None


async def test_sessions_expire(store: SessionStore) -> None:
    await store.save(KEY, Session(consent=True))
    await asyncio.sleep(1.2)
    assert await store.load(KEY) is None


async def test_the_lock_serialises_read_modify_write(store: SessionStore) -> None:
    await store.save(KEY, Session())

    async def add(slot: str) -> None:
        async with store.lock(KEY):
            session = await store.load(KEY)
            assert session is not None
            await asyncio.sleep(0.01)  # a slow turn: without the lock the other write would be lost
            session.slots[slot] = "x"
            await store.save(KEY, session)

    await asyncio.gather(*(add(f"s{n}") for n in range(5)))
    loaded = await store.load(KEY)
    assert loaded is not None and sorted(loaded.slots) == [f"s{n}" for n in range(5)]


async def test_an_idle_session_is_small() -> None:
    idle = Session(lang="ru", consent=True, case="CD-7K3M-9QXZ")
    assert len(idle.dumps()) < 100
    assert Session.loads(idle.dumps()) == idle
