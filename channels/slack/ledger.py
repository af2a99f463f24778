"""Events API deliveries in the durable journal: each event is stored before Slack gets its ack,
marked when the work it started ends, and swept at start-up, so a crash between the ack and the
work means the event is done later, not lost. Slack's retries of a stored event are recognised by
``event_id`` and not handled twice."""

from __future__ import annotations

import json
from collections.abc import Awaitable

from channels.journal import DeliveryJournal
from core.runtime import Core

CHANNEL = "slack"


class EventLedger:
    def __init__(self, core: Core) -> None:
        self.journal = DeliveryJournal(CHANNEL, core.uow)
        self._core = core
        self._in_flight: set[str] = set()

    async def arrive(self, event_id: str, body: dict) -> bool:
        """Store the event; False if it was stored before (a retry)."""
        return await self.journal.record(event_id, json.dumps(body).encode(), self._core.clock.now())

    def claim(self, event_id: str) -> None:
        """Work for the event has started; ``tracked`` reports how it ended."""
        self._in_flight.add(event_id)

    async def ignored(self, event_id: str, reason: str) -> None:
        """No listener takes the event: it is settled at once."""
        await self.journal.mark(event_id, "ignored", f"ignored: {reason}")

    async def tracked(self, event_id: str, work: Awaitable[None]) -> None:
        try:
            await work
        except Exception as error:
            await self.journal.mark(event_id, "failed", f"failed: {type(error).__name__}: {error}"[:2000])
            raise
        else:
            await self.journal.mark(event_id, "done", "processed")
        finally:
            self._in_flight.discard(event_id)

    async def left_pending(self) -> list[tuple[str, dict]]:
        """Events an earlier run stored but did not finish (not those in flight now)."""
        async with self._core.uow() as uow:
            rows = await uow.pending_inbound(CHANNEL, limit=10_000)
        stored = []
        for row in rows:
            if row.dedup_key in self._in_flight:
                continue
            try:
                stored.append((row.dedup_key, json.loads(row.payload)))
            except ValueError:
                await self.journal.mark(row.dedup_key, "failed", "failed: the stored body is not JSON")
        return stored

    async def close(self) -> None:
        await self.journal.close()
