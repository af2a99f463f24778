"""Fixtures of the email channel's tests: the SMTP intake on a free loopback port, and a
recording relay (a second aiosmtpd server)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest

from bot.keys import KeyBuilder
from bot.kv import MemoryKeyValue
from channels.email.inbound.acceptance import IntakeHandler
from channels.email.inbound.listener import bound_port, start_smtp_server
from channels.email.inbound.handoff import mail_journal
from config.settings import Settings
from core.model import InboundRecord
from core.ports import Clock, SystemClock
from core.runtime import Core
from core.storage.schema import create_all
from channels.email.plugin import EmailPlugin
from channels.app.runner import Runner
from tests.channels.email.product import Product
from tests.channels.email.relay import RecordingRelay, start_relay
from tests.support.clock import FixedClock


async def build_core(settings: Settings, clock: Clock | None, *, schema: bool = True, **changes: object) -> Core:
    core = Core.build(settings.model_copy(update=changes), clock=clock)
    if schema:
        await create_all(core.engine)
    return core


@dataclass
class Intake:
    """The SMTP server and its handler; ``stored`` collects the rows it handed to processing."""

    core: Core
    port: int
    handler: IntakeHandler
    stored: list[InboundRecord] = field(default_factory=list)


async def start_intake(core: Core) -> tuple[asyncio.Server, Intake]:
    stored: list[InboundRecord] = []
    handler = IntakeHandler(core, mail_journal(core), MemoryKeyValue(), KeyBuilder("cdtest-email"), stored.append)
    server = await start_smtp_server(handler, core.settings.model_copy(update={"smtp_port": 0}))
    return server, Intake(core, bound_port(server), handler, stored)


@pytest.fixture
async def intake(settings: Settings, clock: FixedClock) -> AsyncIterator[Intake]:
    core = await build_core(settings, clock, smtp_max_message_bytes=64 * 1024)
    server, running = await start_intake(core)
    yield running
    server.close()
    await server.wait_closed()
    await running.handler.journal.close()
    await core.close()


@pytest.fixture
async def relay() -> AsyncIterator[tuple[RecordingRelay, int]]:
    recording = RecordingRelay()
    server, port = await start_relay(recording)
    yield recording, port
    server.close()
    await server.wait_closed()


async def start_product(settings: Settings, clock: FixedClock | None, relay: RecordingRelay, relay_port: int,
                        **changes: object) -> Product:
    """The whole product mailing through ``relay``; on ``clock``, or on the system clock when
    None (a worker process keeps its own time)."""
    settings = settings.model_copy(update={"mail_relay_host": "127.0.0.1", "mail_relay_port": relay_port,
                                           "outbox_base_delay_seconds": 0.05, **changes})
    core = await build_core(settings, clock)  # the schema, as `complaintdesk db upgrade` makes it
    await core.close()
    plugin = EmailPlugin()
    runner = Runner(settings, clock=clock, plugins=[plugin])
    await runner.start()
    return Product(runner, plugin, relay, clock or SystemClock())


@pytest.fixture
async def product(product_settings: Settings, clock: FixedClock,
                  relay: tuple[RecordingRelay, int]) -> AsyncIterator[Product]:
    running = await start_product(product_settings, clock, *relay)
    yield running
    await running.runner.stop()
