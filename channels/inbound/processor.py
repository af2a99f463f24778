"""Processing stored deliveries: each under a claim, in order per conversation, within a time
limit; settled with its replies; retried when the failure was transient; set aside after too many
attempts or at once when it can never succeed, with the agents told, so the queue goes on. Rows
left pending by a crash are taken over at start and by periodic sweeps."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from channels.inbound.failures import is_transient
from channels.inbound.journal import InboundJournal, Sent, Settlement
from channels.app.background import cancel_and_wait
from config.settings import Settings
from core import outbox
from core.dispatcher import Dispatcher
from core.model import InboundRecord, Notification
from core.ports import Clock
from core.status import InboundStatus
from core.tracebacks import where_it_failed

log = logging.getLogger(__name__)
Handler = Callable[[InboundRecord, Any], Awaitable[Settlement]]
SWEEP_BATCH = 200
ORDER_POLL_SECONDS = 0.02
SWEPT_KEPT = 10_000
SETTLE_TRIES = 8  # about five seconds of a database that keeps dropping connections


@dataclass(frozen=True, slots=True)
class ProcessingPolicy:
    """:param timeout_seconds: one attempt's time limit (the claim lasts longer: the journal's lease)
    :param max_attempts: attempts that end at the time limit, or with their process, before a
        delivery is set aside
    :param retry_seconds: the shortest pause before a delivery is tried again
    :param give_up_seconds: how long a delivery is tried again while storage or the network fail
    :param concurrency: deliveries processed at once (each conversation's one at a time)
    :param sweep_seconds: how often rows left pending are looked for"""

    timeout_seconds: float = 30.0
    max_attempts: int = 3
    retry_seconds: float = 5.0
    give_up_seconds: float = 24 * 3600.0
    concurrency: int = 8
    sweep_seconds: float = 30.0


def processing_policy(settings: Settings, *, concurrency: int = 8) -> ProcessingPolicy:
    return ProcessingPolicy(timeout_seconds=settings.inbound_timeout_seconds, max_attempts=settings.inbound_max_attempts,
                            concurrency=concurrency)


class InboundProcessor:
    """Runs ``handle`` for each delivery of one channel's journal. ``handle(record, parsed)`` gets
    the stored row and what the channel parsed of it on arrival (None after a restart) and
    returns the :class:`Settlement`; ``on_queued(count)`` hears of replies left to the outbox, and
    ``on_done(record, settlement, replies queued)`` of every delivery settled."""

    def __init__(self, journal: InboundJournal, handle: Handler, *, dispatcher: Dispatcher, clock: Clock,
                 policy: ProcessingPolicy = ProcessingPolicy(),
                 on_queued: Callable[[int], None] | None = None,
                 on_done: Callable[[InboundRecord, Settlement, int], None] | None = None) -> None:
        self.journal = journal
        self.channel = journal.channel
        self.policy = policy
        self._handle = handle
        self._dispatcher = dispatcher
        self._clock = clock
        self._on_queued = on_queued or (lambda count: dispatcher.wake())
        self._on_done = on_done
        self._slots = asyncio.Semaphore(policy.concurrency)
        self._tails: dict[str, asyncio.Task[None]] = {}
        self._in_flight: dict[int, asyncio.Task[None]] = {}
        self._records: dict[int, InboundRecord] = {}  # the rows of the deliveries in flight
        self._sweeper: asyncio.Task[None] | None = None
        self._took_own = False  # this owner's leftovers from before a restart were taken up
        self._sweep_soon = asyncio.Event()  # a released delivery is due again
        # rows this process's sweeps took, oldest first (submit_handed_over): a line for one comes
        # right after the sweep or never, so the oldest are forgotten past SWEPT_KEPT
        self._swept: dict[int, None] = {}

    def submit(self, record: InboundRecord, parsed: Any = None) -> asyncio.Task[None]:
        """Process ``record`` (claimed by this process) after the earlier deliveries of its
        conversation; a record already in hand is not taken twice."""
        assert record.id is not None
        running = self._in_flight.get(record.id)
        if running is not None:
            return running
        conversation = record.conversation or f"#{record.id}"
        previous = self._tails.get(conversation)
        task = asyncio.create_task(self._after(previous, record, parsed), name=f"{self.channel}-inbound-{record.id}")
        self._in_flight[record.id] = task
        self._records[record.id] = record
        self._tails[conversation] = task

        def finished(done: asyncio.Task[None]) -> None:
            self._in_flight.pop(record.id or 0, None)
            self._records.pop(record.id or 0, None)
            if self._tails.get(conversation) is done:
                del self._tails[conversation]

        task.add_done_callback(finished)
        return task

    async def submit_id(self, record_id: int) -> None:
        """Process the row ``record_id`` if it is still pending and held by this process's owner
        (another process stored it for us: the email worker process hears only ids)."""
        if record_id in self._in_flight:
            return
        record = await self.journal.read(record_id)
        if record is None or record.status != InboundStatus.PENDING or record.claimed_by != self.journal.owner:
            return
        self.submit(record)

    async def submit_handed_over(self, record: InboundRecord) -> None:
        """Process ``record`` as another process stored it, claimed for this owner, and handed it
        over whole (a worker process): as :meth:`submit_id` without reading it back, unless a
        sweep here took it already, or its claim ran out before it came (it is read back then:
        another process may hold it now)."""
        assert record.id is not None
        if record.id in self._swept:
            del self._swept[record.id]
            return
        if record.claimed_until is None or record.claimed_until <= self._clock.now():
            await self.submit_id(record.id)
            return
        self.submit(record)

    async def sweep(self, *, take_own: bool = False) -> int:
        """Take over pending rows nobody holds (with ``take_own``, also this owner's from before a
        restart); returns how many were submitted."""
        total = 0
        while True:
            claimed = await self.journal.claim(SWEEP_BATCH, take_own=take_own, exclude=list(self._in_flight))
            for record in claimed:
                self.submit(record)
                self._swept[record.id or 0] = None
            while len(self._swept) > SWEPT_KEPT:
                del self._swept[next(iter(self._swept))]
            total += len(claimed)
            if len(claimed) < SWEEP_BATCH:
                break
        if total:
            log.info("%s: %d stored deliver%s left unprocessed taken up again", self.channel, total,
                     "y" if total == 1 else "ies")
        return total

    async def start(self) -> None:
        """Take this owner's leftovers now (or, with the database away, at the next sweep), then
        sweep periodically."""
        try:
            await self.sweep(take_own=True)
            self._took_own = True
        except Exception as error:
            log.warning("%s: stored deliveries could not be looked at (%s); trying again in %g s", self.channel,
                        type(error).__name__, self.policy.sweep_seconds)
        self._sweeper = asyncio.create_task(self._sweep_forever(), name=f"{self.channel}-inbound-sweep")

    async def stop(self, grace_seconds: float = 10.0) -> None:
        """Stop sweeping; let the deliveries in hand finish for ``grace_seconds``. What is cut
        short stays pending and its claim is given back, so that another process sharing the
        database takes it at once (or this one at its next start), not after the lease."""
        await cancel_and_wait([self._sweeper])
        running = list(self._in_flight.values())
        if running:
            await asyncio.wait(running, timeout=grace_seconds)
        cut = list(self._records.values())
        await cancel_and_wait(list(self._in_flight.values()))
        for record in cut:
            try:
                await self.journal.release(record.dedup_key, self._clock.now(), refund=True)
            except Exception as error:  # the claim runs out instead
                log.warning("%s delivery %s: its claim could not be given back (%s)", self.channel, record.id,
                            type(error).__name__)
        if cut:
            log.info("%s: %d deliver%s cut short at stop given back to the journal", self.channel, len(cut),
                     "y" if len(cut) == 1 else "ies")

    async def drain(self) -> None:
        """Wait until every delivery in hand is processed (tests, shutdown)."""
        while self._in_flight:
            await asyncio.gather(*list(self._in_flight.values()), return_exceptions=True)

    @property
    def in_flight(self) -> int:
        return len(self._in_flight)

    async def _sweep_forever(self) -> None:
        while True:
            try:
                async with asyncio.timeout(self.policy.sweep_seconds):
                    await self._sweep_soon.wait()
            except TimeoutError:
                pass
            self._sweep_soon.clear()
            try:
                await self.sweep(take_own=not self._took_own)
                self._took_own = True
            except asyncio.CancelledError:
                raise
            except Exception as error:
                log.warning("%s: sweep of stored deliveries failed (%s); trying again later", self.channel,
                            type(error).__name__)

    async def _after(self, previous: asyncio.Task[None] | None, record: InboundRecord, parsed: Any) -> None:
        if previous is not None:
            await asyncio.wait([previous])
        if self.journal.shared:
            await self._after_earlier_elsewhere(record)
        async with self._slots:
            try:
                await self._process(record, parsed)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # storage away while setting it aside: the claim runs out, a sweep retries
                log.warning("%s delivery %s left pending: %s", self.channel, record.id, type(error).__name__)

    async def _after_earlier_elsewhere(self, record: InboundRecord) -> None:
        """Wait while an earlier delivery of the same conversation is in another process's hands
        (or due): two messages sent one after the other may reach two processes, and the
        conversation's lock alone would let the later one go first. Waited for at most one
        attempt's time limit (its holder may have died: its claim ends later), then processed."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.policy.timeout_seconds
        while True:
            try:
                earlier = await self.journal.earlier_in_hand(record, exclude=list(self._in_flight))
            except asyncio.CancelledError:
                raise
            except Exception:  # the storage is away: processing meets it and handles it
                return
            if not earlier:
                return
            if loop.time() >= deadline:
                log.warning("%s delivery %s: an earlier one of its conversation is still in hand elsewhere after "
                            "%g s; processed now", self.channel, record.id, self.policy.timeout_seconds)
                return
            await asyncio.sleep(ORDER_POLL_SECONDS)

    async def _process(self, record: InboundRecord, parsed: Any) -> None:
        policy = self.policy
        if record.attempts > policy.max_attempts:  # earlier attempts died with their process
            await self._set_aside(record, f"set aside: {record.attempts - 1} attempts did not finish (the process "
                                          "stopped or hung while handling it)")
            return
        limit = asyncio.timeout(policy.timeout_seconds)
        try:
            async with limit:
                settlement = await self._handle(record, parsed)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            await self._failed(record, error, timed_out=limit.expired())
            return
        sent = None
        if settlement.inline and settlement.replies:  # the person is waiting: answered before anything else
            sent = Sent(await self._dispatcher.send_now(settlement.replies), self._dispatcher.record_sent)
        try:
            await self._conclude(record, settlement, sent)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            await self._failed(record, error, timed_out=False)

    async def _failed(self, record: InboundRecord, error: Exception, *, timed_out: bool) -> None:
        """A time limit reached counts as an attempt (the message may be what hangs); a failure of
        the database, Redis or the network does not (the message is not at fault): it is tried
        again after a pause that grows with its age, for up to ``give_up_seconds``; anything
        else will fail the same way again, so it is set aside at once."""
        policy, now = self.policy, self._clock.now()
        if timed_out:
            reason = f"not processed within {policy.timeout_seconds:g} s"
            if record.attempts >= policy.max_attempts:
                await self._set_aside(record, f"set aside after {record.attempts} attempts: {reason}")
                return
            delay = policy.retry_seconds * 2 ** (record.attempts - 1)
            log.warning("%s delivery %s: attempt %d %s; trying again in %.0f s", self.channel, record.id,
                        record.attempts, reason, delay)
            await self._release(record, delay, refund=False)
        elif is_transient(error):
            age = (now - record.received_at).total_seconds()
            if age > policy.give_up_seconds:
                await self._set_aside(record, f"set aside: still failing after {age / 3600:.0f} h: {_describe(error)}")
                return
            delay = min(max(policy.retry_seconds, age / 10), 300.0) * random.uniform(0.8, 1.2)
            log.warning("%s delivery %s: %s (storage or network away); trying again in %.0f s", self.channel,
                        record.id, type(error).__name__, delay)
            await self._release(record, delay, refund=True)
        else:
            log.error("%s delivery %s failed: %s\n%s", self.channel, record.id, type(error).__name__,
                      where_it_failed(error))
            await self._set_aside(record, f"failed: {_describe(error)}")

    async def _release(self, record: InboundRecord, delay: float, *, refund: bool) -> None:
        try:
            await self.journal.release(record.dedup_key, self._clock.now() + timedelta(seconds=delay), refund=refund)
        except Exception as error:  # the database is still away: the claim runs out and a sweep takes it
            log.warning("%s delivery %s left pending under its claim: %s", self.channel, record.id,
                        type(error).__name__)
            return
        self._wake_sweeper(delay)

    def _wake_sweeper(self, delay: float) -> None:
        asyncio.get_running_loop().call_later(delay, self._sweep_soon.set)

    async def _conclude(self, record: InboundRecord, settlement: Settlement, sent: Sent | None = None) -> None:
        """Settle ``record``; replies left to the outbox dispatcher wake it. Once replies went
        out, a connection the database dropped is retried at once: settling later, after a
        replay, would send them again."""
        for attempt in range(SETTLE_TRIES):
            try:
                queued = await self.journal.settle(record.dedup_key, settlement, sent=sent)
                break
            except Exception as error:
                if sent is None or not is_transient(error) or attempt == SETTLE_TRIES - 1:
                    raise
                await asyncio.sleep(0.02 * 2 ** attempt)
        level = logging.DEBUG if settlement.status is InboundStatus.DONE else logging.INFO
        log.log(level, "%s delivery %s %s", self.channel, record.id, settlement.status)
        if self._on_done is not None:
            try:
                self._on_done(record, settlement, len(queued))
            except Exception as error:  # a listener's trouble is not the delivery's: it is settled
                log.warning("%s delivery %s: the settled listener failed (%s)", self.channel, record.id,
                            type(error).__name__)
        if queued and sent is None:
            self._on_queued(len(queued))

    async def _set_aside(self, record: InboundRecord, outcome: str) -> None:
        log.error("%s delivery %s set aside after %d attempt(s); agents are told", self.channel, record.id,
                  record.attempts)
        alert = _alert(self.channel, record, outcome, self._clock)
        await self._conclude(record, Settlement(InboundStatus.FAILED, outcome, replies=(alert,)))


def _alert(channel: str, record: InboundRecord, outcome: str, clock: Clock) -> Notification:
    return outbox.for_agents(None, "inbound_set_aside", clock.now(), key=f"inbound:{channel}:{record.id}",
                             channel=channel, inbound_id=record.id, attempts=record.attempts, error=outcome[:300])


def _describe(error: BaseException) -> str:
    text = str(error).splitlines()[0] if str(error) else ""
    return f"{type(error).__name__}: {text}"[:1000] if text else type(error).__name__
