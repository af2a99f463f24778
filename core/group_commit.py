"""Group commit: items submitted while a transaction is in flight join the next one, so many
concurrent writers cost a handful of commits instead of one each, and every caller still waits
until its own item is committed."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

W = TypeVar("W")
R = TypeVar("R")
MAX_BATCH = 200


class GroupCommit(Generic[W, R]):
    """Runs ``write`` (one transaction over a batch, returning one result per item in order) in a
    task of its own. When a batch fails with one of ``alone_on``, its items are written one at a
    time, so one item's conflict does not fail the others; any other failure reaches every caller
    of the batch."""

    def __init__(self, name: str, write: Callable[[Sequence[W]], Awaitable[Sequence[R]]], *,
                 alone_on: tuple[type[BaseException], ...] = (), max_batch: int = MAX_BATCH) -> None:
        self.name = name
        self._write = write
        self._alone_on = alone_on
        self._max_batch = max_batch
        self._queue: asyncio.Queue[tuple[W, asyncio.Future[R]]] = asyncio.Queue()
        self._worker: asyncio.Task[None] | None = None

    async def submit(self, item: W) -> R:
        """Write ``item`` with whatever else is waiting; returns its result once committed."""
        if self._worker is None or self._worker.done():
            self._worker = asyncio.create_task(self._run(), name=self.name)
        done: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        await self._queue.put((item, done))
        return await done

    async def close(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            try:
                await self._worker
            except asyncio.CancelledError:
                pass
            self._worker = None

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while not self._queue.empty() and len(batch) < self._max_batch:
                batch.append(self._queue.get_nowait())
            await self._commit(batch)

    async def _commit(self, batch: list[tuple[W, asyncio.Future[R]]]) -> None:
        try:
            results = await self._write([item for item, _ in batch])
        except self._alone_on as error:
            if len(batch) > 1:
                for one in batch:
                    await self._commit([one])
                return
            _settle(batch, error=error)
        except Exception as error:
            _settle(batch, error=error)
        else:
            for (_, done), result in zip(batch, results):
                if not done.done():  # the caller may have given up waiting (cancelled)
                    done.set_result(result)


def _settle(batch: list[tuple[W, asyncio.Future[R]]], *, error: BaseException) -> None:
    for _, done in batch:
        if not done.done():
            done.set_exception(error)
