"""The core's ports: what it needs from the outside world, as protocols."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Protocol

from core.model import Notification


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class DeliveryFailed(Exception):
    """Raised by a notifier. ``permanent`` failures (the person blocked the bot, the address does
    not exist) are not retried: the contact is marked unreachable and agents are told.
    ``retry_after`` asks for the next attempt no sooner than that many seconds."""

    def __init__(self, reason: str, *, permanent: bool = False, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason, self.permanent, self.retry_after = reason, permanent, retry_after


@dataclass(frozen=True, slots=True)
class Delivered:
    """What the platform gave back: a message id or thread handle worth keeping (may be None)."""

    ref: str | None = None


class Notifier(Protocol):
    """Delivers outbox notifications over one channel (``telegram``, ``slack``, ``email``,
    ``console``, or ``agents`` for the agents' own channel).

    ``deliver`` must be idempotent on ``notification.idempotency_key`` where the platform allows,
    and raise :class:`DeliveryFailed` on failure; any other exception counts as a transient failure.
    """

    channel: str

    async def deliver(self, notification: Notification) -> Delivered: ...


class ConversationStates(Protocol):
    """Opaque state kept per conversation with a time to live: the dialogue's sessions in a
    deployment without Redis (they survive a restart and are shared by the product's processes)."""

    async def load(self, key: str) -> bytes | None:
        """The state saved under ``key``, or None (never saved, deleted or expired)."""

    async def save(self, key: str, data: bytes, ttl_seconds: int) -> None: ...

    async def delete(self, key: str) -> None: ...
