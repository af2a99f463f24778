"""Fixtures of the Telegram channel's tests: the fake Bot API server on loopback and settings
pointing at it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from pydantic import SecretStr

from channels.telegram.api import build_bot
from config.settings import Settings
from tests.channels.telegram.fake_bot_api import FakeBotApi

TOKEN = "123456:TEST"
SECRET = "s3cret-token_for-tests"


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotApi]:
    api = await FakeBotApi(token=TOKEN).start()
    yield api
    await api.close()


@pytest.fixture
def tg_settings(settings: Settings, fake_api: FakeBotApi) -> Settings:
    return settings.model_copy(update={"telegram_token": SecretStr(TOKEN), "telegram_api_base": fake_api.base_url})


@pytest.fixture
async def bot(tg_settings: Settings) -> AsyncIterator[Bot]:
    bot = build_bot(tg_settings)
    yield bot
    await bot.session.close()
