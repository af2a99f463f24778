"""The durable journal of what a platform delivered (an email, a Telegram update, a Slack event):
stored before the platform hears it arrived, processed under a claim that counts attempts, and
settled together with the replies it led to, in one transaction. Writes go through group
commits: every arrival (or settlement) submitted while a transaction is in flight joins the next
one, and each caller waits until its own write is committed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from core.failures import CONFLICTS
from core.group_commit import GroupCommit
from core.model import InboundRecord, Notification
from core.ports import Clock
from core.status import InboundStatus
from core.ports import Delivered, DeliveryFailed, UnitOfWork

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
    :param inline: the replies are delivered at once, before the settlement is written (which
        stores them with what became of each); otherwise they are queued for the outbox
        dispatcher
    :param also: the channel's own reads and writes in the same transaction, run first; what it
        returns (replies built with what it read, the outcome in full) completes the settlement
    :param about: the reference of the case the delivery was about when someone other than the
        complainant wrote it (an agent in a card's thread): erasing the case clears it too
    """

    status: InboundStatus
    outcome: str
    replies: Sequence[Notification] = ()
    inline: bool = False
    about: str | None = None
    also: Callable[[UnitOfWork], Awaitable[Completion | None]] | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Completion:
    """What a settlement's ``also`` adds: more replies, and the outcome in full."""

    replies: Sequence[Notification] = ()
    outcome: str | None = None


SentRecorder = Callable[[UnitOfWork, Sequence[Notification], Sequence[Delivered | DeliveryFailed]], Awaitable[list[Notification]]]


@dataclass(frozen=True, slots=True)
class Sent:
    """The outcomes of a settlement's replies delivered inline, and how to store them (the outbox
    dispatcher's :meth:`~core.dispatcher.Dispatcher.record_sent`)."""

    outcomes: Sequence[Delivered | DeliveryFailed]
    record: SentRecorder


@dataclass(frozen=True, slots=True)
class _Settle:
    key: str
    settlement: Settlement
    sent: Sent | None


class InboundJournal:
    """The ``inbound`` rows of one channel, for one process (``owner`` names it in claims)."""

    def __init__(self, channel: str, uow: Callable[..., UnitOfWork], clock: Clock, owner: str, *,
                 lease_seconds: float = DEFAULT_LEASE_SECONDS, shared: bool = False) -> None:
        """:param shared: other processes may process this channel's rows too (a shared
            PostgreSQL database): a conversation's order is then kept across processes"""
        self.channel = channel
        self.shared = shared
        self.owner = owner
        self.lease = timedelta(seconds=lease_seconds)
        self._uow = uow
        self._clock = clock
        # Arrivals and settlements commit in batches of their own: a platform waiting for its
        # acknowledgement waits for the small transaction of arrivals, not for the replies of others.
        self._arrivals: GroupCommit[Arrival, InboundRecord | None] = GroupCommit(
            f"{channel}-journal-arrivals", self._store, alone_on=CONFLICTS)
        self._settlements: GroupCommit[_Settle, list[Notification]] = GroupCommit(
            f"{channel}-journal-settlements", self._settle_batch, alone_on=CONFLICTS)

    async def store(self, arrival: Arrival) -> InboundRecord | None:
        """Store a delivery, claimed by this process for its first attempt when it is pending;
        returns the row once committed, None if ``arrival.key`` was stored before."""
        return await self._arrivals.submit(arrival)

    async def settle(self, key: str, settlement: Settlement, *, sent: Sent | None = None) -> list[Notification]:
        """Record how processing ``key`` ended, with its replies (as ``sent`` says when they were
        delivered inline); returns the replies newly stored, with their ids."""
        return await self._settlements.submit(_Settle(key, settlement, sent))

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

    async def earlier_in_hand(self, record: InboundRecord, exclude: Sequence[int] = ()) -> bool:
        """Whether an earlier delivery of ``record``'s conversation is still being processed (by
        any process) or due; ``exclude``: this process's own deliveries in hand."""
        if record.conversation is None or record.id is None:
            return False
        async with self._uow(read_only=True) as uow:
            return await uow.earlier_inbound_in_hand(self.channel, record.conversation, record.id, self._clock.now(),
                                                     exclude=exclude)

    async def read(self, record_id: int) -> InboundRecord | None:
        async with self._uow(read_only=True) as uow:
            return await uow.inbound_by_id(record_id)

    async def close(self) -> None:
        await self._arrivals.close()
        await self._settlements.close()

    async def _store(self, batch: Sequence[Arrival]) -> list[InboundRecord | None]:
        lease_until = self._clock.now() + self.lease
        # A platform (or an SMTP client) is waiting for this commit.
        async with self._uow(urgent=True) as uow:
            known = await uow.inbound_keys(self.channel, list({a.key for a in batch}))
            fresh: dict[str, InboundRecord] = {}
            for arrival in batch:
                if arrival.key in known or arrival.key in fresh:
                    continue
                claimed = arrival.status is InboundStatus.PENDING
                fresh[arrival.key] = InboundRecord(
                    channel=self.channel, dedup_key=arrival.key, payload=arrival.payload,
                    received_at=arrival.received_at, status=arrival.status, outcome=arrival.outcome,
                    conversation=arrival.conversation, attempts=1 if claimed else 0,
                    claimed_by=self.owner if claimed else None, claimed_until=lease_until if claimed else None)
            ids = await uow.record_inbound([_columns(record) for record in fresh.values()])
            await uow.commit()
        for key, record in fresh.items():
            record.id = ids[key]
        # a key twice in one batch: the second is a redelivery
        return [fresh.pop(arrival.key, None) for arrival in batch]

    async def _settle_batch(self, batch: Sequence[_Settle]) -> list[list[Notification]]:
        """One transaction for the batch: its rows settled in one statement, its replies queued in
        another, then each settlement's further writes."""
        async with self._uow(urgent=True) as uow:  # a person waits for these replies
            completions = [await item.settlement.also(uow) if item.settlement.also else None for item in batch]
            replies = [[*item.settlement.replies, *(done.replies if done else ())]
                       for item, done in zip(batch, completions)]
            await uow.settle_inbound(self.channel, [
                {"key": item.key, "status": item.settlement.status, "about": item.settlement.about,
                 "outcome": ((done.outcome if done and done.outcome else None) or item.settlement.outcome)[:4000]}
                for item, done in zip(batch, completions)])
            stored: set[int] = set()
            for item in batch:  # the replies delivered already, stored as what became of each
                if item.sent is not None:
                    stored |= {id(n) for n in await item.sent.record(uow, item.settlement.replies, item.sent.outcomes)}
            queued = [n for item, theirs in zip(batch, replies) for n in theirs
                      if item.sent is None or n not in item.settlement.replies]
            stored |= {id(n) for n in await uow.queue_returning(queued)}
            await uow.commit()
        return [[n for n in theirs if id(n) in stored] for theirs in replies]

def _columns(record: InboundRecord) -> dict[str, object]:
    return {"channel": record.channel, "dedup_key": record.dedup_key, "payload": record.payload,
            "received_at": record.received_at, "status": record.status, "outcome": record.outcome,
            "conversation": record.conversation, "case_reference": record.case_reference,
            "attempts": record.attempts, "claimed_by": record.claimed_by,
            "claimed_until": record.claimed_until}
