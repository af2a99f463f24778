"""Processes stored messages after 250: one tracked task per new message, and a sweep of rows
left pending (by a crash, or by storage that was briefly away) at start and then periodically."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Protocol

from sqlalchemy.exc import DBAPIError, OperationalError

from channels.email.processor import CHANNEL, MailProcessor, Outcome
from channels.tasks import cancel_and_wait
from core.model import InboundRecord
from core.runtime import Core

log = logging.getLogger(__name__)
TRANSIENT = (OperationalError, DBAPIError, OSError, ConnectionError, TimeoutError)


class MailWorker(Protocol):
    """What the SMTP intake hands stored messages to: this process's :class:`InboundWorker`, or
    :class:`channels.email.worker_process.WorkerProcess`, which runs one in a child process."""

    def submit(self, record: InboundRecord) -> None:
        """Process ``record``, a pending row just stored."""

    async def start(self) -> None: ...

    async def stop(self) -> None:
        """Finish what was submitted, then stop."""

    async def drain(self) -> None:
        """Wait until every submitted message is processed (tests, shutdown)."""

    async def sweep(self) -> int:
        """Submit every pending row now; returns how many."""


class InboundWorker:
    def __init__(self, core: Core, processor: MailProcessor, *, concurrency: int = 1,
                 sweep_seconds: float = 30.0, on_done: Callable[[int, Outcome], None] | None = None) -> None:
        self.core = core
        self.processor = processor
        self._slots = asyncio.Semaphore(concurrency)
        self.sweep_seconds = sweep_seconds
        self.on_done = on_done
        self.tasks: set[asyncio.Task[None]] = set()
        self._in_flight: set[int] = set()
        self._sweeper: asyncio.Task[None] | None = None

    def submit(self, record: InboundRecord) -> None:
        """Process ``record``, a pending row just stored, unless it is in hand already."""
        assert record.id is not None
        self._track(record.id, record)

    def submit_id(self, record_id: int) -> None:
        """Process the row ``record_id`` if it is still pending (read again first: a sweep's rows
        may have been settled since, and a worker process is told only the id)."""
        self._track(record_id, None)

    def _track(self, record_id: int, record: InboundRecord | None) -> None:
        if record_id in self._in_flight:
            return
        self._in_flight.add(record_id)
        task = asyncio.create_task(self._run(record_id, record), name=f"email-inbound-{record_id}")
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _run(self, record_id: int, record: InboundRecord | None) -> None:
        try:
            async with self._slots:
                if record is None:
                    async with self.core.uow(read_only=True) as uow:
                        record = await uow.session.get(InboundRecord, record_id)
                    if record is None or record.status != "pending":
                        return
                outcome = await self._process(record)
            if outcome is not None and self.on_done is not None:
                self.on_done(record_id, outcome)
        except Exception:  # storage away while reading the row: the next sweep tries again
            log.warning("email %s left pending", record_id, exc_info=True)
        finally:
            self._in_flight.discard(record_id)

    async def _process(self, record: InboundRecord) -> Outcome | None:
        try:
            outcome = await self.processor.process(record)
        except TRANSIENT as error:  # stays pending: the next sweep tries again
            log.warning("email %s left pending, storage unavailable: %s", record.id, type(error).__name__)
            return None
        except Exception as error:
            log.exception("email %s failed", record.id)
            outcome = Outcome("failed", f"{type(error).__name__}: {error}"[:1000])
        if outcome.settled:
            log.info("email %s %s: %s", record.id, outcome.status, outcome.detail)
        else:
            await self._finish(record.id, record.dedup_key, outcome)  # type: ignore[arg-type]
        return outcome

    async def _finish(self, record_id: int, key: str, outcome: Outcome) -> None:
        async with self.core.uow() as uow:
            await uow.settle_inbound(CHANNEL, [{"key": key, "status": outcome.status, "outcome": outcome.detail}])
            await uow.commit()
        log.info("email %s %s: %s", record_id, outcome.status, outcome.detail)

    async def sweep(self) -> int:
        """Submit every pending row; returns how many were submitted."""
        async with self.core.uow(read_only=True) as uow:
            pending = await uow.pending_inbound_ids(CHANNEL, limit=1000)
        for record_id in pending:
            self.submit_id(record_id)
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

    async def start(self) -> None:
        """Start sweeping: the first sweep picks up whatever a previous run left pending."""
        self._sweeper = asyncio.create_task(self._sweep_forever(), name="email-sweep")

    async def stop(self) -> None:
        await cancel_and_wait([self._sweeper])
        await self.drain()
