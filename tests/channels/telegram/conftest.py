"""Fixtures of the Telegram channel's tests: the fake Bot API server on loopback, settings pointing
at it, and the real product talking to it (tests/support/telegram/)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram import Bot
from pydantic import SecretStr

from channels.telegram.api import build_bot
from config.settings import Settings
from tests.support.clock import FixedClock
from tests.support.telegram.bot_api import FakeBotApi
from tests.support.telegram.product import TOKEN, Product, start_product


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


@pytest.fixture(scope="session")
def nlu_models(trained_nlu: Path) -> Path:
    return trained_nlu


@pytest.fixture(params=["webhook", "polling"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def product(tg_settings: Settings, fake_api: FakeBotApi, nlu_models: Path, clock: FixedClock,
                  mode: str) -> AsyncIterator[Product]:
    """The real product (Runner, core on SQLite, the real dialogue manager) with the Telegram
    channel in ``mode``, talking to the fake Bot API."""
    product = await start_product(tg_settings, fake_api, nlu_models, clock, mode)
    yield product
    await product.stop()
