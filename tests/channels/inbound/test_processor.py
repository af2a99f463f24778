"""The inbound processor on SQLite and PostgreSQL: a transient failure is tried again later, a
delivery that can never succeed is set aside at once, one that keeps failing (or keeps killing
its process) after the last attempt; the agents hear of each, and the deliveries behind it go on.
Each conversation's deliveries are handled in order; inline replies are sent at once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from channels.inbound.journal import Arrival, InboundJournal, Settlement
from channels.inbound.processor import InboundProcessor, ProcessingPolicy
from core import outbox
from core.dispatcher import LoggingNotifier
from core.model import InboundRecord
from core.runtime import Core
from core.status import InboundStatus
from tests.support.clock import FixedClock

POLICY = ProcessingPolicy(timeout_seconds=0.5, max_attempts=3, retry_seconds=10.0, sweep_seconds=3600)


class Channel:
    """What a channel hands the processor: its handler, here one the test steers."""

    def __init__(self, clock: FixedClock) -> None:
        self.clock = clock
        self.calls: list[str] = []
        self.failures: dict[str, list[BaseException]] = {}
        self.pauses: dict[str, asyncio.Event] = {}

    async def handle(self, record: InboundRecord, parsed: Any) -> Settlement:
        key = record.dedup_key
        self.calls.append(key)
        if key in self.pauses:
            await self.pauses[key].wait()
        failures = self.failures.get(key)
        if failures:
            raise failures.pop(0)
        reply = outbox.reply(channel="console", address=record.conversation or "", text=f"got {key}", lang="en",
                             key=f"{key}:0", now=self.clock.now())
        return Settlement(InboundStatus.DONE, f"processed {key}", replies=[reply], inline=True)


@pytest.fixture
async def journal(core: Core, clock: FixedClock) -> AsyncIterator[InboundJournal]:
    journal = InboundJournal("console", core.uow, clock, "host-a:8080", lease_seconds=60)
    yield journal
    await journal.close()


def processor_for(core: Core, journal: InboundJournal, channel: Channel, clock: FixedClock) -> InboundProcessor:
    return InboundProcessor(journal, channel.handle, dispatcher=core.dispatcher, clock=clock, policy=POLICY)


async def _store(journal: InboundJournal, clock: FixedClock, key: str, conversation: str = "alice") -> InboundRecord:
    record = await journal.store(Arrival(key, b"{}", clock.now(), conversation))
    assert record is not None
    return record


async def _row(journal: InboundJournal, record: InboundRecord) -> InboundRecord:
    found = await journal.read(record.id or 0)
    assert found is not None
    return found


def _said(core: Core) -> list[str]:
    console = core.registry.get("console")
    assert isinstance(console, LoggingNotifier)
    return [n.params["text"] for n in console.delivered]


def _alerts(core: Core) -> list[dict]:
    agents = core.registry.get("agents")
    assert isinstance(agents, LoggingNotifier)
    return [n.params for n in agents.delivered if n.kind == "inbound_set_aside"]


async def test_a_transient_failure_is_tried_again_without_counting_an_attempt(core: Core, journal: InboundJournal,
                                                                             clock: FixedClock) -> None:
    channel = Channel(clock)
    channel.failures["m1"] = [OperationalError("SELECT 1", {}, Exception("database is locked"))] * 5
    processor = processor_for(core, journal, channel, clock)
    record = await _store(journal, clock, "m1")
    await processor.submit(record)
    row = await _row(journal, record)
    assert (row.status, row.claimed_by, row.attempts) == ("pending", None, 0), "the storage failed, not the message"
    assert row.claimed_until and row.claimed_until > clock.now()
    assert await processor.sweep() == 0, "not before its pause"
    for _ in range(5):  # the database is away for a while: more tries than attempts allowed
        clock.advance(seconds=15)
        assert await processor.sweep() == 1
        await processor.drain()
    row = await _row(journal, record)
    assert (row.status, row.attempts, row.outcome) == ("done", 1, "processed m1")
    assert _said(core) == ["got m1"], "its reply, sent once"


async def test_a_delivery_the_storage_keeps_failing_is_set_aside_after_a_day(core: Core, journal: InboundJournal,
                                                                            clock: FixedClock) -> None:
    channel = Channel(clock)
    channel.failures["m1"] = [OSError("connection refused")] * 3
    processor = processor_for(core, journal, channel, clock)
    record = await _store(journal, clock, "m1")
    await processor.submit(record)
    clock.advance(hours=25)
    assert await processor.sweep() == 1
    await processor.drain()
    await core.dispatcher.run_until_idle()
    row = await _row(journal, record)
    assert row.status == "failed" and "still failing after 25 h: OSError" in (row.outcome or "")
    assert len(_alerts(core)) == 1


async def test_a_delivery_that_can_never_succeed_is_set_aside_at_once_and_the_queue_goes_on(
        core: Core, journal: InboundJournal, clock: FixedClock) -> None:
    channel = Channel(clock)
    channel.failures["bad"] = [ValueError("a body nobody can read")]
    processor = processor_for(core, journal, channel, clock)
    bad, good = await _store(journal, clock, "bad"), await _store(journal, clock, "good")
    processor.submit(bad)
    processor.submit(good)
    await processor.drain()
    await core.dispatcher.run_until_idle()
    assert channel.calls == ["bad", "good"]
    row = await _row(journal, bad)
    assert row.status == "failed" and row.outcome == "failed: ValueError: a body nobody can read"
    assert (await _row(journal, good)).status == "done"
    (alert,) = _alerts(core)
    assert (alert["inbound_id"], alert["channel"], alert["attempts"]) == (bad.id, "console", 1)


async def test_a_delivery_that_hangs_is_cut_at_its_time_limit_and_set_aside_after_the_last_attempt(
        core: Core, journal: InboundJournal, clock: FixedClock) -> None:
    channel = Channel(clock)
    channel.pauses["stuck"] = asyncio.Event()  # never set: the handler hangs every time
    processor = processor_for(core, journal, channel, clock)
    record = await _store(journal, clock, "stuck")
    await processor.submit(record)
    row = await _row(journal, record)
    assert (row.status, row.claimed_by, row.attempts) == ("pending", None, 1), "given back; the attempt counts"
    for _ in range(POLICY.max_attempts - 1):
        clock.advance(minutes=5)
        assert await processor.sweep() == 1
        await processor.drain()
    await core.dispatcher.run_until_idle()
    row = await _row(journal, record)
    assert (row.status, row.attempts) == ("failed", 3) and "not processed within 0.5 s" in (row.outcome or "")
    assert channel.calls == ["stuck"] * 3 and len(_alerts(core)) == 1


async def test_a_delivery_that_killed_its_process_on_every_attempt_is_set_aside_unread(
        core: Core, journal: InboundJournal, clock: FixedClock) -> None:
    """A message that freezes or crashes the process never gets to settle: every restart claims
    it again, one more attempt each time, until the claim finds the attempts used up."""
    channel = Channel(clock)
    record = await _store(journal, clock, "poison")  # attempt 1: the process died with it
    for _ in range(POLICY.max_attempts - 1):  # restarts 2 and 3 died too
        clock.advance(minutes=2)
        assert len(await journal.claim(10)) == 1
    clock.advance(minutes=2)
    processor = processor_for(core, journal, channel, clock)
    await processor.start()  # restart 4
    await processor.drain()
    await processor.stop()
    row = await _row(journal, record)
    assert channel.calls == [], "not handled a fourth time"
    assert row.status == "failed" and "3 attempts did not finish" in (row.outcome or "")
    await core.dispatcher.run_until_idle()
    assert len(_alerts(core)) == 1


async def test_each_conversation_in_order_and_others_meanwhile(core: Core, journal: InboundJournal,
                                                               clock: FixedClock) -> None:
    channel = Channel(clock)
    channel.pauses["alice-1"] = gate = asyncio.Event()
    processor = processor_for(core, journal, channel, clock)
    first, second = await _store(journal, clock, "alice-1"), await _store(journal, clock, "alice-2")
    other = await _store(journal, clock, "bob-1", conversation="bob")
    for record in (first, second, other):
        processor.submit(record)
    for _ in range(20):
        await asyncio.sleep(0.01)
    assert channel.calls == ["alice-1", "bob-1"], "alice's second waits for her first; bob does not"
    gate.set()
    await processor.drain()
    assert channel.calls == ["alice-1", "bob-1", "alice-2"]



async def test_a_stop_finishes_what_it_can_and_gives_back_what_it_cut_short(core: Core, journal: InboundJournal,
                                                                           clock: FixedClock) -> None:
    """Another process sharing the database takes what a stopping one cut short at once, not after
    the claim's lease; what finished within the grace period is settled with its replies."""
    channel = Channel(clock)
    channel.pauses["alice-1"] = asyncio.Event()  # hangs past the grace period
    processor = processor_for(core, journal, channel, clock)
    hanging, quick = await _store(journal, clock, "alice-1"), await _store(journal, clock, "bob-1", conversation="bob")
    processor.submit(hanging)
    processor.submit(quick)
    await processor.stop(grace_seconds=0.2)
    assert (await _row(journal, quick)).status == InboundStatus.DONE
    assert _said(core) == ["got bob-1"]
    cut = await _row(journal, hanging)
    assert (cut.status, cut.claimed_by, cut.attempts) == (InboundStatus.PENDING, None, 0), "given back, not counted"
    other = InboundJournal("console", core.uow, clock, "host-b:8080", lease_seconds=60)
    clock.advance(seconds=1)  # a moment later, well within the lease the claim had
    try:
        assert [r.dedup_key for r in await other.claim(10)] == ["alice-1"], "taken by another process at once"
    finally:
        await other.close()


