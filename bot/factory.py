"""Wires the dialogue manager: Redis-backed sessions, locks and dedup keys when Redis is
configured, process memory otherwise; the NLU models are loaded (trained if missing) in a thread."""

from __future__ import annotations

import asyncio

from redis.asyncio import Redis

from bot.keys import KeyBuilder
from bot.kv import MemoryKeyValue, RedisKeyValue
from bot.manager import DialogueManager
from bot.sessions import MemorySessionStore, RedisSessionStore
from config.settings import Settings
from core.runtime import Core


async def build_dialogue(core: Core, settings: Settings, redis: Redis | None, *,
                         keys: KeyBuilder | None = None) -> DialogueManager:
    """The dialogue manager for ``core``.

    :param redis: a client for sessions, locks and dedup keys; None keeps them in this process
    :param keys: the key builder (tests pass one with their own prefix)
    """
    from nlu.analyzer import Analyzer

    keys = keys or KeyBuilder(settings.redis_key_prefix)
    analyzer = await asyncio.to_thread(Analyzer.load, core.policy, settings.data_dir / "nlu",
                                       max_chars=settings.nlu_max_chars)
    if redis is None:
        return DialogueManager(core, analyzer, MemorySessionStore(), MemoryKeyValue(), keys)
    return DialogueManager(core, analyzer, RedisSessionStore(redis, keys), RedisKeyValue(redis), keys)
