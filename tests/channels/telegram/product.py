"""The running product as a Telegram user sees it: people write (over the webhook or long
polling, as Telegram would deliver), the test waits until the product has settled, and reads what
the fake Bot API received."""

from __future__ import annotations

import asyncio
import html
from dataclasses import dataclass, field
from typing import Any

from channels.app.runner import Runner
from channels.telegram.plugin import TelegramPlugin, webhook_path
from core.model import InboundRecord
from core.runtime import Core
from tests.channels.telegram import updates
from tests.channels.telegram.fake_bot_api import FakeBotApi
from tests.support.clock import FixedClock

TOKEN = "123456:TEST"
SECRET = "s3cret-token_for-tests"


@dataclass
class Product:
    runner: Runner
    plugin: TelegramPlugin
    api: FakeBotApi
    clock: FixedClock
    mode: str

    @property
    def core(self) -> Core:
        return self.runner.core

    @property
    def webhook_url(self) -> str:
        return f"http://127.0.0.1:{self.runner.port}{webhook_path(self.runner.settings)}"

    async def deliver(self, update: dict[str, Any]) -> None:
        """Hand ``update`` over the way Telegram would in this mode, and wait for the outcome."""
        if self.mode == "webhook":
            status = await self.api.post_to_webhook(update, url=self.webhook_url)
            assert status == 200, f"webhook answered {status}"
        else:
            await self.api.push_update(update)
        await self.settle(update["update_id"])

    async def record(self, update_id: int) -> InboundRecord | None:
        async with self.core.uow() as uow:
            return await uow.inbound("telegram", str(update_id))

    async def settle(self, update_id: int | None = None, timeout: float = 20.0) -> None:
        """Wait until the update is processed, no update work is running and the outbox is empty."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            record = await self.record(update_id) if update_id is not None else None
            busy = self.plugin.intake is not None and self.plugin.intake.processor.in_flight > 0
            pending = await self.core.queries.notifications(status=("pending", "sending"))
            due = [n for n in pending if n.next_attempt_at <= self.clock.now()]
            if (update_id is None or (record is not None and record.status != "pending")) and not busy and not due:
                return
            self.core.dispatcher.wake()
            await asyncio.sleep(0.02)
        raise AssertionError(f"the product did not settle in time (update {update_id})")

    async def stop(self) -> None:
        await self.runner.stop()


@dataclass
class Person:
    """Someone writing to the bot in a private chat."""

    product: Product
    id: int = 1001
    first_name: str = "Alice"
    language_code: str | None = "en"
    seen: int = 0
    sent: list[dict[str, Any]] = field(default_factory=list)

    @property
    def user(self) -> dict[str, Any]:
        return updates.user(self.id, first_name=self.first_name, language_code=self.language_code)

    def next_id(self) -> int:
        return self.product.api.next_update_id()

    async def send(self, update: dict[str, Any]) -> str:
        await self.product.deliver(update)
        return self.news()

    async def say(self, text: str | None = None, **content: Any) -> str:
        update = updates.message(self.next_id(), self.user, text, **content)
        self.sent.append(update)
        return await self.send(update)

    async def edit(self, original: dict[str, Any], text: str | None = None, **content: Any) -> str:
        return await self.send(updates.edited(self.next_id(), original, text, **content))

    async def press(self, value: str) -> str:
        """Press the button with ``value`` on the latest bot message that still shows it."""
        for shown in reversed(self.product.api.sent[str(self.id)]):
            markup = shown.get("reply_markup") or {}
            if any(b.get("callback_data") == value for row in markup.get("inline_keyboard", []) for b in row):
                return await self.send(updates.callback(self.next_id(), self.user, value, shown))
        raise AssertionError(f"no button {value!r} is shown; the bot said: {self.product.api.texts_to(self.id)}")

    def news(self) -> str:
        """What the bot sent this person since the last look, as they read it."""
        messages = self.product.api.sent[str(self.id)][self.seen:]
        self.seen += len(messages)
        return "\n\n".join(html.unescape(m["text"]) for m in messages)

    @property
    def buttons(self) -> list[str]:
        messages = self.product.api.sent[str(self.id)]
        markup = (messages[-1].get("reply_markup") or {}) if messages else {}
        return [b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row]
