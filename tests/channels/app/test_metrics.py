"""``/metrics``: the running product, scraped over HTTP, counts a complaint that went through it and
reads its backlog from the database, in Prometheus's text format."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from bot.messages import InboundMessage
from channels.app.metrics import PrometheusMetrics
from channels.app.runner import Runner
from channels.inbound.journal import Arrival, InboundJournal
from config.settings import Settings
from core.commands import Identity
from core import outbox
from core.model import Notification
from core.queries import Backlog
from core.ports import Delivered, DeliveryFailed
from core.status import NotificationStatus
from core.storage.schema import create_all
from tests.support.clock import FixedClock

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


class BlockedBot:
    """A platform that refuses for good: the person blocked the bot."""

    channel = "telegram"

    async def deliver(self, notification: Notification) -> Delivered:
        raise DeliveryFailed("Forbidden: bot was blocked by the user", permanent=True)


async def scrape(port: int) -> tuple[str, Samples]:
    async with aiohttp.ClientSession() as http:
        async with http.get(f"http://127.0.0.1:{port}/metrics") as response:
            assert response.status == 200
            assert response.headers["Content-Type"].startswith("text/plain; version=")
            text = await response.text()
    samples: Samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return text, samples


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


async def until(condition: Callable[[], Awaitable[bool]], seconds: float = 10.0) -> None:
    async with asyncio.timeout(seconds):
        while not await condition():
            await asyncio.sleep(0.02)


async def test_a_complaint_moves_the_counts_and_the_backlog_is_read(product_settings: Settings) -> None:
    clock = FixedClock()
    runner = Runner(product_settings, clock=clock, plugins=[], metrics=PrometheusMetrics(backlog_seconds=0))
    context = await runner.start()
    try:
        core = context.core
        await create_all(core.engine)
        core.registry.register(BlockedBot())
        assert runner.port is not None
        _, before = await scrape(runner.port)
        assert value(before, "complaintdesk_messages_received_total", channel="email") == 0
        assert value(before, "complaintdesk_backlog_up") == 1

        sender = "olga@example.org"
        replies = await context.dialogue.handle(InboundMessage(
            "email", sender, sender, "The washing machine you delivered on 3 May leaks water, I want it replaced.",
            clock.now(), platform_message_id="<m1@example.org>"))
        (case,) = await core.queries.cases_of(Identity("email", sender))
        assert case.reference in replies[0].text
        async with core.uow() as uow:  # one reply the person never gets, one to a channel nobody serves
            await uow.queue([
                outbox.reply(channel="telegram", address="4242", text="Hello", lang="en", key="t1", now=clock.now()),
                outbox.reply(channel="fax", address="+44 20 7946 0000", text="Hello", lang="en", key="f1", now=clock.now()),
            ])
            await uow.commit()
        core.dispatcher.wake()

        async def settled() -> bool:
            rows = await core.queries.notifications(status=(NotificationStatus.DEAD, NotificationStatus.PENDING))
            return {(row.channel, row.status, row.attempts) for row in rows} >= {
                ("telegram", NotificationStatus.DEAD, 1), ("fax", NotificationStatus.PENDING, 1)}

        await until(settled)
        await InboundJournal("slack", core.uow, clock, "another-process").store(
            Arrival("slack:E1", b'{"event": {}}', clock.now(), conversation="U1"))
        clock.advance(days=90)  # far past the case's resolution target

        text, after = await scrape(runner.port)
        assert value(after, "complaintdesk_messages_received_total", channel="email") == 1
        assert value(after, "complaintdesk_cases_opened_total", channel="email") == 1
        assert value(after, "complaintdesk_acknowledgement_seconds_count", channel="email") == 1
        assert value(after, "complaintdesk_dialogue_turn_seconds_count", channel="email") == 1
        assert value(after, "complaintdesk_dialogue_turn_seconds_bucket", channel="email", le="+Inf") == 1
        assert value(after, "complaintdesk_nlu_seconds_count") >= 1
        assert value(after, "complaintdesk_delivery_failures_total", channel="telegram") == 1
        assert value(after, "complaintdesk_delivery_failures_total", channel="fax") == 1
        assert value(after, "complaintdesk_dead_letters", channel="telegram") == 1
        assert value(after, "complaintdesk_outbox_depth", channel="fax") == 1
        assert value(after, "complaintdesk_inbound_pending", channel="slack") == 1
        assert value(after, "complaintdesk_overdue_cases") == 1
        for help_line in ("# HELP complaintdesk_outbox_depth", "# TYPE complaintdesk_nlu_seconds histogram",
                          "# TYPE complaintdesk_messages_received_total counter"):
            assert help_line in text
    finally:
        await runner.stop()


async def test_the_backlog_is_read_at_most_every_few_seconds_and_a_database_away_is_told() -> None:
    metrics = PrometheusMetrics(backlog_seconds=60)
    reads: list[int] = []

    async def read() -> Backlog:
        reads.append(1)
        raise ConnectionRefusedError()

    await metrics.refresh(read)
    await metrics.refresh(read)
    assert len(reads) == 1
    (family,) = [f for f in text_string_to_metric_families(metrics.exposition().decode())
                 if f.name == "complaintdesk_backlog_up"]
    assert family.samples[0].value == 0
