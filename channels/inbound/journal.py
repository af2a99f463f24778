"""The durable journal of what a platform delivered (an email, a Telegram update, a Slack event):
stored before the platform hears it arrived, processed under a claim that counts attempts, and
settled together with the replies it led to, in one transaction. Writes go through a group
commit: every arrival or settlement submitted while a transaction is in flight joins the next
one, and each caller waits until its own write is committed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError

from core.group_commit import GroupCommit
from core.model import InboundRecord, Notification
from core.ports import Clock
from core.status import InboundStatus, NotificationStatus
from core.storage.uow import UnitOfWork

DEFAULT_LEASE_SECONDS = 120.0


@dataclass(frozen=True, slots=True)
class Arrival:
    """A delivery to store. ``conversation`` names its sender as the channel does (an address, a
    chat id): replays keep each conversation's order, and erasure finds the person's rows."""

    key: str
    payload: bytes
    received_at: datetime
    conversation: str | None = None
    status: InboundStatus = InboundStatus.PENDING
    outcome: str | None = None


@dataclass(frozen=True, slots=True)
class Settlement:
    """How processing one delivery ended, written in one transaction with what it led to.

    :param replies: outbox rows (idempotent on their keys: a delivery settled again after a crash
        queues nothing twice)
    :param inline: the replies are delivered at once by the process that settles (they are queued
        already claimed by it); otherwise the outbox dispatcher delivers them
    :param also: further writes of the channel's in the same transaction
    :param about: the reference of the case the delivery was about when someone other than the
        complainant wrote it (an agent in a card's thread): erasing the case clears it too
    """

    status: InboundStatus
    outcome: str
    replies: Sequence[Notification] = ()
    inline: bool = False
    about: str | None = None
    also: Callable[[UnitOfWork], Awaitable[None]] | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class _Settle:
    key: str
    settlement: Settlement
    claimer: str | None


class InboundJournal:
    """The ``inbound`` rows of one channel, for one process (``owner`` names it in claims)."""

    def __init__(self, channel: str, uow: Callable[..., UnitOfWork], clock: Clock, owner: str, *,
                 lease_seconds: float = DEFAULT_LEASE_SECONDS) -> None:
        self.channel = channel
        self.owner = owner
        self.lease = timedelta(seconds=lease_seconds)
        self._uow = uow
        self._clock = clock
        self._writes: GroupCommit[Arrival | _Settle, object] = GroupCommit(
            f"{channel}-journal", self._write, alone_on=(IntegrityError,))

    async def store(self, arrival: Arrival) -> InboundRecord | None:
        """Store a delivery, claimed by this process for its first attempt when it is pending;
        returns the row once committed, None if ``arrival.key`` was stored before."""
        stored = await self._writes.submit(arrival)
        return stored if isinstance(stored, InboundRecord) else None

    async def settle(self, key: str, settlement: Settlement, *, claimer: str | None = None) -> list[Notification]:
        """Record how processing ``key`` ended, with its replies; returns the replies newly
        queued (with their ids), already claimed (by ``claimer``, the outbox dispatcher of this
        process) when ``settlement.inline``."""
        queued = await self._writes.submit(_Settle(key, settlement, claimer))
        assert isinstance(queued, list)
        return queued

    async def claim(self, limit: int, *, take_own: bool = False, exclude: Sequence[int] = ()) -> list[InboundRecord]:
        """Take pending rows nobody holds (and with ``take_own`` those this owner held before a
        restart) for one more attempt each."""
        now = self._clock.now()
        async with self._uow() as uow:
            claimed = await uow.claim_inbound(self.channel, self.owner, now, now + self.lease, limit,
                                              take_own=take_own, exclude=exclude)
            await uow.commit()
        return claimed

    async def release(self, key: str, not_before: datetime, *, refund: bool = False) -> None:
        """Give a claimed row back, to be taken again from ``not_before``; ``refund``: the attempt
        does not count (the storage or the network failed, not the delivery)."""
        async with self._uow() as uow:
            await uow.release_inbound(self.channel, key, self.owner, not_before, refund=refund)
            await uow.commit()

    async def read(self, record_id: int) -> InboundRecord | None:
        async with self._uow(read_only=True) as uow:
            return await uow.inbound_by_id(record_id)

    async def close(self) -> None:
        await self._writes.close()

    async def _write(self, batch: Sequence[Arrival | _Settle]) -> list[object]:
        now = self._clock.now()
        lease_until = now + self.lease
        # A platform (or an SMTP client) is waiting for the commit of an arrival.
        async with self._uow(urgent=True) as uow:
            arrivals = [item for item in batch if isinstance(item, Arrival)]
            known = await uow.inbound_keys(self.channel, list({a.key for a in arrivals})) if arrivals else set()
            fresh: dict[str, InboundRecord] = {}
            for arrival in arrivals:
                if arrival.key in known or arrival.key in fresh:
                    continue
                claimed = arrival.status is InboundStatus.PENDING
                fresh[arrival.key] = InboundRecord(
                    channel=self.channel, dedup_key=arrival.key, payload=arrival.payload,
                    received_at=arrival.received_at, status=arrival.status, outcome=arrival.outcome,
                    conversation=arrival.conversation, attempts=1 if claimed else 0,
                    claimed_by=self.owner if claimed else None, claimed_until=lease_until if claimed else None)
            ids = await uow.record_inbound([_columns(record) for record in fresh.values()])
            for key, record in fresh.items():
                record.id = ids[key]
            results: list[object] = []
            for item in batch:
                if isinstance(item, Arrival):
                    record = fresh.pop(item.key, None)  # a key twice in one batch: the second is a redelivery
                    results.append(record)
                else:
                    results.append(await self._settle(uow, item, lease_until))
            await uow.commit()
        return results

    async def _settle(self, uow: UnitOfWork, item: _Settle, lease_until: datetime) -> list[Notification]:
        settlement = item.settlement
        await uow.settle_inbound(self.channel, [{"key": item.key, "status": settlement.status,
                                                 "outcome": settlement.outcome[:4000], "about": settlement.about}])
        if settlement.also is not None:
            await settlement.also(uow)
        if settlement.inline:
            for reply in settlement.replies:
                reply.status, reply.locked_until, reply.claimed_by = NotificationStatus.SENDING, lease_until, item.claimer
        return await uow.queue_returning(settlement.replies)


def _columns(record: InboundRecord) -> dict[str, object]:
    return {"channel": record.channel, "dedup_key": record.dedup_key, "payload": record.payload,
            "received_at": record.received_at, "status": record.status, "outcome": record.outcome,
            "conversation": record.conversation, "case_reference": record.case_reference,
            "attempts": record.attempts, "claimed_by": record.claimed_by,
            "claimed_until": record.claimed_until}
