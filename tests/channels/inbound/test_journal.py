"""The inbound journal on SQLite and PostgreSQL: arrivals stored once each with group commit and
claimed for their first attempt; settlements written with their replies, once; claims that run
out are taken over, and an instance that restarts takes its own at once."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from channels.inbound.journal import Arrival, InboundJournal, Sent, Settlement
from core import outbox
from core.ports import Delivered, DeliveryFailed
from core.runtime import Core
from core.status import InboundStatus
from tests.support.clock import FixedClock


def _arrival(key: str, clock: FixedClock, conversation: str = "chat-1") -> Arrival:
    return Arrival(key, f'{{"update_id": {key}}}'.encode(), clock.now(), conversation)


async def test_concurrent_arrivals_are_stored_once_each_and_claimed_for_their_first_attempt(
        core: Core, clock: FixedClock) -> None:
    journal = InboundJournal("telegram", core.uow, clock, "host-a:8080")
    try:
        keys = [str(n) for n in range(60)]
        stored = await asyncio.gather(*(journal.store(_arrival(k, clock)) for k in keys + keys[:10]))
        records = [record for record in stored if record is not None]
        assert len(records) == 60 and stored.count(None) == 10
        assert len({record.id for record in records}) == 60
        assert all((r.attempts, r.claimed_by, r.status) == (1, "host-a:8080", "pending") for r in records)
        assert await journal.store(_arrival("5", clock)) is None, "a redelivery"
        refused = await journal.store(Arrival("61", b"{}", clock.now(), "chat-1", InboundStatus.REFUSED, "refused: x"))
        assert refused is not None and (refused.attempts, refused.claimed_by) == (0, None), "nothing to process"
    finally:
        await journal.close()


async def test_a_settlement_stores_its_replies_once_however_often_it_is_written(core: Core, clock: FixedClock) -> None:
    journal = InboundJournal("telegram", core.uow, clock, "host-a:8080")
    try:
        record = await journal.store(_arrival("7", clock))
        assert record is not None

        def replies() -> list:
            return [outbox.reply(channel="telegram", address="chat-1", text=f"answer {n}", lang="en", key=f"7:{n}",
                                 now=clock.now()) for n in range(2)]

        sent = Sent([Delivered(ref="m1"), DeliveryFailed("telegram unavailable: 502")], core.dispatcher.record_sent)
        first = await journal.settle("7", Settlement(InboundStatus.DONE, "processed", replies=replies(), inline=True),
                                     sent=sent)
        assert [n.params["text"] for n in first] == ["answer 1"] and all(n.id for n in first), \
            "what was delivered needs no row; what was not waits in the outbox"
        (stored,) = await core.queries.notifications()
        assert (stored.params["text"], stored.status, stored.attempts) == ("answer 1", "pending", 1)
        again = await journal.settle("7", Settlement(InboundStatus.DONE, "processed", replies=replies(), inline=True),
                                     sent=sent)
        assert again == [], "a delivery processed again after a crash stores nothing twice"
        assert len(await core.queries.notifications()) == 1
        settled = await journal.read(record.id or 0)
        assert settled is not None and (settled.status, settled.outcome) == ("done", "processed")
        queued = await journal.settle("7", Settlement(InboundStatus.DONE, "processed", replies=[outbox.reply(
            channel="email", address="a@example.org", text="by the outbox", lang="en", key="7:mail", now=clock.now())]))
        assert [(n.status, n.attempts) for n in queued] == [("pending", 0)]
        assert len(await core.queries.notifications()) == 2
    finally:
        await journal.close()


async def test_claims_that_ran_out_are_taken_over_and_an_instance_takes_its_own_at_once(
        core: Core, clock: FixedClock) -> None:
    first = InboundJournal("email", core.uow, clock, "host-a:8025", lease_seconds=60)
    second = InboundJournal("email", core.uow, clock, "host-b:8025", lease_seconds=60)
    try:
        stored = [await first.store(_arrival(key, clock, conversation=f"{key}@example.org")) for key in "abc"]
        assert await second.claim(10) == [], "held by host-a"
        in_hand = stored[0].id  # type: ignore[union-attr]
        mine = await first.claim(10, take_own=True, exclude=[in_hand])  # type: ignore[list-item]
        assert [(r.dedup_key, r.attempts) for r in mine] == [("b", 2), ("c", 2)], "host-a restarted: at once"
        await first.settle("b", Settlement(InboundStatus.DONE, "processed"))
        clock.advance(seconds=61)
        taken = await second.claim(10)
        assert [(r.dedup_key, r.attempts, r.claimed_by) for r in taken] == [("a", 2, "host-b:8025"), ("c", 3, "host-b:8025")]
        await second.release("a", clock.now() + timedelta(seconds=30))
        assert await first.claim(10) == [], "released for later, not for now"
        clock.advance(seconds=31)
        assert [r.dedup_key for r in await first.claim(10)] == ["a"]
    finally:
        await first.close()
        await second.close()


async def test_two_processes_claiming_at_once_never_take_the_same_row(pg_core: Core, clock: FixedClock) -> None:
    writer = InboundJournal("slack", pg_core.uow, clock, "writer")
    claimers = [InboundJournal("slack", pg_core.uow, clock, f"claimer-{n}") for n in range(4)]
    try:
        await asyncio.gather(*(writer.store(Arrival(f"Ev{n}", b"{}", clock.now(), f"D{n % 7}")) for n in range(200)))
        clock.advance(seconds=writer.lease.total_seconds() + 1)
        rounds = await asyncio.gather(*(claimer.claim(30) for claimer in claimers for _ in range(3)))
        taken = [record.dedup_key for batch in rounds for record in batch]
        assert len(taken) == len(set(taken)) == 200
    finally:
        for journal in (writer, *claimers):
            await journal.close()