async def test_a_conversation_keeps_its_order_across_processes_sharing_the_database(core: Core,
                                                                                     clock: FixedClock) -> None:
    """Alice's two messages reach two processes: the second waits until the first is settled
    elsewhere (the conversation's lock alone would let it go first); Bob's is not held up."""
    here = InboundJournal("console", core.uow, clock, "host-a:8080", lease_seconds=60, shared=True)
    there = InboundJournal("console", core.uow, clock, "host-b:8080", lease_seconds=60, shared=True)
    channel_here, channel_there = Channel(clock), Channel(clock)
    channel_here.pauses["alice-1"] = gate = asyncio.Event()
    first_process = processor_for(core, here, channel_here, clock)
    second_process = processor_for(core, there, channel_there, clock)
    try:
        first = await _store(here, clock, "alice-1")
        second, bob = await _store(there, clock, "alice-2"), await _store(there, clock, "bob-1", conversation="bob")
        first_process.submit(first)
        second_process.submit(second)
        second_process.submit(bob)
        for _ in range(20):
            await asyncio.sleep(0.02)
        assert (channel_here.calls, channel_there.calls) == (["alice-1"], ["bob-1"])
        gate.set()
        await first_process.drain()
        await second_process.drain()
        assert channel_there.calls == ["bob-1", "alice-2"]
        assert _said(core) == ["got bob-1", "got alice-1", "got alice-2"]
    finally:
        await here.close()
        await there.close()


