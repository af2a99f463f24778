"""The session store contract, on process memory and on the real Redis server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from redis.asyncio import Redis

from bot.keys import KeyBuilder
from bot.messages import ConversationKey, InboundAttachment
from bot.session_state import Session, Step
from bot.session_stores import DatabaseSessionStore, MemorySessionStore, RedisSessionStore, SessionStore
from config.settings import Settings
from core.conversations import StoredConversations
from core.ports import ConversationStates, SystemClock
from core.storage.sqlite_states import SqliteConversationStates
from core.runtime import Core
from tests.support.clock import FixedClock
from tests.support.cores import open_core

KEY = ConversationKey("telegram", "12345")


@pytest.fixture(params=["memory", "sqlite", "postgresql", "redis"])
def kind(request: pytest.FixtureRequest, settings: Settings) -> tuple[str, str | None]:
    """Which store, and its server (looked up here, outside the event loop)."""
    server = {"sqlite": lambda: settings.effective_database_url, "memory": lambda: None,
              "postgresql": lambda: request.getfixturevalue("postgres_url"),
              "redis": lambda: request.getfixturevalue("redis_url")}[request.param]()
    return request.param, server


@pytest.fixture
async def store(kind: tuple[str, str | None], redis_prefix: str, settings: Settings) -> AsyncIterator[SessionStore]:
    name, server = kind
    if name == "memory":
        yield MemorySessionStore(ttl_seconds=1)
        return
    assert server is not None
    if name in ("sqlite", "postgresql"):
        core = await open_core(settings, server, FixedClock())
        states: ConversationStates = (
            SqliteConversationStates(Path(core.engine.url.database or ""), asyncio.Lock(), SystemClock())
            if name == "sqlite" else StoredConversations(core.uow, SystemClock()))
        yield DatabaseSessionStore(states, KeyBuilder(redis_prefix), ttl_seconds=1)
        await states.close()
        await core.close()
        return
    client = Redis.from_url(server)
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


async def test_two_workers_on_redis_take_turns_and_see_each_others_saves(redis_url: str, redis_prefix: str) -> None:
    """Two processes' stores (two clients): each turn loads what the previous turn saved, even
    though the session is fetched together with the lock."""
    clients = [Redis.from_url(redis_url) for _ in range(2)]
    stores = [RedisSessionStore(client, KeyBuilder(redis_prefix)) for client in clients]
    try:
        await stores[0].save(KEY, Session())

        async def turn(number: int) -> None:
            store = stores[number % 2]
            async with store.lock(KEY):
                session = await store.load(KEY)
                assert session is not None
                await asyncio.sleep(0.005)
                session.slots[f"s{number}"] = "x"
                await store.save(KEY, session)

        await asyncio.gather(*(turn(n) for n in range(8)))
        loaded = await stores[1].load(KEY)
        assert loaded is not None and sorted(loaded.slots) == sorted(f"s{n}" for n in range(8))
        assert await clients[0].exists(KeyBuilder(redis_prefix).lock(KEY.channel, KEY.conversation)) == 0
    finally:
        for client in clients:
            await client.delete(KeyBuilder(redis_prefix).session(KEY.channel, KEY.conversation))
            await client.aclose()


async def test_a_turn_that_saves_nothing_lets_the_lock_go(redis_url: str, redis_prefix: str) -> None:
    client = Redis.from_url(redis_url)
    store = RedisSessionStore(client, KeyBuilder(redis_prefix))
    lock_key = KeyBuilder(redis_prefix).lock(KEY.channel, KEY.conversation)
    try:
        async with store.lock(KEY):
            assert await client.exists(lock_key) == 1
        assert await client.exists(lock_key) == 0
        with pytest.raises(RuntimeError):
            async with store.lock(KEY):
                raise RuntimeError("the turn failed")
        assert await client.exists(lock_key) == 0, "a failed turn does not keep the conversation locked"
    finally:
        await client.aclose()


async def test_database_sessions_survive_a_restart_and_are_shared_by_processes(settings: Settings,
                                                                                sqlite_core: Core) -> None:
    """The embedded default: a second core on the same file (a restarted process, or the email
    worker process beside the serving one) reads what the first one saved; expired ones are purged."""
    first = DatabaseSessionStore(sqlite_core.conversations, KeyBuilder())
    async with first.lock(KEY):
        await first.save(KEY, Session(step=Step.INTAKE, consent=True, slots={"product": "kettle"}))
    other = Core.build(settings, clock=sqlite_core.clock, checkpoints=False)
    try:
        second = DatabaseSessionStore(other.conversations, KeyBuilder())
        loaded = await second.load(KEY)
        assert loaded is not None and loaded.slots == {"product": "kettle"}
        sqlite_core.clock.advance(days=4)  # type: ignore[attr-defined]
        assert await first.load(KEY) is None, "expired after the time to live"
        assert await sqlite_core.conversations.purge() == 1
    finally:
        await other.close()
