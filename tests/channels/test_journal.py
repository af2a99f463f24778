"""The delivery journal's group commit, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

from channels.journal import DeliveryJournal
from core.runtime import Core
from tests.support.clock import FixedClock


async def test_concurrent_updates_are_stored_once_each_and_marked(core: Core, clock: FixedClock) -> None:
    journal = DeliveryJournal("telegram", core.uow)
    try:
        keys = [str(n) for n in range(60)]
        stored = await asyncio.gather(*(journal.record(k, b"{}", clock.now()) for k in keys + keys[:10]))
        assert stored.count(True) == 60 and stored.count(False) == 10
        assert await journal.record("5", b"{}", clock.now()) is False
        await asyncio.gather(*(journal.mark(k, "done", f"processed {k}") for k in keys[:30]))
        async with core.uow() as uow:
            pending = await uow.pending_inbound("telegram", limit=1000)
            record = await uow.inbound("telegram", "7")
        assert len(pending) == 30
        assert record is not None and (record.status, record.outcome) == ("done", "processed 7")
    finally:
        await journal.close()


async def test_each_channel_has_its_own_keys(core: Core, clock: FixedClock) -> None:
    telegram, slack = DeliveryJournal("telegram", core.uow), DeliveryJournal("slack", core.uow)
    try:
        assert await telegram.record("Ev1", b"{}", clock.now())
        assert await slack.record("Ev1", b"{}", clock.now())
        assert not await slack.record("Ev1", b"{}", clock.now())
    finally:
        await telegram.close()
        await slack.close()
