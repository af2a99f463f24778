"""Fixtures of the email channel's tests: the SMTP intake on a free loopback port, a recording
relay (a second aiosmtpd server), and the whole product mailing through it (tests/support/email/)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from config.settings import Settings
from tests.support.clock import FixedClock
from tests.support.cores import build_core
from tests.support.email.intake import Intake, start_intake
from tests.support.email.product import Product, start_product
from tests.support.email.relay import RecordingRelay, start_relay


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


@pytest.fixture
async def product(product_settings: Settings, clock: FixedClock,
                  relay: tuple[RecordingRelay, int]) -> AsyncIterator[Product]:
    running = await start_product(product_settings, clock, *relay)
    yield running
    await running.runner.stop()
