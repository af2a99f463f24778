"""Slack's events processed in a child process (``COMPLAINTDESK_SLACK_WORKER_PROCESS``): a
complainant's DMs and button presses make the same conversation as in-process, each answered once;
a child that dies is replaced and nothing acknowledged is lost; agents' thread replies are
recorded there too, and serve sends what they queue."""

from __future__ import annotations

import os
import signal
from collections.abc import AsyncIterator, Iterator

import pytest

from channels.inbound.worker_process import WorkerProcess
from config.settings import Settings
from core.commands import Identity
from tests.support.backends import BACKENDS, backed
from tests.support.catalog import say
from tests.support.slack.cards import card_place, events
from tests.support.slack.dm import DmPerson
from tests.support.slack.payloads import message_event
from tests.support.slack.product import AGENT, TRIAGE, Product, running_product
from tests.support.slack.web_api import FakeSlackApi

EN = "en"


@pytest.fixture(params=BACKENDS)
def backed_settings(request: pytest.FixtureRequest, slack_settings: Settings) -> Iterator[Settings]:
    yield from backed(request, slack_settings.model_copy(update={"slack_worker_process": True}))


@pytest.fixture
async def worker_product(backed_settings: Settings, slack_api: FakeSlackApi) -> AsyncIterator[Product]:
    async with running_product(backed_settings, slack_api, None) as product:
        yield product


def worker_of(product: Product) -> WorkerProcess:
    assert product.plugin.events is not None
    worker = product.plugin.events.worker
    assert isinstance(worker, WorkerProcess) and worker.process is not None
    return worker


async def test_a_complaint_by_dm_is_taken_by_the_worker_process_and_a_dead_one_is_replaced(
        worker_product: Product) -> None:
    product = worker_product
    worker = worker_of(product)
    assert worker.process is not None
    first_child = worker.process.pid
    assert first_child != os.getpid()
    dee = DmPerson(product, "U0CUSTOM3", "D0CUSTOM3")
    assert say("bot.consent.question", EN) in await dee.say("The courier threw my parcel over the fence and broke it.")
    retry = await product.poster.event(dee.last)  # Slack's retry of an event it had its ack for
    assert retry.status == 200 and await dee.news() == "", "answered once"
    await dee.press("consent:yes")  # a button in the DM: a turn in the child, in the conversation's order
    await dee.say("yesterday")

    os.kill(first_child, signal.SIGKILL)  # a crash: the next child takes over
    before = len(product.api.of("chat.postMessage"))
    await dee.say("parcel delivery")  # stored (acked) while no child runs: the next one's first sweep takes it
    await product.api.wait_for("chat.postMessage", count=1 + sum(
        1 for c in product.api.of("chat.postMessage")[:before] if c.params.get("channel") == dee.dm),
        channel=dee.dm, timeout=120)
    await dee.news()
    for answer in ("a refund", "Dee Example", "dee@example.com"):
        assert await dee.say(answer), f"no answer to {answer!r}"
    done = await dee.press("confirm:submit")
    assert "CD-" in done
    assert worker.restarts == 1 and worker.process.pid != first_child
    (case,) = await product.core.queries.cases_of(Identity("slack", "U0CUSTOM3"))
    assert case.reference in done
    await product.api.wait_for("chat.postMessage", channel=TRIAGE)  # the card, posted by serve's outbox
    rows = await product.core.queries.inbound(channel="slack")
    assert len(rows) == 8 and {row.status for row in rows} == {"done"}, [(r.dedup_key, r.status) for r in rows]
    assert sum(1 for row in rows if row.dedup_key.startswith("action:")) == 2, "the presses journalled as turns"


async def test_an_agents_reply_in_the_thread_is_taken_by_the_worker_process_and_sent_by_serve(
        worker_product: Product) -> None:
    """The child records the reply; serve's outbox, woken over the pipe, sends it on."""
    product = worker_product
    reference = await product.new_case()
    channel, ts = await card_place(product, reference)
    reply = message_event(user=AGENT, channel=channel, channel_type="channel", thread_ts=ts,
                          text="reply: The courier will call you tomorrow morning.")
    assert (await product.poster.event(reply)).status == 200
    await product.settle()
    assert [e.kind for e in await events(product, reference) if e.actor_id == AGENT] == ["agent_message"]
    sent = [n for n in product.recorder("telegram").delivered if n.kind == "agent_message"]
    assert [n.params["text"] for n in sent] == ["The courier will call you tomorrow morning."]
