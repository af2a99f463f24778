"""Work that runs after Slack has its acknowledgement: tracked tasks, never fire-and-forget."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable

from core.tracebacks import where_it_failed

log = logging.getLogger(__name__)


class BackgroundWork:
    """Keeps every task in a set until it is done, logs its failure, and can be drained or
    cancelled on shutdown. ``shared`` is the runner's set, so the runner sees these tasks too.
    At most ``limit`` run at once: the rest wait parked, off the event loop's ready queue, so new
    requests are still acknowledged promptly under load."""

    def __init__(self, shared: set | None = None, *, limit: int = 8) -> None:
        self._tasks: set[asyncio.Task[None]] = set()
        self._shared = shared if shared is not None else set()
        self._slots = asyncio.Semaphore(limit)

    def spawn(self, work: Awaitable[None], name: str) -> asyncio.Task[None]:
        task = asyncio.ensure_future(self._guarded(work, name))
        task.set_name(name)
        self._tasks.add(task)
        self._shared.add(task)
        task.add_done_callback(self._forget)
        return task

    def _forget(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        self._shared.discard(task)

    async def _guarded(self, work: Awaitable[None], name: str) -> None:
        try:
            async with self._slots:
                await work
        except asyncio.CancelledError:
            raise
        except Exception as error:
            log.error("slack background work %s failed: %s\n%s", name, type(error).__name__, where_it_failed(error))

    @property
    def pending(self) -> int:
        return len(self._tasks)

    async def drain(self, timeout: float = 10.0) -> None:
        """Wait until no task is left (new ones spawned meanwhile are waited for too)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self._tasks and loop.time() < deadline:
            await asyncio.wait(set(self._tasks), timeout=max(0.0, deadline - loop.time()))

    async def cancel(self) -> None:
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
