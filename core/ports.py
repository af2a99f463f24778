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


@dataclass(frozen=True, slots=True)
class ErasureScope:
    """What an erasure covers, as a place outside the database finds what it keeps of it.

    :param references: the cases whose personal data goes
    :param links: (reference, kind, value) of those cases' links, read before any is dropped
    :param deliveries: (channel, platform reference) of every notification of those cases, and of
        every one sent to the person outside a case, that a channel delivered (a Message-ID, a
        Slack ``<channel>/<ts>``)
    :param addresses: (channel, address) of the person when they are erased as a whole (their
        identities, the reply addresses of their cases, the email address they gave); empty when
        only cases past their retention go and the person stays
    """

    references: tuple[str, ...]
    links: frozenset[tuple[str, str, str]] = frozenset()
    deliveries: frozenset[tuple[str, str]] = frozenset()
    addresses: frozenset[tuple[str, str]] = frozenset()


class PersonalDataHolder(Protocol):
    """Personal data a channel keeps outside the database: mail it wrote to a local folder,
    messages it posted on a platform. Channels register one with :class:`core.erasure.Erasure`,
    as they register notifiers; an erasure asks every holder before it cleans the database, so
    that a holder that fails loses nothing: the erasure is refused and can simply be run again.

    ``handles`` names the kinds of case links that are the channel's own handles on what it
    posted (they hold no personal data): those links stay, so the channel still finds its posts.
    """

    name: str
    handles: frozenset[str]

    async def erase(self, scope: ErasureScope) -> None:
        """Remove, or overwrite, whatever is held about ``scope``. Idempotent (it is asked again
        after a failure); raises when it could not be done."""
        ...
