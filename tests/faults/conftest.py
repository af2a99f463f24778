"""The fault suite's fixtures: the platforms the product talks to, on loopback in the test's
process (tests/support/faults/ deploys the product as its own process)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from tests.support import databases

from tests.support.email.relay import RecordingRelay, start_relay
from tests.support.faults.deployment import TELEGRAM_TOKEN, TRIAGE, Platforms
from tests.support.slack.web_api import FakeSlackApi
from tests.support.telegram.bot_api import FakeBotApi


@pytest.fixture
async def platforms() -> AsyncIterator[Platforms]:
    telegram = await FakeBotApi(token=TELEGRAM_TOKEN).start()
    slack = FakeSlackApi(agents_group=set(), channel_members={TRIAGE: {"U0000BOT"}})
    await slack.start()
    relay = RecordingRelay()
    server, port = await start_relay(relay)
    yield Platforms(telegram, slack, relay, port)
    server.close()
    await server.wait_closed()
    await slack.stop()
    await telegram.close()


@pytest.fixture
def postgres_database() -> Iterator[str]:
    """A database of its own (the suite's kills must not reach other tests' connections)."""
    from tests.support.servers import require

    require("postgres")
    url = databases.create_database()
    yield url
    databases.drop_database(url)
