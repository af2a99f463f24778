"""One card per case even when two product processes deliver its first notifications at once:
the card lock is shared through the key-value store (the real Redis here)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest
from redis.asyncio import Redis
from slack_sdk.web.async_client import AsyncWebClient

from bot.keys import KeyBuilder
from bot.kv import RedisKeyValue
from channels.slack.cardkeeper import CardKeeper
from core.commands import ComplaintSubmission, Identity
from core.runtime import Core
from tests.support.slack.web_api import BOT_TOKEN, FakeSlackApi

TRIAGE = "C0TRIAGE"


@pytest.fixture
async def client(slack_api: FakeSlackApi) -> AsyncIterator[AsyncWebClient]:
    async with aiohttp.ClientSession() as session:
        yield AsyncWebClient(token=BOT_TOKEN, base_url=slack_api.base_url, session=session)


async def race(core: Core, client: AsyncWebClient, api: FakeSlackApi, first: CardKeeper, second: CardKeeper) -> int:
    reference = (await core.service.submit_complaint(ComplaintSubmission(
        identity=Identity("telegram", "77"), description="The parcel never came and nobody calls back."))).reference
    api.delays["chat.postMessage"] = 0.2  # a slow Slack widens the window
    await asyncio.gather(first.ensure(reference, "en"), second.refresh(reference, "en"))
    return len([c for c in api.of("chat.postMessage") if c.get("channel") == TRIAGE and not c.get("thread_ts")])


async def test_two_processes_post_one_card(sqlite_core: Core, client: AsyncWebClient, slack_api: FakeSlackApi,
                                           redis_url: str, redis_prefix: str) -> None:
    redis = Redis.from_url(redis_url)
    try:
        kv, keys = RedisKeyValue(redis), KeyBuilder(redis_prefix)
        one, other = CardKeeper(sqlite_core, client, TRIAGE, kv, keys), CardKeeper(sqlite_core, client, TRIAGE, kv, keys)
        assert await race(sqlite_core, client, slack_api, one, other) == 1
        assert not [key async for key in redis.scan_iter(f"{redis_prefix}:*")], "the lock is let go"
    finally:
        await redis.aclose()


async def test_without_a_shared_store_each_process_only_guards_itself(sqlite_core: Core, client: AsyncWebClient,
                                                                       slack_api: FakeSlackApi) -> None:
    """What the shared lock prevents: two processes, each with only its own lock, post two cards."""
    one, other = CardKeeper(sqlite_core, client, TRIAGE), CardKeeper(sqlite_core, client, TRIAGE)
    assert await race(sqlite_core, client, slack_api, one, other) == 2
