"""Fixtures for the dialogue tests: one trained NLU per session (cached between runs in pytest's
cache, retrained when its sources change), the dialogue manager on the memory and on the real
Redis store, and a ``Chat`` that reads like a story."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
from redis.asyncio import Redis

from bot.keys import KeyBuilder
from bot.kv import MemoryKeyValue, RedisKeyValue
from bot.manager import DialogueManager
from bot.messages import InboundAttachment, InboundMessage, Reply, choices_as_text
from bot.session_state import Session
from bot.session_stores import DatabaseSessionStore, RedisSessionStore
from config.catalog import default_catalog
from config.settings import Settings
from core.runtime import Core
from nlu.analyzer import Analyzer
from tests.conftest import open_core
from tests.support.clock import FixedClock

_ids = itertools.count(1)
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


def say(key: str, lang: str, **params: object) -> str:
    """What the catalog makes the bot say (stories assert on the real sentences)."""
    return default_catalog().text(key, lang, **params)


@dataclass
class Chat:
    """One person talking to the bot: ``await chat.user("...")`` returns what the bot answered."""

    dialogue: DialogueManager
    clock: FixedClock
    user_id: str = "alice"
    channel: str = "console"
    language_hint: str | None = None
    verified: bool = True  # whether the channel proved the sender (an email From is not proof)
    transcript: list[str] = field(default_factory=list)
    last: list[Reply] = field(default_factory=list)

    def message(self, text: str = "", *, choice: str | None = None, message_id: str | None = None,
                attachments: tuple[InboundAttachment, ...] = (), thread_hint: str | None = None,
                sender_name: str | None = None) -> InboundMessage:
        return InboundMessage(self.channel, self.user_id, self.user_id, text, self.clock.now(),
                              platform_message_id=message_id or f"m{next(_ids)}", attachments=attachments,
                              thread_hint=thread_hint, language_hint=self.language_hint, choice=choice,
                              sender_name=sender_name, sender_verified=self.verified)

    async def send(self, message: InboundMessage) -> str:
        self.last = await self.dialogue.handle(message)
        said = "\n\n".join(choices_as_text(reply) for reply in self.last)
        self.transcript += [f"> {message.text or message.choice}", said]
        return said

    async def user(self, text: str = "", **options: object) -> str:
        return await self.send(self.message(text, **options))  # type: ignore[arg-type]

    async def press(self, value: str) -> str:
        return await self.send(self.message(choice=value))

    async def session(self) -> Session:
        found = await self.dialogue.sessions.load(self.message().key)
        assert found is not None
        return found

    @property
    def choices(self) -> list[str]:
        return [choice.value for reply in self.last for choice in reply.choices]


@pytest.fixture
def chat(dialogue: DialogueManager, clock: FixedClock) -> Chat:
    return Chat(dialogue, clock)
