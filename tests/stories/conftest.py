"""The complainant of a story on each channel: the real product with that channel alone, talking
to the channel's fake platform on loopback (tests/support/complainants.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import pytest
from pydantic import SecretStr

from config.settings import Settings
from tests.support.clock import FixedClock
from tests.support.complainants import (Complainant, ConsoleComplainant, EmailComplainant, SlackComplainant,
                                        TelegramComplainant)
from tests.support.email.product import start_product as start_email_product
from tests.support.email.relay import RecordingRelay, start_relay
from tests.support.slack.dm import DmPerson
from tests.support.slack.product import AGENT, AGENTS_GROUP, TRIAGE, running_product
from tests.support.slack.signing import SIGNING_SECRET
from tests.support.slack.web_api import BOT_TOKEN, FakeSlackApi
from tests.support.telegram.bot_api import FakeBotApi
from tests.support.telegram.product import TOKEN, Person, start_product as start_telegram_product

NAME, EMAIL = "John Smith", "john.smith@example.org"


@asynccontextmanager
async def on_telegram(settings: Settings, trained_nlu: Path, clock: FixedClock) -> AsyncIterator[Complainant]:
    api = await FakeBotApi(token=TOKEN).start()
    try:
        product = await start_telegram_product(
            settings.model_copy(update={"telegram_token": SecretStr(TOKEN), "telegram_api_base": api.base_url}),
            api, trained_nlu, clock, "webhook")
        try:
            yield TelegramComplainant(Person(product, id=4001, first_name="John"))
        finally:
            await product.stop()
    finally:
        await api.close()


@asynccontextmanager
async def on_slack(settings: Settings, trained_nlu: Path, clock: FixedClock) -> AsyncIterator[Complainant]:
    api = FakeSlackApi(agents_group={AGENT}, channel_members={TRIAGE: {"U0000BOT"}})
    await api.start()
    try:
        slack = settings.model_copy(update={
            "slack_bot_token": SecretStr(BOT_TOKEN), "slack_signing_secret": SecretStr(SIGNING_SECRET),
            "slack_api_base": api.base_url, "slack_triage_channel": TRIAGE, "slack_agents_usergroup": AGENTS_GROUP,
            "outbox_base_delay_seconds": 0.05})
        async with running_product(slack, api, clock) as product:
            yield SlackComplainant(DmPerson(product, "U0JOHN01", "D0JOHN01"))
    finally:
        await api.stop()


@asynccontextmanager
async def by_email(settings: Settings, trained_nlu: Path, clock: FixedClock) -> AsyncIterator[Complainant]:
    relay = RecordingRelay()
    server, port = await start_relay(relay)
    try:
        product = await start_email_product(settings, clock, relay, port)
        try:
            yield EmailComplainant(product, EMAIL, NAME, subject="Charged twice")
        finally:
            await product.runner.stop()
    finally:
        server.close()
        await server.wait_closed()


@asynccontextmanager
async def on_the_console(settings: Settings, trained_nlu: Path, clock: FixedClock) -> AsyncIterator[Complainant]:
    person = ConsoleComplainant(settings, "john")
    try:
        yield person
    finally:
        await person.close()


CHANNELS: dict[str, Callable[[Settings, Path, FixedClock], AbstractAsyncContextManager[Complainant]]] = {
    "telegram": on_telegram, "slack": on_slack, "email": by_email, "console": on_the_console,
}


@pytest.fixture(params=list(CHANNELS))
async def complainant(request: pytest.FixtureRequest, product_settings: Settings, trained_nlu: Path,
                      clock: FixedClock) -> AsyncIterator[Complainant]:
    """John Smith on each channel in turn, with the product running behind it."""
    async with CHANNELS[request.param](product_settings, trained_nlu, clock) as person:
        yield person
