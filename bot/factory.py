"""Wires the dialogue manager: sessions, locks and rate limits in Redis when it is configured;
otherwise sessions in the product's database and locks and rate limits in process memory. The NLU
models are loaded (trained if missing) in a thread."""

from __future__ import annotations

import asyncio

from redis.asyncio import Redis

from bot.keys import KeyBuilder
from bot.kv import MemoryKeyValue, RedisKeyValue
from bot.manager import DialogueManager
from bot.sessions import DatabaseSessionStore, RedisSessionStore
from config.settings import Settings
from core.runtime import Core


async def build_dialogue(core: Core, settings: Settings, redis: Redis | None, *,
                         keys: KeyBuilder | None = None) -> DialogueManager:
    """The dialogue manager for ``core``.

    :param redis: a client for sessions, locks and rate limits; None keeps sessions in the
        database and the rest in this process
    :param keys: the key builder (tests pass one with their own prefix)
    """
    from nlu.analyzer import Analyzer

    keys = keys or KeyBuilder(settings.redis_key_prefix)
    analyzer = await asyncio.to_thread(Analyzer.load, core.policy, settings.data_dir / "nlu")
    if redis is None:
        return DialogueManager(core, analyzer, DatabaseSessionStore(core.conversations, keys), MemoryKeyValue(), keys)
    return DialogueManager(core, analyzer, RedisSessionStore(redis, keys), RedisKeyValue(redis), keys)
