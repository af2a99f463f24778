"""Fixtures of the Telegram channel's tests: the fake Bot API server on loopback and settings
pointing at it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram import Bot
from pydantic import SecretStr

from channels.app.runner import Runner
from channels.telegram.api import build_bot
from channels.telegram.plugin import TelegramPlugin
from config.settings import Settings
from core.storage.engine import create_engine
from core.storage.schema import create_all
from tests.channels.telegram.fake_bot_api import FakeBotApi
from tests.channels.telegram.product import SECRET, TOKEN, Product
from tests.support.clock import FixedClock



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


async def _schema(settings: Settings) -> None:
    engine = create_engine(settings.effective_database_url)
    await create_all(engine)
    await engine.dispose()


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


async def start_product(settings: Settings, fake_api: FakeBotApi, nlu_models: Path, clock: FixedClock,
                        mode: str, **overrides: object) -> Product:
    update: dict[str, object] = {"http_port": 0, "outbox_poll_seconds": 0.05, "outbox_base_delay_seconds": 0.05,
                                 **overrides}
    if mode == "webhook":
        update |= {"telegram_webhook_url": "https://complaints.example.org/telegram/webhook",
                   "telegram_webhook_secret": SecretStr(SECRET)}
    settings = settings.model_copy(update=update)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    link = settings.data_dir / "nlu"
    if not link.exists():
        link.symlink_to(nlu_models, target_is_directory=True)
    await _schema(settings)
    plugin = TelegramPlugin(poll_timeout=1)
    runner = Runner(settings, clock=clock, plugins=[plugin])
    await runner.start()
    product = Product(runner, plugin, fake_api, clock, mode)
    await fake_api.wait_for("setWebhook" if mode == "webhook" else "getUpdates")
    return product
