"""Fixtures for the dialogue tests: one trained NLU per session (cached between runs in pytest's
cache, retrained when its sources change), the dialogue manager on the memory and on the real
Redis store, and a ``Chat`` (tests/support/dialogue.py) that reads like a story."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from bot.keys import KeyBuilder
from bot.kv import MemoryKeyValue, RedisKeyValue
from bot.manager import DialogueManager
from bot.session_stores import DatabaseSessionStore, RedisSessionStore
from config.settings import Settings
from nlu.analyzer import Analyzer
from tests.support.clock import FixedClock
from tests.support.cores import open_core
from tests.support.dialogue import Chat


@pytest.fixture(params=["embedded", "redis+postgresql"])
def backing(request: pytest.FixtureRequest, settings: Settings) -> tuple[str, str | None]:
    """(database URL, Redis URL): as a newcomer runs the product (the embedded SQLite, sessions in
    it) and as production does (PostgreSQL and Redis). Servers are looked up here, outside
    the event loop."""
    if request.param == "embedded":
        return settings.effective_database_url, None
    return request.getfixturevalue("postgres_url"), request.getfixturevalue("redis_url")


@pytest.fixture
async def dialogue(backing: tuple[str, str | None], settings: Settings, clock: FixedClock, analyzer: Analyzer,
                   redis_prefix: str) -> AsyncIterator[DialogueManager]:
    """The real dialogue manager on the real core, with each pairing of stores."""
    database_url, redis_url = backing
    keys = KeyBuilder(redis_prefix)
    core = await open_core(settings, database_url, clock)
    if redis_url is None:
        yield DialogueManager(core, analyzer, DatabaseSessionStore(core.conversations, keys), MemoryKeyValue(), keys)
        await core.close()
        return
    client = Redis.from_url(redis_url)
    yield DialogueManager(core, analyzer, RedisSessionStore(client, keys), RedisKeyValue(client), keys)
    async for key in client.scan_iter(f"{redis_prefix}:*"):
        await client.delete(key)
    await client.aclose()
    await core.close()


@pytest.fixture
def chat(dialogue: DialogueManager, clock: FixedClock) -> Chat:
    return Chat(dialogue, clock)
