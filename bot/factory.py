"""Wires the dialogue manager: sessions, locks and rate limits in Redis when it is configured;
otherwise sessions in the product's database and locks and rate limits in process memory. The NLU
models are loaded (trained if missing) in a thread."""

from __future__ import annotations

import asyncio

from redis.asyncio import Redis

from bot.keys import KeyBuilder
from bot.kv import MemoryKeyValue, RedisKeyValue
from bot.manager import DialogueManager
from bot.erasure import SessionEraser
from bot.session_stores import DatabaseSessionStore, RedisSessionStore, SessionStore
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
    analyzer = await asyncio.to_thread(Analyzer.load, core.policy, settings.data_dir / "nlu",
                                       max_chars=settings.nlu_max_chars)
    sessions = session_store(core, settings, redis, keys)
    kv = MemoryKeyValue() if redis is None else RedisKeyValue(redis)
    return DialogueManager(core, analyzer, sessions, kv, keys)


def session_store(core: Core, settings: Settings, redis: Redis | None, keys: KeyBuilder | None = None) -> SessionStore:
    """Where the dialogue keeps its sessions; registered with the core's erasure, which deletes
    a person's sessions with the rest of their data."""
    keys = keys or KeyBuilder(settings.redis_key_prefix)
    sessions: SessionStore = DatabaseSessionStore(core.conversations, keys) if redis is None else RedisSessionStore(redis, keys)
    core.erasure.register(SessionEraser(sessions))
    return sessions
