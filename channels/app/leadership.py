"""The singleton duties of this process: each is a piece of work (the timers, Telegram long
polling) that runs here only while this process holds the duty's lock, and is stopped as soon as
it does not. Every ``renew_seconds`` each lock is kept (taken, renewed or confirmed): a duty whose
holder died is taken over within that period after its store lets the lock go (at once on
PostgreSQL, when the session ends; after the key's time to live on Redis)."""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.keys import KeyBuilder
from channels.app.background import cancel_and_wait
from channels.app.redis_duty import RedisDutyLock
from core.duties import DutyLock, ProcessDutyLock
from core.runtime import Core

if TYPE_CHECKING:
    from redis.asyncio import Redis

log = logging.getLogger(__name__)
DEFAULT_RENEW_SECONDS = 2.0
LockFactory = Callable[[str], DutyLock]
Work = Callable[[], Coroutine[Any, Any, None]]


@dataclass
class _Duty:
    lock: DutyLock
    work: Work
    task: asyncio.Task[None] | None = None


class Leadership:
    """:param locks: the lock for a duty's name (see :func:`duty_locks`)"""

    def __init__(self, locks: LockFactory, *, renew_seconds: float = DEFAULT_RENEW_SECONDS) -> None:
        self._locks = locks
        self.renew_seconds = renew_seconds
        self._duties: dict[str, _Duty] = {}
        self._loop: asyncio.Task[None] | None = None
        self._changed = asyncio.Event()

    def duty(self, name: str, work: Work) -> None:
        """Run ``work()`` while this process holds ``name`` (again if it returns or fails while
        held); it is cancelled when the duty is lost."""
        if name in self._duties:
            raise ValueError(f"duty {name} is registered already")
        self._duties[name] = _Duty(self._locks(name), work)
        self._changed.set()

    def held(self) -> dict[str, int | None]:
        """The duties this process holds now, with their fencing tokens."""
        return {name: duty.lock.token for name, duty in self._duties.items() if duty.task is not None}

    @property
    def backends(self) -> set[str]:
        return {duty.lock.backend for duty in self._duties.values()}

    async def start(self) -> None:
        await self.keep_all()
        self._loop = asyncio.create_task(self._keep_forever(), name="duties")

    async def keep_all(self) -> None:
        """One round: keep every lock, start the work of duties gained, stop that of duties lost."""
        for name, duty in list(self._duties.items()):
            held = await duty.lock.keep()
            running = duty.task is not None and not duty.task.done()
            if held and not running:
                if duty.task is not None:
                    self._finished(name, duty.task)
                log.info("duty %s: held by this process (token %s)", name, duty.lock.token)
                duty.task = asyncio.create_task(duty.work(), name=f"duty-{name}")
            elif not held and duty.task is not None:
                log.info("duty %s: no longer held by this process; stopped here", name)
                await cancel_and_wait([duty.task])
                duty.task = None

    async def stop(self) -> None:
        """Stop every duty's work and let every lock go (another process takes them at once)."""
        await cancel_and_wait([self._loop])
        for name, duty in self._duties.items():
            await cancel_and_wait([duty.task])
            if duty.task is not None:
                log.info("duty %s: released", name)
            duty.task = None
            await duty.lock.close()

    async def _keep_forever(self) -> None:
        while True:
            self._changed.clear()
            try:
                async with asyncio.timeout(self.renew_seconds):
                    await self._changed.wait()
            except TimeoutError:
                pass
            try:
                await self.keep_all()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("duties: a round failed")

    @staticmethod
    def _finished(name: str, task: asyncio.Task[None]) -> None:
        error = None if task.cancelled() else task.exception()
        if error is not None:
            log.error("duty %s: its work failed (%s); started again", name, type(error).__name__, exc_info=error)
        else:
            log.warning("duty %s: its work ended; started again", name)


def duty_locks(core: Core, redis: Redis | None, keys: KeyBuilder) -> LockFactory:
    """Where the duties are held: PostgreSQL when the database is PostgreSQL, Redis when it is
    configured (and the database is not), this process alone otherwise (SQLite, one process)."""
    run = secrets.token_hex(4)

    def lock(name: str) -> DutyLock:
        held = core.duty_lock(name)
        if held is not None:
            return held
        if redis is not None:
            return RedisDutyLock(redis, name, keys=keys, holder=f"{core.settings.instance}:{run}")
        return ProcessDutyLock(name)

    return lock
