"""The running product with the Slack channel, as the fake Slack Web API and a signed poster
see it: agents work cases from the triage channel, complainants write in DMs."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import aiohttp

from channels.app.runner import Runner
from channels.slack import SlackPlugin
from config.settings import Settings
from core.commands import ComplaintSubmission, Identity
from core.dispatcher import LoggingNotifier
from core.runtime import Core
from tests.support.clock import FixedClock
from tests.support.cores import create_schema
from tests.support.slack.signing import SlackPoster
from tests.support.slack.web_api import FakeSlackApi

TRIAGE = "C0TRIAGE"
AGENTS_GROUP = "S0AGENTS"
AGENT = "U0AGENT1"
SECOND_AGENT = "U0AGENT2"
CHANNEL_MEMBER = "U0MEMBER"
OUTSIDER = "U0OUTSIDER"


@dataclass
class Product:
    runner: Runner
    plugin: SlackPlugin
    api: FakeSlackApi
    poster: SlackPoster
    clock: FixedClock | None  # None: the system's (a worker process runs on it)

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
            await self.plugin.events.drain()
            pending = await self.core.queries.notifications(status=("pending", "sending"))
            if not pending and self.plugin.deps.work.pending == 0 and self.plugin.events.in_flight == 0:
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


@asynccontextmanager
async def running_product(settings: Settings, api: FakeSlackApi, clock: FixedClock | None) -> AsyncIterator[Product]:
    """The product on ``settings`` (which point at ``api``) with only the Slack channel, started
    on the schema ``db upgrade`` makes, and stopped on leaving; on ``clock``, or the system's."""
    await create_schema(settings)
    plugin = SlackPlugin()
    runner = Runner(settings, clock=clock, plugins=[plugin])
    await runner.start()
    try:
        async with aiohttp.ClientSession() as session:
            poster = SlackPoster(session, f"http://127.0.0.1:{runner.port}/slack/events")
            yield Product(runner, plugin, api, poster, clock)
    finally:
        await runner.stop()
