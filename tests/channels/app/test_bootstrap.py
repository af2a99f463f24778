"""The composition root opens what was asked for and closes everything it opened, also when the
work inside fails."""

from __future__ import annotations

import threading

import pytest

from bot.manager import DialogueManager
from channels.app.bootstrap import bootstrap
from config.settings import Settings
from core.storage.repositories import CaseFilter
from core.storage.schema import create_all


def _checkpointing() -> bool:
    return any(thread.name == "sqlite-checkpoint" for thread in threading.enumerate())


async def test_the_core_alone_is_opened_and_closed_even_when_the_work_fails(settings: Settings) -> None:
    with pytest.raises(ZeroDivisionError):
        async with bootstrap(settings) as product:
            await create_all(product.core.engine)
            assert await product.core.queries.count(CaseFilter()) == 0
            assert product.redis is None and _checkpointing()
            with pytest.raises(RuntimeError, match="dialogue=True"):
                product.dialogue
            1 / 0
    assert not _checkpointing()


async def test_the_email_worker_process_leaves_checkpoints_to_the_serving_process(settings: Settings) -> None:
    async with bootstrap(settings, checkpoints=False):
        assert not _checkpointing()


async def test_the_dialogue_and_redis_when_asked_and_configured(product_settings: Settings, redis_url: str) -> None:
    async with bootstrap(product_settings.model_copy(update={"redis_url": redis_url}), dialogue=True) as product:
        assert isinstance(product.dialogue, DialogueManager)
        assert product.redis is not None and await product.redis.ping()
