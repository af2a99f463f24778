"""A mail whose processing was cut short after the dialogue had answered it (the worker killed,
the database connection lost before the replies were queued) is processed again and
acknowledged exactly once: the dialogue gives the same replies under the same keys, never none
(the lost acknowledgements of PostgreSQL + Redis) and never two. On both pairings of stores."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from channels.email.inbound.storing import arrival_of
from channels.email.plugin import signer_for
from channels.email.inbound.stored_mail import MailProcessor
from channels.inbound.journal import InboundJournal
from config.settings import Settings
from tests.support.clock import FixedClock
from tests.support.email.mails import COMPLAINT, mail
from tests.support.email.product import Product, start_product
from tests.support.email.relay import RecordingRelay


@pytest.fixture(params=["embedded", "redis+postgresql"])
def stores(request: pytest.FixtureRequest, redis_prefix: str) -> dict[str, object]:
    """The settings of each pairing of stores (servers looked up here, outside the event loop)."""
    if request.param == "embedded":
        return {}
    return {"database_url": request.getfixturevalue("postgres_url"),
            "redis_url": request.getfixturevalue("redis_url"), "redis_key_prefix": redis_prefix}


@pytest.fixture
async def backed_product(stores: dict[str, object], product_settings: Settings, clock: FixedClock,
                         relay: tuple[RecordingRelay, int]) -> AsyncIterator[Product]:
    running = await start_product(product_settings, clock, *relay, **stores)
    if stores:
        from sqlalchemy import text

        from tests.support.databases import truncate_sql

        async with running.core.engine.begin() as connection:
            await connection.execute(text(truncate_sql()))
    yield running
    await running.runner.stop()
    if stores:
        from redis.asyncio import Redis

        client = Redis.from_url(str(stores["redis_url"]))
        async for key in client.scan_iter(f"{stores['redis_key_prefix']}:*"):
            await client.delete(key)
        await client.aclose()


async def test_a_mail_whose_processing_died_after_the_dialogue_is_acknowledged_once(backed_product: Product,
                                                                                    clock: FixedClock) -> None:
    product = backed_product
    core = product.core
    # Another process stored the mail (and answered 250), ran the dialogue, and died before settling.
    crashed = InboundJournal("email", core.uow, clock, "crashed-host:8080", lease_seconds=60)
    record = await crashed.store(arrival_of(mail("<died@example.org>", COMPLAINT), clock.now()))
    assert record is not None
    dialogue = product.runner.context.dialogue  # type: ignore[union-attr]
    first = await MailProcessor(core, dialogue, signer_for(core.settings)).process(record)
    await crashed.close()
    assert first.also is not None and len(await product.cases()) == 1 and product.relay.received == []

    clock.advance(seconds=61)  # its claim runs out; this process takes it over
    assert await product.plugin.worker.sweep() == 1  # type: ignore[union-attr]
    await product.settle()
    [ack] = await product.mails(1)
    [case] = await product.cases()
    assert case.reference in ack["Subject"]
    assert len(product.relay.received) == 1, "exactly one acknowledgement"
    [row] = await product.inbound()
    assert (row.status, row.attempts) == ("done", 2)