async def test_a_row_handed_over_whole_is_processed_once_even_when_a_sweep_took_it(
        core: Core, journal: InboundJournal, clock: FixedClock) -> None:
    """A worker process gets each stored row over its pipe (channels.inbound.worker_process) and,
    at its start, sweeps what is pending: a row taken both ways is processed once."""
    from channels.inbound.worker_process import handed_over, taken_over

    channel = Channel(clock)
    processor = processor_for(core, journal, channel, clock)
    swept = await _store(journal, clock, "swept")
    assert await processor.sweep(take_own=True) == 1
    handed = await _store(journal, clock, "handed")
    for record in (swept, handed):
        await processor.submit_handed_over(taken_over(handed_over(record).decode()))
    await processor.drain()
    assert channel.calls == ["swept", "handed"]
    assert _said(core) == ["got swept", "got handed"]


async def test_a_row_handed_over_after_its_claim_ran_out_is_read_back(
        core: Core, journal: InboundJournal, clock: FixedClock) -> None:
    """Its claim over, another process may have taken and settled the row: what the database
    says counts, not the copy that came over the pipe."""
    channel = Channel(clock)
    processor = processor_for(core, journal, channel, clock)
    record = await _store(journal, clock, "late")
    await journal.settle("late", Settlement(InboundStatus.DONE, "processed elsewhere"))
    clock.current += journal.lease * 2
    await processor.submit_handed_over(record)
    await processor.drain()
    assert channel.calls == [] and (await _row(journal, record)).outcome == "processed elsewhere"
