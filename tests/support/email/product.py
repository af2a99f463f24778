"""The whole product (Runner, SQLite core, the real dialogue manager) with the email channel,
sending through the recording relay; helpers to mail it with smtplib and wait for the work."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from email.message import EmailMessage

from sqlalchemy import select

from channels.email.plugin import EmailPlugin
from channels.app.runner import Runner
from config.settings import Settings
from core.model import Case, InboundRecord, Notification
from core.ports import Clock, SystemClock
from core.runtime import Core
from tests.support.clock import FixedClock
from tests.support.cores import build_core
from tests.support.email.relay import RecordingRelay
from tests.support.email.smtp_client import SendResult, send


@dataclass
class Product:
    runner: Runner
    plugin: EmailPlugin
    relay: RecordingRelay
    clock: Clock

    @property
    def core(self) -> Core:
        return self.runner.core

    @property
    def port(self) -> int:
        assert self.plugin.port is not None
        return self.plugin.port

    async def send(self, raw: bytes, **options: object) -> SendResult:
        return await send(self.port, raw, **options)

    async def settle(self) -> None:
        """Every stored message processed and every due notification handled."""
        assert self.plugin.worker is not None
        for _ in range(50):
            await self.plugin.worker.drain()
            await self.core.dispatcher.run_until_idle()
            if not self.plugin.worker.in_flight and not await self.due_notifications():
                return
            await asyncio.sleep(0.02)

    async def due_notifications(self) -> int:
        async with self.core.uow() as uow:
            rows = await uow.notifications(status=["pending", "sending"], limit=10_000)
        return sum(1 for n in rows if n.next_attempt_at <= self.clock.now())

    async def mails(self, count: int) -> list[EmailMessage]:
        return await self.relay.wait_for(count)

    async def inbound(self) -> list[InboundRecord]:
        async with self.core.uow() as uow:
            return list((await uow.session.execute(select(InboundRecord).order_by(InboundRecord.id))).scalars())

    async def cases(self) -> list[Case]:
        async with self.core.uow() as uow:
            return list((await uow.session.execute(select(Case).order_by(Case.received_at))).scalars())

    async def notifications(self, channel: str) -> list[Notification]:
        async with self.core.uow() as uow:
            return [n for n in await uow.notifications(limit=10_000) if n.channel == channel]


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
