"""Long polling with two ``serve`` processes on one PostgreSQL database: the Bot API answers one
``getUpdates`` at a time, so only the holder of the ``telegram-polling`` duty polls; when it stops,
the other takes the duty and the updates keep coming in."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from channels.telegram.plugin import POLLING_DUTY
from config.settings import Settings
from tests.support.clock import FixedClock
from tests.support.telegram import updates
from tests.support.telegram.bot_api import FakeBotApi
from tests.support.telegram.product import Product, start_product

pytestmark = pytest.mark.postgres


def _polling(product: Product) -> bool:
    assert product.runner.duties is not None
    return POLLING_DUTY in product.runner.duties.held()


async def _until(condition: object, timeout: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():  # type: ignore[operator]
        assert loop.time() < deadline, "not in time"
        await asyncio.sleep(0.05)


async def test_one_process_polls_and_the_other_takes_over_when_it_stops(
        tg_settings: Settings, fake_api: FakeBotApi, nlu_models: Path, clock: FixedClock, postgres_url: str) -> None:
    products = []
    try:
        for name in ("proc-a", "proc-b"):
            products.append(await start_product(tg_settings, fake_api, nlu_models, clock, "polling",
                                                database_url=postgres_url, instance_name=name))
        await _until(lambda: any(_polling(p) for p in products))
        await asyncio.sleep(0.5)
        assert [_polling(p) for p in products].count(True) == 1, "exactly one process polls"
        holder = next(p for p in products if _polling(p))
        other = next(p for p in products if p is not holder)
        await holder.stop()
        products.remove(holder)
        await _until(lambda: _polling(other), timeout=other.runner.renew_seconds + 3)
        update = updates.message(fake_api.next_update_id(), updates.user(4242), "/start")
        await other.deliver(update)
        record = await other.record(update["update_id"])
        assert record is not None and (record.status, record.claimed_by) == ("done", other.runner.settings.instance)
    finally:
        for product in products:
            await product.stop()
