"""Events API deliveries are journalled: stored before the ack, settled with their replies when
their work ends, and done after a crash by the next start instead of being lost."""

from __future__ import annotations

import asyncio
import json

from channels.inbound.journal import Arrival, InboundJournal
from channels.app.runner import Runner
from channels.slack import SlackPlugin
from config.settings import Settings
from core.model import InboundRecord
from core.runtime import Core
from tests.support.clock import FixedClock
from tests.support.cores import create_schema
from tests.support.slack.payloads import message_event
from tests.support.slack.product import Product
from tests.support.slack.web_api import FakeSlackApi


async def _row(core: Core, event_id: str) -> InboundRecord | None:
    async with core.uow() as uow:
        return await uow.inbound("slack", event_id)


async def _settled(core: Core, event_id: str, timeout: float = 10.0) -> InboundRecord:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        row = await _row(core, event_id)
        if row is not None and row.status != "pending":
            return row
        await asyncio.sleep(0.02)
    raise AssertionError(f"event {event_id} was not settled in time")


async def test_a_direct_message_is_stored_before_the_ack_and_marked_done(product: Product) -> None:
    event = message_event(user="U0PERSON1", channel="D0PERSON1", text="Hello, I want to complain")
    answer = await product.poster.event(event)
    assert answer.status == 200
    assert await _row(product.core, event["event_id"]) is not None  # committed before the ack
    await product.api.wait_for("chat.postMessage", channel="D0PERSON1")
    row = await _settled(product.core, event["event_id"])
    assert (row.status, row.outcome, row.conversation) == ("done", "processed: 1 reply", "D0PERSON1")
    assert json.loads(row.payload)["event"]["text"] == "Hello, I want to complain"


async def test_an_event_nothing_handles_is_settled_as_ignored(product: Product) -> None:
    event = {**message_event(user="U0PERSON2", channel="D0PERSON2", text="x"), "event_id": "Ev0HOME0001"}
    event["event"] = {"type": "app_home_opened", "user": "U0PERSON2", "channel": "D0PERSON2", "tab": "home",
                      "event_ts": "1710000000.000001"}
    assert (await product.poster.event(event)).status == 200
    row = await _settled(product.core, "Ev0HOME0001")
    assert row.status == "ignored" and "app_home_opened" in (row.outcome or "")


async def test_replies_slack_refuses_are_dead_letters_the_agents_hear_of(product: Product) -> None:
    product.api.failures["chat.postMessage"] = "channel_not_found"
    event = message_event(user="U0PERSON3", channel="D0PERSON3", text="Hello, I want to complain")
    assert (await product.poster.event(event)).status == 200
    row = await _settled(product.core, event["event_id"])
    assert row.status == "done", "the event was handled; its replies could not be sent"
    await product.settle()
    notifications = await product.core.queries.notifications()
    reply = next(n for n in notifications if n.kind == "reply")
    assert (reply.status, reply.channel, reply.address) == ("dead", "slack", "D0PERSON3")
    assert "channel_not_found" in (reply.last_error or "")
    # the agents' alert is written; this fake Slack refuses every post, so it is a dead letter too,
    # left for `complaintdesk outbox list --dead`
    assert [n.kind for n in notifications if n.channel == "agents"] == ["contact_unreachable"]


async def test_an_event_acked_before_a_crash_is_done_at_the_next_start(slack_settings: Settings,
                                                                        slack_api: FakeSlackApi,
                                                                        clock: FixedClock) -> None:
    await create_schema(slack_settings)
    event = message_event(user="U0PERSON4", channel="D0PERSON4", text="Hello, I want to complain")
    crashed = Core.build(slack_settings, clock=clock)  # the run that stored it, acked, and died
    journal = InboundJournal("slack", crashed.uow, clock, "another-host:8080")
    assert await journal.store(Arrival(event["event_id"], json.dumps(event).encode(), clock.now(), "D0PERSON4"))
    await journal.close()
    await crashed.close()
    clock.advance(minutes=5)  # its claim ran out

    runner = Runner(slack_settings, clock=clock, plugins=[SlackPlugin()])
    await runner.start()
    try:
        await slack_api.wait_for("chat.postMessage", channel="D0PERSON4")
        row = await _settled(runner.core, event["event_id"])
        assert row.status == "done"
    finally:
        await runner.stop()
