"""Processes stored messages after 250: one tracked task per new message, and a sweep of rows
left pending (by a crash, or by storage that was briefly away) at start and then periodically."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy.exc import DBAPIError, OperationalError

from channels.email.processor import CHANNEL, MailProcessor, Outcome
from core.model import InboundRecord
from core.runtime import Core
from channels.tasks import cancel_and_wait

log = logging.getLogger(__name__)
TRANSIENT = (OperationalError, DBAPIError, OSError, ConnectionError, TimeoutError)


class InboundWorker:
    def __init__(self, core: Core, processor: MailProcessor, *, concurrency: int = 1,
                 sweep_seconds: float = 30.0) -> None:
        self.core = core
        self.processor = processor
        self._slots = asyncio.Semaphore(concurrency)
        self.sweep_seconds = sweep_seconds
        self.tasks: set[asyncio.Task[None]] = set()
        self._in_flight: set[int] = set()
        self._sweeper: asyncio.Task[None] | None = None

    def submit(self, record: InboundRecord, *, recheck: bool = False) -> None:
        """Process ``record``, a pending row, unless it is in hand already. ``recheck`` (for rows a
        sweep read) reads its status again first: it may have been settled since."""
        record_id = record.id
        assert record_id is not None
        if record_id in self._in_flight:
            return
        self._in_flight.add(record_id)
        task = asyncio.create_task(self._run(record, recheck), name=f"email-inbound-{record_id}")
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _run(self, record: InboundRecord, recheck: bool) -> None:
        try:
            async with self._slots:
                if recheck:
                    async with self.core.uow() as uow:
                        current = await uow.session.get(InboundRecord, record.id)
                    if current is None or current.status != "pending":
                        return
                await self._process(record)
        finally:
            self._in_flight.discard(record.id)  # type: ignore[arg-type]

    async def _process(self, record: InboundRecord) -> None:
        try:
            outcome = await self.processor.process(record)
        except TRANSIENT as error:  # stays pending: the next sweep tries again
            log.warning("email %s left pending, storage unavailable: %s", record.id, type(error).__name__)
            return
        except Exception as error:
            log.exception("email %s failed", record.id)
            outcome = Outcome("failed", f"{type(error).__name__}: {error}"[:1000])
        if outcome.settled:
            log.info("email %s %s: %s", record.id, outcome.status, outcome.detail)
        else:
            await self._finish(record.id, record.dedup_key, outcome)  # type: ignore[arg-type]

    async def _finish(self, record_id: int, key: str, outcome: Outcome) -> None:
        async with self.core.uow() as uow:
            await uow.settle_inbound(CHANNEL, [{"key": key, "status": outcome.status, "outcome": outcome.detail}])
            await uow.commit()
        log.info("email %s %s: %s", record_id, outcome.status, outcome.detail)

    async def sweep(self) -> int:
        """Submit every pending row; returns how many were submitted."""
        async with self.core.uow() as uow:
            pending = await uow.pending_inbound(CHANNEL, limit=1000)
        for record in pending:
            self.submit(record, recheck=True)
        return len(pending)

    async def drain(self) -> None:
        """Wait until every submitted message is processed (tests, shutdown)."""
        while self.tasks:
            await asyncio.gather(*list(self.tasks), return_exceptions=True)

    async def _sweep_forever(self) -> None:
        while True:
            try:
                await self.sweep()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("email sweep failed; retrying later", exc_info=True)
            await asyncio.sleep(self.sweep_seconds)

    def start(self) -> None:
        self._sweeper = asyncio.create_task(self._sweep_forever(), name="email-sweep")

    async def stop(self) -> None:
        await cancel_and_wait([self._sweeper])
        await self.drain()
