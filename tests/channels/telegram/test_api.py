"""The Bot built for the configured API server."""

from __future__ import annotations

import gc
import weakref

from aiogram import Bot
from aiogram.methods import SendMessage
from aiogram.methods.base import Response

from tests.support.telegram.bot_api import FakeBotApi


async def test_answers_are_read_against_the_configured_server(bot: Bot, fake_api: FakeBotApi) -> None:
    me = await bot.get_me()
    assert me.is_bot
    assert fake_api.calls_of("getMe")


async def test_answer_models_survive_garbage_collection(bot: Bot, fake_api: FakeBotApi) -> None:
    # aiogram parametrises Response[...] for each answer and pydantic caches it weakly: without the
    # session's references, each garbage collection would make the next answer rebuild its model.
    await bot.send_message(42, "hello")
    gc.collect()
    model = weakref.ref(Response[SendMessage.__returning__])
    gc.collect()
    assert model() is not None
    await bot.send_message(42, "again")
    assert len(fake_api.calls_of("sendMessage")) == 2
