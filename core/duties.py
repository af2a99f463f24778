"""Singleton duties (the timers, Telegram long polling): work that one process of a cluster does
at a time. A :class:`DutyLock` is one process's hold on one duty, kept by calling
:meth:`DutyLock.keep` every few seconds; the store behind it decides who holds it (PostgreSQL's
advisory locks in :mod:`core.storage.duty_lock`, Redis in ``channels.app.redis_duty``, this
process alone here)."""

from __future__ import annotations

from typing import Protocol


class DutyLock(Protocol):
    """One process's hold on the duty ``name``."""

    name: str
    backend: str  # where the hold is kept: "postgresql", "redis" or "process"

    @property
    def token(self) -> int | None:
        """The fencing token of the current hold (it grows with every new holder), None when not held."""

    async def keep(self) -> bool:
        """Take the duty if nobody holds it, or confirm that this process still does; False when
        another process holds it or the store cannot be reached (this process must not do the
        duty then). Never raises: a store that is away answers False."""

    async def release(self) -> None:
        """Let the duty go now, so that another process takes it without waiting for a lease."""

    async def close(self) -> None:
        """Release, and close what the hold was kept with."""


class ProcessDutyLock:
    """Every duty held by this process: a deployment of one process (SQLite) needs no store."""

    backend = "process"

    def __init__(self, name: str) -> None:
        self.name = name
        self._held = False

    @property
    def token(self) -> int | None:
        return 1 if self._held else None

    async def keep(self) -> bool:
        self._held = True
        return True

    async def release(self) -> None:
        self._held = False

    async def close(self) -> None:
        self._held = False
