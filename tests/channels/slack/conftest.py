"""Fixtures of the Slack channel's tests: the fake Slack Web API on loopback, settings pointing
at it, and the real product (Runner with the real dialogue manager) serving ``/slack/events``
(tests/support/slack/)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from pydantic import SecretStr

from config.settings import Settings
from tests.support.clock import FixedClock
from tests.support.slack.product import (AGENT, AGENTS_GROUP, CHANNEL_MEMBER, SECOND_AGENT, TRIAGE, Product,
                                         running_product)
from tests.support.slack.signing import SIGNING_SECRET
from tests.support.slack.web_api import BOT_TOKEN, FakeSlackApi


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


@pytest.fixture
async def product(slack_settings: Settings, slack_api: FakeSlackApi, clock: FixedClock) -> AsyncIterator[Product]:
    async with running_product(slack_settings, slack_api, clock) as product:
        yield product
