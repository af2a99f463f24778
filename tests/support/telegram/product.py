"""The running product as a Telegram user sees it: people write (over the webhook or long
polling, as Telegram would deliver), the test waits until the product has settled, and reads what
the fake Bot API received. ``start_product`` starts it; ``complain`` is Alice's complaint, step by step."""

from __future__ import annotations

import asyncio
import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from channels.app.runner import Runner
from channels.telegram.plugin import TelegramPlugin, webhook_path
from config.settings import Settings
from core.commands import Identity
from core.model import InboundRecord
from core.runtime import Core
from tests.support.catalog import say
from tests.support.clock import FixedClock
from tests.support.cores import create_schema
from tests.support.telegram import updates
from tests.support.telegram.bot_api import FakeBotApi

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


async def start_product(settings: Settings, fake_api: FakeBotApi, nlu_models: Path, clock: FixedClock,
                        mode: str, **overrides: object) -> Product:
    """The real product (Runner, core on SQLite, the real dialogue manager) with the Telegram
    channel in ``mode`` (``webhook`` or ``polling``), talking to ``fake_api``."""
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
    await create_schema(settings)
    plugin = TelegramPlugin(poll_timeout=1)
    runner = Runner(settings, clock=clock, plugins=[plugin])
    await runner.start()
    product = Product(runner, plugin, fake_api, clock, mode)
    await fake_api.wait_for("setWebhook" if mode == "webhook" else "getUpdates")
    return product


DESCRIPTION = "The parcel arrived <broken> & nobody answers my calls about it."


async def complain(alice: Person) -> str:
    """Alice makes a complaint step by step with buttons; returns its reference."""
    assert say("bot.greeting.hello", "en") in await alice.say("/start")
    assert alice.buttons == ["new", "status"]
    assert say("bot.consent.question", "en") in await alice.press("new")
    assert say("bot.ask.description", "en") in await alice.press("consent:yes")
    assert say("bot.ask.incident_date", "en") in await alice.say(DESCRIPTION)
    assert say("bot.ask.product", "en") in await alice.say("yesterday")
    assert say("bot.ask.desired_outcome", "en") in await alice.say("the mobile app")
    assert say("bot.ask.contact", "en") in await alice.say("a replacement")
    summary = await alice.say(contact=updates.contact("+44 7911 123456", alice.user))
    assert "+447911123456" in summary and "Alice Example" in summary and DESCRIPTION in summary
    assert alice.buttons == ["confirm:submit", "confirm:edit", "cancel"]
    done = await alice.press("confirm:submit")
    assert "registered it under reference CD-" in done
    (case,) = await alice.product.core.queries.cases_of(Identity("telegram", str(alice.id)))
    return case.reference
