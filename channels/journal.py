"""The durable journal of what a platform delivered (Telegram updates, Slack events), written
before the platform is told it arrived, with group commit: every delivery stored (or marked done)
while a transaction is in flight joins the next one, so fifty people writing at once cost a
handful of commits instead of a hundred, and each caller still waits until its own row is
committed."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from core.storage.uow import UnitOfWork
from channels.tasks import cancel_and_wait

log = logging.getLogger(__name__)
MAX_BATCH = 200


@dataclass
class _Write:
    key: str
    payload: bytes | None = None  # set for a new record; None for a status change
    status: str = "pending"
    outcome: str | None = None
    received_at: datetime | None = None
    done: asyncio.Future[bool] = field(default_factory=lambda: asyncio.get_running_loop().create_future())


class DeliveryJournal:
    """Rows of the ``inbound`` table for one channel, keyed by the platform's delivery id."""

    def __init__(self, channel: str, uow: Callable[..., UnitOfWork]) -> None:
        self.channel = channel
        self._uow = uow
        self._queue: asyncio.Queue[_Write] = asyncio.Queue()
        self._worker: asyncio.Task[None] | None = None

    async def record(self, key: str, payload: bytes, received_at: datetime, *, status: str = "pending",
                     outcome: str | None = None) -> bool:
        """Store a delivery; True once committed, False if ``key`` was stored before."""
        return await self._submit(_Write(key, payload, status, outcome, received_at))

    async def mark(self, key: str, status: str, outcome: str) -> None:
        """Record how processing the delivery ``key`` ended."""
        await self._submit(_Write(key, None, status, outcome))

    async def _submit(self, write: _Write) -> bool:
        if self._worker is None or self._worker.done():
            self._worker = asyncio.create_task(self._run(), name=f"{self.channel}-journal")
        await self._queue.put(write)
        return await write.done

    async def close(self) -> None:
        await cancel_and_wait([self._worker])

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while not self._queue.empty() and len(batch) < MAX_BATCH:
                batch.append(self._queue.get_nowait())
            try:
                results = await self._commit(batch)
            except IntegrityError:  # another process stored one of these meanwhile: one at a time
                for write in batch:
                    await self._commit_alone(write)
                continue
            except Exception as error:  # the database is away: every caller hears it
                for write in batch:
                    _settle(write, error=error)
                continue
            for write, result in zip(batch, results):
                _settle(write, result)

    async def _commit_alone(self, write: _Write) -> None:
        try:
            (result,) = await self._commit([write])
        except IntegrityError:
            _settle(write, False)
        except Exception as error:
            _settle(write, error=error)
        else:
            _settle(write, result)

    async def _commit(self, batch: list[_Write]) -> list[bool]:
        async with self._uow(urgent=True) as uow:  # a platform is waiting for our answer
            known = await uow.inbound_keys(self.channel, list({write.key for write in batch}))
            results, new, settled = [], [], []
            for write in batch:
                if write.payload is not None:  # an arrival: stored unless it is a redelivery
                    fresh = write.key not in known
                    if fresh:
                        new.append({"channel": self.channel, "dedup_key": write.key, "payload": write.payload,
                                    "received_at": write.received_at, "status": write.status,
                                    "outcome": write.outcome})
                        known.add(write.key)
                    results.append(fresh)
                else:  # an outcome for a stored arrival (inserted before the updates run)
                    if write.key in known:
                        settled.append({"key": write.key, "status": write.status, "outcome": write.outcome})
                    results.append(write.key in known)
            await uow.record_inbound(new)
            await uow.settle_inbound(self.channel, settled)
            await uow.commit()
        return results


def _settle(write: _Write, result: bool = False, *, error: BaseException | None = None) -> None:
    if write.done.done():
        return  # the caller gave up waiting (cancelled)
    if error is not None:
        write.done.set_exception(error)
    else:
        write.done.set_result(result)
