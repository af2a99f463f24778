"""Fixtures of the Slack channel's tests: the fake Slack Web API on loopback, settings pointing
at it, and the real product (Runner with the real dialogue manager) serving ``/slack/events``."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
import aiohttp
import pytest
from pydantic import SecretStr

from channels.app.runner import Runner
from channels.slack import SlackPlugin
from config.settings import Settings
from core.commands import ComplaintSubmission, Identity
from core.dispatcher import LoggingNotifier
from core.runtime import Core
from core.storage.engine import create_engine
from core.storage.schema import create_all
from tests.channels.slack.fake_slack_api import BOT_TOKEN, FakeSlackApi
from tests.channels.slack.signing import SIGNING_SECRET, SlackPoster
from tests.support.clock import FixedClock

TRIAGE = "C0TRIAGE"
AGENTS_GROUP = "S0AGENTS"
AGENT = "U0AGENT1"
SECOND_AGENT = "U0AGENT2"
CHANNEL_MEMBER = "U0MEMBER"
OUTSIDER = "U0OUTSIDER"


@pytest.fixture
async def slack_api() -> AsyncIterator[FakeSlackApi]:
    api = FakeSlackApi(agents_group={AGENT, SECOND_AGENT}, channel_members={TRIAGE: {CHANNEL_MEMBER, "U0000BOT"}})
    await api.start()
    yield api
    await api.stop()


@pytest.fixture
def slack_settings(product_settings: Settings, slack_api: FakeSlackApi) -> Settings:
    return product_settings.model_copy(update={
        "slack_bot_token": SecretStr(BOT_TOKEN), "slack_signing_secret": SecretStr(SIGNING_SECRET),
        "slack_api_base": slack_api.base_url, "slack_triage_channel": TRIAGE, "slack_agents_usergroup": AGENTS_GROUP,
        "http_port": 0, "outbox_poll_seconds": 0.05, "outbox_base_delay_seconds": 0.05,
    })


@dataclass
class Product:
    runner: Runner
    plugin: SlackPlugin
    api: FakeSlackApi
    poster: SlackPoster
    clock: FixedClock

    @property
    def core(self) -> Core:
        return self.runner.core

    def recorder(self, channel: str) -> LoggingNotifier:
        notifier = self.core.registry.get(channel)
        assert isinstance(notifier, LoggingNotifier)
        return notifier

    async def settle(self, timeout: float = 10.0) -> None:
        """Let the background work and the outbox finish what they have."""
        assert self.plugin.deps is not None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        assert self.plugin.events is not None
        while loop.time() < deadline:
            await self.plugin.deps.work.drain(timeout=max(0.1, deadline - loop.time()))
            await self.plugin.events.processor.drain()
            pending = await self.core.queries.notifications(status=("pending", "sending"))
            if not pending and self.plugin.deps.work.pending == 0 and self.plugin.events.processor.in_flight == 0:
                return
            self.core.dispatcher.wake()
            await asyncio.sleep(0.02)
        raise AssertionError("the product did not settle in time")

    async def new_case(self, *, channel: str = "telegram", address: str = "5550001", text: str | None = None,
                       name: str | None = "Ann Example") -> str:
        submitted = await self.core.service.submit_complaint(ComplaintSubmission(
            identity=Identity(channel, address), name=name, acknowledge_via_outbox=True,
            description=text or "My card was charged twice for the same order and nobody answers.",
        ))
        await self.settle()
        return submitted.reference


async def _schema(settings: Settings) -> None:
    engine = create_engine(settings.effective_database_url)
    await create_all(engine)
    await engine.dispose()


@pytest.fixture
async def product(slack_settings: Settings, slack_api: FakeSlackApi, clock: FixedClock) -> AsyncIterator[Product]:
    await _schema(slack_settings)
    plugin = SlackPlugin()
    runner = Runner(slack_settings, clock=clock, plugins=[plugin])
    await runner.start()
    async with aiohttp.ClientSession() as session:
        poster = SlackPoster(session, f"http://127.0.0.1:{runner.port}/slack/events")
        yield Product(runner, plugin, slack_api, poster, clock)
    await runner.stop()

