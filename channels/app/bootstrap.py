"""The composition root: the one place that opens the product (the core, Redis when configured,
the dialogue manager when asked) and closes it again, in reverse order. ``serve``, the console
chat, the email worker process and every CLI command go through it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from config.settings import Settings
from core.ports import Clock, Metrics
from core.runtime import Core

if TYPE_CHECKING:
    from redis.asyncio import Redis

    from bot.manager import DialogueManager


@dataclass(frozen=True)
class Product:
    """The opened product; valid inside its ``bootstrap`` block only."""

    settings: Settings
    core: Core
    redis: Redis | None = None
    built_dialogue: DialogueManager | None = None

    @property
    def dialogue(self) -> DialogueManager:
        if self.built_dialogue is None:
            raise RuntimeError("the dialogue is built only by bootstrap(..., dialogue=True)")
        return self.built_dialogue


@asynccontextmanager
async def bootstrap(settings: Settings, *, dialogue: bool = False, clock: Clock | None = None,
                    checkpoints: bool = True, metrics: Metrics | None = None) -> AsyncIterator[Product]:
    """Open the product for a block and close whatever was opened when it ends, also when
    opening fails half-way.

    :param dialogue: also build the dialogue manager (loads, or first trains, the NLU models)
    :param clock: the core's clock (tests pass a fixed one); the system clock by default
    :param checkpoints: SQLite: run the WAL checkpointer (the email worker process leaves it to
        the serving process)
    :param metrics: what counts the product's work (``serve``'s Prometheus metrics); none by default
    """
    async with AsyncExitStack() as opened:
        core = Core.build(settings, clock=clock, checkpoints=checkpoints, metrics=metrics)
        opened.push_async_callback(core.close)
        redis = None
        if settings.redis_url:
            from redis.asyncio import Redis

            redis = Redis.from_url(settings.redis_url)
            opened.push_async_callback(redis.aclose)
        manager = None
        if dialogue:
            from bot.factory import build_dialogue  # the bot and NLU only for those who talk

            manager = await build_dialogue(core, settings, redis)
        yield Product(settings, core, redis, manager)
